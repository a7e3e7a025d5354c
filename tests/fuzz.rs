//! Fuzzing on stable Rust: proptest drives mutations of real files (every Dockerfile, compose
//! file and `.dockerignore` of `../shared/corpus`, and the golden inputs) into each layer of
//! dockfix, and shrinks what fails to a small input. Targets and their properties:
//! - `dockerfile_parser`: no panic; a parsed file prints back byte for byte;
//! - `yaml_locator_and_recipes`: no panic; every recipe's edits are accepted, mean what they say
//!   (`verify`) and re-parse;
//! - `shell_analysis`: no panic; quoting nothing changes nothing; a reading verifies against
//!   itself;
//! - `pipeline`: the dockfix binary over a generated project (a mutated compose file, Dockerfile
//!   and `.dockerignore`): never an internal error or a crash, and a second run changes nothing.
//!
//! CI runs a short batch of each. `DOCKFIX_FUZZ_SECONDS=600 cargo test --release --test fuzz
//! -- --nocapture --test-threads 1` runs each target for that long (the figures are in
//! docs/testing.md). A failure is printed shrunk; it becomes a regression test.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Dockerfile,
    Compose,
    Ignore,
}

/// The seed files, by kind.
fn seeds() -> &'static Vec<(Kind, String)> {
    static SEEDS: OnceLock<Vec<(Kind, String)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut folders = vec![root.join("golden"), root.join("examples"), root.join("tests/runtime/stacks")];
        folders.extend(common::corpus());
        let mut out = Vec::new();
        for folder in folders {
            for path in common::files_named(&folder, |_| true) {
                let name = path.file_name().unwrap().to_string_lossy().to_lowercase();
                let kind = if name.contains("dockerfile") || name == "containerfile" {
                    Kind::Dockerfile
                } else if (name.ends_with(".yml") || name.ends_with(".yaml")) && (name.contains("compose")) {
                    Kind::Compose
                } else if name == ".dockerignore" {
                    Kind::Ignore
                } else {
                    continue;
                };
                if let Ok(text) = std::fs::read_to_string(&path) {
                    if text.len() < 64 * 1024 {
                        out.push((kind, text));
                    }
                }
            }
        }
        out
    })
}

/// Bits of syntax the mutations insert: what tends to break parsers.
const TOKENS: &[&str] = &[
    "\n", "\r\n", "\\\n", "\\", "#", " # c\n", ":", ": ", "- ", "  ", "\t", "\"", "'", "${", "}", "$", "{", "[", "]", ",", "|", ">", "&a ", "*a",
    "<<: *a\n", "<<EOF\nx\nEOF\n", "FROM ", "RUN ", "USER ", "CMD [\"a\"", "ENTRYPOINT ", "HEALTHCHECK NONE\n", "COPY . .\n", "ARG X=1\n", "services:\n",
    "  web:\n", "    image: nginx\n", "    ports:\n      - \"80:80\"\n", "environment:\n", "PASSWORD: x\n", "\u{feff}", "é", "`", ";", "&&", "--", "!",
    "*", "**/", "# escape=`\n", "# syntax=docker/dockerfile:1\n", "---\n", "...\n", "~", "null", "0x", "\0",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(f64, usize),
    Delete(f64, usize),
    Duplicate(f64, usize),
    Splice(f64, usize, f64),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64, 0..TOKENS.len()).prop_map(|(p, t)| Mutation::Insert(p, t)),
        (0.0..1.0f64, 1usize..40).prop_map(|(p, n)| Mutation::Delete(p, n)),
        (0.0..1.0f64, 1usize..80).prop_map(|(p, n)| Mutation::Duplicate(p, n)),
        (0.0..1.0f64, 0usize..100_000, 0.0..1.0f64).prop_map(|(p, s, q)| Mutation::Splice(p, s, q)),
    ]
}

