//! Finding things in a YAML file by their exact bytes, with tree-sitter-yaml.
//!
//! tree-sitter gives byte ranges for pairs, items, flow collections, scalars, anchors and
//! comments; yaml-rust2 (see `value.rs`) decides what the document means. Comments are children
//! of the collection that holds them, beside the pairs or items.

use tree_sitter::{Node, Parser, Tree};

/// A step of a path into a document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub fn key(name: &str) -> Seg {
    Seg::Key(name.to_string())
}

/// `node.kind()` for a node of a YAML tree, looked up by id (see [`crate::syntax::KindNames`]).
pub fn kind<'t>(node: impl std::borrow::Borrow<Node<'t>>) -> &'static str {
    static NAMES: crate::syntax::KindNames = crate::syntax::KindNames::new();
    NAMES.of(*node.borrow(), || tree_sitter_yaml::LANGUAGE.into())
}

/// A pair's `key` or `value` child; the field's id is looked up once, not by name per call.
fn field<'t>(pair: Node<'t>, name: &'static str) -> Option<Node<'t>> {
    use std::sync::OnceLock;
    static IDS: OnceLock<(u16, u16)> = OnceLock::new();
    let (key, value) = *IDS.get_or_init(|| {
        let language: tree_sitter::Language = tree_sitter_yaml::LANGUAGE.into();
        let id = |name| language.field_id_for_name(name).map_or(0, |id| id.get());
        (id("key"), id("value"))
    });
    let id = if name == "key" { key } else { value };
    if id == 0 { pair.child_by_field_name(name) } else { pair.child_by_field_id(id) }
}

/// Parses `text`; fails with the byte offset of the first syntax error tree-sitter finds.
pub fn parse(text: &str) -> Result<Tree, usize> {
    parse_from(text, None)
}

fn parse_from(text: &str, old: Option<&Tree>) -> Result<Tree, usize> {
    without_errors(parse_raw(text, old)?)
}

fn parse_raw(text: &str, old: Option<&Tree>) -> Result<Tree, usize> {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_yaml::LANGUAGE.into())
        .expect("tree-sitter-yaml is compatible with the linked tree-sitter");
    parser.parse(text, old).ok_or(0usize)
}

fn without_errors(tree: Tree) -> Result<Tree, usize> {
    if tree.root_node().has_error() {
        return Err(first_error(tree.root_node()).unwrap_or(0));
    }
    Ok(tree)
}

/// Parses `new_text`, made from `old_text` (whose tree is `old`) by `edits` (checked and in
/// applied order, see [`crate::edit::check`]), reusing the parts of the old tree the edits did
/// not touch: tree-sitter's incremental parse. An edited compose file is parsed again to be
/// verified, and a full parse of it was the largest single cost of a run. The tree is the one a
/// full parse gives (debug builds compare the two on every call; the fuzz target and
/// `tests/yaml_props.rs` compare them in release builds).
pub fn reparse(old: &Tree, old_text: &str, new_text: &str, edits: &[crate::edit::Edit]) -> Result<Tree, usize> {
    // Each edit's start and end as rows and columns of the old text, in one scan (the edits
    // are in text order).
    let mut points = Points { text: old_text.as_bytes(), offset: 0, row: 0, line_start: 0 };
    let ends: Vec<(tree_sitter::Point, tree_sitter::Point)> = edits.iter().map(|e| (points.at(e.range.start), points.at(e.range.end))).collect();
    let mut tree = old.clone();
    // From the last edit back to the first: the text before an edit is still the old text
    // then, so each edit's positions are those in `old_text`.
    for (edit, &(start, old_end)) in edits.iter().zip(&ends).rev() {
        tree.edit(&tree_sitter::InputEdit {
            start_byte: edit.range.start,
            old_end_byte: edit.range.end,
            new_end_byte: edit.range.start + edit.text.len(),
            start_position: start,
            old_end_position: old_end,
            new_end_position: point_after(start, &edit.text),
        });
    }
    let tree = parse_raw(new_text, Some(&tree))?;
    if cfg!(debug_assertions) {
        let fresh = parse_raw(new_text, None)?;
        assert!(same_tree(&tree, &fresh), "tree-sitter's incremental parse differs from a full parse of:\n{new_text}");
    }
    without_errors(tree)
}

