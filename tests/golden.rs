//! Golden cases: `golden/<transform>/<case>/input/` is run through `dockfix apply --yes --only
//! <transform>` (plus the words of an optional `args` file) and must give `expected/` byte for
//! byte. Each case also checks that the written files are exactly the input plus the edits dockfix
//! reported (so nothing outside them moved) and that a second run proposes nothing.
//!
//! The notes dockfix prints for the case (text format, stderr) are snapshotted in `notes.txt`
//! beside `expected/`: a note that appears, disappears or changes its line fails the case.
//!
//! `DOCKFIX_BLESS=1 cargo test --test golden` rewrites `expected/` and `notes.txt` on purpose;
//! review the diff.

mod common;

use common::{copy_tree, dockfix, read_tree};
use serde_json::Value;
use std::collections::BTreeMap;
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
    let bless = std::env::var_os("DOCKFIX_BLESS").is_some();
    let mut trials = Vec::new();
    for transform in sorted_dirs(&root) {
        let id = transform.file_name().unwrap().to_string_lossy().to_string();
        for case in sorted_dirs(&transform) {
            let name = format!("{id}/{}", case.file_name().unwrap().to_string_lossy());
            let id = id.clone();
            trials.push(Trial::test(name, move || run_case(&id, &case, bless).map_err(Failed::from)));
        }
    }
    assert!(!trials.is_empty(), "no golden cases found");
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}

fn sorted_dirs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs
}

fn run_case(id: &str, case: &Path, bless: bool) -> Result<(), String> {
    let work = tempfile::tempdir().unwrap();
    copy_tree(&case.join("input"), work.path());
    let input = read_tree(work.path());
    let extra: Vec<String> = std::fs::read_to_string(case.join("args"))
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    let mut args = vec!["apply", "--only", id];
    args.extend(extra.iter().map(String::as_str));

    let mut dry = args.clone();
    dry.extend(["--dry-run", "--format", "json", "."]);
    let report = dockfix(work.path(), &dry);
    if report.code == 2 {
        return Err(format!("dry run failed: {}", report.stderr));
    }
    let json: Value = serde_json::from_str(&report.stdout).map_err(|e| format!("bad json: {e}"))?;
    let replayed = replay(&input, &json)?;
    let mut text_args = args.clone();
    text_args.extend(["--dry-run", "."]);
    let text_report = dockfix(work.path(), &text_args);
    let notes: String = text_report
        .stderr
        .lines()
        .filter(|l| l.starts_with("note: ") || l.starts_with("error: "))
        .map(|l| format!("{l}\n"))
        .collect();

    let mut write = args.clone();
    write.extend(["--yes", "."]);
    let written = dockfix(work.path(), &write);
    if written.code != 0 {
        return Err(format!("apply exited {}: {}", written.code, written.stderr));
    }
    let actual = read_tree(work.path());
    for (path, text) in &replayed {
        if is_env(path) {
            // Edits to `.env` are reported redacted: check that no value leaked instead.
            let written = String::from_utf8_lossy(&actual[path]).into_owned();
            let values: Vec<&str> = if path.ends_with(".env") {
                written.lines().filter_map(|l| l.split_once('=')).map(|(_, v)| v.trim_matches('\'')).collect()
            } else {
                vec![written.trim()]
            };
            for value in values {
                // A value the input already showed (the literal moved out of a compose file)
                // may show in that file's diff; one only `.env` holds must never show.
                let known = input.values().any(|bytes| String::from_utf8_lossy(bytes).contains(value));
                if value.len() > 3 && !known && (report.stdout.contains(value) || text_report.stdout.contains(value)) {
                    return Err(format!("{path}: a secret value appears in dockfix's output"));
                }
            }
            continue;
        }
        if actual.get(path) != Some(text) {
            return Err(format!("{path}: the written file is not the input plus the reported edits"));
        }
    }

    let expected_dir = case.join("expected");
    let notes_file = case.join("notes.txt");
    if bless {
        let _ = std::fs::remove_dir_all(&expected_dir);
        copy_tree(work.path(), &expected_dir);
        let _ = std::fs::remove_file(&notes_file);
        if !notes.is_empty() {
            std::fs::write(&notes_file, &notes).unwrap();
        }
    } else {
        let snapshot = std::fs::read_to_string(&notes_file).unwrap_or_default();
        if snapshot != notes {
            return Err(format!("notes differ from notes.txt:\n--- expected\n{snapshot}--- actual\n{notes}"));
        }
        let expected = read_tree(&expected_dir);
        if actual != expected {
            return Err(describe_difference(&expected, &actual));
        }
    }

    let mut again = args.clone();
    again.extend(["--dry-run", "."]);
    let second = dockfix(work.path(), &again);
    if second.code != 0 {
        return Err(format!("a second run still proposes changes:\n{}{}", second.stdout, second.stderr));
    }
    Ok(())
}

/// Files dockfix shows redacted: `.env` and Compose secret files.
fn is_env(path: &str) -> bool {
    path == ".env" || path.ends_with("/.env") || path.starts_with("secrets/") || path.contains("/secrets/")
}

/// Applies the reported edits, pass by pass, to the input files.
fn replay(input: &BTreeMap<String, Vec<u8>>, report: &Value) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let changes = report["changes"].as_array().ok_or("no changes array")?;
    let max_pass = changes.iter().filter_map(|c| c["pass"].as_u64()).max().unwrap_or(0);
    for pass in 1..=max_pass {
        let mut per_file: BTreeMap<String, Vec<(usize, usize, i64, String)>> = BTreeMap::new();
        for change in changes.iter().filter(|c| c["pass"].as_u64() == Some(pass)) {
            let file = change["file"].as_str().ok_or("change without file")?.to_string();
            for edit in change["edits"].as_array().ok_or("change without edits")? {
                let start = edit["start"].as_u64().ok_or("edit without start")? as usize;
                let end = edit["end"].as_u64().ok_or("edit without end")? as usize;
                // Insertions at one offset go by rank (package installs before other lines).
                let rank = edit["rank"].as_i64().unwrap_or(0);
                per_file.entry(file.clone()).or_default().push((
                    start,
                    end,
                    rank,
                    edit["text"].as_str().unwrap_or_default().into(),
                ));
            }
        }
        for (file, mut edits) in per_file {
            let text = texts
                .entry(file.clone())
                .or_insert_with(|| String::from_utf8(input.get(&file).cloned().unwrap_or_default()).unwrap());
            // Stable: edits at one offset and rank keep the order dockfix reported them in.
            edits.sort_by_key(|(start, end, rank, _)| (*start, *end, *rank));
            for (start, end, _, replacement) in edits.into_iter().rev() {
                text.replace_range(start..end, &replacement);
            }
        }
    }
    Ok(texts.into_iter().map(|(k, v)| (k, v.into_bytes())).collect())
}

fn describe_difference(expected: &BTreeMap<String, Vec<u8>>, actual: &BTreeMap<String, Vec<u8>>) -> String {
    let mut out = String::new();
    for path in expected.keys().chain(actual.keys()).collect::<std::collections::BTreeSet<_>>() {
        match (expected.get(path), actual.get(path)) {
            (Some(e), Some(a)) if e != a => out.push_str(&format!(
                "{path} differs:\n--- expected\n{}\n--- actual\n{}\n",
                String::from_utf8_lossy(e),
                String::from_utf8_lossy(a)
            )),
            (Some(_), None) => out.push_str(&format!("{path} is missing\n")),
            (None, Some(_)) => out.push_str(&format!("{path} is unexpected\n")),
            _ => {}
        }
    }
    out
}
