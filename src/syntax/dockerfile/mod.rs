//! A lossless Dockerfile parser that follows BuildKit's line rules.
//!
//! The file is cut into items that tile it exactly: trivia (blank lines, comments, the directive
//! prelude) and instructions (a logical line, its continuation lines, comment lines caught inside
//! the continuation, and any heredoc bodies). Printing the items back gives the same bytes, so an
//! edit can be expressed as a byte range without disturbing anything else.
//!
//! The rules copied from BuildKit (`frontend/dockerfile/parser/parser.go`):
//! - a UTF-8 BOM at the very start is ignored;
//! - parser directives (`syntax`, `escape`, `check`) are only recognised in comment lines at the
//!   head of the file; the first other line (blank lines included) ends the prelude;
//! - a line ending in the escape character (optionally followed by spaces or tabs) continues on the
//!   next line; inside a continuation, comment lines and empty lines are skipped;
//! - `RUN`, `COPY` and `ADD` may carry heredocs (`<<EOF`, `<<-EOF`, `<<"EOF"`), whose bodies follow
//!   the instruction line up to a line equal to the terminator;
//! - arguments are in exec form only when they are a JSON array of strings.

pub mod edit;
pub mod packages;
pub mod runtime;

use std::ops::Range;

/// A parsed Dockerfile that remembers every byte of its source.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    pub text: String,
    /// The escape character set by the `escape` directive (`\` or `` ` ``).
    pub escape: char,
    pub directives: Vec<Directive>,
    /// Byte offset where the directive prelude (and the BOM) ends: nothing may be inserted above.
    pub prelude_end: usize,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub enum Item {
    /// Blank lines, comments and the directive prelude: kept, but not part of any instruction.
    Trivia(Range<usize>),
    Instruction(Instruction),
}

impl Item {
    pub fn span(&self) -> Range<usize> {
        match self {
            Item::Trivia(span) => span.clone(),
            Item::Instruction(instruction) => instruction.span.clone(),
        }
    }
}

/// One instruction with both its exact source range and its logical (joined) text.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// Every byte the instruction owns, line terminators and heredoc bodies included.
    pub span: Range<usize>,
    /// 1-based line of the keyword.
    pub line: usize,
    /// The keyword, upper-cased (`RUN`, `FROM`, ...).
    pub keyword: String,
    pub keyword_span: Range<usize>,
    /// `--name=value` flags that precede the arguments.
    pub flags: Vec<Flag>,
    /// The logical arguments after the keyword and flags: continuation lines joined, comment
    /// lines inside the continuation removed.
    pub args: String,
    /// The whole logical line: keyword, flags and arguments.
    pub logical: String,
    pub form: Form,
    pub heredocs: Vec<Heredoc>,
    /// Maps logical text back to bytes: `(logical offset, byte offset, length)` per segment.
    segments: Vec<(usize, usize, usize)>,
    /// Offset of `args` within the logical line.
    args_offset: usize,
    /// The last line with content ends in the escape character and the file ends before the
    /// continuation does: a line added after the instruction would join it.
    pub open_at_end: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    /// A JSON array of strings: `["a", "b"]`.
    Exec(Vec<String>),
    /// Anything else, as written (logical text).
    Shell(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heredoc {
    pub name: String,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// The word was quoted, so the body is not expanded.
    pub quoted: bool,
    /// Bytes of the body, terminator line excluded.
    pub body: Range<usize>,
}

/// A parse failure with its 1-based line.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

const BOM: &str = "\u{feff}";
const DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];
const HEREDOC_INSTRUCTIONS: [&str; 3] = ["RUN", "COPY", "ADD"];
const FORM_INSTRUCTIONS: [&str; 7] = ["RUN", "CMD", "ENTRYPOINT", "SHELL", "VOLUME", "COPY", "ADD"];

/// One physical line: where it starts, where its content ends and where the next line starts.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

