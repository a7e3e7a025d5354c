//! Line-based files (`.dockerignore`, `.gitignore`, `.env.example`): a list of lines that
//! prints back byte for byte, and the patterns they mean.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::sync::Arc;
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct LineFile {
    pub text: String,
    pub lines: Vec<LineEntry>,
    /// The ignore rules, compiled once.
    rules: std::sync::OnceLock<Rules>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineEntry {
    /// Bytes of the line, terminator included.
    pub span: Range<usize>,
    /// Bytes of the line's content, terminator excluded.
    pub content: Range<usize>,
    /// 1-based.
    pub number: usize,
}

impl LineFile {
    pub fn parse(text: &str) -> LineFile {
        let mut lines = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
            let mut content_end = end;
            if text[start..content_end].ends_with('\n') {
                content_end -= 1;
            }
            if text[start..content_end].ends_with('\r') {
                content_end -= 1;
            }
            lines.push(LineEntry { span: start..end, content: start..content_end, number: lines.len() + 1 });
            start = end;
        }
        LineFile { text: text.to_string(), lines, rules: std::sync::OnceLock::new() }
    }

    /// The file read as Docker ignore rules (compiled on first use).
    pub fn rules(&self) -> &Rules {
        self.rules.get_or_init(|| Rules::new(self))
    }

    /// An edit appending `lines` at the end, in the file's line endings, after a line ending
    /// for a last line that has none.
    pub fn append(&self, lines: &[String]) -> crate::edit::Edit {
        let eol = crate::style::line_ending(&self.text);
        let mut text = String::new();
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            text.push_str(eol);
        }
        for line in lines {
            text.push_str(line);
            text.push_str(eol);
        }
        crate::edit::Edit::insert(self.text.len(), text)
    }

    pub fn print(&self) -> String {
        self.lines.iter().map(|line| &self.text[line.span.clone()]).collect()
    }

    pub fn content(&self, line: &LineEntry) -> &str {
        &self.text[line.content.clone()]
    }

    /// The ignore patterns, as Docker reads them: comments and blank lines dropped, surrounding
    /// whitespace trimmed. Each comes with the index of its line.
    pub fn patterns(&self) -> Vec<(usize, String)> {
        self.lines
            .iter()
            .enumerate()
            .filter_map(|(index, line)| {
                let pattern = self.content(line).trim();
                (!pattern.is_empty() && !pattern.starts_with('#')).then(|| (index, pattern.to_string()))
            })
            .collect()
    }
}

/// A `.dockerignore` compiled once: per pattern line, whether it re-includes and its matcher.
#[derive(Debug, Clone)]
pub struct Rules(Vec<(usize, String, bool, Option<Matcher>)>);

impl Rules {
    pub fn new(ignore: &LineFile) -> Rules {
        let rules = ignore
            .patterns()
            .into_iter()
            .map(|(line, pattern)| {
                let (negated, body) = match pattern.strip_prefix('!') {
                    Some(body) => (true, body.trim().to_string()),
                    None => (false, pattern.clone()),
                };
                (line, pattern, negated, matcher(&body))
            })
            .collect();
        Rules(rules)
    }

    /// The line of the pattern that finally excludes `name` at the context's root (Docker: the
    /// last matching pattern wins, `!` re-includes), with the pattern.
    pub fn excluding(&self, name: &str) -> Option<(usize, String)> {
        // As Docker's pattern matcher: a pattern that matches a folder above the path matches
        // the path too (`*` leaves out `container/.env` unless a `!` pattern takes it back).
        let folders: Vec<&str> = name.match_indices('/').map(|(at, _)| &name[..at]).filter(|f| !f.is_empty()).collect();
        let mut verdict = None;
        for (line, pattern, negated, matcher) in &self.0 {
            if matcher.as_ref().is_some_and(|m| m.is_match(name) || folders.iter().any(|f| m.is_match(f))) {
                verdict = if *negated { None } else { Some((*line, pattern.clone())) };
            }
        }
        verdict
    }

    /// Whether a path of the context is left out of the build.
    pub fn excludes(&self, name: &str) -> bool {
        self.excluding(name).is_some()
    }

    /// Whether a `!` pattern names `name` itself (`!.git`, `!/.git/`): the author sends it to
    /// the builder on purpose, and a pattern appended after it would undo that.
    pub fn reincludes_by_name(&self, name: &str) -> bool {
        self.0.iter().any(|(_, pattern, negated, _)| {
            *negated && pattern[1..].trim().trim_start_matches("./").trim_matches('/') == name
        })
    }
}

