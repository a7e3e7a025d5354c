//! The project model: every file dockfix read, parsed, with what transforms may know of the
//! disk around them, so a transform can decide across files without touching the file system.

use crate::analysis::Facts;
use crate::discover::{FileKind, Found};
use crate::disk::{Disk, clean};
use crate::error::InputError;
use crate::source::{FileId, Files, SourceFile};
pub use crate::source::Parsed;
use crate::syntax::compose::Compose;
use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::ignorefile::LineFile;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Every file, parsed, and the disk around them. Files are replaced as the engine edits them.
#[derive(Debug)]
pub struct Project {
    pub files: Files,
    pub options: Options,
    /// The settings and transforms of each folder a `dockfix.toml` governs, deepest first; a file
    /// under none uses `options` and every transform the run has.
    pub scopes: Vec<Scope>,
    pub disk: Disk,
    /// What the files meant before dockfix changed anything (the original program).
    pub facts: Facts,
    contexts: OnceLock<Vec<BuildContext>>,
    by_path: OnceLock<foldhash::HashMap<PathBuf, FileId>>,
    /// Each compose file's partners (`analysis::partner_files`), worked out once per pass.
    partners: OnceLock<foldhash::HashMap<FileId, Vec<FileId>>>,
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
    /// The health route `dockerfile-healthcheck` probes, from `dockfix.toml` (`[health] path`).
    pub health_path: Option<String>,
    /// Resource limits chosen by the user, from `dockfix.toml`: `[resources.<role>]` and
    /// `[resources.services.<name>]`, each with `cpus`, `memory`, `pids`, `reserve_memory`.
    pub resources: Resources,
    /// `--scaffold`: create the missing files dockfix knows how to write (a monitoring stack).
    pub scaffold: bool,
    /// The names of the networks `compose-network-isolation` creates, from `dockfix.toml`.
    pub networks: crate::config::Networks,
}

/// What a finished part keeps for the report (see [`Project::slim`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Texts, history and edits: diffs, writing, machine reports.
    Everything,
    /// Only what `check`'s finding lines need (where, which transform, what): a repository's
    /// texts are not held until the end of the run only to be dropped unread.
    Findings,
}

/// What governs the files under one folder: the nearest `dockfix.toml`'s settings and selection.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Absolute; `/` for a config named by `--config`.
    pub folder: PathBuf,
    pub options: Options,
    /// The transforms that may change files here.
    pub selected: std::collections::BTreeSet<&'static str>,
}

/// Resource settings of `dockfix.toml`, by role and by service.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resources {
    pub roles: Vec<(String, Limits)>,
    pub services: Vec<(String, Limits)>,
}

/// Limits for one role or service; what is not set comes from the catalog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub cpus: Option<String>,
    pub memory: Option<String>,
    pub pids: Option<i64>,
    pub reserve_memory: Option<String>,
}

impl Limits {
    /// `self`, with what it does not set taken from `fallback`.
    pub fn or(&self, fallback: &Limits) -> Limits {
        Limits {
            cpus: self.cpus.clone().or_else(|| fallback.cpus.clone()),
            memory: self.memory.clone().or_else(|| fallback.memory.clone()),
            pids: self.pids.or(fallback.pids),
            reserve_memory: self.reserve_memory.clone().or_else(|| fallback.reserve_memory.clone()),
        }
    }
}

/// A byte size as Compose reads it: digits with an optional unit (`512M`, `1g`, `1024k`).
pub fn is_size(text: &str) -> bool {
    let digits = text.trim_end_matches(|c: char| "bkmgBKMG".contains(c));
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && text.len() - digits.len() <= 2
}

impl Project {
    /// The scope governing the file at `real` (absolute): the deepest folder above it.
    pub fn scope_at(&self, real: &Path) -> Option<&Scope> {
        self.scopes.iter().filter(|s| real.starts_with(&s.folder)).max_by_key(|s| s.folder.components().count())
    }

    /// The options for `file`: its `dockfix.toml`'s, else the command line's.
    pub fn options_for(&self, file: FileId) -> &Options {
        self.scope_at(&self.files[file].real).map_or(&self.options, |s| &s.options)
    }

    /// Whether transform `id` may change the file at `real`.
    pub fn selects(&self, real: &Path, id: &str) -> bool {
        self.scope_at(real).is_none_or(|s| s.selected.contains(id))
    }

    /// Reads and parses every found file. A file that cannot be read or parsed is left out and
    /// reported; the others make the project.
    pub fn load(found: Vec<Found>, options: &Options) -> (Project, Vec<InputError>) {
        Project::load_with_progress(found, options, &|| {})
    }

    /// As [`Project::load`], calling `progress` after each file (for a progress bar). Files are
    /// read and parsed on every core (each on its own); the project keeps the order found.
    pub fn load_with_progress(found: Vec<Found>, options: &Options, progress: &(dyn Fn() + Sync)) -> (Project, Vec<InputError>) {
        let (read, errors) = read_all(found, progress);
        let mut files = Files::default();
        for (found, text, parsed) in read {
            files.push(&found, text, None, parsed);
        }
        (Project::new(files, options), errors)
    }

    /// Splits the found files into independent parts (see `partition.rs`). Only compose files
    /// are read and parsed now (what they name decides the split); each part reads the rest of
    /// its files when it runs, so a run holds the parses of the parts in flight, not of all.
    pub fn plan_parts(found: Vec<Found>, progress: &(dyn Fn() + Sync)) -> (Vec<Part>, Vec<InputError>) {
        // Each compose file is parsed for what it ties together, and only its text is kept:
        // parts wait for a core, and the trees of every compose file of a large repository
        // waiting with them were most of a run's peak memory. A part parses the text again
        // when it runs (a parse is cheap).
        type Read = (String, Option<Vec<PathBuf>>);
        let read: Vec<(Found, Option<Result<Read, InputError>>)> = crate::parallel::map(found, |found| {
            if found.kind != FileKind::Compose {
                return (found, None);
            }
            let read = crate::source::read_text(&found).and_then(|text| {
                let folder = found.real.parent().unwrap_or(Path::new("/"));
                // What a compose file ties together is in its meaning: one YAML load, not the
                // full parse (trees, style) its part makes again when it runs. A file that does
                // not load that way (or is no compose file) gets the full parse, which reports
                // it as every run does.
                let ties = match meaning_of(&found, &text) {
                    Some(doc) => Some(crate::partition::compose_ties(&doc, folder)),
                    None => match crate::source::parse(&found, &text)? {
                        Parsed::Compose(compose) => Some(crate::partition::compose_ties(&compose.yaml.doc, folder)),
                        _ => None,
                    },
                };
                Ok((text, ties))
            });
            progress();
            (found, Some(read))
        });
        let mut errors = Vec::new();
        let mut entries: Vec<(Found, Option<Read>)> = Vec::new();
        for (found, read) in read {
            match read {
                Some(Err(error)) => errors.push(error),
                Some(Ok(read)) => entries.push((found, Some(read))),
                None => entries.push((found, None)),
            }
        }
        let groups = {
            let view: Vec<(&Found, Option<&[PathBuf]>)> =
                entries.iter().map(|(f, r)| (f, r.as_ref().and_then(|(_, ties)| ties.as_deref()))).collect();
            crate::partition::groups(&view)
        };
        let mut slots: Vec<Option<(Found, Option<String>)>> =
            entries.into_iter().map(|(f, r)| Some((f, r.map(|(text, _)| text)))).collect();
        let parts = groups
            .iter()
            .map(|group| Part {
                entries: group.iter().filter_map(|&i| slots[i].take().map(|(f, p)| (i, f, p))).collect(),
            })
            .collect();
        (parts, errors)
    }

    /// All found files as one part, read when it runs: for a small run (a pre-commit hook's few
    /// files), where splitting would only cost the time it takes.
    pub fn one_part(found: Vec<Found>) -> Part {
        Part { entries: found.into_iter().enumerate().map(|(order, f)| (order, f, None)).collect() }
    }