fn split_lines(text: &str, from: usize) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = from;
    while start < bytes.len() {
        let newline = memchr(b'\n', &bytes[start..]).map(|i| start + i);
        let (content_end, end) = match newline {
            Some(n) if n > start && bytes[n - 1] == b'\r' => (n - 1, n + 1),
            Some(n) => (n, n + 1),
            None => (bytes.len(), bytes.len()),
        };
        lines.push(Line { start, content_end, end });
        start = end;
    }
    lines
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn trim_leading_ws(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

fn is_comment(line: &str) -> bool {
    trim_leading_ws(line).starts_with('#')
}

/// `# name = value` in the prelude, as BuildKit's `reDirective` reads it.
fn parse_directive(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('#')?;
    let rest = rest.trim_start();
    let name_len = rest
        .char_indices()
        .take_while(|(i, c)| if *i == 0 { c.is_ascii_alphabetic() } else { c.is_ascii_alphanumeric() })
        .count();
    if name_len == 0 {
        return None;
    }
    let (name, rest) = rest.split_at(name_len);
    let value = rest.trim_start().strip_prefix('=')?.trim();
    if value.is_empty() {
        return None;
    }
    let name = name.to_ascii_lowercase();
    DIRECTIVES.contains(&name.as_str()).then(|| (name, value.to_string()))
}

/// Strips a trailing escape character (and the blanks after it); `None` when the line ends.
/// As BuildKit reads it, an even run of escape characters is escaped escapes, not a
/// continuation (`ENV C trailing\\` ends its instruction).
fn strip_continuation(line: &str, escape: char) -> Option<&str> {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let run = trimmed.chars().rev().take_while(|c| *c == escape).count();
    if run % 2 == 1 { trimmed.strip_suffix(escape) } else { None }
}

impl Dockerfile {
    pub fn parse(text: &str) -> Result<Dockerfile, ParseError> {
        let body_start = if text.starts_with(BOM) { BOM.len() } else { 0 };
        let lines = split_lines(text, body_start);
        let mut escape = '\\';
        let mut directives = Vec::new();
        let mut index = 0;
        while let Some(line) = lines.get(index) {
            let Some((name, value)) = parse_directive(&text[line.start..line.content_end]) else {
                break;
            };
            if directives.iter().any(|d: &Directive| d.name == name) {
                return Err(ParseError {
                    line: index + 1,
                    column: 1,
                    message: format!("only one {name} parser directive can be used"),
                });
            }
            if name == "escape" {
                escape = match value.as_str() {
                    "\\" => '\\',
                    "`" => '`',
                    other => {
                        return Err(ParseError {
                            line: index + 1,
                            column: 1,
                            message: format!("invalid escape token '{other}' does not match ` or \\"),
                        });
                    }
                };
            }
            directives.push(Directive { name, value, line: index + 1 });
            index += 1;
        }
        let prelude_end = lines.get(index).map_or(text.len(), |line| line.start);
        let mut items = Vec::new();
        if prelude_end > 0 {
            items.push(Item::Trivia(0..prelude_end));
        }
        while index < lines.len() {
            let line = lines[index];
            let content = &text[line.start..line.content_end];
            if trim_leading_ws(content).is_empty() || is_comment(content) {
                push_trivia(&mut items, line.start..line.end);
                index += 1;
                continue;
            }
            let (instruction, next) = parse_instruction(text, &lines, index, escape)?;
            items.push(Item::Instruction(instruction));
            index = next;
        }
        Ok(Dockerfile { text: text.to_string(), escape, directives, prelude_end, items })
    }

    /// Prints the file back from its items; equal to the source by construction and by test.
    pub fn print(&self) -> String {
        self.items.iter().map(|item| &self.text[item.span()]).collect()
    }

    pub fn instructions(&self) -> impl Iterator<Item = &Instruction> {
        self.items.iter().filter_map(|item| match item {
            Item::Instruction(instruction) => Some(instruction),
            Item::Trivia(_) => None,
        })
    }

    /// The build stages, with base images resolved through global `ARG` defaults and earlier
    /// stages.
    pub fn stages(&self) -> Vec<Stage> {
        let mut args: Vec<(String, Option<String>)> = Vec::new();
        let mut stages: Vec<Stage> = Vec::new();
        for (position, instruction) in self.instructions().enumerate() {
            match instruction.keyword.as_str() {
                "ARG" if stages.is_empty() => args.extend(parse_arg_defaults(&instruction.args)),
                "FROM" => {
                    let stage = Stage::from_instruction(instruction, position, &args, &stages);
                    stages.push(stage);
                }
                _ => {
                    if let Some(stage) = stages.last_mut() {
                        stage.instructions.push(position);
                    }
                }
            }
        }
        stages
    }

    /// The base image a stage finally builds on, following `FROM <stage>` chains.
    pub fn external_base(&self, stages: &[Stage], index: usize) -> Option<String> {
        let mut current = index;
        for _ in 0..=stages.len() {
            match &stages.get(current)?.base {
                Base::Image(image) => return Some(image.clone()),
                Base::Scratch => return Some("scratch".to_string()),
                Base::Stage(earlier) => current = *earlier,
            }
        }
        None
    }
}

fn push_trivia(items: &mut Vec<Item>, span: Range<usize>) {
    if let Some(Item::Trivia(previous)) = items.last_mut() {
        if previous.end == span.start {
            previous.end = span.end;
            return;
        }
    }
    items.push(Item::Trivia(span));
}

/// Reads one instruction starting at physical line `first`; returns it and the next line index.
fn parse_instruction(
    text: &str,
    lines: &[Line],
    first: usize,
    escape: char,
) -> Result<(Instruction, usize), ParseError> {
    let line = lines[first];
    let raw = &text[line.start..line.content_end];
    let leading = raw.len() - trim_leading_ws(raw).len();
    let mut logical = String::new();
    let mut segments = Vec::new();
    let mut push = |logical: &mut String, byte_start: usize, piece: &str| {
        segments.push((logical.len(), byte_start, piece.len()));
        logical.push_str(piece);
    };
    let first_text = &raw[leading..];
    let mut index = first;
    let mut open_at_end = false;
    match strip_continuation(first_text, escape) {
        None => push(&mut logical, line.start + leading, first_text),
        Some(piece) => {
            push(&mut logical, line.start + leading, piece);
            open_at_end = true;
            index += 1;
            while let Some(next) = lines.get(index) {
                let content = &text[next.start..next.content_end];
                index += 1;
                if is_comment(content) || trim_leading_ws(content).is_empty() {
                    continue;
                }
                match strip_continuation(content, escape) {
                    Some(piece) => push(&mut logical, next.start, piece),
                    None => {
                        push(&mut logical, next.start, content);
                        open_at_end = false;
                        index -= 1;
                        break;
                    }
                }
            }
        }
    }
    index += 1;
    let keyword_len = logical.find([' ', '\t']).unwrap_or(logical.len());
    let keyword = logical[..keyword_len].to_ascii_uppercase();
    let keyword_span = line.start + leading..line.start + leading + keyword_len;
    let after_keyword = trim_leading_ws(&logical[keyword_len..]);
    let (flags, args) = split_flags(after_keyword);
    let args_offset = logical.len() - args.len();
    let form =
        if FORM_INSTRUCTIONS.contains(&keyword.as_str()) { parse_form(args) } else { Form::Shell(args.trim_end_matches([' ', '\t']).to_string()) };
    let mut heredocs = Vec::new();
    if HEREDOC_INSTRUCTIONS.contains(&keyword.as_str()) {
        for marker in heredoc_markers(args) {
            let body_start = lines.get(index).map_or(text.len(), |l| l.start);
            let mut terminated = false;
            while let Some(body_line) = lines.get(index) {
                index += 1;
                let content = &text[body_line.start..body_line.content_end];
                let candidate = if marker.chomp { content.trim_start_matches('\t') } else { content };
                if candidate == marker.name {
                    terminated = true;
                    heredocs.push(Heredoc {
                        name: marker.name.clone(),
                        chomp: marker.chomp,
                        quoted: marker.quoted,
                        body: body_start..body_line.start,
                    });
                    break;
                }
            }
            if !terminated {
                return Err(ParseError {
                    line: first + 1,
                    column: leading + 1,
                    message: format!("unterminated heredoc <<{}", marker.name),
                });
            }
        }
    }
    let end = lines.get(index).map_or(text.len(), |l| l.start);
    let line_number = line_number_of(text, line.start);
    let instruction = Instruction {
        span: line.start..end,
        line: line_number,
        keyword,
        keyword_span,
        flags,
        args: args.to_string(),
        logical: logical.clone(),
        form,
        heredocs,
        segments,
        args_offset,
        open_at_end,
    };
    Ok((instruction, index))
}

fn line_number_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Leading `--name[=value]` words, as BuildKit's `extractBuilderFlags` takes them.
fn split_flags(args: &str) -> (Vec<Flag>, &str) {
    let mut flags = Vec::new();
    let mut rest = args;
    while let Some(word_body) = rest.strip_prefix("--") {
        let word_len = word_body.find([' ', '\t']).unwrap_or(word_body.len());
        let word = &word_body[..word_len];
        if word.is_empty() {
            // `--` ends the flags and is not an argument (BuildKit's BFlags).
            rest = trim_leading_ws(word_body);
            break;
        }
        let flag = match word.split_once('=') {
            Some((name, value)) => Flag { name: name.to_string(), value: Some(unquote(value)) },
            None => Flag { name: word.to_string(), value: None },
        };
        flags.push(flag);
        rest = trim_leading_ws(&word_body[word_len..]);
    }
    (flags, rest)
}

fn unquote(value: &str) -> String {
    let quoted = value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"')) || (value.starts_with('\'') && value.ends_with('\'')));
    if quoted { value[1..value.len() - 1].to_string() } else { value.to_string() }
}

/// Exec form when the arguments are a JSON array of strings, like BuildKit's `parseMaybeJSON`.
pub fn parse_form(args: &str) -> Form {
    let trimmed = args.trim();
    if trimmed.starts_with('[') {
        if let Ok(serde_json::Value::Array(values)) = serde_json::from_str(trimmed) {
            let words: Option<Vec<String>> = values.iter().map(|v| v.as_str().map(str::to_string)).collect();
            if let Some(words) = words {
                return Form::Exec(words);
            }
        }
    }
    // BuildKit trims the arguments (a continuation that reaches the end of the file leaves
    // blanks behind).
    Form::Shell(args.trim_end_matches([' ', '\t']).to_string())
}

struct HeredocMarker {
    name: String,
    chomp: bool,
    quoted: bool,
}

/// Heredoc words (`<<EOF`, `<<-EOF`, `<<'EOF'`, `3<<"EOF"`) outside quotes, in order.
fn heredoc_markers(args: &str) -> Vec<HeredocMarker> {
    let mut markers = Vec::new();
    for word in shell_words(args) {
        let digits = word.trim_start_matches(|c: char| c.is_ascii_digit());
        let Some(rest) = digits.strip_prefix("<<") else { continue };
        if rest.starts_with('<') {
            continue;
        }
        let (chomp, rest) = match rest.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let quoted = rest.starts_with(['"', '\'']);
        let name: String = rest.chars().filter(|c| *c != '"' && *c != '\'').collect();
        if !name.is_empty() && !name.contains('<') {
            markers.push(HeredocMarker { name, chomp, quoted });
        }
    }
    markers
}

/// Splits on unquoted blanks, keeping quotes in the words (enough to find heredoc markers).
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, ' ' | '\t') => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            (None, '"' | '\'') => {
                quote = Some(c);
                word.push(c);
            }
            (Some(q), _) if q == c => {
                quote = None;
                word.push(c);
            }
            (_, '\\') => {
                word.push(c);
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

impl Instruction {
    /// Byte offset in the source of a position inside `args`.
    pub fn byte_of_arg(&self, arg_offset: usize) -> usize {
        self.byte_of_logical(self.args_offset + arg_offset)
    }

    /// Byte offset in the source of a position in the logical line.
    pub fn byte_of_logical(&self, logical: usize) -> usize {
        let segment = self.segments.iter().rev().find(|(start, _, _)| *start <= logical).copied().unwrap_or((
            0,
            self.span.start,
            0,
        ));
        segment.1 + (logical - segment.0)
    }

    /// Byte range of the arguments' logical text, from its first to its last byte.
    pub fn args_span(&self) -> Range<usize> {
        if self.args.is_empty() {
            let end = self.keyword_span.end;
            return end..end;
        }
        let start = self.byte_of_arg(0);
        let end = self.byte_of_arg(self.args.len() - 1) + 1;
        start..end
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.name == name)
    }
}

