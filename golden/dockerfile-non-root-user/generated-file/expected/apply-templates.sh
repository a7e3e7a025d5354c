#!/usr/bin/env bash
set -Eeuo pipefail
# Fills Dockerfile.template in for every version folder.
for version in 1.0; do
	sed -e "s/%%VERSION%%/$version/" Dockerfile.template > "$version/alpine/Dockerfile"
done
