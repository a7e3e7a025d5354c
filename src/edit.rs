//! Edits as byte ranges with replacement text (ruff's `Edit`).

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit { range: at..at, text: text.into() }
    }

    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit { range, text: text.into() }
    }

    /// Two edits conflict when their ranges overlap or both insert at the same point: applying
    /// both in one pass would make the result depend on their order.
    pub fn conflicts(&self, other: &Edit) -> bool {
        let (a, b) = (&self.range, &other.range);
        if a.start == b.start {
            return true;
        }
        a.start < b.end && b.start < a.end
    }
}

/// Applies non-conflicting edits to `text`. Edits are sorted here; the caller guarantees that
/// they do not conflict.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut cursor = 0;
    for edit in sorted {
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.text);
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_order_and_keeps_the_rest() {
        let edits = [Edit::insert(5, "!"), Edit::replace(0..1, "H")];
        assert_eq!(apply("hello world", &edits), "Hello! world");
    }

    #[test]
    fn conflicts() {
        assert!(Edit::insert(3, "a").conflicts(&Edit::insert(3, "b")));
        assert!(Edit::replace(0..4, "a").conflicts(&Edit::replace(3..5, "b")));
        assert!(!Edit::replace(0..3, "a").conflicts(&Edit::replace(3..5, "b")));
        assert!(!Edit::insert(3, "a").conflicts(&Edit::replace(0..3, "b")));
    }
}
