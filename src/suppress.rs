//! Inline suppressions: `# dockfix: ignore[ID, ...]` in the file's own comment syntax.

/// `# dockfix: ignore[ID, ...]` on the line before `line`, or in the comment block that opens
/// the file, turns transform `id` off there.
pub fn suppressed(text: &str, line: usize, id: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let names = |comment: &str| -> bool {
        let Some(rest) = comment.trim_start().strip_prefix('#') else { return false };
        let Some(list) = rest.trim_start().strip_prefix("dockfix: ignore[") else { return false };
        let list = list.split(']').next().unwrap_or_default();
        list.split(',').any(|item| item.trim() == id || item.trim() == "all")
    };
    let before = line.checked_sub(2).and_then(|i| lines.get(i));
    if before.is_some_and(|l| names(l)) {
        return true;
    }
    lines
        .iter()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        .any(names)
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suppression_comments() {
        let text = "# dockfix: ignore[a, b]\nx: 1\n";
        assert!(suppressed(text, 2, "b"));
        assert!(!suppressed(text, 2, "c"));
        let text = "x: 1\n  # dockfix: ignore[c]\n  y: 2\nz: 3\n";
        assert!(suppressed(text, 3, "c"));
        assert!(!suppressed(text, 4, "c"));
    }
}
