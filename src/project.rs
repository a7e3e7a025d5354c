//! The project model: every file dockfix read, parsed, so transforms can decide across files.

use crate::discover::{FileKind, Found};
use crate::error::InputError;
use crate::syntax::compose::Compose;
use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::ignorefile::LineFile;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A file as read from disk.
#[derive(Debug, Clone)]
pub struct Source {
    pub found: Found,
    /// The bytes read, kept to detect a change on disk before writing.
    pub original: Vec<u8>,
    /// For a file dockfix creates: its mode. It must still not exist when the run writes.
    pub created: Option<u32>,
}

impl Source {
    /// Reads a file, refusing binary and non-UTF-8 content with the position of the first bad
    /// byte.
    pub fn read(found: Found) -> Result<(Source, String), InputError> {
        let path = &found.display;
        let bytes = std::fs::read(&found.real).map_err(|e| InputError::new(path, 0, 0, format!("cannot read: {e}")))?;
        if let Some(nul) = bytes.iter().position(|&b| b == 0) {
            let (line, column) = byte_position(&bytes, nul);
            return Err(InputError::new(path, line, column, "binary file (NUL byte); dockfix reads text only"));
        }
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text.to_string(),
            Err(e) => {
                let (line, column) = byte_position(&bytes, e.valid_up_to());
                return Err(InputError::new(path, line, column, "not valid UTF-8; dockfix reads UTF-8 text only"));
            }
        };
        Ok((Source { found, original: bytes, created: None }, text))
    }

    pub fn display(&self) -> &Path {
        &self.found.display
    }
}

fn byte_position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    let start = bytes[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    (line, offset - start + 1)
}

/// A file's parsed form.
#[derive(Debug)]
pub enum Parsed {
    Dockerfile(Dockerfile),
    Compose(Compose),
    Lines(LineFile),
}

/// One file of the project at one point of the run.
#[derive(Debug)]
pub struct File {
    pub kind: FileKind,
    pub path: std::path::PathBuf,
    pub real: std::path::PathBuf,
    pub parsed: Parsed,
}

impl File {
    pub fn text(&self) -> &str {
        match &self.parsed {
            Parsed::Dockerfile(d) => &d.text,
            Parsed::Compose(c) => &c.yaml.text,
            Parsed::Lines(l) => &l.text,
        }
    }
}

/// Every file, parsed. Built anew for each pass of the engine.
#[derive(Debug)]
pub struct Project {
    pub files: Vec<File>,
    pub options: Options,
    /// Each file's canonical path, worked out once (links between files compare them).
    canonical: OnceLock<Vec<Option<PathBuf>>>,
    contexts: OnceLock<Vec<BuildContext>>,
    by_path: OnceLock<std::collections::HashMap<PathBuf, usize>>,
}

/// Choices the user makes on the command line that change what transforms write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Replace weak default secrets (`admin`, `changeme`, ...) by strong random values.
    pub generate_secrets: bool,
    /// Move secrets to Compose `secrets:` files for images that read `*_FILE` variables.
    pub secret_files: bool,
    /// The user `dockerfile-non-root-user` creates, from `dockfix.toml` (`[user]`).
    pub user: Option<crate::images::User>,
}

