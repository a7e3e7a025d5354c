#!/bin/sh
set -e
get_addr () {
    local if_name=$1
    ip addr show dev "$if_name"
}
: ${PHP_TZ:="Europe/Riga"}
if [ -n "$REDIRECT_INTERFACE" ]; then
    echo "using $(get_addr "$REDIRECT_INTERFACE" ${REDIRECT_ADDR:-"http://0.0.0.0:8200"})"
fi
exec app ${EXTRA_PORT:+--port "$EXTRA_PORT"} "$@"
