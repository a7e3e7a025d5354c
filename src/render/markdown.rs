//! A pull-request body: a table of changes with the reason for each, the notes, the diff, and a
//! hidden `<!-- dockfix:meta {...} -->` line that bots can read back.

use super::{Mode, path};
use crate::engine::Run;
use serde_json::json;

pub fn render(run: &Run, mode: Mode) -> String {
    let mut out = String::from("## dockfix\n\n");
    if run.applied.is_empty() {
        out.push_str("Nothing to change.\n");
    } else {
        out.push_str(&format!("{}.\n\n| File | Line | Transform | Why |\n|---|---|---|---|\n", super::summary(run)));
        for a in &run.applied {
            out.push_str(&format!("| `{}` | {} | `{}` | {} |\n", path(run, a.file), a.line, a.transform, cell(&a.message)));
        }
    }
    if !run.errors.is_empty() {
        out.push_str("\n### Errors\n\n");
        for e in &run.errors {
            out.push_str(&format!("- `{}:{}`: {}\n", e.path, e.line.max(1), e.message));
        }
    }
    if !run.notes.is_empty() {
        out.push_str("\n### Notes\n\n");
        for n in &run.notes {
            out.push_str(&format!("- `{}:{}` (`{}`): {}\n", path(run, n.file), n.line, n.transform, n.message));
        }
    }
    let files = run.changed_files();
    if !files.is_empty() {
        out.push_str("\n<details><summary>Diff</summary>\n\n```diff\n");
        for i in &files {
            out.push_str(&super::file_diff(run, *i));
        }
        out.push_str("```\n\n</details>\n");
    }
    let meta = json!({
        "schema_version": super::json::SCHEMA_VERSION,
        "mode": mode.name(),
        "transforms": super::counts(run),
        "files": files.iter().map(|i| path(run, *i)).collect::<Vec<_>>(),
    });
    out.push_str(&format!("\n<!-- dockfix:meta {meta} -->\n"));
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
