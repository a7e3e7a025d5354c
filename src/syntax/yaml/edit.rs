//! Edit recipes: where new YAML goes and how it is written, in the file's own style.
//!
//! - a key is added after the last pair's content (before any trailing comment block or blank
//!   line, but after comment lines indented deeper than it, which belong to the last value), at
//!   the column of its siblings; in a flow mapping, before `}` copying its spacing;
//! - an item is appended after the last item, copying its dash column and the gap after the dash;
//!   in a flow sequence, before `]`;
//! - a scalar is replaced in its own range only, keeping its quote style where it can.

use super::YamlDoc;
use super::locate::{self, Seg};
use super::value::{Value, YamlOp};
use crate::edit::Edit;
use crate::style::{self, Style};
use tree_sitter::Node;
use yaml_rust2::Yaml;

impl YamlDoc {
    /// The node at `path` a recipe works on; `missing` says what is not there.
    fn node_at(&self, path: &[Seg], missing: &str) -> Result<Node<'_>, String> {
        self.root().ok_or("the document is empty")?;
        self.node(path).ok_or_else(|| missing.to_string())
    }

    /// Adds `key: value` to the mapping at `path`.
    pub fn insert_key(&self, path: &[Seg], key: &str, value: &Value) -> Result<(Edit, YamlOp), String> {
        let mapping = self.node_at(path, "no such mapping")?;
        // The mapping's pairs, walked once for the checks and the placing below (stepping
        // through a long mapping's pairs is the costly part of a recipe).
        let pairs = locate::pairs(mapping);
        if locate::find_key(&pairs, &self.text, key).is_some() {
            return Err(format!("`{key}` is already set"));
        }
        if let Some(pair) = pairs.last() {
            self.check_block_scalar_end(*pair)?;
        }
        let edit = match locate::kind(mapping) {
            "block_mapping" => self.insert_block_pair(&pairs, key, value),
            "flow_mapping" => {
                self.check_flow_mapping(mapping)?;
                let pair = format!("{}: {}", render_key(key, &self.style), render_flow(&flow_safe(value, &self.style), &self.style));
                self.insert_flow_entry(mapping, pairs, &pair)
            }
            other => return Err(format!("expected a mapping, found {other}")),
        };
        let op = YamlOp::InsertKey { path: path.to_vec(), key: key.to_string(), value: value.clone() };
        Ok((edit.with_rank(depth_rank(path)), op))
    }

    /// Refuses to add after `node` when it ends in a block scalar whose end a new line would move:
    /// an empty one (`entrypoint: >` and nothing under it) is read as taking the new line by one
    /// parser and as ending before it by another; one that keeps its trailing line breaks
    /// (`|+`, `>+`) would lose the blank lines the new line lands before. Left alone.
    fn check_block_scalar_end(&self, node: Node) -> Result<(), String> {
        let mut last = Some(node);
        while let Some(current) = last {
            if locate::kind(current) == "block_scalar" {
                let body = &self.text[current.byte_range()];
                let header = body.lines().next().unwrap_or_default();
                let header = header.split(" #").next().unwrap_or_default();
                if body.lines().skip(1).all(|line| line.trim().is_empty()) {
                    return Err("the mapping ends with an empty block scalar (`>` or `|` with no lines under it)".into());
                }
                if header.contains('+') {
                    return Err("it ends with a block scalar that keeps its trailing line breaks (`|+` or `>+`)".into());
                }
                // The file ends in blanks without a final line break right after the scalar:
                // yaml-rust2 counts that line into the scalar's text, other parsers do not.
                let rest = &self.text[locate::content_end(current, &self.text)..];
                if rest.trim().is_empty() && rest.contains('\n') && !rest.ends_with('\n') {
                    return Err("it ends with a block scalar followed by a line of blanks with no final line break".into());
                }
                // A line of spaces deeper than the scalar's text is part of its text (YAML keeps
                // the spaces past the indentation): a line added before it would cut it off.
                let indent = body.lines().skip(1).find(|l| !l.trim().is_empty()).map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
                let deep_blank = rest
                    .split('\n')
                    .skip(1)
                    .take_while(|line| line.trim().is_empty())
                    .any(|line| line.trim_end_matches('\r').len() > indent);
                if deep_blank {
                    return Err("it ends with a block scalar whose last lines are spaces that belong to its text".into());
                }
                return Ok(());
            }
            let mut cursor = current.walk();
            last = current.named_children(&mut cursor).filter(|c| locate::kind(c) != "comment").last();
        }
        Ok(())
    }

    /// Refuses a flow mapping the parsers may read differently: an entry that is a bare key
    /// (`{ sleep infinity }`, not a pair to the locator, which would then misplace its edit) or
    /// a key holding a flow indicator (`restart,: x`, `["80:80"]` as a key).
    fn check_flow_mapping(&self, mapping: Node) -> Result<(), String> {
        let mut cursor = mapping.walk();
        if mapping.named_children(&mut cursor).any(|c| !matches!(locate::kind(c), "flow_pair" | "comment")) {
            return Err("the flow mapping has an entry without `key: value`".into());
        }
        let odd_key = locate::pairs(mapping).into_iter().any(|pair| {
            pair.child_by_field_name("key").is_some_and(|k| self.text[k.byte_range()].contains([',', '[', ']', '{', '}']))
        });
        if odd_key {
            return Err("the flow mapping has a key with a flow indicator (`,`, `[`, `{`) in it".into());
        }
        Ok(())
    }

    /// Adds several keys to the mapping at `path`, in order, as one edit.
    pub fn insert_keys(&self, path: &[Seg], entries: &[(&str, Value)]) -> Result<(Edit, Vec<YamlOp>), String> {
        // Into an empty flow mapping the first key goes bare (`{a: 1}`): the next ones need a comma.
        let empty_flow = self.node(path).is_some_and(|n| locate::kind(n) == "flow_mapping" && locate::pairs(n).is_empty());
        let each: Result<Vec<(Edit, YamlOp)>, String> = entries.iter().map(|(key, value)| self.insert_key(path, key, value)).collect();
        concatenated(each?, empty_flow).ok_or_else(|| "no keys to insert".into())
    }

    /// Appends `value` to the sequence at `path`.
    pub fn append_item(&self, path: &[Seg], value: &Value) -> Result<(Edit, YamlOp), String> {
        let sequence = self.node_at(path, "no such sequence")?;
        let edit = match locate::kind(sequence) {
            "block_sequence" => {
                let last = *locate::items(sequence).last().ok_or("empty sequence")?;
                self.check_block_scalar_end(last)?;
                let dash_column = style::column(&self.text, last.start_byte());
                let gap = locate::item_value(last)
                    .filter(|v| v.start_position().row == last.start_position().row)
                    .map_or(1, |v| v.start_byte() - last.start_byte() - 1);
                let value = &self.like(locate::item_value(last), value);
                let item = render_item(value, dash_column, gap, &self.style);
                self.insert_line_after(locate::content_end(last, &self.text), &format!("{}{item}", " ".repeat(dash_column)))
            }
            "flow_sequence" => {
                let last = locate::items(sequence).last().and_then(|item| locate::item_value(*item));
                let entry = render_flow(&flow_safe(&self.like(last, value), &self.style), &self.style);
                self.insert_flow_entry(sequence, locate::items(sequence), &entry)
            }
            other => return Err(format!("expected a sequence, found {other}")),
        };
        Ok((edit.with_rank(depth_rank(path)), YamlOp::AppendItem { path: path.to_vec(), value: value.clone() }))
    }

    /// Appends several items to the sequence at `path`, in order, as one edit.
    pub fn append_items(&self, path: &[Seg], values: &[Value]) -> Result<(Edit, Vec<YamlOp>), String> {
        let empty_flow = self.node(path).is_some_and(|n| locate::kind(n) == "flow_sequence" && locate::items(n).is_empty());
        let each: Result<Vec<(Edit, YamlOp)>, String> = values.iter().map(|value| self.append_item(path, value)).collect();
        concatenated(each?, empty_flow).ok_or_else(|| "no items to append".into())
    }

    /// Replaces the scalar at `path` with `value`, in the original's quote style when possible.
    pub fn replace_scalar(&self, path: &[Seg], value: &Value) -> Result<(Edit, YamlOp), String> {
        let node = self.node_at(path, "no such scalar")?;
        let in_flow = std::iter::successors(node.parent(), |n| n.parent())
            .any(|n| matches!(locate::kind(n), "flow_mapping" | "flow_sequence"));
        let value = &if in_flow { flow_safe(value, &self.style) } else { value.clone() };
        let rendered = match (locate::kind(node), value) {
            ("double_quote_scalar", Value::Str(s)) => quote(s, '"'),
            ("single_quote_scalar", Value::Str(s)) if !s.contains(['\n', '\\']) => quote(s, '\''),
            ("plain_scalar" | "double_quote_scalar" | "single_quote_scalar", _) => render_scalar(value, &self.style),
            (other, _) => return Err(format!("expected a scalar, found {other}")),
        };
        let edit = Edit::replace(node.start_byte()..node.end_byte(), rendered);
        Ok((edit, YamlOp::ReplaceScalar { path: path.to_vec(), value: value.clone() }))
    }

    /// Replaces the node at `path` (a mapping or sequence too) with a scalar, in place. Refused
    /// when a comment sits inside the node (it would be lost).
    pub fn replace_with_scalar(&self, path: &[Seg], value: &Value) -> Result<(Edit, YamlOp), String> {
        let node = self.node_at(path, "no such node")?;
        let end = locate::content_end(node, &self.text);
        if !locate::comments_within(self.tree(), node.start_byte()..end).is_empty() {
            return Err("a comment sits inside it".into());
        }
        let edit = Edit::replace(node.start_byte()..end, render_scalar(value, &self.style));
        Ok((edit, YamlOp::ReplaceScalar { path: path.to_vec(), value: value.clone() }))
    }

    /// Removes `key` (and its value) from the mapping at `path`, with its own lines in block
    /// style and its comma in flow style. Refused for the only key of a mapping (the mapping
    /// would become null) and for a pair that shares its first line with something else.
    pub fn remove_key(&self, path: &[Seg], key: &str) -> Result<(Edit, YamlOp), String> {
        let mapping = self.node_at(path, "no such mapping")?;
        let pairs = locate::pairs(mapping);
        let index =
            pairs.iter().position(|p| locate::pair_key(*p, &self.text).as_deref() == Some(key)).ok_or("no such key")?;
        if pairs.len() == 1 {
            return Err(format!("`{key}` is the only key of its mapping"));
        }
        let pair = pairs[index];
        let edit = if locate::kind(mapping) == "flow_mapping" {
            self.check_flow_mapping(mapping)?;
            let (start, end) = if index + 1 < pairs.len() {
                (pair.start_byte(), pairs[index + 1].start_byte())
            } else {
                (pairs[index - 1].end_byte(), pair.end_byte())
            };
            Edit::replace(start..end, "")
        } else {
            self.remove_lines(pair).map_err(|why| format!("`{key}`: {why}"))?
        };
        Ok((edit, YamlOp::RemoveKey { path: path.to_vec(), key: key.to_string() }))
    }

    /// Removes the item at `index` of the sequence at `path`: its own lines in block style (the
    /// comments inside kept), its comma in flow style. Refused for the only item (the sequence
    /// would become null: remove its key instead) and for an item that shares its first line.
    pub fn remove_item(&self, path: &[Seg], index: usize) -> Result<(Edit, YamlOp), String> {
        let sequence = self.node_at(path, "no such sequence")?;
        let items = locate::items(sequence);
        let item = *items.get(index).ok_or("no such item")?;
        if items.len() == 1 {
            return Err("it is the only item of its sequence".into());
        }
        let edit = match locate::kind(sequence) {
            "flow_sequence" => {
                let (start, end) = if index + 1 < items.len() {
                    (item.start_byte(), items[index + 1].start_byte())
                } else {
                    (items[index - 1].end_byte(), item.end_byte())
                };
                Edit::replace(start..end, "")
            }
            "block_sequence" => self.remove_lines(item)?,
            other => return Err(format!("expected a sequence, found {other}")),
        };
        Ok((edit, YamlOp::RemoveItem { path: path.to_vec(), index }))
    }

    /// The edit that removes a block node's own lines, keeping the comments inside them.
    fn remove_lines(&self, node: Node) -> Result<Edit, String> {
        let range = self.own_lines(node)?;
        let indent = " ".repeat(style::column(&self.text, node.start_byte()));
        let kept: String = locate::comments_within(self.tree(), range.clone())
            .into_iter()
            .map(|comment| format!("{indent}{}{}", &self.text[comment], self.style.eol))
            .collect();
        Ok(Edit::replace(range, kept))
    }

    /// The byte range of the lines a block node occupies, with their line endings: from the
    /// start of its first line to the end of its last. Refused when its first line holds
    /// something before it.
    fn own_lines(&self, node: Node) -> Result<std::ops::Range<usize>, String> {
        let start = style::line_start(&self.text, node.start_byte());
        if !self.text[start..node.start_byte()].trim().is_empty() {
            return Err("it shares its line with other content".into());
        }
        let end = style::line_end(&self.text, locate::content_end(node, &self.text));
        let end = if self.text[end..].starts_with("\r\n") {
            end + 2
        } else if end < self.text.len() {
            end + 1
        } else {
            end
        };
        // At the end of a file without a final newline, take the line ending before it.
        let start = if end == self.text.len() && !self.text.ends_with('\n') {
            start.saturating_sub(self.style.eol.len())
        } else {
            start
        };
        Ok(start..end)
    }

    /// Cuts the lines of a block pair (`key` of the mapping at `path`) or of a block sequence
    /// item (`index` of the sequence at `path`), comments on them included, to be pasted into
    /// another file at the same indentation: the removal, its meaning, and the lines (each
    /// ended). Refused where [`YamlDoc::remove_key`] and [`YamlDoc::remove_item`] would be, and
    /// in flow style.
    pub fn cut(&self, path: &[Seg], key: Option<&str>, index: Option<usize>) -> Result<(Edit, YamlOp, String), String> {
        let parent = self.node_at(path, "no such node")?;
        let (node, op) = match (key, index) {
            (Some(key), _) if locate::kind(parent) == "block_mapping" => {
                let pairs = locate::pairs(parent);
                if pairs.len() == 1 {
                    return Err(format!("`{key}` is the only key of its mapping"));
                }
                let pair = locate::get(parent, &self.text, key).ok_or("no such key")?;
                (pair, YamlOp::RemoveKey { path: path.to_vec(), key: key.to_string() })
            }
            (None, Some(index)) if locate::kind(parent) == "block_sequence" => {
                let items = locate::items(parent);
                if items.len() == 1 {
                    return Err("it is the only item of its sequence".into());
                }
                (*items.get(index).ok_or("no such item")?, YamlOp::RemoveItem { path: path.to_vec(), index })
            }
            _ => return Err("it is not in block style".into()),
        };
        let mut range = self.own_lines(node)?;
        // Comment lines right above it, at its column, are its own (like toml_edit's decor).
        let column = style::column(&self.text, node.start_byte());
        while range.start > 0 {
            let above = style::line_start(&self.text, range.start - 1);
            let line = &self.text[above..range.start];
            if !line.trim_start().starts_with('#') || style::column(&self.text, above + (line.len() - line.trim_start().len())) != column {
                break;
            }
            range.start = above;
        }
        let mut lines = self.text[range.clone()].to_string();
        if !lines.ends_with('\n') {
            lines = lines.trim_start_matches(['\r', '\n']).to_string();
            lines.push_str(self.style.eol);
        }
        Ok((Edit::replace(range, ""), op, lines))
    }

    /// The value at `path` as a [`Value`] written the way the file writes it (plain scalars as
    /// they are, quoted ones with their quote), to be written elsewhere. `None` for what cannot
    /// be carried over exactly: aliases, anchors, tags, block scalars, multi-line plain scalars.
    pub fn value_at(&self, path: &[Seg]) -> Option<Value> {
        let node = self.node(path)?;
        let value = self.node_value(node)?;
        // What it reads back as must be what the file means.
        let mut meant = &self.doc;
        for seg in path {
            meant = match (seg, meant) {
                (Seg::Key(k), Yaml::Hash(h)) => h.get(&Yaml::String(k.clone()))?,
                (Seg::Index(i), Yaml::Array(a)) => a.get(*i)?,
                _ => return None,
            };
        }
        (value.to_yaml() == *meant).then_some(value)
    }

    fn node_value(&self, node: Node) -> Option<Value> {
        let raw = &self.text[node.start_byte()..node.end_byte()];
        match locate::kind(node) {
            "plain_scalar" if !raw.contains('\n') => Some(Value::Plain(raw.trim().to_string())),
            "single_quote_scalar" => Some(Value::Quoted(locate::scalar_value(node, &self.text)?, '\'')),
            "double_quote_scalar" if !raw.contains('\n') => Some(Value::Quoted(locate::scalar_value(node, &self.text)?, '"')),
            "block_mapping" | "flow_mapping" => {
                let mut pairs = Vec::new();
                for pair in locate::pairs(node) {
                    if locate::pair_value_wrapper(pair).is_some_and(|w| locate::anchor(w, &self.text).is_some()) {
                        return None;
                    }
                    let value = match locate::pair_value(pair) {
                        Some(node) => self.node_value(node)?,
                        // `name:` with nothing after it.
                        None => Value::Plain("~".into()),
                    };
                    pairs.push((locate::pair_key(pair, &self.text)?, value));
                }
                Some(Value::Map(pairs))
            }
            "block_sequence" | "flow_sequence" => {
                let items: Option<Vec<Value>> =
                    locate::items(node).into_iter().map(|item| self.node_value(locate::item_value(item)?)).collect();
                Some(if locate::kind(node) == "flow_sequence" { Value::FlowSeq(items?) } else { Value::Seq(items?) })
            }
            _ => None,
        }
    }

    /// Rewrites the value of `key` in the block mapping at `path` as `value`, in block style,
    /// keeping the key where it is (`depends_on: [db]` becomes a mapping under the same key).
    /// Refused when a comment sits inside the old value or the mapping is in flow style.
    pub fn replace_value(&self, path: &[Seg], key: &str, value: &Value) -> Result<(Edit, YamlOp), String> {
        let mapping = self.node_at(path, "no such mapping")?;
        if locate::kind(mapping) != "block_mapping" {
            return Err("its mapping is in flow style".into());
        }
        let pair = locate::get(mapping, &self.text, key).ok_or("no such key")?;
        let end = locate::content_end(pair, &self.text);
        if !locate::comments_within(self.tree(), pair.start_byte()..end).is_empty() {
            return Err(format!("a comment sits inside `{key}`"));
        }
        let column = style::column(&self.text, pair.start_byte());
        let edit = Edit::replace(pair.start_byte()..end, render_pair(key, value, column, &self.style));
        let op = YamlOp::ReplacePair {
            path: path.to_vec(),
            key: key.to_string(),
            new_key: key.to_string(),
            value: value.clone(),
        };
        Ok((edit, op))
    }

    /// A new string item quoted the way its neighbour is (`- "80:80"` gets `- "443:443"`).
    fn like(&self, neighbour: Option<Node>, value: &Value) -> Value {
        let Value::Str(text) = value else { return value.clone() };
        let quote = match neighbour.map(|n| locate::kind(n)) {
            Some("double_quote_scalar") => '"',
            Some("single_quote_scalar") if !text.chars().any(char::is_control) => '\'',
            _ => return value.clone(),
        };
        Value::Quoted(text.clone(), quote)
    }

    /// Replaces the entry `key` of the mapping at `path` by `new_key: value`, in place (key and
    /// value scalars rewritten, everything around them kept).
    pub fn replace_pair(
        &self,
        path: &[Seg],
        key: &str,
        new_key: &str,
        value: &Value,
    ) -> Result<(Vec<Edit>, YamlOp), String> {
        let mapping = self.node_at(path, "no such mapping")?;
        let pair = locate::get(mapping, &self.text, key).ok_or("no such key")?;
        let key_node = pair.child_by_field_name("key").map(locate::unwrap_node).ok_or("no key")?;
        let value_node = locate::pair_value(pair).ok_or("no value")?;
        if !locate::kind(value_node).ends_with("scalar") || locate::kind(value_node) == "block_scalar" {
            return Err("its value is not a one-line scalar".into());
        }
        let edits = vec![
            Edit::replace(key_node.start_byte()..key_node.end_byte(), render_key(new_key, &self.style)),
            Edit::replace(value_node.start_byte()..value_node.end_byte(), render_scalar(value, &self.style)),
        ];
        let op = YamlOp::ReplacePair {
            path: path.to_vec(),
            key: key.to_string(),
            new_key: new_key.to_string(),
            value: value.clone(),
        };
        Ok((edits, op))
    }

    fn insert_block_pair(&self, pairs: &[Node], key: &str, value: &Value) -> Edit {
        let column = style::column(&self.text, pairs[0].start_byte());
        let last = *pairs.last().expect("a block mapping has a pair");
        let pair = render_pair(key, value, column, &self.style);
        let end = self.past_deeper_comments(locate::content_end(last, &self.text), column);
        self.insert_line_after(end, &format!("{}{pair}", " ".repeat(column)))
    }

    /// The end of the comment lines right after `offset`'s line that are indented deeper than
    /// `column`: they belong to the last value (commented-out entries of an `environment`
    /// block), so a key added at `column` goes after them, not between the value and them.
    fn past_deeper_comments(&self, offset: usize, column: usize) -> usize {
        let mut offset = offset;
        loop {
            let end = style::line_end(&self.text, offset);
            let Some(newline) = self.text[end..].find('\n') else { return offset };
            let next = end + newline + 1;
            let line = &self.text[next..style::line_end(&self.text, next)];
            let code = line.trim_start_matches(' ');
            if !code.starts_with('#') || line.len() - code.len() <= column {
                return offset;
            }
            offset = next;
        }
    }

    /// Inserts `line` (without its line ending) as the line after the one holding `offset`.
    ///
    /// Like toml_edit's decor, a pair or item owns its line ending: new lines go where the next
    /// line starts, with their own ending, so an insertion after a pair and the removal of that
    /// pair (with its line) meet at a boundary instead of overlapping. Only at the end of a file
    /// without a final newline does the new line bring the ending before it.
    fn insert_line_after(&self, offset: usize, line: &str) -> Edit {
        let end = style::line_end(&self.text, offset);
        let eol = self.style.eol;
        match self.text[end..].strip_prefix("\r\n").or_else(|| self.text[end..].strip_prefix('\n')) {
            Some(rest) => Edit::insert(self.text.len() - rest.len(), format!("{line}{eol}")),
            None => Edit::insert(end, format!("{eol}{line}")),
        }
    }

    /// Inserts an entry into a flow collection, before its closing bracket, copying the
    /// separator: on the same line for a one-line collection, on a new line at the entries'
    /// column for a multi-line one, and keeping a trailing comma if the author used one.
    fn insert_flow_entry(&self, collection: Node, entries: Vec<Node>, entry: &str) -> Edit {
        let close = collection.end_byte() - 1;
        let Some(last) = entries.last() else {
            return Edit::insert(collection.start_byte() + 1, entry.to_string());
        };
        let between = &self.text[last.end_byte()..close];
        let trailing_comma = between.trim_start().starts_with(',');
        let multi_line = last.start_position().row != collection.start_position().row;
        let separator = if multi_line {
            format!("{}{}", self.style.eol, " ".repeat(style::column(&self.text, last.start_byte())))
        } else {
            " ".to_string()
        };
        if trailing_comma {
            let comma = last.end_byte() + between.find(',').expect("checked above") + 1;
            Edit::insert(comma, format!("{separator}{entry},"))
        } else {
            Edit::insert(last.end_byte(), format!(",{separator}{entry}"))
        }
    }
}

