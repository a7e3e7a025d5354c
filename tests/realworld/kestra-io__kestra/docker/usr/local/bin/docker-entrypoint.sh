#!/usr/bin/env sh

set -e

exec /app/kestra "$@"
