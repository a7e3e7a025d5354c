//! What a user sets: dockfix.toml (nearest per file, --config, init, mistakes with their line),
//! suppressions in files, and the command line's selection and output flags.

mod common;

use common::dockfix;
use std::path::Path;

const COMPOSE: &str = "services:\n  web:\n    image: nginx:1.27\n  worker:\n    image: example/worker:1.0\n";

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn transforms_in(out: &str) -> std::collections::BTreeSet<String> {
    out.lines().filter_map(|l| l.split_once(": [").and_then(|(_, rest)| rest.split_once(']')).map(|(id, _)| id.to_string())).collect()
}

#[test]
fn each_file_follows_the_nearest_dockfix_toml() {
    let dir = tree(&[
        ("dockfix.toml", "select = [\"reliability\"]\n"),
        ("docker-compose.yml", COMPOSE),
        ("ops/dockfix.toml", "select = [\"compose-no-new-privileges\"]\n"),
        ("ops/docker-compose.yml", COMPOSE),
        ("legacy/dockfix.toml", "ignore = [\"reliability\", \"operations\"]\n"),
        ("legacy/docker-compose.yml", COMPOSE),
    ]);
    let out = dockfix(dir.path(), &["check", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let by_file = |prefix: &str| {
        let lines: String = out.stdout.lines().filter(|l| l.starts_with(prefix)).map(|l| format!("{l}\n")).collect();
        transforms_in(&lines)
    };
    assert!(by_file("docker-compose.yml").contains("compose-restart-policy"));
    assert!(!by_file("docker-compose.yml").contains("compose-no-new-privileges"), "the root config selects reliability only");
    assert_eq!(by_file("ops/").into_iter().collect::<Vec<_>>(), ["compose-no-new-privileges"], "{}", out.stdout);
    let legacy = by_file("legacy/");
    assert!(legacy.contains("compose-no-new-privileges") && !legacy.contains("compose-restart-policy"), "{legacy:?}");
    // Pointing at a subfolder still finds the config above it; --config overrides discovery.
    let ops = dockfix(dir.path(), &["check", "ops"]);
    assert_eq!(transforms_in(&ops.stdout).into_iter().collect::<Vec<_>>(), ["compose-no-new-privileges"]);
    std::fs::write(dir.path().join("other.toml"), "select = [\"compose-restart-policy\"]\n").unwrap();
    let forced = dockfix(dir.path(), &["check", "--config", "other.toml", "."]);
    assert_eq!(transforms_in(&forced.stdout).into_iter().collect::<Vec<_>>(), ["compose-restart-policy"]);
    assert_eq!(forced.stdout.lines().count(), 6, "two services in each of three files: {}", forced.stdout);
    // The command line's --phase wins over `select`; `ignore` still holds.
    let phase = dockfix(dir.path(), &["check", "--phase", "security", "legacy"]);
    assert!(transforms_in(&phase.stdout).contains("compose-no-new-privileges"));
}

#[test]
fn a_broken_dockfix_toml_stops_the_run_with_its_line() {
    for (text, expected) in [
        ("select = [\"security\"]\n\n[user]\nname = \"app\"\nuid = 10\ngid = 10\nshell = \"/bin/sh\"\n", "dockfix.toml:7:1: unknown field `shell`"),
        ("select = [\"securty\"]\n", "dockfix.toml:1:11: `select`: unknown transform or phase `securty` (did you mean `security`?)"),
        ("[resources.app]\nmemory = 512\n", "dockfix.toml:2:10: invalid type"),
        ("unsafe = true\nunsafe = false\n", "dockfix.toml:2:1: "),
    ] {
        let dir = tree(&[("dockfix.toml", text), ("docker-compose.yml", COMPOSE)]);
        let out = dockfix(dir.path(), &["apply", "--yes", "."]);
        assert_eq!(out.code, 2, "{text}");
        assert!(out.stderr.contains(expected), "{text:?}: expected {expected:?} in {}", out.stderr);
        assert_eq!(std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap(), COMPOSE, "nothing written");
    }
}

#[test]
fn config_excludes_unsafe_networks_and_catalog() {
    let compose = "services:\n  app:\n    image: acme/server:2\n    environment:\n      DB_HOST: db\n  db:\n    image: postgres:16\n  proxy:\n    image: traefik:3\n";
    let dir = tree(&[
        (
            "dockfix.toml",
            "unsafe = true\nexclude = [\"fixtures\"]\ncatalog = [\"images\"]\n[networks]\nfrontend = \"edge\"\nbackend = \"data\"\n",
        ),
        ("docker-compose.yml", compose),
        ("fixtures/docker-compose.yml", COMPOSE),
        ("images/acme.toml", "[[image]]\nmatch = [\"acme/server\"]\nfamily = \"debian\"\nrole = \"datastore\"\n"),
    ]);
    let out = dockfix(dir.path(), &["apply", "--dry-run", "--only", "compose-network-isolation", "--only", "compose-cap-drop", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!out.stdout.contains("fixtures/"), "excluded by dockfix.toml: {}", out.stdout);
    assert!(out.stdout.contains("+  edge: {}") || out.stdout.contains("+  edge:"), "the configured network names: {}", out.stdout);
    assert!(out.stdout.contains("internal: true") && out.stdout.contains("- data"), "{}", out.stdout);
    assert!(out.stdout.contains("cap_drop:"), "unsafe = true runs compose-cap-drop: {}", out.stdout);
    // The catalog folder made acme/server a datastore: it joins only the internal network.
    assert!(out.stdout.contains("       DB_HOST: db\n+    networks:\n+      - data\n   db:"), "acme/server is a datastore by the user's catalog: {}", out.stdout);
    let cli_excluded = dockfix(dir.path(), &["check", "--exclude", "docker-compose.yml", "."]);
    assert_eq!(cli_excluded.code, 0, "every file excluded: {}", cli_excluded.stdout);
    let broken = tree(&[("dockfix.toml", "catalog = [\"images\"]\n"), ("images/x.toml", "[[image]]\nfamily = \"debian\"\n"), ("docker-compose.yml", COMPOSE)]);
    let out = dockfix(broken.path(), &["check", "."]);
    assert!(out.code == 2 && out.stderr.contains("x.toml:1:1: [[image]] entry 1 needs a `match` list"), "{}", out.stderr);
}

#[test]
fn init_writes_a_commented_file_and_updates_it_in_place() {
    let dir = tree(&[("docker-compose.yml", COMPOSE)]);
    let out = dockfix(dir.path(), &["init"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let written = std::fs::read_to_string(dir.path().join("dockfix.toml")).unwrap();
    assert!(written.contains("# [user]") && written.contains("# select ="));
    assert_eq!(dockfix(dir.path(), &["init"]).code, 2, "an existing file is not overwritten");
    let mut mine = written.replace("# ignore = [\"compose-read-only\"]", "ignore = [\"compose-read-only\"] # we need writes");
    mine.push_str("\n# my own note\n");
    std::fs::write(dir.path().join("dockfix.toml"), &mine).unwrap();
    let out = dockfix(dir.path(), &["init", "--select", "security", "--unsafe"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let updated = std::fs::read_to_string(dir.path().join("dockfix.toml")).unwrap();
    assert!(updated.contains("ignore = [\"compose-read-only\"] # we need writes") && updated.contains("# my own note"), "{updated}");
    assert!(updated.contains("select = [\"security\"]") && updated.contains("unsafe = true"), "{updated}");
    let check = dockfix(dir.path(), &["check", "."]);
    assert!(transforms_in(&check.stdout).contains("compose-no-new-privileges") && !transforms_in(&check.stdout).contains("compose-restart-policy"));
    assert_eq!(dockfix(dir.path(), &["init", "--select", "speed"]).code, 2, "a wrong id is refused");
}

#[test]
fn suppressions_by_node_line_file_and_their_warnings() {
    let compose = "\
services:
  # dockfix: ignore[compose-restart-policy, compose-no-new-privileges]
  web:
    image: nginx:1.27
  worker: # dockfix: ignore[compose-restart-policy]
    image: example/worker:1.0
  db: # dockfix: ignore
    image: postgres:16
  cache:
    # dockfix: ignore[compose-restart-policy]
    image: redis:7
    restart: always
  extra:
    # dockfix: ignore[compose-restart-polcy]
    image: example/extra:1
";
    let dockerfile = "# dockfix: ignore[dockerfile-non-root-user]\nFROM debian:bookworm-slim\nCMD [\"sleep\", \"infinity\"]\n";
    let dir = tree(&[("docker-compose.yml", compose), ("Dockerfile", dockerfile)]);
    let out = dockfix(dir.path(), &["check", "--only", "compose-restart-policy", "--only", "compose-no-new-privileges", "--only", "dockerfile-non-root-user", "."]);
    let findings: Vec<&str> = out.stdout.lines().collect();
    let has = |line: usize, id: &str| findings.iter().any(|f| f.starts_with(&format!("docker-compose.yml:{line}:")) && f.contains(&format!("[{id}]")));
    assert!(!has(3, "compose-restart-policy") && !has(3, "compose-no-new-privileges"), "the line before a service key: {findings:?}");
    assert!(!has(5, "compose-restart-policy") && has(5, "compose-no-new-privileges"), "at the end of the service key's line, for the ids named: {findings:?}");
    assert!(!has(7, "compose-restart-policy") && !has(7, "compose-no-new-privileges"), "a bare ignore, for every transform: {findings:?}");
    assert!(has(13, "compose-restart-policy"), "a misspelt id suppresses nothing: {findings:?}");
    assert!(!findings.iter().any(|f| f.starts_with("Dockerfile:")), "the top of a file covers it all: {findings:?}");
    assert!(out.stderr.contains("docker-compose.yml:14:5: unknown transform `compose-restart-polcy` in suppression (did you mean `compose-restart-policy`?)"), "{}", out.stderr);
    assert!(out.stderr.contains("docker-compose.yml:10:5: unused suppression: `compose-restart-policy` changes nothing here"), "{}", out.stderr);
    assert!(!out.stderr.contains("docker-compose.yml:5:11: unused"), "line 5's suppression did suppress: {}", out.stderr);
    let quiet = dockfix(dir.path(), &["check", "--quiet", "."]);
    assert!(!quiet.stderr.contains("warning:") && !quiet.stderr.contains("note:"), "--quiet: {}", quiet.stderr);
}

#[test]
fn a_bare_suppression_before_a_service_ignores_every_transform_there() {
    let compose = "services:\n  # dockfix: ignore\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\"\n  web:\n    image: nginx:1.27\n";
    let dir = tree(&[("docker-compose.yml", compose)]);
    let out = dockfix(dir.path(), &["check", "--unsafe", "."]);
    assert!(!out.stdout.lines().any(|l| l.starts_with("docker-compose.yml:3:")), "{}", out.stdout);
    assert!(out.stdout.lines().any(|l| l.starts_with("docker-compose.yml:7:")), "{}", out.stdout);
    let nothing = tree(&[("docker-compose.yml", "services:\n  # dockfix: ignore\n  web:\n    image: nginx:1.27\n    restart: always\n    security_opt: [\"no-new-privileges:true\"]\n    logging: {driver: local}\n    healthcheck: {test: [\"CMD\", \"true\"]}\n")]);
    let out = dockfix(nothing.path(), &["check", "."]);
    assert!(out.stderr.contains("docker-compose.yml:2:3: unused suppression: no transform changes anything here"), "{}", out.stderr);
}

#[test]
fn exit_codes_and_output_flags() {
    let dir = tree(&[("docker-compose.yml", COMPOSE)]);
    assert_eq!(dockfix(dir.path(), &["check", "."]).code, 1, "fixable findings");
    assert_eq!(dockfix(dir.path(), &["check", "--exit-zero", "."]).code, 0);
    assert_eq!(dockfix(dir.path(), &["apply", "--dry-run", "--exit-zero", "."]).code, 0);
    let verbose = dockfix(dir.path(), &["check", "--verbose", "."]);
    assert!(verbose.stderr.contains("dockfix: 1 files read, 0 excluded") && verbose.stderr.contains("transforms: "), "{}", verbose.stderr);
    let broken = tree(&[("docker-compose.yml", "services:\n  web: [\n")]);
    assert_eq!(dockfix(broken.path(), &["check", "--exit-zero", "."]).code, 2, "errors still exit 2");
    let typo = dockfix(dir.path(), &["check", "--only", "compose-restart-polcy", "."]);
    assert!(typo.code == 2 && typo.stderr.contains("did you mean `compose-restart-policy`?"), "{}", typo.stderr);
    let phase = dockfix(dir.path(), &["check", "--phase", "securty", "."]);
    assert!(phase.code == 2 && phase.stderr.contains("did you mean `security`?"), "{}", phase.stderr);
    let unsafe_only = dockfix(dir.path(), &["check", "--only", "compose-cap-drop", "."]);
    assert!(unsafe_only.code == 2 && unsafe_only.stderr.contains("`compose-cap-drop` is unsafe: it runs only with --unsafe"), "{}", unsafe_only.stderr);
    let mixed = dockfix(dir.path(), &["check", "--only", "compose-cap-drop", "--only", "compose-restart-policy", "."]);
    assert!(mixed.code == 1 && mixed.stderr.contains("warning: `compose-cap-drop` is unsafe"), "{}", mixed.stderr);
    let outside = dockfix(dir.path(), &["check", "--phase", "security", "--only", "compose-restart-policy", "."]);
    assert!(outside.code == 2 && outside.stderr.contains("in the reliability phase, which --phase leaves out"), "{}", outside.stderr);
}

#[test]
fn help_names_every_file_kind_and_every_argument_has_help() {
    let dir = tempfile::tempdir().unwrap();
    let help = dockfix(dir.path(), &["apply", "--help"]);
    for kind in ["Dockerfile", "compose", ".dockerignore", ".env.example", ".env (", "Makefile", "dockfix.toml", "secrets/"] {
        assert!(help.stdout.contains(kind), "--help names {kind}: {}", help.stdout);
    }
    fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in command.get_arguments() {
            if arg.get_help().is_none() && !["help", "version"].contains(&arg.get_id().as_str()) {
                missing.push(format!("{path} {}", arg.get_id()));
            }
        }
        for sub in command.get_subcommands() {
            if sub.get_about().is_none() {
                missing.push(format!("{path} {}", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(&dockfix::cli::command(), "dockfix", &mut missing);
    assert!(missing.is_empty(), "no help line: {missing:?}");
    let completions = dockfix(dir.path(), &["completions", "bash"]);
    assert!(completions.code == 0 && completions.stdout.contains("_dockfix()") && completions.stdout.contains("--exit-zero"));
    let man = dockfix(dir.path(), &["man"]);
    assert!(man.code == 0 && man.stdout.starts_with(".ie") || man.stdout.contains(".TH dockfix"), "{}", &man.stdout[..man.stdout.len().min(200)]);
}

#[test]
fn explain_and_unknown_ids() {
    let dir = tempfile::tempdir().unwrap();
    let out = dockfix(dir.path(), &["explain", "compose-restart-polcy"]);
    assert!(out.code == 2 && out.stderr.contains("did you mean `compose-restart-policy`?"), "{}", out.stderr);
    let page = dockfix(dir.path(), &["explain", "compose-restart-policy"]);
    for part in ["# compose-restart-policy", "**Safety**"] {
        assert!(page.stdout.contains(part), "{part}: {}", page.stdout);
    }
    let _ = Path::new(".");
}

#[test]
fn a_progress_bar_shows_on_a_terminal_for_many_files() {
    if !std::process::Command::new("script").arg("--version").output().is_ok_and(|o| o.status.success()) {
        common::skip("util-linux `script` is not installed: the progress bar is not tested");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for i in 0..260 {
        let folder = dir.path().join(format!("s{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("Dockerfile"), "FROM debian:bookworm-slim\nCMD [\"sleep\", \"1\"]\n").unwrap();
    }
    let terminal = |extra: &str| {
        let command = format!("{} check --exit-zero {extra} .", env!("CARGO_BIN_EXE_dockfix"));
        let out = std::process::Command::new("script").args(["-qec", &command, "/dev/null"]).current_dir(dir.path()).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(terminal("").contains("reading "), "a bar while 260 files are read");
    assert!(!terminal("--quiet").contains("reading "), "--quiet has none");
    let piped = dockfix(dir.path(), &["check", "--exit-zero", "."]);
    assert!(!piped.stderr.contains("reading "), "none when stderr is not a terminal");
}
