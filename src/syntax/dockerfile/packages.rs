//! Package installs inside `RUN` (`apt-get install ...`, `apk add ...`) and adding a package to
//! one in its own layout: one package per continuation line stays so, a sorted list stays sorted.

use super::Dockerfile;
use super::edit::DockerOp;
use crate::edit::Edit;
use crate::style;

/// A package word without the double quotes around it (`"openssl"` is `openssl` to the shell).
fn unquoted(word: &str) -> &str {
    word.strip_prefix('"').and_then(|w| w.strip_suffix('"')).unwrap_or(word)
}

/// One package install command of a RUN.
#[derive(Debug, Clone, PartialEq)]
pub struct Install {
    /// Position of the RUN among the file's instructions.
    pub position: usize,
    /// Each package word with its range in the RUN's arguments (logical text).
    pub packages: Vec<(String, std::ops::Range<usize>)>,
    /// Where the install verb (`install`, `add`) ends, in the arguments.
    pub verb_end: usize,
}

impl Install {
    /// Whether the install runs whatever the build arguments: not inside an `if`, `case` or
    /// loop, not the right side of `||`, and not allowed to fail (`install ... || true`).
    pub fn runs_unconditionally(&self, args: &str) -> bool {
        let all = words(args);
        let before: Vec<&str> = all.iter().filter(|(_, r)| r.end <= self.verb_end).map(|(w, _)| *w).collect();
        let count = |word: &str| before.iter().filter(|w| **w == word).count();
        let open = count("if") > count("fi")
            || count("case") > count("esac")
            || count("for") + count("while") + count("until") > count("done");
        let last_separator = before.iter().rev().find(|w| SEPARATORS.contains(w));
        let end = self.packages.last().map_or(self.verb_end, |(_, r)| r.end);
        let next_separator = all.iter().filter(|(_, r)| r.start >= end).map(|(w, _)| *w).find(|w| SEPARATORS.contains(w));
        !open && last_separator != Some(&"||") && next_separator != Some("||")
    }
}

/// The blanks before the word at `offset`, as the line writes them (tabs stay tabs).
fn leading_blanks(text: &str, offset: usize) -> String {
    let start = style::line_start(text, offset);
    let prefix = &text[start..offset];
    if prefix.chars().all(|c| c == ' ' || c == '\t') { prefix.to_string() } else { " ".repeat(style::column(text, offset)) }
}

/// Words that end a simple command.
const SEPARATORS: &[&str] = &["&&", "||", ";", "|", "&"];

/// Splits logical text into words with their ranges (quotes are not expected in package lists;
/// a quoted word is kept whole so it is never taken for a separator).
fn words(text: &str) -> Vec<(&str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => {
                quote = Some(c);
                start.get_or_insert(i);
            }
            (None, ' ' | '\t') => {
                if let Some(s) = start.take() {
                    out.push((&text[s..i], s..i));
                }
            }
            (None, ';') => {
                if let Some(s) = start.take() {
                    out.push((&text[s..i], s..i));
                }
                out.push((";", i..i + 1));
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        out.push((&text[s..], s..text.len()));
    }
    out
}

/// The install commands of the package managers dockfix reads, as [`installs`] takes them.
pub const INSTALL_COMMANDS: [&str; 5] = ["apt-get install", "apk add", "dnf install", "microdnf install", "yum install"];

