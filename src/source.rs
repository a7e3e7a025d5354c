//! One `SourceFile` per file: where it is, what was read, what it is now, and its parse.
//!
//! Everything the run knows about a file lives here, addressed by a [`FileId`]; there are no
//! parallel vectors to keep in step. The parse is always the parse of the current text: the
//! engine replaces both together after it has verified an edit.

use crate::discover::{FileKind, Found};
use crate::edit::History;
use crate::error::InputError;
use crate::syntax::compose::Compose;
use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::ignorefile::LineFile;
use crate::syntax::script::Script;
use std::path::{Path, PathBuf};

/// A file of the run. Ids are given in discovery order (sorted by path), then to created files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

impl FileId {
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The id of the file at `index` of a run's files.
    pub fn from_index(index: usize) -> FileId {
        FileId(u32::try_from(index).expect("fewer than 4 billion files"))
    }
}

/// A file's parsed form.
#[derive(Debug)]
pub enum Parsed {
    Dockerfile(Dockerfile),
    /// Boxed: a compose parse is the largest by far, and every file of a run (most of them
    /// Dockerfiles and ignore files) holds a `Parsed` until the report is printed.
    Compose(Box<Compose>),
    Lines(LineFile),
    Script(Script),
}

impl Parsed {
    pub fn as_dockerfile(&self) -> Option<&Dockerfile> {
        match self {
            Parsed::Dockerfile(d) => Some(d),
            _ => None,
        }
    }

    pub fn as_compose(&self) -> Option<&Compose> {
        match self {
            Parsed::Compose(c) => Some(c),
            _ => None,
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Parsed::Dockerfile(d) => &d.text,
            Parsed::Compose(c) => &c.yaml.text,
            Parsed::Lines(l) => &l.text,
            Parsed::Script(s) => &s.text,
        }
    }
}

#[derive(Debug)]
pub struct SourceFile {
    pub id: FileId,
    pub kind: FileKind,
    /// The path shown to the user: relative to the repository (or target) root, whatever
    /// spelling the user typed.
    pub path: PathBuf,
    /// The file read and written: canonical, symlinks inside the root resolved.
    pub real: PathBuf,
    /// The text as read from disk (empty for a file dockfix creates).
    pub original: String,
    /// For a file dockfix creates: its mode; it must still not exist when the run writes.
    pub created: Option<u32>,
    /// The parse of the current text.
    pub parsed: Parsed,
    /// Where the original's bytes went, so findings can name lines of the file on disk.
    pub history: History,
    /// A development, CI or test fixture, and how that shows (`project::fixture_of`), decided
    /// once: transforms ask for every file, many times.
    pub fixture: Option<crate::project::Fixture>,
    /// What a finished run kept of the file's texts (`Project::slim`).
    pub kept: TextKept,
}

/// What a finished run keeps of a file's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextKept {
    /// The current text is the parse's (the run is going on, or the file changed).
    #[default]
    Parsed,
    /// The file did not change: its text is `original`, kept once.
    Original,
    /// Neither text is kept (a report of findings needs only where they are, not what the file
    /// holds); whether the file changed is remembered. Its texts read as empty.
    Nothing { changed: bool },
}

impl SourceFile {
    pub fn text(&self) -> &str {
        match self.kept {
            TextKept::Parsed | TextKept::Nothing { .. } => self.parsed.text(),
            TextKept::Original => &self.original,
        }
    }

    pub fn changed(&self) -> bool {
        match self.kept {
            TextKept::Nothing { changed } => changed,
            _ => self.text() != self.original || (self.created.is_some() && !self.text().is_empty()),
        }
    }

    /// The 1-based line and column in the file on disk of `offset` in the current text.
    pub fn original_position(&self, offset: usize) -> (usize, usize) {
        crate::style::line_col(&self.original, self.original_offset(offset))
    }

    /// The byte of the file on disk that `offset` in the current text stands for.
    fn original_offset(&self, offset: usize) -> usize {
        let offset = self.history.original_offset(offset.min(self.text().len())).min(self.original.len());
        let mut offset = floor_char_boundary(&self.original, offset);
        // Text added after the file's last line ending belongs to its last line (the file on
        // disk has no line after it).
        if offset == self.original.len() && self.original.ends_with('\n') {
            offset -= 1;
        }
        offset
    }

    /// The line in the file on disk of 1-based `line` of the current text.
    pub fn original_line(&self, line: usize) -> usize {
        let offset = offset_of_line(self.text(), line);
        self.original_position(offset).0
    }

    /// As [`SourceFile::original_line`], from the line ends of both texts (`lines`, made for
    /// this file as it is now): the fix loop places every note of every pass, thousands on a
    /// repository, and counting lines from the start of the file for each was linear in its size.
    pub fn original_line_in(&self, line: usize, lines: &LineEnds) -> usize {
        let offset = if line <= 1 { 0 } else { lines.current.get(line - 2).map_or(self.text().len(), |i| i + 1) };
        let offset = self.original_offset(offset);
        lines.original.partition_point(|&end| end < offset) + 1
    }
}

/// Where the line feeds of a file's current and original texts are (see
/// [`SourceFile::original_line_in`]).
#[derive(Debug, Default)]
pub struct LineEnds {
    current: Vec<usize>,
    original: Vec<usize>,
}

