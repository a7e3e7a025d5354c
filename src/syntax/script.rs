//! Shell code read through tree-sitter-bash: which parameter expansions the shell would split
//! into words and expand as globs (ShellCheck's SC2086), and whether quoting them changed nothing
//! else.
//!
//! Used for shell scripts, for the shell text of Dockerfile `RUN`/`CMD`/`ENTRYPOINT`/
//! `HEALTHCHECK` instructions and for compose `CMD-SHELL` tests. Only positions where a double
//! quote is known to mean "this one word" are reported: command arguments, redirection targets
//! and the operands of `[ ]`. Everything the shell already does not split is left out, as
//! ShellCheck does: `[[ ]]`, arithmetic, assignments, `case` words, `for` lists (splitting is the
//! point there), here-documents, anything already in quotes, and the command name itself.

use std::ops::Range;
use tree_sitter::{Node, Parser, Tree};

/// A shell script file: its text, read as it is (the parse happens where it is needed).
#[derive(Debug, Clone)]
pub struct Script {
    pub text: String,
}

/// An unquoted expansion in a position where the shell splits and globs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unquoted {
    /// Bytes of the expansion (`$AGE`, `${AGE}`, `${AGE:-0}`).
    pub range: Range<usize>,
    /// The variable it reads (`AGE`, `1`).
    pub name: String,
    /// For a command argument: the command's name and the arguments before this one, as
    /// written (`["exec", "gosu", "app"]` for `exec gosu app $CMD`). Empty elsewhere.
    pub preceding: Vec<String>,
    /// Whether it is a whole word (`$X`, not `a-$X`): empty, it is then no word at all.
    pub alone: bool,
    /// In backquotes inside double quotes (`"`echo $x`"`), where a `"` cannot simply be added.
    pub in_quoted_backquotes: bool,
    /// It stands between two double-quoted strings, written against both (`"a "$x" b"`):
    /// ShellCheck's SC2027 — the quotes around it end and restart the string, most often by
    /// mistake (quotes meant to be printed), and quoting it would write `""$x""`.
    pub between_strings: bool,
    /// Its word holds quotes (`${URL:-"http://0.0.0.0:8200"}`, `${x:-'a b'}`): inside double
    /// quotes, single quotes would be kept as characters and shells read double ones apart.
    pub quotes_inside: bool,
}

/// What the shell code says, as far as quoting is concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub unquoted: Vec<Unquoted>,
    /// Variables the code itself assigns a value holding blanks (`FLAGS="-a -b"`): their later
    /// unquoted uses are meant to be split.
    pub multi_word: Vec<String>,
    /// Variables the code sets to a command's output (`deps=$(scanelf ...)`): often a list.
    pub from_output: Vec<String>,
    /// Variables the code sets to nothing (`jitFlag=`, `x=''`) or reads with an empty default
    /// (`${extra:-}`): an optional argument, which unquoted disappears when empty and quoted
    /// would be an empty argument instead.
    pub maybe_empty: Vec<String>,
}

/// Why shell code could not be read: the byte where tree-sitter-bash found an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub offset: usize,
}

fn parse(text: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_bash::LANGUAGE.into()).ok()?;
    parser.parse(text, None)
}

/// Reads `text` as shell code. Code with a syntax error is refused: quoting it would be a guess.
/// Read once per text (shared by the threads): the fix loop asks again in every pass.
pub fn read(text: &str) -> Result<Reading, Unreadable> {
    match &*understood(text) {
        Ok((reading, _)) => Ok(reading.clone()),
        Err(refused) => Err(refused.clone()),
    }
}

/// Both readings of one shell text, made from one parse: the transforms that ask for one of
/// them (quoting, the commands run) ask for the other of the same `RUN` line too, and the parse
/// is most of the cost.
type Understood = Result<(Reading, Vec<SimpleCommand>), Unreadable>;

fn understand(text: &str) -> Understood {
    let tree = parse(text).ok_or(Unreadable { offset: 0 })?;
    let root = tree.root_node();
    if root.has_error() {
        return Err(Unreadable { offset: first_error(root).unwrap_or(0) });
    }
    let mut reading = Reading::default();
    let mut gathered = Gathered::default();
    walk(root, text, &mut reading, &mut gathered);
    // Set only under a condition (`if [ "$ARCH" = x86_64 ]; then drv=libva-intel-driver; fi`
    // then `add-pkg mesa $drv`): elsewhere it is unset, an argument that is not there at all.
    // Only when every unquoted use comes after those branches: inside them it is set.
    let always = gathered.always;
    for (name, branches) in gathered.conditional.into_iter().filter(|(name, _)| !always.contains(name)) {
        let mut uses = reading.unquoted.iter().filter(|u| u.name == name).peekable();
        let outside = uses.peek().is_some() && uses.all(|u| branches.iter().all(|b| !b.contains(&u.range.start)));
        if outside && !reading.maybe_empty.contains(&name) {
            reading.maybe_empty.push(name);
        }
    }
    // What the author told ShellCheck to leave (`# shellcheck disable=SC2086` before a
    // command, or before the first command for the whole script) is left, like ShellCheck does.
    let waived = &gathered.waived;
    if !waived.is_empty() {
        reading.unquoted.retain(|u| !waived.iter().any(|w| w.start <= u.range.start && u.range.end <= w.end));
    }
    // bash does not split the value of `export NAME=$X` (an assignment of a declaration
    // command), and ShellCheck asks for quotes there only in sh scripts.
    if shebang_program(text) == Some("bash") {
        reading.unquoted.retain(|u| !matches!(u.preceding.as_slice(), [keyword] if keyword == "export" || keyword == "readonly" || keyword == "local"));
    }
    let mut commands = Vec::new();
    collect_commands(root, text, false, &mut commands);
    Ok((reading, commands))
}

