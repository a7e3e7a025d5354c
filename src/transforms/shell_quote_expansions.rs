//! `shell-quote-expansions`: double quotes around the expansions the shell would split into words
//! and expand as globs (ShellCheck's SC2086).
//!
//! **Why**: `[ $AGE -gt 300 ]` fails with "unary operator expected" when `AGE` is empty and
//! `rm -rf $DIR/*` removes more than meant when `DIR` holds a blank or a `*`.
//! **Where**: shell scripts the Dockerfiles copy or the compose files mount, shell-form `RUN`,
//! `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD`, and compose `CMD-SHELL` tests (where `$$` is the
//! container's `$`). Which positions split is decided by `syntax::script` (tree-sitter-bash).
//! **Leaves alone**, with a note: expansions meant to be split — names the catalog lists as word
//! lists (`$FLAGS`, `$JAVA_OPTS`, `$PACKAGES`), variables the same code (or the Dockerfile's
//! ENV/ARG, or the service's environment) sets to several words, and arguments of commands that
//! run other commands (`exec $CMD`). Code tree-sitter-bash cannot read is not changed.
//! **Safety**: safe.

use super::{Expect, Proposals, Transform};
use crate::edit::Edit;
use crate::project::{Parsed, Project};
use crate::syntax::dockerfile::edit::DockerOp;
use crate::syntax::dockerfile::{Dockerfile, Form, Instruction};
use crate::syntax::script::{self, Reading, Unquoted};
use crate::syntax::yaml::Value;
use crate::syntax::yaml::locate::{Seg, key};
use crate::source::FileId;
use std::ops::Range;
use std::path::Path;
use yaml_rust2::Yaml;

pub struct ShellQuoteExpansions;

impl Transform for ShellQuoteExpansions {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        let rules = Rules {
            split_names: out.meta().strings("split_names"),
            split_prefixes: out.meta().strings("split_prefixes"),
            runners: runners(out.meta()),
        };
        scripts(project, &rules, out);
        dockerfiles(project, &rules, out);
        compose_tests(project, &rules, out);
    }
}

/// The catalog's knowledge of where splitting is meant.
struct Rules {
    /// Name endings of variables that hold word lists (`FLAGS`, `OPTS`, ...).
    split_names: Vec<String>,
    /// Name beginnings of such variables (`EXTRA_` in `EXTRA_CONF`).
    split_prefixes: Vec<String>,
    /// Commands that run a command line, with how many plain words they take first (`gosu`
    /// takes a user): an expansion in the command's place is a command line.
    runners: Vec<(String, usize)>,
}

