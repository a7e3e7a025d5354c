//! Checkstyle XML, as hadolint and ruff write it, for CI tools that read it (Jenkins, reviewdog).

use super::path;
use crate::engine::Run;
use std::collections::BTreeMap;

pub fn render(run: &Run) -> String {
    // File → (line, column, severity, message, source), in the run's order.
    let mut files: BTreeMap<String, Vec<(usize, usize, &str, String, String)>> = BTreeMap::new();
    for a in &run.applied {
        let message = super::redact_secrets(&a.message, &run.secrets);
        files.entry(path(run, a.file)).or_default().push((a.line, a.column, "warning", message, format!("dockfix.{}", a.transform)));
    }
    for n in &run.notes {
        files.entry(path(run, n.file)).or_default().push((n.line, 1, "info", n.message.clone(), format!("dockfix.{}", n.transform)));
    }
    for e in &run.errors {
        files.entry(e.path.clone()).or_default().push((e.line.max(1), e.column.max(1), "error", e.message.clone(), "dockfix".into()));
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for (file, items) in &files {
        out.push_str(&format!("  <file name=\"{}\">\n", escape(file)));
        for (line, column, severity, message, source) in items {
            out.push_str(&format!(
                "    <error line=\"{line}\" column=\"{column}\" severity=\"{severity}\" message=\"{}\" source=\"{}\"/>\n",
                escape(message),
                escape(source)
            ));
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

/// XML attribute text: markup characters escaped, control characters XML 1.0 cannot hold
/// dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(super::escape("a<b & \"c\"\n\u{1}"), "a&lt;b &amp; &quot;c&quot;&#10;");
    }
}
