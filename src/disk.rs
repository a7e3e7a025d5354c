//! What transforms may know of the disk beyond the files they edit, read once before they run.
//!
//! Transforms are pure: they never touch the file system. Everything they ask of it — whether a
//! file exists (so a new one is never written over it), the `.gitignore` files above a compose
//! file, the scripts a Dockerfile copies, the config folders a compose service mounts, what a
//! build context holds — is gathered here first, by the project model, and answered from memory.
//! A question about a path that was not gathered is answered "absent".

// foldhash (seeded per process), not std's SipHash: every question a transform asks of the
// disk hashes a path, tens of thousands in a repository.
use foldhash::{HashMap, HashSet};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Files larger than this are not read (config files and scripts are small).
const MAX_TEXT: u64 = 512 * 1024;
/// At most this many files are read below one mounted or copied folder.
const MAX_FOLDER_FILES: usize = 300;

/// What a path is, as the file system answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A file, with its size in bytes.
    File(u64),
    Folder,
    /// A device, socket or pipe.
    Other,
}

/// The file system's answers, shared by every part of one run (`engine::run_parts`) and asked
/// once each. Parts are modelled on their own, and each gathers the folders above its files:
/// on the corpus (176 parts) `/`, its parents and the repositories' top folders were listed,
/// and the same paths resolved and read, once per part — 2,094 folder listings for 441
/// folders. What each part asked is still
/// recorded in its own [`Disk`] (which parts must run together is decided from that); only
/// the asking is shared. Made anew for every run: a second run in the same process (the
/// tests', a watcher's) sees the disk as it is then.
#[derive(Debug, Default)]
pub struct Os {
    listings: Mutex<HashMap<PathBuf, Option<Arc<[String]>>>>,
    canonical: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    tracked: Mutex<HashMap<PathBuf, bool>>,
}

/// Looks `key` up in a shared map, asking `ask` (outside the lock: a slow answer does not hold
/// up the other core) when it is not there yet.
fn asked_once<V: Clone>(map: &Mutex<HashMap<PathBuf, V>>, key: &Path, ask: impl FnOnce() -> V) -> V {
    if let Some(value) = map.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
        return value.clone();
    }
    let value = ask();
    map.lock().unwrap_or_else(|e| e.into_inner()).entry(key.to_path_buf()).or_insert(value).clone()
}

fn kind_of(meta: &std::fs::Metadata) -> Kind {
    if meta.is_file() {
        Kind::File(meta.len())
    } else if meta.is_dir() {
        Kind::Folder
    } else {
        Kind::Other
    }
}

impl Os {
    /// The sorted names in a folder; `None` when it cannot be listed.
    fn listing(&self, folder: &Path) -> Option<Arc<[String]>> {
        asked_once(&self.listings, folder, || {
            let entries = std::fs::read_dir(folder).ok()?;
            let mut names: Vec<String> = entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
            names.sort();
            Some(names.into())
        })
    }

    /// What `path` is, symlinks followed. Not kept, as texts are not: most paths are asked
    /// about by one part, and the folders above every file, which all parts ask about, are
    /// answered from their listings.
    fn kind(&self, path: &Path) -> Option<Kind> {
        std::fs::metadata(path).ok().map(|meta| kind_of(&meta))
    }

    /// What `path` itself is (a symlink is [`Kind::Other`]).
    fn own_kind(&self, path: &Path) -> Option<Kind> {
        std::fs::symlink_metadata(path).ok().map(|meta| if meta.file_type().is_symlink() { Kind::Other } else { kind_of(&meta) })
    }

    /// Whether anything is at `path` (as `Path::exists`: symlinks followed).
    pub fn exists(&self, path: &Path) -> bool {
        self.kind(path).is_some()
    }

    /// The text of a small UTF-8 file. Not kept: a part's texts are freed when it is done
    /// (holding every text, kind and listing a run asked for until its end cost 6 MiB of peak
    /// memory on the corpus ×10, a seventh), and few files are read by more than one part.
    fn text(&self, path: &Path) -> Option<String> {
        let bytes = std::fs::read(path).ok()?;
        String::from_utf8(bytes).ok()
    }

    /// `std::fs::canonicalize`, asked once per path.
    pub fn canonical(&self, path: &Path) -> Option<PathBuf> {
        asked_once(&self.canonical, path, || std::fs::canonicalize(path).ok())
    }

