//! `shell-quote-expansions` judged by ShellCheck, over `../shared/corpus` and `tests/realworld/`.
//!
//! The shell code is taken by tools dockfix does not use: BuildKit's parser (the `dockerfile`
//! PyPI binding) for shell-form RUN/CMD/ENTRYPOINT/HEALTHCHECK, PyYAML for compose CMD-SHELL
//! tests, and the scripts dockfix changed as files (`tests/oracle/shell_findings.py`). After the
//! transform, in every piece of code it changed:
//! - every other finding is still there, on the same line (nothing else changed meaning);
//! and everywhere, changed or not, ShellCheck finds no SC2086 except for a variable dockfix left
//! alone with a note naming it, or in a file dockfix left alone with a note (a fixture, a
//! non-POSIX shell);
//! and the SC2086 counts before and after are printed.

mod common;

use common::{copy_tree, corpus, dockfix, skip};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

#[test]
fn quoting_leaves_shellcheck_nothing_to_say() {
    let Some(corpus) = corpus() else { return };
    if Command::new("shellcheck").arg("--version").output().is_err() {
        return skip("shellcheck is not installed (apt-get install shellcheck)");
    }
    let probe = Command::new("python3").args(["-c", "import dockerfile, yaml"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return skip("python3 with the `dockerfile` and `pyyaml` packages is needed");
    }
    let work = tempfile::tempdir().unwrap();
    let realworld = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld");
    let mut repositories = Vec::new();
    for root in [&corpus, &realworld] {
        for entry in std::fs::read_dir(root).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                copy_tree(&path, &work.path().join(&name));
                repositories.push(name);
            }
        }
    }
    repositories.sort();

    // What dockfix will do: the files it changes and the notes it leaves.
    let mut scripts: Vec<String> = Vec::new();
    let mut notes: Vec<(String, usize, String)> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for name in &repositories {
        let args = ["apply", "--dry-run", "--only", "shell-quote-expansions", "--format", "json", "."];
        let dry = dockfix(&work.path().join(name), &args);
        if !matches!(dry.code, 0 | 1) {
            failures.push(format!("{name}: exit {}: {}", dry.code, dry.stderr));
            continue;
        }
        let json: Value = serde_json::from_str(&dry.stdout).unwrap();
        for file in json["files"].as_array().unwrap() {
            let path = file["path"].as_str().unwrap();
            let base = path.rsplit('/').next().unwrap().to_ascii_lowercase();
            if !(base.contains("dockerfile") || base.contains("containerfile") || base.ends_with(".yml") || base.ends_with(".yaml")) {
                scripts.push(format!("{name}/{path}"));
            }
        }
        for note in json["notes"].as_array().unwrap() {
            let file = format!("{name}/{}", note["file"].as_str().unwrap());
            notes.push((file, note["line"].as_u64().unwrap() as usize, note["message"].as_str().unwrap().to_string()));
        }
    }
    let before = findings(work.path(), &scripts);
    for name in &repositories {
        let write = dockfix(&work.path().join(name), &["apply", "--yes", "--only", "shell-quote-expansions", "."]);
        if write.code != 0 {
            failures.push(format!("{name}: apply exited {}: {}", write.code, write.stderr));
        }
    }
    let after = findings(work.path(), &scripts);

    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut changed = 0;
    for (key, old) in &before {
        let kind = if key.contains('#') {
            "compose CMD-SHELL tests"
        } else if scripts.contains(key) {
            "scripts dockfix changed"
        } else {
            "RUN/CMD/ENTRYPOINT/HEALTHCHECK"
        };
        let Some(new) = after.get(key) else {
            failures.push(format!("{key}: gone after the transform"));
            continue;
        };
        let entry = counts.entry(kind).or_default();
        entry.0 += old.sc2086();
        entry.1 += new.sc2086();
        // Left alone: each expansion ShellCheck still finds has a note, its own or its file's
        // (a fixture, an example, an app template of a platform, a non-POSIX shell: every note
        // that leaves a whole file alone starts "left alone:").
        let file_noted = |file: &str| {
            notes.iter().any(|(f, _, message)| {
                f == file && (message.starts_with("left alone:") || message.contains("fixture") || message.starts_with("shell code left alone"))
            })
        };
        for (line, column) in new.sc2086_positions() {
            let name = expansion_at(&new.text, line, column);
            let (file, noted_line) = note_place(key, line);
            let noted = notes.iter().any(|(f, l, message)| {
                *f == file && noted_line.is_none_or(|n| n == *l) && message.contains(&format!("`${name}`"))
            });
            if !noted && !file_noted(&file) {
                failures.push(format!("{key}: SC2086 at {line}:{column} (`${name}`) remains without a note"));
            }
        }
        if old.text == new.text {
            continue;
        }
        changed += 1;
        // Nothing else changed: every other finding is still there, on its line — but for
        // SC2223 (`: ${X:=default}` unquoted), which the same quotes answer.
        let answered = |others: Vec<(usize, u64)>| others.into_iter().filter(|(_, code)| *code != 2223).collect::<Vec<_>>();
        let new_2223 = new.others().iter().filter(|(_, code)| *code == 2223).count();
        let old_2223 = old.others().iter().filter(|(_, code)| *code == 2223).count();
        if answered(old.others()) != answered(new.others()) || new_2223 > old_2223 {
            failures.push(format!("{key}: other ShellCheck findings changed: {:?} -> {:?}", old.others(), new.others()));
        }
    }
    for (kind, (old, new)) in &counts {
        println!("SC2086 in {kind}: {old} before, {new} after");
    }
    println!("{changed} pieces of shell code changed; {} scripts", scripts.len());
    assert!(changed > 0, "the transform changed nothing over the corpus");
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

