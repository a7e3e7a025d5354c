//! Edit recipes for Dockerfiles, and the meaning of each edit for verification.
//!
//! New instructions are written in the file's style (keyword case, line endings). An instruction
//! inserted before another goes above the comment block that describes that other instruction,
//! so comments stay with what they describe. Verification compares instruction lists: after an
//! edit, the file must parse to the old instructions with exactly the intended ones inserted or
//! replaced.

use super::{Dockerfile, Form, Instruction};
use crate::edit::Edit;
use crate::style;

/// The meaning of a Dockerfile edit: instruction positions refer to the file before the pass.
#[derive(Debug, Clone, PartialEq)]
pub enum DockerOp {
    /// A new instruction (one logical line) before the instruction at `before` (the count of
    /// instructions to append at the end). `at` is where its edit goes (byte offset and rank):
    /// inserts before one instruction land in that order (one after the instruction before it,
    /// one above the comments of the next, may both be "before" the same instruction).
    Insert { before: usize, text: String, at: (usize, i32) },
    /// The instruction at `index` becomes `text` (its logical line).
    Replace { index: usize, text: String },
    /// The instruction at `index` goes (its text moved into another one).
    Remove { index: usize },
}

/// Where a new instruction goes among others inserted at the same point: a package install
/// first (it needs root), then other instructions, then `USER`, then `ENTRYPOINT`/`CMD`.
pub fn insertion_rank(text: &str) -> i32 {
    let keyword = text.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
    match keyword.as_str() {
        "RUN" if super::packages::INSTALL_COMMANDS.iter().any(|c| text.contains(c)) => -1,
        "USER" => 1,
        "ENTRYPOINT" | "CMD" => 2,
        _ => 0,
    }
}

/// What verification compares for one instruction.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub keyword: String,
    pub flags: Vec<(String, Option<String>)>,
    pub exec: Option<Vec<String>>,
    /// Arguments with runs of blanks collapsed (continuations joined differently stay equal).
    pub args: String,
    pub heredocs: Vec<String>,
}

impl Dockerfile {
    /// The instruction at `index` (in file order).
    pub fn instruction(&self, index: usize) -> &Instruction {
        self.instructions().nth(index).expect("instruction index in range")
    }

    /// Whether the file writes its keywords in lower case (`run`, `from`).
    pub fn lowercase_keywords(&self) -> bool {
        let (lower, upper) = self.instructions().fold((0, 0), |(lower, upper), i| {
            let written = &self.text[i.keyword_span.clone()];
            if written.chars().all(|c| c.is_ascii_lowercase()) { (lower + 1, upper) } else { (lower, upper + 1) }
        });
        lower > upper
    }

    /// A keyword as this file writes keywords.
    pub fn keyword(&self, keyword: &str) -> String {
        if self.lowercase_keywords() { keyword.to_ascii_lowercase() } else { keyword.to_ascii_uppercase() }
    }