    /// Whether git tracks `path`, one `git ls-files` per path. Without git, or outside a work
    /// tree, it does not.
    fn git_tracks(&self, path: &Path) -> bool {
        asked_once(&self.tracked, path, || {
            let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else { return false };
            std::process::Command::new("git")
                .arg("-C")
                .arg(folder)
                .args(["ls-files", "--error-unmatch", "--"])
                .arg(name)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        })
    }
}

#[derive(Debug, Default, Clone)]
pub struct Disk {
    /// Where the answers come from: shared by the parts of a run.
    os: Arc<Os>,
    /// Paths that exist, with the text of the small UTF-8 files that were read. Hashed: a
    /// project asks tens of thousands of times, and ordered maps compare paths component by
    /// component.
    files: HashMap<PathBuf, Option<String>>,
    /// The keys of `files`, in order, for the files below a folder.
    ordered: BTreeSet<PathBuf>,
    folders: HashMap<PathBuf, Vec<String>>,
    missing: HashSet<PathBuf>,
    /// Lexical paths → canonical paths (symlinks resolved), for paths compose files name.
    resolved: HashMap<PathBuf, PathBuf>,
    /// Files asked about that git tracks (`git ls-files`): a `.env` committed with settings.
    tracked: HashSet<PathBuf>,
}

impl Disk {
    /// A disk that asks `os`, shared with the other parts of the run.
    pub fn sharing(os: Arc<Os>) -> Disk {
        Disk { os, ..Disk::default() }
    }

    /// The file system's answers this disk asks (for the project model's own questions).
    pub fn os(&self) -> &Os {
        &self.os
    }

    fn insert_file(&mut self, path: PathBuf, text: Option<String>) {
        self.ordered.insert(path.clone());
        self.files.insert(path, text);
    }

    /// Records whether `path` exists, reading its text if it is a small text file.
    pub fn gather_file(&mut self, path: &Path) {
        let path = clean(path);
        if self.files.contains_key(&path) || self.folders.contains_key(&path) || self.missing.contains(&path) {
            return;
        }
        if self.absent_from_listing(&path) {
            self.missing.insert(path);
            return;
        }
        match self.os.kind(&path) {
            Some(Kind::File(len)) => {
                let text = (len <= MAX_TEXT).then(|| self.os.text(&path)).flatten();
                self.insert_file(path, text);
            }
            Some(Kind::Folder) => {
                self.gather_listing(&path);
            }
            Some(Kind::Other) => {
                self.insert_file(path, None);
            }
            None => {
                // A dangling symlink still occupies the name.
                if self.os.own_kind(&path).is_some() {
                    self.insert_file(path, None);
                } else {
                    self.missing.insert(path);
                }
            }
        }
    }

    /// Whether `path`'s folder was listed and its name is not in it. A project asks about the
    /// same few names (`.env`, `.dockerignore`, `.git`, an override file, …) in every folder above
    /// every file, and the folders were listed first: asking the disk again for each name was
    /// tens of thousands of failing `stat`s on the corpus. (A name that is not UTF-8 is asked.)
    fn absent_from_listing(&self, path: &Path) -> bool {
        let (Some(folder), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
            return false;
        };
        self.folders.get(folder).is_some_and(|names| names.binary_search_by(|n| n.as_str().cmp(name)).is_err())
    }

    /// Records the names in a folder.
    pub fn gather_listing(&mut self, folder: &Path) {
        let folder = clean(folder);
        if self.folders.contains_key(&folder) {
            return;
        }
        let Some(names) = self.os.listing(&folder) else {
            self.missing.insert(folder);
            return;
        };
        self.folders.insert(folder, names.to_vec());
    }

    /// Reads the small text files below a folder (mounted config, copied scripts), skipping
    /// `.git`, `node_modules` and other bulky folders.
    pub fn gather_tree(&mut self, folder: &Path, keep: impl Fn(&str) -> bool) {
        let folder = clean(folder);
        let mut stack = vec![(folder, 0usize)];
        let mut read = 0;
        while let Some((current, depth)) = stack.pop() {
            self.gather_listing(&current);
            let names = self.folders.get(&current).cloned().unwrap_or_default();
            for name in names {
                if matches!(name.as_str(), ".git" | "node_modules" | "vendor" | "target" | ".venv" | "__pycache__") {
                    continue;
                }
                let path = current.join(&name);
                let Some(kind) = self.os.own_kind(&path) else { continue };
                if kind == Kind::Folder {
                    if depth < 5 {
                        stack.push((path, depth + 1));
                    }
                } else if matches!(kind, Kind::File(_)) && keep(&name) && read < MAX_FOLDER_FILES {
                    read += 1;
                    self.gather_file(&path);
                }
            }
        }
    }

