//! Edits as byte ranges with replacement text (ruff's `Edit`), and the one place that checks and
//! orders them before any text is sliced.
//!
//! Edits are checked, never trusted: a set of edits is sorted into a defined order and validated
//! (in range, `start <= end`, on char boundaries, pairwise disjoint) before it is applied, so a
//! bug in a transform becomes an error naming it, never a panic or a slice out of order.
//!
//! Who owns a boundary: an insertion at the start of a replaced range goes before it, one at its
//! end goes after it; neither overlaps it. Several insertions at one offset go in `rank` order
//! (lower first), then in the order they were given.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
    /// Among insertions at one offset, lower ranks go first: a deeper YAML key before a key of
    /// the mapping that holds it, a `RUN` before a `USER`.
    pub rank: i32,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit { range: at..at, text: text.into(), rank: 0 }
    }

    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit { range, text: text.into(), rank: 0 }
    }

    pub fn with_rank(mut self, rank: i32) -> Edit {
        self.rank = rank;
        self
    }

    pub fn is_insertion(&self) -> bool {
        self.range.is_empty()
    }

    /// Two edits overlap when one removes bytes the other touches. Insertions at the same offset
    /// do not overlap (their order is defined), nor does an insertion at a removal's boundary.
    pub fn overlaps(&self, other: &Edit) -> bool {
        let (a, b) = (&self.range, &other.range);
        if a.is_empty() && b.is_empty() {
            return false;
        }
        a.start < b.end && b.start < a.end
    }
}

/// Why a set of edits cannot be applied to a text. Never holds any of the text itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Sorts `edits` into the order they are applied in and checks them against `text`.
pub fn check(text: &str, edits: &mut [Edit]) -> Result<(), EditError> {
    for edit in edits.iter() {
        let Range { start, end } = edit.range;
        if start > end {
            return Err(EditError(format!("an edit ends before it starts ({start}..{end})")));
        }
        if end > text.len() {
            return Err(EditError(format!("an edit reaches past the end of the file ({start}..{end} of {})", text.len())));
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(EditError(format!("an edit cuts a character in two ({start}..{end})")));
        }
    }
    // Stable: insertions at one offset keep the order they were given within one rank.
    edits.sort_by_key(|e| (e.range.start, !e.is_insertion(), e.rank));
    for pair in edits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.overlaps(b) || (!a.is_insertion() && !b.is_insertion() && a.range.start == b.range.start) {
            return Err(EditError(format!(
                "two edits overlap ({}..{} and {}..{})",
                a.range.start, a.range.end, b.range.start, b.range.end
            )));
        }
    }
    Ok(())
}

/// Applies edits to `text` after checking them (see [`check`]).
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut sorted = edits.to_vec();
    check(text, &mut sorted)?;
    let mut out = String::with_capacity(text.len() + sorted.iter().map(|e| e.text.len()).sum::<usize>());
    let mut cursor = 0;
    for edit in &sorted {
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.text);
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    Ok(out)
}

/// Where the bytes of an older text went in a newer one, pass by pass, so that a position found
/// in the text of a later pass can be reported on the file as it is on disk.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Per pass that changed the file: its number and the applied edits in order (range in the
    /// older text, length of the new text).
    passes: Vec<(usize, Vec<(Range<usize>, usize)>)>,
}

impl History {
    /// Records one pass's edits (already checked, in applied order).
    pub fn record(&mut self, pass: usize, edits: &[Edit]) {
        self.passes.push((pass, edits.iter().map(|e| (e.range.clone(), e.text.len())).collect()));
    }

    /// The range of the original text that `range` of the text before pass `pass` stands for,
    /// when it touches only original text (an edit inside text an earlier pass inserted has
    /// none).
    pub fn original_range(&self, pass: usize, range: Range<usize>) -> Option<Range<usize>> {
        let (mut start, mut end) = (range.start, range.end);
        for (_, edits) in self.passes.iter().rev().filter(|(p, _)| *p < pass) {
            start = back(edits, start, true)?;
            end = back(edits, end, false)?;
        }
        Some(start..end)
    }

    /// The offset in the original text for `offset` in the current text. An offset inside text
    /// dockfix inserted maps to where that text was inserted.
    pub fn original_offset(&self, mut offset: usize) -> usize {
        for (_, pass) in self.passes.iter().rev() {
            let mut delta: isize = 0;
            let mut mapped = None;
            for (range, new_len) in pass {
                let new_start = (range.start as isize + delta) as usize;
                if offset < new_start {
                    break;
                }
                if offset < new_start + new_len {
                    mapped = Some(range.start);
                    break;
                }
                delta += *new_len as isize - range.len() as isize;
            }
            offset = mapped.unwrap_or_else(|| (offset as isize - delta).max(0) as usize);
        }
        offset
    }
}