/// [`understand`]`(text)`, remembered per text up to a bound, shared by the threads
/// (transforms on different cores read the same RUN lines). A hit allocates nothing (the text
/// is looked up borrowed).
fn understood(text: &str) -> std::sync::Arc<Understood> {
    use foldhash::HashMap;
    use std::sync::{Arc, OnceLock, RwLock};
    static CACHE: OnceLock<RwLock<HashMap<String, Arc<Understood>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| RwLock::new(HashMap::default()));
    if let Some(hit) = cache.read().ok().and_then(|c| c.get(text).cloned()) {
        return hit;
    }
    let value = Arc::new(understand(text));
    if let Ok(mut cache) = cache.write() {
        if cache.len() > 20_000 {
            cache.clear();
        }
        cache.insert(text.to_string(), Arc::clone(&value));
    }
    value
}

/// `node.kind()` for a node of a bash tree, looked up by id (see [`crate::syntax::KindNames`]).
fn kind<'t>(node: impl std::borrow::Borrow<Node<'t>>) -> &'static str {
    static NAMES: crate::syntax::KindNames = crate::syntax::KindNames::new();
    NAMES.of(*node.borrow(), || tree_sitter_bash::LANGUAGE.into())
}


/// Whether a comment is a ShellCheck directive that disables SC2086 (or every check).
pub fn disables_sc2086(comment: &str) -> bool {
    let Some(rest) = comment.trim_start_matches('#').trim_start().strip_prefix("shellcheck") else { return false };
    rest.split_whitespace().filter_map(|part| part.strip_prefix("disable=")).any(|list| {
        list.split(',').any(|code| {
            let code = code.trim();
            code.eq_ignore_ascii_case("SC2086") || code == "2086" || code.eq_ignore_ascii_case("all")
        })
    })
}


fn first_error(node: Node) -> Option<usize> {
    if node.is_error() || node.is_missing() {
        return Some(node.start_byte());
    }
    let mut cursor = node.walk();
    node.children(&mut cursor).filter(|c| c.has_error()).find_map(first_error)
}

/// What one walk gathers besides the reading: assignments with the `if`/`case` around them, and
/// the ranges ShellCheck directives exempt (see [`understand`]).
#[derive(Default)]
struct Gathered {
    conditional: Vec<(String, Vec<Range<usize>>)>,
    always: Vec<String>,
    waived: Vec<Range<usize>>,
}

