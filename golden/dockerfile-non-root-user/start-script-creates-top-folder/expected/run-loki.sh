#!/bin/sh
mkdir -p /data/loki
exec loki -config.file=/app/loki.yaml