impl Rules {
    /// Why splitting `expansion` looks intended, if it does.
    fn intended(&self, expansion: &Unquoted, multi_word: &[String], from_output: &[String], maybe_empty: &[String]) -> Option<String> {
        let upper = expansion.name.to_ascii_uppercase();
        if let Some(ending) = self.split_names.iter().find(|e| upper == **e || upper.ends_with(&format!("_{e}")) || (e.len() > 4 && upper.ends_with(e.as_str()))) {
            return Some(format!("its name says it holds a list ({ending})"));
        }
        if let Some(start) = self.split_prefixes.iter().find(|p| upper.strip_prefix(p.as_str()).is_some_and(|rest| rest.starts_with('_'))) {
            return Some(format!("its name says it holds extra words for the command line ({start}_)"));
        }
        if multi_word.contains(&expansion.name) {
            return Some("it is set to several words".to_string());
        }
        if from_output.contains(&expansion.name) {
            return Some("it holds a command's output, often a list".to_string());
        }
        // `jitFlag=` ... `./configure $jitFlag`, `${extra:-}`: an optional argument. Unquoted
        // an empty value is no argument at all; quoted it would be an empty one (inside a
        // longer word, `a-$X`, quoting changes no word count).
        // As a command's argument only: in a test (`[ $n -eq 0 ]`) an empty operand is an
        // error either way, and quoted it is the right one.
        if expansion.alone && !expansion.preceding.is_empty() && maybe_empty.contains(&expansion.name) {
            return Some("it may be empty, and then it is meant to be no argument at all, not an empty one".to_string());
        }
        // `exec $CMD`, `gosu app $CMD`: the expansion is the command line a runner runs.
        let mut words = expansion.preceding.iter().map(|w| w.rsplit('/').next().unwrap_or_default());
        while let Some(word) = words.next() {
            let Some(takes) = self.runners.iter().find(|(r, _)| r == word).map(|(_, n)| *n) else { break };
            // What the runner itself takes before the command: options, `NAME=value`, and
            // `takes` plain words (a user, a folder, a duration).
            let rest: Vec<&str> = words.clone().collect();
            let plain = rest.iter().filter(|w| !w.starts_with('-') && !w.contains('=')).count();
            if plain == takes {
                return Some(format!("it is the command `{word}` runs"));
            }
            // In a slot the runner takes for itself (`su-exec $PUID:$PGID cmd`): one value.
            if plain < takes {
                return None;
            }
            // `exec gosu app $CMD`: the runner runs a runner.
            let mut skipped = 0;
            while skipped < takes {
                match words.next() {
                    Some(w) if !w.starts_with('-') && !w.contains('=') => skipped += 1,
                    Some(_) => {}
                    None => break,
                }
            }
            let next: Vec<&str> = words.clone().take_while(|w| w.starts_with('-') || w.contains('=')).collect();
            for _ in 0..next.len() {
                words.next();
            }
        }
        None
    }

    /// Splits a reading into the expansions to quote and notes `(range, name, note)` for the
    /// others.
    fn decide(&self, reading: &Reading, extra: &DockerfileValues) -> (Vec<Range<usize>>, Vec<(Range<usize>, String, String)>) {
        let mut multi_word = reading.multi_word.clone();
        multi_word.extend(extra.multi_word.iter().cloned());
        let mut maybe_empty = reading.maybe_empty.clone();
        maybe_empty.extend(extra.maybe_empty.iter().cloned());
        let mut quote: Vec<Range<usize>> = Vec::new();
        let mut keep = Vec::new();
        for expansion in &reading.unquoted {
            // Where an added `"` would change what the shell reads, the expansion is left with a
            // note that says what to write instead.
            if let Some(why) = unquotable(expansion) {
                let note = format!("`${}` left unquoted: {why}", expansion.name);
                keep.push((expansion.range.clone(), expansion.name.clone(), note));
                continue;
            }
            match self.intended(expansion, &multi_word, &reading.from_output, &maybe_empty) {
                Some(why) => keep.push((expansion.range.clone(), expansion.name.clone(), keep_note(&expansion.name, &why))),
                // Expansions side by side in one word (`$SOURCE$VERSION.tar.gz`) are quoted
                // together, `"$SOURCE$VERSION".tar.gz`, as a person would write it, not
                // `"$SOURCE""$VERSION".tar.gz`.
                None => match quote.last_mut() {
                    Some(last) if last.end == expansion.range.start => last.end = expansion.range.end,
                    _ => quote.push(expansion.range.clone()),
                },
            }
        }
        (quote, keep)
    }
}

/// Why quoting `expansion` would change what the shell reads, if it would: backquotes inside
/// double quotes (an added `"` needs escaping there, and shells disagree on how it is read),
/// quotes inside its default (they would mean something else once the whole is quoted), or two
/// double-quoted strings around it (ShellCheck SC2027).
fn unquotable(expansion: &Unquoted) -> Option<String> {
    let name = &expansion.name;
    if expansion.in_quoted_backquotes {
        return Some("it sits in backquotes inside double quotes, where an added `\"` needs escaping and shells read it differently; write the substitution as `$(...)` and quote it there".to_string());
    }
    if expansion.quotes_inside {
        return Some(format!(
            "its expansion holds quotes, which mean something else once the whole is in double quotes (single ones are kept as characters); write its default without them and quote the whole (`\"${{{name}:-...}}\"`)"
        ));
    }
    if expansion.between_strings {
        return Some(format!(
            "it stands between two double-quoted strings (`\"...\"${name}\"...\"`), whose quotes end and restart around it (ShellCheck SC2027); if the quotes were meant to be printed, escape them (`\\\"`), else write it inside one string"
        ));
    }
    None
}

