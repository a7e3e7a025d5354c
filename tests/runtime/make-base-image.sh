#!/usr/bin/env bash
# Makes the `debian:bookworm-slim` base image the runtime tests build on, from Debian's packages
# (no registry needed): debootstrap a minimal Debian, then `docker import`. Does nothing when the
# image exists or there is no Docker engine; needs root for debootstrap.
set -euo pipefail
image=debian:bookworm-slim
if ! docker info >/dev/null 2>&1; then
  echo "no Docker engine: the runtime tests will print SKIPPED"
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