    pub fn eol(&self) -> &'static str {
        style::line_ending(&self.text)
    }

    /// Inserts a new instruction above instruction `index` and the comments directly above it.
    pub fn insert_before(&self, index: usize, text: &str) -> (Edit, DockerOp) {
        let at = self.comment_block_start(index);
        let edit = Edit::insert(at, format!("{text}{}", self.eol())).with_rank(insertion_rank(text));
        let at = (edit.range.start, edit.rank);
        (edit, DockerOp::Insert { before: index, text: text.to_string(), at })
    }

    /// Inserts a new instruction right after instruction `index` (heredoc bodies included).
    /// Refused after an instruction whose continuation runs to the end of the file: the new line
    /// would become part of it.
    pub fn insert_after(&self, index: usize, text: &str) -> Result<(Edit, DockerOp), String> {
        let instruction = self.instruction(index);
        if instruction.open_at_end {
            return Err(format!(
                "line {} continues to the end of the file (its last line ends in the escape character), so nothing can follow it",
                instruction.line
            ));
        }
        let end = instruction.span.end;
        let edit = if self.text[..end].ends_with('\n') {
            Edit::insert(end, format!("{text}{}", self.eol()))
        } else {
            Edit::insert(end, format!("{}{text}", self.eol()))
        }
        .with_rank(insertion_rank(text));
        let at = (edit.range.start, edit.rank);
        Ok((edit, DockerOp::Insert { before: index + 1, text: text.to_string(), at }))
    }

    /// Replaces the arguments of instruction `index` (flags kept). Refused when a comment line
    /// sits inside the arguments, since it would be lost.
    pub fn replace_args(&self, index: usize, args: &str) -> Result<(Edit, DockerOp), String> {
        let instruction = self.instruction(index);
        let span = instruction.args_span();
        if self.text[span.clone()].lines().skip(1).any(|line| line.trim_start().starts_with('#')) {
            return Err("a comment sits inside its continuation lines".into());
        }
        let prefix = &instruction.logical[..instruction.logical.len() - instruction.args.len()];
        let text = format!("{prefix}{args}");
        Ok((Edit::replace(span, args), DockerOp::Replace { index, text }))
    }

    /// Inserts texts into the arguments of instruction `index`, each right after the argument
    /// byte before `offset` (the end of a word, so a continuation line break after the word
    /// stays after the inserted text). Offsets are in the logical `args`.
    pub fn insert_in_args(&self, index: usize, inserts: &[(usize, String)]) -> (Vec<Edit>, DockerOp) {
        let instruction = self.instruction(index);
        let mut sorted = inserts.to_vec();
        sorted.sort_by_key(|(offset, _)| *offset);
        let mut args = instruction.args.clone();
        for (offset, text) in sorted.iter().rev() {
            args.insert_str(*offset, text);
        }
        let edits = sorted
            .iter()
            .map(|(offset, text)| Edit::insert(instruction.byte_of_arg(offset.saturating_sub(1)) + usize::from(*offset > 0), text.clone()))
            .collect();
        let prefix = &instruction.logical[..instruction.logical.len() - instruction.args.len()];
        (edits, DockerOp::Replace { index, text: format!("{prefix}{args}") })
    }

    /// Removes instruction `index` with its line ending (comment lines above it stay).
    pub fn remove(&self, index: usize) -> (Edit, DockerOp) {
        let instruction = self.instruction(index);
        (Edit::replace(instruction.span.clone(), ""), DockerOp::Remove { index })
    }

    /// Adds a flag (`--chown=1:1`) in front of the instruction's other flags and arguments.
    pub fn add_flag(&self, index: usize, flag: &str) -> (Edit, DockerOp) {
        let instruction = self.instruction(index);
        let keyword_len = instruction.keyword.len();
        let rest = &instruction.logical[keyword_len..];
        let offset = keyword_len + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
        let at = instruction.byte_of_logical(offset);
        let text = format!("{} {flag} {}", &instruction.logical[..keyword_len], &instruction.logical[offset..]);
        (Edit::insert(at, format!("{flag} ")), DockerOp::Replace { index, text })
    }

    /// Where an insertion above instruction `index` goes: above the comment lines that touch it.
    fn comment_block_start(&self, index: usize) -> usize {
        let mut at = self.instruction(index).span.start;
        while at > self.prelude_end {
            let previous = style::line_start(&self.text, at - 1);
            let line = self.text[previous..at].trim();
            if !line.starts_with('#') || previous < self.prelude_end {
                break;
            }
            at = previous;
        }
        at
    }

    /// What verification compares, per instruction.
    pub fn shapes(&self) -> Vec<Shape> {
        self.instructions()
            .map(|i| Shape {
                keyword: i.keyword.clone(),
                flags: i.flags.iter().map(|f| (f.name.clone(), f.value.clone())).collect(),
                exec: match &i.form {
                    Form::Exec(words) => Some(words.clone()),
                    Form::Shell(_) => None,
                },
                args: i.args.split_whitespace().collect::<Vec<_>>().join(" "),
                heredocs: i.heredocs.iter().map(|h| self.text[h.body.clone()].to_string()).collect(),
            })
            .collect()
    }
}

/// Checks that `new` parses to `old`'s instructions with `ops` applied.
pub fn verify(old: &Dockerfile, new: &str, ops: &[DockerOp]) -> Result<(), String> {
    verified(old, new, ops).map(|_| ())
}