/// Where the note for a finding in snippet `key` sits: the file, and the line (an instruction's
/// line for Dockerfile code, the finding's own line for a script, any line for a compose test).
fn note_place(key: &str, line: usize) -> (String, Option<usize>) {
    if let Some((file, _service)) = key.split_once('#') {
        return (file.to_string(), None);
    }
    match key.rsplit_once(':') {
        Some((file, start)) if start.chars().all(|c| c.is_ascii_digit()) => (file.to_string(), start.parse().ok()),
        _ => (key.to_string(), Some(line)),
    }
}

/// The variable name of the expansion ShellCheck points at (json1 columns count characters,
/// a tab as one).
fn expansion_at(text: &str, line: usize, column: usize) -> String {
    let Some(row) = text.lines().nth(line - 1) else { return String::new() };
    let rest: String = row.chars().skip(column - 1).collect();
    let rest = rest.trim_start_matches('"');
    let rest = rest.strip_prefix('$').unwrap_or(rest);
    let rest = rest.strip_prefix('{').unwrap_or(rest);
    rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

struct Snippet {
    text: String,
    /// `(line, column, code)`.
    findings: Vec<(usize, usize, u64)>,
}

impl Snippet {
    fn sc2086(&self) -> usize {
        self.findings.iter().filter(|f| f.2 == 2086).count()
    }

    fn sc2086_positions(&self) -> Vec<(usize, usize)> {
        self.findings.iter().filter(|f| f.2 == 2086).map(|f| (f.0, f.1)).collect()
    }

    /// Other findings as `(line, code)`, sorted (columns move when quotes are added).
    fn others(&self) -> Vec<(usize, u64)> {
        let mut others: Vec<(usize, u64)> = self.findings.iter().filter(|f| f.2 != 2086).map(|f| (f.0, f.2)).collect();
        others.sort();
        others
    }
}

fn findings(root: &Path, scripts: &[String]) -> BTreeMap<String, Snippet> {
    let out = root.join("findings.json");
    let helper = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/shell_findings.py");
    let status = Command::new("python3").arg(helper).arg(root).arg(&out).args(scripts).status().unwrap();
    assert!(status.success(), "the ShellCheck helper failed");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    std::fs::remove_file(&out).unwrap();
    json.as_object()
        .unwrap()
        .iter()
        .map(|(key, value)| {
            let findings = value["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| (f[0].as_u64().unwrap() as usize, f[1].as_u64().unwrap() as usize, f[2].as_u64().unwrap()))
                .collect();
            (key.clone(), Snippet { text: value["text"].as_str().unwrap().to_string(), findings })
        })
        .collect()
}
