//! The command-line contract: exit codes, diff before write, no write without a terminal or
//! `--yes`, `list`/`explain`, machine formats, and bad input reported with `path:line:col` and
//! left alone while the other files are still fixed.

mod common;

use common::{dockfix, read_tree};
use std::path::Path;

const COMPOSE: &str = "services:\n  web:\n    image: nginx\n";

fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// Runs dockfix and asserts exit 2, a `path:line:col:` message, and an untouched tree.
fn assert_refused(dir: &Path, args: &[&str], expected_prefix: &str) {
    let before = read_tree(dir);
    let out = dockfix(dir, args);
    assert_eq!(out.code, 2, "stdout: {}\nstderr: {}", out.stdout, out.stderr);
    assert!(out.stderr.contains(expected_prefix), "expected {expected_prefix:?} in: {}", out.stderr);
    assert_eq!(read_tree(dir), before, "nothing may be written");
}

/// Runs `apply --yes .` and asserts exit 2, a `path:line:col:` message naming `bad`, `bad`
/// untouched, and every other compose file fixed.
fn assert_left_alone(dir: &Path, bad: &str, expected: &str) {
    let before = read_tree(dir);
    let out = dockfix(dir, &["apply", "--yes", "."]);
    assert_eq!(out.code, 2, "stdout: {}\nstderr: {}", out.stdout, out.stderr);
    assert!(out.stderr.contains(expected), "expected {expected:?} in: {}", out.stderr);
    assert!(out.stderr.contains("problem above left files or changes alone"), "{}", out.stderr);
    let after = read_tree(dir);
    assert_eq!(after[bad], before[bad], "{bad} is left alone");
    let fixed = after.iter().filter(|(path, text)| path.ends_with(".yml") && *path != bad && before.get(*path) != Some(*text)).count();
    assert!(fixed > 0, "the other files are still fixed: {}", out.stderr);
}