/// One compiled pattern. A set of one glob rather than a glob's own matcher: the set matches
/// literal names, `*.ext` and other plain shapes without a regex (most patterns of an ignore
/// file are such), and compiles a regex only for the rest.
#[derive(Debug, Clone)]
pub struct Matcher(Arc<GlobSet>);

impl Matcher {
    pub fn is_match(&self, path: &str) -> bool {
        self.0.is_match(path)
    }
}

/// Docker's matching for a file at the context root: leading `/` and `./` are ignored, `*`
/// does not cross `/`, `**` does. Each pattern is compiled once per run and shared (a compiled
/// glob is a regex: compiling the same `.env*` for every file and pass was most of the heap).
pub fn matcher(pattern: &str) -> Option<Matcher> {
    use std::collections::HashMap;
    use std::sync::{OnceLock, RwLock};
    static COMPILED: OnceLock<RwLock<HashMap<String, Option<Matcher>>>> = OnceLock::new();
    let compiled = COMPILED.get_or_init(|| RwLock::new(HashMap::new()));
    if let Some(hit) = compiled.read().ok().and_then(|c| c.get(pattern).cloned()) {
        return hit;
    }
    let cleaned = pattern.trim_start_matches("./").trim_start_matches('/').trim_end_matches('/');
    let matcher = GlobBuilder::new(cleaned)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .ok()
        .and_then(|glob| GlobSetBuilder::new().add(glob).build().ok())
        .map(|set| Matcher(Arc::new(set)));
    if let Ok(mut c) = compiled.write() {
        if c.len() > 10_000 {
            c.clear();
        }
        c.insert(pattern.to_string(), matcher.clone());
    }
    matcher
}

/// Whether a `.gitignore` ignores `relative` (a path from the `.gitignore`'s folder). A pattern
/// without a slash matches a name at any depth; with one, it is anchored to the folder.
pub fn git_ignores(file: &LineFile, relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let mut ignored = false;
    for (_, pattern) in file.patterns() {
        let (negated, body) = match pattern.strip_prefix('!') {
            Some(body) => (true, body),
            None => (false, pattern.as_str()),
        };
        let body = body.trim_end_matches('/');
        let anchored = body.contains('/');
        let target = if anchored { relative } else { name };
        if matcher(body).is_some_and(|m| m.is_match(target)) {
            ignored = !negated;
        }
    }
    ignored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_keeps_line_endings() {
        let lines = vec!["a".to_string(), "b".to_string()];
        let file = LineFile::parse("x\r\ny");
        assert_eq!(crate::edit::apply(&file.text, &[file.append(&lines)]).unwrap(), "x\r\ny\r\na\r\nb\r\n");
        let file = LineFile::parse("");
        assert_eq!(crate::edit::apply(&file.text, &[file.append(&lines)]).unwrap(), "a\nb\n");
    }

    #[test]
    fn gitignore_matching() {
        let file = LineFile::parse("*.log\n.env\n/build\n");
        assert!(git_ignores(&file, "deploy/.env"));
        assert!(git_ignores(&file, ".env"));
        assert!(!git_ignores(&file, ".env.example"));
        assert!(git_ignores(&file, "build"));
        assert!(!git_ignores(&file, "x/build"));
        assert!(!git_ignores(&LineFile::parse(".env\n!.env\n"), ".env"));
    }

    /// Docker leaves out a path when a pattern matches it or a folder above it; the last
    /// pattern that does decides.
    #[test]
    fn a_pattern_on_a_folder_covers_what_is_in_it() {
        let allow_list = LineFile::parse("*\n!container/entrypoint.sh\n!searx/**\n");
        let allow_list = allow_list.rules();
        assert!(allow_list.excludes("container/.env"));
        assert!(allow_list.excludes(".env"));
        assert!(!allow_list.excludes("container/entrypoint.sh"));
        assert!(!allow_list.excludes("searx/app.py"));
        let folder = LineFile::parse("deploy\n!deploy/keep\n");
        let folder = folder.rules();
        assert!(folder.excludes("deploy/.env"));
        assert!(!folder.excludes("deploy/keep"));
        assert!(!folder.excludes("other/.env"));
        // A re-included folder takes back what is in it.
        let reincluded = LineFile::parse("*\n!docker\n");
        assert!(!reincluded.rules().excludes("docker/.env"));
    }

    #[test]
    fn round_trip_and_patterns() {
        for text in ["a\r\n# c\r\n\r\n !b \r\n", "x\ny", "", "\n\n"] {
            assert_eq!(LineFile::parse(text).print(), text);
        }
        let file = LineFile::parse("a\r\n# c\r\n\r\n !b \r\n");
        assert_eq!(file.patterns(), vec![(0, "a".to_string()), (3, "!b".to_string())]);
    }
}