fn runners(meta: &crate::catalog::Meta) -> Vec<(String, usize)> {
    let Some(table) = meta.doc.get("runners").and_then(|t| t.entries()) else { return Vec::new() };
    table
        .iter()
        .filter_map(|(name, takes)| Some((name.to_string(), usize::try_from(takes.as_integer()?).ok()?)))
        .collect()
}

const WHY: &str = "unquoted, the shell splits it into words and expands globs in it (ShellCheck SC2086)";

fn names(code: &str, ranges: &[Range<usize>]) -> String {
    let names: Vec<String> = ranges.iter().map(|r| format!("`{}`", &code[r.clone()])).collect();
    names.join(", ")
}

fn keep_note(name: &str, why: &str) -> String {
    format!("`${name}` left unquoted: splitting it looks intended ({why}); quote it if it holds one value")
}

/// The variables a piece of shell code expands (`$NAME`, `${NAME...}`), in order, once each:
/// what a note names where the code cannot be read. The shell writes them as Compose does, so
/// Compose's reading of them serves.
fn expansion_names(code: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for interpolation in crate::syntax::compose::interpolations(code) {
        if !names.contains(&interpolation.name) {
            names.push(interpolation.name);
        }
    }
    names
}

/// Scripts the Dockerfiles copy and compose files mount: one change per line.
fn scripts(project: &Project, rules: &Rules, out: &mut Proposals) {
    for file in project.files.iter() {
        let Parsed::Script(script) = &file.parsed else { continue };
        // A script its header says is generated: quoting it here would be lost (a note says so).
        if matches!(file.fixture, Some(crate::project::Fixture::Generated(_))) {
            continue;
        }
        let text = &script.text;
        let reading = match script::read(text) {
            Ok(reading) => reading,
            Err(error) => {
                if text.contains('$') {
                    let line = crate::style::line_col(text, error.offset).0;
                    out.note(file.id, line, "shell script left alone: tree-sitter-bash cannot read it here, so quoting would be a guess");
                }
                continue;
            }
        };
        let (quote, keep) = rules.decide(&reading, &DockerfileValues::default());
        for (range, _, note) in keep {
            out.note(file.id, crate::style::line_col(text, range.start).0, note);
        }
        let mut by_line: Vec<(usize, Vec<Range<usize>>)> = Vec::new();
        for range in quote {
            let line = crate::style::line_col(text, range.start).0;
            match by_line.last_mut() {
                Some((l, ranges)) if *l == line => ranges.push(range),
                _ => by_line.push((line, vec![range])),
            }
        }
        for (line, ranges) in by_line {
            let edits = ranges.iter().map(|r| Edit::replace(r.clone(), format!("\"{}\"", &text[r.clone()]))).collect();
            let message = format!("quoted {}: {WHY}", names(text, &ranges));
            out.change(file.id, line, message, edits, Expect::Quoted(ranges));
        }
    }
}

/// Whether the comment lines right above the instruction starting at `start` hold a hadolint
/// directive that ignores SC2086 (`# hadolint ignore=DL3008,SC2086`) or a ShellCheck one.
fn hadolint_ignores_sc2086(text: &str, start: usize) -> bool {
    text[..start.min(text.len())]
        .lines()
        .rev()
        .map(str::trim)
        .skip_while(|line| line.is_empty())
        .take_while(|line| line.starts_with('#'))
        .any(|line| {
            let directive = line.trim_start_matches('#').trim_start();
            let hadolint = directive
                .strip_prefix("hadolint")
                .and_then(|rest| rest.trim_start().strip_prefix("ignore="))
                .is_some_and(|list| list.split(',').any(|code| code.trim().eq_ignore_ascii_case("SC2086")));
            hadolint || script::disables_sc2086(line)
        })
}