#[test]
fn dry_run_prints_a_git_diff_and_exits_1() {
    let dir = project(&[("docker-compose.yml", COMPOSE.as_bytes())]);
    let out = dockfix(dir.path(), &["apply", "--only", "compose-restart-policy", "--dry-run", "."]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.starts_with("diff --git a/docker-compose.yml b/docker-compose.yml\n--- a/docker-compose.yml\n+++ b/docker-compose.yml\n@@ -1,3 +1,4 @@\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("+    restart: unless-stopped\n"));
    assert!(!out.stdout.contains("\x1b["), "no color when not on a terminal");
    assert_eq!(std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap(), COMPOSE);
    let colored =
        dockfix(dir.path(), &["apply", "--only", "compose-restart-policy", "--dry-run", "--color", "always", "."]);
    assert!(colored.stdout.contains("\x1b[32m+    restart: unless-stopped\x1b[0m"));

    // The diff applies with git.
    let git = std::process::Command::new("git").args(["init", "-q"]).current_dir(dir.path()).status();
    if git.is_ok_and(|s| s.success()) {
        std::fs::write(dir.path().join("fix.patch"), &out.stdout).unwrap();
        let applied =
            std::process::Command::new("git").args(["apply", "fix.patch"]).current_dir(dir.path()).status().unwrap();
        assert!(applied.success());
        assert!(
            std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap().contains("restart: unless-stopped")
        );
    }
}

#[test]
fn without_a_terminal_and_without_yes_nothing_is_written() {
    let dir = project(&[("docker-compose.yml", COMPOSE.as_bytes())]);
    assert_refused(dir.path(), &["apply", "."], "no --yes");
    let out = dockfix(dir.path(), &["apply", "--only", "compose-restart-policy", "--yes", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("+    restart: unless-stopped"), "the diff is printed before writing");
    assert!(
        std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap().contains("restart: unless-stopped")
    );
    let again = dockfix(dir.path(), &["apply", "--only", "compose-restart-policy", "--yes", "."]);
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout, "");
    assert!(again.stderr.contains("nothing to change"));
}

/// A pre-commit hook names only the compose file a commit changed: the overlays merged over it
/// (`-f docker-compose.yml -f scenarios/add-tunnel.yml`) are still read, and its networks are
/// not split away from the service one of them adds.
#[test]
fn a_compose_file_named_alone_still_sees_its_overlays() {
    let base = "services:\n  app:\n    image: nginx\n    environment:\n      DB_HOST: db\n  worker:\n    image: nginx\n    environment:\n      DB_HOST: db\n  db:\n    image: postgres:16\n";
    let overlay = "services:\n  tunnel:\n    image: cloudflare/cloudflared\n  app:\n    environment:\n      TRUSTED_PROXIES: tunnel\n";
    let dir = project(&[("docker-compose.yml", base.as_bytes()), ("scenarios/add-tunnel.yml", overlay.as_bytes())]);
    for args in [&["check", "--only", "compose-network-isolation", "docker-compose.yml"][..], &["check", "--only", "compose-network-isolation", "."][..]] {
        let out = dockfix(dir.path(), args);
        assert!(
            out.stderr.contains("docker-compose.yml:1: [compose-network-isolation] networks left as they are: scenarios/add-tunnel.yml, merged over this file, adds `tunnel`"),
            "{args:?}: {}\n{}",
            out.stdout,
            out.stderr
        );
        assert!(!out.stdout.contains("[compose-network-isolation]"), "{args:?}: no split: {}", out.stdout);
    }
    // Without the overlay the same file is split.
    std::fs::remove_file(dir.path().join("scenarios/add-tunnel.yml")).unwrap();
    let out = dockfix(dir.path(), &["check", "--only", "compose-network-isolation", "docker-compose.yml"]);
    assert!(out.stdout.contains("docker-compose.yml:1:1: [compose-network-isolation]"), "{}", out.stdout);
}

#[test]
fn check_reports_findings_with_exit_1() {
    let dir = project(&[
        ("docker-compose.yml", COMPOSE.as_bytes()),
        ("api/.dockerignore", b"Cargo.lock\n"),
        ("api/Cargo.lock", b"version = 3\n"),
    ]);
    let out = dockfix(dir.path(), &["check", "."]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("api/.dockerignore:1:1: [dockerignore-keep-lockfiles]"), "{}", out.stdout);
    assert!(out.stdout.contains("docker-compose.yml:2:1: [compose-restart-policy]"), "{}", out.stdout);
    let security = dockfix(dir.path(), &["check", "--phase", "security", "."]);
    assert!(!security.stdout.contains("compose-restart-policy"));
    let skipped = dockfix(dir.path(), &["check", "--skip", "compose-restart-policy", "."]);
    assert!(!skipped.stdout.contains("[compose-restart-policy]"));
    assert!(skipped.stdout.contains("[dockerignore-keep-lockfiles]"));
    let only =
        dockfix(dir.path(), &["check", "--only", "compose-restart-policy", "--skip", "compose-restart-policy", "."]);
    assert_eq!(only.code, 2, "a selection that selects nothing says so: {}", only.stderr);
    assert!(only.stderr.contains("the selection runs no transform: `compose-restart-policy` is both in --only and --skip"), "{}", only.stderr);
}

#[test]
fn selection_errors_exit_2() {
    let dir = project(&[("docker-compose.yml", COMPOSE.as_bytes())]);
    assert_refused(dir.path(), &["apply", "--only", "no-such-thing", "."], "unknown transform `no-such-thing`");
    assert_refused(dir.path(), &["apply", "--phase", "speed", "."], "unknown phase `speed`");
    assert_refused(dir.path(), &["apply", "missing-folder"], "missing-folder:1:1: cannot read");
}

#[test]
fn json_and_markdown_formats() {
    let dir = project(&[("docker-compose.yml", COMPOSE.as_bytes())]);
    let out = dockfix(dir.path(), &["apply", "--only", "compose-restart-policy", "--dry-run", "--format", "json", "."]);
    assert_eq!(out.code, 1);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["schema_version"], 2);
    assert_eq!(json["mode"], "dry-run");
    let change = &json["changes"][0];
    assert_eq!(change["file"], "docker-compose.yml");
    assert_eq!(change["start"]["line"], 2);
    assert_eq!(change["end"]["line"], 3, "the insertion comes after the service's last line");
    assert_eq!(change["transform"], "compose-restart-policy");
    assert_eq!(change["phase"], "reliability");
    assert_eq!(change["safety"], "safe");
    assert_eq!(change["edits"][0]["start"], COMPOSE.len(), "a new line goes where the next line starts");
    assert!(json["files"][0]["diff"].as_str().unwrap().contains("+    restart: unless-stopped"));

    let md =
        dockfix(dir.path(), &["apply", "--only", "compose-restart-policy", "--dry-run", "--format", "markdown", "."]);
    assert!(md.stdout.contains("| `docker-compose.yml:2` | [`compose-restart-policy`]("), "{}", md.stdout);
    assert!(md.stdout.contains("<!-- dockfix:meta {"));
    assert!(md.stdout.contains("```diff\ndiff --git a/docker-compose.yml"), "{}", md.stdout);
}

#[test]
fn list_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let out = dockfix(dir.path(), &["list", "--format", "json"]);
    assert_eq!(out.code, 0);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"compose-restart-policy") && ids.contains(&"dockerignore-keep-lockfiles"));
    for row in &rows {
        assert!(["security", "reliability", "performance", "operations"].contains(&row["phase"].as_str().unwrap()));
        assert!(["safe", "unsafe"].contains(&row["safety"].as_str().unwrap()));
        assert!(!row["summary"].as_str().unwrap().is_empty());
    }
    let text = dockfix(dir.path(), &["list"]);
    assert!(text.stdout.contains("compose-restart-policy") && text.stdout.contains("reliability"));
    let explain = dockfix(dir.path(), &["explain", "compose-restart-policy"]);
    assert_eq!(explain.code, 0);
    for part in ["## Why", "## Leaves alone", "## Before", "## After", "restart: unless-stopped"] {
        assert!(explain.stdout.contains(part), "{part} missing from explain");
    }
    assert_eq!(dockfix(dir.path(), &["explain", "nope"]).code, 2);
}

