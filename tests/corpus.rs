//! The real-world corpus in `../shared/corpus` (read-only; copied before anything is written):
//! every file round-trips, the Dockerfile parser agrees with the `parse-dockerfile` crate, and
//! `compose-restart-policy` over the whole corpus only adds lines, in the right places.

mod common;

use common::{copy_tree, corpus, dockfix, files_named};
use dockfix::discover::{FileKind, classify};
use dockfix::syntax::compose::Compose;
use dockfix::syntax::dockerfile::{Dockerfile, Form};
use dockfix::syntax::ignorefile::LineFile;
use dockfix::syntax::yaml::value;
use std::path::Path;
use yaml_rust2::Yaml;

fn is_compose(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    if classify(&name) == Some(FileKind::Compose) {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".yml") || lower.ends_with(".yaml")) {
        return false;
    }
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().any(|line| line.starts_with("services:"))
}

#[test]
fn dockerfiles_round_trip_and_agree_with_parse_dockerfile() {
    let Some(corpus) = corpus() else { return };
    let files = files_named(&corpus, |name| classify(name) == Some(FileKind::Dockerfile));
    assert!(files.len() >= 290, "expected the corpus' 292 Dockerfiles, found {}", files.len());
    let (mut instructions, mut compared) = (0, 0);
    let mut disagreements = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let ours = Dockerfile::parse(&text).unwrap_or_else(|e| panic!("{}:{}: {}", path.display(), e.line, e.message));
        assert_eq!(ours.print(), text, "{} does not print back byte for byte", path.display());
        let mut cursor = 0;
        for item in &ours.items {
            assert_eq!(item.span().start, cursor, "{}: items must tile the file", path.display());
            cursor = item.span().end;
        }
        assert_eq!(cursor, text.len());
        let Ok(theirs) = parse_dockerfile::parse(&text) else { continue };
        let theirs: Vec<Summary> = theirs.instructions.iter().filter_map(summarize).collect();
        let ours: Vec<Summary> = ours.instructions().map(summarize_ours).collect();
        instructions += ours.len();
        compared += 1;
        if ours != theirs {
            disagreements.push(format!("{}:\n  ours   {:?}\n  theirs {:?}", path.display(), ours, theirs));
        }
    }
    println!(
        "{} Dockerfiles round-trip; {compared} compared with parse-dockerfile ({instructions} instructions)",
        files.len()
    );
    assert!(compared >= 280, "parse-dockerfile rejected too many files: compared {compared}");
    assert!(disagreements.is_empty(), "{} disagreement(s):\n{}", disagreements.len(), disagreements.join("\n"));
}

/// What both parsers must agree on for an instruction: where its keyword starts, which keyword,
/// and for commands, the form (exec words or shell) and the number of heredocs.
#[derive(Debug, PartialEq)]
struct Summary {
    keyword_start: usize,
    keyword: String,
    exec: Option<Vec<String>>,
    heredocs: usize,
}

fn summarize_ours(instruction: &dockfix::syntax::dockerfile::Instruction) -> Summary {
    let commands = ["RUN", "CMD", "ENTRYPOINT"];
    let exec = match &instruction.form {
        Form::Exec(words) if commands.contains(&instruction.keyword.as_str()) => Some(words.clone()),
        _ => None,
    };
    let heredocs = if instruction.keyword == "RUN" { instruction.heredocs.len() } else { 0 };
    Summary { keyword_start: instruction.keyword_span.start, keyword: instruction.keyword.clone(), exec, heredocs }
}

fn summarize(instruction: &parse_dockerfile::Instruction) -> Option<Summary> {
    use parse_dockerfile::{Command, Instruction as I};
    let command = |keyword: &str, start: usize, command: &Command, heredocs: usize| {
        let exec = match command {
            Command::Exec(words) => Some(words.value.iter().map(|w| w.value.to_string()).collect()),
            _ => None,
        };
        Summary { keyword_start: start, keyword: keyword.into(), exec, heredocs }
    };
    let plain = |keyword: &str, start: usize| Summary {
        keyword_start: start,
        keyword: keyword.into(),
        exec: None,
        heredocs: 0,
    };
    Some(match instruction {
        I::Run(i) => command("RUN", i.run.span.start, &i.arguments, i.here_docs.len()),
        I::Cmd(i) => command("CMD", i.cmd.span.start, &i.arguments, 0),
        I::Entrypoint(i) => command("ENTRYPOINT", i.entrypoint.span.start, &i.arguments, 0),
        I::Add(i) => plain("ADD", i.add.span.start),
        I::Arg(i) => plain("ARG", i.arg.span.start),
        I::Copy(i) => plain("COPY", i.copy.span.start),
        I::Env(i) => plain("ENV", i.env.span.start),
        I::Expose(i) => plain("EXPOSE", i.expose.span.start),
        I::From(i) => plain("FROM", i.from.span.start),
        I::Healthcheck(i) => plain("HEALTHCHECK", i.healthcheck.span.start),
        I::Label(i) => plain("LABEL", i.label.span.start),
        I::Maintainer(i) => plain("MAINTAINER", i.maintainer.span.start),
        I::Onbuild(i) => plain("ONBUILD", i.onbuild.span.start),
        I::Shell(i) => plain("SHELL", i.shell.span.start),
        I::Stopsignal(i) => plain("STOPSIGNAL", i.stopsignal.span.start),
        I::User(i) => plain("USER", i.user.span.start),
        I::Volume(i) => plain("VOLUME", i.volume.span.start),
        I::Workdir(i) => plain("WORKDIR", i.workdir.span.start),
        _ => return None,
    })
}

