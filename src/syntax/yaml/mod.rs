//! YAML files: tree-sitter-yaml locates, yaml-rust2 judges.
//!
//! A [`YamlDoc`] holds the source, its tree-sitter tree (exact byte ranges) and its yaml-rust2
//! value (meaning). Edits are computed on the tree and checked on the value: after an edit the
//! text is loaded again and must equal the old document plus exactly the intended change.

pub mod edit;
pub mod locate;
pub mod value;

use crate::style::{self, Style};
use locate::Seg;
use tree_sitter::{Node, Tree};
use value::{LoadError, YamlOp};
use yaml_rust2::Yaml;

pub use value::Value;

#[derive(Debug)]
pub struct YamlDoc {
    pub text: String,
    pub tree: Tree,
    pub doc: Yaml,
    pub style: Style,
}

impl YamlDoc {
    pub fn parse(text: &str) -> Result<YamlDoc, LoadError> {
        let doc = value::load_one(text)?;
        let tree = locate::parse(text).map_err(|offset| {
            let (line, column) = style::line_col(text, offset);
            LoadError { line, column, message: "YAML syntax dockfix cannot locate edits in".into() }
        })?;
        let style = detect_style(text, &tree);
        Ok(YamlDoc { text: text.to_string(), tree, doc, style })
    }

    pub fn root(&self) -> Option<Node<'_>> {
        locate::root(&self.tree)
    }

    /// The node at `path`, if the file has one.
    pub fn node(&self, path: &[Seg]) -> Option<Node<'_>> {
        locate::lookup(self.root()?, &self.text, path)
    }

    /// Checks that `new_text` means exactly this document with `ops` applied.
    pub fn verify(&self, new_text: &str, ops: &[YamlOp]) -> Result<(), String> {
        let expected = value::apply_ops(&self.doc, ops)?;
        let actual = value::load_one(new_text)
            .map_err(|e| format!("the edited file no longer loads ({}:{}: {})", e.line, e.column, e.message))?;
        if actual != expected {
            return Err("the edited document differs from the intended change".into());
        }
        locate::parse(new_text).map_err(|offset| {
            let (line, column) = style::line_col(new_text, offset);
            format!("the edited file has a syntax error at {line}:{column}")
        })?;
        Ok(())
    }
}

/// Indent unit, sequence indentation and quote preference, read from the file's block
/// collections and scalars; defaults where the file does not say.
fn detect_style(text: &str, tree: &Tree) -> Style {
    let mut style = Style {
        eol: style::line_ending(text),
        final_newline: text.ends_with('\n') || text.is_empty(),
        ..Style::default()
    };
    let mut indents = Vec::new();
    let (mut indented, mut indentless, mut double, mut single) = (0, 0, 0, 0);
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "double_quote_scalar" => double += 1,
            "single_quote_scalar" => single += 1,
            "block_mapping_pair" => {
                let key_column = style::column(text, node.start_byte());
                match locate::pair_value(node) {
                    Some(child) if child.kind() == "block_mapping" => {
                        let child_column = style::column(text, child.start_byte());
                        if child_column > key_column && child.start_position().row > node.start_position().row {
                            indents.push(child_column - key_column);
                        }
                    }
                    Some(child) if child.kind() == "block_sequence" => {
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
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
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