    /// A project of files only, without the disk around them: the joined outcome of a run's
    /// parts, for reports and writing (no transform runs on it).
    pub fn assembled(files: Files, options: Options) -> Project {
        Project {
            files,
            options,
            scopes: Vec::new(),
            disk: Disk::default(),
            facts: Facts::default(),
            contexts: OnceLock::new(),
            by_path: OnceLock::new(),
            partners: OnceLock::new(),
        }
    }

    /// Whether this project holds `path` or asked the disk about it (or listed its folder): a
    /// file another part changes there may change what this one decided.
    pub fn knows(&self, path: &Path) -> bool {
        self.file_at(path).is_some() || self.disk.knows(path)
    }

    /// What [`Project::knows`] answers from, for many questions at once: every path held or
    /// asked about, and the folders listed.
    pub fn knowledge(&self) -> Knowledge {
        let mut known = Knowledge::default();
        for file in self.files.iter() {
            known.paths.push(Knowledge::key(&file.real));
        }
        for (path, listed) in self.disk.asked() {
            known.paths.push(Knowledge::key(path));
            if listed {
                known.listed.push(Knowledge::key(path));
            }
        }
        for keys in [&mut known.paths, &mut known.listed] {
            keys.sort_unstable();
            keys.dedup();
            keys.shrink_to_fit();
        }
        known
    }

    /// Keeps only what the report (and writing) need once the fix loop is over: with
    /// [`Keep::Everything`], each file's texts and history (parses, disk facts and project facts
    /// are dropped; an unchanged file's text is its original); with [`Keep::Findings`], not even
    /// the texts — only whether each file changed.
    pub fn slim(&mut self, keep: Keep) {
        for file in self.files.iter_mut() {
            let changed = file.changed();
            let text = match &mut file.parsed {
                Parsed::Dockerfile(d) => std::mem::take(&mut d.text),
                Parsed::Compose(c) => std::mem::take(&mut c.yaml.text),
                Parsed::Lines(l) => std::mem::take(&mut l.text),
                Parsed::Script(s) => std::mem::take(&mut s.text),
            };
            let text = if keep == Keep::Findings {
                file.kept = crate::source::TextKept::Nothing { changed };
                file.original = String::new();
                // Findings are placed on the original lines already; with no text there is
                // nothing left to place.
                file.history = crate::edit::History::default();
                String::new()
            } else if file.created.is_none() && !changed {
                // An unchanged file keeps one copy of its text, not two (most files are unchanged).
                file.kept = crate::source::TextKept::Original;
                String::new()
            } else {
                text
            };
            file.parsed = Parsed::Script(crate::syntax::script::Script { text });
        }
        self.files.shrink_to_fit();
        self.disk = Disk::default();
        self.facts = Facts::default();
        self.contexts = OnceLock::new();
        self.by_path = OnceLock::new();
        self.partners = OnceLock::new();
    }

    /// A project over files already parsed; the disk around them is gathered now.
    pub fn new(files: Files, options: &Options) -> Project {
        Project::new_sharing(files, options, std::sync::Arc::default())
    }

    /// As [`Project::new`], asking the file system through `os`, which the other parts of the
    /// run share (see [`crate::disk::Os`]).
    pub fn new_sharing(files: Files, options: &Options, os: std::sync::Arc<crate::disk::Os>) -> Project {
        let disk = gather(&files, os);
        let mut project = Project {
            files,
            options: options.clone(),
            scopes: Vec::new(),
            disk,
            facts: Facts::default(),
            contexts: OnceLock::new(),
            by_path: OnceLock::new(),
            partners: OnceLock::new(),
        };
        // What each Dockerfile copies is read from the context it is really built from (a compose
        // `build.context`, a Makefile's `docker build -f x ctx`, else its own folder), once the
        // contexts are known.
        let copies: Vec<(PathBuf, FileId)> = project
            .build_contexts()
            .iter()
            .flat_map(|c| c.dockerfiles.iter().map(|&d| (c.real.clone(), d)))
            .collect();
        for (context, id) in copies {
            if let Parsed::Dockerfile(dockerfile) = &project.files[id].parsed {
                gather_copies(&mut project.disk, &context, dockerfile);
            }
        }
        project.mark_development_stacks();
        project.adopt_scripts();
        project.adopt_build_scripts();
        project.mark_generated_files();
        project.facts = Facts::of(&project);
        project
    }

    /// Leaves alone, as a development environment, a compose file whose services build only
    /// development images (overseerr's `docker-compose.yml` builds `Dockerfile.local`, which
    /// runs `yarn dev` with the source bind-mounted): moving its mounts to an override file or
    /// giving it a restart policy and limits hardens what nobody deploys. Services that only
    /// name an image (its database) do not count either way.
    fn mark_development_stacks(&mut self) {
        let mut marked: Vec<(FileId, Fixture)> = Vec::new();
        for (file, compose) in self.compose_files() {
            let mut built = compose.services().into_iter().filter_map(|service| Some((service.name.clone(), service.get("build")?.clone()))).peekable();
            if built.peek().is_none() {
                continue;
            }
            let mut why: Option<String> = None;
            let all_development = built.all(|(name, build)| {
                let Some(dockerfile) = self.dockerfile_for(file, &build) else { return false };
                let source = &self.files[dockerfile];
                match &source.fixture {
                    Some(Fixture::DevServer(words)) => {
                        let name_of = source.real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                        why.get_or_insert_with(|| format!("`{name}` builds `{name_of}`, a development image that runs `{words}`"));
                        true
                    }
                    _ => false,
                }
            });
            if let (true, Some(why)) = (all_development, why) {
                marked.push((file, Fixture::DevStack(why)));
            }
        }
        if marked.is_empty() {
            return;
        }
        for (file, fixture) in marked {
            self.files.get_mut(file).fixture = Some(fixture);
        }
        // The build contexts compose files name leave these out now.
        self.contexts.take();
    }

    /// Leaves alone the Dockerfiles, compose files and scripts whose header says a program
    /// generates them (`generated.rs`): a fix there is lost when they are generated again. A
    /// header that names its generator counts where that generator is in the file's folder or
    /// one above it (up to the work tree's top, which `gather` listed).
    fn mark_generated_files(&mut self) {
        let mut marked: Vec<(FileId, Fixture)> = Vec::new();
        for file in self.files.iter() {
            if file.fixture.is_some() || file.created.is_some() || !matches!(file.kind, FileKind::Dockerfile | FileKind::Compose | FileKind::Shell) {
                continue;
            }
            let Some(header) = crate::generated::header(file.text()) else { continue };
            if header.generators.is_empty() {
                marked.push((file.id, Fixture::Generated(None)));
                continue;
            }
            let folder = file.real.parent().unwrap_or(Path::new("/"));
            let found = header.generators.into_iter().find(|generator| {
                let first = generator.split('/').next().unwrap_or_default();
                folder.ancestors().any(|ancestor| self.disk.listing(ancestor).iter().any(|name| name == first))
            });
            if let Some(generator) = found {
                marked.push((file.id, Fixture::Generated(Some(generator))));
            }
        }
        if marked.is_empty() {
            return;
        }
        for (file, fixture) in marked {
            self.files.get_mut(file).fixture = Some(fixture);
        }
        // The build contexts compose files name leave these out now.
        self.contexts.take();
    }

    /// Makes the shell scripts the container files use files of the project, so transforms can
    /// fix them like any other: what the Dockerfiles copy from their build contexts and what
    /// compose services bind-mount. Fixtures, symlinks and scripts in other languages are left
    /// out.
    fn adopt_scripts(&mut self) {
        let mut candidates: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
        for context in self.build_contexts() {
            for &id in &context.dockerfiles {
                if let Parsed::Dockerfile(dockerfile) = &self.files[id].parsed {
                    candidates.extend(copied_files(&self.disk, &context.real, dockerfile));
                }
            }
        }
        for (file, compose) in self.compose_files() {
            let folder = self.folder(file);
            for service in compose.services() {
                for source in crate::analysis::bind_sources(&service) {
                    let path = clean(&folder.join(source));
                    candidates.extend(self.disk.texts_under(&path).map(|(p, _)| p.to_path_buf()));
                }
            }
        }
        let mut adopted = false;
        for real in candidates {
            let Some(text) = self.disk.text(&real) else { continue };
            let name = real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if !crate::syntax::script::is_shell_script(&name, text) || self.file_at(&real).is_some() {
                continue;
            }
            if self.disk.os().canonical(&real).as_deref() != Some(real.as_path()) {
                continue;
            }
            let Some(display) = self.display_of(&real) else { continue };
            if is_fixture(&display) {
                continue;
            }
            let found = Found { display, real: real.clone(), kind: FileKind::Shell, needs_services: false, overlay: false };
            let script = crate::syntax::script::Script { text: text.to_string() };
            self.files.push(&found, text.to_string(), None, Parsed::Script(script));
            adopted = true;
        }
        if adopted {
            self.by_path.take();
        }
    }