/// The package installs of a RUN for `command` (`apt-get install`, `apk add`). Installs into an
/// apk virtual group (`--virtual`, `-t`) are skipped: the group is usually deleted later.
pub fn installs(file: &Dockerfile, position: usize, command: &str) -> Vec<Install> {
    let instruction = file.instruction(position);
    if instruction.keyword != "RUN" || !instruction.heredocs.is_empty() {
        return Vec::new();
    }
    let (program, verb) = command.split_once(' ').unwrap_or((command, ""));
    let words = words(&instruction.args);
    let temporary_before = if matches!(program, "apt-get" | "apt") { apt_cleanup_start(&words) } else { None };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // Installed only for the build: the RUN marks everything automatic and removes it again
        // (below), so a package added here would be gone from the image.
        if temporary_before.is_some_and(|cleanup| i < cleanup) {
            i += 1;
            continue;
        }
        let is_program = words[i].0 == program || words[i].0.ends_with(&format!("/{program}"));
        if !is_program {
            i += 1;
            continue;
        }
        let end = (i..words.len()).find(|&j| SEPARATORS.contains(&words[j].0)).unwrap_or(words.len());
        let segment = &words[i + 1..end];
        let Some(verb_at) = segment.iter().position(|(w, _)| *w == verb) else {
            i = end;
            continue;
        };
        let virtual_group = segment.iter().any(|(w, _)| *w == "--virtual" || *w == "-t" || w.starts_with("--virtual="));
        let packages: Vec<(String, std::ops::Range<usize>)> = segment[verb_at + 1..]
            .iter()
            .filter(|(w, _)| !w.starts_with('-') && !w.contains(['$', '`', '>', '<', '(', '\\']))
            .map(|(w, r)| (w.to_string(), r.clone()))
            .collect();
        // A backslash left in the arguments is the shell's (when the escape directive sets
        // `` ` ``, a line's trailing `\` is no continuation): a word added after it would be
        // escaped into another (`x \ tini` is `x` and ` tini`).
        let only_plain = segment[verb_at + 1..].iter().all(|(w, _)| !w.contains(['>', '<', '(', '\\']));
        if !virtual_group && only_plain && !packages.is_empty() {
            out.push(Install { position, packages, verb_end: segment[verb_at].1.end });
        }
        i = end;
    }
    out
}

/// Where a RUN starts removing the packages it installed for the build, as the official images
/// do: `savedAptMark="$(apt-mark showmanual)"; apt-get install ...; apt-mark auto '.*';
/// apt-mark manual $savedAptMark; apt-get purge -y --auto-remove`. Every package installed before
/// the `apt-mark auto` that is not marked manual again by name is removed with the rest. `None`
/// when the RUN marks nothing automatic or removes nothing automatically after it.
fn apt_cleanup_start(words: &[(&str, std::ops::Range<usize>)]) -> Option<usize> {
    let is = |at: usize, program: &[&str]| words.get(at).is_some_and(|(w, _)| program.contains(&w.rsplit('/').next().unwrap_or(w)));
    let commands = |program: &'static [&'static str]| (0..words.len()).filter(move |&at| is(at, program));
    // The rest of a command's words, up to the next separator.
    let rest = |at: usize| words[at + 1..].iter().map(|(w, _)| *w).take_while(|w| !SEPARATORS.contains(w));
    let mark_auto = commands(&["apt-mark"]).find(|&at| rest(at).any(|w| w == "auto"))?;
    let removes_auto = commands(&["apt-get", "apt"]).filter(|&at| at > mark_auto).any(|at| {
        let mut args = rest(at);
        args.any(|w| matches!(w, "autoremove" | "--auto-remove" | "--autoremove"))
    });
    removes_auto.then_some(mark_auto)
}

/// Where the comment lines right above the line of `offset` start (a continued RUN may hold
/// whole-line comments between its lines; Docker drops them), if there are any and the line
/// holds nothing before `offset` but blanks.
fn comment_lines_above(text: &str, offset: usize) -> Option<usize> {
    let mut line = style::line_start(text, offset);
    if !text[line..offset].chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let mut top = None;
    while line > 0 {
        let above = style::line_start(text, line - 1);
        if !text[above..line].trim_start().starts_with('#') {
            break;
        }
        top = Some(above);
        line = above;
    }
    top
}

impl Install {
    /// Whether `name` (or `name=version`) is already installed here.
    pub fn has(&self, name: &str) -> bool {
        self.packages.iter().map(|(p, _)| unquoted(p)).any(|p| p == name || p.split(['=', ':']).next() == Some(name))
    }

