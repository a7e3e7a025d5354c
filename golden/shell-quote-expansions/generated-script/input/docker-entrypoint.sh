#!/bin/bash
# This file is auto-generated. Do not edit directly!
set -eo pipefail

if [ "${1}" != "start.sh" ]; then
    exec "$@"
fi
echo "connecting to $HOST"
cp /etc/app/defaults.conf $CONFIG_DIR/app.conf
exec "$@"