    /// Makes the Makefiles and build scripts that name compose files (`docker compose -f x`)
    /// files of the project, so that what they name can be reported on their lines. They are
    /// read only: no transform edits a [`FileKind::BuildScript`].
    fn adopt_build_scripts(&mut self) {
        let scripts: Vec<(PathBuf, String)> = self
            .disk
            .all_texts()
            .filter(|(path, text)| {
                path.file_name().is_some_and(|n| is_build_script(&n.to_string_lossy()))
                    && !crate::references::in_script(text, path.parent().unwrap_or(Path::new("/"))).is_empty()
            })
            .map(|(path, text)| (path.to_path_buf(), text.to_string()))
            .collect();
        let mut adopted = false;
        for (real, text) in scripts {
            if self.file_at(&real).is_some() {
                continue;
            }
            let Some(display) = self.display_of(&real) else { continue };
            let found = Found { display, real, kind: FileKind::BuildScript, needs_services: false, overlay: false };
            self.files.push(&found, text.clone(), None, Parsed::Lines(LineFile::parse(&text)));
            adopted = true;
        }
        if adopted {
            self.by_path.take();
        }
    }

    /// The display path of a file on disk, relative to the root the other files are shown from.
    fn display_of(&self, real: &Path) -> Option<PathBuf> {
        self.files.iter().find_map(|f| real.strip_prefix(shown_from(f)).ok().map(Path::to_path_buf))
    }

    /// Puts the verified parse of a file's new text in place.
    pub fn replace_parse(&mut self, id: FileId, parsed: Parsed) {
        self.files.get_mut(id).parsed = parsed;
        self.contexts.take();
        self.partners.take();
    }

    /// Adds a file dockfix creates (empty until its change is applied).
    pub fn create(&mut self, found: &Found, mode: u32) -> FileId {
        let parsed = crate::source::parse(found, "").unwrap_or(Parsed::Lines(LineFile::parse("")));
        let id = self.files.push(found, String::new(), Some(mode), parsed);
        self.contexts.take();
        self.by_path.take();
        self.partners.take();
        id
    }

    /// The compose files Compose merges with `file` (`analysis::partner_files`).
    pub fn compose_partners(&self, file: FileId) -> &[FileId] {
        self.partners.get_or_init(|| crate::analysis::partner_files(self)).get(&file).map(Vec::as_slice).unwrap_or_default()
    }

    /// Whether git ignores `relative` (a path below `folder`): some `.gitignore` from `folder` up
    /// to the top of its work tree says so, as the project holds it or the disk has it.
    pub fn git_ignored(&self, folder: &Path, relative: &str) -> bool {
        let held = |path: &Path| self.file_at(path).map(|file| matches!(&self.files[file].parsed, Parsed::Lines(lines) if crate::syntax::ignorefile::git_ignores(lines, &below(folder, path, relative))));
        ignored_by_patterns(&self.disk, folder, relative, held)
    }

    /// The file at `real` (as dockfix reads and writes it), if the project holds it.
    pub fn file_at(&self, real: &Path) -> Option<FileId> {
        let index = self.by_path.get_or_init(|| self.files.iter().map(|f| (f.real.clone(), f.id)).collect());
        index.get(&clean(real)).copied()
    }

    /// Every compose file, fixtures included: what they run tells what an image must do (a
    /// development stack that mounts the checkout into an image still runs that image).
    pub fn every_compose_file(&self) -> impl Iterator<Item = (FileId, &Compose)> {
        self.files.iter().filter_map(|f| f.parsed.as_compose().map(|c| (f.id, c)))
    }

    /// The compose files transforms act on: development and test fixtures are left out.
    pub fn compose_files(&self) -> impl Iterator<Item = (FileId, &Compose)> {
        self.files.iter().filter(|f| f.fixture.is_none()).filter_map(|f| match &f.parsed {
            Parsed::Compose(c) => Some((f.id, &**c)),
            _ => None,
        })
    }

    /// The Dockerfiles transforms act on: development and test fixtures are left out.
    pub fn dockerfiles(&self) -> impl Iterator<Item = (FileId, &Dockerfile)> {
        self.files.iter().filter(|f| f.fixture.is_none()).filter_map(|f| match &f.parsed {
            Parsed::Dockerfile(d) => Some((f.id, d)),
            _ => None,
        })
    }

    /// Compose files and Dockerfiles left alone as development or test fixtures, and generated
    /// files of any kind, with why.
    pub fn fixtures(&self) -> impl Iterator<Item = (FileId, &Fixture)> + '_ {
        self.files
            .iter()
            .filter(|f| matches!(f.kind, FileKind::Compose | FileKind::Dockerfile) || matches!(f.fixture, Some(Fixture::Generated(_))))
            .filter_map(|f| Some((f.id, f.fixture.as_ref()?)))
    }

    pub fn line_files(&self, kind: FileKind) -> impl Iterator<Item = (FileId, &LineFile)> {
        self.files.iter().filter_map(move |f| match &f.parsed {
            Parsed::Lines(l) if f.kind == kind => Some((f.id, l)),
            _ => None,
        })
    }

    /// The folder a file is in.
    pub fn folder(&self, file: FileId) -> PathBuf {
        self.files[file].real.parent().unwrap_or(Path::new("/")).to_path_buf()
    }

    /// The file that documents the `.env` of `folder`: the one the project has, under any of
    /// the usual names (`.env.sample`, `.env.template`, ...), else `.env.example` (to create).
    pub fn env_example_in(&self, folder: &Path) -> PathBuf {
        ENV_EXAMPLES
            .iter()
            .map(|name| folder.join(name))
            .find(|path| self.file_at(path).is_some() || self.disk.exists(path))
            .unwrap_or_else(|| folder.join(".env.example"))
    }

    /// Whether anything occupies `path` on disk or in the project.
    pub fn exists(&self, path: &Path) -> bool {
        self.file_at(path).is_some() || self.disk.exists(path)
    }

    /// The Dockerfile a compose service builds from, if dockfix read it: `build` as a context
    /// path, or `build.context` with `build.dockerfile` (default `Dockerfile`).
    pub fn dockerfile_for(&self, compose_file: FileId, build: &yaml_rust2::Yaml) -> Option<FileId> {
        let (context, dockerfile) = build_paths(build)?;
        let wanted = self.folder(compose_file).join(context).join(dockerfile);
        let real = self.disk.resolved(&wanted)?;
        self.file_at(&real).filter(|&id| self.files[id].kind == FileKind::Dockerfile)
    }
}

/// Reads and parses every found file, on every core; keeps the order found. A file that cannot
/// be read or parsed is reported instead.
pub fn read_all(found: Vec<Found>, progress: &(dyn Fn() + Sync)) -> (Vec<(Found, String, Parsed)>, Vec<InputError>) {
    let read: Vec<_> = crate::parallel::map(found, |found| {
        let parsed = crate::source::read_text(&found).and_then(|text| crate::source::parse(&found, &text).map(|parsed| (text, parsed)));
        progress();
        (found, parsed)
    });
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (found, parsed) in read {
        match parsed {
            Ok((text, parsed)) => files.push((found, text, parsed)),
            Err(error) => errors.push(error),
        }
    }
    (files, errors)
}

/// The paths a project held or asked the disk about, and the folders it listed, as 64-bit
/// hashes: a part is kept until the whole run is joined, and its paths would be most of a large
/// run's memory. Two paths with one hash make a false alarm only (parts run again together).
/// Sorted lists, not sets: they are only walked, and a list is half a set's size.
#[derive(Debug, Default)]
pub struct Knowledge {
    pub paths: Vec<u64>,
    pub listed: Vec<u64>,
}