impl Options {
    /// Reads `[user]` (`name`, `uid`, `gid`) from the `dockfix.toml` found by walking up from
    /// `start`, if there is one.
    pub fn read_config(&mut self, start: &Path) -> Result<Option<PathBuf>, InputError> {
        let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        let Some(path) = start.ancestors().map(|a| a.join("dockfix.toml")).find(|p| p.is_file()) else {
            return Ok(None);
        };
        let text =
            std::fs::read_to_string(&path).map_err(|e| InputError::new(&path, 0, 0, format!("cannot read: {e}")))?;
        let doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
            let (line, column) = e.span().map_or((1, 1), |span| crate::style::line_col(&text, span.start));
            InputError::new(&path, line, column, e.message().to_string())
        })?;
        if let Some(user) = doc.get("user") {
            let bad = |what: &str| InputError::new(&path, 1, 1, format!("[user] needs {what}"));
            let number = |key: &str| -> Result<u32, InputError> {
                let value =
                    user.get(key).and_then(|v| v.as_integer()).ok_or_else(|| bad(&format!("an integer `{key}`")))?;
                u32::try_from(value).ok().filter(|v| *v > 0).ok_or_else(|| bad(&format!("`{key}` above 0 (0 is root)")))
            };
            let name = user.get("name").and_then(|v| v.as_str()).ok_or_else(|| bad("a `name`"))?.to_string();
            self.user = Some(crate::images::User { name, uid: number("uid")?, gid: number("gid")? });
        }
        Ok(Some(path))
    }
}

impl Project {
    /// Parses `texts` (one per source); the first error stops everything.
    pub fn parse(sources: &[Source], texts: &[String], options: &Options) -> Result<Project, InputError> {
        let files =
            sources.iter().zip(texts).map(|(source, text)| parse_file(source, text)).collect::<Result<Vec<_>, _>>()?;
        Ok(Project {
            files,
            options: options.clone(),
            canonical: OnceLock::new(),
            contexts: OnceLock::new(),
            by_path: OnceLock::new(),
        })
    }

    /// Puts a re-parsed file in place (links between files are worked out again).
    pub fn replace_file(&mut self, index: usize, file: File) {
        self.files[index] = file;
        self.forget_links();
    }

    /// Adds a file dockfix creates.
    pub fn push_file(&mut self, file: File) {
        self.files.push(file);
        self.forget_links();
    }

    fn forget_links(&mut self) {
        self.canonical.take();
        self.contexts.take();
        self.by_path.take();
    }

    /// The file at `real` (as dockfix reads and writes it), if the project holds it.
    pub fn file_at(&self, real: &Path) -> Option<usize> {
        let index =
            self.by_path.get_or_init(|| self.files.iter().enumerate().map(|(i, f)| (f.real.clone(), i)).collect());
        index.get(real).copied()
    }

    pub fn compose_files(&self) -> impl Iterator<Item = (usize, &Compose)> {
        self.files.iter().enumerate().filter_map(|(i, f)| match &f.parsed {
            Parsed::Compose(c) => Some((i, c)),
            _ => None,
        })
    }

    pub fn dockerfiles(&self) -> impl Iterator<Item = (usize, &Dockerfile)> {
        self.files.iter().enumerate().filter_map(|(i, f)| match &f.parsed {
            Parsed::Dockerfile(d) => Some((i, d)),
            _ => None,
        })
    }

    pub fn line_files(&self, kind: FileKind) -> impl Iterator<Item = (usize, &LineFile)> {
        self.files.iter().enumerate().filter_map(move |(i, f)| match &f.parsed {
            Parsed::Lines(l) if f.kind == kind => Some((i, l)),
            _ => None,
        })
    }
}

impl Project {
    /// The Dockerfile a compose service builds from, if dockfix read it: `build` as a context
    /// path, or `build.context` with `build.dockerfile` (default `Dockerfile`).
    pub fn dockerfile_for(&self, compose_file: usize, build: &yaml_rust2::Yaml) -> Option<usize> {
        use yaml_rust2::Yaml;
        let (context, dockerfile) = match build {
            Yaml::String(context) => (context.clone(), "Dockerfile".to_string()),
            Yaml::Hash(spec) => {
                let text = |key: &str| spec.get(&Yaml::String(key.into())).and_then(Yaml::as_str).map(str::to_string);
                (
                    text("context").unwrap_or_else(|| ".".into()),
                    text("dockerfile").unwrap_or_else(|| "Dockerfile".into()),
                )
            }
            _ => return None,
        };
        let folder = self.files[compose_file].real.parent()?.join(context);
        let wanted = std::fs::canonicalize(folder.join(dockerfile)).ok()?;
        let canonical =
            self.canonical.get_or_init(|| self.files.iter().map(|f| std::fs::canonicalize(&f.real).ok()).collect());
        (0..self.files.len())
            .find(|&i| self.files[i].kind == FileKind::Dockerfile && canonical[i].as_ref() == Some(&wanted))
    }
}