fn walk(node: Node, text: &str, reading: &mut Reading, gathered: &mut Gathered) {
    match kind(node) {
        // `# shellcheck disable=SC2086`: the next command, or (before the first) the script.
        "comment" if disables_sc2086(&text[node.byte_range()]) => {
            let mut previous = node.prev_named_sibling();
            while previous.is_some_and(|p| kind(p) == "comment") {
                previous = previous.and_then(|p| p.prev_named_sibling());
            }
            let top = node.parent().is_some_and(|p| p.parent().is_none());
            if top && previous.is_none() {
                gathered.waived.push(0..text.len());
            } else {
                let mut next = node.next_named_sibling();
                while next.is_some_and(|n| kind(n) == "comment") {
                    next = next.and_then(|n| n.next_named_sibling());
                }
                gathered.waived.extend(next.map(|n| n.byte_range()));
            }
        }
        "simple_expansion" | "expansion" => {
            if let Some(name) = expansion_name(node, text) {
                let written = &text[node.byte_range()];
                if (written.ends_with(":-}") || written.ends_with("-}") && written.len() == name.len() + 4) && !reading.maybe_empty.contains(&name) {
                    reading.maybe_empty.push(name.clone());
                }
                // `${INSTALL_ABIWORD:+abiword abiword-plugin-command}`: nothing when unset, some
                // words when set — unquoted on purpose (quoted, it would be one empty or one
                // two-word argument).
                let after_name = written.strip_prefix("${").and_then(|rest| rest.strip_prefix(name.as_str())).unwrap_or_default();
                if (after_name.starts_with(":+") || after_name.starts_with('+')) && !reading.maybe_empty.contains(&name) {
                    reading.maybe_empty.push(name.clone());
                }
                if let Some((preceding, quotable)) = split_position(node, text) {
                    let alone = node.parent().is_none_or(|p| kind(p) != "concatenation");
                    let range = node.byte_range();
                    let between_strings = text[..range.start].ends_with('"') && text[range.end..].starts_with('"');
                    let quotes_inside = written.contains(['\'', '"', '`']);
                    // With quotes inside, as before this was noted, nothing is said where the
                    // words are meant (`${EP_UID:+--uid "${EP_UID}"}`, an alternate value) or
                    // unused (`: ${PHP_TZ:="Europe/Riga"}`, a default assigned: SC2223, not
                    // SC2086).
                    let alternate = after_name.starts_with(":+") || after_name.starts_with('+');
                    if !(quotes_inside && (alternate || matches!(preceding.as_slice(), [colon] if colon == ":"))) {
                        reading.unquoted.push(Unquoted { range, name, preceding, alone, in_quoted_backquotes: !quotable, between_strings, quotes_inside });
                    }
                }
            }
        }
        // tree-sitter-bash leaves some expansions inside words (`a-$X/b-$Y/c`: `$Y` is part of
        // a word node): found by their text.
        "word" if text[node.byte_range()].contains('$') => {
            let hidden = hidden_expansions(&text[node.byte_range()]);
            if !hidden.is_empty() {
                if let Some((preceding, quotable)) = split_position(node, text) {
                    for (range, name) in hidden {
                        let range = node.start_byte() + range.start..node.start_byte() + range.end;
                        reading.unquoted.push(Unquoted { range, name, preceding: preceding.clone(), alone: false, in_quoted_backquotes: !quotable, between_strings: false, quotes_inside: false });
                    }
                }
            }
        }
        // ... and some as a bare `$` that ends a word, its name starting the next word
        // (`a-$X/b-$Y/c` reads as `a-$X/b-$` and `Y/c`).
        "$" if node.parent().is_some_and(|p| kind(p) == "concatenation") => {
            if let Some((range, name)) = expansion_at(&text[node.start_byte()..]) {
                if let Some((preceding, quotable)) = node.parent().and_then(|p| split_position(p, text)) {
                    let range = node.start_byte() + range.start..node.start_byte() + range.end;
                    reading.unquoted.push(Unquoted { range, name, preceding, alone: false, in_quoted_backquotes: !quotable, between_strings: false, quotes_inside: false });
                }
            }
        }
        "variable_assignment" => {
            let name = node.child_by_field_name("name").map(|n| &text[n.byte_range()]);
            if let Some(name) = name {
                // The `if` or `case` around it, if any.
                let mut ancestor = node.parent();
                while let Some(a) = ancestor.filter(|a| !matches!(kind(*a), "if_statement" | "case_statement")) {
                    ancestor = a.parent();
                }
                match ancestor.map(|a| a.byte_range()) {
                    Some(range) => match gathered.conditional.iter_mut().find(|(n, _)| n == name) {
                        Some((_, ranges)) => ranges.push(range),
                        None => gathered.conditional.push((name.to_string(), vec![range])),
                    },
                    None if !gathered.always.iter().any(|n| n == name) => gathered.always.push(name.to_string()),
                    None => {}
                }
            }
            let value = node.child_by_field_name("value");
            let empty = value.is_none_or(|v| matches!(&text[v.byte_range()], "''" | "\"\""));
            if let (Some(name), true) = (name, empty) {
                if !reading.maybe_empty.iter().any(|n| n == name) {
                    reading.maybe_empty.push(name.to_string());
                }
            }
            if let (Some(name), Some(value)) = (name, value) {
                if holds_blanks(value, text) && !reading.multi_word.iter().any(|n| n == name) {
                    reading.multi_word.push(name.to_string());
                }
                if holds_output(value) && !reading.from_output.iter().any(|n| n == name) {
                    reading.from_output.push(name.to_string());
                }
            }
        }
        _ => {}
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        walk(child, text, reading, gathered);
    }
}

/// Whether an assigned value holds blanks of its own once its quotes are gone (`"a b"`,
/// `'-x -y'`, `a\ b`). Blanks inside expansions and substitutions (`$(( a - b ))`) say nothing of
/// the value.
fn holds_blanks(value: Node, text: &str) -> bool {
    match kind(value) {
        "string_content" | "raw_string" => text[value.byte_range()].contains([' ', '\t', '\n']),
        "word" => text[value.byte_range()].contains("\\ "),
        "string" | "concatenation" => {
            let mut cursor = value.walk();
            value.children(&mut cursor).any(|c| holds_blanks(c, text))
        }
        _ => false,
    }
}

/// Whether an assigned value takes a command's output (`x=$(apt-mark showmanual)`): often a
/// list, one item per line, meant to be split where it is used.
fn holds_output(value: Node) -> bool {
    match kind(value) {
        "command_substitution" => return true,
        // A number, whatever it computes from.
        "arithmetic_expansion" => return false,
        _ => {}
    }
    let mut cursor = value.walk();
    value.children(&mut cursor).any(|c| kind(c) != "arithmetic_expansion" && holds_output(c))
}

