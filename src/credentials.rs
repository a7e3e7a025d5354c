//! Where a literal secret sits inside a longer string: the password of a URL's userinfo
//! (`postgres://app:PASS@db/x`) and the argument of a password flag (`--requirepass PASS`,
//! `--password=PASS`, `-pPASS`). A moved secret must be rewritten in these places too, or the
//! stack stops agreeing with itself once the value in `.env` changes.

use std::ops::Range;

/// Flags whose next word (or `=` value) is a password.
const PASSWORD_FLAGS: &[&str] = &[
    "--requirepass",
    "--masterauth",
    "--password",
    "--pass",
    "--passwd",
    "--pwd",
    "--auth",
    "--token",
    "--secret",
    "--api-key",
    "-a",
    "--admin-password",
    "--root-password",
];

/// The byte range of the password in the first URL userinfo of `text`, if it has one.
pub fn url_passwords(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(found) = text[search..].find("://") {
        let start = search + found + 3;
        let rest = &text[start..];
        let authority_end = rest.find(['/', '?', '#', ' ', '"', '\'', ',']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if let Some(at) = authority.rfind('@') {
            if let Some(colon) = authority[..at].find(':') {
                let range = start + colon + 1..start + at;
                if !range.is_empty() {
                    out.push(range);
                }
            }
        }
        search = start;
    }
    out
}

/// Byte ranges in a command line where `secret` is a password flag's argument: `FLAG secret`,
/// `FLAG=secret`, and mysql's `-psecret`.
pub fn flag_arguments(text: &str, secret: &str) -> Vec<Range<usize>> {
    if secret.is_empty() {
        return Vec::new();
    }
    flag_arguments_where(text, |candidate| candidate == secret)
}

/// As [`flag_arguments`], for every value `is_secret` accepts, walking the words of `text`
/// once (redacting a report asks this of every line for every secret of a run).
pub fn flag_arguments_where(text: &str, is_secret: impl Fn(&str) -> bool) -> Vec<Range<usize>> {
    let words: Vec<(usize, &str)> = words_with_offsets(text);
    let mut out = Vec::new();
    for (i, (offset, word)) in words.iter().enumerate() {
        let word = word.trim_matches(['"', '\'']);
        let offset = offset + words[i].1.find(word).unwrap_or(0);
        if !word.is_empty() && i > 0 && PASSWORD_FLAGS.contains(&words[i - 1].1.trim_matches(['"', '\''])) && is_secret(word) {
            out.push(offset..offset + word.len());
        }
        if let Some((flag, value)) = word.split_once('=') {
            // `--password=secret`, and `PGPASSWORD=secret cmd` (a secret-named variable).
            if !value.is_empty() && (PASSWORD_FLAGS.contains(&flag) || crate::transforms::is_secret_name(flag)) && is_secret(value) {
                let start = offset + flag.len() + 1;
                out.push(start..start + value.len());
            }
        }
        if let Some(value) = word.strip_prefix("-p").filter(|v| !v.is_empty() && is_secret(v)) {
            out.push(offset + 2..offset + 2 + value.len());
        }
    }
    out
}

/// Whether `previous` (an item before `item` in a command list) is a password flag.
pub fn is_password_flag(previous: &str) -> bool {
    PASSWORD_FLAGS.contains(&previous)
}

fn words_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, &text[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// `text` with every range replaced by `with` (ranges sorted, disjoint).
pub fn replace_ranges(text: &str, ranges: &[Range<usize>], with: &str) -> String {
    let mut ranges = ranges.to_vec();
    ranges.sort_by_key(|r| r.start);
    ranges.dedup();
    let mut out = String::new();
    let mut cursor = 0;
    for range in ranges {
        if range.start < cursor {
            continue;
        }
        out.push_str(&text[cursor..range.start]);
        out.push_str(with);
        cursor = range.end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// A variable name for a password found only inside the URL of `key` (`DATABASE_URL` →
/// `DATABASE_PASSWORD`).
pub fn url_variable(key: &str) -> String {
    let upper: String = key.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    let stem = ["_URL", "_URI", "_DSN", "_CONNECTION_STRING", "_CONN"]
        .iter()
        .find_map(|suffix| upper.strip_suffix(suffix))
        .unwrap_or(&upper);
    format!("{stem}_PASSWORD")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls() {
        let url = "postgres://shop:s3cret@db:5432/shop";
        let found = url_passwords(url);
        assert_eq!(found.iter().map(|r| &url[r.clone()]).collect::<Vec<_>>(), ["s3cret"]);
        assert!(url_passwords("redis://cache:6379/0").is_empty());
        assert!(url_passwords("http://user@host/").is_empty());
        let two = "a=mysql://u:p1@h/x b=amqp://g:p2@mq";
        assert_eq!(url_passwords(two).iter().map(|r| &two[r.clone()]).collect::<Vec<_>>(), ["p1", "p2"]);
        assert_eq!(replace_ranges(url, &url_passwords(url), "${DB}"), "postgres://shop:${DB}@db:5432/shop");
    }

    #[test]
    fn passwords_after_flags() {
        let command = "redis-server --requirepass hunter22 --appendonly yes";
        let found = flag_arguments(command, "hunter22");
        assert_eq!(replace_ranges(command, &found, "${P}"), "redis-server --requirepass ${P} --appendonly yes");
        let command = "mysqladmin ping -uroot -phunter22 --password=hunter22";
        assert_eq!(
            replace_ranges(command, &flag_arguments(command, "hunter22"), "${P}"),
            "mysqladmin ping -uroot -p${P} --password=${P}"
        );
        assert!(flag_arguments("echo hunter22", "hunter22").is_empty(), "a word that is no flag's argument");
        let command = "PGPASSWORD=hunter22 pg_isready";
        assert_eq!(replace_ranges(command, &flag_arguments(command, "hunter22"), "${P}"), "PGPASSWORD=${P} pg_isready");
        assert_eq!(url_variable("DATABASE_URL"), "DATABASE_PASSWORD");
        assert_eq!(url_variable("broker"), "BROKER_PASSWORD");
    }
}