/// Shell-form RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD: one change per instruction.
fn dockerfiles(project: &Project, rules: &Rules, out: &mut Proposals) {
    let passed = multi_word_build_args(project);
    for (file, dockerfile) in project.dockerfiles() {
        if dockerfile.escape != '\\' || !posix_shell(dockerfile) {
            let shell_code = dockerfile.instructions().any(|i| shell_start(i).is_some());
            if shell_code {
                let why = if dockerfile.escape != '\\' { "a non-default escape character" } else { "a shell that is not POSIX sh or bash (SHELL, or a Windows base)" };
                out.note(file, 1, format!("shell code left alone: this Dockerfile runs it with {why}; quote expansions there by hand"));
            }
            continue;
        }
        let mut values = dockerfile_values(dockerfile);
        values.multi_word.extend(passed.get(&file).into_iter().flatten().cloned());
        for (index, instruction) in dockerfile.instructions().enumerate() {
            let Some(start) = shell_start(instruction) else { continue };
            // `# hadolint ignore=SC2086` above the instruction: the author's word, as for hadolint.
            if hadolint_ignores_sc2086(&dockerfile.text, instruction.span.start) {
                continue;
            }
            let code = &instruction.args[start..];
            let Ok(reading) = script::read(code) else {
                // BuildKit's sh may run what tree-sitter-bash refuses (`fi \` then `fi` on the
                // next line: `fi fi`, which bash and dash take).
                let names = expansion_names(code);
                if !names.is_empty() {
                    let list: Vec<String> = names.iter().map(|name| format!("`${name}`")).collect();
                    out.note(file, instruction.line, format!(
                        "{}: shell code left alone: tree-sitter-bash cannot read it, so quoting would be a guess; quote {} by hand where {} one value",
                        instruction.keyword,
                        list.join(", "),
                        if list.len() == 1 { "it holds" } else { "each holds" }
                    ));
                }
                continue;
            };
            let (quote, keep) = rules.decide(&reading, &values);
            for (_, _, note) in keep {
                out.note(file, instruction.line, note);
            }
            if quote.is_empty() {
                continue;
            }
            if let Some((edits, op)) = quote_instruction(dockerfile, index, start, &quote) {
                let message = format!("{}: quoted {}: {WHY}", instruction.keyword, names(code, &quote));
                out.change(file, instruction.line, message, edits, Expect::Dockerfile(vec![op]));
            }
        }
    }
}

/// Where the shell code starts in an instruction's arguments, for the instructions that run
/// their arguments with the shell; `None` for exec forms, heredocs and other instructions.
fn shell_start(instruction: &Instruction) -> Option<usize> {
    if !instruction.heredocs.is_empty() || !instruction.args.contains('$') {
        return None;
    }
    match instruction.keyword.as_str() {
        "RUN" | "CMD" | "ENTRYPOINT" => matches!(instruction.form, Form::Shell(_)).then_some(0),
        "HEALTHCHECK" => {
            let args = &instruction.args;
            let after = args.get(..3).filter(|k| k.eq_ignore_ascii_case("CMD")).map(|_| &args[3..])?;
            let rest = after.trim_start();
            (after.len() > rest.len() && !rest.starts_with('[')).then_some(args.len() - rest.len())
        }
        _ => None,
    }
}

/// Whether every stage runs shell forms with a POSIX shell (no `SHELL ["powershell", ...]`, no
/// Windows base).
fn posix_shell(dockerfile: &Dockerfile) -> bool {
    dockerfile.instructions().all(|i| match i.keyword.as_str() {
        "SHELL" => match &i.form {
            Form::Exec(words) => words
                .first()
                .and_then(|w| w.rsplit('/').next())
                .is_some_and(|w| matches!(w, "sh" | "bash" | "dash" | "ash")),
            Form::Shell(_) => false,
        },
        "FROM" => {
            let lower = i.args.to_ascii_lowercase();
            !["windows", "nanoserver", "servercore"].iter().any(|w| lower.contains(w))
        }
        _ => true,
    })
}

