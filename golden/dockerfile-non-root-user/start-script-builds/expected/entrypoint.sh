#!/bin/bash
set -e
if [ "$1" = "gunicorn" ]; then
    python manage.py migrate
    python manage.py compile_themes
    python manage.py collectstatic --no-input
fi
exec "$@"