impl Knowledge {
    pub fn key(path: &Path) -> u64 {
        // The same function for every part of the run (keys are only compared within it); a
        // collision costs a needless joined run, never a wrong outcome.
        use std::hash::BuildHasher;
        foldhash::fast::FixedState::with_seed(0).hash_one(path)
    }
}

/// A compose file's meaning from one YAML load, when that alone loads it and it is a compose
/// file (`None`: leave it to the full parse, which also reports what is wrong).
fn meaning_of(found: &Found, text: &str) -> Option<yaml_rust2::Yaml> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = crate::syntax::yaml::value::load_one(text).ok()?;
    let services = doc.as_hash().is_some_and(|top| crate::syntax::yaml::value::get(top, "services").is_some());
    (services || !found.needs_services).then_some(doc)
}

/// One independent part of a run: its files with their places in the run's discovery order
/// (the joined run lists files in that order), compose files already read and parsed.
#[derive(Debug)]
pub struct Part {
    /// Each found file with its place in the order found, and its text if it was read already.
    pub entries: Vec<(usize, Found, Option<String>)>,
}

impl Part {
    /// Reads what is not read yet and models the part; returns its project, the files found
    /// for it (to join it with another later) and the files that could not be read.
    pub fn load(self, options: &Options, os: &std::sync::Arc<crate::disk::Os>, progress: &(dyn Fn() + Sync)) -> (Project, Vec<(usize, Found)>, Vec<InputError>) {
        // Fault injection for tests (debug builds only): a failure of dockfix's own in the part
        // holding the named file.
        if cfg!(debug_assertions) {
            if let Ok(name) = std::env::var("DOCKFIX_FAIL_PART_OF") {
                if self.entries.iter().any(|(_, f, _)| f.display.ends_with(&name)) {
                    panic!("injected failure in the part of {name}");
                }
            }
        }
        let mut files = Files::default();
        let mut found = Vec::with_capacity(self.entries.len());
        let mut errors = Vec::new();
        for (order, f, read) in self.entries {
            let read = match read {
                Some(text) => crate::source::parse(&f, &text).map(|parsed| (text, parsed)),
                None => {
                    let parsed = crate::source::read_text(&f).and_then(|text| crate::source::parse(&f, &text).map(|parsed| (text, parsed)));
                    progress();
                    parsed
                }
            };
            match read {
                Ok((text, parsed)) => {
                    files.push(&f, text, None, parsed);
                }
                Err(error) => errors.push(error),
            }
            found.push((order, f));
        }
        (Project::new_sharing(files, options, os.clone()), found, errors)
    }
}

/// Why a file is left alone as a development, CI or test fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fixture {
    /// Its folder or name says so (`is_fixture`).
    ByPath,
    /// A Dockerfile whose container runs a development server (the words that say so): its
    /// source is mounted or synced in and rebuilt live, by the developer's user.
    DevServer(String),
    /// An example to copy (`docker-compose.override.example.yml`): Docker reads the copy, and
    /// a secret in it is a placeholder.
    Example,
    /// A compose file by another name, merged over a compose file (`Found::overlay`): read for
    /// what it adds, never changed.
    Overlay,
    /// A compose file that sets up a development environment (the service and the setting
    /// that say so: Laravel Sail's `LARAVEL_SAIL`, a debugger's `XDEBUG_MODE`).
    DevStack(String),
    /// A file whose header says a program generates it (`generated.rs`), with the generator
    /// it names, where that is in the repository.
    Generated(Option<String>),
    /// A version 1 compose file: services at the top level, no `services:` key (the first
    /// service's name). Compose v2 does not read the format.
    VersionOne(String),
    /// An app template of a self-hosting platform (runtipi, Umbrel, CasaOS), which writes the
    /// compose file it runs from this one and gives it its networks, proxy and variables.
    PlatformTemplate(&'static str),
}

impl Fixture {
    /// The note that says why the file is left alone.
    pub fn note(&self) -> String {
        match self {
            Fixture::ByPath => "left alone: a development, CI or test fixture (by its folder or name); hardening it helps nobody and a fresh clone must start it as it is".into(),
            Fixture::Example => "left alone: an example to copy (by its name), which Docker does not read; run dockfix on the copy you make".into(),
            Fixture::Overlay => "left alone: read as an overlay of the compose file it completes (`-f base -f this`); dockfix changes compose files named `compose*.yaml` or `docker-compose*.yml`, and keeps the base's changes from cutting off what this one adds".into(),
            Fixture::DevServer(words) => format!(
                "left alone: a development image (its container runs `{words}`, a development server); hardening it helps nobody, and a user or init added to it may break the live reloading it is for"
            ),
            Fixture::PlatformTemplate(platform) => format!(
                "left alone: an app template for {platform}, which makes the compose file it runs from this one, with its own networks, proxy and variables (no `.env` of this folder is read); networks, secrets moved to `.env` or a `.env.example` would break the app or go unread there"
            ),
            Fixture::VersionOne(service) => format!(
                "left alone: a version 1 compose file (its services, such as `{service}`, stand at the top level, with no `services:` key), which Docker Compose v2 no longer reads; move them under `services:`, then rerun"
            ),
            Fixture::Generated(Some(generator)) => format!(
                "left alone: its header says it is generated (by `{generator}`) and not to be edited by hand; a change here is lost when it is generated again: make it in `{generator}` or the template it fills in, then generate the file again"
            ),
            Fixture::Generated(None) => "left alone: its header says it is generated and not to be edited by hand; a change here is lost when it is generated again: make it where the file is generated from, then generate it again".into(),
            Fixture::DevStack(why) => format!(
                "left alone: a development environment ({why}); hardening it helps nobody, and moving its ports or secrets would break the setup its tooling expects"
            ),
        }
    }
}

/// Whether a file is a fixture: by its path, or (a Dockerfile) by the development server it runs.
pub fn fixture_of(display: &Path, parsed: &Parsed) -> Option<Fixture> {
    if is_fixture(display) {
        return Some(Fixture::ByPath);
    }
    if is_example(display) {
        return Some(Fixture::Example);
    }
    if let Parsed::Compose(compose) = parsed {
        return version_one(compose)
            .map(Fixture::VersionOne)
            .or_else(|| platform_template(compose).map(Fixture::PlatformTemplate))
            .or_else(|| dev_stack(compose).map(Fixture::DevStack));
    }
    let Parsed::Dockerfile(dockerfile) = parsed else { return None };
    // Most Dockerfiles name no development server in any CMD or ENTRYPOINT: their final stage
    // is not worked out for this (it is, once per parse, for every Dockerfile read).
    let may_run_one = dockerfile
        .instructions()
        .any(|i| matches!(i.keyword.as_str(), "CMD" | "ENTRYPOINT") && crate::syntax::dockerfile::runtime::may_name_dev_server(&i.args));
    if !may_run_one {
        return None;
    }
    let argv = crate::syntax::dockerfile::runtime::FinalStage::of(dockerfile)?.argv()?;
    crate::syntax::dockerfile::runtime::dev_server(&argv).map(Fixture::DevServer)
}

