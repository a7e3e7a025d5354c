//! The fix loop: transforms propose, non-conflicting edits are applied, every edited file is
//! parsed again and checked against the intended meaning, and passes repeat until nothing
//! changes. Conflicting edits wait for the next pass.

use crate::discover::Found;
use crate::edit::{self, Edit};
use crate::error::InputError;
use crate::project::{Options, Parsed, Project, Source, parse_file};
use crate::syntax::ignorefile::LineFile;
use crate::syntax::yaml::value::YamlOp;
use crate::transforms::{Change, Expect, Note, Proposals, Transform};
use anyhow::{Result, anyhow, bail};

/// Passes before a run is declared non-convergent.
const MAX_PASSES: usize = 16;

/// An applied change and the pass it was applied in (its edits refer to that pass's text).
#[derive(Debug, Clone)]
pub struct Applied {
    pub pass: usize,
    pub change: Change,
}

/// The outcome of a run, before anything is written.
#[derive(Debug)]
pub struct Run {
    pub sources: Vec<Source>,
    pub originals: Vec<String>,
    pub finals: Vec<String>,
    pub applied: Vec<Applied>,
    pub notes: Vec<Note>,
}

impl Run {
    /// Indexes of files whose text changed.
    pub fn changed_files(&self) -> Vec<usize> {
        (0..self.finals.len()).filter(|&i| self.finals[i] != self.originals[i]).collect()
    }
}