    /// Adds a package, in the list's layout, with its meaning for verification.
    pub fn add(&self, file: &Dockerfile, name: &str) -> (Edit, DockerOp) {
        // A list whose every package is written in double quotes (`"openssl" \`) gets the new
        // one so too.
        let quoted = self.packages.iter().all(|(p, _)| p.len() > 2 && p.starts_with('"') && p.ends_with('"'));
        let written = if quoted { format!("\"{name}\"") } else { name.to_string() };
        let name = written.as_str();
        let instruction = file.instruction(self.position);
        let names: Vec<String> = self.packages.iter().map(|(p, _)| p.to_ascii_lowercase()).collect();
        let sorted = names.windows(2).all(|w| w[0] <= w[1]);
        // Insert after the last package that sorts before `name` (or at the end if unsorted).
        let after = if sorted { names.iter().rposition(|p| p.as_str() < name) } else { Some(names.len() - 1) };
        let bytes = |range: &std::ops::Range<usize>| {
            instruction.byte_of_arg(range.start)..instruction.byte_of_arg(range.end - 1) + 1
        };
        let rows: Vec<usize> =
            self.packages.iter().map(|(_, r)| style::line_col(&file.text, bytes(r).start).0).collect();
        let verb_row = style::line_col(&file.text, instruction.byte_of_arg(self.verb_end - 1)).0;
        // Each package on a line of its own (a lone package: on a line after the verb).
        let one_per_line = if rows.len() == 1 { rows[0] != verb_row } else { rows.windows(2).all(|w| w[0] != w[1]) };
        let escape = file.escape;
        let eol = file.eol();
        let (at, text, logical_at, logical_text) = match after {
            Some(k) => {
                let end = bytes(&self.packages[k].1).end;
                let text = if one_per_line {
                    let next_start = bytes(&self.packages[(k + 1).min(self.packages.len() - 1)].1).start;
                    let indent = leading_blanks(
                        &file.text,
                        if k + 1 < self.packages.len() { next_start } else { bytes(&self.packages[k].1).start },
                    );
                    format!(" {escape}{eol}{indent}{name}")
                } else {
                    format!(" {name}")
                };
                (end, text, self.packages[k].1.end, format!(" {name}"))
            }
            None => {
                let start = bytes(&self.packages[0].1).start;
                let commented = one_per_line.then(|| comment_lines_above(&file.text, start)).flatten();
                let (at, text) = match commented {
                    // The comment says why the first package is there: the new one goes above it.
                    Some(comment_start) => {
                        let line_start = style::line_start(&file.text, start);
                        (comment_start, format!("{}{name} {escape}{eol}", &file.text[line_start..start]))
                    }
                    None if one_per_line => (start, format!("{name} {escape}{eol}{}", leading_blanks(&file.text, start))),
                    None => (start, format!("{name} ")),
                };
                (at, text, self.packages[0].1.start, format!("{name} "))
            }
        };
        let mut args = instruction.args.clone();
        args.insert_str(logical_at, &logical_text);
        let prefix = &instruction.logical[..instruction.logical.len() - instruction.args.len()];
        (Edit::insert(at, text), DockerOp::Replace { index: self.position, text: format!("{prefix}{args}") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;

    fn add(text: &str, command: &str) -> String {
        let file = Dockerfile::parse(text).unwrap();
        let install = installs(&file, 1, command).into_iter().next().expect("an install");
        let (edit, op) = install.add(&file, "tini");
        let new = apply(text, &[edit]).unwrap();
        super::super::edit::verify(&file, &new, &[op]).unwrap_or_else(|e| panic!("{e}\n{new}"));
        new
    }

    #[test]
    fn conditional_installs() {
        let cases = [
            ("apt-get update && apt-get install -y curl", true),
            ("if [ \"$X\" = 1 ]; then apt-get install -y curl; fi", false),
            ("test -n \"$X\" || apt-get install -y curl", false),
            ("apt-get install -y curl || true", false),
            ("case \"$A\" in amd64) apt-get install -y curl ;; esac", false),
            ("if true; then echo; fi && apt-get install -y curl", true),
        ];
        for (args, expected) in cases {
            let text = format!("FROM debian\nRUN {args}\n");
            let file = Dockerfile::parse(&text).unwrap();
            let install = installs(&file, 1, "apt-get install").remove(0);
            let args = &file.instruction(1).args;
            assert_eq!(install.runs_unconditionally(args), expected, "{args}");
        }
    }

    #[test]
    fn a_quoted_list_gets_a_quoted_package() {
        let text = "FROM alpine\nRUN apk add --no-cache \\\n    \"libpq\" \\\n    \"openssl\"\n";
        assert_eq!(add(text, "apk add"), "FROM alpine\nRUN apk add --no-cache \\\n    \"libpq\" \\\n    \"openssl\" \\\n    \"tini\"\n");
        let file = Dockerfile::parse("FROM alpine\nRUN apk add --no-cache \"tini\" \"curl\"\n").unwrap();
        assert!(installs(&file, 1, "apk add")[0].has("tini"), "a quoted package is installed as well");
    }

    #[test]
    fn one_per_line_sorted() {
        let text = "FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    ca-certificates \\\n    curl \\\n    wget \\\n  && rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(
            add(text, "apt-get install"),
            "FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    ca-certificates \\\n    curl \\\n    tini \\\n    wget \\\n  && rm -rf /var/lib/apt/lists/*\n"
        );
    }

    #[test]
    fn a_comment_on_the_first_package_stays_with_it() {
        let text = "FROM alpine\nRUN set -eux; \\\n\tapk add --no-cache \\\n# add tzdata for the zone files\n\t\ttzdata \\\n\t;\n";
        assert_eq!(
            add(text, "apk add"),
            "FROM alpine\nRUN set -eux; \\\n\tapk add --no-cache \\\n\t\ttini \\\n# add tzdata for the zone files\n\t\ttzdata \\\n\t;\n"
        );
    }

    #[test]
    fn one_per_line_appended_at_the_end() {
        let text = "FROM debian\nRUN apt-get install -y \\\n      bash \\\n      curl && rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(
            add(text, "apt-get install"),
            "FROM debian\nRUN apt-get install -y \\\n      bash \\\n      curl \\\n      tini && rm -rf /var/lib/apt/lists/*\n"
        );
    }

    #[test]
    fn a_lone_package_on_its_own_line_keeps_that_layout() {
        let text = "FROM alpine\nRUN apk add --no-cache \\\n    curl\n";
        assert_eq!(add(text, "apk add"), "FROM alpine\nRUN apk add --no-cache \\\n    curl \\\n    tini\n");
    }

    #[test]
    fn single_line_sorted_first_and_unsorted() {
        assert_eq!(
            add("FROM alpine\nRUN apk add --no-cache wget zip\n", "apk add"),
            "FROM alpine\nRUN apk add --no-cache tini wget zip\n"
        );
        assert_eq!(
            add("FROM alpine\nRUN apk add --no-cache zip bash\n", "apk add"),
            "FROM alpine\nRUN apk add --no-cache zip bash tini\n"
        );
    }

    #[test]
    fn virtual_groups_and_other_commands_are_not_installs() {
        let file = Dockerfile::parse("FROM alpine\nRUN apk add --virtual .deps gcc && apk del .deps\n").unwrap();
        assert!(installs(&file, 1, "apk add").is_empty());
        let file =
            Dockerfile::parse("FROM debian\nRUN apt-get update && apt-get install -y curl; echo install\n").unwrap();
        let found = installs(&file, 1, "apt-get install");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].packages.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["curl"]);
        assert!(found[0].has("curl"));
    }

    #[test]
    fn build_only_installs_are_not_installs() {
        // docker-library's pattern: what is installed before `apt-mark auto '.*'` and a purge
        // with --auto-remove is gone when the RUN ends.
        let purged = "FROM debian\nRUN set -eux; \\\n\tsavedAptMark=\"$(apt-mark showmanual)\"; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends ca-certificates wget; \\\n\twget -O /usr/local/bin/gosu https://example.org/gosu; \\\n\tapt-mark auto '.*' > /dev/null; \\\n\t[ -z \"$savedAptMark\" ] || apt-mark manual $savedAptMark > /dev/null; \\\n\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\\n\trm -rf /var/lib/apt/lists/*\n";
        let file = Dockerfile::parse(purged).unwrap();
        assert!(installs(&file, 1, "apt-get install").is_empty());
        // An install after the cleanup stays, as does one in a RUN that purges by name only.
        let after = "FROM debian\nRUN apt-get install -y gcc && apt-mark auto '.*' && apt-get autoremove -y && apt-get install -y curl\n";
        let found = installs(&Dockerfile::parse(after).unwrap(), 1, "apt-get install");
        assert_eq!(found.iter().map(|i| i.packages[0].0.as_str()).collect::<Vec<_>>(), ["curl"]);
        let by_name = "FROM debian\nRUN apt-get install -y gcc curl && make && apt-get purge -y gcc\n";
        assert_eq!(installs(&Dockerfile::parse(by_name).unwrap(), 1, "apt-get install").len(), 1);
        // Marking automatic without removing anything removes nothing.
        let marked = "FROM debian\nRUN apt-get install -y curl && apt-mark auto curl\n";
        assert_eq!(installs(&Dockerfile::parse(marked).unwrap(), 1, "apt-get install").len(), 1);
    }
}