/// What the Dockerfile's ENV and ARG lines say of their variables: set to several words, and set
/// to nothing on purpose (`ENV HTTPD_PATCHES=""`, `ARG EXTRA_FLAGS=`): such a variable is an
/// optional list of arguments (`patches $HTTPD_PATCHES`), and quoted it would be one empty one.
#[derive(Default)]
struct DockerfileValues {
    multi_word: Vec<String>,
    maybe_empty: Vec<String>,
}

fn dockerfile_values(dockerfile: &Dockerfile) -> DockerfileValues {
    let mut values = DockerfileValues::default();
    for instruction in dockerfile.instructions().filter(|i| matches!(i.keyword.as_str(), "ENV" | "ARG")) {
        let args = instruction.args.trim();
        let first = args.split_whitespace().next().unwrap_or_default();
        if !first.contains('=') {
            // Legacy `ENV NAME value with blanks`.
            if instruction.keyword == "ENV" && args[first.len()..].trim().contains(char::is_whitespace) {
                values.multi_word.push(first.to_string());
            }
            // `ARG NAME` with no default is a value the build is expected to pass (a version):
            // not an optional list.
            continue;
        }
        if let Ok(reading) = script::read(args) {
            values.multi_word.extend(reading.multi_word);
            values.maybe_empty.extend(reading.maybe_empty);
        }
    }
    values
}

/// Per Dockerfile, the build arguments that the Makefiles and build scripts building it
/// (`--build-arg OSS_ONLY=" -DAPACHE_ONLY=1"`, timescaledb's) or the compose services built from
/// it (`build.args`) pass with a blank: the Dockerfile splits them on purpose. A script builds
/// a Dockerfile when it stands in the Dockerfile's folder or names it in a `docker build`. Made
/// once per run of the transform; only arguments with a blank lead to the costlier lookups.
fn multi_word_build_args(project: &Project) -> std::collections::HashMap<FileId, Vec<String>> {
    let mut out: std::collections::HashMap<FileId, Vec<String>> = std::collections::HashMap::new();
    let mut add = |dockerfile: FileId, names: &[String]| {
        let list = out.entry(dockerfile).or_default();
        for name in names {
            if !list.contains(name) {
                list.push(name.clone());
            }
        }
    };
    for (path, text) in project.disk.all_texts() {
        if !text.contains("--build-arg") || !path.file_name().is_some_and(|n| crate::project::is_build_script(&n.to_string_lossy())) {
            continue;
        }
        let names = blank_build_args(text);
        if names.is_empty() {
            continue;
        }
        let folder = path.parent().unwrap_or(Path::new("/"));
        let builds = crate::project::docker_builds_in(&text.replace("\\\n", " "), folder);
        for (id, _) in project.dockerfiles() {
            let real = &project.files[id].real;
            let own_folder = real.parent().unwrap_or(Path::new("/"));
            let builds_it = own_folder == folder
                || builds.iter().any(|(built, context)| built == real || (context == own_folder && real.file_name().is_some_and(|n| n == "Dockerfile")));
            if builds_it {
                add(id, &names);
            }
        }
    }
    for (file, compose) in project.compose_files() {
        for service in compose.services() {
            let names: Vec<String> = match service.get_nested("build", "args") {
                Some(yaml_rust2::Yaml::Hash(map)) => map
                    .iter()
                    .filter_map(|(key, value)| Some((key.as_str()?, value.as_str()?)))
                    .filter(|(_, value)| value.contains(char::is_whitespace))
                    .map(|(key, _)| key.trim().to_string())
                    .collect(),
                Some(yaml_rust2::Yaml::Array(list)) => list
                    .iter()
                    .filter_map(yaml_rust2::Yaml::as_str)
                    .filter_map(|item| item.split_once('='))
                    .filter(|(_, value)| value.contains(char::is_whitespace))
                    .map(|(key, _)| key.trim().to_string())
                    .collect(),
                _ => continue,
            };
            if let Some(dockerfile) = service.get("build").and_then(|build| project.dockerfile_for(file, build)).filter(|_| !names.is_empty()) {
                add(dockerfile, &names);
            }
        }
    }
    out
}

