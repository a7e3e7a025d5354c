#!/bin/sh
set -eu
if [ "${DOCKER_USER-}" ]; then
  echo "running as $DOCKER_USER"
fi
exec dumb-init /usr/bin/app-server "$@"
