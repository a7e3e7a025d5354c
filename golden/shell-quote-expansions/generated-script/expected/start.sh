#!/bin/sh
set -e
cp /etc/app/defaults.conf "$CONFIG_DIR"/app.conf
exec app --config "$CONFIG_DIR"/app.conf