#[test]
fn invalid_yaml_is_refused_with_its_position() {
    let dir = project(&[
        ("docker-compose.yml", b"services:\n  web:\n    image: [nginx\n"),
        ("api/docker-compose.yml", COMPOSE.as_bytes()),
    ]);
    assert_left_alone(dir.path(), "docker-compose.yml", "error: docker-compose.yml:4:1:");
}

#[test]
fn multi_document_compose_is_refused() {
    let dir = project(&[
        ("compose.yaml", b"services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n"),
        ("api/docker-compose.yml", COMPOSE.as_bytes()),
    ]);
    assert_left_alone(dir.path(), "compose.yaml", "compose.yaml:4:1: this file holds 2 YAML documents");
}

#[test]
fn non_utf8_and_binary_files_are_refused() {
    let dir = project(&[("Dockerfile", b"FROM debian\nRUN echo \xff\n"), ("docker-compose.yml", COMPOSE.as_bytes())]);
    assert_left_alone(dir.path(), "Dockerfile", "Dockerfile:2:10: not valid UTF-8");
    let dir = project(&[(".dockerignore", b"Cargo.lock\n\0\0"), ("docker-compose.yml", COMPOSE.as_bytes())]);
    assert_left_alone(dir.path(), ".dockerignore", ".dockerignore:2:1: binary file");
}

#[test]
fn unparsable_dockerfile_is_refused() {
    let dir = project(&[
        ("Dockerfile", b"FROM debian\nRUN <<EOF\necho never ends\n"),
        ("docker-compose.yml", COMPOSE.as_bytes()),
    ]);
    assert_left_alone(dir.path(), "Dockerfile", "Dockerfile:2:1: unterminated heredoc");
}

#[test]
fn symlinks_out_of_the_tree_and_unreadable_files_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("docker-compose.yml"), COMPOSE).unwrap();
    let dir = project(&[("api/docker-compose.yml", COMPOSE.as_bytes())]);
    std::os::unix::fs::symlink(outside.path().join("docker-compose.yml"), dir.path().join("docker-compose.yml"))
        .unwrap();
    assert_left_alone(dir.path(), "docker-compose.yml", "docker-compose.yml:1:1: symlink leads out of the tree");
    assert_eq!(std::fs::read_to_string(outside.path().join("docker-compose.yml")).unwrap(), COMPOSE);

    // A link to nowhere cannot be read.
    let dir = project(&[("docker-compose.yml", COMPOSE.as_bytes())]);
    std::os::unix::fs::symlink(dir.path().join("missing"), dir.path().join("Dockerfile")).unwrap();
    assert_left_alone(dir.path(), "Dockerfile", "Dockerfile:1:1: cannot read");

    // Permission bits stop a reader that is not root.
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[("docker-compose.yml", COMPOSE.as_bytes()), ("Dockerfile", b"FROM x\n")]);
    std::fs::set_permissions(dir.path().join("Dockerfile"), std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(dir.path().join("Dockerfile")).is_err() {
        assert_left_alone(dir.path(), "Dockerfile", "Dockerfile:1:1: cannot read");
    } else {
        println!("note: running as root, mode 000 does not stop reading; the dangling link above covers an unreadable file");
    }
}

#[test]
fn a_symlink_inside_the_tree_is_written_through() {
    let dir = project(&[("real/compose.yaml", COMPOSE.as_bytes())]);
    std::os::unix::fs::symlink("real/compose.yaml", dir.path().join("docker-compose.yml")).unwrap();
    let out = dockfix(dir.path(), &["apply", "--yes", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::symlink_metadata(dir.path().join("docker-compose.yml")).unwrap().file_type().is_symlink());
    let text = std::fs::read_to_string(dir.path().join("real/compose.yaml")).unwrap();
    assert_eq!(text.matches("restart: unless-stopped").count(), 1, "the same file is edited once:\n{text}");
}

#[test]
fn gitignored_files_are_not_read_and_named_yaml_must_be_compose() {
    let dir = project(&[
        (".gitignore", b"build/\n"),
        ("build/docker-compose.yml", b"services: [not: valid"),
        ("stack.yml", COMPOSE.as_bytes()),
        ("prometheus.yml", b"scrape_configs: []\n"),
    ]);
    let out = dockfix(dir.path(), &["check", "--only", "compose-restart-policy", "."]);
    assert_eq!(out.code, 0, "nothing recognised outside build/: {}", out.stderr);
    let named = dockfix(dir.path(), &["check", "--only", "compose-restart-policy", "stack.yml"]);
    assert_eq!(named.code, 1);
    assert!(named.stdout.contains("stack.yml:2:1: [compose-restart-policy]"), "{}", named.stdout);
    // A file named on the command line that dockfix does not handle is skipped with a note, so
    // pre-commit can pass every changed file.
    let skipped = dockfix(dir.path(), &["check", "prometheus.yml", "stack.yml"]);
    assert_eq!(skipped.code, 1, "{}", skipped.stderr);
    assert!(skipped.stderr.contains("note: prometheus.yml:1:1: skipped: not a compose file"), "{}", skipped.stderr);
    std::fs::write(dir.path().join("README.md"), "# hi\n").unwrap();
    let readme = dockfix(dir.path(), &["check", "README.md"]);
    assert_eq!(readme.code, 0, "{}", readme.stderr);
    assert!(readme.stderr.contains("note: README.md:1:1: skipped"), "{}", readme.stderr);
}

#[test]
fn file_permissions_survive_a_write() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[("docker-compose.yml", COMPOSE.as_bytes())]);
    let path = dir.path().join("docker-compose.yml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(dockfix(dir.path(), &["apply", "--yes", "."]).code, 0);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
}