/// The variable an expansion node reads, when it is one SC2086 is about.
fn expansion_name(node: Node, text: &str) -> Option<String> {
    let written = &text[node.byte_range()];
    // (`${x:-'a b'}`, whose quotes inside would change meaning once the whole is in double
    // quotes, is named: the caller marks it.) `${#x}` is a number; `${x[@]}`/`${x[*]}` are arrays (other rules). One element
    // (`${paths[0]}`, `${paths[$i]}`) is a value like any other (passbolt's entrypoints).
    let element = written.strip_prefix("${").and_then(|w| w.strip_suffix("]}")).and_then(|w| w.split_once('[')).is_some_and(|(name, index)| {
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !index.is_empty()
            && index.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$'))
    });
    if (written.contains('[') && !element) || written.starts_with("${#") || written.starts_with("${!") {
        return None;
    }
    let mut named: Vec<Node> = (0..node.named_child_count()).filter_map(|i| node.named_child(i as u32)).collect();
    // An element's name is inside its `subscript`.
    if let Some(subscript) = named.iter().copied().find(|c| kind(*c) == "subscript") {
        named = (0..subscript.named_child_count()).filter_map(|i| subscript.named_child(i as u32)).collect();
    }
    let name_node = named.into_iter().find(|c| matches!(kind(*c), "variable_name" | "special_variable_name"))?;
    let name = text[name_node.byte_range()].to_string();
    // `$?`, `$#`, `$$`, `$!`, `$-` are never split into words; `$@` and `$*` are another matter
    // (their quoted forms mean something else).
    if kind(name_node) == "special_variable_name" && !name.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(name)
}

/// `$NAME`, `${NAME}` and `$1` in a word's text (escaped `\$` skipped), with their ranges.
fn hidden_expansions(word: &str) -> Vec<(Range<usize>, String)> {
    let bytes = word.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'$' => match expansion_at(&word[i..]) {
                Some((range, name)) => {
                    found.push((i + range.start..i + range.end, name));
                    i += range.end;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    found
}

/// The plain expansion (`$NAME`, `${NAME}`, `$1`) `text` starts with, if any.
fn expansion_at(text: &str) -> Option<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'$') {
        return None;
    }
    let name_char = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let (name, end) = match bytes.get(1)? {
        b'{' => {
            let close = text.find('}')?;
            (&text[2..close], close + 1)
        }
        digit if digit.is_ascii_digit() => (&text[1..2], 2),
        _ => {
            let len = bytes[1..].iter().take_while(|b| name_char(b)).count();
            (&text[1..1 + len], 1 + len)
        }
    };
    let first_digit = name.as_bytes().first().is_some_and(u8::is_ascii_digit);
    let plain = !name.is_empty() && (!first_digit || name.len() == 1) && name.bytes().all(|b| name_char(&b));
    plain.then(|| (0..end, name.to_string()))
}

/// Where the word (or expansion) `node` is, when the shell splits it there: the command's name
/// and earlier arguments for a command argument, nothing for a redirection target or an
/// operand of `[ ]`. `None` where the shell does not split.
fn split_position(node: Node, text: &str) -> Option<(Vec<String>, bool)> {
    let mut child = node;
    let mut parent = node.parent()?;
    let mut in_word = false;
    loop {
        match kind(parent) {
            // Part of a word: `foo$X/bar` is split too; go on to see where the word is.
            "concatenation" => in_word = true,
            // The command name: `$CMD -v` is meant to split (a command line in a variable), but
            // in `$PREFIX/bin/openssl` the expansion is part of a path, which quoting keeps
            // whole (ShellCheck SC2086 asks for it there too).
            "command_name" => {
                let command = parent.parent().filter(|c| kind(*c) == "command")?;
                return in_word.then(|| (Vec::new(), quotable_here(command, text)));
            }
            "command" => {
                let is_argument = parent
                    .child_by_field_name("name")
                    .is_none_or(|name| name.id() != child.id())
                    && kind(child) != "variable_assignment";
                let preceding = (0..parent.child_count())
                    .filter_map(|i| parent.child(i as u32))
                    .filter(|c| c.end_byte() <= child.start_byte() && kind(c) != "variable_assignment" && c.is_named())
                    .map(|c| text[c.byte_range()].to_string())
                    .collect();
                return is_argument.then(|| (preceding, quotable_here(parent, text)));
            }
            // `export PUID=${PUID:-0}`: POSIX sh splits the arguments of `export` and
            // `readonly` (dash did before 0.5.11), and dash those of `local` (`local
            // if_name=$1`, Vault's entrypoint); quoted, the value is the same in every shell.
            "variable_assignment" => {
                let value = parent.child_by_field_name("value").is_some_and(|v| v.byte_range().contains(&node.start_byte()));
                let declaration = parent.parent().filter(|d| kind(*d) == "declaration_command")?;
                let keyword = declaration.child(0).map(|k| text[k.byte_range()].to_string())?;
                let quotable = quotable_here(declaration, text);
                return (value && matches!(keyword.as_str(), "export" | "readonly" | "local")).then(|| (vec![keyword], quotable));
            }
            "file_redirect" => {
                let is_target = parent.child_by_field_name("destination").is_some_and(|d| d.id() == child.id());
                return is_target.then(|| (Vec::new(), quotable_here(parent, text)));
            }
            // `[ $a -gt 1 ]` splits; `[[ $a -gt 1 ]]` does not.
            "binary_expression" | "unary_expression" | "parenthesized_expression" => {}
            "test_command" => {
                let single = text[parent.byte_range()].starts_with('[') && !text[parent.byte_range()].starts_with("[[");
                return single.then(|| (Vec::new(), quotable_here(parent, text)));
            }
            _ => return None,
        }
        child = parent;
        parent = parent.parent()?;
    }
}