/// Whether two trees have the same nodes (kind, named or not, byte range), in the same order.
pub fn same_tree(a: &Tree, b: &Tree) -> bool {
    let (mut x, mut y) = (a.walk(), b.walk());
    loop {
        let (m, n) = (x.node(), y.node());
        if m.kind_id() != n.kind_id() || m.is_named() != n.is_named() || m.byte_range() != n.byte_range() || m.is_missing() != n.is_missing() {
            return false;
        }
        if x.field_id() != y.field_id() {
            return false;
        }
        let down = (x.goto_first_child(), y.goto_first_child());
        if down.0 != down.1 {
            return false;
        }
        if down.0 {
            continue;
        }
        // Up until a next sibling, in step.
        loop {
            let next = (x.goto_next_sibling(), y.goto_next_sibling());
            if next.0 != next.1 {
                return false;
            }
            if next.0 {
                break;
            }
            let up = (x.goto_parent(), y.goto_parent());
            if up.0 != up.1 {
                return false;
            }
            if !up.0 {
                return true;
            }
        }
    }
}

/// Rows and byte columns of offsets in a text, asked for in increasing order.
struct Points<'a> {
    text: &'a [u8],
    offset: usize,
    row: usize,
    line_start: usize,
}

impl Points<'_> {
    fn at(&mut self, offset: usize) -> tree_sitter::Point {
        for (i, &byte) in self.text[self.offset..offset].iter().enumerate() {
            if byte == b'\n' {
                self.row += 1;
                self.line_start = self.offset + i + 1;
            }
        }
        self.offset = offset;
        tree_sitter::Point { row: self.row, column: offset - self.line_start }
    }
}

/// Where `inserted` ends when it starts at `start`.
fn point_after(start: tree_sitter::Point, inserted: &str) -> tree_sitter::Point {
    match inserted.rfind('\n') {
        None => tree_sitter::Point { row: start.row, column: start.column + inserted.len() },
        Some(last) => tree_sitter::Point { row: start.row + inserted.matches('\n').count(), column: inserted.len() - last - 1 },
    }
}

fn first_error(node: Node) -> Option<usize> {
    if node.is_error() || node.is_missing() {
        return Some(node.start_byte());
    }
    let mut cursor = node.walk();
    let children: Vec<Node> = node.children(&mut cursor).collect();
    children.into_iter().filter(|c| c.has_error()).find_map(first_error)
}

/// The top-level collection of the first document.
pub fn root(tree: &Tree) -> Option<Node<'_>> {
    // Walked with a cursor: comments before the document are the stream's children, and
    // reaching the n-th child by index starts from the first (every lookup starts here).
    let stream = tree.root_node();
    let mut cursor = stream.walk();
    let document = stream.named_children(&mut cursor).find(|n| kind(n) == "document")?;
    let body = document.named_children(&mut cursor).find(|n| matches!(kind(n), "block_node" | "flow_node"))?;
    Some(unwrap_node(body))
}

/// The collection or scalar inside a `block_node`/`flow_node` (skipping anchors and tags).
pub fn unwrap_node(node: Node<'_>) -> Node<'_> {
    if !matches!(kind(node), "block_node" | "flow_node") {
        return node;
    }
    let inner = named_children(node).find(|n| !matches!(kind(n), "anchor" | "tag" | "comment"));
    inner.unwrap_or(node)
}

/// The named children of a node that has few (a wrapper, a document), by index: a cursor
/// allocates, and these run for every key compared. (Each step starts from the first child, so
/// a mapping's pairs are walked with a cursor instead.)
fn named_children<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    let count = u32::try_from(node.named_child_count()).unwrap_or(u32::MAX);
    (0..count).filter_map(move |i| node.named_child(i))
}

/// Visits `root` and every node below it in document order, with one cursor for the whole walk
/// (a cursor made per node allocates, and whole-tree walks run on every parse). `visit` gets
/// each node and its depth below `root`, and says whether to go into its children.
pub fn walk_tree<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>, usize) -> bool) {
    let mut cursor = root.walk();
    let mut depth = 0;
    loop {
        if visit(cursor.node(), depth) && cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if depth == 0 {
                return;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            cursor.goto_parent();
            depth -= 1;
        }
    }
}

/// The anchor name on a `block_node`/`flow_node`, if any.
pub fn anchor(node: Node<'_>, text: &str) -> Option<String> {
    let mut cursor = node.walk();
    let anchor = node.named_children(&mut cursor).find(|n| kind(n) == "anchor")?;
    Some(text[anchor.start_byte() + 1..anchor.end_byte()].to_string())
}

