#!/bin/sh
set -e
PUID=${PUID:-1000}
PGID=${PGID:-1000}
# POSIX sh splits the arguments of export; a plain assignment it does not.
export APP_HOME=${APP_HOME:-/srv}
chown -R ${PUID}:${PGID} /data
if [ "$(id -u)" = "0" ]; then
  # The user su-exec takes is one word; what follows it is the command line.
  exec su-exec ${PUID}:${PGID} $START "$@"
fi
exec "$@"