/// The self-hosting platform a compose file is an app template of, by the marks each platform's
/// templates carry: runtipi's `x-runtipi` section, `runtipi.managed` label or
/// `tipi_main_network`; Umbrel's `app_proxy` service (no image: the platform completes it; its
/// `APP_HOST` names the app);
/// CasaOS's `x-casaos` section.
fn platform_template(compose: &crate::syntax::compose::Compose) -> Option<&'static str> {
    use yaml_rust2::Yaml;
    let Yaml::Hash(root) = &compose.yaml.doc else { return None };
    let key = |name: &str| Yaml::String(name.into());
    if root.contains_key(&key("x-runtipi")) {
        return Some("runtipi");
    }
    if root.contains_key(&key("x-casaos")) {
        return Some("CasaOS");
    }
    let services = match root.get(&key("services")) {
        Some(Yaml::Hash(services)) => services,
        _ => return None,
    };
    // Umbrel's proxy: no image of its own (the platform supplies it), the app's host in
    // `APP_HOST`.
    if let Some(Yaml::Hash(proxy)) = services.get(&key("app_proxy")) {
        let partial = !proxy.contains_key(&key("image")) && !proxy.contains_key(&key("build"));
        let names_host = match proxy.get(&key("environment")) {
            Some(Yaml::Hash(environment)) => environment.contains_key(&key("APP_HOST")),
            Some(Yaml::Array(environment)) => environment.iter().any(|e| e.as_str().is_some_and(|e| e.starts_with("APP_HOST="))),
            _ => false,
        };
        if partial && names_host {
            return Some("Umbrel");
        }
    }
    let runtipi = services.values().any(|service| {
        let Yaml::Hash(service) = service else { return false };
        let labels = match service.get(&key("labels")) {
            Some(Yaml::Hash(labels)) => labels.keys().any(|k| k.as_str() == Some("runtipi.managed")),
            Some(Yaml::Array(labels)) => labels.iter().any(|l| l.as_str().is_some_and(|l| l.starts_with("runtipi.managed"))),
            _ => false,
        };
        let network = match service.get(&key("networks")) {
            Some(Yaml::Array(networks)) => networks.iter().any(|n| n.as_str() == Some("tipi_main_network")),
            Some(Yaml::Hash(networks)) => networks.contains_key(&key("tipi_main_network")),
            _ => false,
        };
        labels || network
    });
    runtipi.then_some("runtipi")
}

/// The first service of a version 1 compose file: no `services:` key, and a top-level key whose
/// value is a service (a mapping with `image` or `build`).
fn version_one(compose: &crate::syntax::compose::Compose) -> Option<String> {
    let yaml_rust2::Yaml::Hash(root) = &compose.yaml.doc else { return None };
    if root.contains_key(&yaml_rust2::Yaml::String("services".into())) {
        return None;
    }
    root.iter().find_map(|(key, value)| {
        let yaml_rust2::Yaml::Hash(service) = value else { return None };
        let is_service = ["image", "build"].iter().any(|k| service.contains_key(&yaml_rust2::Yaml::String((*k).into())));
        is_service.then(|| key.as_str().map(str::to_string)).flatten()
    })
}

/// Why a compose file is a development environment, if a service's environment says so:
/// Laravel Sail's `LARAVEL_SAIL` (the `compose.yaml` every Laravel project has), or a PHP
/// debugger switched on for an editor (`XDEBUG_MODE`, `XDEBUG_CONFIG`).
fn dev_stack(compose: &crate::syntax::compose::Compose) -> Option<String> {
    // The file's header says so: Invidious' `# Warning: This docker-compose file is made for
    // development purposes.`, shiori's `# Docker compose for development purposes only.`
    // ("For development, use the other file" in a production file's header does not count.)
    let header = crate::generated::leading_comments(&compose.yaml.text).to_ascii_lowercase().replace('\n', " ");
    const SAYS_DEVELOPMENT: &[&str] = &[
        "for development purposes",
        "for development only",
        "for local development only",
        "development use only",
        "not for production",
        "not meant for production",
        "not intended for production",
        "not suitable for production",
        "do not use in production",
        "do not use this in production",
        "do not use it in production",
        "don't use in production",
        "don't use this in production",
        "not production deployments",
        "not production-ready",
        "not production ready",
        "meant for learning",
        "for demonstration purposes",
        "for demo purposes",
        "for testing purposes",
        "for testing only",
    ];
    if let Some(phrase) = SAYS_DEVELOPMENT.iter().find(|phrase| header.contains(*phrase)) {
        return Some(format!("its header says \"{phrase}\""));
    }
    // Compose Watch (`develop: watch:`) on every service it builds: synced into as the
    // developer edits (astral's uv example runs them as root, "so the environment is mutable").
    let services = compose.services();
    let building: Vec<&crate::syntax::compose::Service> = services.iter().filter(|s| s.get("build").is_some()).collect();
    if !building.is_empty() && building.iter().all(|s| s.get("develop").is_some()) {
        return Some(format!("`{}` has a `develop:` section, for Compose Watch", building[0].name));
    }
    // Every service a development or test helper (Fider's `pgdev`, `pgtest`, `s3test` and a
    // MailHog): the databases and mail catcher a developer runs the program against, from a
    // checkout, on the host.
    if !services.is_empty() && services.iter().all(is_development_helper) {
        let names: Vec<String> = services.iter().take(3).map(|s| format!("`{}`", s.name)).collect();
        return Some(format!("its services are development and test helpers ({})", names.join(", ")));
    }
    const MARKERS: &[&str] = &["LARAVEL_SAIL", "XDEBUG_MODE", "XDEBUG_CONFIG", "XDEBUG_TRIGGER"];
    compose.services().iter().find_map(|service| {
        crate::analysis::environment(service)
            .into_iter()
            .find(|(key, _)| MARKERS.contains(&key.as_str()))
            .map(|(key, _)| format!("`{key}` in `{}`", service.name))
    })
}

/// A service that only helps development or tests: a mail catcher (MailHog, Mailpit, MailDev,
/// smtp4dev), or one whose name says dev or test (`pgdev`, `pgtest`, `db-test`, `redis_dev`).
fn is_development_helper(service: &crate::syntax::compose::Service) -> bool {
    const MAIL_CATCHERS: &[&str] = &["mailhog/mailhog", "axllent/mailpit", "maildev/maildev", "rnwood/smtp4dev", "schickling/mailcatcher"];
    if service.image().is_some_and(|image| MAIL_CATCHERS.contains(&crate::images::normalise(image).0.as_str())) {
        return true;
    }
    if service.get("build").is_some() {
        return false;
    }
    let name = service.name.to_ascii_lowercase();
    let parts: Vec<&str> = name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()).collect();
    parts.iter().any(|p| matches!(*p, "dev" | "test" | "tests" | "testing" | "development"))
        || (parts.len() == 1 && ["dev", "test"].iter().any(|m| name.ends_with(m) && name.len() > m.len() + 1 && name != "latest"))
}

/// An example or template to copy, by its name: `compose.override.example.yml`,
/// `docker-compose.sample.yaml`, `Dockerfile.template`.
pub fn is_example(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    ["example", "sample", "template", "dist"]
        .iter()
        .any(|word| [".", "-", "_"].iter().any(|sep| name.contains(&format!("{sep}{word}.")) || name.ends_with(&format!("{sep}{word}"))))
}

/// A file for development, CI or tests (by its folder or name): hardening it helps nobody and may
/// break the pipeline that uses it, and a fresh clone must still start it as it is.
pub fn is_fixture(path: &Path) -> bool {
    let lower = path.to_string_lossy().to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or_default();
    let folder = |p: &&str| {
        matches!(
            *p,
            ".devcontainer" | "dev" | ".dev" | "devel" | "development" | "ci" | ".ci" | "cypress" | "e2e" | "fixtures" | "test" | "tests" | "testing" | "testdata" | "integration-tests"
        )
            || p.starts_with("test_")
            || p.starts_with("test-")
            // An editor's development container, and examples of one (`devcontainer-example/`,
            // copied to `.devcontainer/` by whoever uses it).
            || p.contains("devcontainer")
    };
    // `ci/release-image/Dockerfile` is the image a project publishes, built by its CI: a
    // folder below `ci/` that names a release or production build is not a fixture.
    let fixture_folder = parts.iter().enumerate().any(|(at, part)| {
        folder(part)
            && !(matches!(*part, "ci" | ".ci")
                && parts[at + 1..].iter().any(|later| ["release", "prod", "publish"].iter().any(|word| later.contains(word))))
    });
    fixture_folder
        || [".test.", "-test.", "_test.", ".dev.", "-dev.", "_dev.", ".ci.", "-ci.", "_ci.", ".e2e.", "-e2e.", "_e2e.", ".cypress."].iter().any(|m| name.contains(m))
        || name.ends_with("-dev")
        || name.ends_with(".dev")
        // snipe-it's `dev.docker-compose.yml`.
        || ["dev.", "dev-", "dev_", "test.", "test-", "test_", "ci."].iter().any(|m| name.starts_with(m))
}