/// As [`verify`], returning the parse of `new` it made (kept as the file's new parse).
pub fn verified(old: &Dockerfile, new: &str, ops: &[DockerOp]) -> Result<Dockerfile, String> {
    let parsed =
        Dockerfile::parse(new).map_err(|e| format!("the edited file no longer parses ({}: {})", e.line, e.message))?;
    // A replacement is read as the file reads it: with its escape character (with `` ` ``, a
    // trailing `\` is a word, not a continuation).
    let directive = if old.escape == '\\' { String::new() } else { format!("# escape={}\n", old.escape) };
    let shape_of = |text: &str| -> Result<Shape, String> {
        let one = Dockerfile::parse(&format!("{directive}{text}")).map_err(|e| format!("`{text}` does not parse: {}", e.message))?;
        let mut shapes = one.shapes();
        if shapes.len() != 1 {
            return Err(format!("`{text}` is not one instruction"));
        }
        Ok(shapes.remove(0))
    };
    let mut expected: Vec<Shape> = Vec::new();
    let old_shapes = old.shapes();
    for index in 0..=old_shapes.len() {
        // Inserted before one instruction: by offset, then rank, then in the order given (as
        // the edits were applied).
        let mut here: Vec<(&String, (usize, i32))> = ops
            .iter()
            .filter_map(|op| match op {
                DockerOp::Insert { before, text, at } if *before == index => Some((text, *at)),
                _ => None,
            })
            .collect();
        here.sort_by_key(|(_, at)| *at);
        for (text, _) in here {
            expected.push(shape_of(text)?);
        }
        let Some(shape) = old_shapes.get(index) else { break };
        if ops.iter().any(|op| *op == DockerOp::Remove { index }) {
            continue;
        }
        let replaced = ops.iter().find_map(|op| match op {
            DockerOp::Replace { index: i, text } if *i == index => Some(text),
            _ => None,
        });
        match replaced {
            Some(text) => {
                // The new logical line carries the old heredoc bodies (`COPY <<EOF /x` needs one).
                let instruction = old.instruction(index);
                let bodies: String =
                    instruction.heredocs.iter().map(|h| format!("{}{}\n", &old.text[h.body.clone()], h.name)).collect();
                let text = if bodies.is_empty() { text.clone() } else { format!("{text}\n{bodies}") };
                let mut new_shape = shape_of(&text)?;
                new_shape.heredocs.clone_from(&shape.heredocs);
                expected.push(new_shape);
            }
            None => expected.push(shape.clone()),
        }
    }
    let actual = parsed.shapes();
    if actual != expected {
        let first = actual.iter().zip(&expected).position(|(a, e)| a != e).unwrap_or(actual.len().min(expected.len()));
        // Keywords only: an instruction's arguments may hold a secret.
        let keyword = |shape: Option<&Shape>| shape.map_or("nothing".to_string(), |s| s.keyword.clone());
        return Err(format!(
            "instruction {} after the edit is {}, expected {} (or its arguments differ)",
            first + 1,
            keyword(actual.get(first)),
            keyword(expected.get(first))
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;

    fn check(text: &str, edits: Vec<(Edit, DockerOp)>) -> String {
        let file = Dockerfile::parse(text).unwrap();
        let (edits, ops): (Vec<Edit>, Vec<DockerOp>) = edits.into_iter().unzip();
        let new = apply(text, &edits).unwrap();
        verify(&file, &new, &ops).unwrap_or_else(|e| panic!("{e}\n{new}"));
        new
    }

    #[test]
    fn insert_before_goes_above_the_comments_of_the_instruction() {
        let text = "FROM debian\n\n# start the app\nCMD [\"app\"]\n";
        let file = Dockerfile::parse(text).unwrap();
        let new = check(text, vec![file.insert_before(1, "ENTRYPOINT [\"/usr/bin/tini\", \"--\"]")]);
        assert_eq!(new, "FROM debian\n\nENTRYPOINT [\"/usr/bin/tini\", \"--\"]\n# start the app\nCMD [\"app\"]\n");
    }

    #[test]
    fn insert_after_handles_heredocs_crlf_and_no_final_newline() {
        let text = "FROM debian\r\nRUN <<EOF\r\necho hi\r\nEOF\r\nCMD x";
        let file = Dockerfile::parse(text).unwrap();
        let new = check(text, vec![file.insert_after(1, "USER 1:1").unwrap(), file.insert_after(2, "LABEL a=b").unwrap()]);
        assert_eq!(new, "FROM debian\r\nRUN <<EOF\r\necho hi\r\nEOF\r\nUSER 1:1\r\nCMD x\r\nLABEL a=b");
    }

    #[test]
    fn flags_and_args_in_place() {
        let text = "from node\ncopy --link . /app\nentrypoint node \\\n  server.js\n";
        let file = Dockerfile::parse(text).unwrap();
        assert_eq!(file.keyword("USER"), "user");
        let new = check(
            text,
            vec![file.add_flag(1, "--chown=1:1"), file.replace_args(2, "[\"node\", \"server.js\"]").unwrap()],
        );
        assert_eq!(new, "from node\ncopy --chown=1:1 --link . /app\nentrypoint [\"node\", \"server.js\"]\n");
    }

    #[test]
    fn comments_inside_arguments_are_not_replaced() {
        let text = "FROM x\nCMD a \\\n  # note\n  b\n";
        let file = Dockerfile::parse(text).unwrap();
        assert!(file.replace_args(1, "[\"a\"]").is_err());
    }

    #[test]
    fn verification_catches_a_wrong_edit() {
        let text = "FROM x\nCMD a\n";
        let file = Dockerfile::parse(text).unwrap();
        let (_, op) = file.insert_after(1, "USER 1").unwrap();
        assert!(verify(&file, "FROM x\nUSER 1\nCMD a\n", &[op.clone()]).is_err());
        assert!(verify(&file, "FROM x\nCMD a\nUSER 1\n", &[op]).is_ok());
    }
}
