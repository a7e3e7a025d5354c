#!/usr/bin/dumb-init /bin/sh
set -e
# dumb-init runs this script as PID 1's child and reaps zombies.
if [ "$1" = 'server' ]; then
    set -- su-exec app /usr/local/bin/app "$@"
fi
exec "$@"