/// A build stage.
#[derive(Debug, Clone)]
pub struct Stage {
    /// Position of its `FROM` among the file's instructions.
    pub from: usize,
    /// Positions of its other instructions.
    pub instructions: Vec<usize>,
    pub name: Option<String>,
    /// The image as written after `FROM`, flags removed.
    pub image_raw: String,
    pub base: Base,
    pub platform: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Base {
    /// An external image reference with `ARG` defaults substituted.
    Image(String),
    /// An earlier stage of the same file, by index.
    Stage(usize),
    Scratch,
}

/// The index of the stage named `name` (`FROM ... AS name`; names are case-insensitive).
pub fn stage_named(stages: &[Stage], name: &str) -> Option<usize> {
    stages.iter().position(|stage| stage.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)))
}

impl Stage {
    fn from_instruction(
        instruction: &Instruction,
        position: usize,
        args: &[(String, Option<String>)],
        earlier: &[Stage],
    ) -> Stage {
        let words: Vec<&str> = instruction.args.split_whitespace().collect();
        let image_raw = words.first().copied().unwrap_or_default().to_string();
        let name = match words.as_slice() {
            [_, keyword, name, ..] if keyword.eq_ignore_ascii_case("as") => Some(name.to_string()),
            _ => None,
        };
        let image = substitute_args(&image_raw, args);
        let base = if image.eq_ignore_ascii_case("scratch") {
            Base::Scratch
        } else if let Some(index) = stage_named(earlier, &image) {
            Base::Stage(index)
        } else {
            Base::Image(image)
        };
        let platform = instruction.flag("platform").and_then(|flag| flag.value.clone());
        Stage { from: position, instructions: Vec::new(), name, image_raw, base, platform }
    }
}

