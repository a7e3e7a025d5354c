#!/bin/sh
# The URL the bundle was built with is replaced by the one it runs with.
scripts/replace-url.sh "$BUILT_URL" "$PUBLIC_URL"
exec node server.js