    /// Records the canonical form of a path compose names (a build's Dockerfile).
    pub fn resolve(&mut self, path: &Path) {
        let lexical = clean(path);
        if let Some(real) = self.os.canonical(&lexical) {
            self.resolved.insert(lexical, real);
        }
    }

    /// The canonical form of a path recorded by [`Disk::resolve`].
    pub fn resolved(&self, path: &Path) -> Option<PathBuf> {
        self.resolved.get(&clean(path)).cloned()
    }

    /// Every path asked about (read, found missing, listed); `listed` says whether it is a
    /// folder whose names were read.
    pub fn asked(&self) -> impl Iterator<Item = (&Path, bool)> {
        self.files
            .keys()
            .chain(self.missing.iter())
            .map(|p| (p.as_path(), false))
            .chain(self.folders.keys().map(|p| (p.as_path(), true)))
    }

    /// Whether `path` was asked about: read, found missing, listed, or in a listed folder.
    pub fn knows(&self, path: &Path) -> bool {
        let path = clean(path);
        self.files.contains_key(&path)
            || self.missing.contains(&path)
            || self.folders.contains_key(&path)
            || path.parent().is_some_and(|folder| self.folders.contains_key(folder))
    }

    pub fn exists(&self, path: &Path) -> bool {
        let path = clean(path);
        self.files.contains_key(&path) || self.folders.contains_key(&path)
    }

    /// Whether `path` was looked for and is not there (a path never gathered is unknown, not
    /// missing).
    pub fn is_missing(&self, path: &Path) -> bool {
        self.missing.contains(&clean(path))
    }

    pub fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(&clean(path))
    }

    pub fn is_folder(&self, path: &Path) -> bool {
        self.folders.contains_key(&clean(path))
    }

    /// Asks git which of `paths` (files in a work tree) it tracks, one `git ls-files` per
    /// path. Only files that exist and that no ignore pattern covers are worth asking about:
    /// the caller picks them. Without git, or outside a work tree, none is tracked.
    pub fn gather_tracked(&mut self, paths: &[PathBuf]) {
        for path in paths {
            if self.os.git_tracks(path) {
                self.tracked.insert(clean(path));
            }
        }
    }

    /// Whether git tracks `path` (asked for by [`Disk::gather_tracked`]).
    pub fn git_tracks(&self, path: &Path) -> bool {
        self.tracked.contains(&clean(path))
    }

    /// The text of a gathered file.
    pub fn text(&self, path: &Path) -> Option<&str> {
        self.files.get(&clean(path))?.as_deref()
    }

    /// The names in a gathered folder.
    pub fn listing(&self, folder: &Path) -> &[String] {
        self.folders.get(&clean(folder)).map_or(&[], Vec::as_slice)
    }

    /// Every gathered text file.
    pub fn all_texts(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.ordered.iter().filter_map(|path| Some((path.as_path(), self.files.get(path)?.as_deref()?)))
    }

    /// Every gathered text file below `folder` (itself, if it is a file).
    pub fn texts_under<'a>(&'a self, folder: &Path) -> impl Iterator<Item = (&'a Path, &'a str)> + 'a {
        let folder = clean(folder);
        self.ordered
            .range(folder.clone()..)
            .take_while(move |path| path.starts_with(&folder))
            .filter_map(|path| Some((path.as_path(), self.files.get(path)?.as_deref()?)))
    }
}

