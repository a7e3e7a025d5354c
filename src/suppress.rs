//! Inline suppressions, in the file's own comment syntax:
//! - `# dockfix: ignore[ID, ...]` on its own line before an instruction, a service key or any
//!   YAML key: those transforms leave that node (the instruction with its continuation lines, the
//!   key with everything indented under it) alone;
//! - the same at the end of the line that starts the node;
//! - in the comment block that opens the file: the whole file;
//! - `# dockfix: ignore` without ids: every transform.
//!
//! Suppressions are read from the file on disk, so the lines they cover do not move while the
//! fix loop edits the file. Each remembers what it suppressed, so that one that suppressed
//! nothing, or names an unknown id, is reported (as ruff reports an unused `noqa`).

use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct Suppression {
    /// 1-based line of the comment in the file on disk.
    pub line: usize,
    /// 1-based column of the comment.
    pub column: usize,
    /// `None`: every transform.
    pub ids: Option<Vec<String>>,
    /// The 1-based lines it covers, inclusive.
    pub covers: std::ops::RangeInclusive<usize>,
    /// Ids it suppressed something for (`*` for a bare `ignore`).
    pub used: BTreeSet<String>,
}

impl Suppression {
    fn names(&self, id: &str) -> bool {
        self.ids.as_ref().is_none_or(|ids| ids.iter().any(|i| i == id || i == "all"))
    }
}

/// The suppressions of one file.
#[derive(Debug, Clone, Default)]
pub struct Suppressions(pub Vec<Suppression>);

impl Suppressions {
    /// Reads the suppressions of `text`; `yaml` picks how far a node reaches (indentation, else
    /// continuation lines).
    pub fn read(text: &str, yaml: bool) -> Suppressions {
        let lines: Vec<&str> = text.lines().collect();
        let mut found = Vec::new();
        let mut leading = true;
        for (index, raw) in lines.iter().enumerate() {
            let line = raw.trim_start_matches('\u{feff}');
            let content = line.trim();
            let is_comment = content.starts_with('#');
            if !content.is_empty() && !is_comment {
                leading = false;
            }
            let Some((column, ids)) = directive(line) else { continue };
            let number = index + 1;
            let covers = if leading {
                1..=lines.len().max(1)
            } else if is_comment {
                // The next line that is not blank or a comment starts the node.
                match (index + 1..lines.len()).find(|&i| !is_blank_or_comment(lines[i])) {
                    Some(start) => start + 1..=node_end(&lines, start, yaml) + 1,
                    None => continue,
                }
            } else {
                // At the end of a continuation line: the whole instruction.
                let mut start = index;
                while !yaml && start > 0 && lines[start - 1].trim_end().ends_with(['\\', '`']) {
                    start -= 1;
                }
                start + 1..=node_end(&lines, index, yaml) + 1
            };
            found.push(Suppression { line: number, column, ids, covers, used: BTreeSet::new() });
        }
        Suppressions(found)
    }

    /// Whether transform `id` is suppressed on original line `line`; the suppressions that do
    /// so remember it.
    pub fn suppresses(&mut self, line: usize, id: &str) -> bool {
        let mut any = false;
        for s in self.0.iter_mut().filter(|s| s.covers.contains(&line) && s.names(id)) {
            s.used.insert(if s.ids.is_some() { id.to_string() } else { "*".into() });
            any = true;
        }
        any
    }
}

/// `(column, ids)` of a `# dockfix: ignore[...]` comment on `line`: at its start, or after code.
fn directive(line: &str) -> Option<(usize, Option<Vec<String>>)> {
    let mut search = 0;
    while let Some(at) = line[search..].find('#').map(|i| i + search) {
        search = at + 1;
        // Inside code, a comment starts after whitespace (YAML's and the shell's rule).
        if at > 0 && !line[..at].ends_with([' ', '\t']) {
            continue;
        }
        let rest = line[at + 1..].trim_start();
        let Some(rest) = rest.strip_prefix("dockfix:") else { continue };
        let Some(rest) = rest.trim_start().strip_prefix("ignore") else { continue };
        let column = line[..at].chars().count() + 1;
        if let Some(list) = rest.strip_prefix('[') {
            let list = list.split(']').next().unwrap_or_default();
            let ids: Vec<String> = list.split(',').map(|i| i.trim().to_string()).filter(|i| !i.is_empty()).collect();
            return Some((column, Some(ids)));
        }
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            return Some((column, None));
        }
    }
    None
}

fn is_blank_or_comment(line: &str) -> bool {
    let content = line.trim();
    content.is_empty() || content.starts_with('#')
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The 0-based last line of the node that starts at 0-based `start`.
fn node_end(lines: &[&str], start: usize, yaml: bool) -> usize {
    let mut end = start;
    if yaml {
        let own = indent(lines[start]);
        let item_parent = lines[start].trim_end().ends_with(':');
        for (i, line) in lines.iter().enumerate().skip(start + 1) {
            if is_blank_or_comment(line) {
                continue;
            }
            let deeper = indent(line) > own;
            // `ports:` with its items at the key's own indentation.
            let own_item = item_parent && indent(line) == own && line.trim_start().starts_with("- ");
            if deeper || own_item || line.trim_start().starts_with("...") {
                end = i;
            } else {
                break;
            }
        }
    } else {
        while end + 1 < lines.len() && lines[end].trim_end().ends_with(['\\', '`']) {
            end += 1;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_a_yaml_key_covers_its_block() {
        let text = "services:\n  # dockfix: ignore[a, b]\n  web:\n    image: x\n    ports:\n    - 80:80\n  db:\n    image: y\n";
        let mut s = Suppressions::read(text, true);
        assert_eq!(s.0[0].covers, 3..=6);
        assert!(s.suppresses(3, "b") && s.suppresses(6, "a"));
        assert!(!s.suppresses(7, "a"), "the next service");
        assert!(!s.suppresses(4, "c"), "another transform");
        assert_eq!(s.0[0].used, BTreeSet::from(["a".to_string(), "b".to_string()]));
    }

    #[test]
    fn top_of_file_end_of_line_and_bare() {
        let text = "# dockfix: ignore[x]\nFROM a\nRUN b \\\n  c # dockfix: ignore\nUSER d\n";
        let mut s = Suppressions::read(text, false);
        assert_eq!(s.0[0].covers, 1..=5, "the opening comment block covers the file");
        assert!(s.suppresses(5, "x") && !s.suppresses(5, "y"));
        // `c # dockfix: ignore` ends the RUN's last line: it covers the whole RUN.
        assert_eq!((s.0[1].ids.clone(), s.0[1].covers.clone()), (None, 3..=4));
        let text = "FROM a\n# dockfix: ignore\nRUN b \\\n  c\nUSER d\n";
        let mut s = Suppressions::read(text, false);
        assert_eq!(s.0[0].covers, 3..=4, "the instruction and its continuation");
        assert!(s.suppresses(4, "anything") && !s.suppresses(5, "anything"));
        let text = "services:\n  web:\n    restart: no # dockfix: ignore[compose-restart-policy]\n";
        let s = Suppressions::read(text, true);
        assert_eq!((s.0[0].line, s.0[0].column, s.0[0].covers.clone()), (3, 17, 3..=3));
    }

    #[test]
    fn look_alikes_are_not_suppressions() {
        for text in ["x: a#dockfix: ignore\n", "# dockfix: ignored\nx: 1\n", "x: 1\n# dockfix: ignore[a]\n"] {
            assert!(Suppressions::read(text, true).0.is_empty(), "{text}");
        }
    }
}