pub fn is_mapping(node: Node) -> bool {
    matches!(kind(node), "block_mapping" | "flow_mapping")
}

pub fn is_sequence(node: Node) -> bool {
    matches!(kind(node), "block_sequence" | "flow_sequence")
}

/// Pairs of a mapping, in order.
pub fn pairs(mapping: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = mapping.walk();
    mapping.named_children(&mut cursor).filter(|n| matches!(kind(n), "block_mapping_pair" | "flow_pair")).collect()
}

/// Items of a sequence, in order (the `block_sequence_item` or the flow item's node).
pub fn items(sequence: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = sequence.walk();
    sequence
        .named_children(&mut cursor)
        .filter(|n| matches!(kind(n), "block_sequence_item" | "flow_node" | "flow_pair"))
        .collect()
}

/// The key of a pair, unquoted.
pub fn pair_key(pair: Node<'_>, text: &str) -> Option<String> {
    let key = field(pair, "key")?;
    scalar_value(unwrap_node(key), text)
}

/// The value node of a pair, unwrapped (`None` when the value is empty).
pub fn pair_value(pair: Node<'_>) -> Option<Node<'_>> {
    field(pair, "value").map(unwrap_node)
}

/// The wrapper node of a pair's value (holds the anchor).
pub fn pair_value_wrapper(pair: Node<'_>) -> Option<Node<'_>> {
    field(pair, "value")
}

/// The value node of a sequence item, unwrapped.
pub fn item_value(item: Node<'_>) -> Option<Node<'_>> {
    if kind(item) != "block_sequence_item" {
        return Some(unwrap_node(item));
    }
    let mut cursor = item.walk();
    let child = item.named_children(&mut cursor).find(|n| matches!(kind(n), "block_node" | "flow_node"));
    child.map(unwrap_node)
}

/// The pair for `name` in a mapping.
pub fn get<'t>(mapping: Node<'t>, text: &str, name: &str) -> Option<Node<'t>> {
    let mut cursor = mapping.walk();
    let found = mapping
        .named_children(&mut cursor)
        .filter(|n| matches!(kind(n), "block_mapping_pair" | "flow_pair"))
        .find(|pair| key_is(*pair, text, name));
    found
}

/// The first of `pairs` (a mapping's, see [`pairs`]) whose key is `name`: [`get`] over pairs
/// already listed.
pub fn find_key<'t>(pairs: &[Node<'t>], text: &str, name: &str) -> Option<Node<'t>> {
    pairs.iter().copied().find(|pair| key_is(*pair, text, name))
}

/// Whether a pair's key is `name` (a plain key is compared where it stands, without a copy).
fn key_is(pair: Node<'_>, text: &str, name: &str) -> bool {
    // A pair starts with its key. A key written plainly starts with its own text; any other
    // starts with a quote, `?`, an anchor, a tag or an alias. So a pair whose first bytes are
    // neither is not `name`'s, and is passed over without looking up its key node (most pairs
    // of a lookup; a key node lookup walks the pair's children).
    let written = &text[pair.start_byte()..];
    let cannot_be = !name.is_empty()
        && !written.starts_with(name)
        && !written.starts_with(['"', '\'', '?', '&', '!', '*', ':', ' ', '\t', '\r', '\n']);
    if cannot_be {
        debug_assert!(!key_is_looked_up(pair, text, name), "a pair passed over has the key {name:?}");
        return false;
    }
    key_is_looked_up(pair, text, name)
}

/// [`key_is`], from the key node.
fn key_is_looked_up(pair: Node<'_>, text: &str, name: &str) -> bool {
    let Some(key) = field(pair, "key").map(unwrap_node) else { return false };
    if kind(key) == "plain_scalar" {
        return text[key.start_byte()..key.end_byte()].trim() == name;
    }
    scalar_value(key, text).as_deref() == Some(name)
}

