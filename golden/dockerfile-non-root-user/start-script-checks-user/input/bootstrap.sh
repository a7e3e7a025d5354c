#!/bin/sh
if [ "$(id -u)" = "0" ]; then
  chown -R www-data: /srv/app/data
fi
exec python -m app