/// Runs `dockfix apply` on a pseudo-terminal (util-linux `script`), answering `answer`.
fn apply_on_terminal(dir: &Path, answer: &str) -> Option<(i32, String)> {
    let script = std::process::Command::new("script").arg("--version").output();
    if !script.is_ok_and(|o| o.status.success()) {
        common::skip("util-linux `script` is not installed, the prompt is not tested");
        return None;
    }
    let command = format!("{} apply --only compose-restart-policy --color never .", env!("CARGO_BIN_EXE_dockfix"));
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(answer.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    Some((output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned()))
}

#[test]
fn on_a_terminal_dockfix_asks_before_writing() {
    let dir = project(&[("docker-compose.yml", COMPOSE.as_bytes())]);
    let Some((code, screen)) = apply_on_terminal(dir.path(), "n\n") else { return };
    assert!(screen.contains("Apply 1 change to 1 file? [y/N]"), "{screen}");
    assert!(screen.find("+    restart").unwrap() < screen.find("[y/N]").unwrap(), "the diff comes first");
    assert_eq!(code, 1);
    assert_eq!(std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap(), COMPOSE);
    let (code, _) = apply_on_terminal(dir.path(), "y\n").unwrap();
    assert_eq!(code, 0);
    assert!(
        std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap().contains("restart: unless-stopped")
    );
}

#[test]
fn the_bundled_example_is_fixed_and_then_quiet() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/stack"), dir.path());
    let dry = dockfix(dir.path(), &["apply", "--dry-run", "."]);
    assert_eq!(dry.code, 1, "{}", dry.stderr);
    assert!(dry.stdout.contains("+# package-lock.json"));
    assert_eq!(
        dry.stdout.matches("+    restart: unless-stopped").count(),
        4,
        "api, web, cache, db; not migrate, not prometheus"
    );
    assert_eq!(dockfix(dir.path(), &["apply", "--yes", "."]).code, 0);
    assert_eq!(dockfix(dir.path(), &["apply", "--dry-run", "."]).code, 0);
}

#[test]
fn every_transform_has_a_docs_page_and_golden_cases_including_one_without_change() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for meta in dockfix::catalog::all() {
        let page = std::fs::read_to_string(root.join(format!("docs/transforms/{}.md", meta.id)))
            .unwrap_or_else(|_| panic!("docs/transforms/{}.md is missing", meta.id));
        assert!(page.starts_with(&format!("# {}", meta.id)));
        let guide = std::fs::read_to_string(root.join("docs/guide.md")).unwrap();
        assert!(guide.contains(&format!("transforms/{}.md", meta.id)), "the guide links {}", meta.id);
        let cases = root.join("golden").join(&meta.id);
        let unchanged = std::fs::read_dir(&cases)
            .unwrap_or_else(|_| panic!("golden/{} is missing", meta.id))
            .map(|e| e.unwrap().path())
            .filter(|case| read_tree(&case.join("input")) == read_tree(&case.join("expected")))
            .count();
        assert!(unchanged >= 1, "golden/{} needs a case where the transform leaves the files alone", meta.id);
    }
}

#[test]
fn dockfix_toml_sets_the_user_and_bad_config_is_refused() {
    let dockerfile = "FROM debian:bookworm-slim\nCOPY . /app\nCMD [\"/app/run\"]\n";
    let dir = project(&[
        ("Dockerfile", dockerfile.as_bytes()),
        ("dockfix.toml", b"[user]\nname = \"svc\"\nuid = 2000\ngid = 3000\n"),
    ]);
    let out = dockfix(dir.path(), &["apply", "--only", "dockerfile-non-root-user", "--dry-run", "."]);
    assert!(
        out.stdout.contains("useradd --system --uid 2000 --gid 3000") && out.stdout.contains("+USER 2000:3000"),
        "{}",
        out.stdout
    );
    std::fs::write(dir.path().join("dockfix.toml"), "[user]\nname = \"svc\"\nuid = 0\ngid = 5\n").unwrap();
    assert_refused(dir.path(), &["apply", "--dry-run", "."], "dockfix.toml:3:7: 0 is root");
    std::fs::write(dir.path().join("dockfix.toml"), "[user\n").unwrap();
    assert_refused(dir.path(), &["apply", "--dry-run", "."], "dockfix.toml:1:");
}

