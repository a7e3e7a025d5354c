//! Splits the files of a run into independent parts, so each is modelled, fixed and freed on
//! its own, on every core, and the cost of a run grows with its files, not with their square.
//!
//! Two files are in one part when one could change what dockfix does to the other: files in one
//! folder; a compose file and every path it names (build contexts and their Dockerfiles, env
//! files, mounts, `extends`, `include`); the folders a Makefile or build script ties together
//! (`docker build -f x ctx`, `docker compose -f a -f b`); a compose file and the `.gitignore`
//! files above it (where a moved secret is ignored); a compose file and the files below it
//! (they see what it writes beside itself as their ancestors' files); a compose file and the
//! Dockerfiles above it (the image its repository publishes). The split is a guess that only costs speed
//! when wrong: the engine checks afterwards that no part changed a file another part read, and
//! runs such parts again as one (see `engine::run_parts`).

use crate::discover::{FileKind, Found};
use crate::disk::clean;
use foldhash::{HashMap, HashMapExt, HashSet};
use std::path::{Path, PathBuf};

/// Union-find over folders.
#[derive(Default)]
struct Folders {
    index: HashMap<PathBuf, usize>,
    parent: Vec<usize>,
}

impl Folders {
    fn id(&mut self, folder: &Path) -> usize {
        if let Some(&id) = self.index.get(folder) {
            return id;
        }
        let id = self.parent.len();
        self.parent.push(id);
        self.index.insert(folder.to_path_buf(), id);
        id
    }

    fn root(&mut self, id: usize) -> usize {
        root(&mut self.parent, id)
    }

    fn join(&mut self, a: &Path, b: &Path) {
        let (a, b) = (self.id(a), self.id(b));
        unite(&mut self.parent, a, b);
    }
}

/// The root of `i` in a union-find over indices (`parent[i] == i` at a root).
pub fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Puts `a` and `b` in one set; the smaller root stays the root.
pub fn unite(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (root(parent, a), root(parent, b));
    if a != b {
        parent[a.max(b)] = a.min(b);
    }
}

fn folder_of(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("/"))
}

/// The paths a compose file in `folder` ties to its folder: what it names (env files, included
/// and extended files), its build contexts and the folders of their Dockerfiles, its bind mounts
/// and their folders. Read from the document's meaning alone (one YAML load, see
/// `Project::plan_parts`), so the split does not parse every compose file twice.
///
/// A path written absolutely (`/var/run/docker.sock`, `/etc/localtime`) names the host, not the
/// project: tied, it made one part of every compose file that mounts the Docker socket, across
/// unrelated repositories. Should a part still change what another asked about there, the
/// engine runs the two again together.
pub fn compose_ties(doc: &yaml_rust2::Yaml, folder: &Path) -> Vec<PathBuf> {
    let mut ties = Vec::new();
    for named in crate::references::named_in_compose(doc) {
        if Path::new(&named.written).is_absolute() {
            continue;
        }
        if let Some(path) = crate::references::path_named(&named.written, folder) {
            ties.push(folder_of(&path).to_path_buf());
            ties.push(path);
        }
    }
    for (_, service) in crate::syntax::compose::services_of(doc) {
        let get = |key: &str| crate::syntax::yaml::value::get(&service, key);
        if let Some((context, dockerfile)) = get("build").and_then(crate::project::build_paths) {
            if !crate::project::is_remote_context(&context) {
                let context = clean(&folder.join(context));
                ties.push(folder_of(&clean(&context.join(dockerfile))).to_path_buf());
                ties.push(context);
            }
        }
        for source in crate::analysis::bind_sources_of(get("volumes")).into_iter().filter(|s| !s.starts_with('/')) {
            let path = clean(&folder.join(source));
            ties.push(folder_of(&path).to_path_buf());
            ties.push(path);
        }
    }
    ties
}