/// The names a script passes with `--build-arg` whose value holds a blank (`NAME="a b"`,
/// `"NAME=a b"`, `'NAME=a b'`). A blank at either end counts: `" -DAPACHE_ONLY=1"` appended to
/// a word splits off.
fn blank_build_args(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (at, _) in text.match_indices("--build-arg") {
        let rest = text[at + "--build-arg".len()..].trim_start_matches([' ', '=', '\t']);
        let (name, value) = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = rest[1..].split(quote).next().unwrap_or_default();
                let Some((name, value)) = inner.split_once('=') else { continue };
                (name, value)
            }
            _ => {
                let Some((name, after)) = rest.split_once('=') else { continue };
                if name.contains(char::is_whitespace) {
                    continue;
                }
                let value = match after.chars().next() {
                    Some(quote @ ('"' | '\'')) => after[1..].split(quote).next().unwrap_or_default(),
                    _ => "",
                };
                (name, value)
            }
        };
        let name = name.trim();
        if value.contains(char::is_whitespace) && !name.is_empty() && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    names
}

/// The edits and intended instruction for quoting `ranges` (in the code starting at `start` of
/// the arguments) of instruction `index`. `None` when an expansion is split by a line
/// continuation in the source.
fn quote_instruction(dockerfile: &Dockerfile, index: usize, start: usize, ranges: &[Range<usize>]) -> Option<(Vec<Edit>, DockerOp)> {
    let instruction = dockerfile.instruction(index);
    let code = &instruction.args[start..];
    let mut edits = Vec::new();
    for range in ranges {
        let from = instruction.byte_of_arg(start + range.start);
        let to = instruction.byte_of_arg(start + range.end - 1) + 1;
        if dockerfile.text.get(from..to) != Some(&code[range.clone()]) {
            return None;
        }
        edits.push(Edit::replace(from..to, format!("\"{}\"", &code[range.clone()])));
    }
    let prefix = &instruction.logical[..instruction.logical.len() - code.len()];
    let text = format!("{prefix}{}", script::quote(code, ranges));
    Some((edits, DockerOp::Replace { index, text }))
}

/// Compose `CMD-SHELL` healthcheck tests (list form, or the string form, which means the same).
fn compose_tests(project: &Project, rules: &Rules, out: &mut Proposals) {
    for (file, compose) in project.compose_files() {
        for service in compose.services() {
            if !service.owns(&compose.yaml.text, "healthcheck") {
                continue;
            }
            let Some(test) = service.get_nested("healthcheck", "test") else { continue };
            let mut path = service.path();
            path.extend([key("healthcheck"), key("test")]);
            let value = match &test {
                Yaml::String(text) => text.clone(),
                Yaml::Array(items) if items.first().and_then(Yaml::as_str) == Some("CMD-SHELL") => {
                    let Some(text) = items.get(1).and_then(Yaml::as_str) else { continue };
                    path.push(Seg::Index(1));
                    text.to_string()
                }
                _ => continue,
            };
            let (code, map) = container_shell(&value);
            if !code.contains('$') {
                continue;
            }
            let Ok(reading) = script::read(&code) else { continue };
            let environment: Vec<String> = crate::analysis::environment(&service)
                .into_iter()
                .filter(|(_, v)| v.trim().contains(char::is_whitespace))
                .map(|(n, _)| n)
                .collect();
            let (quote, keep) = rules.decide(&reading, &DockerfileValues { multi_word: environment, maybe_empty: Vec::new() });
            for (_, _, note) in keep {
                out.note(file, service.line, note);
            }
            if quote.is_empty() || script::verify(&code, &script::quote(&code, &quote), &quote).is_err() {
                continue;
            }
            let in_value: Vec<Range<usize>> = quote.iter().map(|r| map[r.start]..map[r.end]).collect();
            let new_value = script::quote(&value, &in_value);
            let message = format!(
                "`{}` healthcheck: quoted {}: {WHY}",
                service.name,
                names(&value, &in_value)
            );
            out.yaml(file, service.line, &service.name, compose.yaml.replace_scalar(&path, &Value::Str(new_value)), message);
        }
    }
}

