#!/bin/sh
# Starts as root, prepares its data folder, then drops to `worker` (as postgres and redis do).
set -e
if [ "$(id -u)" = 0 ]; then
  chown -R worker /data
  exec gosu worker "$0" "$@"
fi
exec "$@"