fn boundary(text: &str, fraction: f64) -> usize {
    let mut at = ((text.len() as f64) * fraction) as usize;
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A seed of `kind` with the mutations applied.
fn mutated(kind: Kind, pick: usize, mutations: &[Mutation]) -> String {
    let pool: Vec<&String> = seeds().iter().filter(|(k, _)| *k == kind).map(|(_, t)| t).collect();
    let mut text = pool.get(pick % pool.len().max(1)).map(|t| t.to_string()).unwrap_or_default();
    for m in mutations {
        match *m {
            Mutation::Insert(p, t) => {
                let at = boundary(&text, p);
                text.insert_str(at, TOKENS[t]);
            }
            Mutation::Delete(p, n) => {
                let start = boundary(&text, p);
                let end = boundary(&text, ((start + n).min(text.len())) as f64 / text.len().max(1) as f64);
                if end > start {
                    text.replace_range(start..end, "");
                }
            }
            Mutation::Duplicate(p, n) => {
                let start = boundary(&text, p);
                let end = boundary(&text, ((start + n).min(text.len())) as f64 / text.len().max(1) as f64).max(start);
                let piece = text[start..end].to_string();
                text.insert_str(end, &piece);
            }
            Mutation::Splice(p, other, q) => {
                // A piece of another seed of the same kind.
                let donor = pool.get(other % pool.len().max(1)).map(|t| t.as_str()).unwrap_or_default();
                let from = boundary(donor, q);
                let to = boundary(donor, (q + 0.1).min(1.0));
                let at = boundary(&text, p);
                text.insert_str(at, &donor[from..to.max(from)]);
            }
        }
    }
    text
}

fn input(kind: Kind) -> impl Strategy<Value = String> {
    (0usize..100_000, proptest::collection::vec(mutation(), 0..6)).prop_map(move |(pick, ms)| mutated(kind, pick, &ms))
}

/// Runs `property` on inputs from `strategy`: one batch of 32 cases, or batches for
/// `DOCKFIX_FUZZ_SECONDS`; prints how many cases ran and how long.
fn fuzz<S: Strategy>(name: &str, strategy: S, property: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    if seeds().is_empty() {
        common::skip("fuzzing (no seed files: golden/ and ../shared/corpus)");
        return;
    }
    let budget = std::env::var("DOCKFIX_FUZZ_SECONDS").ok().and_then(|s| s.parse::<u64>().ok()).map(Duration::from_secs);
    let start = Instant::now();
    let cpu_start = cpu_seconds();
    let mut cases = 0u64;
    loop {
        let batch = if budget.is_some() { 256 } else { 32 };
        let config = Config { cases: batch, failure_persistence: None, max_shrink_iters: 2048, ..Config::default() };
        // The short batch CI runs is the same every time (a red run is then a regression, not
        // luck); long runs draw new cases.
        let mut runner = if budget.is_some() {
            TestRunner::new(config)
        } else {
            TestRunner::new_with_rng(config, proptest::test_runner::TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha))
        };
        if let Err(e) = runner.run(&strategy, &property) {
            panic!("{name}: {e}");
        }
        cases += u64::from(batch);
        if budget.is_none_or(|b| start.elapsed() >= b) {
            break;
        }
    }
    println!("fuzz {name}: {cases} cases in {:.1} s wall, {:.1} s CPU, {} seeds", start.elapsed().as_secs_f64(), cpu_seconds() - cpu_start, seeds().len());
}

/// This process's CPU time (user + system), from /proc.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    // utime, stime, and the waited-for children's (the dockfix runs of `pipeline`).
    let ticks: f64 = (11..15).filter_map(|i| fields.get(i).and_then(|v| v.parse::<f64>().ok())).sum();
    ticks / 100.0
}

#[test]
fn dockerfile_parser() {
    fuzz("dockerfile_parser", input(Kind::Dockerfile), |text| {
        if let Ok(parsed) = dockfix::syntax::dockerfile::Dockerfile::parse(&text) {
            prop_assert_eq!(parsed.print(), text, "a parse prints back byte for byte");
        }
        Ok(())
    });
}