/// Insertions made at one point, as one edit in order. Into an empty flow collection the first
/// entry goes bare (`{a: 1}`, `[a]`): the next ones need a comma.
fn concatenated(edits: Vec<(Edit, YamlOp)>, empty_flow: bool) -> Option<(Edit, Vec<YamlOp>)> {
    let mut ops = Vec::new();
    let mut combined: Option<Edit> = None;
    for (edit, op) in edits {
        ops.push(op);
        combined = Some(match combined {
            None => edit,
            Some(mut first) => {
                first.text.push_str(if empty_flow { ", " } else { "" });
                first.text.push_str(&edit.text);
                first
            }
        });
    }
    Some((combined?, ops))
}

/// Insertions at one offset go deepest first: a key added to the last service of a file comes
/// before a top-level key added at the same point, so each lands in its own mapping.
fn depth_rank(path: &[Seg]) -> i32 {
    -i32::try_from(path.len()).unwrap_or(i32::MAX)
}

/// `key: value` as whole lines at `column` (each line ended), nested values in block style.
pub fn render_entry(key: &str, value: &Value, column: usize, style: &Style) -> String {
    let text = render_pair(key, value, column, style);
    format!("{}{text}{}", " ".repeat(column), style.eol)
}

/// A whole new document: `entries` at the top level in block style, in the file's style, each
/// line ended.
pub fn render_document(entries: &[(String, Value)], style: &Style) -> String {
    entries.iter().map(|(key, value)| format!("{}{}", render_pair(key, value, 0, style), style.eol)).collect()
}