/// The shell code a compose string becomes in the container: `$$` is a `$`; Compose's own
/// `${VAR}`/`$VAR` are replaced by its values before the container sees them (here: `x`s, so
/// they are never quoted). Also returns, for each byte of the code (and its end), the byte of
/// the compose string it came from.
fn container_shell(value: &str) -> (String, Vec<usize>) {
    let bytes = value.as_bytes();
    let mut code = String::new();
    let mut map = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            if bytes.get(i + 1) == Some(&b'$') {
                code.push('$');
                map.push(i);
                i += 2;
                continue;
            }
            let end = if bytes.get(i + 1) == Some(&b'{') {
                value[i..].find('}').map_or(bytes.len(), |e| i + e + 1)
            } else {
                let name = value[i + 1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(bytes.len(), |e| i + 1 + e);
                name
            };
            if end > i + 1 {
                for at in i..end {
                    code.push('x');
                    map.push(at);
                }
                i = end;
                continue;
            }
        }
        let c = value[i..].chars().next().expect("inside the string");
        for at in i..i + c.len_utf8() {
            map.push(at);
        }
        code.push(c);
        i += c.len_utf8();
    }
    map.push(bytes.len());
    (code, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_a_note_on_unreadable_code_gives() {
        assert_eq!(expansion_names("pip install x/$VER --y ${A:-b} \"$VER\" $(uname) $1 $@ ${#B}"), ["VER", "A"]);
        assert!(expansion_names("echo plain").is_empty());
    }

    #[test]
    fn compose_dollars_map_back() {
        let (code, map) = container_shell("test $$AGE -gt ${LIMIT} é");
        assert_eq!(code, "test $AGE -gt xxxxxxxx é");
        let age = code.find("$AGE").unwrap();
        assert_eq!(map[age], 5);
        assert_eq!(map[age + 4], 10);
        assert_eq!(map[code.len()], "test $$AGE -gt ${LIMIT} é".len());
    }

    #[test]
    fn intended_splitting_is_recognised() {
        let rules = Rules {
            split_names: vec!["FLAGS".into(), "OPTS".into()],
            split_prefixes: vec!["EXTRA".into()],
            runners: vec![("exec".into(), 0), ("gosu".into(), 1)],
        };
        let code = "run $PIP_FLAGS $CFLAGS $JAVA_OPTS $FILE; exec $CMD; exec gosu app $RUN; exec gosu app x $ARG > $LOG; exec gosu $PUID:$PGID x; ./configure $EXTRA_CONF $EXTRAS_DIR";
        let reading = script::read(code).unwrap();
        let (quote, keep) = rules.decide(&reading, &DockerfileValues::default());
        // The user gosu takes is one value, not the command it runs; `EXTRA` begins a name only
        // before `_`.
        assert_eq!(names(code, &quote), "`$FILE`, `$ARG`, `$LOG`, `$PUID`, `$PGID`, `$EXTRAS_DIR`");
        let kept: Vec<&str> = keep.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(kept, ["PIP_FLAGS", "CFLAGS", "JAVA_OPTS", "CMD", "RUN", "EXTRA_CONF"]);
    }
}