#[test]
fn yaml_locator_and_recipes() {
    use dockfix::syntax::yaml::locate::key;
    use dockfix::syntax::yaml::{Value, YamlDoc};
    fuzz("yaml_locator_and_recipes", input(Kind::Compose), |text| {
        let Ok(doc) = YamlDoc::parse(&text) else { return Ok(()) };
        let services: Vec<String> =
            doc.doc["services"].as_hash().map(|h| h.keys().filter_map(|k| k.as_str().map(str::to_string)).collect()).unwrap_or_default();
        for name in services.iter().take(4) {
            let path = vec![key("services"), key(name)];
            let recipes = [
                doc.insert_key(&path, "restart", &Value::Plain("unless-stopped".into())),
                doc.insert_key(&path, "networks", &Value::Seq(vec![Value::Plain("backend".into())])),
                doc.append_item(&[key("services"), key(name), key("ports")], &Value::str("127.0.0.1:1:1")),
                doc.remove_key(&path, "ports"),
            ];
            for (edit, op) in recipes.into_iter().flatten() {
                let mut edits = vec![edit];
                if dockfix::edit::check(&doc.text, &mut edits).is_err() {
                    return Err(TestCaseError::fail(format!("a recipe's edit is rejected in `{name}`")));
                }
                let new = dockfix::edit::apply(&doc.text, &edits).map_err(|e| TestCaseError::fail(e.to_string()))?;
                doc.verify(&new, std::slice::from_ref(&op)).map_err(|e| TestCaseError::fail(format!("`{name}`: {e}")))?;
                let full = YamlDoc::parse(&new).map_err(|e| TestCaseError::fail(format!("`{name}`: no longer parses: {}", e.message)))?;
                // The engine's incremental parse (from the old tree) gives the full parse's tree.
                let incremental = doc.verified_after(Some(&edits), &new, &[op]).map_err(|e| TestCaseError::fail(format!("`{name}` incrementally: {e}")))?;
                if !dockfix::syntax::yaml::locate::same_tree(incremental.tree(), full.tree()) {
                    return Err(TestCaseError::fail(format!("`{name}`: the incremental parse differs from a full parse")));
                }
            }
        }
        Ok(())
    });
}

#[test]
fn shell_analysis() {
    use dockfix::syntax::{script, shell};
    // RUN lines and whole scripts: the shell text of mutated Dockerfiles.
    fuzz("shell_analysis", input(Kind::Dockerfile), |text| {
        let _ = shell::split(&text);
        prop_assert_eq!(script::quote(&text, &[]), text.clone(), "quoting nothing changes nothing");
        if script::read(&text).is_ok() {
            let _ = script::simple_commands(&text);
            script::verify(&text, &text, &[]).map_err(|e| TestCaseError::fail(format!("a text differs from itself: {e}")))?;
        }
        let _ = script::has_comment(&text);
        Ok(())
    });
}

#[test]
fn pipeline() {
    let strategy = (input(Kind::Compose), input(Kind::Dockerfile), input(Kind::Ignore), any::<bool>());
    fuzz("pipeline", strategy, |(compose, dockerfile, ignore, unsafe_too)| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("docker-compose.yml"), &compose).unwrap();
        std::fs::create_dir(dir.path().join("app")).unwrap();
        std::fs::write(dir.path().join("app/Dockerfile"), &dockerfile).unwrap();
        std::fs::write(dir.path().join("app/.dockerignore"), &ignore).unwrap();
        let mut args = vec!["apply", "--yes", "--quiet", "."];
        if unsafe_too {
            args.push("--unsafe");
        }
        let first = common::dockfix(dir.path(), &args);
        prop_assert!(matches!(first.code, 0 | 2), "exit {}: {}", first.code, first.stderr);
        // (The user's own text may say "internal": only dockfix's own failures count.)
        let internal = |stderr: &str| stderr.contains("internal error") || stderr.contains("internal verification");
        prop_assert!(!internal(&first.stderr), "{}", first.stderr);
        let mut check = vec!["check", "."];
        if unsafe_too {
            check.push("--unsafe");
        }
        let second = common::dockfix(dir.path(), &check);
        prop_assert!(second.stdout.is_empty(), "a second run changes nothing, but: {}", second.stdout);
        prop_assert!(!internal(&second.stderr), "{}", second.stderr);
        Ok(())
    });
}

