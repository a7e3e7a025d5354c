#!/bin/sh
# Unhealthy when the heartbeat file is older than five minutes.
HEARTBEAT=${HEARTBEAT_FILE:-/tmp/heartbeat}
AGE=$(( $(date +%s) - $(stat -c %Y $HEARTBEAT) ))
if [ $AGE -gt 300 ]; then
    echo "heartbeat is $AGE seconds old" >&2
    exit 1
fi