/// The values the Dockerfile's `ARG` and `ENV` lines give their variables, in order (a later
/// one wins a lookup): what `$APK_INSTALL_OPTIONS` holds unless the build passes another.
pub fn variable_defaults(dockerfile: &Dockerfile) -> Vec<(String, Option<String>)> {
    dockerfile
        .instructions()
        .filter(|i| matches!(i.keyword.as_str(), "ARG" | "ENV"))
        .flat_map(|i| variable_pairs(&i.args, i.keyword == "ENV"))
        .collect()
}

/// A command's words with each word that is only a variable (`$OPTS`, `${OPTS}`, quoted or not)
/// replaced by the words of its default: where a flag the command already has may hide
/// (`apk add $APK_INSTALL_OPTIONS ...` with `ARG APK_INSTALL_OPTIONS="--no-cache"`: pyload).
pub fn words_with_defaults<'a>(words: impl Iterator<Item = &'a str>, defaults: &[(String, Option<String>)]) -> Vec<String> {
    let mut out = Vec::new();
    for word in words {
        let bare = word.trim_matches('"');
        let name = bare.strip_prefix("${").and_then(|n| n.strip_suffix('}')).or_else(|| bare.strip_prefix('$'));
        let value = name
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            // A stage's `ARG NAME` with no value takes the global one's.
            .and_then(|n| defaults.iter().rev().find(|(d, value)| d == n && value.is_some()))
            .and_then(|(_, value)| value.as_deref());
        match value {
            Some(value) => out.extend(value.split_whitespace().map(str::to_string)),
            None => out.push(word.to_string()),
        }
    }
    out
}