impl LineEnds {
    pub fn of(source: &SourceFile) -> LineEnds {
        // Found with memchr (`match_indices` of a char), not byte by byte.
        let ends = |text: &str| text.match_indices('\n').map(|(i, _)| i).collect();
        LineEnds { current: ends(source.text()), original: ends(&source.original) }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The byte offset where 1-based `line` starts (the end of the text past the last line).
pub fn offset_of_line(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1)
}

/// Every file of a run, indexed by [`FileId`].
#[derive(Debug, Default)]
pub struct Files(Vec<SourceFile>);

impl Files {
    /// Adds a parsed file and returns its id.
    pub fn push(&mut self, found: &Found, original: String, created: Option<u32>, parsed: Parsed) -> FileId {
        let id = FileId(u32::try_from(self.0.len()).expect("fewer than 4 billion files"));
        let fixture = crate::project::fixture_of(&found.display, &parsed).or(found.overlay.then_some(crate::project::Fixture::Overlay));
        self.0.push(SourceFile {
            id,
            kind: found.kind,
            path: found.display.clone(),
            real: found.real.clone(),
            original,
            created,
            parsed,
            history: History::default(),
            fixture,
            kept: TextKept::Parsed,
        });
        id
    }

    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut SourceFile> {
        self.0.iter_mut()
    }

    /// Lets go of the room a list grown file by file keeps beyond its files (a finished part
    /// keeps its list until the run ends).
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    pub fn get_mut(&mut self, id: FileId) -> &mut SourceFile {
        &mut self.0[id.index()]
    }

    /// The files, in id order.
    pub fn into_vec(self) -> Vec<SourceFile> {
        self.0
    }

    /// Files whose ids are their positions (the joined parts of a run).
    pub fn from_vec(files: Vec<SourceFile>) -> Files {
        debug_assert!(files.iter().enumerate().all(|(i, f)| f.id.index() == i));
        Files(files)
    }
}

impl std::ops::Index<FileId> for Files {
    type Output = SourceFile;
    fn index(&self, id: FileId) -> &SourceFile {
        &self.0[id.index()]
    }
}

/// Reads a file as text, refusing binary and non-UTF-8 content with the position of the first
/// bad byte. The error never quotes the content.
pub fn read_text(found: &Found) -> Result<String, InputError> {
    let path = &found.display;
    let bytes = std::fs::read(&found.real).map_err(|e| InputError::new(path, 0, 0, format!("cannot read: {e}")))?;
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = byte_position(&bytes, nul);
        return Err(InputError::new(path, line, column, "binary file (NUL byte); dockfix reads text only"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let (line, column) = byte_position(bytes, e.utf8_error().valid_up_to());
        InputError::new(path, line, column, "not valid UTF-8; dockfix reads UTF-8 text only (file left alone)")
    })
}

fn byte_position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    let start = bytes[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    (line, offset - start + 1)
}

/// Parses `text` as the kind of file `found` is. The error names the position, never the text.
pub fn parse(found: &Found, text: &str) -> Result<Parsed, InputError> {
    let path: &Path = &found.display;
    Ok(match found.kind {
        FileKind::Dockerfile => {
            Parsed::Dockerfile(Dockerfile::parse(text).map_err(|e| InputError::new(path, e.line, e.column, e.message))?)
        }
        FileKind::Compose => {
            let compose = Compose::parse(text).map_err(|e| InputError::new(path, e.line, e.column, e.message))?;
            if found.needs_services && !compose.has_services() {
                return Err(InputError::new(path, 1, 1, "not a compose file: no top-level `services:`"));
            }
            Parsed::Compose(Box::new(compose))
        }
        FileKind::DockerIgnore | FileKind::EnvExample | FileKind::GitIgnore | FileKind::Env | FileKind::Secret | FileKind::BuildScript => {
            Parsed::Lines(LineFile::parse(text))
        }
        FileKind::Shell => Parsed::Script(Script { text: text.to_string() }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_start_where_expected() {
        assert_eq!(offset_of_line("a\nb\nc", 1), 0);
        assert_eq!(offset_of_line("a\nb\nc", 3), 4);
        assert_eq!(offset_of_line("a\n", 9), 2);
    }

    /// Placing a line from the line ends gives what counting from the start gives: lines
    /// inserted, replaced, removed, past the end, CRLF, a last line without a line feed.
    #[test]
    fn a_line_is_placed_the_same_from_its_line_ends() {
        use crate::edit::{self, Edit};
        for original in ["a\nb\nc\nd\n", "a\r\nb\r\nc\r\nd", "", "only"] {
            let found = Found { display: "f".into(), real: "/f".into(), kind: FileKind::DockerIgnore, needs_services: false, overlay: false };
            let mut files = Files::default();
            let id = files.push(&found, original.to_string(), None, Parsed::Lines(LineFile::parse(original)));
            let at = |n: usize| offset_of_line(original, n);
            let mut edits = vec![Edit::insert(at(2), "x\ny\n"), Edit::replace(at(3)..at(4), "z\n"), Edit::insert(original.len(), "end\n")];
            if edit::check(original, &mut edits).is_err() {
                edits = vec![Edit::insert(original.len(), "\nend\n")];
                edit::check(original, &mut edits).unwrap();
            }
            let text = edit::apply(original, &edits).unwrap();
            let source = files.get_mut(id);
            source.history.record(1, &edits);
            source.parsed = Parsed::Lines(LineFile::parse(&text));
            let lines = LineEnds::of(source);
            for line in 0..text.lines().count() + 3 {
                assert_eq!(source.original_line_in(line, &lines), source.original_line(line), "{original:?}, line {line}");
            }
        }
    }
}