pub fn run(
    mut sources: Vec<Source>,
    texts: Vec<String>,
    transforms: &[&dyn Transform],
    options: &Options,
) -> Result<Run> {
    let mut originals = texts.clone();
    let mut texts = texts;
    let mut applied = Vec::new();
    let mut notes: Vec<Note> = Vec::new();
    let mut project = Project::parse(&sources, &texts, options)?;
    for pass in 1..=MAX_PASSES {
        let mut changes = Vec::new();
        for transform in transforms {
            let mut out = Proposals::new(transform.id());
            transform.propose(&project, &mut out);
            changes.extend(out.changes);
            for note in out.notes {
                // After a transform changed a file, its notes on that file in later passes
                // describe its own result ("already has networks"): dropped.
                let acted = applied
                    .iter()
                    .any(|a: &Applied| a.change.transform == note.transform && a.change.file == note.file);
                if !acted && !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
        changes.retain(|c| c.new_file.is_some() || !suppressed(project.files[c.file].text(), c.line, c.transform));
        let accepted = accept_non_conflicting(changes, sources.len());
        if accepted.is_empty() {
            notes.sort();
            notes.retain(|n| !suppressed(project.files[n.file].text(), n.line, n.transform));
            return Ok(Run { sources, originals, finals: texts, applied, notes });
        }
        add_created_files(&mut project, &accepted, &mut sources, &mut texts, &mut originals)?;
        let mut progressed = false;
        let mut edited = Vec::new();
        for file in 0..texts.len() {
            let mine: Vec<&Change> = accepted.iter().filter(|c| c.file == file).collect();
            if mine.is_empty() {
                continue;
            }
            let edits: Vec<Edit> = mine.iter().flat_map(|c| c.edits.iter().cloned()).collect();
            let new_text = edit::apply(&texts[file], &edits);
            verify(&project, file, &new_text, &mine)?;
            progressed |= new_text != texts[file];
            texts[file] = new_text;
            edited.push(file);
        }
        if !progressed {
            bail!("internal error: transforms proposed edits that change nothing; nothing was written");
        }
        // Only the files this pass edited are parsed again.
        for file in edited {
            let parsed = parse_file(&sources[file], &texts[file])
                .map_err(|e| anyhow!("{e} (after dockfix's own edits: this is a bug, nothing was written)"))?;
            project.replace_file(file, parsed);
        }
        applied.extend(accepted.into_iter().map(|change| Applied { pass, change }));
    }
    bail!("the transforms did not settle after {MAX_PASSES} passes (a bug in a transform); nothing was written")
}

/// Registers the files created by accepted changes as (empty) sources and project files, so
/// their edits can be applied and verified like any other.
fn add_created_files(
    project: &mut Project,
    accepted: &[Change],
    sources: &mut Vec<Source>,
    texts: &mut Vec<String>,
    originals: &mut Vec<String>,
) -> Result<()> {
    for new_file in accepted.iter().filter_map(|c| c.new_file.as_ref()) {
        let found = Found {
            display: new_file.display.clone(),
            real: new_file.real.clone(),
            kind: new_file.kind,
            needs_services: false,
        };
        let source = Source { found, original: Vec::new(), created: Some(new_file.mode) };
        project.push_file(parse_file(&source, "")?);
        sources.push(source);
        texts.push(String::new());
        originals.push(String::new());
    }
    Ok(())
}

/// Takes changes in order, leaving for the next pass any whose edits conflict with one taken.
/// Created files get the indexes after the `existing` sources, in order; two changes creating
/// the same file conflict.
fn accept_non_conflicting(changes: Vec<Change>, existing: usize) -> Vec<Change> {
    let mut accepted: Vec<Change> = Vec::new();
    let mut created: Vec<std::path::PathBuf> = Vec::new();
    for mut change in changes {
        if let Some(new_file) = &change.new_file {
            if created.contains(&new_file.real) {
                continue;
            }
            created.push(new_file.real.clone());
            change.file = existing + created.len() - 1;
        }
        let conflicts = accepted
            .iter()
            .filter(|a| a.file == change.file)
            .any(|a| a.edits.iter().any(|x| change.edits.iter().any(|y| x.conflicts(y))));
        if !conflicts && !change.edits.is_empty() {
            accepted.push(change);
        }
    }
    accepted
}

/// Checks an edited file: it parses again, and means what the changes intended.
fn verify(project: &Project, file: usize, new_text: &str, changes: &[&Change]) -> Result<()> {
    let source = &project.files[file];
    let fail = |why: String| {
        let first = changes[0];
        let ids: Vec<&str> = changes.iter().map(|c| c.transform).collect();
        anyhow!(InputError::new(
            &source.path,
            first.line,
            1,
            format!("internal verification failed for {}: {why}; nothing was written", ids.join(", "))
        ))
    };
    match &source.parsed {
        Parsed::Compose(compose) => {
            let mut ops: Vec<YamlOp> = Vec::new();
            for change in changes {
                match &change.expect {
                    Expect::Yaml(more) => ops.extend(more.iter().cloned()),
                    other => return Err(fail(format!("a YAML file cannot take {other:?}"))),
                }
            }
            compose.yaml.verify(new_text, &ops).map_err(fail)
        }
        Parsed::Lines(lines) => {
            let expected = expected_patterns(lines, changes).map_err(fail)?;
            let actual: Vec<String> = LineFile::parse(new_text).patterns().into_iter().map(|(_, p)| p).collect();
            if actual != expected {
                return Err(fail(format!("patterns after the edit are {actual:?}, expected {expected:?}")));
            }
            Ok(())
        }
        Parsed::Dockerfile(dockerfile) => {
            let mut ops = Vec::new();
            for change in changes {
                match &change.expect {
                    Expect::Dockerfile(more) => ops.extend(more.iter().cloned()),
                    other => return Err(fail(format!("a Dockerfile cannot take {other:?}"))),
                }
            }
            crate::syntax::dockerfile::edit::verify(dockerfile, new_text, &ops).map_err(fail)
        }
    }
}

fn expected_patterns(lines: &LineFile, changes: &[&Change]) -> Result<Vec<String>, String> {
    let mut removed = Vec::new();
    let mut inserted: Vec<(usize, String)> = Vec::new();
    for change in changes {
        match &change.expect {
            Expect::Patterns { remove, insert } => {
                removed.extend(remove.iter().copied());
                inserted.extend(insert.iter().cloned());
            }
            other => return Err(format!("an ignore file cannot take {other:?}")),
        }
    }
    let patterns = lines.patterns();
    let mut expected = Vec::new();
    for index in 0..lines.lines.len() {
        if let Some((_, pattern)) = patterns.iter().find(|(line, _)| *line == index) {
            if !removed.contains(&index) {
                expected.push(pattern.clone());
            }
        }
        expected.extend(inserted.iter().filter(|(after, _)| *after == index).map(|(_, p)| p.clone()));
    }
    expected.extend(inserted.iter().filter(|(after, _)| *after == usize::MAX).map(|(_, p)| p.clone()));
    Ok(expected)
}

/// `# dockfix: ignore[ID, ...]` on the line before `line`, or in the comment block that opens
/// the file, turns transform `id` off there.
pub fn suppressed(text: &str, line: usize, id: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let names = |comment: &str| -> bool {
        let Some(rest) = comment.trim_start().strip_prefix('#') else { return false };
        let Some(list) = rest.trim_start().strip_prefix("dockfix: ignore[") else { return false };
        let list = list.split(']').next().unwrap_or_default();
        list.split(',').any(|item| item.trim() == id || item.trim() == "all")
    };
    let before = line.checked_sub(2).and_then(|i| lines.get(i));
    if before.is_some_and(|l| names(l)) {
        return true;
    }
    lines
        .iter()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        .any(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::{FileKind, Found};
    use crate::syntax::yaml::Value;
    use crate::syntax::yaml::locate::key;

    /// A compose source held in memory.
    fn compose_source(text: &str) -> (Vec<Source>, Vec<String>) {
        let found = Found {
            display: "compose.yaml".into(),
            real: "compose.yaml".into(),
            kind: FileKind::Compose,
            needs_services: false,
        };
        (vec![Source { found, original: text.as_bytes().to_vec(), created: None }], vec![text.to_string()])
    }

    /// Adds `key: value` to service `web` until it is there.
    struct AddKey(&'static str, &'static str);

    impl Transform for AddKey {
        fn id(&self) -> &'static str {
            self.0
        }
        fn propose(&self, project: &Project, out: &mut Proposals) {
            for (file, compose) in project.compose_files() {
                let path = [key("services"), key("web")];
                if let Ok((edit, op)) = compose.yaml.insert_key(&path, self.0, &Value::str(self.1)) {
                    out.change(file, 2, "add", vec![edit], Expect::Yaml(vec![op]));
                }
            }
        }
    }

    #[test]
    fn conflicting_edits_wait_for_the_next_pass() {
        let (sources, texts) = compose_source("services:\n  web:\n    image: x\n");
        let transforms: [&dyn Transform; 2] = [&AddKey("a", "1x"), &AddKey("b", "2x")];
        let run = run(sources, texts, &transforms, &Options::default()).unwrap();
        assert_eq!(run.finals[0], "services:\n  web:\n    image: x\n    a: 1x\n    b: 2x\n");
        let passes: Vec<usize> = run.applied.iter().map(|a| a.pass).collect();
        assert_eq!(passes, [1, 2], "both insert at the same point, so the second waits");
    }

    /// Always appends a character: never settles.
    struct Restless;

    impl Transform for Restless {
        fn id(&self) -> &'static str {
            "restless"
        }
        fn propose(&self, project: &Project, out: &mut Proposals) {
            let end = project.files[0].text().len();
            out.change(0, 1, "more", vec![Edit::insert(end, "#\n")], Expect::Yaml(Vec::new()));
        }
    }

    #[test]
    fn a_run_that_never_settles_is_an_error() {
        let (sources, texts) = compose_source("services: {}\n");
        let error = run(sources, texts, &[&Restless], &Options::default()).unwrap_err().to_string();
        assert!(error.contains("did not settle after 16 passes"), "{error}");
    }

    /// Claims to add a key but writes another one.
    struct Liar;

    impl Transform for Liar {
        fn id(&self) -> &'static str {
            "liar"
        }
        fn propose(&self, project: &Project, out: &mut Proposals) {
            let (file, compose) = project.compose_files().next().unwrap();
            let path = [key("services"), key("web")];
            let (_, op) = compose.yaml.insert_key(&path, "restart", &Value::str("always")).unwrap();
            let (edit, _) = compose.yaml.insert_key(&path, "restart", &Value::str("never")).unwrap();
            out.change(file, 2, "lie", vec![edit], Expect::Yaml(vec![op]));
        }
    }

    #[test]
    fn an_edit_that_does_not_mean_what_it_says_is_refused() {
        let (sources, texts) = compose_source("services:\n  web:\n    image: x\n");
        let error = run(sources, texts, &[&Liar], &Options::default()).unwrap_err().to_string();
        assert!(error.starts_with("compose.yaml:2:1: internal verification failed for liar"), "{error}");
    }

    #[test]
    fn suppression_comments() {
        let text = "# dockfix: ignore[a, b]\nx: 1\n";
        assert!(suppressed(text, 2, "b"));
        assert!(!suppressed(text, 2, "c"));
        let text = "x: 1\n  # dockfix: ignore[c]\n  y: 2\nz: 3\n";
        assert!(suppressed(text, 3, "c"));
        assert!(!suppressed(text, 4, "c"));
    }
}