/// `a/./b/../c` → `a/c`, without touching the disk.
pub fn clean(path: &Path) -> PathBuf {
    // Most paths asked about are clean already: copied as they are (walking their components
    // was a fiftieth of a run).
    if cfg!(unix) && is_clean(path.as_os_str().as_encoded_bytes()) {
        return path.to_path_buf();
    }
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

/// Whether `clean` would give the path back unchanged: no `.` or `..` component, no empty one
/// (`a//b`, a trailing `/`) but the root's.
fn is_clean(bytes: &[u8]) -> bool {
    bytes.split(|&b| b == b'/').enumerate().all(|(i, part)| part != b"." && part != b".." && (i == 0 || !part.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_path_is_what_the_components_give() {
        let paths = ["", "/", "a", "/a/b", "a/b/", "a//b", "./a", "a/.", "a/./b", "a/../b", "../a", "/..", "..", ".", "a/..", "/a/b/../../..", "a/b.c/.d/..e", "//a"];
        for path in paths {
            let mut out = PathBuf::new();
            for component in Path::new(path).components() {
                match component {
                    Component::CurDir => {}
                    Component::ParentDir if out.file_name().is_some() && !out.ends_with("..") => {
                        out.pop();
                    }
                    other => out.push(other.as_os_str()),
                }
            }
            assert_eq!(clean(Path::new(path)), out, "{path:?}");
        }
    }

    #[test]
    fn answers_only_what_was_gathered() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("conf/sub")).unwrap();
        std::fs::write(dir.path().join("conf/sub/a.conf"), "upstream api:8080;").unwrap();
        std::fs::write(dir.path().join("x.sh"), "exec gosu app \"$@\"").unwrap();
        let mut disk = Disk::default();
        disk.gather_file(&dir.path().join("./x.sh"));
        disk.gather_file(&dir.path().join("nope"));
        disk.gather_tree(&dir.path().join("conf"), |_| true);
        assert!(disk.is_file(&dir.path().join("x.sh")));
        assert_eq!(disk.text(&dir.path().join("conf/../x.sh")), Some("exec gosu app \"$@\""));
        assert!(!disk.exists(&dir.path().join("nope")));
        assert!(!disk.exists(&dir.path().join("never-asked")));
        let under: Vec<_> = disk.texts_under(&dir.path().join("conf")).map(|(_, t)| t).collect();
        assert_eq!(under, ["upstream api:8080;"]);
    }

    #[test]
    fn parts_sharing_the_file_system_answers_ask_each_question_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Dockerfile"), "FROM alpine\n").unwrap();
        let os: Arc<Os> = Arc::default();
        let mut first = Disk::sharing(os.clone());
        first.gather_listing(dir.path());
        first.gather_file(&dir.path().join("Dockerfile"));
        // Changed after the first part asked: a part sharing its answers is told what the
        // first was (one run sees one disk), a run of its own sees the change.
        std::fs::write(dir.path().join(".env"), "A=1\n").unwrap();
        std::fs::write(dir.path().join("Dockerfile"), "FROM debian\n").unwrap();
        let mut second = Disk::sharing(os);
        second.gather_listing(dir.path());
        second.gather_file(&dir.path().join(".env"));
        second.gather_file(&dir.path().join("Dockerfile"));
        assert!(second.is_missing(&dir.path().join(".env")));
        assert!(second.is_file(&dir.path().join("Dockerfile")));
        // Each part still records only what it asked itself.
        assert!(!first.knows(&dir.path().join("elsewhere/x")));
        assert!(second.is_file(&dir.path().join("Dockerfile")));
        let mut fresh = Disk::default();
        fresh.gather_listing(dir.path());
        fresh.gather_file(&dir.path().join(".env"));
        fresh.gather_file(&dir.path().join("Dockerfile"));
        assert_eq!(fresh.text(&dir.path().join(".env")), Some("A=1\n"));
        assert_eq!(fresh.text(&dir.path().join("Dockerfile")), Some("FROM debian\n"));
    }

    #[test]
    fn a_name_missing_from_a_listed_folder_is_missing_without_asking_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Dockerfile"), "FROM alpine\n").unwrap();
        let mut disk = Disk::default();
        disk.gather_listing(dir.path());
        // Created after the listing: the listing, not the disk, answers for the folder.
        std::fs::write(dir.path().join(".env"), "A=1\n").unwrap();
        disk.gather_file(&dir.path().join(".env"));
        disk.gather_file(&dir.path().join("Dockerfile"));
        assert!(disk.is_missing(&dir.path().join(".env")));
        assert_eq!(disk.text(&dir.path().join("Dockerfile")), Some("FROM alpine\n"));
        // A folder never listed is asked directly.
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/.env"), "B=2\n").unwrap();
        disk.gather_file(&dir.path().join("sub/.env"));
        assert_eq!(disk.text(&dir.path().join("sub/.env")), Some("B=2\n"));
    }
}
