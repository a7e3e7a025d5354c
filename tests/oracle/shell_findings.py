#!/usr/bin/env python3
"""ShellCheck findings for the shell code of a tree, as the oracle of the quoting transform.

usage: shell_findings.py ROOT OUT.json [SCRIPT ...]

Reads every Dockerfile under ROOT with BuildKit's own parser (the `dockerfile` PyPI binding) and
takes the shell code of shell-form RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD instructions (as the
builder hands it to /bin/sh); every compose file's CMD-SHELL healthcheck tests (with Compose's own
`$$` unescaped and its `${VAR}` interpolations replaced by a plain word, as Compose does before the
container sees the text); and the SCRIPTs named (paths relative to ROOT). Runs ShellCheck once over
all of them and writes, per snippet, its text and findings (line, column, code).
Keys: `path:line` for an instruction, `path#service` for a compose test, `path` for a script.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import dockerfile
import yaml

DOCKERFILE = re.compile(r"^(Dockerfile([.-].*)?|.*\.[Dd]ockerfile|dockerfile|Containerfile([.-].*)?)$")
COMPOSE = re.compile(r"^(docker-)?compose.*\.ya?ml$")
INTERPOLATION = re.compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*")


IGNORE = re.compile(r"^#\s*(hadolint\s+ignore=|shellcheck\s+disable=)(\S*)")


def waived(lines, start_line):
    """The ShellCheck codes the comment lines right above an instruction exempt it from, the way
    hadolint hands its `# hadolint ignore=` list to ShellCheck."""
    codes = []
    i = start_line - 2
    while i >= 0 and lines[i].strip().startswith("#"):
        match = IGNORE.match(lines[i].strip())
        if match:
            codes += [c for c in match.group(2).split(",") if c.upper().startswith("SC") or c == "all"]
        i -= 1
    return codes


def dockerfile_snippets(root, path):
    try:
        commands = dockerfile.parse_file(os.path.join(root, path))
        with open(os.path.join(root, path), errors="replace") as f:
            lines = f.read().splitlines()
    except Exception:
        return {}
    out = {}
    for c in commands:
        if c.json or c.heredocs:
            continue
        code = None
        if c.cmd in ("RUN", "CMD", "ENTRYPOINT") and c.value:
            code = c.value[0]
        elif c.cmd == "HEALTHCHECK" and len(c.value) == 2 and c.value[0] == "CMD":
            code = c.value[1]
        if code is None:
            continue
        # ShellCheck itself honours the author's exemption: as a directive on the code's first
        # line (a comment line of its own would shift every finding's line).
        codes = waived(lines, c.start_line)
        if codes:
            code = f"# shellcheck disable={','.join(codes)}\n{code}"
        out[f"{path}:{c.start_line}"] = code
    return out


def compose_snippets(root, path):
    try:
        with open(os.path.join(root, path)) as f:
            doc = yaml.safe_load(f)
    except Exception:
        return {}
    out = {}
    services = doc.get("services") if isinstance(doc, dict) else None
    for name, service in (services or {}).items():
        test = ((service or {}).get("healthcheck") or {}).get("test") if isinstance(service, dict) else None
        if isinstance(test, list) and len(test) == 2 and test[0] == "CMD-SHELL" and isinstance(test[1], str):
            test = test[1]
        if isinstance(test, str):
            text = INTERPOLATION.sub("VALUE", test.replace("$$", "\0")).replace("\0", "$")
            out[f"{path}#{name}"] = text
    return out


def dialect(text):
    first = text.split("\n", 1)[0]
    return "bash" if first.startswith("#!") and "bash" in first else "sh"


def main():
    root, out_path, scripts = sys.argv[1], sys.argv[2], sys.argv[3:]
    snippets = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            path = os.path.relpath(os.path.join(folder, name), root)
            if DOCKERFILE.match(name):
                snippets.update(dockerfile_snippets(root, path))
            elif COMPOSE.match(name):
                snippets.update(compose_snippets(root, path))
    for script in scripts:
        with open(os.path.join(root, script), encoding="utf-8", errors="replace") as f:
            snippets[script] = f.read()
    results = {key: {"text": text, "findings": []} for key, text in snippets.items()}
    with tempfile.TemporaryDirectory() as work:
        files = {}
        for i, (key, text) in enumerate(sorted(snippets.items())):
            is_script = key in scripts
            name = os.path.join(work, f"{i}.sh")
            with open(name, "w") as f:
                f.write(text if is_script else text + "\n")
            files[name] = key
        for shell in ("sh", "bash"):
            chosen = sorted(n for n, key in files.items() if (dialect(snippets[key]) if key in scripts else "sh") == shell)
            for start in range(0, len(chosen), 400):
                batch = chosen[start:start + 400]
                run = subprocess.run(["shellcheck", "-s", shell, "-f", "json1", *batch], capture_output=True, text=True)
                for comment in json.loads(run.stdout or '{"comments": []}')["comments"]:
                    results[files[comment["file"]]]["findings"].append([comment["line"], comment["column"], comment["code"]])
    with open(out_path, "w") as f:
        json.dump(results, f, sort_keys=True)


if __name__ == "__main__":
    main()
