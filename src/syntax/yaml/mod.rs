//! YAML files: tree-sitter-yaml locates, yaml-rust2 judges.
//!
//! A [`YamlDoc`] holds the source, its tree-sitter tree (exact byte ranges) and its yaml-rust2
//! value (meaning). Edits are computed on the tree and checked on the value: after an edit the
//! text is loaded again and must equal the old document plus exactly the intended change.

pub mod edit;
pub mod index;
pub mod locate;
pub mod value;

use crate::style::{self, Style};
use locate::Seg;
use std::borrow::Cow;
use std::collections::BTreeMap;
use tree_sitter::{Node, Tree};
use value::{LoadError, YamlOp};
use yaml_rust2::Yaml;

pub use value::Value;

#[derive(Debug)]
pub struct YamlDoc {
    pub text: String,
    /// The tree-sitter tree, with the nodes lookups start from (see `index.rs`).
    tree: index::IndexedTree,
    /// The document with aliases expanded and merge keys kept as `<<` entries: what it means.
    pub doc: Yaml,
    /// The document with aliases kept as references: what edits are checked against. `None`
    /// when the file has no alias (then it is `doc`, see [`YamlDoc::raw`]).
    raw: Option<Yaml>,
    pub style: Style,
}

impl YamlDoc {
    pub fn parse(text: &str) -> Result<YamlDoc, LoadError> {
        check_characters(text)?;
        let tree = match locate::parse(text) {
            Ok(tree) => tree,
            Err(offset) => {
                // yaml-rust2 words syntax errors better; tree-sitter's position is the fallback.
                value::load_one(text)?;
                let (line, column) = style::line_col(text, offset);
                return Err(LoadError { line, column, message: "YAML syntax error".into() });
            }
        };
        let judged = loadable(text, &tree);
        let (doc, raw) = value::load_both(&judged)?;
        let style = detect_style(text, &tree);
        Ok(YamlDoc { text: text.to_string(), tree: index::IndexedTree::index(tree, text), doc, raw, style })
    }

    /// The document with aliases kept as references (`*alias N` strings).
    pub fn raw(&self) -> &Yaml {
        self.raw.as_ref().unwrap_or(&self.doc)
    }

    pub fn tree(&self) -> &Tree {
        self.tree.tree()
    }

    pub fn root(&self) -> Option<Node<'_>> {
        self.tree.get().root
    }

    /// The node at `path`, if the file has one.
    pub fn node(&self, path: &[Seg]) -> Option<Node<'_>> {
        self.tree.get().lookup(&self.text, path)
    }

    /// The pairs (with a scalar key) of the root mapping, in the file's order.
    pub fn top_pairs(&self) -> &[index::Pair<'_>] {
        self.tree.get().top_pairs()
    }

    /// The pairs (with a scalar key) of the mapping under the top-level key `key`, if the file
    /// has one there.
    pub fn pairs_under(&self, key: &str) -> Option<&[index::Pair<'_>]> {
        self.tree.get().pairs_under(key)
    }

    /// Checks that `new_text` means exactly this document with `ops` applied.
    pub fn verify(&self, new_text: &str, ops: &[YamlOp]) -> Result<(), String> {
        self.verified(new_text, ops).map(|_| ())
    }

    /// As [`YamlDoc::verify`], returning the parse of `new_text` it made (the engine keeps it as
    /// the file's new parse instead of parsing the same text again).
    pub fn verified(&self, new_text: &str, ops: &[YamlOp]) -> Result<YamlDoc, String> {
        self.verified_after(None, new_text, ops)
    }

    /// As [`YamlDoc::verified`], for `new_text` made from this text by `edits` (checked, in
    /// applied order): the new tree is parsed incrementally from this one.
    pub fn verified_after(&self, edits: Option<&[crate::edit::Edit]>, new_text: &str, ops: &[YamlOp]) -> Result<YamlDoc, String> {
        let expected = value::apply_ops(self.raw(), ops)?;
        check_characters(new_text).map_err(|e| format!("the edited file has a character YAML does not allow at {}:{}", e.line, e.column))?;
        let tree = match edits {
            Some(edits) => locate::reparse(self.tree(), &self.text, new_text, edits),
            None => locate::parse(new_text),
        };
        let tree = tree.map_err(|offset| {
            let (line, column) = style::line_col(new_text, offset);
            format!("the edited file has a syntax error at {line}:{column}")
        })?;
        let judged = loadable(new_text, &tree);
        let (doc, actual) = value::load_both(&judged)
            .map_err(|e| format!("the edited file no longer loads ({}:{}: {})", e.line, e.column, e.message))?;
        if !same_meaning(actual.as_ref().unwrap_or(&doc), &expected) {
            return Err("the edited document differs from the intended change".into());
        }
        // The file's style is the one read before the edit: dockfix writes in it.
        Ok(YamlDoc { text: new_text.to_string(), tree: index::IndexedTree::index(tree, new_text), doc, raw: actual, style: self.style.clone() })
    }
}

