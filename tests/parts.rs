//! A run split into independent parts (`partition.rs`, `engine::run_parts`) gives what one
//! project over all the files gives: the same changes, notes and texts. And the split is real:
//! unrelated folders are parts of their own, related ones are not.

mod common;

use dockfix::discover::discover;
use dockfix::engine::{self, Run};
use dockfix::project::{Keep, Options, Project};
use std::collections::BTreeSet;
use std::path::Path;

fn parts_of(root: &Path) -> Vec<BTreeSet<String>> {
    let found = discover(&[root.to_path_buf()]).found;
    let (parts, errors) = Project::plan_parts(found, &|| {});
    assert!(errors.is_empty(), "{errors:?}");
    parts.iter().map(|p| p.entries.iter().map(|(_, f, _)| f.display.to_string_lossy().into_owned()).collect()).collect()
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// What a run decided, comparable across runs: changes, notes, errors and every file's text.
fn outcome(run: &Run) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>, BTreeSet<(String, String)>) {
    let path = |id| run.project.files[id].path.display().to_string();
    let applied = run.applied.iter().map(|a| format!("{}:{}:{} {} {}", path(a.file), a.line, a.column, a.transform, a.message)).collect();
    let notes = run.notes.iter().map(|n| format!("{}:{} {} {}", path(n.file), n.line, n.transform, n.message)).collect();
    let errors = run.errors.iter().map(|e| format!("{}:{} {}", e.path, e.line, e.message)).collect();
    let texts = run.project.files.iter().map(|f| (f.path.display().to_string(), f.text().to_string())).collect();
    (applied, notes, errors, texts)
}

/// The same files run as one project and as parts.
fn both_ways(root: &Path) -> (Run, Run) {
    let transforms: Vec<_> = dockfix::transforms::registry().to_vec();
    let options = Options::default();
    let found = discover(&[root.to_path_buf()]).found;
    let (project, errors) = Project::load(found.clone(), &options);
    let whole = engine::run(project, &transforms, errors);
    let (parts, errors) = Project::plan_parts(found, &|| {});
    let split = engine::run_parts(parts, &options, Keep::Everything, &transforms, errors, &|_| {}, &|| {});
    (whole, split)
}

#[test]
fn unrelated_folders_are_parts_and_related_ones_are_not() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("a/Dockerfile", "FROM alpine:3.20\n"),
            ("b/Dockerfile", "FROM alpine:3.20\n"),
            // A compose file and the context it builds, one folder over.
            ("deploy/compose.yaml", "services:\n  web:\n    build: ../web\n"),
            ("web/Dockerfile", "FROM node:20\n"),
            // Two compose files a Makefile starts together.
            ("x/compose.yaml", "services:\n  x:\n    image: redis:7\n"),
            ("y/compose.yaml", "services:\n  y:\n    image: redis:7\n"),
            ("Makefile", "up:\n\tdocker compose -f x/compose.yaml -f y/compose.yaml up\n"),
            // A compose file and what lies in the folders below it.
            ("stack/compose.yaml", "services:\n  s:\n    image: nginx:1.27\n"),
            ("stack/tools/Dockerfile", "FROM alpine:3.20\n"),
        ],
    );
    let parts = parts_of(dir.path());
    let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<String>>();
    for expected in [
        set(&["a/Dockerfile"]),
        set(&["b/Dockerfile"]),
        set(&["deploy/compose.yaml", "web/Dockerfile"]),
        set(&["x/compose.yaml", "y/compose.yaml"]),
        set(&["stack/compose.yaml", "stack/tools/Dockerfile"]),
    ] {
        assert!(parts.contains(&expected), "{expected:?} is one part of {parts:?}");
    }
    assert_eq!(parts.len(), 5, "{parts:?}");
}

/// Paths written absolutely name the host, not the project: two stacks that both mount the
/// Docker socket (and one the host's clock) stay two parts, and give what one project gives.
#[test]
fn host_paths_do_not_tie_parts() {
    let dir = tempfile::tempdir().unwrap();
    let mounting = "services:\n  proxy:\n    image: traefik:v3.1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - /etc/localtime:/etc/localtime:ro\n      - ./conf:/etc/traefik\n";
    write(dir.path(), &[("one/compose.yaml", mounting), ("one/conf/traefik.yml", "entryPoints: {}\n"), ("two/compose.yaml", mounting)]);
    let parts = parts_of(dir.path());
    assert_eq!(parts.len(), 2, "{parts:?}");
    let (whole, split) = both_ways(dir.path());
    assert_eq!(outcome(&whole), outcome(&split));
}

/// `app/Dockerfile` and `app/alpine/Dockerfile` are parts of their own, but the first creates
/// `app/.dockerignore`, which the second asked about (its folder's parent): they run again as
/// one, and the outcome is the one project's.
#[test]
fn parts_that_touched_what_another_read_run_again_together() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("app/Dockerfile", "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n"),
            ("app/alpine/Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD [\"sleep\", \"1000\"]\n"),
        ],
    );
    assert_eq!(parts_of(dir.path()).len(), 2);
    let (whole, split) = both_ways(dir.path());
    assert!(split.run_again >= 2, "the two parts ran again as one ({} run again)", split.run_again);
    assert_eq!(outcome(&whole), outcome(&split));
    // `check` keeps no texts of a finished part, only whether each file changed: the parts
    // still meet, and the findings are the same.
    let found = discover(&[dir.path().to_path_buf()]).found;
    let (parts, errors) = Project::plan_parts(found, &|| {});
    let transforms: Vec<_> = dockfix::transforms::registry().to_vec();
    let lean = engine::run_parts(parts, &Options::default(), Keep::Findings, &transforms, errors, &|_| {}, &|| {});
    assert!(lean.run_again >= 2, "the two parts ran again as one ({} run again)", lean.run_again);
    let (applied, notes, errors, _) = outcome(&split);
    let (lean_applied, lean_notes, lean_errors, lean_texts) = outcome(&lean);
    assert_eq!((applied, notes, errors), (lean_applied, lean_notes, lean_errors));
    assert!(lean_texts.iter().all(|(_, text)| text.is_empty()), "no text kept");
    assert_eq!(lean.changed_files(), split.changed_files());
    assert!(lean.applied.iter().all(|a| a.edits.is_empty()) && split.applied.iter().any(|a| !a.edits.is_empty()));
}

/// Over the whole corpus, the examples and the real-world projects, parts give what one project
/// gives.
#[test]
fn parts_give_what_one_project_gives() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Copied out of this repository: under `tests/` every file would be a fixture.
    let copies = tempfile::tempdir().unwrap();
    for name in ["examples", "realworld"] {
        let from = if name == "examples" { manifest.join("examples") } else { manifest.join("tests/realworld") };
        common::copy_tree(&from, &copies.path().join(name));
    }
    let roots = [manifest.join("../shared/corpus"), copies.path().join("examples"), copies.path().join("realworld")];
    let mut compared = 0;
    for root in roots.iter().filter(|r| r.is_dir()) {
        let (whole, split) = both_ways(root);
        let (a, b) = (outcome(&whole), outcome(&split));
        assert_eq!(a.0, b.0, "{}: changes", root.display());
        assert_eq!(a.1, b.1, "{}: notes", root.display());
        assert_eq!(a.2, b.2, "{}: errors", root.display());
        assert_eq!(a.3, b.3, "{}: texts", root.display());
        assert!(!a.0.is_empty());
        compared += 1;
    }
    if compared < roots.len() {
        common::skip("parts against one project on the corpus (../shared/corpus missing)");
    }
}
