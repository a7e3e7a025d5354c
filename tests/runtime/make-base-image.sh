#!/usr/bin/env bash
# Makes the base image the runtime tests build on, from Debian's packages (no registry needed):
# debootstrap a minimal Debian, then `docker import`. It lives under the `dockfix-test/` namespace
# so that it never takes the name of an image of the user's own (`debian:bookworm-slim`); the
# tests rewrite their FROM lines to it. Does nothing when the image exists or there is no Docker
# engine; needs root for debootstrap.
set -euo pipefail
image=dockfix-test/debian:bookworm-slim
if ! docker info >/dev/null 2>&1; then
  echo "no Docker engine: the runtime tests will print SKIPPED (and fail under CI=true)"
  exit 0
fi
if docker image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq debootstrap) >/dev/null || { echo "cannot install debootstrap: runtime tests will skip"; exit 0; }
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$image" >/dev/null
echo "made $image from Debian's packages"
