//! A pull-request body a maintainer can act on: a title, a summary, what must be done by hand
//! before the next deploy (**Action required**), a table of changes with the reason for each,
//! the notes, each file's diff folded, and a hidden `<!-- dockfix:meta {...} -->` line that lets
//! a bot tell whether an open PR is stale. Kept under GitHub's 65,536-character body limit.

use super::{Context, path};
use crate::discover::FileKind;
use crate::engine::Run;
use crate::source::FileId;
use serde_json::json;
use std::collections::BTreeSet;
use std::path::Path;

/// GitHub refuses a pull-request body longer than this.
pub const BODY_LIMIT: usize = 65_536;

/// The PR title: how many fixes in how many files, and of which phases.
pub fn title(run: &Run) -> String {
    if run.applied.is_empty() {
        return "dockfix: nothing to change".into();
    }
    let phases: BTreeSet<crate::catalog::Phase> = run.applied.iter().map(|a| crate::catalog::meta(a.transform).phase).collect();
    let files = run.changed_files().len();
    let changes = run.applied.len();
    format!(
        "dockfix: {changes} hardening fix{} in {files} file{} ({})",
        if changes == 1 { "" } else { "es" },
        if files == 1 { "" } else { "s" },
        phases.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ")
    )
}

pub fn render(run: &Run, context: &Context) -> String {
    let mut head = format!("## {}\n\n", title(run));
    if run.applied.is_empty() {
        head.push_str("Nothing to change.\n");
    } else {
        head.push_str(&format!("**Summary.** {}.\n", super::summary(run)));
    }
    let action = action_required(run);
    if !action.is_empty() {
        head.push_str("\n### Action required\n\n");
        for item in &action {
            head.push_str(&format!("- {item}\n"));
        }
    }
    let mut table = Vec::new();
    for a in &run.applied {
        let meta = crate::catalog::meta(a.transform);
        table.push(format!(
            "| `{}:{}` | [`{}`]({}/{}.md) | {} | {} | {} |\n",
            path(run, a.file),
            a.line,
            a.transform,
            super::DOCS_URL,
            a.transform,
            cell(&super::redact_secrets(&a.message, &run.secrets)),
            cell(first_sentence(&meta.why)),
            meta.safety.name()
        ));
    }
    let mut human: Vec<String> = run.errors.iter().map(|e| format!("- error: `{}:{}`: {}\n", e.path, e.line.max(1), e.message)).collect();
    human.extend(run.notes.iter().map(|n| format!("- `{}:{}` (`{}`): {}\n", path(run, n.file), n.line, n.transform, n.message)));
    human.extend(run.warnings.iter().map(|w| format!("- warning: `{}:{}`: {}\n", w.path, w.line.max(1), w.message)));

    let files = run.changed_files();
    // Each file's diff made once, on every core: the hash of the changes and the diff section
    // both need them.
    let mut file_diffs: std::collections::HashMap<FileId, String> =
        files.iter().copied().zip(crate::parallel::map_ref(&files, |&i| super::file_diff(run, i))).collect();
    let committed: Vec<FileId> = files.iter().copied().filter(|&i| !git_ignored(run, &run.project.files[i].real)).collect();
    let meta = json!({
        "version": env!("CARGO_PKG_VERSION"),
        "schema_version": super::json::SCHEMA_VERSION,
        "mode": context.mode.name(),
        "selection": context.selection,
        "config": context.config_hash(),
        "changes": super::hash(committed.iter().flat_map(|&i| [std::borrow::Cow::Owned(path(run, i)), std::borrow::Cow::Borrowed(file_diffs[&i].as_str())])),
        "transforms": super::counts(run),
        "files": committed.iter().map(|&i| path(run, i)).collect::<Vec<_>>(),
    });
    let tail = format!("\n<!-- dockfix:meta {meta} -->\n");

    // Within GitHub's limit: the table may take up to half of it, the notes up to two thirds
    // with the table, and the diffs the rest, the largest giving way first.
    let budget = BODY_LIMIT - 1024 - tail.len();
    let mut out = head;
    if !table.is_empty() {
        out.push_str("\n### Changes\n\n| File | Transform | What changed | Why | Safety |\n|---|---|---|---|---|\n");
        fit(&mut out, &table, budget / 2, "changes", "dockfix check");
    }
    if !human.is_empty() {
        out.push_str("\n### Notes for a human\n\n");
        fit(&mut out, &human, budget * 2 / 3, "notes", "dockfix apply --dry-run");
    }
    let mut diffs: Vec<(String, String)> = files.iter().map(|&i| (path(run, i), file_diffs.remove(&i).unwrap_or_default())).collect();
    let heading = "\n### Diff\n\n";
    let size = |diffs: &[(String, String)]| out.len() + heading.len() + diffs.iter().map(|(p, d)| folded(p, d).len()).sum::<usize>();
    while size(&diffs) > budget {
        let Some((largest, _)) = diffs.iter().enumerate().filter(|(_, (_, d))| !d.starts_with("(left out")).max_by_key(|(_, (_, d))| d.len()) else {
            // Even every diff left out is too long: the list itself is cut.
            while size(&diffs) > budget && diffs.pop().is_some() {}
            break;
        };
        let (file, diff) = &diffs[largest];
        let lines = diff.lines().count();
        diffs[largest].1 = format!("(left out: {lines} lines, too long for a pull-request body; see it with `dockfix apply --dry-run {file}`)\n");
    }
    if !diffs.is_empty() {
        out.push_str(heading);
        for (file, diff) in &diffs {
            out.push_str(&folded(file, diff));
        }
        if diffs.len() < files.len() {
            out.push_str(&format!("\n{} more changed files: see `dockfix apply --dry-run`.\n", files.len() - diffs.len()));
        }
    }
    out.push_str(&tail);
    out
}