/// `ARG A=1 B` → `[("A", Some("1")), ("B", None)]`.
fn parse_arg_defaults(args: &str) -> Vec<(String, Option<String>)> {
    args.split_whitespace()
        .map(|word| match word.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(unquote(value))),
            None => (word.to_string(), None),
        })
        .collect()
}

/// The names and values an `ENV` or `ARG` line sets: `A=1 B="x y"`, or the legacy
/// `ENV NAME value with blanks`. A value in quotes loses them; `ARG NAME` has no value. (The FROM
/// lines' global ARGs are read by [`parse_arg_defaults`], which splits at blanks only.)
pub fn variable_pairs(args: &str, is_env: bool) -> Vec<(String, Option<String>)> {
    let args = args.trim();
    let first = args.split_whitespace().next().unwrap_or_default();
    if is_env && !first.is_empty() && !first.contains('=') {
        let value = args[first.len()..].trim();
        return vec![(first.to_string(), Some(value.to_string()))];
    }
    let mut out = Vec::new();
    for word in shell_words(args) {
        match word.split_once('=') {
            Some((name, value)) => out.push((dequote(name), Some(dequote(value)))),
            None => out.push((dequote(&word), None)),
        }
    }
    out
}

/// A word of [`shell_words`] as the shell reads it: quotes removed, `\x` taken as `x` (but
/// not inside single quotes).
fn dequote(word: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"') | None, '\\') => out.extend(chars.next()),
            (None, '"' | '\'') => quote = Some(c),
            (_, c) => out.push(c),
        }
    }
    out
}

