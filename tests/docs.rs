//! `docs/transforms/<id>.md` is generated from the one registry and its catalog entries, like
//! `dockfix explain`: a page that is out of date, missing or left over fails here.
//! `DOCKFIX_BLESS=1 cargo test --test docs` writes the pages again.

use std::path::Path;

#[test]
fn transform_pages_are_generated_from_the_registry() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/transforms");
    let bless = std::env::var_os("DOCKFIX_BLESS").is_some();
    let mut stale = Vec::new();
    let mut expected_names = Vec::new();
    for registered in dockfix::transforms::registry() {
        let name = format!("{}.md", registered.id);
        let page = dockfix::catalog::page(registered.meta());
        let path = folder.join(&name);
        if bless {
            std::fs::write(&path, &page).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            stale.push(name.clone());
        }
        expected_names.push(name);
    }
    let extra: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !expected_names.contains(name))
        .collect();
    assert!(extra.is_empty(), "pages of no registered transform: {extra:?}");
    assert!(stale.is_empty(), "out of date (DOCKFIX_BLESS=1 cargo test --test docs): {stale:?}");
}

#[test]
fn explain_prints_the_same_page() {
    let registered = &dockfix::transforms::registry()[0];
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dockfix")).args(["explain", registered.id]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), dockfix::catalog::page(registered.meta()));
}

#[test]
fn every_catalog_entry_is_registered_once() {
    let mut ids: Vec<&str> = dockfix::transforms::registry().iter().map(|t| t.id).collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "an id is registered twice");
    let catalog: Vec<&str> = dockfix::catalog::all().iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, catalog, "every transforms/<id>.toml has one registry line, and every line an entry");
}

/// Every `dockfix ...` command in a fenced code block of a document, up to a shell operator.
fn dockfix_commands(text: &str) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("dockfix ") {
            let before = rest[..at].chars().next_back();
            let tail = &rest[at + "dockfix ".len()..];
            rest = tail;
            // A command, not a word inside a name (`dockfix/harden`, `dockfix[bot]`, `# dockfix`).
            if before.is_some_and(|c| !matches!(c, ' ' | '(' | '`' | '\t' | '"')) || line.trim_start().starts_with('#') {
                continue;
            }
            let end = tail.find(['>', '|', ')', ';', '&', '`', '"', '#']).unwrap_or(tail.len());
            let words: Vec<String> = tail[..end].split_whitespace().map(str::to_string).collect();
            let first = words.first().map(String::as_str).unwrap_or_default();
            if ["apply", "check", "list", "explain", "init", "pr-title", "completions", "man"].contains(&first) {
                commands.push(words);
            }
        }
    }
    commands
}

#[test]
fn the_bot_workflow_action_and_readme_commands_are_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bot = std::fs::read_to_string(root.join("docs/bot.md")).unwrap();
    let workflow = bot.split("```yaml\n").nth(1).and_then(|b| b.split("\n```").next()).expect("a workflow block");
    let docs = yaml_rust2::YamlLoader::load_from_str(workflow).expect("the workflow is YAML");
    let steps = docs[0]["jobs"]["harden"]["steps"].as_vec().expect("jobs.harden.steps");
    assert!(steps.len() >= 4);
    assert!(docs[0]["on"]["schedule"][0]["cron"].as_str().is_some(), "it runs on a schedule");
    assert_eq!(docs[0]["jobs"]["harden"]["env"]["BRANCH"].as_str(), Some("dockfix/harden"), "one PR on a fixed branch");
    let action = yaml_rust2::YamlLoader::load_from_str(&std::fs::read_to_string(root.join("action.yml")).unwrap()).unwrap();
    assert_eq!(action[0]["runs"]["using"].as_str(), Some("composite"));
    assert!(action[0]["inputs"]["args"]["description"].as_str().is_some());
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut checked = 0;
    for text in [bot.as_str(), readme.as_str(), &std::fs::read_to_string(root.join("docs/guide.md")).unwrap(), &std::fs::read_to_string(root.join("docs/getting-started.md")).unwrap()] {
        for words in dockfix_commands(text) {
            // Placeholders of the synopsis (`ID`, `[PATH]...`) are not commands.
            if words.iter().any(|w| w.starts_with('[') || w.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c == '|') && w.len() > 1) {
                continue;
            }
            let mut argv = vec!["dockfix".to_string()];
            argv.extend(words.iter().cloned());
            if let Err(e) = dockfix::cli::command().try_get_matches_from(&argv) {
                panic!("`{}` does not parse: {e}", argv.join(" "));
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} commands found");
}

#[test]
fn the_configuration_reference_names_every_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = std::fs::read_to_string(root.join("docs/configuration.md")).unwrap();
    let template = dockfix::config::template(&[], false);
    for line in template.lines() {
        let line = line.trim_start_matches("# ");
        let key = if let Some(table) = line.strip_prefix('[') {
            table.trim_end_matches(']').split('.').next().unwrap_or_default().to_string()
        } else if let Some((key, _)) = line.split_once(" = ") {
            key.trim().to_string()
        } else {
            continue;
        };
        assert!(reference.contains(&format!("`{key}`")) || reference.contains(&format!("[{key}")), "docs/configuration.md does not describe `{key}`");
    }
    // The reference's example is a valid file.
    let example = reference.split("```toml\n").nth(1).and_then(|b| b.split("\n```").next()).unwrap();
    dockfix::config::Config::parse(Path::new("dockfix.toml"), example).unwrap_or_else(|e| panic!("the example: {e}"));
}