/// Whether a double quote can be written inside `node`: not when it sits in backquotes that are
/// themselves in double quotes or a here-document (`"a `echo $x` b"`), where an inner `"` would
/// need escaping and the shells disagree on it.
fn quotable_here(node: Node, text: &str) -> bool {
    let mut in_backquotes = false;
    let mut current = Some(node);
    while let Some(n) = current {
        match kind(n) {
            "command_substitution" if text[n.byte_range()].starts_with('`') => in_backquotes = true,
            "string" | "heredoc_body" if in_backquotes => return false,
            _ => {}
        }
        current = n.parent();
    }
    true
}

/// A simple command of shell code: its words (name first; assignments and redirections left
/// out) with their byte ranges, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleCommand {
    pub words: Vec<(String, Range<usize>)>,
    pub range: Range<usize>,
    /// Inside an `if`, `case`, loop, function or subshell, or on the right of `||`: it may not
    /// run.
    pub conditional: bool,
}

impl SimpleCommand {
    /// Whether `sudo` runs it (`sudo -E apt-get install ...`): in `text`, the script its ranges
    /// are in, a `sudo` stands before its program.
    pub fn through_sudo(&self, text: &str) -> bool {
        let Some((_, first)) = self.words.first() else { return false };
        text.get(self.range.start..first.start).is_some_and(|prefix| prefix.split_whitespace().any(|w| w.rsplit('/').next() == Some("sudo")))
    }

    /// The program's base name (`/usr/bin/apt-get` → `apt-get`).
    pub fn program(&self) -> &str {
        self.words.first().map_or("", |(w, _)| w.rsplit('/').next().unwrap_or(w))
    }

    /// Whether any word equals `word`.
    pub fn has(&self, word: &str) -> bool {
        self.words.iter().any(|(w, _)| w == word)
    }
}

/// Every simple command of `text`, in order. Several transforms read the same RUN lines in
/// every pass of the fix loop: a parse is made once per text (per thread) and shared.
pub fn simple_commands(text: &str) -> Result<Vec<SimpleCommand>, Unreadable> {
    match &*understood(text) {
        Ok((_, commands)) => Ok(commands.clone()),
        Err(refused) => Err(refused.clone()),
    }
}

/// The words of a command run through `env` or `sudo` (`env DEBIAN_FRONTEND=noninteractive
/// apt-get install ...`, Synapse's Dockerfiles; `sudo apt-get install ...` under a base image's
/// non-root user): the command they run, as a command with its assignments in front would be
/// read. `env` or `sudo` alone (or with options only) stays.
fn past_env(words: Vec<(String, Range<usize>)>) -> Vec<(String, Range<usize>)> {
    let mut at = 0;
    loop {
        let Some((word, _)) = words.get(at) else { return words };
        let base = word.rsplit('/').next().unwrap_or(word);
        // Options that take the next word as their value.
        let takes_value: &[&str] = match base {
            "env" => &["-u", "--unset", "-C", "--chdir", "-S", "--split-string"],
            "sudo" => &["-u", "--user", "-g", "--group", "-C", "--close-from", "-D", "--chdir", "-h", "--host", "-p", "--prompt", "-r", "--role", "-t", "--type", "-U", "--other-user", "-T", "--command-timeout"],
            _ => break,
        };
        let mut next = at + 1;
        while let Some((word, _)) = words.get(next) {
            if takes_value.contains(&word.as_str()) {
                next += 2;
            } else if word.starts_with('-') || word.contains('=') {
                next += 1;
            } else {
                break;
            }
        }
        if next >= words.len() {
            return words;
        }
        at = next;
    }
    words.into_iter().skip(at).collect()
}

