//! Output: unified diffs, JSON and a markdown PR body. Deterministic: sorted, no timestamps.

pub mod checkstyle;
pub mod diff;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod markdown;
pub mod sarif;

use crate::catalog;
use crate::discover::FileKind;
use crate::engine::Run;
use crate::source::FileId;
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

/// How the run was made, for reports that let a bot tell a stale one.
#[derive(Debug, Clone)]
pub struct Context {
    pub mode: Mode,
    /// Whether the files were written.
    pub written: bool,
    /// The phases, ids and options chosen on the command line.
    pub selection: serde_json::Value,
    /// A hash of every dockfix.toml used.
    pub config_hash: String,
}

/// The first 16 hex digits of the SHA-256 of `parts` (each followed by a NUL).
pub fn hash<S: AsRef<str>>(parts: impl IntoIterator<Item = S>) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for part in parts {
        hasher.update(part.as_ref().as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Fingerprints that stay the same while a finding does: its file, transform and message, and
/// which occurrence of those it is (two services with the same finding), not its line, so an
/// edit above it does not make it new. Shared by SARIF and GitLab's report.
#[derive(Default)]
pub struct Fingerprints(std::collections::HashMap<String, usize>);

impl Fingerprints {
    pub fn next(&mut self, file: &str, transform: &str, message: &str) -> String {
        let count = self.0.entry([file, transform, message].join("\0")).or_insert(0);
        *count += 1;
        hash([file, transform, message, &count.to_string()])
    }
}

/// The base URL of the transform pages (`docs/transforms/<id>.md`).
pub const DOCS_URL: &str = "https://github.com/dockfix/dockfix/blob/main/docs/transforms";

/// The path of file `index` as shown in output, with `/` separators.
pub fn path(run: &Run, file: FileId) -> String {
    run.project.files[file].path.to_string_lossy().replace('\\', "/")
}

/// The unified diff of file `index`: from `/dev/null` for a file dockfix creates, and with every
/// value of a `.env` file redacted (secret values never reach dockfix's output).
pub fn file_diff(run: &Run, file: FileId) -> String {
    let source = &run.project.files[file];
    let path = path(run, file);
    if matches!(source.kind, FileKind::Env | FileKind::Secret) {
        // Left out of the patch: `git apply` must never write a placeholder into a file.
        let added = source.text().lines().count().saturating_sub(source.original.lines().count());
        let verb = if source.created.is_some() { "creates" } else { "changes" };
        return format!(
            "# dockfix: {path} holds secrets and is not shown ({added} line{} added); `dockfix apply` {verb} it\n",
            if added == 1 { "" } else { "s" }
        );
    }
    let (old, new) = (redact_secrets(&source.original, &run.secrets), redact_secrets(source.text(), &run.secrets));
    if source.created.is_some() { diff::created(&path, &new) } else { diff::unified(&path, &old, &new) }
}

/// `text` with every secret value the run saw replaced by `<redacted>` where it stands as a
/// secret: the value of a secret-named key (`KEY: v`, `KEY=v`), a URL's password, a password
/// flag's argument; longer values (8+ characters) wherever they appear.
pub fn redact_secrets(text: &str, secrets: &[String]) -> String {
    if secrets.is_empty() {
        return text.to_string();
    }
    text.split_inclusive('\n').map(|line| redact_line(line, secrets)).collect()
}

fn redact_line(line: &str, secrets: &[String]) -> String {
    use crate::credentials::{flag_arguments, replace_ranges, url_passwords};
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for range in url_passwords(line) {
        if secrets.iter().any(|s| *s == line[range.clone()]) {
            ranges.push(range);
        }
    }
    for secret in secrets {
        ranges.extend(flag_arguments(line, secret));
        let long = secret.chars().count() >= 8;
        for (at, _) in line.match_indices(secret.as_str()) {
            let before = line[..at].trim_end_matches(['"', '\'', ' ']);
            let after = line[at + secret.len()..].trim_start_matches(['"', '\'']);
            let ends = after.is_empty() || after.starts_with(['\r', '\n', ' ', ',', '}', '#']);
            // `KEY: value` or `KEY=value` under a secret-named key.
            let key = before.trim_end_matches([':', '=']).trim_end();
            let key = key.rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or_default();
            let keyed = (before.ends_with(':') || before.ends_with('=')) && crate::transforms::is_secret_name(key);
            // A long value is redacted where it stands as a word of its own, not inside one
            // (`postgres` in `/var/run/postgresql` is a path).
            let alone = !line[..at].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
                && !line[at + secret.len()..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
            if (long && alone) || (keyed && ends) {
                ranges.push(at..at + secret.len());
            }
        }
    }
    if ranges.is_empty() {
        return line.to_string();
    }
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    replace_ranges(line, &ranges, "<redacted>")
}

/// Edit text as shown for file `index` (redacted for `.env`).
pub fn shown_text(run: &Run, file: FileId, text: &str) -> String {
    match run.project.files[file].kind {
        FileKind::Env => redact_lines(text),
        FileKind::Secret => "<redacted>".to_string(),
        _ => redact_secrets(text, &run.secrets),
    }
}

/// `NAME=value` → `NAME=<redacted>` on every line (diff markers kept).
pub fn redact_lines(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let marker = line.chars().next().filter(|c| matches!(c, '+' | '-' | ' ')).map_or(0, char::len_utf8);
            let (head, body) = line.split_at(marker);
            let trimmed = body.trim_start();
            let is_header = line.starts_with("+++") || line.starts_with("---");
            match body.split_once('=') {
                Some((name, _)) if !is_header && !trimmed.starts_with('#') && is_name(name) => {
                    let ending = if line.ends_with("\r\n") {
                        "\r\n"
                    } else if line.ends_with('\n') {
                        "\n"
                    } else {
                        ""
                    };
                    format!("{head}{name}=<redacted>{ending}")
                }
                _ => line.to_string(),
            }
        })
        .collect()
}

fn is_name(text: &str) -> bool {
    let name = text.trim().trim_start_matches("export ").trim();
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Changes per transform id, for summaries.
pub fn counts(run: &Run) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for applied in &run.applied {
        *counts.entry(applied.transform).or_insert(0) += 1;
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

/// `path:line:column: [id] message` lines, one per change, sorted by file and line (the run
/// sorts them), on the file as it is on disk.
pub fn findings(run: &Run) -> Vec<String> {
    run.applied
        .iter()
        .map(|a| format!("{}:{}:{}: [{}] {}", path(run, a.file), a.line, a.column, a.transform, a.message))
        .collect()
}

/// `error: path:line:col: message` lines: files left alone and dockfix's own failures.
pub fn errors(run: &Run) -> Vec<String> {
    run.errors.iter().map(|e| format!("error: {e}")).collect()
}

/// `warning: path:line:col: message` lines: suppressions that name unknown ids or suppress
/// nothing.
pub fn warnings(run: &Run) -> Vec<String> {
    run.warnings.iter().map(|w| format!("warning: {w}")).collect()
}

/// The notes about a change's own file and transform (what a reviewer should know of it).
pub fn notes_of<'a>(run: &'a Run, applied: &crate::engine::Applied) -> impl Iterator<Item = &'a crate::transforms::Note> {
    let (file, transform) = (applied.file, applied.transform);
    run.notes.iter().filter(move |n| n.file == file && n.transform == transform)
}

/// `(line, column)` where a change ends in the file on disk: the end of the original text its
/// first-pass edits replace; a later pass's edit is reported at its start.
pub fn end_of(run: &Run, applied: &crate::engine::Applied) -> (usize, usize) {
    let source = &run.project.files[applied.file];
    if applied.pass != 1 || source.created.is_some() {
        return (applied.line, applied.column);
    }
    let mut end = applied.edits.iter().map(|e| e.range.end).max().unwrap_or(0).min(source.original.len());
    // An edit that ends where a line starts (a whole line replaced, text added at the end)
    // ends on the line before.
    if end > 0 && source.original.as_bytes()[end - 1] == b'\n' {
        end -= 1;
    }
    (applied.line, applied.column).max(crate::style::line_col(&source.original, end))
}

/// `note: path:line: [id] message` lines.
pub fn notes(run: &Run) -> Vec<String> {
    run.notes
        .iter()
        .map(|n| format!("note: {}:{}: [{}] {}", path(run, n.file), n.line, n.transform, n.message))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn redaction_hides_values_not_names() {
        let diff = "--- a/.env\n+++ b/.env\n@@ -1 +1,2 @@\n A=old\n+B=s3cret\r\n+# note=kept\n";
        assert_eq!(
            super::redact_lines(diff),
            "--- a/.env\n+++ b/.env\n@@ -1 +1,2 @@\n A=<redacted>\n+B=<redacted>\r\n+# note=kept\n"
        );
    }
}

pub fn safety(id: &str) -> &'static str {
    catalog::meta(id).safety.name()
}
