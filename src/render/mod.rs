//! Output: unified diffs, JSON and a markdown PR body. Deterministic: sorted, no timestamps.

pub mod diff;
pub mod json;
pub mod markdown;

use crate::catalog;
use crate::engine::Run;
use std::collections::BTreeMap;

/// What the command is doing, as reported in machine-readable output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Apply,
    DryRun,
    Check,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Apply => "apply",
            Mode::DryRun => "dry-run",
            Mode::Check => "check",
        }
    }
}

/// The path of file `index` as shown in output, with `/` separators.
pub fn path(run: &Run, index: usize) -> String {
    run.sources[index].display().to_string_lossy().replace('\\', "/")
}

/// Changes per transform id, for summaries.
pub fn counts(run: &Run) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for applied in &run.applied {
        *counts.entry(applied.change.transform).or_insert(0) += 1;
    }
    counts
}

/// `3 changes in 2 files (compose-restart-policy: 3)`.
pub fn summary(run: &Run) -> String {
    let changes = run.applied.len();
    let files = run.changed_files().len();
    let per: Vec<String> = counts(run).iter().map(|(id, n)| format!("{id}: {n}")).collect();
    format!(
        "{changes} change{} in {files} file{} ({})",
        if changes == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" },
        per.join(", ")
    )
}

/// `path:line: [id] message` lines, one per change, sorted by file and line.
pub fn findings(run: &Run) -> Vec<String> {
    let mut rows: Vec<(String, usize, String)> = run
        .applied
        .iter()
        .filter(|a| a.pass == 1)
        .map(|a| {
            let c = &a.change;
            (path(run, c.file), c.line, format!("[{}] {}", c.transform, c.message))
        })
        .collect();
    rows.sort();
    rows.into_iter().map(|(p, l, m)| format!("{p}:{l}: {m}")).collect()
}

/// `note: path:line: [id] message` lines.
pub fn notes(run: &Run) -> Vec<String> {
    run.notes
        .iter()
        .map(|n| format!("note: {}:{}: [{}] {}", path(run, n.file), n.line, n.transform, n.message))
        .collect()
}

pub fn safety(id: &str) -> &'static str {
    catalog::meta(id).safety.name()
}