#[test]
fn dockfix_toml_sets_the_health_path() {
    let dockerfile = "FROM python:3.12-slim\nCOPY app.py .\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n";
    let dir = project(&[
        ("Dockerfile", dockerfile.as_bytes()),
        ("app.py", b"ROUTES = ['/healthz']\n"),
        ("dockfix.toml", b"[health]\npath = \"/status/ready\"\n"),
    ]);
    let out = dockfix(dir.path(), &["apply", "--only", "dockerfile-healthcheck", "--dry-run", "."]);
    assert!(out.stdout.contains("http://127.0.0.1:8000/status/ready"), "the configured path wins over the source's: {}", out.stdout);
    std::fs::write(dir.path().join("dockfix.toml"), "[health]\npath = \"status\"\n").unwrap();
    assert_refused(dir.path(), &["apply", "--dry-run", "."], "dockfix.toml:2:8: the health path starts with `/`");
}

/// A stack whose fixes take several passes, with a secret, a root `.dockerignore` and a symlink.
fn spelled_tree() -> tempfile::TempDir {
    let dir = project(&[
        (
            "sub/docker-compose.yml",
            b"# the shop\nservices:\n  app:\n    build: .\n    environment:\n      DB_PASSWORD: s3cr3t-value-42\n  web:\n    image: nginx\n  db:\n    image: redis\n    ports:\n      - \"6379:6379\"\n",
        ),
        ("sub/Dockerfile", b"FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n"),
        ("sub/.dockerignore", b"__pycache__\n"),
    ]);
    std::os::unix::fs::symlink("Dockerfile", dir.path().join("sub/Dockerfile.link")).unwrap();
    dir
}

