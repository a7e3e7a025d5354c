//! A file's own formatting habits, detected once so that inserted text looks like its neighbours.

/// How a file writes itself. All text dockfix inserts is rendered through this.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// `"\r\n"` when the file's first line ends that way, else `"\n"`.
    pub eol: &'static str,
    /// Indentation step of nested block mappings (YAML) in spaces.
    pub indent: usize,
    /// Whether block sequences are indented under their key (`key:\n  - a`) or not (`key:\n- a`).
    pub indent_sequences: bool,
    /// Quote character used when a new scalar needs quoting.
    pub quote: char,
}

impl Default for Style {
    fn default() -> Style {
        Style { eol: "\n", indent: 2, indent_sequences: true, quote: '"' }
    }
}

/// The line ending of a text: the first terminator decides.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Byte offset of the start of the line holding `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Byte offset of the end of the line holding `offset`, before its terminator.
pub fn line_end(text: &str, offset: usize) -> usize {
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    if end > offset && text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end }
}

/// 1-based line and column (in characters, a leading BOM not counted) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let line = text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    (line, column(text, offset) + 1)
}

/// Column (0-based, in characters, BOM not counted) of a byte offset.
pub fn column(text: &str, offset: usize) -> usize {
    let start = line_start(text, offset);
    text[start..offset].trim_start_matches('\u{feff}').chars().count()
}