// Regression tests for what the fuzzer found.

/// A control character YAML forbids (here a NUL inside a value) made tree-sitter and yaml-rust2
/// disagree, and a recipe's edit meant something else than intended: such a file is refused.
#[test]
fn found_a_nul_in_a_compose_value_is_refused() {
    let text = "services:\n  postgres:\n    environment:\n      - POSTGRES_PASSWORD_FILE=/run/secrets/p\0sql-pw\n    image: postgres\n";
    let error = dockfix::syntax::yaml::YamlDoc::parse(text).err().expect("refused");
    assert_eq!((error.line, error.column), (4, 46), "{}", error.message);
    assert!(error.message.contains("control character"));
}

/// A `.dockerignore` that re-includes `.env.*` by name (`!.env.*`): dockfix keeps the author's
/// choice and does not add `.env.*`, but it added its companion `!.env.example` on every pass,
/// and the run never settled (found by the ninth session's long pipeline round).
#[test]
fn found_a_reincluded_env_star_never_settled() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM alpine:3.20\n").unwrap();
    std::fs::write(dir.path().join(".dockerignore"), ".env\n.env.*\n!.env.*\n!.env.example\n*.pem\n*.key\nid_rsa*\n").unwrap();
    let out = common::dockfix(dir.path(), &["apply", "--dry-run", "--only", "dockerignore-secrets", "."]);
    assert!(!out.stderr.contains("internal"), "{}", out.stderr);
    assert!(!out.stdout.contains("+!.env.example") && !out.stdout.contains("+.env.*"), "{}", out.stdout);
    assert!(out.stdout.contains("+.git"), "{}", out.stdout);
}

/// A shell-form CMD ending in a blank, followed by a stray line: BuildKit trims the arguments,
/// and the exec form of `CMD echo ` must verify (it once failed as an internal error).
#[test]
fn found_a_trailing_blank_after_a_shell_form_cmd() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM alpine:3.20\nCMD echo \n\"starting on $PORT\" && ./s\"python3\"]\nerver\n").unwrap();
    let out = common::dockfix(dir.path(), &["apply", "--dry-run", "--only", "dockerfile-exec-form", "."]);
    assert!(!out.stderr.contains("internal"), "{}", out.stderr);
    assert!(out.stdout.contains("+CMD [\"echo\"]"), "{}", out.stdout);
}

/// Two inserts "before" one instruction at different offsets (the non-root block right after
/// the RUN before a blank line, the HEALTHCHECK above the ENTRYPOINT after it) were expected in
/// rank order, not where their edits land: a verification failure dropped the healthcheck.
#[test]
fn found_inserts_on_both_sides_of_a_blank_line() {
    let dir = tempfile::tempdir().unwrap();
    let dockerfile = "FROM debian:bookworm-slim\nRUN apt-get install -y curl\n\nENTRYPOINT [\"/src/x\"]\nWORKDIR /srv\nCOPY server.py .\nEXPOSE 9000\nCMD [\"python3\", \"server.py\"]\n";
    std::fs::write(dir.path().join("Dockerfile"), dockerfile).unwrap();
    let out = common::dockfix(dir.path(), &["apply", "--dry-run", "--only", "dockerfile-healthcheck", "--only", "dockerfile-non-root-user", "."]);
    assert!(!out.stderr.contains("internal"), "{}", out.stderr);
    assert!(out.stdout.contains("+USER 10001:10001\n \n+HEALTHCHECK "), "{}", out.stdout);
}

