//! `.pre-commit-hooks.yaml`, run by pre-commit itself (PyPI `pre-commit`) on a temporary
//! repository with a README, a YAML file that is not a compose file and a Dockerfile staged.
//! The hooks are declared `language: rust` (pre-commit builds dockfix with cargo); here the
//! same ids, entries and file patterns run as `language: system` hooks on the binary under
//! test, so nothing is compiled twice.

mod common;

use std::path::Path;
use std::process::Command;
use yaml_rust2::{Yaml, YamlLoader};

fn run(dir: &Path, program: &str, args: &[&str], home: &Path) -> (i32, String) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", home)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    (out.status.code().unwrap_or(-1), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn the_hooks_run_under_pre_commit() {
    if !Command::new("pre-commit").arg("--version").output().is_ok_and(|o| o.status.success()) {
        common::skip("pre-commit is not installed (pip install pre-commit)");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hooks = YamlLoader::load_from_str(&std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap()).unwrap();
    let hooks = hooks[0].as_vec().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(ids, ["dockfix", "dockfix-check"]);
    let mut local = String::from("repos:\n  - repo: local\n    hooks:\n");
    for hook in hooks {
        assert_eq!(hook["language"].as_str(), Some("rust"), "the published hooks build dockfix with cargo");
        let entry = hook["entry"].as_str().unwrap().replacen("dockfix", env!("CARGO_BIN_EXE_dockfix"), 1);
        let field = |key: &str| match &hook[key] {
            Yaml::String(s) => s.clone(),
            other => panic!("{key}: {other:?}"),
        };
        local.push_str(&format!(
            "      - id: {}\n        name: {}\n        entry: {entry}\n        language: system\n        files: '{}'\n        require_serial: true\n",
            field("id"),
            field("name"),
            field("files").replace('\'', "''")
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let repo = dir.path();
    std::fs::write(repo.join(".pre-commit-config.yaml"), &local).unwrap();
    std::fs::write(repo.join("README.md"), "# a project\n").unwrap();
    std::fs::write(repo.join("settings.yml"), "logging:\n  level: debug\nservices_url: http://example.com\n").unwrap();
    let dockerfile = "FROM debian:bookworm-slim\nCOPY run.sh /run.sh\nCMD [\"/run.sh\"]\n";
    std::fs::write(repo.join("Dockerfile"), dockerfile).unwrap();
    std::fs::write(repo.join("run.sh"), "#!/bin/sh\nexec sleep infinity\n").unwrap();
    assert_eq!(run(repo, "git", &["init", "-q"], home.path()).0, 0);
    assert_eq!(run(repo, "git", &["add", "-A"], home.path()).0, 0);

    let (code, output) = run(repo, "pre-commit", &["run", "dockfix-check"], home.path());
    assert_eq!(code, 1, "findings fail the check: {output}");
    assert!(output.contains("Dockerfile:") && output.contains("[dockerfile-non-root-user]"), "{output}");
    assert!(!output.contains("README") && !output.contains("settings.yml"), "only container files reach dockfix: {output}");

    let (code, output) = run(repo, "pre-commit", &["run", "dockfix"], home.path());
    assert_eq!(code, 1, "the fixing hook stops the commit so the fixes can be reviewed: {output}");
    assert!(output.contains("files were modified by this hook"), "{output}");
    let fixed = std::fs::read_to_string(repo.join("Dockerfile")).unwrap();
    assert!(fixed.contains("\nUSER ") && fixed != dockerfile, "{fixed}");
    assert_eq!(std::fs::read_to_string(repo.join("README.md")).unwrap(), "# a project\n");
    assert!(std::fs::read_to_string(repo.join("settings.yml")).unwrap().starts_with("logging:\n  level: debug\n"));

    assert_eq!(run(repo, "git", &["add", "-A"], home.path()).0, 0);
    let (code, output) = run(repo, "pre-commit", &["run", "dockfix-check"], home.path());
    assert_eq!(code, 0, "nothing left to fix: {output}");
    let (code, output) = run(repo, "pre-commit", &["run", "dockfix"], home.path());
    assert_eq!(code, 0, "a second run changes nothing: {output}");
}
