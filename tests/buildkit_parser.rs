//! dockfix's Dockerfile parser against BuildKit's own: every test file of BuildKit's parser
//! (`tests/data/buildkit-testfiles/`, copied with its license) parses, prints back byte for byte,
//! and agrees with BuildKit's recorded result (`parser.Node.Dump()`) on the instructions, their
//! keywords and flags, and — for RUN, CMD, ENTRYPOINT and SHELL — the command: the JSON words of
//! the exec form, or the shell form's one string with continuation lines joined.

use dockfix::syntax::dockerfile::{Dockerfile, Form};
use std::path::Path;

/// One instruction of a dump: `(keyword ["--flag"...] "arg"...)`.
#[derive(Debug, PartialEq)]
struct Dumped {
    keyword: String,
    flags: Vec<String>,
    args: Vec<String>,
}

/// Parses one dump line. Strings are Go-quoted (`strconv.Quote`).
fn dumped(line: &str) -> Option<Dumped> {
    let body = line.strip_prefix('(')?.strip_suffix(')')?;
    let (keyword, mut rest) = body.split_once(' ').unwrap_or((body, ""));
    let mut flags = Vec::new();
    let mut args = Vec::new();
    rest = rest.trim_start();
    if let Some(list) = rest.strip_prefix('[') {
        let end = list.find(']')?;
        let mut inner = &list[..end];
        while let Some((s, after)) = go_string(inner.trim_start()) {
            flags.push(s);
            inner = after;
        }
        rest = list[end + 1..].trim_start();
    }
    if keyword == "onbuild" {
        return Some(Dumped { keyword: keyword.into(), flags, args });
    }
    while let Some((s, after)) = go_string(rest.trim_start()) {
        args.push(s);
        rest = after;
    }
    Some(Dumped { keyword: keyword.to_string(), flags, args })
}

/// A Go-quoted string at the start of `text`, and the rest.
fn go_string(text: &str) -> Option<(String, &str)> {
    let mut chars = text.strip_prefix('"')?.char_indices();
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &text[i + 2..])),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    'a' => out.push('\u{7}'),
                    'x' | 'u' | 'U' => {
                        let digits = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = (0..digits).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    }
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
    }
    None
}

#[test]
fn dockfix_parses_buildkits_test_files_as_buildkit_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/buildkit-testfiles");
    let mut cases = 0;
    let mut failures = Vec::new();
    let mut folders: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    for folder in folders {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(folder.join("Dockerfile")).unwrap();
        let result = std::fs::read_to_string(folder.join("result")).unwrap();
        cases += 1;
        let parsed = match Dockerfile::parse(&text) {
            Ok(parsed) => parsed,
            Err(e) => {
                failures.push(format!("{name}: dockfix refuses what BuildKit parses: {e:?}"));
                continue;
            }
        };
        if parsed.print() != text {
            failures.push(format!("{name}: does not print back byte for byte"));
        }
        let expected: Vec<Dumped> = result.lines().filter(|l| !l.trim().is_empty()).filter_map(dumped).collect();
        let ours: Vec<_> = parsed.instructions().collect();
        if ours.len() != expected.len() {
            failures.push(format!("{name}: {} instructions, BuildKit {}", ours.len(), expected.len()));
            continue;
        }
        for (mine, theirs) in ours.iter().zip(&expected) {
            let at = format!("{name}:{}", mine.line);
            if mine.keyword.to_lowercase() != theirs.keyword {
                failures.push(format!("{at}: keyword {} vs {}", mine.keyword, theirs.keyword));
                continue;
            }
            let flags: Vec<String> = mine
                .flags
                .iter()
                .map(|f| match &f.value {
                    Some(v) => format!("--{}={v}", f.name),
                    None => format!("--{}", f.name),
                })
                .collect();
            if flags != theirs.flags {
                failures.push(format!("{at}: flags {flags:?} vs {:?}", theirs.flags));
            }
            if ["run", "cmd", "entrypoint", "shell"].contains(&theirs.keyword.as_str()) && mine.heredocs.is_empty() {
                let words = match &mine.form {
                    Form::Exec(words) => words.clone(),
                    Form::Shell(text) if text.is_empty() => Vec::new(),
                    Form::Shell(text) => vec![text.clone()],
                };
                if words != theirs.args {
                    failures.push(format!("{at}: {:?} vs BuildKit's {:?}", words, theirs.args));
                }
            }
        }
    }
    println!("BuildKit's parser test files: {cases} compared, {} differences", failures.len());
    assert!(cases >= 30, "the test files are there");
    assert!(failures.is_empty(), "dockfix's parser differs from BuildKit's:\n{}", failures.join("\n"));
}

#[test]
fn go_strings_unquote() {
    assert_eq!(go_string(r#""a \"b\" \\ \t \x00 \u2603" rest"#), Some(("a \"b\" \\ \t \0 ☃".to_string(), " rest")));
    let d = dumped(r#"(copy ["--user=me" "--doit=true"] "foo" "/tmp/")"#).unwrap();
    assert_eq!((d.keyword.as_str(), d.flags.len(), d.args.len()), ("copy", 2, 2));
}
