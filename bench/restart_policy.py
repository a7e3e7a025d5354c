#!/usr/bin/env python3
"""Measures `dockfix apply --yes --only compose-restart-policy` over the corpus, with PyYAML as an
independent judge: existing lines changed, lines added, services lacking a policy before, lines
placed after a blank line or a comment, services still lacking a policy after, and whether a
second run is quiet.

Usage: python3 bench/restart_policy.py [CORPUS]   (needs `pip install pyyaml`)
"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Loader(yaml.SafeLoader):
    pass


def compose_files(root):
    for folder, _, names in os.walk(root):
        for name in names:
            if name.lower().endswith((".yml", ".yaml")):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                if any(line.startswith("services:") for line in text.splitlines()):
                    yield path, text


def lacking(text):
    """Services with no restart policy (merge keys resolved by PyYAML), minus one-shot jobs."""
    doc = yaml.load(text, Loader=Loader) or {}
    services = doc.get("services") or {}
    one_shot = set()
    for spec in services.values():
        deps = (spec or {}).get("depends_on") if isinstance(spec, dict) else None
        if isinstance(deps, dict):
            for name, cond in deps.items():
                if isinstance(cond, dict) and cond.get("condition") == "service_completed_successfully":
                    one_shot.add(name)
    out = []
    for name, spec in services.items():
        if not isinstance(spec, dict) or name in one_shot or "extends" in spec:
            continue
        if "restart" in spec or "restart_policy" in (spec.get("deploy") or {}):
            continue
        out.append(name)
    return out


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "corpus")
    binary = os.path.join(ROOT, "target", "release", "dockfix")
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, "corpus")
        shutil.copytree(corpus, work)
        before = dict(compose_files(work))
        need = {p: lacking(t) for p, t in before.items()}
        args = [binary, "apply", "--yes", "--only", "compose-restart-policy", work, *before.keys()]
        run = subprocess.run(args, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(run.stderr)
        changed = added = after_blank = after_comment = still = 0
        for path, old in before.items():
            with open(path, encoding="utf-8") as f:
                new = f.read()
            old_lines, new_lines = old.splitlines(), new.splitlines()
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
                if tag in ("replace", "delete"):
                    changed += i2 - i1
                if tag in ("replace", "insert"):
                    added += j2 - j1
                    previous = new_lines[j1 - 1].strip() if j1 > 0 else ""
                    after_blank += previous == ""
                    after_comment += previous.startswith("#")
            still += len(lacking(new))
        noted = run.stderr.count("note:")
        again = subprocess.run(args[:2] + ["--dry-run"] + args[3:], capture_output=True, text=True)
    print(f"compose files: {len(before)}; services lacking a policy before: {sum(map(len, need.values()))}")
    print(f"lines added: {added}; existing lines changed: {changed}")
    print(f"added after a blank line: {after_blank}; after a comment: {after_comment}")
    print(f"services still lacking a policy: {still} (notes printed: {noted})")
    print(f"second run: exit {again.returncode} ({'quiet' if again.returncode == 0 else 'proposes more'})")


if __name__ == "__main__":
    main()
