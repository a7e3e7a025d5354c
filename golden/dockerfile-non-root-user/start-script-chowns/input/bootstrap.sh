#!/usr/bin/env bash
mkdir -p data
python manage.py migrate
# Ensure folders are owned by the right user
chown -R www-data: /srv/app/data
exec uwsgi --http :9090 uwsgi.ini