#[test]
fn compose_and_ignore_files_parse_and_round_trip() {
    let Some(corpus) = corpus() else { return };
    let compose_files = files_named(&corpus, |_| true).into_iter().filter(|p| is_compose(p)).collect::<Vec<_>>();
    assert!(compose_files.len() >= 160, "expected the corpus' 162 compose files, found {}", compose_files.len());
    for path in &compose_files {
        let text = std::fs::read_to_string(path).unwrap();
        let compose = Compose::parse(&text)
            .unwrap_or_else(|e| panic!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message));
        assert_eq!(compose.yaml.text, text);
        let root = compose.yaml.tree().root_node();
        assert!(!root.has_error(), "{}", path.display());
        assert!(
            root.end_byte() <= text.len() && text[root.end_byte()..].trim().is_empty(),
            "{}: the tree covers the file",
            path.display()
        );
        assert!(compose.has_services(), "{}", path.display());
        // Verification with no edit must accept the file as it is.
        compose.yaml.verify(&text, &[]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let ignores = files_named(&corpus, |name| name == ".dockerignore");
    assert!(ignores.len() >= 50);
    for path in &ignores {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(LineFile::parse(&text).print(), text, "{}", path.display());
    }
    println!("{} compose files and {} .dockerignore files parse and round-trip", compose_files.len(), ignores.len());
}

#[test]
fn restart_policy_over_the_corpus_only_adds_well_placed_lines() {
    let Some(corpus) = corpus() else { return };
    let work = tempfile::tempdir().unwrap();
    copy_tree(&corpus, work.path());
    let before = common::read_tree(work.path());
    // Compose files under other names (jitsi's `jibri.yml`) are found only when named.
    let named: Vec<String> =
        files_named(work.path(), |name| classify(name).is_none() && !dockfix::discover::is_compose_candidate(name))
            .into_iter()
            .filter(|p| is_compose(p))
            .map(|p| p.strip_prefix(work.path()).unwrap().to_string_lossy().into_owned())
            .collect();
    let mut args = vec!["apply", "--yes", "--only", "compose-restart-policy", "."];
    args.extend(named.iter().map(String::as_str));
    let run = dockfix(work.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = common::read_tree(work.path());
    let (mut inserted, mut files_changed, mut services_total) = (0, 0, 0);
    for (path, old) in &before {
        let new = &after[path];
        if !is_compose(&work.path().join(path)) {
            assert_eq!(old, new, "{path} is not a compose file and must not change");
            continue;
        }
        let old = String::from_utf8(old.clone()).unwrap();
        let new = String::from_utf8(new.clone()).unwrap();
        let added = only_insertions(path, &old, &new);
        inserted += added;
        files_changed += usize::from(added > 0);
        let doc = Compose::parse(&new).unwrap();
        let one_shots = doc.one_shot_services();
        if dockfix::project::is_fixture(Path::new(path)) {
            assert_eq!(old, new, "{path}: a fixture is left alone");
            assert!(run.stderr.contains(&format!("{path}:1: [dockfix] left alone")), "{path}: no note for the fixture");
            continue;
        }
        for service in doc.services() {
            services_total += 1;
            let covered = service.get("restart").is_some()
                || service.get_nested("deploy", "restart_policy").is_some()
                || one_shots.contains(&service.name)
                || service.get("extends").is_some()
                || service.is_partial()
                || !matches!(
                    value::get(doc.yaml.doc["services"].as_hash().unwrap(), &service.name),
                    Some(Yaml::Hash(_))
                )
                || run.stderr.contains(&format!("`{}`", service.name));
            assert!(covered, "{path}: service `{}` still has no restart policy and no note", service.name);
        }
    }
    println!(
        "compose-restart-policy: {inserted} lines added in {files_changed} files ({services_total} services); no existing line changed"
    );
    // 275 before fixtures, one-shot jobs and overlay services were left alone; 193 after.
    assert!(inserted > 150, "expected most corpus services to lack a policy, added {inserted}");
    args[1] = "--dry-run";
    let again = dockfix(work.path(), &args);
    assert_eq!(again.code, 0, "a second run proposes more:\n{}", again.stdout);
}

/// Checks that `new` is `old` with whole lines inserted, each `restart: unless-stopped` at a
/// key's indentation, none after a blank line or a comment; returns how many.
fn only_insertions(path: &str, old: &str, new: &str) -> usize {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut i = 0;
    let mut added = 0;
    for (j, line) in new_lines.iter().enumerate() {
        let same = old_lines
            .get(i)
            .is_some_and(|o| o == line || (i + 1 == old_lines.len() && o.trim_end() == line.trim_end()));
        if same {
            i += 1;
            continue;
        }
        assert_eq!(line.trim(), "restart: unless-stopped", "{path}:{}: unexpected line {line:?}", j + 1);
        let previous = new_lines[j - 1].trim();
        assert!(!previous.is_empty(), "{path}:{}: inserted after a blank line", j + 1);
        assert!(!previous.starts_with('#'), "{path}:{}: inserted after a comment", j + 1);
        added += 1;
    }
    assert_eq!(i, old_lines.len(), "{path}: an existing line changed or went missing");
    added
}