/// A flow mapping whose last entry is a bare key (`sleep infinity,`): the new key landed before
/// it and failed an order-sensitive verification. Mappings are unordered, so verification now is
/// too; a mapping with a bare-key entry is left alone altogether.
#[test]
fn found_a_bare_key_ending_a_flow_mapping() {
    use dockfix::syntax::yaml::locate::key;
    use dockfix::syntax::yaml::{Value, YamlDoc};
    let path = [key("services"), key("x")];
    let bare = YamlDoc::parse("services:\n  x: {\n    image: busybox,\n    sleep infinity,\n  }\n").unwrap();
    assert!(bare.insert_key(&path, "restart", &Value::Plain("always".into())).is_err());
    // Order-free, not meaning-free: the key anywhere in the mapping verifies, a wrong value not.
    let doc = YamlDoc::parse("services:\n  x: {image: busybox, command: run}\n").unwrap();
    let (_, op) = doc.insert_key(&path, "restart", &Value::Plain("always".into())).unwrap();
    doc.verify("services:\n  x: {image: busybox, restart: always, command: run}\n", &[op.clone()]).unwrap();
    assert!(doc.verify("services:\n  x: {image: busybox, restart: never, command: run}\n", &[op]).is_err());
}

/// A mapping ending with an empty folded scalar (`entrypoint: >` and blank lines): a key added
/// after it meant the scalar's text to one parser. Such a mapping is left alone.
#[test]
fn found_an_empty_block_scalar_ending_a_mapping() {
    use dockfix::syntax::yaml::locate::key;
    use dockfix::syntax::yaml::{Value, YamlDoc};
    let text = "services:\n  folded:\n    image: alpine\n    entrypoint: >\n\n";
    let doc = YamlDoc::parse(text).unwrap();
    let refused = doc.insert_key(&[key("services"), key("folded")], "restart", &Value::Plain("always".into()));
    assert!(refused.is_err(), "{refused:?}");
    // With text under it, the key goes after the scalar and verifies.
    let doc = YamlDoc::parse("services:\n  folded:\n    image: alpine\n    entrypoint: >\n      sh -c run\n").unwrap();
    let (edit, op) = doc.insert_key(&[key("services"), key("folded")], "restart", &Value::Plain("always".into())).unwrap();
    doc.verify(&dockfix::edit::apply(&doc.text, &[edit]).unwrap(), &[op]).unwrap();
}

/// `ENTRYPOINT ` with nothing after it (its JSON on the next line, a separate, broken line):
/// tini's edit of it failed its verification. A bare ENTRYPOINT or CMD is now unknown.
#[test]
fn found_a_bare_entrypoint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM alpine:3.20\nRUN apk add --no-cache tini\nENTRYPOINT \n[\"/sbin/tini\", \"--\", \"/bin/sh\"]\n").unwrap();
    let out = common::dockfix(dir.path(), &["apply", "--dry-run", "--only", "dockerfile-tini-init", "."]);
    assert!(!out.stderr.contains("internal"), "{}", out.stderr);
}

/// A flow mapping whose only entry is a bare key (`{ i sleep infinity, }`) looked empty to the
/// locator, and the new pair ran into the entry. Such a mapping is left alone.
#[test]
fn found_a_flow_mapping_of_a_bare_key() {
    use dockfix::syntax::yaml::locate::key;
    use dockfix::syntax::yaml::{Value, YamlDoc};
    let doc = YamlDoc::parse("services:\n  empty-ish: {\n    i sleep infinity,\n  }\n").unwrap();
    assert!(doc.insert_key(&[key("services"), key("empty-ish")], "restart", &Value::Plain("always".into())).is_err());
}

/// An exec-form ENTRYPOINT with a bare `CMD` after it: the argv was unknown, the init at the
/// head of the ENTRYPOINT went unseen, and tini was wrapped again in every pass.
#[test]
fn found_tini_wrapped_again_and_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM alpine\n\nRUN apk add --no-cache cmatrix\n\nENTRYPOINT [\"cmatrix\"]\n\nCMD\n").unwrap();
    let out = common::dockfix(dir.path(), &["apply", "--dry-run", "--only", "dockerfile-tini-init", "."]);
    assert!(!out.stderr.contains("internal"), "{}", out.stderr);
    assert!(out.stdout.contains("+ENTRYPOINT [\"/sbin/tini\", \"--\", \"cmatrix\"]\n"), "{}", out.stdout);
}