/// Expands `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}` and `${NAME:+word}` with the
/// defaults of global `ARG`s. A variable without a default stays as written, so that callers can
/// still read the literal parts around it (`python:${VERSION}-slim`).
pub fn substitute_args(text: &str, args: &[(String, Option<String>)]) -> String {
    let lookup = |name: &str| -> Option<String> {
        args.iter().rev().find(|(n, _)| n == name).and_then(|(_, value)| value.clone())
    };
    let mut out = String::new();
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        if let Some(braced) = after.strip_prefix('{') {
            let Some(close) = braced.find('}') else {
                out.push_str(&rest[dollar..]);
                return out;
            };
            let inner = &braced[..close];
            out.push_str(&expand_braced(inner, &lookup));
            rest = &braced[close + 1..];
        } else {
            let len = after.char_indices().take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_').count();
            let name = &after[..len];
            match (len, lookup(name)) {
                (0, _) => out.push('$'),
                (_, Some(value)) => out.push_str(&value),
                (_, None) => out.push_str(&rest[dollar..dollar + 1 + len]),
            }
            rest = &after[len..];
        }
    }
    out.push_str(rest);
    out
}

fn expand_braced(inner: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let name_len = inner.find([':', '-', '+']).unwrap_or(inner.len());
    let (name, modifier) = inner.split_at(name_len);
    let value = lookup(name);
    let set = value.as_deref().is_some_and(|v| !v.is_empty());
    if let Some(word) = modifier.strip_prefix(":-").or_else(|| modifier.strip_prefix('-')) {
        return if set { value.unwrap_or_default() } else { word.to_string() };
    }
    if let Some(word) = modifier.strip_prefix(":+").or_else(|| modifier.strip_prefix('+')) {
        return if set { word.to_string() } else { String::new() };
    }
    value.unwrap_or_else(|| format!("${{{inner}}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(file: &Dockerfile) -> Vec<String> {
        file.instructions().map(|i| i.keyword.clone()).collect()
    }

    #[test]
    fn env_and_arg_pairs_are_read_as_the_shell_would() {
        let pairs = |args: &str, env: bool| variable_pairs(args, env);
        let some = |n: &str, v: &str| (n.to_string(), Some(v.to_string()));
        assert_eq!(pairs("APP_HOME=\"/app\" B='x y' C=a\\ b", true), [some("APP_HOME", "/app"), some("B", "x y"), some("C", "a b")]);
        assert_eq!(pairs("PATH /opt/bin:$PATH", true), [some("PATH", "/opt/bin:$PATH")]);
        assert_eq!(pairs("VERSION D=1", false), [("VERSION".to_string(), None), some("D", "1")]);
        assert_eq!(pairs("E='a\\b' F=\"x=y\"", true), [some("E", "a\\b"), some("F", "x=y")]);
    }

    #[test]
    fn continuation_with_comment_inside_is_one_instruction() {
        let text = "FROM debian\nRUN apt-get update \\\n    # a comment\n    && apt-get install -y curl\n";
        let file = Dockerfile::parse(text).unwrap();
        assert_eq!(file.print(), text);
        assert_eq!(keywords(&file), ["FROM", "RUN"]);
        let run = file.instructions().nth(1).unwrap();
        assert_eq!(run.args, "apt-get update     && apt-get install -y curl");
        assert_eq!(run.span, 12..text.len());
    }

    #[test]
    fn backtick_escape_directive() {
        let text = "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\\n";
        let file = Dockerfile::parse(text).unwrap();
        assert_eq!(file.escape, '`');
        assert_eq!(file.prelude_end, 11);
        assert_eq!(keywords(&file), ["FROM", "RUN"]);
        assert_eq!(file.instructions().nth(1).unwrap().args, "dir   c:\\");
    }

    #[test]
    fn directive_after_blank_line_is_a_comment() {
        let text = "\n# escape=`\nFROM x\nRUN a \\\nb\n";
        let file = Dockerfile::parse(text).unwrap();
        assert_eq!(file.escape, '\\');
        assert!(file.directives.is_empty());
        assert_eq!(file.instructions().nth(1).unwrap().args, "a b");
    }

    #[test]
    fn crlf_bom_and_no_final_newline() {
        let text =
            "\u{feff}# syntax=docker/dockerfile:1\r\nFROM alpine AS base\r\nRUN echo a \\\r\n  b\r\nCMD [\"sh\"]";
        let file = Dockerfile::parse(text).unwrap();
        assert_eq!(file.print(), text);
        assert_eq!(file.directives[0].value, "docker/dockerfile:1");
        assert_eq!(keywords(&file), ["FROM", "RUN", "CMD"]);
        assert_eq!(file.instructions().nth(1).unwrap().args, "echo a   b");
        assert_eq!(file.instructions().nth(2).unwrap().form, Form::Exec(vec!["sh".into()]));
    }

    #[test]
    fn heredocs_plain_chomped_quoted_and_several() {
        let text = "FROM x\nRUN <<EOF\necho hi\nEOF\n# comment right after\nRUN <<-'A' cat <<\"B\"\n\techo $x\n\tA\nbody\nB\nCMD x\n";
        let file = Dockerfile::parse(text).unwrap();
        assert_eq!(file.print(), text);
        assert_eq!(keywords(&file), ["FROM", "RUN", "RUN", "CMD"]);
        let first = file.instructions().nth(1).unwrap();
        assert_eq!(&text[first.heredocs[0].body.clone()], "echo hi\n");
        let second = file.instructions().nth(2).unwrap();
        assert_eq!(second.heredocs.len(), 2);
        assert!(second.heredocs[0].chomp && second.heredocs[0].quoted);
        assert_eq!(&text[second.heredocs[1].body.clone()], "body\n");
    }

    #[test]
    fn unterminated_heredoc_is_an_error() {
        let error = Dockerfile::parse("FROM x\nRUN <<EOF\necho\n").unwrap_err();
        assert_eq!(error.line, 2);
    }

    #[test]
    fn tabs_flags_and_forms() {
        let text = "FROM\t--platform=$BUILDPLATFORM golang:1.22 AS build\nCOPY --chown=1:1 --link . /src\nENTRYPOINT [\"a\", 1]\n";
        let file = Dockerfile::parse(text).unwrap();
        let from = file.instructions().next().unwrap();
        assert_eq!(from.flags[0], Flag { name: "platform".into(), value: Some("$BUILDPLATFORM".into()) });
        let copy = file.instructions().nth(1).unwrap();
        assert_eq!(copy.flags.len(), 2);
        assert_eq!(copy.args, ". /src");
        let entrypoint = file.instructions().nth(2).unwrap();
        assert!(matches!(entrypoint.form, Form::Shell(_)), "a number is not a JSON string");
    }

    #[test]
    fn byte_map_points_into_continuations() {
        let text = "FROM x\nRUN a \\\n  # c\n  bcd\n";
        let file = Dockerfile::parse(text).unwrap();
        let run = file.instructions().nth(1).unwrap();
        let b = run.args.find('b').unwrap();
        assert_eq!(&text[run.byte_of_arg(b)..run.byte_of_arg(b) + 3], "bcd");
        assert_eq!(&text[run.args_span()], "a \\\n  # c\n  bcd");
    }

    #[test]
    fn stages_resolve_args_and_earlier_stages() {
        let text = "ARG PY=3.12\nARG VARIANT\nFROM python:${PY}-slim AS base\nFROM base AS app\nFROM node:${NODE:-20}-alpine\nFROM debian:${VARIANT}\nFROM scratch\n";
        let file = Dockerfile::parse(text).unwrap();
        let stages = file.stages();
        assert_eq!(stages[0].base, Base::Image("python:3.12-slim".into()));
        assert_eq!(stages[1].base, Base::Stage(0));
        assert_eq!(file.external_base(&stages, 1).as_deref(), Some("python:3.12-slim"));
        assert_eq!(stages[2].base, Base::Image("node:20-alpine".into()));
        assert_eq!(stages[3].base, Base::Image("debian:${VARIANT}".into()));
        assert_eq!(stages[4].base, Base::Scratch);
    }
}