/// `key: value` at `column`, nested values in block style below it (no leading indentation,
/// no final line ending).
fn render_pair(key: &str, value: &Value, column: usize, style: &Style) -> String {
    let key = render_key(key, style);
    match value {
        Value::Map(pairs) if !pairs.is_empty() => {
            let inner = column + style.indent;
            let mut out = format!("{key}:");
            for (k, v) in pairs {
                out.push_str(&format!("{}{}{}", style.eol, " ".repeat(inner), render_pair(k, v, inner, style)));
            }
            out
        }
        Value::Seq(items) if !items.is_empty() => {
            let dash = column + if style.indent_sequences { style.indent } else { 0 };
            let mut out = format!("{key}:");
            for item in items {
                out.push_str(&format!("{}{}{}", style.eol, " ".repeat(dash), render_item(item, dash, 1, style)));
            }
            out
        }
        Value::FlowSeq(_) => format!("{key}: {}", render_flow(&flow_safe(value, style), style)),
        _ => format!("{key}: {}", render_flow(value, style)),
    }
}

/// `- value` for a block sequence item whose dash is at `dash_column`.
fn render_item(value: &Value, dash_column: usize, gap: usize, style: &Style) -> String {
    let content_column = dash_column + 1 + gap;
    let body = match value {
        Value::Map(pairs) if !pairs.is_empty() => pairs
            .iter()
            .map(|(k, v)| render_pair(k, v, content_column, style))
            .collect::<Vec<_>>()
            .join(&format!("{}{}", style.eol, " ".repeat(content_column))),
        _ => render_flow(value, style),
    };
    format!("-{}{}", " ".repeat(gap), body)
}

