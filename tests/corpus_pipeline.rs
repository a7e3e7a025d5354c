//! The whole pipeline over `../shared/corpus` and our own unseen set `tests/realworld/`, every
//! phase with `--unsafe`, one repository at a time (copied first): dockfix never crashes or aborts, reports no internal error, names lines
//! that exist in the files on disk, gives byte-identical output for two spellings of the same
//! path, and a second run over its own output changes nothing.

mod common;

use common::{copy_tree, corpus, dockfix};
use serde_json::Value;
use std::path::Path;

#[test]
fn every_phase_unsafe_over_the_corpus() {
    let Some(corpus) = corpus() else { return };
    let realworld = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld");
    let mut repositories: Vec<_> = [corpus.clone(), realworld]
        .iter()
        .flat_map(|root| std::fs::read_dir(root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect::<Vec<_>>())
        .collect();
    repositories.sort();
    let (mut changes, mut notes, mut files) = (0, 0, 0);
    let mut failures = Vec::new();
    for repository in &repositories {
        let name = repository.file_name().unwrap().to_string_lossy().to_string();
        let work = tempfile::tempdir().unwrap();
        let root = work.path().join(&name);
        copy_tree(repository, &root);
        let args = ["apply", "--dry-run", "--unsafe", "--format", "json"];
        let here = dockfix(&root, &[&args[..], &["."]].concat());
        let there = dockfix(work.path(), &[&args[..], &[name.as_str()]].concat());
        if !matches!(here.code, 0 | 1) {
            failures.push(format!("{name}: exit {}: {}", here.code, here.stderr));
            continue;
        }
        if here.stdout != there.stdout {
            failures.push(format!("{name}: `.` and `{name}` give different output"));
        }
        let json: Value = serde_json::from_str(&here.stdout).unwrap();
        for (kind, list) in [("change", &json["changes"]), ("note", &json["notes"])] {
            for item in list.as_array().unwrap() {
                let file = item["file"].as_str().unwrap();
                let line = item["line"].as_u64().or_else(|| item["start"]["line"].as_u64()).unwrap() as usize;
                let path = root.join(file);
                // A finding on a file dockfix creates has no line on disk.
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                let count = text.lines().count().max(1);
                if line == 0 || line > count {
                    failures.push(format!("{name}: {kind} at {file}:{line}, which has {count} lines"));
                }
            }
        }
        changes += json["changes"].as_array().unwrap().len();
        notes += json["notes"].as_array().unwrap().len();
        files += json["files"].as_array().unwrap().len();
        let write = dockfix(&root, &["apply", "--yes", "--unsafe", "."]);
        if write.code != 0 {
            failures.push(format!("{name}: apply exited {}: {}", write.code, write.stderr));
            continue;
        }
        let second = dockfix(&root, &["apply", "--dry-run", "--unsafe", "."]);
        if second.code != 0 {
            failures.push(format!("{name}: a second run still changes something:\n{}", second.stdout));
        }
    }
    println!(
        "every phase --unsafe over {} repositories: {changes} changes in {files} files, {notes} notes; 0 crashes, 0 internal errors",
        repositories.len()
    );
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
    assert!(Path::new(&corpus).is_dir());
}
