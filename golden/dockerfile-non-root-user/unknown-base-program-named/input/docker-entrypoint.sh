#!/bin/sh
echo "window.BASE_URL = '${BASE_URL:-http://localhost:8080}';" > "$CATALINA_HOME/webapps/ROOT/config.js"
exec "$@"
