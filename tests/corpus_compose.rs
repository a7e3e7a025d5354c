//! The security and reliability phases over the corpus (a copy): every changed compose file
//! still parses, still validates against the Compose JSON schema (when it did before), keeps all
//! its comments; no service keeps a literal secret; every `depends_on` pair shares a network;
//! healthchecks are added only for images the catalog knows; a second run changes nothing.
//! Counts are printed.

mod common;

use common::{copy_tree, corpus, dockfix, files_named};
use dockfix::discover::{FileKind, classify, is_compose_candidate};
use dockfix::syntax::compose::{Compose, Service};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use yaml_rust2::Yaml;

fn compose_files(root: &Path) -> Vec<PathBuf> {
    files_named(root, |name| {
        let lower = name.to_ascii_lowercase();
        classify(name) == Some(FileKind::Compose) || lower.ends_with(".yml") || lower.ends_with(".yaml")
    })
    .into_iter()
    .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.lines().any(|l| l.starts_with("services:"))))
    .collect()
}

/// Comment lines and inline comments, as trimmed text from `#` (a rough but stable count).
fn comments(text: &str) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let comment =
            if trimmed.starts_with('#') { Some(trimmed) } else { line.find(" #").map(|i| line[i + 1..].trim()) };
        if let Some(comment) = comment {
            *found.entry(comment.to_string()).or_default() += 1;
        }
    }
    found
}

fn assert_comments_kept(shown: &str, old: &str, new: &str) {
    let (old_comments, new_comments) = (comments(old), comments(new));
    for (comment, count) in &old_comments {
        assert!(new_comments.get(comment).copied().unwrap_or(0) >= *count, "{shown}: comment {comment:?} was lost");
    }
}

