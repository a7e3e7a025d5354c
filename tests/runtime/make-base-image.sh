#!/usr/bin/env bash
# Makes the base image the runtime tests build on, from Debian's packages (no registry needed):
# debootstrap a minimal Debian, then `docker import`. It lives under the `dockfix-test/` namespace
# so that it never takes the name of an image of the user's own (`debian:bookworm-slim`); the
# tests rewrite their FROM lines to it. Does nothing when the image exists or there is no Docker
# engine; needs root for debootstrap. Also makes the stand-in Python image from it (below).
set -euo pipefail
image=dockfix-test/debian:bookworm-slim
if ! docker info >/dev/null 2>&1; then
  echo "no Docker engine: the runtime tests will print SKIPPED (and fail under CI=true)"
  exit 0
fi
if ! docker image inspect "$image" >/dev/null 2>&1; then
  if ! command -v debootstrap >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq debootstrap) >/dev/null || { echo "cannot install debootstrap: runtime tests will skip"; exit 0; }
  fi
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
  tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$image" >/dev/null
  echo "made $image from Debian's packages"
fi

# A stand-in for `python:3.11-slim`: Debian's python3 (with venv and pip), `python` on the path,
# and pip allowed to install into the system as in the official image (no EXTERNALLY-MANAGED).
python_image=dockfix-test/python:3.11-slim
if ! docker image inspect "$python_image" >/dev/null 2>&1; then
  context=$(mktemp -d)
  cat > "$context/Dockerfile" <<DOCKERFILE
FROM $image
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv python3-pip python-is-python3 \
 && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED && rm -rf /var/lib/apt/lists/*
CMD ["python3"]
DOCKERFILE
  if docker build -q -t "$python_image" "$context" >/dev/null; then
    echo "made $python_image from Debian's packages"
  else
    echo "could not make $python_image: the Python runtime test will fail under CI=true"
  fi
  rm -rf "$context"
fi

# Stand-ins for the other images the runtime stacks name (tests/runtime/stand-ins/*/), each tagged
# `dockfix-test/<name>:stand-in` and labelled with a hash of its folder: made once per machine,
# and again only when its files change. Built in parallel (apt inside builds reaches Debian).
here=$(cd "$(dirname "$0")" && pwd)
pids=()
for folder in "$here"/stand-ins/*/; do
  name=$(basename "$folder")
  tag="dockfix-test/$name:stand-in"
  hash=$(cd "$folder" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  if [ "$(docker image inspect -f '{{ index .Config.Labels "dockfix.stand-in" }}' "$tag" 2>/dev/null)" = "$hash" ]; then
    continue
  fi
  (
    if docker build -q --label "dockfix.stand-in=$hash" -t "$tag" "$folder" >/dev/null 2>"/tmp/dockfix-stand-in-$name.log"; then
      echo "made $tag from Debian's packages"
    else
      echo "could not make $tag (see /tmp/dockfix-stand-in-$name.log): the runtime stacks will fail under CI=true"
    fi
  ) &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