/// Inside `{...}` or `[...]`, `,[]{}` end a plain scalar: strings holding them are quoted.
fn flow_safe(value: &Value, style: &Style) -> Value {
    match value {
        Value::Str(text) if text.contains([',', '[', ']', '{', '}']) => Value::Quoted(text.clone(), style.quote),
        Value::Seq(items) => Value::Seq(items.iter().map(|v| flow_safe(v, style)).collect()),
        Value::FlowSeq(items) => Value::FlowSeq(items.iter().map(|v| flow_safe(v, style)).collect()),
        Value::Map(pairs) => Value::Map(pairs.iter().map(|(k, v)| (k.clone(), flow_safe(v, style))).collect()),
        other => other.clone(),
    }
}

/// A value in flow style: `[a, b]`, `{k: v}` or a scalar.
pub fn render_flow(value: &Value, style: &Style) -> String {
    match value {
        Value::Seq(items) | Value::FlowSeq(items) => {
            let items: Vec<String> = items.iter().map(|v| render_flow(v, style)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Map(pairs) => {
            let pairs: Vec<String> =
                pairs.iter().map(|(k, v)| format!("{}: {}", render_key(k, style), render_flow(v, style))).collect();
            format!("{{{}}}", pairs.join(", "))
        }
        scalar => render_scalar(scalar, style),
    }
}

fn render_scalar(value: &Value, style: &Style) -> String {
    match value {
        Value::Plain(text) => text.clone(),
        Value::Str(text) if is_plain_safe(text) => text.clone(),
        Value::Str(text) => quote(text, style.quote),
        Value::Quoted(text, quote_char) => quote(text, *quote_char),
        other => render_flow(other, style),
    }
}

fn render_key(key: &str, style: &Style) -> String {
    if is_plain_safe(key) { key.to_string() } else { quote(key, style.quote) }
}

/// Whether a string can be written without quotes and still read back as the same string, for
/// YAML 1.1 readers (compose's) as well as 1.2 ones.
pub fn is_plain_safe(text: &str) -> bool {
    const YAML11_WORDS: [&str; 12] = ["yes", "no", "on", "off", "y", "n", "true", "false", "null", "~", "<<", "="];
    let Some(first) = text.chars().next() else { return false };
    let lower = text.to_ascii_lowercase();
    if YAML11_WORDS.contains(&lower.as_str()) || text.trim() != text {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) && !(first == '-' && text.len() > 1 && !text.starts_with("- ")) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') || text.chars().any(char::is_control) {
        return false;
    }
    matches!(yaml_rust2::Yaml::from_str(text), yaml_rust2::Yaml::String(_)) && text.parse::<f64>().is_err()
}

/// A quoted scalar; single quotes only when the text needs no escapes.
pub fn quote(text: &str, quote: char) -> String {
    if quote == '\'' && !text.chars().any(char::is_control) {
        return format!("'{}'", text.replace('\'', "''"));
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
