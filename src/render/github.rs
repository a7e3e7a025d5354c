//! GitHub Actions workflow commands: each change a `::warning`, each note a `::notice`, each
//! problem an `::error`, shown as annotations on the pull request's files.

use super::path;
use crate::engine::Run;

pub fn render(run: &Run) -> String {
    let mut out = String::new();
    for a in &run.applied {
        let (end_line, _) = super::end_of(run, a);
        let message = super::redact_secrets(&a.message, &run.secrets);
        out.push_str(&format!(
            "::warning file={},line={},endLine={end_line},col={},title={}::{}\n",
            property(&path(run, a.file)),
            a.line,
            a.column,
            property(&format!("dockfix {}", a.transform)),
            data(&format!("{message} (fix: dockfix apply --only {})", a.transform))
        ));
    }
    for n in &run.notes {
        out.push_str(&format!(
            "::notice file={},line={},title={}::{}\n",
            property(&path(run, n.file)),
            n.line,
            property(&format!("dockfix {}", n.transform)),
            data(&n.message)
        ));
    }
    for w in &run.warnings {
        out.push_str(&format!("::warning file={},line={},col={},title=dockfix::{}\n", property(&w.path), w.line.max(1), w.column.max(1), data(&w.message)));
    }
    for e in &run.errors {
        out.push_str(&format!("::error file={},line={},col={},title=dockfix::{}\n", property(&e.path), e.line.max(1), e.column.max(1), data(&e.message)));
    }
    out
}

/// A message: `%`, CR and LF escaped as the runner reads them.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: also `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(super::data("50%: a\r\nb"), "50%25: a%0D%0Ab");
    }
}