fn networks(service: &Service) -> Vec<String> {
    match service.get("networks") {
        Some(Yaml::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
        Some(Yaml::Hash(map)) => map.keys().filter_map(|k| k.as_str().map(str::to_string)).collect(),
        _ => vec!["default".to_string()],
    }
}

fn depends_on(service: &Service) -> Vec<String> {
    match service.get("depends_on") {
        Some(Yaml::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
        Some(Yaml::Hash(map)) => map.keys().filter_map(|k| k.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// Literal values of secret-looking variables in a service's environment.
fn literal_secrets(service: &Service) -> Vec<String> {
    let is_literal = |key: &str, value: &str| {
        dockfix::transforms::is_secret_name(key)
            && !value.replace("$$", "").contains('$')
            && !value.starts_with('/')
            && !["true", "false", "yes", "no", "on", "off", "1", "0"].contains(&value.to_ascii_lowercase().as_str())
    };
    match service.get("environment") {
        Some(Yaml::Hash(map)) => map
            .iter()
            .filter_map(|(k, v)| {
                let value = match v {
                    Yaml::String(s) => s.clone(),
                    Yaml::Integer(i) => i.to_string(),
                    _ => return None,
                };
                let key = k.as_str()?;
                is_literal(key, &value).then(|| key.to_string())
            })
            .collect(),
        Some(Yaml::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str()?.split_once('=').filter(|(k, v)| is_literal(k, v)).map(|(k, _)| k.to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn security_phase_over_the_corpus() {
    let Some(corpus) = corpus() else { return };
    let work = tempfile::tempdir().unwrap();
    copy_tree(&corpus, work.path());
    let files = compose_files(work.path());
    let before: BTreeMap<PathBuf, String> =
        files.iter().map(|p| (p.clone(), std::fs::read_to_string(p).unwrap())).collect();
    let named: Vec<String> = files
        .iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            classify(&name).is_none() && !is_compose_candidate(&name)
        })
        .map(|p| p.strip_prefix(work.path()).unwrap().to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["apply", "--yes", "--phase", "security", "--format", "json", "."];
    args.extend(named.iter().map(String::as_str));
    let run = dockfix(work.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let noted_secret = |file: &str, key: &str| {
        report["notes"].as_array().unwrap().iter().any(|n| {
            n["file"].as_str().is_some_and(|f| file.ends_with(f.trim_start_matches("./")))
                && n["message"].as_str().is_some_and(|m| {
                    m.contains(&format!("`{key}` left in place")) || m.starts_with("literal secrets left in place: this compose file looks like a development or test fixture")
                })
        })
    };

    let mut changed = Vec::new();
    for (path, old) in &before {
        let new = std::fs::read_to_string(path).unwrap();
        if &new == old {
            continue;
        }
        let shown = path.strip_prefix(work.path()).unwrap().display().to_string();
        changed.push(path.clone());
        let compose = Compose::parse(&new).unwrap_or_else(|e| panic!("{shown}:{}: {}", e.line, e.message));
        assert_comments_kept(&shown, old, &new);
        let services = compose.services();
        let old_compose = Compose::parse(old).unwrap();
        let old_services = old_compose.services();
        let shared_before = |a: &str, b: &str| {
            let find = |name: &str| old_services.iter().find(|s| s.name == name).map(networks).unwrap_or_default();
            find(a).iter().any(|n| find(b).contains(n))
        };
        for service in &services {
            for key in literal_secrets(service) {
                assert!(noted_secret(&shown, &key), "{shown}: `{}` keeps a literal {key}", service.name);
            }
            for target in depends_on(service) {
                let Some(other) = services.iter().find(|s| s.name == target) else { continue };
                // `network_mode` (host, none, service:x) is outside compose networks.
                if service.get("network_mode").is_some() || other.get("network_mode").is_some() {
                    continue;
                }
                let shared = networks(service).iter().any(|n| networks(other).contains(n));
                let was_shared = shared_before(&service.name, &target);
                assert!(
                    shared || !was_shared,
                    "{shown}: `{}` depends on `{target}` but they no longer share a network",
                    service.name
                );
            }
        }
    }
    common::validate_schema(&before, &changed);

    let mut per_transform: BTreeMap<String, usize> = BTreeMap::new();
    for change in report["changes"].as_array().unwrap() {
        *per_transform.entry(change["transform"].as_str().unwrap().to_string()).or_default() += 1;
    }
    println!("{} compose files; {} changed by the security phase", before.len(), changed.len());
    for (id, n) in &per_transform {
        println!("  changes  {id}: {n}");
    }
    let mut notes: BTreeMap<String, usize> = BTreeMap::new();
    for note in report["notes"].as_array().unwrap() {
        let message = note["message"].as_str().unwrap();
        let reason = common::note_reason(message, 90);
        *notes.entry(format!("{} — {reason}", note["transform"].as_str().unwrap())).or_default() += 1;
    }
    for (reason, n) in notes.iter().filter(|(r, _)| r.starts_with("compose")) {
        println!("  notes    {reason}: {n}");
    }
    assert!(changed.len() > 100, "most corpus compose files should be hardened");

    let mut again = args.clone();
    again[1] = "--dry-run";
    let second = dockfix(work.path(), &again);
    assert_eq!(
        second.code,
        0,
        "a second run still changes things:\n{}",
        second.stdout.chars().take(3000).collect::<String>()
    );
}


/// The reliability phase over the corpus and `tests/realworld/` (a copy): changed compose files
/// still parse, keep their comments and validate against the schema; every healthcheck
/// compose-healthcheck adds is for an image the catalog has a probe for, with the catalog's
/// probe; a second run changes nothing. Prints the healthchecks added by image and the notes
/// of the healthcheck transforms by reason.
#[test]
fn reliability_phase_over_the_corpus() {
    let Some(corpus) = corpus() else { return };
    let work = tempfile::tempdir().unwrap();
    copy_tree(&corpus, &work.path().join("corpus"));
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld"), &work.path().join("realworld"));
    let files = compose_files(work.path());
    let before: BTreeMap<PathBuf, String> =
        files.iter().map(|p| (p.clone(), std::fs::read_to_string(p).unwrap())).collect();
    let args = ["apply", "--yes", "--phase", "reliability", "--format", "json", "."];
    let run = dockfix(work.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();

    let mut by_image: BTreeMap<String, usize> = BTreeMap::new();
    let mut changed = Vec::new();
    for (path, old) in &before {
        let new = std::fs::read_to_string(path).unwrap();
        if &new == old {
            continue;
        }
        let shown = path.strip_prefix(work.path()).unwrap().display().to_string();
        changed.push(path.clone());
        let compose = Compose::parse(&new).unwrap_or_else(|e| panic!("{shown}:{}: {}", e.line, e.message));
        let old_compose = Compose::parse(old).unwrap();
        assert_comments_kept(&shown, old, &new);
        for service in compose.services() {
            let had = old_compose.services().iter().any(|s| s.name == service.name && s.get("healthcheck").is_some());
            let Some(test) = service.get_nested("healthcheck", "test").filter(|_| !had) else { continue };
            let image = service.image().unwrap_or_default().to_string();
            let Some(health) = dockfix::images::health(&image) else {
                panic!("{shown}: `{}` got a healthcheck, but the catalog has no probe for `{image}`", service.name)
            };
            let written: Vec<String> = match &test {
                Yaml::Array(items) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
                _ => Vec::new(),
            };
            assert_eq!(written.first().map(String::as_str), health.test.first().map(String::as_str), "{shown}: `{}`", service.name);
            // `registry.example:5000/team/app:1.2@sha256:...` → `team/app`.
            let name = image.split('@').next().unwrap();
            let name = match name.rsplit_once(':') {
                Some((repository, tag)) if !tag.contains('/') => repository,
                _ => name,
            };
            let parts: Vec<&str> = name.split('/').collect();
            let registry = parts.len() > 1 && (parts[0].contains('.') || parts[0].contains(':'));
            let repository = parts[usize::from(registry)..].join("/").trim_start_matches("library/").to_string();
            *by_image.entry(repository).or_default() += 1;
        }
    }
    common::validate_schema(&before, &changed);

    let added: usize = by_image.values().sum();
    println!("reliability phase: {} of {} compose files changed; {added} healthchecks added", changed.len(), before.len());
    for (image, n) in &by_image {
        println!("  healthcheck  {image}: {n}");
    }
    let mut notes: BTreeMap<String, usize> = BTreeMap::new();
    for note in report["notes"].as_array().unwrap() {
        let transform = note["transform"].as_str().unwrap();
        if transform.ends_with("healthcheck") {
            let reason = common::note_reason(note["message"].as_str().unwrap(), 90);
            *notes.entry(format!("{transform} — {reason}")).or_default() += 1;
        }
    }
    for (reason, n) in &notes {
        println!("  left with a note  {reason}: {n}");
    }
    assert!(added > 30, "the corpus's known images should get healthchecks");

    let second = dockfix(work.path(), &["apply", "--dry-run", "--phase", "reliability", "."]);
    assert_eq!(second.code, 0, "a second run still changes things:\n{}", second.stdout.chars().take(3000).collect::<String>());
}

/// The operations phase (with `--unsafe`, so `compose-env-overrides` runs) over the corpus and
/// tests/realworld: changed and created compose files parse and validate against the schema;
/// comments are kept (across a base file and its override, where lines moved); every split
/// base + override merges back to the original files, by dockfix's own merge and by
/// `docker-compose config` where the original loads in Compose; a second run changes nothing.
#[test]
fn operations_phase_over_the_corpus() {
    let Some(corpus) = corpus() else { return };
    let pristine = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    for root in [pristine.path(), work.path()] {
        copy_tree(&corpus, &root.join("corpus"));
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld"), &root.join("realworld"));
    }
    let files = compose_files(work.path());
    let before: BTreeMap<PathBuf, String> =
        files.iter().map(|p| (p.clone(), std::fs::read_to_string(p).unwrap())).collect();
    // The split alone first, so that base + override can be compared with the originals; then
    // the rest of the phase on top.
    let split = dockfix(work.path(), &["apply", "--yes", "--unsafe", "--only", "compose-env-overrides", "--format", "json", "."]);
    assert_eq!(split.code, 0, "{}", split.stderr);
    let split_report: serde_json::Value = serde_json::from_str(&split.stdout).unwrap();
    let split_files: Vec<PathBuf> = split_report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| work.path().join(c["file"].as_str().unwrap()))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().contains(".override.")))
        .collect();
    let compose = std::process::Command::new("docker-compose").arg("version").output().is_ok();
    let (mut splits, mut by_compose, mut not_loading) = (0, 0, 0);
    for path in split_files.iter().collect::<std::collections::BTreeSet<_>>() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let shown = path.strip_prefix(work.path()).unwrap().display().to_string();
        let base = name.replacen(".override.", ".", 1);
        let relative_folder = path.parent().unwrap().strip_prefix(work.path()).unwrap();
        let (old_folder, new_folder) = (pristine.path().join(relative_folder), path.parent().unwrap().to_path_buf());
        common::split_means_the_same(&old_folder, &new_folder, &base, &name, false).unwrap_or_else(|e| panic!("{shown}: {e}"));
        splits += 1;
        if compose {
            let files_before: Vec<&str> = if old_folder.join(&name).exists() { vec![&base, &name] } else { vec![&base] };
            match common::compose_config(&old_folder, &files_before) {
                Ok(_) => {
                    common::split_means_the_same(&old_folder, &new_folder, &base, &name, true).unwrap_or_else(|e| panic!("{shown}: {e}"));
                    by_compose += 1;
                }
                Err(_) => not_loading += 1,
            }
        }
    }
    let run = dockfix(work.path(), &["apply", "--yes", "--unsafe", "--phase", "operations", "--format", "json", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();

    let after = compose_files(work.path());
    let mut changed = Vec::new();
    let mut schema_before = before.clone();
    for path in &after {
        let new = std::fs::read_to_string(path).unwrap();
        let shown = path.strip_prefix(work.path()).unwrap().display().to_string();
        Compose::parse(&new).unwrap_or_else(|e| panic!("{shown}:{}: {}", e.line, e.message));
        match before.get(path) {
            Some(old) if *old == new => continue,
            Some(_) => {}
            // A created file: it must be valid as written.
            None => {
                schema_before.insert(path.clone(), new.clone());
            }
        }
        changed.push(path.clone());
    }
    common::validate_schema(&schema_before, &changed);

    for path in &changed {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let shown = path.strip_prefix(work.path()).unwrap().display().to_string();
        if name.contains(".override.") || !before.contains_key(path) {
            continue;
        }
        // Lines that moved to an override file count as kept.
        let override_name = name.replacen('.', ".override.", 1);
        let moved = std::fs::read_to_string(path.with_file_name(&override_name)).unwrap_or_default();
        let old_override = std::fs::read_to_string(pristine.path().join(path.strip_prefix(work.path()).unwrap()).with_file_name(&override_name)).unwrap_or_default();
        let new = std::fs::read_to_string(path).unwrap();
        assert_comments_kept(&shown, &format!("{}\n{old_override}", before[path]), &format!("{new}\n{moved}"));
    }
    for change in split_report["changes"].as_array().unwrap() {
        let file = change["file"].as_str().unwrap();
        if !file.contains(".override.") && !file.contains(".prod.") {
            println!("  split  {file}:{}  {}", change["start"]["line"], change["message"].as_str().unwrap());
        }
    }
    let mut by_transform: BTreeMap<String, usize> = BTreeMap::new();
    for change in split_report["changes"].as_array().unwrap().iter().chain(report["changes"].as_array().unwrap()) {
        *by_transform.entry(change["transform"].as_str().unwrap().to_string()).or_default() += 1;
    }
    let mut notes: BTreeMap<String, usize> = BTreeMap::new();
    for note in report["notes"].as_array().unwrap() {
        let transform = note["transform"].as_str().unwrap();
        if transform == "compose-file-references" || transform == "compose-env-overrides" {
            let reason = common::note_reason(note["message"].as_str().unwrap(), 70);
            *notes.entry(format!("{transform} — {reason}")).or_default() += 1;
        }
    }
    println!("operations phase: {} compose files changed or created, {splits} split into an override file", changed.len());
    println!("  splits checked by docker-compose config: {by_compose}; originals Compose cannot load here (skipped): {not_loading}");
    for (transform, n) in &by_transform {
        println!("  changes  {transform}: {n}");
    }
    for (reason, n) in &notes {
        println!("  note  {reason}: {n}");
    }
    if compose && splits > 0 {
        assert!(by_compose > 0, "no split was checked by docker-compose");
    }
    let second = dockfix(work.path(), &["apply", "--dry-run", "--unsafe", "--phase", "operations", "."]);
    assert_eq!(second.code, 0, "a second run still changes things:\n{}", second.stdout.chars().take(3000).collect::<String>());
}
