//! Unified diffs with `a/` and `b/` headers and 3 lines of context, so `git apply` takes them.

use similar::TextDiff;

/// The unified diff of one file, empty when nothing changed.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    // `git apply` wants paths relative to the repository: an absolute path loses its root.
    let path = path.trim_start_matches('/');
    let body = TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(&format!("a/{path}"), &format!("b/{path}")).to_string();
    format!("diff --git a/{path} b/{path}\n{body}")
}

/// The diff of a file dockfix creates, as `git apply` expects it.
pub fn created(path: &str, new: &str) -> String {
    let path = path.trim_start_matches('/');
    let body = TextDiff::from_lines("", new)
        .unified_diff()
        .context_radius(3)
        .header("/dev/null", &format!("b/{path}"))
        .to_string();
    format!("diff --git a/{path} b/{path}\nnew file mode 100644\n{body}")
}

/// Colors a unified diff for a terminal: additions green, removals red, hunks cyan.
pub fn colorize(diff: &str) -> String {
    let mut out = String::with_capacity(diff.len() + 256);
    for line in diff.split_inclusive('\n') {
        let color = if line.starts_with("+++") || line.starts_with("---") || line.starts_with("diff --git") {
            "\x1b[1m"
        } else if line.starts_with('+') {
            "\x1b[32m"
        } else if line.starts_with('-') {
            "\x1b[31m"
        } else if line.starts_with("@@") {
            "\x1b[36m"
        } else {
            ""
        };
        if color.is_empty() {
            out.push_str(line);
        } else {
            let body = line.trim_end_matches('\n');
            out.push_str(&format!("{color}{body}\x1b[0m"));
            out.push_str(&line[body.len()..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_context_and_missing_newline() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh";
        let new = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
        let diff = unified("x/y.yml", old, new);
        assert!(diff.starts_with("diff --git a/x/y.yml b/x/y.yml\n--- a/x/y.yml\n+++ b/x/y.yml\n@@ -5,4 +5,5 @@\n"), "{diff}");
        assert!(diff.contains("\\ No newline at end of file"));
        assert_eq!(unified("p", "same", "same"), "");
        assert!(colorize("+x\n").starts_with("\x1b[32m+x\x1b[0m\n"));
    }
}