/// Refuses what YAML forbids and dockfix's parsers disagree on.
fn check_characters(text: &str) -> Result<(), LoadError> {
    // YAML allows no C0 control character but tab, LF and CR (nor DEL); tree-sitter and
    // yaml-rust2 disagree on them (a NUL ends tree-sitter's input), so such a file is
    // refused rather than edited on a guess.
    if let Some(at) = text.find(|c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}') {
        let (line, column) = style::line_col(text, at);
        return Err(LoadError { line, column, message: "a control character YAML does not allow".into() });
    }
    // A carriage return alone (old Mac line endings) is a line break to YAML but not to
    // every parser dockfix uses, nor to its line numbers.
    if let Some(at) = text.match_indices('\r').map(|(i, _)| i).find(|&i| !text[i + 1..].starts_with('\n')) {
        let (line, column) = style::line_col(text, at);
        return Err(LoadError { line, column, message: "a carriage return without a line feed (old Mac line endings); convert the file to LF or CRLF".into() });
    }
    Ok(())
}

/// Whether two documents mean the same: mappings are unordered in YAML (a key inserted before
/// a flow mapping's last entry, a bare `key,` without a value, means what it would at the end).
fn same_meaning(a: &Yaml, b: &Yaml) -> bool {
    match (a, b) {
        (Yaml::Hash(x), Yaml::Hash(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_meaning(v, w))),
        (Yaml::Array(x), Yaml::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_meaning(v, w)),
        _ => a == b,
    }
}

/// The text yaml-rust2 is given. Compose (Go's YAML) accepts a multi-line flow collection whose
/// lines, often its closing bracket, sit at the column of the key that owns it; yaml-rust2 does
/// not. Indentation inside a flow collection carries no meaning, so such lines are indented one
/// column past the enclosing block before loading. Line numbers stay the same.
fn loadable<'a>(text: &'a str, tree: &Tree) -> Cow<'a, str> {
    // A BOM is an encoding mark, not content; yaml-rust2 would read it into the first key.
    let unmarked = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Without a bracket or a brace the file has no flow collection: nothing to walk for.
    if !text.contains(['[', '{']) {
        return Cow::Borrowed(unmarked);
    }
    let mut needed: BTreeMap<usize, usize> = BTreeMap::new();
    // The column of the block each node is in, by depth: a node's is its parent's, or where its
    // parent pair or item starts.
    let mut columns: Vec<usize> = Vec::new();
    locate::walk_tree(tree.root_node(), |node, depth| {
        // What lies on one line holds no collection over several lines: not entered (most
        // of a file's nodes; the walk runs again for every edit verified).
        if node.start_position().row == node.end_position().row {
            return false;
        }
        columns.truncate(depth);
        let block_column = columns.last().copied().unwrap_or(0);
        let kind = locate::kind(node);
        if matches!(kind, "flow_mapping" | "flow_sequence") {
            let (first, last) = (node.start_position().row, node.end_position().row);
            for row in first + 1..=last {
                // The first collection in the file that holds the row decides.
                needed.entry(row).or_insert(block_column + 1);
            }
            return false;
        }
        columns.push(match kind {
            "block_mapping_pair" | "block_sequence_item" => style::column(text, node.start_byte()),
            _ => block_column,
        });
        true
    });
    let text = unmarked;
    if needed.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + needed.len() * 8);
    for (row, line) in text.split_inclusive('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(&column) = needed.get(&row) {
            out.push_str(&" ".repeat(column.saturating_sub(indent)));
        }
        out.push_str(line);
    }
    Cow::Owned(out)
}

/// Indent unit, sequence indentation and quote preference, read from the file's block
/// collections and scalars; defaults where the file does not say.
fn detect_style(text: &str, tree: &Tree) -> Style {
    let mut style = Style { eol: style::line_ending(text), ..Style::default() };
    let mut indents = Vec::new();
    let (mut indented, mut indentless, mut double, mut single) = (0, 0, 0, 0);
    locate::walk_tree(tree.root_node(), |node, _| {
        // What lies on one line holds no block collection under a key, and no quoted scalar
        // unless it has a quote character: not entered then (most of a file's nodes).
        if node.start_position().row == node.end_position().row && !text[node.byte_range()].contains(['"', '\'']) {
            return false;
        }
        match locate::kind(node) {
            "double_quote_scalar" => double += 1,
            "single_quote_scalar" => single += 1,
            "block_mapping_pair" => {
                let key_column = style::column(text, node.start_byte());
                match locate::pair_value(node) {
                    Some(child) if locate::kind(child) == "block_mapping" => {
                        let child_column = style::column(text, child.start_byte());
                        if child_column > key_column && child.start_position().row > node.start_position().row {
                            indents.push(child_column - key_column);
                        }
                    }
                    Some(child) if locate::kind(child) == "block_sequence" => {
                        if style::column(text, child.start_byte()) > key_column {
                            indented += 1;
                        } else {
                            indentless += 1;
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        true
    });
    if let Some(unit) = most_common(&indents) {
        style.indent = unit;
    }
    style.indent_sequences = indented >= indentless;
    style.quote = if single > double { '\'' } else { '"' };
    style
}

fn most_common(values: &[usize]) -> Option<usize> {
    let mut counts = std::collections::BTreeMap::new();
    for v in values {
        *counts.entry(*v).or_insert(0) += 1;
    }
    counts.into_iter().max_by_key(|(value, count)| (*count, std::cmp::Reverse(*value))).map(|(v, _)| v)
}
