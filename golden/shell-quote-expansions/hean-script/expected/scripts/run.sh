#!/usr/bin/env bash
set -euo pipefail

mkdir -p "$DATA_DIR"/logs   # logs live next to the data
if [[ -n $RESUME ]]; then
  cp "$DATA_DIR"/state.json "$DATA_DIR"/state.json.bak
fi
exec python -m bot --data-dir "$DATA_DIR" > "$DATA_DIR"/logs/bot.log 2>&1
