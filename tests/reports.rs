//! The report formats (json, markdown, sarif, github, gitlab, checkstyle), checked against their
//! schemas and readers, and the bot workflow played in a temporary git repository.

mod common;

use common::{copy_tree, dockfix, skip};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A stack with a long, recognisable secret in three places, and a datastore port.
const COMPOSE: &str = "\
services:
  api:
    build: ./api
    environment:
      DATABASE_URL: postgres://shop:Zx9-leak-canary-77@db:5432/shop
    ports:
      - \"8080:8080\"
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: Zx9-leak-canary-77
    ports:
      - \"5432:5432\"
  cache:
    image: redis:7
    command: redis-server --requirepass Zx9-leak-canary-77
";
const DOCKERFILE: &str = "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 8080\nCMD [\"node\", \"server.js\"]\n";
const CANARY: &str = "Zx9-leak-canary-77";
const FORMATS: [&str; 7] = ["text", "json", "markdown", "sarif", "github", "gitlab", "checkstyle"];

fn stack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("api")).unwrap();
    std::fs::write(dir.path().join("docker-compose.yml"), COMPOSE).unwrap();
    std::fs::write(dir.path().join("api/Dockerfile"), DOCKERFILE).unwrap();
    std::fs::write(dir.path().join("api/server.js"), "require('http').createServer((q, s) => s.end('ok')).listen(8080);\n").unwrap();
    dir
}

fn python_has(modules: &str) -> bool {
    Command::new("python3").args(["-c", &format!("import {modules}")]).output().is_ok_and(|o| o.status.success())
}