/// `(context, dockerfile)` of a compose `build` value.
pub fn build_paths(build: &yaml_rust2::Yaml) -> Option<(String, String)> {
    use yaml_rust2::Yaml;
    match build {
        Yaml::String(context) => Some((context.clone(), "Dockerfile".to_string())),
        Yaml::Hash(spec) => {
            let text = |key: &str| spec.get(&Yaml::String(key.into())).and_then(Yaml::as_str).map(str::to_string);
            Some((text("context").unwrap_or_else(|| ".".into()), text("dockerfile").unwrap_or_else(|| "Dockerfile".into())))
        }
        _ => None,
    }
}

/// Whether a build context is a remote one (git URL, HTTP, or a variable dockfix cannot see).
pub fn is_remote_context(context: &str) -> bool {
    context.contains("://") || context.starts_with("git@") || context.contains('$')
}

/// Names of the file that lists a `.env`'s variables for newcomers to copy, the usual one first.
pub const ENV_EXAMPLES: &[&str] =
    &[".env.example", ".env.sample", ".env.template", ".env.dist", "env.example", "example.env", "sample.env", "env.sample", ".env-sample", ".env-example"];

/// `relative` (below `folder`) as seen from the folder of the `.gitignore` at `ignore_file`.
fn below(folder: &Path, ignore_file: &Path, relative: &str) -> String {
    let ancestor = ignore_file.parent().unwrap_or(Path::new(""));
    folder.strip_prefix(ancestor).unwrap_or(Path::new("")).join(relative).to_string_lossy().replace('\\', "/")
}

/// Whether some `.gitignore` from `folder` up to the top of its work tree ignores `relative`:
/// `held` gives the verdict of one the project holds (it may have been edited), else the
/// disk's copy is read.
fn ignored_by_patterns(disk: &Disk, folder: &Path, relative: &str, held: impl Fn(&Path) -> Option<bool>) -> bool {
    for ancestor in folder.ancestors() {
        let path = ancestor.join(".gitignore");
        let ignores = held(&path).unwrap_or_else(|| {
            disk.text(&path).is_some_and(|text| crate::syntax::ignorefile::git_ignores(&LineFile::parse(text), &below(folder, &path, relative)))
        });
        if ignores {
            return true;
        }
        if disk.exists(&ancestor.join(".git")) {
            break;
        }
    }
    false
}

/// Reads, once, everything transforms may ask of the disk: the folders of every file and their
/// ancestors' ignore files up to the repository root, the build contexts and Dockerfiles compose
/// files name, the files and folders services mount, and the scripts Dockerfiles copy.
fn gather(files: &Files, os: std::sync::Arc<crate::disk::Os>) -> Disk {
    let mut disk = Disk::sharing(os);
    const BESIDE: [&str; 6] = [".env", ".gitignore", ".dockerignore", "secrets", ".git", "docker-compose.override.yml"];
    let mut folders: Vec<PathBuf> = Vec::new();
    for file in files.iter() {
        let folder = file.real.parent().unwrap_or(Path::new("/")).to_path_buf();
        for ancestor in folder.ancestors() {
            if folders.iter().any(|f| f == ancestor) {
                break;
            }
            folders.push(ancestor.to_path_buf());
            // Every folder walked is listed below: its listing (which the run's parts share)
            // says whether `.git` is there, without asking the disk for each part again.
            disk.gather_listing(ancestor);
            let top = if disk.is_folder(ancestor) {
                disk.listing(ancestor).binary_search_by(|name| name.as_str().cmp(".git")).is_ok()
            } else {
                disk.os().exists(&ancestor.join(".git"))
            };
            if top {
                break;
            }
        }
    }
    for folder in &folders {
        disk.gather_listing(folder);
        for name in BESIDE {
            disk.gather_file(&folder.join(name));
        }
        // The example env file's other names are rare: only those the folder holds are read.
        let examples: Vec<&str> = ENV_EXAMPLES.iter().copied().filter(|name| disk.listing(folder).iter().any(|n| n == name)).collect();
        for name in examples {
            disk.gather_file(&folder.join(name));
        }
        // Makefiles and build scripts say how Dockerfiles are built (`docker build -f x .`) and
        // which compose files are started together (`docker compose -f a -f b`).
        for name in disk.listing(folder).to_vec() {
            if is_build_script(&name) {
                let path = folder.join(name);
                disk.gather_file(&path);
                let named = disk.text(&path).map(|text| crate::references::in_script(text, folder)).unwrap_or_default();
                for reference in named {
                    disk.gather_file(&reference.path);
                }
            }
        }
    }
    // A `.env` beside a compose file in a git work tree that no .gitignore covers may be
    // committed (sentry's holds its settings): secrets must not be written into it.
    let mut env_files: Vec<PathBuf> = Vec::new();
    for file in files.iter().filter(|f| matches!(f.parsed, Parsed::Compose(_))) {
        let folder = file.real.parent().unwrap_or(Path::new("/"));
        let env = folder.join(".env");
        let in_work_tree = folder.ancestors().any(|a| disk.exists(&a.join(".git")));
        if in_work_tree && disk.exists(&env) && !env_files.contains(&env) && !ignored_by_patterns(&disk, folder, ".env", |_| None) {
            env_files.push(env);
        }
    }
    disk.gather_tracked(&env_files);
    for file in files.iter() {
        match &file.parsed {
            Parsed::Compose(compose) => gather_compose(&mut disk, file, compose),
            Parsed::Dockerfile(_) => {
                let name = file.real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                disk.gather_file(&file.real.with_file_name(format!("{name}.dockerignore")));
            }
            Parsed::Lines(_) | Parsed::Script(_) => {}
        }
    }
    disk
}

fn gather_compose(disk: &mut Disk, file: &SourceFile, compose: &Compose) {
    let folder = file.real.parent().unwrap_or(Path::new("/")).to_path_buf();
    for reference in crate::references::in_compose(compose, &folder) {
        disk.gather_file(&reference.path);
    }
    for service in compose.services() {
        if let Some((context, dockerfile)) = service.get("build").and_then(build_paths) {
            if !is_remote_context(&context) {
                let context = folder.join(&context);
                disk.gather_listing(&context);
                for name in [".dockerignore", ".env", ".git"] {
                    disk.gather_file(&context.join(name));
                }
                disk.resolve(&context.join(&dockerfile));
                disk.gather_file(&context.join(format!("{dockerfile}.dockerignore")));
            }
        }
        for source in crate::analysis::bind_sources(&service) {
            let path = folder.join(&source);
            disk.gather_file(&path);
            if disk.is_folder(&path) && path.starts_with(&folder) {
                disk.gather_tree(&path, |_| true);
            }
        }
    }
}

/// The local sources of a Dockerfile's COPY/ADD instructions, as written: not those of another
/// stage or image (`--from`), URLs, variables or here-documents.
fn copy_sources(dockerfile: &Dockerfile) -> impl Iterator<Item = String> + '_ {
    dockerfile
        .instructions()
        .filter(|i| matches!(i.keyword.as_str(), "COPY" | "ADD") && i.flag("from").is_none())
        .flat_map(|instruction| {
            let mut words = crate::analysis::copy_words(instruction);
            words.pop();
            words
        })
        .filter(|source| !(source.contains("://") || source.contains('$') || source.starts_with('<')))
}

fn is_glob(source: &str) -> bool {
    source.contains(['*', '?', '['])
}

/// Reads what a Dockerfile's COPY/ADD take from its build context `folder`: files, and the
/// scripts inside copied folders.
fn gather_copies(disk: &mut Disk, folder: &Path, dockerfile: &Dockerfile) {
    disk.gather_listing(folder);
    for source in copy_sources(dockerfile) {
        let path = folder.join(source.trim_start_matches('/'));
        if is_glob(&source) {
            if let Some(parent) = path.parent() {
                disk.gather_tree(parent, crate::analysis::looks_like_script);
            }
            continue;
        }
        disk.gather_file(&path);
        if disk.is_folder(&path) {
            disk.gather_tree(&path, |name| crate::analysis::looks_like_script(name) || crate::analysis::is_source(name));
        }
    }
}