/// Groups of indices into `files` (each compose file with its ties, see [`compose_ties`]), in
/// the order of their first file.
pub fn groups(files: &[(&Found, Option<&[PathBuf]>)]) -> Vec<Vec<usize>> {
    let mut folders = Folders::default();
    let mut tops = WorkTreeTops::default();
    let gitignores: HashSet<&Path> = files.iter().filter(|(f, _)| f.kind == FileKind::GitIgnore).map(|(f, _)| folder_of(&f.real)).collect();
    let dockerignores: HashSet<&Path> =
        files.iter().filter(|(f, _)| f.kind == FileKind::DockerIgnore).map(|(f, _)| folder_of(&f.real)).collect();
    for (found, ties) in files {
        let folder = folder_of(&found.real).to_path_buf();
        folders.id(&folder);
        // A Dockerfile nobody names a context for may be built from a folder above it (the
        // model takes the one holding what it copies): that folder's .dockerignore goes with it.
        if found.kind == FileKind::Dockerfile {
            join_ancestors_in(&mut folders, &mut tops, &folder, &dockerignores);
        }
        let Some(ties) = ties else { continue };
        for tie in ties.iter() {
            folders.join(&folder, tie);
        }
        join_ancestors_in(&mut folders, &mut tops, &folder, &gitignores);
    }
    join_build_scripts(files, &mut folders, &mut tops);
    // A compose file reads and writes beside itself (`.env`, `.gitignore`, `secrets/`), which
    // the files in folders below it see as their ancestors' files: they go with it.
    let compose_folders: HashSet<&Path> =
        files.iter().filter(|(f, _)| f.kind == FileKind::Compose).map(|(f, _)| folder_of(&f.real)).collect();
    for (found, _) in files {
        let folder = folder_of(&found.real);
        for ancestor in folder.ancestors().skip(1) {
            if compose_folders.contains(ancestor) {
                folders.join(folder, ancestor);
                break;
            }
            if tops.is_top(ancestor) {
                break;
            }
        }
    }
    // A compose file may run the image its repository publishes from a Dockerfile above it
    // (paperless-ngx's `docker/compose/` and its top `Dockerfile`): they go together.
    let dockerfile_folders: HashSet<&Path> =
        files.iter().filter(|(f, _)| f.kind == FileKind::Dockerfile).map(|(f, _)| folder_of(&f.real)).collect();
    for folder in &compose_folders {
        for ancestor in folder.ancestors().skip(1) {
            if dockerfile_folders.contains(ancestor) {
                folders.join(folder, ancestor);
            }
            if tops.is_top(ancestor) {
                break;
            }
        }
    }
    let mut by_root: HashMap<usize, usize> = HashMap::new();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (index, (found, _)) in files.iter().enumerate() {
        let id = folders.id(folder_of(&found.real));
        let root = folders.root(id);
        let group = *by_root.entry(root).or_insert_with(|| {
            out.push(Vec::new());
            out.len() - 1
        });
        out[group].push(index);
    }
    out
}

/// Joins `folder` with each folder above it, up to its work tree's top, that is in `marked`.
fn join_ancestors_in(folders: &mut Folders, tops: &mut WorkTreeTops, folder: &Path, marked: &HashSet<&Path>) {
    for ancestor in folder.ancestors() {
        if marked.contains(ancestor) {
            folders.join(folder, ancestor);
        }
        if tops.is_top(ancestor) {
            break;
        }
    }
}

/// Whether a folder is a git work tree's top (holds `.git`), asked of the disk once per folder:
/// every file asks it of each folder above it, twice — thousands of failing `stat`s on a large
/// repository.
#[derive(Default)]
struct WorkTreeTops(HashMap<PathBuf, bool>);

impl WorkTreeTops {
    fn is_top(&mut self, folder: &Path) -> bool {
        if let Some(&top) = self.0.get(folder) {
            return top;
        }
        let top = folder.join(".git").exists();
        self.0.insert(folder.to_path_buf(), top);
        top
    }
}

/// Makefiles and build scripts in the files' folders and their ancestors (up to the git work
/// tree) tie together the folders they name.
fn join_build_scripts(files: &[(&Found, Option<&[PathBuf]>)], folders: &mut Folders, tops: &mut WorkTreeTops) {
    let mut seen: HashSet<PathBuf> = HashSet::default();
    let mut scripts: Vec<PathBuf> = Vec::new();
    for (found, _) in files {
        for ancestor in folder_of(&found.real).ancestors() {
            if !seen.insert(ancestor.to_path_buf()) {
                break;
            }
            if let Ok(entries) = std::fs::read_dir(ancestor) {
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if crate::project::is_build_script(&name) {
                        scripts.push(ancestor.join(name));
                    }
                }
            }
            if tops.is_top(ancestor) {
                break;
            }
        }
    }
    for script in scripts {
        let Ok(meta) = std::fs::metadata(&script) else { continue };
        if !meta.is_file() || meta.len() > 512 * 1024 {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&script) else { continue };
        let text = text.replace("\\\n", " ");
        let folder = folder_of(&script).to_path_buf();
        for reference in crate::references::in_script(&text, &folder) {
            folders.join(&folder, folder_of(&reference.path));
        }
        for (dockerfile, context) in crate::project::docker_builds_in(&text, &folder) {
            folders.join(&folder, folder_of(&dockerfile));
            folders.join(&folder, &context);
        }
    }
}