/// `offset` in a pass's newer text, in its older text; `None` inside text the pass inserted.
/// At the edge of inserted text, a start maps before it and an end after it.
fn back(edits: &[(Range<usize>, usize)], offset: usize, is_start: bool) -> Option<usize> {
    let mut delta: isize = 0;
    for (range, new_len) in edits {
        let new_start = (range.start as isize + delta) as usize;
        let new_end = new_start + new_len;
        if offset < new_start || (offset == new_start && !is_start && *new_len > 0) {
            break;
        }
        if offset == new_start && is_start {
            return Some(range.start);
        }
        if offset < new_end {
            return None;
        }
        if offset == new_end && !is_start {
            return Some(range.end);
        }
        delta += *new_len as isize - range.len() as isize;
    }
    Some((offset as isize - delta).max(0) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_pass_ranges_map_to_the_original() {
        let mut history = History::default();
        // Pass 1 turns "abcdef" into "abXYcdef" (an insertion at 2) and replaces "f" by "F".
        history.record(1, &[Edit::insert(2, "XY"), Edit::replace(5..6, "F")]);
        // Pass 3 edits "abXYcdeF": "cd" (4..6) is original 2..4; an insertion at 8 (the end)
        // is the original end; "Y" (3..4) was inserted by pass 1.
        assert_eq!(history.original_range(3, 4..6), Some(2..4));
        assert_eq!(history.original_range(3, 8..8), Some(6..6));
        assert_eq!(history.original_range(3, 3..4), None);
        assert_eq!(history.original_range(1, 3..4), Some(3..4), "pass 1 edits the original");
        assert_eq!(history.original_range(3, 0..2), Some(0..2));
    }

    #[test]
    fn applies_in_order_and_keeps_the_rest() {
        let edits = [Edit::insert(5, "!"), Edit::replace(0..1, "H")];
        assert_eq!(apply("hello world", &edits).unwrap(), "Hello! world");
    }

    #[test]
    fn insertions_at_one_offset_go_by_rank_then_given_order() {
        let edits = [Edit::insert(1, "b"), Edit::insert(1, "c").with_rank(1), Edit::insert(1, "a").with_rank(-1)];
        assert_eq!(apply("xy", &edits).unwrap(), "xabcy");
        let edits = [Edit::insert(1, "1"), Edit::insert(1, "2")];
        assert_eq!(apply("xy", &edits).unwrap(), "x12y");
    }

    #[test]
    fn a_removal_and_insertions_at_its_boundaries_do_not_overlap() {
        // The shape that crashed compose-network-isolation: a key removed with its line, and a
        // key inserted where the next line starts.
        let text = "a: 1\nports: 2\n";
        let edits = [Edit::replace(5..14, ""), Edit::insert(14, "networks: 3\n"), Edit::insert(5, "b: 0\n")];
        assert_eq!(apply(text, &edits).unwrap(), "a: 1\nb: 0\nnetworks: 3\n");
    }

    #[test]
    fn bad_edits_are_errors_not_panics() {
        assert!(apply("abc", &[Edit::replace(2..1, "")]).is_err());
        assert!(apply("abc", &[Edit::insert(9, "x")]).is_err());
        assert!(apply("é", &[Edit::insert(1, "x")]).is_err());
        assert!(apply("abcdef", &[Edit::replace(0..4, ""), Edit::replace(3..5, "")]).is_err());
        assert!(apply("abcdef", &[Edit::replace(0..4, ""), Edit::insert(2, "x")]).is_err());
        assert!(apply("abcdef", &[Edit::replace(1..2, "x"), Edit::replace(1..3, "y")]).is_err());
        let message = apply("secret", &[Edit::insert(99, "x")]).unwrap_err().to_string();
        assert!(!message.contains("secret"), "{message}");
    }

    #[test]
    fn history_maps_positions_back_to_the_original() {
        let original = "l1\nl2\nl3\n";
        let first = [Edit::insert(3, "new\n")];
        let second_text = apply(original, &first).unwrap(); // l1 new l2 l3
        let second = [Edit::replace(0..3, ""), Edit::insert(second_text.len(), "end\n")];
        let third = apply(&second_text, &second).unwrap(); // new l2 l3 end
        let mut history = History::default();
        history.record(1, &first);
        history.record(2, &second);
        assert_eq!(third, "new\nl2\nl3\nend\n");
        let l3 = third.find("l3").unwrap();
        assert_eq!(history.original_offset(l3), original.find("l3").unwrap());
        assert_eq!(history.original_offset(third.find("new").unwrap()), 3, "inserted text maps to its point");
        assert_eq!(history.original_offset(third.find("end").unwrap()), original.len());
    }
}