/// Appends `rows` to `out` while it stays within `limit`, then a line saying how many more.
fn fit(out: &mut String, rows: &[String], limit: usize, what: &str, command: &str) {
    for (index, row) in rows.iter().enumerate() {
        if out.len() + row.len() > limit {
            out.push_str(&format!("\n…and {} more {what}: run `{command}` to see them all.\n", rows.len() - index));
            return;
        }
        out.push_str(row);
    }
}

/// One file's diff in a `<details>` block.
fn folded(file: &str, diff: &str) -> String {
    let lines = diff.lines().count();
    if diff.starts_with("(left out") {
        return format!("- `{file}`: {diff}");
    }
    format!("<details><summary><code>{file}</code> ({lines} lines)</summary>\n\n```diff\n{diff}```\n\n</details>\n\n")
}

/// What someone must do by hand before the next deploy.
fn action_required(run: &Run) -> Vec<String> {
    let mut items = Vec::new();
    for file in run.project.files.iter().filter(|f| f.changed()) {
        match file.kind {
            FileKind::Env if file.path.file_name().is_some_and(|n| n == ".env") => {
                let before = names(&file.original);
                let added: Vec<String> = names(file.text()).into_iter().filter(|n| !before.contains(n)).collect();
                if !added.is_empty() {
                    items.push(format!(
                        "Set {} in `{}` on every host before the next deploy: the compose files now read {} from there, and `.env` is not committed (values were moved or generated locally by dockfix and are not shown here).",
                        added.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
                        file.path.display(),
                        if added.len() == 1 { "it" } else { "them" }
                    ));
                }
            }
            FileKind::Secret if file.created.is_some() => {
                items.push(format!("Create `{}` on every host before the next deploy (a Compose secret; not committed).", file.path.display()));
            }
            _ => {}
        }
    }
    let ports: Vec<String> = run
        .applied
        .iter()
        .filter(|a| a.transform == "compose-bind-localhost")
        .map(|a| format!("`{}:{}`", path(run, a.file), a.line))
        .collect();
    if !ports.is_empty() {
        items.push(format!(
            "Published ports now listen on 127.0.0.1 only ({}): clients on other machines must go through a proxy or an SSH tunnel.",
            ports.join(", ")
        ));
    }
    let mut by_transform: std::collections::BTreeMap<&str, Vec<String>> = std::collections::BTreeMap::new();
    for a in run.applied.iter().filter(|a| crate::catalog::meta(a.transform).safety == crate::catalog::Safety::Unsafe) {
        by_transform.entry(a.transform).or_default().push(format!("`{}:{}`", path(run, a.file), a.line));
    }
    let risky: Vec<String> = by_transform.iter().map(|(id, places)| format!("`{id}` ({})", places.join(", "))).collect();
    if !risky.is_empty() {
        items.push(format!(
            "Review the unsafe changes, which may need application changes (each transform's page says when it breaks): {}.",
            risky.join("; ")
        ));
    }
    items
}

/// The variable names of a `.env` text.
fn names(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(n, _)| n.trim().trim_start_matches("export ").trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let end = text.find(". ").or_else(|| text.find(".\n")).map_or(text.len(), |i| i + 1);
    &text[..end]
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Whether git ignores the file (`.env`): a bot must not commit it, nor list it. Read from the
/// `.gitignore` files between the repository's root and the file, as this run leaves them (it
/// may add `.env` to one), the deepest deciding.
pub fn git_ignored(run: &Run, real: &Path) -> bool {
    let mut folders = Vec::new();
    for folder in real.ancestors().skip(1) {
        folders.push(folder);
        if folder.join(".git").exists() {
            break;
        }
    }
    for folder in folders {
        let file = folder.join(".gitignore");
        let text = match run.project.files.iter().find(|f| f.real == file) {
            Some(source) => source.text().to_string(),
            None => match std::fs::read_to_string(&file) {
                Ok(text) => text,
                Err(_) => continue,
            },
        };
        let mut builder = ignore::gitignore::GitignoreBuilder::new(folder);
        for line in text.lines() {
            let _ = builder.add_line(None, line);
        }
        let Ok(matcher) = builder.build() else { continue };
        match matcher.matched_path_or_any_parents(real, false) {
            ignore::Match::Ignore(_) => return true,
            ignore::Match::Whitelist(_) => return false,
            ignore::Match::None => {}
        }
    }
    false
}