/// A lone carriage return (old Mac line endings) is a line break to YAML but not to every parser
/// dockfix uses: an edit after it made a syntax error. Such a file is refused with its line.
#[test]
fn found_a_lone_carriage_return() {
    let error = dockfix::syntax::yaml::YamlDoc::parse("services:\r\n  web:\r\n    image: nginx\rx: 1\r\n").err().expect("refused");
    assert_eq!(error.line, 3, "{}", error.message);
    assert!(dockfix::syntax::yaml::YamlDoc::parse("services:\r\n  web:\r\n    image: nginx\r\n").is_ok(), "CRLF is fine");
}

/// A compose file ending in a block scalar that keeps its trailing line breaks (`>+` and blank
/// lines, no final newline): a key added after the scalar's text took those breaks from it.
/// Additions after such a scalar are left alone, in a mapping and in a sequence, however deep.
#[test]
fn found_a_keep_chomping_block_scalar_at_the_end() {
    use dockfix::syntax::yaml::locate::key;
    use dockfix::syntax::yaml::{Value, YamlDoc};
    let always = Value::Plain("always".into());
    let doc = YamlDoc::parse("services:\n  app:\n    image: redis:7\n    command: >+\n      redis-server\n\n  ").unwrap();
    assert!(doc.insert_key(&[key("services"), key("app")], "restart", &always).is_err());
    let doc = YamlDoc::parse("services:\n  app:\n    image: redis:7\n    environment:\n      A: |+\n        x\n\n").unwrap();
    assert!(doc.insert_key(&[key("services"), key("app")], "restart", &always).is_err(), "nested under the last pair");
    let doc = YamlDoc::parse("services:\n  app:\n    command:\n      - |+\n        x\n\n").unwrap();
    assert!(doc.append_item(&[key("services"), key("app"), key("command")], &always).is_err(), "the last item");
    // Strip and clip chomping are fine: the key goes after the text and verifies.
    let doc = YamlDoc::parse("services:\n  app:\n    image: redis:7\n    command: >-\n      redis-server\n\n").unwrap();
    let (edit, op) = doc.insert_key(&[key("services"), key("app")], "restart", &always).unwrap();
    doc.verify(&dockfix::edit::apply(&doc.text, &[edit]).unwrap(), &[op]).unwrap();
}

/// A RUN whose last line ends in `\` followed only by comments and blank lines to the end of the
/// file: its continuation never ends, so the non-root block appended after it became part of the
/// RUN. Nothing is added after such an instruction; the user is told why.
#[test]
fn found_a_continuation_running_to_the_end_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM alpine:3.20\n\nRUN apk --no-cache add curl \\\n#     && apt-get -y install\n\n# [Optional] a comment\n# RUN more 2>&1",
    )
    .unwrap();
    let out = common::dockfix(dir.path(), &["apply", "--dry-run", "--unsafe", "."]);
    assert!(!out.stderr.contains("internal"), "{}", out.stderr);
    assert!(out.stderr.contains("[dockerfile-non-root-user] no USER added: line 3 continues to the end of the file"), "{}", out.stderr);
    let parsed = dockfix::syntax::dockerfile::Dockerfile::parse("FROM a\nRUN b \\\n# c\n").unwrap();
    assert!(parsed.instructions().last().unwrap().open_at_end);
    let parsed = dockfix::syntax::dockerfile::Dockerfile::parse("FROM a\nRUN b \\\n# c\n  d\n").unwrap();
    assert!(!parsed.instructions().last().unwrap().open_at_end);
}

