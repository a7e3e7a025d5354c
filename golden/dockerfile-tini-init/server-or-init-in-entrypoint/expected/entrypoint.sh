#!/bin/sh
set -eu
if [ "$SUPERVISED" = "True" ]; then
  exec supervisord -c /etc/supervisord-all.conf
else
  exec uwsgi --http :8080 uwsgi.ini
fi