/// A folder `docker build` sends to the builder, and the Dockerfiles that build from it.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildContext {
    /// The folder on disk.
    pub real: PathBuf,
    /// The folder as the user sees it.
    pub display: PathBuf,
    pub dockerfiles: Vec<usize>,
}

impl Project {
    /// Every build context: those compose files build from, and the folder of each Dockerfile
    /// no compose file builds (as `docker build .` would use it). Remote contexts are skipped.
    pub fn build_contexts(&self) -> Vec<BuildContext> {
        self.contexts.get_or_init(|| self.find_build_contexts()).clone()
    }

    fn find_build_contexts(&self) -> Vec<BuildContext> {
        let mut contexts: Vec<BuildContext> = Vec::new();
        let mut add = |real: PathBuf, display: PathBuf, dockerfile: Option<usize>| {
            let real = clean(&real);
            match contexts.iter_mut().find(|c| c.real == real) {
                Some(context) => context.dockerfiles.extend(dockerfile.filter(|d| !context.dockerfiles.contains(d))),
                None => contexts.push(BuildContext {
                    real,
                    display: clean(&display),
                    dockerfiles: dockerfile.into_iter().collect(),
                }),
            }
        };
        let mut built = Vec::new();
        for (file, compose) in self.compose_files() {
            for service in compose.services() {
                let Some(build) = service.get("build") else { continue };
                let context = match build {
                    yaml_rust2::Yaml::String(context) => context.clone(),
                    yaml_rust2::Yaml::Hash(spec) => spec
                        .get(&yaml_rust2::Yaml::String("context".into()))
                        .and_then(yaml_rust2::Yaml::as_str)
                        .unwrap_or(".")
                        .to_string(),
                    _ => continue,
                };
                if context.contains("://") || context.starts_with("git@") || context.contains('$') {
                    continue;
                }
                let dockerfile = self.dockerfile_for(file, build);
                built.extend(dockerfile);
                let f = &self.files[file];
                let real = f.real.parent().unwrap_or(Path::new(".")).join(&context);
                let display = f.path.parent().unwrap_or(Path::new("")).join(&context);
                add(real, display, dockerfile);
            }
        }
        for (index, _) in self.dockerfiles() {
            if !built.contains(&index) {
                let f = &self.files[index];
                add(
                    f.real.parent().unwrap_or(Path::new(".")).to_path_buf(),
                    f.path.parent().unwrap_or(Path::new("")).to_path_buf(),
                    Some(index),
                );
            }
        }
        contexts
    }
}

/// `a/./b/../c` → `a/c`, without touching the disk.
pub fn clean(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() && !out.ends_with("..") => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

pub fn parse_file(source: &Source, text: &str) -> Result<File, InputError> {
    let path = source.display();
    let parsed = match source.found.kind {
        FileKind::Dockerfile => {
            Parsed::Dockerfile(Dockerfile::parse(text).map_err(|e| InputError::new(path, e.line, e.column, e.message))?)
        }
        FileKind::Compose => {
            let compose = Compose::parse(text).map_err(|e| InputError::new(path, e.line, e.column, e.message))?;
            if source.found.needs_services && !compose.has_services() {
                return Err(InputError::new(path, 1, 1, "not a compose file: no top-level `services:`"));
            }
            Parsed::Compose(compose)
        }
        FileKind::DockerIgnore | FileKind::EnvExample | FileKind::GitIgnore | FileKind::Env | FileKind::Secret => {
            Parsed::Lines(LineFile::parse(text))
        }
    };
    Ok(File { kind: source.found.kind, path: path.to_path_buf(), real: source.found.real.clone(), parsed })
}