/// A folded scalar followed by a last line of blanks with no final line break: yaml-rust2 reads
/// that line into the scalar (`sh -c\n\n`, where other parsers read `sh -c\n`), so a key added
/// after the scalar changed its meaning to verification. Left alone.
#[test]
fn found_blanks_without_a_final_break_after_a_block_scalar() {
    use dockfix::syntax::yaml::locate::key;
    use dockfix::syntax::yaml::{Value, YamlDoc};
    let doc = YamlDoc::parse("services:\n  job:\n    image: alpine\n    entrypoint: >\n      sh -c\n      ").unwrap();
    assert!(doc.insert_key(&[key("services"), key("job")], "restart", &Value::Plain("always".into())).is_err());
    let doc = YamlDoc::parse("services:\n  job:\n    image: alpine\n    entrypoint: >\n      sh -c\n").unwrap();
    let (edit, op) = doc.insert_key(&[key("services"), key("job")], "restart", &Value::Plain("always".into())).unwrap();
    doc.verify(&dockfix::edit::apply(&doc.text, &[edit]).unwrap(), &[op]).unwrap();
}

/// `mkdir -p /app \&& chown ...` (an escaped `&`, so one command): the folder list of the
/// non-root block took the `\` before `&&` as a folder, and the new RUN line ended in `\`, which
/// joined the USER line to it. Only plain paths go into the block.
#[test]
fn found_an_escaped_ampersand_after_mkdir() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("app")).unwrap();
    std::fs::write(
        dir.path().join("app/Dockerfile"),
        "FROM node:20-bookworm-slim\nWORKDIR /usr/src/app\nRUN npm ci --omit=dev\nRUN mkdir -p /usr/src/app \\&& chown 1000:1000 /usr/src/app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    )
    .unwrap();
    let out = common::dockfix(dir.path(), &["apply", "--dry-run", "--unsafe", "--only", "dockerfile-non-root-user", "."]);
    assert!(!out.stderr.contains("internal"), "{}", out.stderr);
    assert!(out.stdout.contains("+RUN mkdir -p /usr/src/app && chown 1000:1000 /usr/src/app\n+USER 1000:1000\n"), "{}", out.stdout);
}

/// A flow mapping with a plain key holding a flow indicator (`restart,: unless-stopped`):
/// tree-sitter and yaml-rust2 read the key differently, and a key added to the mapping failed
/// verification. Such a mapping is left alone.
#[test]
fn found_a_flow_indicator_inside_a_flow_key() {
    use dockfix::syntax::yaml::locate::key;
    use dockfix::syntax::yaml::{Value, YamlDoc};
    let doc = YamlDoc::parse("services:\n  web: { image: nginx, ports: [\"80:80\"], restart,: unless-stopped }\n").unwrap();
    assert!(doc.insert_key(&[key("services"), key("web")], "init", &Value::Plain("true".into())).is_err());
    let doc = YamlDoc::parse("services:\n  web: { image: nginx, ports: [\"80:80\"] }\n").unwrap();
    let (edit, op) = doc.insert_key(&[key("services"), key("web")], "init", &Value::Plain("true".into())).unwrap();
    doc.verify(&dockfix::edit::apply(&doc.text, &[edit]).unwrap(), &[op]).unwrap();
}

/// A folded scalar followed by a line of spaces deeper than its text: YAML keeps the spaces past
/// the indentation as text (`x\n     \n`), so a key added after the scalar's last word cut that
/// line off. Left alone.
#[test]
fn found_deep_blank_lines_ending_a_block_scalar() {
    use dockfix::syntax::yaml::locate::key;
    use dockfix::syntax::yaml::{Value, YamlDoc};
    let doc = YamlDoc::parse("services:\n  redis:\n    image: redis:7\n    command: >\n      redis-server\n          \n  other:\n    image: x\n").unwrap();
    assert!(doc.insert_key(&[key("services"), key("redis")], "restart", &Value::Plain("always".into())).is_err());
    // Blank lines no deeper than the text are not part of it: the key goes after the text.
    let doc = YamlDoc::parse("services:\n  redis:\n    image: redis:7\n    command: >\n      redis-server\n      \n  other:\n    image: x\n").unwrap();
    let (edit, op) = doc.insert_key(&[key("services"), key("redis")], "restart", &Value::Plain("always".into())).unwrap();
    doc.verify(&dockfix::edit::apply(&doc.text, &[edit]).unwrap(), &[op]).unwrap();
}