/// The gathered files a Dockerfile's COPY/ADD take from its build context `folder`: files named,
/// files inside folders named, and files a glob matches.
fn copied_files(disk: &Disk, folder: &Path, dockerfile: &Dockerfile) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for source in copy_sources(dockerfile) {
        let path = clean(&folder.join(source.trim_start_matches('/')));
        if is_glob(&source) {
            let Ok(glob) = globset::Glob::new(&path.to_string_lossy()) else { continue };
            let matcher = glob.compile_matcher();
            let parent = path.parent().unwrap_or(folder);
            out.extend(disk.texts_under(parent).map(|(p, _)| p).filter(|p| matcher.is_match(p)).map(Path::to_path_buf));
        } else {
            out.extend(disk.texts_under(&path).map(|(p, _)| p.to_path_buf()));
        }
    }
    out
}

impl Project {
    /// Every build context: those compose files build from, and the folder of each Dockerfile
    /// no compose file builds (as `docker build .` would use it). Remote contexts are skipped.
    pub fn build_contexts(&self) -> &[BuildContext] {
        self.contexts.get_or_init(|| self.find_build_contexts())
    }

    fn find_build_contexts(&self) -> Vec<BuildContext> {
        let mut contexts: Vec<BuildContext> = Vec::new();
        let mut add = |real: PathBuf, display: PathBuf, dockerfile: Option<FileId>, named: bool, inferred: bool| {
            let real = clean(&real);
            match contexts.iter_mut().find(|c| c.real == real) {
                Some(context) => {
                    context.dockerfiles.extend(dockerfile.filter(|d| !context.dockerfiles.contains(d)));
                    context.named |= named;
                    context.inferred |= inferred;
                }
                None => contexts.push(BuildContext {
                    real,
                    display: clean(&display),
                    dockerfiles: dockerfile.into_iter().collect(),
                    named,
                    inferred,
                }),
            }
        };
        let mut built = Vec::new();
        for (file, compose) in self.compose_files() {
            for service in compose.services() {
                let Some(build) = service.get("build") else { continue };
                let Some((context, _)) = build_paths(build) else { continue };
                if is_remote_context(&context) {
                    continue;
                }
                let dockerfile = self.dockerfile_for(file, build);
                built.extend(dockerfile);
                let f = &self.files[file];
                let real = self.folder(file).join(&context);
                let display = f.path.parent().unwrap_or(Path::new("")).join(&context);
                add(real, display, dockerfile, true, false);
            }
        }
        let scripted = self.scripted_builds();
        for (id, _) in self.dockerfiles() {
            if built.contains(&id) {
                continue;
            }
            let f = &self.files[id];
            let mut found = false;
            for (dockerfile, context) in &scripted {
                if *dockerfile == f.real {
                    found = true;
                    let display = relative_display(&f.real, &f.path, context);
                    add(context.clone(), display, Some(id), true, false);
                }
            }
            if !found {
                let own = self.folder(id);
                let display = f.path.parent().unwrap_or(Path::new("")).to_path_buf();
                match self.context_by_sources(id, &own) {
                    Some(real) => {
                        let display = relative_display(&f.real, &f.path, &real);
                        add(real, display, Some(id), false, true);
                    }
                    None => add(own, display, Some(id), false, false),
                }
            }
        }
        contexts
    }
}

impl Project {
    /// For a Dockerfile no compose file or build script builds: a folder above its own that
    /// holds more of the files its COPY and ADD name than its own folder does (none there),
    /// up to the work tree's top — `COPY docker/start.sh /` in `docker/Dockerfile` is built
    /// with `-f docker/Dockerfile .` from the top, whatever runs it (a bake file, CI). `None`:
    /// its own folder, as `docker build .` there would use it.
    fn context_by_sources(&self, id: FileId, own: &Path) -> Option<PathBuf> {
        let Parsed::Dockerfile(dockerfile) = &self.files[id].parsed else { return None };
        // A glob stands for the folders before its first pattern (`./Docker/*.conf`: `Docker`).
        let sources: Vec<String> = copy_sources(dockerfile)
            .map(|source| source.trim_start_matches("./").trim_start_matches('/').trim_end_matches('/').to_string())
            .map(|source| match is_glob(&source) {
                true => source.split('/').take_while(|part| !is_glob(part)).collect::<Vec<_>>().join("/"),
                false => source,
            })
            .filter(|source| !source.is_empty() && source != "." && !source.starts_with(".."))
            .collect();
        if sources.is_empty() {
            return None;
        }
        // A source whose folder was listed is looked up whole (`src/cart` is in the top folder,
        // not in `src/cart/src`); else by its first name in the candidate's listing.
        let hits = |folder: &Path| {
            let listing = self.disk.listing(folder);
            sources
                .iter()
                .filter(|source| {
                    let path = folder.join(source.as_str());
                    if self.disk.exists(&path) {
                        return true;
                    }
                    if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
                        if self.disk.is_folder(parent) {
                            return self.disk.listing(parent).iter().any(|n| std::ffi::OsStr::new(n) == name);
                        }
                    }
                    let first = source.split('/').next().unwrap_or_default();
                    listing.iter().any(|name| name == first)
                })
                .count()
        };
        if !self.disk.is_folder(own) || hits(own) > 0 || self.disk.exists(&own.join(".git")) {
            return None;
        }
        // Not above the folder the run shows paths from (what the user asked to fix).
        let top = shown_from(&self.files[id]);
        let mut best: Option<(usize, PathBuf)> = None;
        for ancestor in own.ancestors().skip(1) {
            if !self.disk.is_folder(ancestor) || !ancestor.starts_with(&top) {
                break;
            }
            let count = hits(ancestor);
            if count > best.as_ref().map_or(0, |(n, _)| *n) {
                best = Some((count, ancestor.to_path_buf()));
            }
            if self.disk.exists(&ancestor.join(".git")) {
                break;
            }
        }
        best.map(|(_, folder)| folder)
    }

    /// `(Dockerfile, context)` pairs that Makefiles and build scripts name in `docker build -f
    /// <Dockerfile> <context>` (also `docker buildx build`, `podman build`).
    fn scripted_builds(&self) -> Vec<(PathBuf, PathBuf)> {
        let mut out = Vec::new();
        let scripts: Vec<(PathBuf, String)> = self
            .disk
            .all_texts()
            .filter(|(path, _)| path.file_name().is_some_and(|n| is_build_script(&n.to_string_lossy())))
            .map(|(path, text)| (path.to_path_buf(), text.replace("\\\n", " ")))
            .collect();
        for (script, text) in scripts {
            let folder = script.parent().unwrap_or(Path::new("/")).to_path_buf();
            out.extend(docker_builds_in(&text, &folder));
        }
        out
    }
}