fn collect_commands(node: Node, text: &str, conditional: bool, out: &mut Vec<SimpleCommand>) {
    if kind(node) == "command" {
        let words = (0..node.child_count())
            .filter_map(|i| node.child(i as u32))
            .filter(|c| c.is_named() && !matches!(kind(c), "variable_assignment" | "file_redirect" | "heredoc_redirect" | "herestring_redirect"))
            .map(|c| (text[c.byte_range()].to_string(), c.byte_range()))
            .collect();
        out.push(SimpleCommand { words: past_env(words), range: node.byte_range(), conditional });
    }
    let branches = matches!(
        kind(node),
        "if_statement" | "case_statement" | "for_statement" | "while_statement" | "c_style_for_statement" | "function_definition" | "subshell"
    );
    let mut cursor = node.walk();
    let children: Vec<Node> = node.children(&mut cursor).collect();
    let mut after_or = false;
    for child in children {
        if kind(node) == "list" && kind(child) == "||" {
            after_or = true;
        }
        collect_commands(child, text, conditional || branches || after_or, out);
    }
}

/// Whether shell code holds a comment (`RUN a # note`: text appended after it would be part of
/// the comment).
pub fn has_comment(text: &str) -> bool {
    fn any_comment(node: Node) -> bool {
        let mut cursor = node.walk();
        kind(node) == "comment" || node.children(&mut cursor).any(any_comment)
    }
    parse(text).is_none_or(|tree| any_comment(tree.root_node()))
}