/// A depends_on list naming a service twice: the long form made of it had a duplicated key, and
/// verification refused it. The service is left alone with a note.
#[test]
fn found_a_depends_on_list_with_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("docker-compose.yml"),
        "services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n  web:\n    image: nginx:1.27\n    depends_on:\n      - db\n      - db\n",
    )
    .unwrap();
    let out = common::dockfix(dir.path(), &["apply", "--dry-run", "--only", "compose-depends-on-healthy", "."]);
    assert!(!out.stderr.contains("internal"), "{}", out.stderr);
    assert!(out.stderr.contains("its depends_on lists `db` twice"), "{}", out.stderr);
}

/// `{ image: nginx, ports:, ["80:80"], restart: x }`: an empty `ports:` followed by a flow
/// sequence as a key; removing `ports` meant something else to yaml-rust2. Edits of such a flow
/// mapping are refused.
#[test]
fn found_a_flow_sequence_as_a_flow_key() {
    use dockfix::syntax::yaml::YamlDoc;
    use dockfix::syntax::yaml::locate::key;
    let doc = YamlDoc::parse("services:\n  web: { image: nginx, ports:, [\"80:80\"], restart: unless-stopped }\n").unwrap();
    assert!(doc.remove_key(&[key("services"), key("web")], "ports").is_err());
    assert!(doc.insert_key(&[key("services"), key("web")], "init", &dockfix::syntax::yaml::Value::Plain("true".into())).is_err());
}

/// Under `# escape=``, a RUN line's trailing `\` is a word, not a continuation. tini joined the
/// install before it, and verification read the new RUN without the file's escape directive (as
/// a continuation), so the change failed; and a package after a `\` word was escaped into
/// another (`x \ tini` is `x` and ` tini` to the shell), so such an install is left alone.
#[test]
fn found_a_trailing_backslash_under_a_backtick_escape() {
    let run = |dockerfile: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("app")).unwrap();
        std::fs::write(dir.path().join("app/Dockerfile"), dockerfile).unwrap();
        common::dockfix(dir.path(), &["apply", "--dry-run", "--only", "dockerfile-tini-init", "."])
    };
    let joined = run("# escape=`\nFROM alpine:3.20\nRUN apk add --no-cache x; \\\nCMD [\"/app\"]\n");
    assert!(!joined.stderr.contains("internal"), "{}", joined.stderr);
    assert!(joined.stdout.contains("+RUN apk add --no-cache tini x; \\\n+ENTRYPOINT [\"/sbin/tini\", \"--\"]\n"), "{}", joined.stdout);
    let apart = run("# escape=`\r\nFROM alpine:3.20\r\nRUN apk add --no-cache x \\\n    fi\nCMD [\"/app\"]\n");
    assert!(!apart.stderr.contains("internal"), "{}", apart.stderr);
    assert!(!apart.stdout.contains("\\ tini"), "{}", apart.stdout);
    assert!(apart.stdout.contains("+RUN apk add --no-cache tini"), "{}", apart.stdout);
}

/// `compose-env-overrides` moved a service's `ports` to the override file while
/// `compose-bind-localhost` added `host_ip` to the last entry of those ports: the insertion sat
/// at the end of the removed range, landed where `ports` had been, and the pass failed
/// verification. A change inside a node another change removes now waits for the next pass
/// (and binds the moved entry in the override file).
#[test]
fn found_an_insertion_inside_a_removed_node() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("docker-compose.yml"),
        "services:\n  db:\n    image: postgres:16\n    ports:\n      - 27ff: x\n      - target: 5432        - \"6543:5432\"\n",
    )
    .unwrap();
    let out = common::dockfix(dir.path(), &["apply", "--dry-run", "--unsafe", "--only", "compose-env-overrides", "--only", "compose-bind-localhost", "."]);
    assert!(!out.stderr.contains("internal"), "{}", out.stderr);
    assert!(out.stdout.contains("+      - target: 5432        - \"6543:5432\"\n+        host_ip: 127.0.0.1\n"), "{}", out.stdout);
    assert!(out.stdout.contains("-    ports:\n"), "{}", out.stdout);
}
