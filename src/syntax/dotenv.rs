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
}