/// `(Dockerfile, context)` of each `docker build -f <Dockerfile> <context>` line of a script in
/// `folder` (line continuations already joined). The context is the command's one operand, where
/// ever it stands: `docker build . --file Dockerfile --tag phanan/koel-dev:latest` builds `.`
/// (koel's Makefile), and a flag's value (`--tag`, `--build-arg`, ...) is no operand.
pub fn docker_builds_in(text: &str, folder: &Path) -> Vec<(PathBuf, PathBuf)> {
    /// `docker build` options that take a value as the next word (unless written `--x=value`).
    const TAKES_VALUE: &[&str] = &[
        "-f", "--file", "-t", "--tag", "--build-arg", "--target", "--platform", "--label", "--cache-from", "--cache-to", "--secret",
        "--ssh", "--network", "--progress", "--iidfile", "-o", "--output", "--add-host", "--build-context", "--shm-size", "--ulimit",
        "-m", "--memory", "--memory-swap", "--cpu-shares", "-c", "--cpu-period", "--cpu-quota", "--cpuset-cpus", "--cpuset-mems",
        "--isolation", "--annotation", "--attest", "--sbom", "--provenance", "--metadata-file", "--builder", "--allow",
        "--cgroup-parent", "--security-opt", "--call", "--format", "--from", "--layers", "--jobs", "--os", "--arch", "--variant",
    ];
    let mut out = Vec::new();
    for line in text.lines().filter(|l| l.contains(" build") && { let lower = l.to_ascii_lowercase(); lower.contains("docker") || lower.contains("podman") }) {
        let words: Vec<String> = line.split_whitespace().map(|w| w.trim_matches(['"', '\'']).to_string()).collect();
        // `docker build`, `docker buildx build`, `docker image build`, `podman build`.
        let Some(at) = words.iter().enumerate().position(|(i, w)| {
            w == "build"
                && words[..i].iter().rev().take(2).any(|b| {
                    matches!(b.as_str(), "docker" | "podman" | "buildx" | "image") || b.ends_with("/docker") || b.ends_with("/podman") || b.starts_with('$')
                })
        }) else {
            continue;
        };
        let mut dockerfile = None;
        let mut operands: Vec<&str> = Vec::new();
        let mut i = at + 1;
        while i < words.len() {
            let word = words[i].as_str();
            if matches!(word, "&&" | "||" | "|" | ";" | ">" | ">>" | "2>&1") || word.ends_with(';') {
                break;
            }
            if word == "-f" || word == "--file" {
                dockerfile = words.get(i + 1).cloned();
                i += 2;
                continue;
            }
            if let Some(value) = word.strip_prefix("--file=") {
                dockerfile = Some(value.to_string());
            } else if TAKES_VALUE.contains(&word) {
                i += 1;
            } else if !word.starts_with('-') {
                operands.push(word);
            }
            i += 1;
        }
        let Some(dockerfile) = dockerfile.filter(|d| !d.contains('$')) else { continue };
        // One operand, the context; a path with a variable in it is not known.
        let [context] = operands.as_slice() else { continue };
        if context.contains('$') || *context == dockerfile || context.contains("://") {
            continue;
        }
        out.push((clean(&folder.join(&dockerfile)), clean(&folder.join(context))));
    }
    out
}

/// The display path of `context`, given a file's real and display paths.
fn relative_display(real: &Path, display: &Path, context: &Path) -> PathBuf {
    let mut real_up = real.parent().unwrap_or(Path::new("/")).to_path_buf();
    let mut display_up = display.parent().unwrap_or(Path::new("")).to_path_buf();
    while !context.starts_with(&real_up) && real_up.pop() {
        display_up.pop();
    }
    display_up.join(context.strip_prefix(&real_up).unwrap_or(Path::new("")))
}

/// The folder a file's display path is relative to: its real path less as many components.
fn shown_from(file: &SourceFile) -> PathBuf {
    let mut root = file.real.clone();
    for _ in 0..file.path.components().count() {
        root.pop();
    }
    root
}

/// A Makefile or build script that may run `docker build`.
pub fn is_build_script(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(lower.as_str(), "makefile" | "gnumakefile" | "justfile" | "taskfile.yml")
        || lower.ends_with(".mk")
        || (lower.ends_with(".sh") && (lower.contains("build") || lower.contains("docker") || lower.contains("release")))
}

/// A folder `docker build` sends to the builder, and the Dockerfiles that build from it.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildContext {
    /// The folder on disk.
    pub real: PathBuf,
    /// The folder as the user sees it.
    pub display: PathBuf,
    pub dockerfiles: Vec<FileId>,
    /// Whether a compose file or build script names it (else it is a Dockerfile's own folder,
    /// assumed, or `inferred`).
    pub named: bool,
    /// Nobody names it, but it holds the files the Dockerfile copies and its own folder none.
    pub inferred: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compose(needs_services: bool) -> Found {
        Found { display: "compose.yaml".into(), real: "/p/compose.yaml".into(), kind: FileKind::Compose, needs_services, overlay: false }
    }

    #[test]
    fn the_context_of_a_scripted_build_is_its_operand_wherever_it_stands() {
        let folder = Path::new("/p");
        let builds = |line: &str| docker_builds_in(line, folder);
        let expected = vec![(PathBuf::from("/p/Dockerfile"), PathBuf::from("/p"))];
        // koel's Makefile: the context first, then options with values.
        assert_eq!(builds("\tdocker build . --file Dockerfile --tag phanan/koel-dev:latest"), expected);
        assert_eq!(builds("docker buildx build --platform linux/amd64,linux/arm64 . --file Dockerfile --tag a/b:1"), expected);
        assert_eq!(builds("docker build -f Dockerfile -t x . && docker push x"), expected);
        assert_eq!(builds("$(DOCKER) build --build-arg V=1 -f Dockerfile --no-cache ."), expected);
        assert_eq!(builds("podman build --file=Dockerfile --label a=b ./"), expected);
        assert_eq!(
            builds("docker build -f docker/api.Dockerfile -t api --target prod services/api"),
            vec![(PathBuf::from("/p/docker/api.Dockerfile"), PathBuf::from("/p/services/api"))]
        );
        // No context known: from standard input, a variable, two operands, a remote one.
        assert!(builds("docker build -f Dockerfile - < Dockerfile").is_empty());
        assert!(builds("docker build -f Dockerfile $CONTEXT").is_empty());
        assert!(builds("docker build -f Dockerfile a b").is_empty());
        assert!(builds("docker build -f Dockerfile https://github.com/x/y.git").is_empty());
        assert!(builds("echo building the docker image").is_empty());
    }

    #[test]
    fn examples_are_known_by_name() {
        for name in ["docker-compose.override.example.yml", "compose.sample.yaml", "Dockerfile.template", "docker-compose-example.yml", "Dockerfile.dist"] {
            assert!(is_example(Path::new(name)), "{name}");
        }
        for name in ["docker-compose.yml", "compose.prod.yaml", "Dockerfile", "examples/compose.yaml", "docker-compose.distributed.yml"] {
            assert!(!is_example(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn development_containers_and_their_examples_are_fixtures() {
        for path in [
            ".devcontainer/docker-compose.yml",
            "devcontainer-example/docker-compose.yml",
            "tools/devcontainers/python/Dockerfile",
            "dev.docker-compose.yml",
            "test-compose.yml",
            "docker-compose-ci.yml",
            "compose_e2e.yaml",
        ] {
            assert!(is_fixture(Path::new(path)), "{path}");
        }
        for path in ["docker-compose.yml", "deploy/compose.yaml", "containers/app/Dockerfile", "devices/compose.yaml", "testimonials.Dockerfile", "docker-compose-circleci-free.yml"] {
            assert!(!is_fixture(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn release_images_built_by_ci_are_not_fixtures() {
        for path in ["ci/Dockerfile", ".ci/build/Dockerfile", "ci/tests/release/Dockerfile", "ci/docker-compose.yml"] {
            assert!(is_fixture(Path::new(path)), "{path}");
        }
        for path in ["ci/release-image/Dockerfile", "ci/release/Dockerfile", ".ci/production/Dockerfile", "ci/publish/Dockerfile"] {
            assert!(!is_fixture(Path::new(path)), "{path}");
        }
    }

    /// The split reads a compose file's ties from one YAML load; what that load does not take
    /// (or what is not a compose file) is left to the full parse, which reports it.
    #[test]
    fn the_split_loads_a_compose_file_once_and_leaves_the_rest_to_the_full_parse() {
        let plain = "\u{feff}services:\n  web:\n    build: ../web\n    env_file: .env\n";
        let doc = meaning_of(&compose(false), plain).expect("a plain compose file loads");
        let ties = crate::partition::compose_ties(&doc, Path::new("/p"));
        assert_eq!(ties, ["/p", "/p/.env", "/web", "/web"].map(PathBuf::from));
        // A flow sequence closed at its key's column: Compose takes it, yaml-rust2 only after
        // the full parse re-indents it.
        let flow = "services:\n  web:\n    build: ../web\n    command: [\n      \"npm\", \"start\"\n    ]\n";
        assert!(meaning_of(&compose(false), flow).is_none());
        let Parsed::Compose(full) = crate::source::parse(&compose(false), flow).unwrap() else { panic!("a compose parse") };
        assert!(crate::partition::compose_ties(&full.yaml.doc, Path::new("/p")).contains(&PathBuf::from("/web")));
        // A YAML file that must prove to be a compose file and is not.
        assert!(meaning_of(&compose(true), "name: x\n").is_none());
        assert!(meaning_of(&compose(false), "name: x\n").is_some());
    }
}