/// `text` with a double quote on each side of every range (sorted, not overlapping).
pub fn quote(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len() + 2 * ranges.len());
    let mut at = 0;
    for range in ranges {
        out.push_str(&text[at..range.start]);
        out.push('"');
        out.push_str(&text[range.clone()]);
        out.push('"');
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Checks that `new` is `old` with exactly the `quoted` expansions put in double quotes (a range
/// may hold several side by side, `$A$B`): it
/// reads without error, and the expansions the shell would split are the old ones minus those.
pub fn verify(old: &str, new: &str, quoted: &[Range<usize>]) -> Result<(), String> {
    let mut quoted = quoted.to_vec();
    quoted.sort_by_key(|r| r.start);
    if quote(old, &quoted) != new {
        return Err("the text is not the old one with quotes added".into());
    }
    let before = read(old).map_err(|e| format!("the shell code did not read before (byte {})", e.offset))?;
    let after = read(new).map_err(|e| format!("the shell code no longer reads (byte {})", e.offset))?;
    let expected: Vec<&str> = before
        .unquoted
        .iter()
        .filter(|u| !quoted.iter().any(|q| q.start <= u.range.start && u.range.end <= q.end))
        .map(|u| u.name.as_str())
        .collect();
    let actual: Vec<&str> = after.unquoted.iter().map(|u| u.name.as_str()).collect();
    if actual != expected {
        return Err("the expansions left unquoted are not the intended ones".into());
    }
    Ok(())
}

/// Whether a file is a shell script dockfix can read: a `sh`/`bash`/`dash`/`ash` shebang, or no
/// shebang and a `.sh`/`.bash` name.
pub fn is_shell_script(name: &str, text: &str) -> bool {
    match shebang_program(text) {
        Some(program) => matches!(program, "sh" | "bash" | "dash" | "ash"),
        None => {
            let lower = name.to_ascii_lowercase();
            lower.ends_with(".sh") || lower.ends_with(".bash")
        }
    }
}

/// The program a `#!` line names, without its folder (`#!/usr/bin/env bash` → `bash`).
/// The program a script's `#!` line names (after `/usr/bin/env`), without its folder.
pub fn shebang_program(text: &str) -> Option<&str> {
    let shebang = text.lines().next()?.strip_prefix("#!")?;
    let mut words = shebang.split_whitespace();
    let program = words.next().unwrap_or_default();
    let program = if program.ends_with("/env") { words.next().unwrap_or_default() } else { program };
    Some(program.rsplit('/').next().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        read(text).unwrap().unquoted.into_iter().map(|u| u.name).collect()
    }

    #[test]
    fn a_command_run_through_env_is_that_command() {
        let programs = |text: &str| simple_commands(text).unwrap().iter().map(|c| c.program().to_string()).collect::<Vec<_>>();
        assert_eq!(programs("env DEBIAN_FRONTEND=noninteractive apt-get install -y curl"), ["apt-get"]);
        assert_eq!(programs("/usr/bin/env -u http_proxy -i A=1 apt-get update"), ["apt-get"]);
        // `env` alone prints the environment; a word after the assignments is the command.
        assert_eq!(programs("env; env A=1"), ["env", "env"]);
        let words = &simple_commands("env A=1 apt-get install -y curl").unwrap()[0].words;
        assert_eq!(words[0].0, "apt-get");
        assert_eq!(&"env A=1 apt-get install -y curl"[words[0].1.clone()], "apt-get");
        // `sudo` too, with its options (and `sudo env ...`); `sudo -v` runs nothing.
        assert_eq!(programs("sudo apt-get update && sudo -E -u root apt-get install -y curl"), ["apt-get", "apt-get"]);
        assert_eq!(programs("sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y curl"), ["apt-get"]);
        assert_eq!(programs("sudo -v"), ["sudo"]);
    }

    #[test]
    fn expansions_side_by_side_are_verified_as_one_quoted_range() {
        let old = "curl -L $SRC$VERSION.tar.gz -o x && cd $VERSION\n";
        let both = 8..20;
        assert_eq!(&old[both.clone()], "$SRC$VERSION");
        let new = quote(old, &[both.clone()]);
        assert_eq!(new, "curl -L \"$SRC$VERSION\".tar.gz -o x && cd $VERSION\n");
        assert!(verify(old, &new, &[both.clone()]).is_ok());
        // The `cd $VERSION` left as it was is still unquoted, as intended; quoting only one of
        // the pair is not what the range says.
        assert!(verify(old, "curl -L \"$SRC\"$VERSION.tar.gz -o x && cd $VERSION\n", &[both]).is_err());
    }

    #[test]
    fn an_expansion_between_two_strings_is_marked() {
        let reading = read("echo \"run: rm -rf \"$dir\"/* now\"\necho $other\n").unwrap();
        let found: Vec<(&str, bool)> = reading.unquoted.iter().map(|u| (u.name.as_str(), u.between_strings)).collect();
        assert_eq!(found, [("dir", true), ("other", false)]);
    }

    #[test]
    fn export_values_split_in_sh_not_in_bash() {
        let script = "export Z=$HOME\nreadonly R=$PATH\necho $X\n";
        assert_eq!(names(&format!("#!/bin/sh\n{script}")), ["HOME", "PATH", "X"]);
        assert_eq!(names(script), ["HOME", "PATH", "X"]);
        assert_eq!(names(&format!("#!/usr/bin/env bash\n{script}")), ["X"]);
        assert_eq!(names(&format!("#!/bin/bash -e\n{script}")), ["X"]);
    }

    #[test]
    fn finds_what_would_split() {
        assert_eq!(names("[ $AGE -gt 300 ] && exit 1"), ["AGE"]);
        assert_eq!(names("echo $a ${b} foo$c/bar ${d:-x} $1 > $out"), ["a", "b", "c", "d", "1", "out"]);
        assert_eq!(names("echo $(cat $f) `ls $g`"), ["f", "g"]);
        // tree-sitter-bash keeps `$Y` inside a word here.
        assert_eq!(names("echo a-$X/b-$Y/c x\\$Z ${W}"), ["X", "Y", "W"]);
        assert_eq!(names("X=$y run $z"), ["z"]);
        // A path in the command's place is one word; a command line in a variable is not.
        assert_eq!(names("$PREFIX/bin/openssl version; $CMD -v"), ["PREFIX"]);
        // POSIX sh splits the arguments of `export` and `readonly` (dash did before 0.5.11, and
        // ShellCheck says SC2086 there), and dash those of `local`; bash does not, and quoted
        // the value is the same.
        assert_eq!(names("y=$a; export Z=$b; readonly R=${c}; local q=$d"), ["b", "c", "d"]);
        assert_eq!(names("#!/bin/bash\ny=$a; export Z=$b; readonly R=${c}; local q=$d"), Vec::<String>::new());
        // One element of an array is one value (passbolt's `chmod 640 ${paths[0]}`); all of
        // them (`${f[@]}`) are another rule's.
        assert_eq!(names("chmod 640 ${key[0]} ${key[$i]} ${all[@]}"), ["key", "key"]);
    }

    #[test]
    fn leaves_what_the_shell_does_not_split() {
        for text in [
            "[[ $AGE -gt 300 ]]",
            "echo \"$a\" '$b' $((c + $d)) ${#e} $? $# $$ $! $@ $* ${f[@]}",
            "for x in $LIST; do :; done",
            "case $x in a) ;; esac",
            "y=$x; z=$(echo $((1 + 2)))",
            "$cmd -l",
            "cat <<EOF\n$x\nEOF\n",
            // Quotes inside an alternate value or a default the `:` command assigns: words
            // meant, or nothing used (SC2223, not SC2086).
            "run ${x:+--x \"$x\"}",
            ": ${y:=\"a b\"}",
        ] {
            assert_eq!(names(text), Vec::<String>::new(), "{text}");
        }
        // Quotes inside any other expansion: reported, and marked (the transform notes it).
        let reading = read("echo ${x:-'a b'} ${y:-\"c\"} $z").unwrap();
        let marked: Vec<(&str, bool)> = reading.unquoted.iter().map(|u| (u.name.as_str(), u.quotes_inside)).collect();
        assert_eq!(marked, [("x", true), ("y", true), ("z", false)]);
    }

    /// A ShellCheck directive is the author's word: the command after it (or, before the first
    /// command, the whole script) keeps its expansions as they are.
    #[test]
    fn shellcheck_directives_are_kept() {
        let text = "a $x\n# shellcheck disable=SC1083,SC2086\nb=$(eval echo \\${$v})\nif true; then\n  # shellcheck disable=all\n  c $y\nfi\nd $z\n";
        assert_eq!(names(text), ["x", "z"]);
        assert_eq!(names("#!/bin/sh\n# shellcheck disable=SC2086\na $x\nb $y\n"), Vec::<String>::new());
        assert_eq!(names("a $w\n# shellcheck disable=SC2034\nb $x\n"), ["w", "x"]);
        assert!(disables_sc2086("# shellcheck disable=SC2086") && disables_sc2086("#shellcheck source=x disable=2086"));
        assert!(!disables_sc2086("# disable=SC2086") && !disables_sc2086("# shellcheck disable=SC20860"));
    }

    /// In backquotes inside double quotes the shell splits too (ShellCheck says SC2086), but a
    /// `"` cannot simply be added there: found, and marked so.
    #[test]
    fn backquotes_in_double_quotes_are_marked() {
        let reading = read("u=\"`echo $url | cut -d@ -f1`\"; echo `ls $g`").unwrap();
        let found: Vec<(&str, bool)> = reading.unquoted.iter().map(|u| (u.name.as_str(), u.in_quoted_backquotes)).collect();
        assert_eq!(found, [("url", true), ("g", false)]);
    }

    #[test]
    fn optional_arguments_are_known() {
        let reading = read("a=; b=''; c=\"\"; d=x; cmd $a $b $c $d ${e:-} ${f-} ${g:-x} ${h#-}").unwrap();
        assert_eq!(reading.maybe_empty, ["a", "b", "c", "e", "f"]);
        // An alternate value: nothing, or words.
        let reading = read("apk add a ${WITH_X:+x x-plugin} ${WITH_Y+y}").unwrap();
        assert_eq!(reading.maybe_empty, ["WITH_X", "WITH_Y"]);
        // Set only under a condition: unset otherwise. Set in both places: always set.
        let text = "if [ \"$A\" = x86 ]; then drv=intel; fi && add-pkg mesa $drv\nk=1; case $x in a) k=2;; esac; run $k";
        let reading = read(text).unwrap();
        assert!(reading.maybe_empty.contains(&"drv".to_string()) && !reading.maybe_empty.contains(&"k".to_string()), "{:?}", reading.maybe_empty);
        // Used inside the branch that sets it, or set in a loop: it is set where it is used.
        let reading = read("if [ -f x ]; then r=1; exit $r; fi\nwhile read v; do w=$v; echo $w; done").unwrap();
        assert!(!reading.maybe_empty.contains(&"r".to_string()) && !reading.maybe_empty.contains(&"w".to_string()), "{:?}", reading.maybe_empty);
    }

    #[test]
    fn multi_word_assignments_are_known() {
        let reading = read("FLAGS=\"-a -b\"\nONE=x\nAGE=$(( $(date +%s) - 1 ))\nB='x y' C=a\\ b\nrun $FLAGS $ONE").unwrap();
        assert_eq!(reading.multi_word, ["FLAGS", "B", "C"]);
        let reading = read("saved=\"$(apt-mark showmanual)\"; n=$(( $(date +%s) - 2 )); apt-mark manual $saved").unwrap();
        assert_eq!(reading.from_output, ["saved"]);
        let args = read("exec gosu app $CMD").unwrap();
        assert_eq!(args.unquoted[0].preceding, ["exec", "gosu", "app"]);
    }

    #[test]
    fn refuses_broken_code() {
        assert!(read("if [ $a ]; then").is_err());
    }

    #[test]
    fn quoting_verifies() {
        let old = "[ $AGE -gt 300 ] && echo ${x}";
        let ranges = vec![2..6, 25..29];
        let new = quote(old, &ranges);
        assert_eq!(new, "[ \"$AGE\" -gt 300 ] && echo \"${x}\"");
        assert_eq!(verify(old, &new, &ranges), Ok(()));
        assert!(verify(old, &new, &ranges[..1]).is_err());
    }

    #[test]
    fn simple_commands_with_their_conditions() {
        let commands = simple_commands("set -eux; apt-get update && X=1 apt-get install -y curl > /dev/null || true\nif [ -n \"$a\" ]; then rm -rf /x; fi").unwrap();
        let words: Vec<Vec<&str>> = commands.iter().map(|c| c.words.iter().map(|(w, _)| w.as_str()).collect()).collect();
        assert_eq!(words, [vec!["set", "-eux"], vec!["apt-get", "update"], vec!["apt-get", "install", "-y", "curl"], vec!["true"], vec!["rm", "-rf", "/x"]]);
        let conditional: Vec<bool> = commands.iter().map(|c| c.conditional).collect();
        assert_eq!(conditional, [false, false, false, true, true]);
        assert_eq!(commands[2].program(), "apt-get");
    }

    #[test]
    fn recognises_scripts() {
        assert!(is_shell_script("run", "#!/usr/bin/env bash\n"));
        assert!(is_shell_script("x.py", "#!/bin/sh -e\n"));
        assert!(is_shell_script("start.sh", "echo hi\n"));
        assert!(!is_shell_script("start.sh", "#!/usr/bin/env python3\n"));
        assert!(!is_shell_script("start", "echo hi\n"));
    }
}