/// Follows `path` from `start` to a value node.
pub fn lookup<'t>(start: Node<'t>, text: &str, path: &[Seg]) -> Option<Node<'t>> {
    let mut node = start;
    for seg in path {
        node = match seg {
            Seg::Key(name) if is_mapping(node) => pair_value(get(node, text, name)?)?,
            Seg::Index(index) if is_sequence(node) => item_value(*items(node).get(*index)?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The text of a scalar node, with quotes and escapes resolved.
pub fn scalar_value(node: Node<'_>, text: &str) -> Option<String> {
    let raw = &text[node.start_byte()..node.end_byte()];
    match kind(node) {
        "plain_scalar" => Some(raw.trim().to_string()),
        "single_quote_scalar" => Some(raw[1..raw.len() - 1].replace("''", "'")),
        "double_quote_scalar" => Some(unescape_double(&raw[1..raw.len() - 1])),
        _ => None,
    }
}

fn unescape_double(inner: &str) -> String {
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The last byte that belongs to a node's content: trailing comments and whitespace excluded.
pub fn content_end(node: Node<'_>, text: &str) -> usize {
    let end = node.end_byte();
    if kind(node).ends_with("scalar") {
        return node.start_byte() + text[node.start_byte()..end].trim_end().len();
    }
    let mut cursor = node.walk();
    let children: Vec<Node> = node.children(&mut cursor).collect();
    if let Some(last) = children.iter().rev().find(|c| kind(**c) != "comment") {
        return content_end(*last, text);
    }
    node.start_byte() + text[node.start_byte()..end].trim_end().len()
}

/// Names of every alias (`*name`) used under `node`.
pub fn aliases_under(node: Node<'_>, text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        if kind(node) == "alias" {
            names.push(text[node.start_byte() + 1..node.end_byte()].to_string());
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    names
}

/// Byte ranges of the comments that lie within `range`, in order.
pub fn comments_within(tree: &Tree, range: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.end_byte() <= range.start || node.start_byte() >= range.end {
            continue;
        }
        if kind(node) == "comment" {
            found.push(node.start_byte()..node.end_byte());
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    found.sort_by_key(|r| r.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{self, Edit};

    /// Edits `text`, then parses the result both ways.
    fn both_ways(text: &str, edits: Vec<Edit>) -> (Tree, Tree) {
        let old = parse(text).unwrap();
        let mut sorted = edits;
        edit::check(text, &mut sorted).unwrap();
        let new = edit::apply(text, &sorted).unwrap();
        (reparse(&old, text, &new, &sorted).unwrap(), parse(&new).unwrap())
    }

    #[test]
    fn an_incremental_parse_gives_the_tree_of_a_full_parse() {
        let text = "x-common: &common\n  restart: always\nservices:\n  web:\n    image: nginx # front\n    ports: [\"80:80\"]\n  db:\n    <<: *common\n    image: postgres\n";
        let at = |needle: &str| text.find(needle).unwrap();
        let cases: Vec<Vec<Edit>> = vec![
            // A key added to each service, one at the end of the file.
            vec![Edit::insert(at("  db:"), "    read_only: true\n"), Edit::insert(text.len(), "    read_only: true\n")],
            // Two insertions at one offset, over several lines, and a replacement.
            vec![
                Edit::insert(at("    image: nginx"), "    logging:\n      driver: json-file\n"),
                Edit::insert(at("    image: nginx"), "    init: true\n"),
                Edit { range: at("postgres")..at("postgres") + "postgres".len(), text: "postgres:16".into(), rank: 0 },
            ],
            // Into a flow sequence, and a removal of a whole line.
            vec![Edit::insert(at("\"80:80\"") + "\"80:80\"".len(), ", \"443:443\""), Edit { range: at("    <<: *common\n")..at("    image: postgres"), text: String::new(), rank: 0 }],
        ];
        for edits in cases {
            let (incremental, full) = both_ways(text, edits.clone());
            assert!(same_tree(&incremental, &full), "{edits:?}");
        }
        // With CRLF line ends the columns still count bytes.
        let crlf = text.replace('\n', "\r\n");
        let (incremental, full) = both_ways(&crlf, vec![Edit::insert(crlf.find("  db:").unwrap(), "    init: true\r\n")]);
        assert!(same_tree(&incremental, &full));
    }

    #[test]
    fn same_tree_tells_different_trees_apart() {
        let a = parse("a:\n  b: 1\n").unwrap();
        assert!(same_tree(&a, &parse("a:\n  b: 1\n").unwrap()));
        assert!(!same_tree(&a, &parse("a:\n  b: 12\n").unwrap()), "a byte range");
        assert!(!same_tree(&a, &parse("a:\n  b: 1\n  c: 2\n").unwrap()), "a node more");
        assert!(!same_tree(&a, &parse("a:\n  - 1\n").unwrap()), "a kind");
    }
}
