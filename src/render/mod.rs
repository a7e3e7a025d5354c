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
    /// The digest of every dockfix.toml used (hashed together only for the reports that show
    /// it: SHA-256's CPU check costs a one-file run a fortieth of its time).
    pub config_digests: Vec<String>,
}

impl Context {
    /// A hash of every dockfix.toml used.
    pub fn config_hash(&self) -> String {
        hash(&self.config_digests)
    }
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
    let redactor = Redactor::for_secrets(secrets);
    text.split_inclusive('\n').map(|line| redactor.redact_line(line)).collect()
}

/// A run's secrets made ready to be found in text: a set for whole values, and one automaton
/// that finds every secret in a line in one pass. (A search per secret and line, and the
/// line's words split again per secret, were a fifth of `apply --dry-run` on the corpus, and
/// grew with the square of a repository's size.)
struct Redactor {
    /// The run's secrets, as given (to know when they change).
    secrets: Vec<String>,
    /// The non-empty ones: the automaton's patterns, by index.
    patterns: Vec<String>,
    set: std::collections::HashSet<String>,
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl Redactor {
    /// The redactor for `secrets`, built once per run: reports ask for every message and file.
    fn for_secrets(secrets: &[String]) -> std::sync::Arc<Redactor> {
        use std::sync::{Arc, Mutex, OnceLock};
        static LAST: OnceLock<Mutex<Option<Arc<Redactor>>>> = OnceLock::new();
        let mut last = LAST.get_or_init(|| Mutex::new(None)).lock().unwrap_or_else(|e| e.into_inner());
        if let Some(redactor) = last.as_ref().filter(|r| r.secrets == secrets) {
            return Arc::clone(redactor);
        }
        let patterns: Vec<String> = secrets.iter().filter(|s| !s.is_empty()).cloned().collect();
        let redactor = Arc::new(Redactor {
            secrets: secrets.to_vec(),
            set: patterns.iter().cloned().collect(),
            automaton: aho_corasick::AhoCorasick::new(&patterns).ok(),
            patterns,
        });
        *last = Some(Arc::clone(&redactor));
        redactor
    }

    fn redact_line(&self, line: &str) -> String {
        use crate::credentials::{flag_arguments_where, replace_ranges, url_passwords};
        // Everything redacted below is one of the secrets, written in the line: a line where
        // the automaton finds none is given back without reading its URLs and flags (most lines).
        // (Without an automaton, every line is read.)
        if self.automaton.as_ref().is_some_and(|automaton| !automaton.is_match(line)) {
            return line.to_string();
        }
        let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
        for range in url_passwords(line) {
            if self.set.contains(&line[range.clone()]) {
                ranges.push(range);
            }
        }
        ranges.extend(flag_arguments_where(line, |candidate| self.set.contains(candidate)));
        for (at, secret) in self.occurrences(line) {
            if stands_as_secret(line, at, secret) {
                ranges.push(at..at + secret.len());
            }
        }
        if ranges.is_empty() {
            return line.to_string();
        }
        ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        replace_ranges(line, &ranges, "<redacted>")
    }

    /// Where each secret occurs in `line`, as `str::match_indices` finds them for each secret
    /// on its own: from the left, an occurrence that starts inside the previous one of the
    /// same secret skipped.
    fn occurrences(&self, line: &str) -> Vec<(usize, &str)> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let mut found: Vec<(usize, usize)> =
            automaton.find_overlapping_iter(line).map(|m| (m.start(), m.pattern().as_usize())).collect();
        if found.is_empty() {
            return Vec::new();
        }
        found.sort_unstable();
        let mut next_free: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        let mut out = Vec::new();
        for (start, pattern) in found {
            let secret = self.patterns[pattern].as_str();
            let free = next_free.entry(pattern).or_insert(0);
            if start >= *free {
                *free = start + secret.len();
                out.push((start, secret));
            }
        }
        out
    }
}

