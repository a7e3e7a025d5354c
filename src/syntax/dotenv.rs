//! `.env` files as compose reads them: `NAME=value` lines, values quoted or not.

use super::ignorefile::LineFile;

/// The variables a `.env` file sets, in order: (name, value, line index).
pub fn variables(file: &LineFile) -> Vec<(String, String, usize)> {
    file.lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            let text = file.content(line).trim();
            if text.is_empty() || text.starts_with('#') {
                return None;
            }
            let text = text.strip_prefix("export ").unwrap_or(text);
            let (name, value) = text.split_once('=')?;
            Some((name.trim().to_string(), unquote(value.trim()), index))
        })
        .collect()
}

fn unquote(value: &str) -> String {
    if value.len() >= 2 && value.starts_with('\'') && value.ends_with('\'') {
        return value[1..value.len() - 1].to_string();
    }
    if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
        let inner = &value[1..value.len() - 1];
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match (c, chars.clone().next()) {
                ('\\', Some('n')) => {
                    out.push('\n');
                    chars.next();
                }
                ('\\', Some(next @ ('"' | '\\' | '$'))) => {
                    out.push(next);
                    chars.next();
                }
                _ => out.push(c),
            }
        }
        return out;
    }
    // An unquoted value ends at ` #` (a comment).
    value.split(" #").next().unwrap_or(value).trim_end().to_string()
}

/// A value written so that compose reads it back unchanged and does not interpolate it; `None`
/// when it cannot be (a single quote together with `$`, or a line break).
pub fn render(value: &str) -> Option<String> {
    let plain = value.chars().all(|c| c.is_ascii_alphanumeric() || "_./:@+,-%^".contains(c));
    if plain {
        return Some(value.to_string());
    }
    if value.contains(['\n', '\r']) {
        return None;
    }
    if !value.contains('\'') {
        return Some(format!("'{value}'"));
    }
    if value.contains('$') {
        return None;
    }
    Some(format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")))
}

/// Whether a file writes its variables `export NAME=value` (most of its set lines do): a shell
/// can `source` such a file, and Compose reads it the same. Lines added to it follow suit.
pub fn uses_export(file: &LineFile) -> bool {
    let (mut with, mut without) = (0, 0);
    for line in &file.lines {
        let text = file.content(line).trim();
        if text.is_empty() || text.starts_with('#') || !text.contains('=') {
            continue;
        }
        match text.starts_with("export ") {
            true => with += 1,
            false => without += 1,
        }
    }
    with > without
}

/// `line` (`NAME=value`, or `# NAME=value` commented out, or a comment) as a file that uses
/// `export` writes it.
pub fn exported(line: &str) -> String {
    let assignment = |text: &str| text.split_once('=').is_some_and(|(name, _)| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    match line.strip_prefix("# ") {
        Some(rest) if assignment(rest) => format!("# export {rest}"),
        Some(_) => line.to_string(),
        None if assignment(line) => format!("export {line}"),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_render() {
        for value in ["simple", "with space", "p@ss$word", "it's", "a\"b", "#hash", ""] {
            let line = format!("A={}\n", render(value).unwrap());
            let file = LineFile::parse(&line);
            assert_eq!(variables(&file)[0].1, value, "{line}");
        }
        assert!(render("it's $HOME").is_none());
        let file = LineFile::parse("# c\nexport A = 1 # note\nB=\"x\\ny\"\n");
        assert_eq!(variables(&file), vec![("A".into(), "1".into(), 1), ("B".into(), "x\ny".into(), 2)]);
    }

    #[test]
    fn lines_follow_a_file_that_exports() {
        assert!(uses_export(&LineFile::parse("# a\nexport A=1\nexport B=2\nC=3\n#export D=4\n")));
        assert!(!uses_export(&LineFile::parse("A=1\nexport B=2\n")));
        assert!(!uses_export(&LineFile::parse("# only comments\n")));
        assert_eq!(exported("NAME=value"), "export NAME=value");
        assert_eq!(exported("# NAME="), "# export NAME=");
        assert_eq!(exported("# NAME: read by web"), "# NAME: read by web");
        assert_eq!(exported("# passed on to web when set:"), "# passed on to web when set:");
        let line = exported("A='x y'");
        assert_eq!(variables(&LineFile::parse(&line)), vec![("A".into(), "x y".into(), 0)]);
    }
}
