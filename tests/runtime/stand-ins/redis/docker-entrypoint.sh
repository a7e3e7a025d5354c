#!/bin/sh
set -e
# As the official redis image: options go to redis-server; as root, own /data and drop to redis.
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
  find . \! -user redis -exec chown redis '{}' + 2>/dev/null || true
  exec gosu redis "$0" "$@"
fi
exec "$@"
