#!/bin/sh
set -e
WORKERS="--workers 4 --threads 2"
if [ -z "$1" ]; then
  exec gunicorn $WORKERS $GUNICORN_CMD_ARGS app:app
fi
exec $@