/// Validates `document` (JSON text) against the JSON schema at `schema`, with Python's
/// jsonschema (Draft 7, as both schemas declare).
fn validate(document: &str, schema: &Path) {
    if !python_has("jsonschema") {
        skip("JSON schema validation (pip install jsonschema)");
        return;
    }
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), document).unwrap();
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1]))\n\
                  errors = list(jsonschema.Draft7Validator(schema).iter_errors(json.load(open(sys.argv[2]))))\n\
                  for e in errors[:5]: print(list(e.absolute_path), e.message[:300])\n\
                  sys.exit(1 if errors else 0)";
    let out = Command::new("python3").args(["-c", script]).arg(schema).arg(file.path()).output().unwrap();
    assert!(out.status.success(), "invalid against {}:\n{}{}", schema.display(), String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn every_format_is_deterministic_valid_and_keeps_secrets() {
    let dir = stack();
    for command in [vec!["check"], vec!["apply", "--dry-run"]] {
        for format in FORMATS {
            let mut args = command.clone();
            args.extend(["--unsafe", "--format", format, "."]);
            let first = dockfix(dir.path(), &args);
            let second = dockfix(dir.path(), &args);
            assert_eq!(first.code, 1, "{args:?}: {}", first.stderr);
            assert_eq!(first.stdout, second.stdout, "{args:?} is byte-identical across runs");
            assert!(!first.stdout.is_empty(), "{args:?} prints a report");
            assert!(!first.stdout.contains(CANARY) && !first.stderr.contains(CANARY), "{args:?} shows a secret value");
            check_format(format, &first.stdout);
        }
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap(), COMPOSE, "nothing written");
}

fn check_format(format: &str, text: &str) {
    match format {
        "json" => {
            validate(text, &manifest("docs/schema/output.schema.json"));
            let json: Value = serde_json::from_str(text).unwrap();
            let change = json["changes"].as_array().unwrap().iter().find(|c| c["transform"] == "compose-bind-localhost").unwrap();
            assert_eq!((change["file"].as_str(), change["start"]["line"].as_u64()), (Some("docker-compose.yml"), Some(8)), "the service's line");
            assert!(change["end"]["line"].as_u64() >= change["start"]["line"].as_u64());
            for file in json["files"].as_array().unwrap() {
                assert!(file["diff"].as_str().unwrap().starts_with("diff --git ") || file["path"] == ".env", "one header style: {file}");
            }
        }
        "sarif" => {
            validate(text, &manifest("tests/schemas/sarif-schema-2.1.0.json"));
            let sarif: Value = serde_json::from_str(text).unwrap();
            let run = &sarif["runs"][0];
            let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
            assert_eq!(rules.len(), dockfix::transforms::registry().len(), "one rule per transform");
            for result in run["results"].as_array().unwrap() {
                let id = result["ruleId"].as_str().unwrap();
                let index = result["ruleIndex"].as_u64().unwrap() as usize;
                assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
                assert!(rules[index]["helpUri"].as_str().unwrap().ends_with(&format!("/docs/transforms/{id}.md")));
                let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
                assert!(!uri.starts_with('/'), "repo-relative: {uri}");
                assert!(result["partialFingerprints"]["dockfix/v1"].is_string());
            }
            assert!(run["results"].as_array().unwrap().iter().any(|r| r["fixes"][0]["artifactChanges"][0]["replacements"].is_array()), "fixes carry replacements");
        }
        "github" => {
            for line in text.lines() {
                assert!(
                    (line.starts_with("::warning file=") || line.starts_with("::notice file=") || line.starts_with("::error file="))
                        && line.contains(",line=")
                        && line.contains("::"),
                    "a workflow command: {line}"
                );
            }
            assert!(text.contains("title=dockfix compose-bind-localhost::"), "{text}");
        }
        "gitlab" => {
            let issues: Vec<Value> = serde_json::from_str(text).unwrap();
            let mut fingerprints = std::collections::BTreeSet::new();
            for issue in &issues {
                for key in ["description", "check_name", "fingerprint", "severity"] {
                    assert!(issue[key].is_string(), "{key} in {issue}");
                }
                assert!(["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().unwrap()));
                assert!(issue["location"]["path"].is_string() && issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
                assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()), "fingerprints are unique");
            }
        }
        "checkstyle" => {
            if !python_has("xml.etree.ElementTree") {
                skip("checkstyle XML check (python3)");
                return;
            }
            let script = "import sys, xml.etree.ElementTree as ET\n\
                          root = ET.fromstring(sys.stdin.read())\n\
                          assert root.tag == 'checkstyle'\n\
                          n = 0\n\
                          for f in root:\n\
                          \x20   assert f.tag == 'file' and f.get('name')\n\
                          \x20   for e in f:\n\
                          \x20       assert e.tag == 'error' and int(e.get('line')) >= 1 and e.get('severity') in ('error', 'warning', 'info') and e.get('source').startswith('dockfix')\n\
                          \x20       n += 1\n\
                          print(n)";
            let mut child = Command::new("python3")
                .args(["-c", script])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "checkstyle XML: {}", String::from_utf8_lossy(&out.stderr));
            assert!(String::from_utf8_lossy(&out.stdout).trim().parse::<usize>().unwrap() > 0);
        }
        "markdown" => {
            assert!(text.starts_with("## dockfix: "), "a title first");
            assert!(text.contains("### Action required"));
            assert!(text.contains("`POSTGRES_PASSWORD`") || text.contains("_PASSWORD`"), "variables to set on every host: {text}");
            assert!(text.contains("127.0.0.1 only"));
            assert!(text.contains("<!-- dockfix:meta {"));
        }
        _ => {}
    }
}

#[test]
fn sarif_fixes_rebuild_the_fixed_file() {
    let dir = tempfile::tempdir().unwrap();
    let compose = "# shop\nservices:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"80:80\"\n  worker:\n    build: .\n";
    std::fs::write(dir.path().join("docker-compose.yml"), compose).unwrap();
    let args = ["check", "--only", "compose-restart-policy", "--only", "compose-no-new-privileges", "--format", "sarif", "."];
    let out = dockfix(dir.path(), &args);
    let sarif: Value = serde_json::from_str(&out.stdout).unwrap();
    let mut replacements: Vec<(usize, usize, usize, String)> = Vec::new();
    for (order, result) in sarif["runs"][0]["results"].as_array().unwrap().iter().filter(|r| r["level"] == "warning").enumerate() {
        let fix = &result["fixes"][0]["artifactChanges"][0];
        assert_eq!(fix["artifactLocation"]["uri"], "docker-compose.yml");
        for r in fix["replacements"].as_array().expect("every change here has its fix") {
            let region = &r["deletedRegion"];
            replacements.push((
                region["byteOffset"].as_u64().unwrap() as usize,
                order,
                region["byteLength"].as_u64().unwrap() as usize,
                r["insertedContent"]["text"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    assert!(replacements.len() >= 4, "two transforms, two services: {replacements:?}");
    // Applied from the end, so earlier offsets stay true.
    replacements.sort();
    let mut text = compose.to_string();
    for (offset, _, length, inserted) in replacements.iter().rev() {
        text.replace_range(*offset..offset + length, inserted);
    }
    let written = dockfix(dir.path(), &["apply", "--yes", "--only", "compose-restart-policy", "--only", "compose-no-new-privileges", "."]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_eq!(text, std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap(), "the fixes give the file dockfix writes");
}

#[test]
fn markdown_snapshot() {
    let dir = stack();
    let out = dockfix(dir.path(), &["apply", "--dry-run", "--format", "markdown", "."]);
    let snapshot = manifest("tests/snapshots/stack.md");
    if std::env::var_os("DOCKFIX_BLESS").is_some() {
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        std::fs::write(&snapshot, &out.stdout).unwrap();
    }
    let expected = std::fs::read_to_string(&snapshot).expect("tests/snapshots/stack.md (DOCKFIX_BLESS=1 writes it)");
    assert_eq!(out.stdout, expected, "the PR body changed (DOCKFIX_BLESS=1 cargo test --test reports markdown_snapshot)");
    let title = dockfix(dir.path(), &["pr-title", "."]);
    assert_eq!(format!("## {}", title.stdout.trim_end()), out.stdout.lines().next().unwrap(), "pr-title prints the body's title");
}

#[test]
fn a_long_body_stays_under_githubs_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut compose = String::from("services:\n");
    for i in 0..400 {
        compose.push_str(&format!("  service{i}:\n    image: example/app{i}:1.0\n"));
    }
    std::fs::write(dir.path().join("docker-compose.yml"), &compose).unwrap();
    std::fs::write(dir.path().join("small.Dockerfile"), "FROM debian:bookworm-slim\nCMD [\"sleep\", \"1\"]\n").unwrap();
    let out = dockfix(dir.path(), &["apply", "--dry-run", "--format", "markdown", "."]);
    assert!(out.stdout.len() <= 65_536, "{} characters", out.stdout.len());
    assert!(out.stdout.contains("(left out: ") && out.stdout.contains("dockfix apply --dry-run docker-compose.yml"), "the largest diff gives way");
    assert!(out.stdout.contains("```diff\ndiff --git a/small.Dockerfile"), "smaller diffs stay");
    assert!(out.stdout.trim_end().ends_with("-->"), "the meta line survives");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=bot", "-c", "user.email=bot@example.com", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn meta(body: &str) -> Value {
    let line = body.lines().find(|l| l.starts_with("<!-- dockfix:meta ")).expect("a meta line");
    serde_json::from_str(line.trim_start_matches("<!-- dockfix:meta ").trim_end_matches(" -->")).unwrap()
}

/// What docs/bot.md's workflow does: run on main, commit on `dockfix/harden`, open a PR with the
/// body; the next scheduled run on main gives the same body (the PR is current), and dockfix on
/// the branch has nothing left to change.
#[test]
fn the_bot_workflow_in_a_git_repository() {
    if Command::new("git").arg("--version").output().is_err() {
        skip("the bot test (git)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    copy_tree(&manifest("examples/stack"), repo);
    std::fs::write(repo.join("docker-compose.yml"), std::fs::read_to_string(repo.join("docker-compose.yml")).unwrap().replace("shop:shop@", "shop:Zx9-leak-canary-77@")).unwrap();
    git(repo, &["init", "-q"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-qm", "the project"]);

    let dry = dockfix(repo, &["apply", "--dry-run", "--format", "markdown", "."]);
    assert_eq!(dry.code, 1);
    let body = dockfix(repo, &["apply", "--yes", "--format", "markdown", "."]);
    assert_eq!(body.code, 0, "{}", body.stderr);
    assert_eq!(meta(&body.stdout)["changes"], meta(&dry.stdout)["changes"], "the dry run describes what apply writes");
    assert!(!body.stdout.contains(CANARY));
    let files = meta(&body.stdout)["files"].as_array().unwrap().clone();
    assert!(!files.iter().any(|f| f == ".env"), ".env is git-ignored: not in the meta's file list: {files:?}");
    assert!(repo.join(".env").is_file());

    git(repo, &["checkout", "-q", "-b", "dockfix/harden"]);
    git(repo, &["add", "-A"]);
    let staged = git(repo, &["diff", "--cached", "--name-only"]);
    assert!(!staged.lines().any(|l| l.ends_with(".env")), ".env is not committed: {staged}");
    let mut committed: Vec<String> = staged.lines().map(str::to_string).collect();
    committed.sort();
    let mut listed: Vec<String> = files.iter().map(|f| f.as_str().unwrap().to_string()).collect();
    listed.sort();
    assert_eq!(committed, listed, "the meta lists exactly the files the bot commits");
    git(repo, &["commit", "-qm", "dockfix: harden"]);

    let again = dockfix(repo, &["apply", "--yes", "--format", "markdown", "."]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("Nothing to change."), "{}", again.stdout);
    assert_eq!(git(repo, &["status", "--porcelain"]), "", "a second run writes nothing");

    // The next scheduled run starts from main again: the same body, so the open PR is current.
    git(repo, &["checkout", "-q", "main"]);
    std::fs::remove_file(repo.join(".env")).unwrap();
    let next = dockfix(repo, &["apply", "--dry-run", "--format", "markdown", "."]);
    assert_eq!(next.stdout, dry.stdout, "the same body on the same main");
}