#[test]
fn every_spelling_of_a_path_gives_the_same_answer() {
    let dir = spelled_tree();
    let sub = dir.path().join("sub");
    let absolute = sub.to_string_lossy().into_owned();
    let runs = [
        dockfix(&sub, &["apply", "--dry-run", "--format", "json", "."]),
        dockfix(dir.path(), &["apply", "--dry-run", "--format", "json", "./sub"]),
        dockfix(dir.path(), &["apply", "--dry-run", "--format", "json", "sub"]),
        dockfix(Path::new("/"), &["apply", "--dry-run", "--format", "json", &absolute]),
        dockfix(dir.path(), &["apply", "--dry-run", "--format", "json", "sub/"]),
    ];
    for run in &runs {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(run.stdout, runs[0].stdout, "the same tree, spelled differently, gives the same output");
    }
    let json: serde_json::Value = serde_json::from_str(&runs[0].stdout).unwrap();
    let files: Vec<&str> = json["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    // The existing .dockerignore of the context `.` is read and gets `.env`; no new one is made.
    assert!(files.contains(&".dockerignore"), "{files:?}");
    assert!(json["notes"].as_array().unwrap().iter().all(|n| !n["message"].as_str().unwrap().contains("did not read it")));
    // The Dockerfile reached through a link is one file, changed once.
    let dockerfiles = files.iter().filter(|f| f.starts_with("Dockerfile")).count();
    assert_eq!(dockerfiles, 1, "{files:?}");
}

#[test]
fn findings_name_lines_of_the_file_on_disk() {
    let dir = spelled_tree();
    let sub = dir.path().join("sub");
    let original = std::fs::read_to_string(sub.join("docker-compose.yml")).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let out = dockfix(&sub, &["check", "--format", "json", "."]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let mut previous = (String::new(), 0);
    for change in json["changes"].as_array().unwrap() {
        let (file, line) = (change["file"].as_str().unwrap().to_string(), change["start"]["line"].as_u64().unwrap() as usize);
        assert!((file.clone(), line) >= previous, "findings are sorted");
        previous = (file.clone(), line);
        if file != "docker-compose.yml" {
            continue;
        }
        let message = change["message"].as_str().unwrap();
        let named = message.split('`').nth(1).unwrap_or_default();
        let text = lines[line - 1];
        // A finding about a service points at the service's key, whatever pass found it.
        if ["app", "web", "db"].contains(&named) {
            assert_eq!(text.trim(), format!("{named}:"), "{message} points at line {line}: {text}");
        }
    }
    let notes = json["notes"].as_array().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for note in notes {
        assert!(seen.insert(note.to_string()), "a note is reported once: {note}");
        assert!(note["line"].as_u64().unwrap() as usize <= lines.len());
    }
}

#[test]
fn tracked_files_are_examined_even_when_gitignored() {
    if std::process::Command::new("git").arg("--version").output().is_err() {
        common::skip("no git");
        return;
    }
    let dir = project(&[(".gitignore", b"*.deb\n"), ("Dockerfile.deb", b"FROM debian:bookworm-slim\nCMD [\"app\"]\n")]);
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git").args(args).current_dir(dir.path()).output().unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "-f", ".gitignore", "Dockerfile.deb"]);
    let out = dockfix(dir.path(), &["check", "--only", "dockerfile-non-root-user", "."]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Dockerfile.deb:1:1: [dockerfile-non-root-user]"), "{}", out.stdout);
}

#[test]
fn error_output_never_holds_a_secret_value() {
    let secret = "hunter2-Very-Secret-9";
    let compose = format!(
        "services:\n  db:\n    image: postgres:16\n    environment: {{POSTGRES_PASSWORD: {secret}}}\n  bad:\n    image: [x\n"
    );
    let dir = project(&[
        ("docker-compose.yml", compose.as_bytes()),
        ("api/docker-compose.yml", format!("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: {secret}\n").as_bytes()),
        ("api/Dockerfile", format!("FROM debian\nENV API_TOKEN={secret}\nRUN <<EOF\n").as_bytes()),
    ]);
    let mut latin1 = format!("FROM debian\nENV API_TOKEN={secret}\nRUN echo ").into_bytes();
    latin1.extend(b"\xff\n");
    std::fs::write(dir.path().join("Dockerfile"), latin1).unwrap();
    for args in [
        &["apply", "--dry-run", "."][..],
        &["apply", "--yes", "."],
        &["check", "--format", "json", "."],
        &["apply", "--dry-run", "--format", "markdown", "."],
    ] {
        let out = dockfix(dir.path(), args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains(secret), "{args:?} printed a secret on stderr:\n{}", out.stderr);
        for line in out.stdout.lines().filter(|l| l.contains("error") || l.contains("note")) {
            assert!(!line.contains(secret), "{args:?}: {line}");
        }
    }
}

/// The HEAN layout: a Makefile starts a monitoring compose file that was never committed.
/// `check` reports it on the Makefile's line; `--scaffold` writes it, and the stack it writes
/// passes every phase (nothing left to fix in it) and loads in `docker-compose`.
#[test]
fn a_missing_monitoring_file_is_reported_and_scaffolded_to_pass_every_phase() {
    let makefile = "up:\n\tdocker compose up -d\n\nmonitoring:\n\tdocker compose -f docker-compose.yml -f docker-compose.monitoring.yml up -d\n";
    let compose = "services:\n  api:\n    image: example/api:1.2\n";
    let dir = project(&[("Makefile", makefile.as_bytes()), ("docker-compose.yml", compose.as_bytes())]);
    let check = dockfix(dir.path(), &["check", "--phase", "operations", "."]);
    assert!(
        check.stderr.contains("Makefile:5: [compose-file-references] `docker-compose.monitoring.yml` (`docker compose -f`) does not exist"),
        "{}",
        check.stderr
    );
    let apply = dockfix(dir.path(), &["apply", "--yes", "--unsafe", "--scaffold", "."]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    let written = std::fs::read_to_string(dir.path().join("docker-compose.monitoring.yml")).unwrap();
    let template = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms/scaffold/monitoring.yml")).unwrap();
    assert_eq!(written, template.replace("{file}", "docker-compose.monitoring.yml"), "no other transform had anything to change in it");
    let example = std::fs::read_to_string(dir.path().join(".env.example")).unwrap();
    assert!(example.contains("GRAFANA_ADMIN_PASSWORD="), "{example}");
    let again = dockfix(dir.path(), &["check", "--unsafe", "docker-compose.monitoring.yml"]);
    assert_eq!(again.code, 0, "every phase passes on the scaffold: {}{}", again.stdout, again.stderr);
    assert!(!again.stderr.contains("docker-compose.monitoring.yml:"), "no notes on the scaffold: {}", again.stderr);
    if std::process::Command::new("docker-compose").arg("version").output().is_err() {
        common::skip("docker-compose is not installed; the scaffold was not loaded by Compose");
        return;
    }
    common::compose_config(dir.path(), &["docker-compose.yml", "docker-compose.monitoring.yml"])
        .unwrap_or_else(|e| panic!("the scaffold does not load in docker-compose: {e}"));
}

/// A build context at the root of the run has no path to show: the message says so in words
/// (it read "the build context  has no .dockerignore").
#[test]
fn a_root_build_context_is_named_in_words() {
    let dir = project(&[("Dockerfile", b"FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n")]);
    let out = dockfix(dir.path(), &["check", "--only", "dockerignore-secrets", "."]);
    assert_eq!(out.code, 1, "stdout: {}\nstderr: {}", out.stdout, out.stderr);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(all.contains("the build context (this folder) has no .dockerignore: created one"), "{all}");
    assert!(!all.contains("  has"), "{all}");
}

/// A failure of dockfix's own while one part of a run is read or modelled leaves that part's
/// files alone, reports each with exit 2, and still fixes the other parts (fault injected in
/// debug builds with `DOCKFIX_FAIL_PART_OF`).
#[test]
fn a_part_that_fails_inside_dockfix_is_left_alone_and_the_rest_is_fixed() {
    if !cfg!(debug_assertions) {
        common::skip("fault injection (a release build has none)");
        return;
    }
    // Ten files in five unrelated folders: more than a small run, so the run is split.
    let mut files: Vec<(String, &[u8])> = Vec::new();
    for folder in ["a", "b", "c", "d", "e"] {
        files.push((format!("{folder}/docker-compose.yml"), COMPOSE.as_bytes()));
        files.push((format!("{folder}/Dockerfile"), b"FROM alpine:3.20\nCMD [\"sleep\", \"1000\"]\n"));
    }
    let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (p.as_str(), *c)).collect();
    let dir = project(&borrowed);
    let before = read_tree(dir.path());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dockfix"))
        .args(["apply", "--yes", "--only", "compose-restart-policy", "."])
        .current_dir(dir.path())
        .env("DOCKFIX_FAIL_PART_OF", "a/docker-compose.yml")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("a/docker-compose.yml:1:1: an internal error while reading or modelling"), "{stderr}");
    assert!(!stderr.contains("injected failure"), "a panic's message is never printed: {stderr}");
    let after = read_tree(dir.path());
    assert_eq!(after["a/docker-compose.yml"], before["a/docker-compose.yml"], "the failed part is left alone");
    for folder in ["b", "c", "d", "e"] {
        let path = format!("{folder}/docker-compose.yml");
        assert!(String::from_utf8_lossy(&after[&path]).contains("restart: unless-stopped"), "{path} is still fixed: {stderr}");
    }
}

/// A run on a few named files (a pre-commit hook's) is served by the system's allocator, a run
/// over a folder by mimalloc (see `main.rs`); both give the same findings. (The choice reads
/// the arguments glibc hands a constructor; elsewhere every run uses mimalloc.)
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_allocator_follows_the_command_line() {
    let dir = project(&[("docker-compose.yml", COMPOSE.as_bytes()), ("app/Dockerfile", b"FROM python:3.12-slim\nRUN pip install flask\n")]);
    let few = dockfix(dir.path(), &["check", "--verbose", "docker-compose.yml", "app/Dockerfile"]);
    assert!(few.stderr.contains("dockfix: allocator: the system's"), "{}", few.stderr);
    let folder = dockfix(dir.path(), &["check", "--verbose", "."]);
    assert!(folder.stderr.contains("dockfix: allocator: mimalloc"), "{}", folder.stderr);
    let mixed = dockfix(dir.path(), &["check", "--verbose", "docker-compose.yml", "app"]);
    assert!(mixed.stderr.contains("dockfix: allocator: mimalloc"), "{}", mixed.stderr);
    assert_eq!((few.code, few.stdout.lines().count()), (folder.code, folder.stdout.lines().count()));
    assert!(few.stdout.lines().count() > 1, "{}", few.stdout);
}

/// Parts run largest first, but what they create is listed in the order of the parts (their
/// first files' order), as one project would list it: a small part before a large one.
#[test]
fn created_files_follow_the_parts_order_not_the_order_they_ran_in() {
    let secret = b"services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2hunter2\n";
    let mut files: Vec<(String, Vec<u8>)> = vec![("a/compose.yaml".into(), secret.to_vec())];
    let mut big = String::from("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cret-s3cret\n");
    for i in 0..10 {
        big.push_str(&format!("  app{i}:\n    build: ./app{i}\n"));
        files.push((format!("b/app{i}/Dockerfile"), b"FROM python:3.12-slim\nCMD [\"python\", \"-m\", \"http.server\"]\n".to_vec()));
    }
    files.push(("b/compose.yaml".into(), big.into_bytes()));
    let listed: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
    let dir = project(&listed);
    let out = dockfix(dir.path(), &["apply", "--dry-run", "--verbose", "."]);
    assert!(out.stderr.contains("independent parts"), "the run was split into parts: {}", out.stderr);
    let (small, large) = (out.stdout.find("a/.env.example"), out.stdout.find("b/.env.example"));
    assert!(small.is_some() && large.is_some(), "both parts create .env.example: {}", out.stdout);
    assert!(small < large, "the small part's file first: {}", out.stdout);
}

/// A repository's top-level Dockerfile publishes the image named after the repository's folder;
/// a compose file next to it that runs that image lends its mounts to the USER decision, also
/// when dockfix runs from that folder (`.`), where the Dockerfile's shown path holds no folder.
#[test]
fn a_top_level_dockerfile_is_named_after_its_folder() {
    let top = tempfile::tempdir().unwrap();
    let repo = top.path().join("webapp");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(repo.join("Dockerfile"), "FROM node:22-bookworm-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n").unwrap();
    std::fs::write(repo.join("server.js"), "require('http').createServer().listen(3000);\n").unwrap();
    let compose = "services:\n  webapp:\n    image: ghcr.io/example/webapp:latest\n    volumes:\n      - ./data:/app/data\n";
    std::fs::write(repo.join("docker-compose.yml"), compose).unwrap();
    let out = dockfix(&repo, &["check", "--only", "dockerfile-non-root-user", "."]);
    assert!(out.stderr.contains("no USER added: `webapp` mounts `./data` at /app/data, writable"), "{}\n{}", out.stdout, out.stderr);
    // Without the writable mount the image gets its user.
    std::fs::write(repo.join("docker-compose.yml"), compose.replace("/app/data\n", "/app/data:ro\n")).unwrap();
    let out = dockfix(&repo, &["check", "--only", "dockerfile-non-root-user", "."]);
    assert!(out.stdout.contains("[dockerfile-non-root-user]"), "{}\n{}", out.stdout, out.stderr);
}

/// Traefik's `traefik.docker.network` label names the network under the Compose project's name:
/// `COMPOSE_PROJECT_NAME` in `.env` wins over the file's `name:`, which wins over the folder's
/// name; a name not fixed by the file itself comes with a note.
#[test]
fn the_traefik_network_label_uses_the_project_name_compose_will_use() {
    let compose = "services:\n  proxy:\n    image: traefik:v3\n  app:\n    image: example/app:1\n    environment:\n      DATABASE_URL: postgres://app@db/app\n    labels:\n      - traefik.enable=true\n  db:\n    image: postgres:16\n";
    let label = |dir: &Path| {
        let out = dockfix(dir, &["apply", "--only", "compose-network-isolation", "--yes", "."]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let text = std::fs::read_to_string(dir.join("compose.yaml")).unwrap();
        let label = text.lines().find_map(|l| l.trim().strip_prefix("- traefik.docker.network=")).map(str::to_string);
        (label, out.stderr)
    };
    let dir = project(&[("My Shop/compose.yaml", compose.as_bytes())]);
    let (found, notes) = label(&dir.path().join("My Shop"));
    assert_eq!(found.as_deref(), Some("myshop_frontend"), "the folder's name, as Compose normalises it");
    assert!(notes.contains("`myshop` is the project's name from the folder's name"), "{notes}");
    let named = format!("name: store\n{compose}");
    let dir = project(&[("shop/compose.yaml", named.as_bytes())]);
    let (found, notes) = label(&dir.path().join("shop"));
    assert_eq!(found.as_deref(), Some("store_frontend"));
    assert!(!notes.contains("project's name from"), "the file names itself: {notes}");
    let dir = project(&[("shop/compose.yaml", named.as_bytes()), ("shop/.env", b"COMPOSE_PROJECT_NAME=prod\n")]);
    let (found, notes) = label(&dir.path().join("shop"));
    assert_eq!(found.as_deref(), Some("prod_frontend"), ".env's COMPOSE_PROJECT_NAME wins over `name:`");
    assert!(notes.contains("from COMPOSE_PROJECT_NAME in .env"), "{notes}");
}

/// A `.env` that git tracks is the project's own list of settings: no `.env.example` is written
/// beside it (it would list the same names without their values); a variable it lacks is named
/// in a note. Untracked, the same folder gets its `.env.example`.
#[test]
fn no_env_example_beside_a_env_file_git_tracks() {
    let compose = "services:\n  db:\n    image: mysql:8\n    environment:\n      MYSQL_USER: ${DB_USERNAME}\n      MYSQL_PASSWORD: ${DB_PASSWORD}\n    healthcheck:\n      test: [\"CMD\", \"mysqladmin\", \"ping\", \"-p${MYSQL_PASSWORD}\"]\n";
    let dir = project(&[("compose.yaml", compose.as_bytes()), (".env", b"DB_USERNAME=ninja\nDB_PASSWORD=ninja\n")]);
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git").arg("-C").arg(dir.path()).args(args).output().expect("git runs");
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", ".env", "compose.yaml"]);
    let out = dockfix(dir.path(), &["apply", "--yes", "--only", "env-example-sync", "."]);
    assert!(!dir.path().join(".env.example").exists(), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("no .env.example written: git tracks this folder's .env") && out.stderr.contains("it does not set `MYSQL_PASSWORD`"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("`DB_PASSWORD`"), "the tracked .env sets it: {}", out.stderr);
    git(&["rm", "-q", "--cached", ".env"]);
    let out = dockfix(dir.path(), &["apply", "--yes", "--only", "env-example-sync", "."]);
    let example = std::fs::read_to_string(dir.path().join(".env.example")).unwrap_or_else(|_| panic!("{}{}", out.stdout, out.stderr));
    assert!(example.contains("DB_PASSWORD=") && example.contains("MYSQL_PASSWORD="), "{example}");
}

/// A `.env` that git tracks holds the project's settings and is committed: a secret moved there
/// would be committed with it, so the secret stays where it is, with a note. Untracked (and
/// then git-ignored by dockfix), the same `.env` takes it.
#[test]
fn secrets_are_not_moved_into_a_env_file_git_tracks() {
    let compose = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Value-9\n";
    let dir = project(&[("compose.yaml", compose.as_bytes()), (".env", b"COMPOSE_PROJECT_NAME=shop\n")]);
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git").arg("-C").arg(dir.path()).args(args).output().expect("git runs");
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", ".env", "compose.yaml"]);
    let out = dockfix(dir.path(), &["check", "--only", "compose-env-credentials", "."]);
    assert!(out.stderr.contains("`POSTGRES_PASSWORD` of `db` left in place: git tracks this folder's .env"), "{}", out.stderr);
    assert!(!out.stdout.contains("moved to .env"), "{}", out.stdout);
    assert!(!out.stderr.contains("s3cr3t") && !out.stdout.contains("s3cr3t"), "no message prints the secret");
    git(&["rm", "-q", "--cached", ".env"]);
    let out = dockfix(dir.path(), &["check", "--only", "compose-env-credentials", "."]);
    assert!(out.stdout.contains("moved to .env as POSTGRES_PASSWORD"), "{}", out.stdout);
}