/// Whether `secret`, found at `at` in `line`, stands there as a secret: the value of a
/// secret-named key (`KEY: value`, `KEY=value`), or, when 8 characters or longer, a word of its
/// own (`postgres` in `/var/run/postgresql` is a path, not a password).
fn stands_as_secret(line: &str, at: usize, secret: &str) -> bool {
    let before = line[..at].trim_end_matches(['"', '\'', ' ']);
    let after = line[at + secret.len()..].trim_start_matches(['"', '\'']);
    let ends = after.is_empty() || after.starts_with(['\r', '\n', ' ', ',', '}', '#']);
    let key = before.trim_end_matches([':', '=']).trim_end();
    let key = key.rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or_default();
    let keyed = (before.ends_with(':') || before.ends_with('=')) && crate::transforms::is_secret_name(key);
    let long = secret.chars().count() >= 8;
    let alone = !line[..at].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
        && !line[at + secret.len()..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    (long && alone) || (keyed && ends)
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
pub fn findings(run: &Run) -> impl Iterator<Item = String> + '_ {
    run.applied.iter().map(|a| format!("{}:{}:{}: [{}] {}", path(run, a.file), a.line, a.column, a.transform, a.message))
}

/// `error: path:line:col: message` lines: files left alone and dockfix's own failures.
pub fn errors(run: &Run) -> impl Iterator<Item = String> + '_ {
    run.errors.iter().map(|e| format!("error: {e}"))
}

/// `warning: path:line:col: message` lines: suppressions that name unknown ids or suppress
/// nothing.
pub fn warnings(run: &Run) -> impl Iterator<Item = String> + '_ {
    run.warnings.iter().map(|w| format!("warning: {w}"))
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
pub fn notes(run: &Run) -> impl Iterator<Item = String> + '_ {
    run.notes.iter().map(|n| format!("note: {}:{}: [{}] {}", path(run, n.file), n.line, n.transform, n.message))
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

    /// Secrets are redacted where they stand as secrets, whichever other secrets the run saw:
    /// one inside another, one repeated back to back, a flag's argument, a URL's password, a
    /// secret-named key's value; a short value inside a word is left.
    #[test]
    fn secrets_are_redacted_where_they_stand() {
        let secrets: Vec<String> = ["aaaaaaaa", "aaaa", "hunter2", "postgres", "s3cr3tpassword", "pw"].map(String::from).to_vec();
        let cases = [
            ("x aaaaaaaa y\n", "x <redacted> y\n"),
            ("x aaaaaaaaaaaaaaaa y\n", "x aaaaaaaaaaaaaaaa y\n"),
            ("redis-server --requirepass hunter2 --port 1\n", "redis-server --requirepass <redacted> --port 1\n"),
            ("mysql -phunter2 --password=pw\n", "mysql -p<redacted> --password=<redacted>\n"),
            ("DATABASE_URL: postgresql://app:hunter2@db/x\n", "DATABASE_URL: postgresql://app:<redacted>@db/x\n"),
            ("POSTGRES_PASSWORD: postgres\n", "POSTGRES_PASSWORD: <redacted>\n"),
            ("volumes: [/var/run/postgresql]\n", "volumes: [/var/run/postgresql]\n"),
            ("KEY=\"s3cr3tpassword\" # set\n", "KEY=\"<redacted>\" # set\n"),
            ("nothing here\n", "nothing here\n"),
        ];
        for (line, expected) in cases {
            assert_eq!(super::redact_secrets(line, &secrets), expected, "{line:?}");
        }
        // Found as searching each secret on its own finds them (the way redaction was written
        // first), over lines that mix every form.
        let naive = |line: &str| -> String {
            let mut ranges = Vec::new();
            for range in crate::credentials::url_passwords(line) {
                if secrets.iter().any(|s| *s == line[range.clone()]) {
                    ranges.push(range);
                }
            }
            for secret in &secrets {
                ranges.extend(crate::credentials::flag_arguments(line, secret));
                for (at, _) in line.match_indices(secret.as_str()) {
                    if super::stands_as_secret(line, at, secret) {
                        ranges.push(at..at + secret.len());
                    }
                }
            }
            ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
            crate::credentials::replace_ranges(line, &ranges, "<redacted>")
        };
        let words = ["aaaa", "aaaaaaaa", " ", "-p", "pw", "--password=", "=", "hunter2", "PASSWORD: ", "://u:", "@h/", "\"", "postgres", "x"];
        let mut line = String::new();
        for i in 0..4000usize {
            line.push_str(words[(i * 7 + i / 13) % words.len()]);
            if i % 9 == 8 {
                line.push('\n');
                assert_eq!(super::redact_secrets(&line, &secrets), naive(&line), "{line:?}");
                line.clear();
            }
        }
        // Another run's secrets are not taken from the cache.
        assert_eq!(super::redact_secrets("x hunter2\n", &["other-secret".to_string()]), "x hunter2\n");
        assert_eq!(super::redact_secrets("x hunter2\n", &[]), "x hunter2\n");
    }
}

pub fn safety(id: &str) -> &'static str {
    catalog::meta(id).safety.name()
}
