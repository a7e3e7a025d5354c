//! Finding the files dockfix reads: folders are walked respecting `.gitignore`, files named on
//! the command line are taken as given.

use crate::error::InputError;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    Dockerfile,
    Compose,
    DockerIgnore,
    EnvExample,
    GitIgnore,
    /// `.env`: holds secret values; shown redacted in every output.
    Env,
    /// A Compose secret file dockfix writes (`secrets/<name>.txt`): shown fully redacted.
    Secret,
    /// A shell script a Dockerfile copies or a compose file mounts (never found by the walk
    /// itself: the project model adds the scripts the container files use).
    Shell,
    /// A Makefile or build script that runs `docker compose` with named files (never found by
    /// the walk: the project model adds the ones that name compose files, so that their
    /// references can be reported on their lines). Never edited.
    BuildScript,
}

/// A file to read.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The path as the user will see it (relative to where they pointed dockfix).
    pub display: PathBuf,
    /// The file to read and write: symlinks inside the root resolved.
    pub real: PathBuf,
    pub kind: FileKind,
    /// A YAML file named on the command line that is a compose file only if it has `services:`.
    pub needs_services: bool,
    /// A compose file by another name beside or just below a compose file (zammad's
    /// `scenarios/add-ollama.yml`, for `-f docker-compose.yml -f scenarios/add-ollama.yml`): read
    /// for what it adds to the files it is merged over, never changed.
    pub overlay: bool,
}

/// The kind of a file, from its name alone.
pub fn classify(name: &str) -> Option<FileKind> {
    let lower = name.to_ascii_lowercase();
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    let variant =
        |base: &str| name == base || name.starts_with(&format!("{base}.")) || name.starts_with(&format!("{base}-"));
    if variant("Dockerfile") || variant("Containerfile") || name == "dockerfile" || lower.ends_with(".dockerfile") {
        Some(FileKind::Dockerfile)
    } else if yaml && (lower.starts_with("docker-compose") || lower.starts_with("compose")) {
        Some(FileKind::Compose)
    } else {
        match name {
            ".dockerignore" => Some(FileKind::DockerIgnore),
            ".env.example" | ".env.sample" | ".env.template" | ".env.dist" | "env.example" | "example.env" | "sample.env" | "env.sample"
            | ".env-sample" | ".env-example" => {
                Some(FileKind::EnvExample)
            }
            ".env" => Some(FileKind::Env),
            ".gitignore" => Some(FileKind::GitIgnore),
            _ => None,
        }
    }
}

/// A YAML name that suggests compose without saying it first (`curator-compose.yml`,
/// `app.compose.yaml`): taken from a walk only when the file has a top-level `services:`.
pub fn is_compose_candidate(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    is_yaml(name) && (lower.contains("-compose") || lower.contains(".compose") || lower.contains("_compose"))
}

fn is_yaml(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".yml") || lower.ends_with(".yaml")
}

/// What discovery found: the files to read, the files it could not take (errors) and the
/// files named on the command line that are not a kind dockfix handles (skipped, with a note).
#[derive(Debug, Default)]
pub struct Discovery {
    pub found: Vec<Found>,
    pub errors: Vec<InputError>,
    pub skipped: Vec<InputError>,
    /// YAML files the walk passed whose names say nothing of compose: overlay candidates.
    other_yaml: Vec<(PathBuf, PathBuf, PathBuf)>,
}

/// Every file dockfix should read under `paths`, sorted, each once (by its canonical path).
/// Display paths are relative to the root of the git work tree that holds a target (else to the
/// target itself), so `.`, `./x`, `x` and `/abs/x` name every file the same way.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut discovery = Discovery::default();
    for path in paths {
        if let Err(error) = discover_one(path, &mut discovery) {
            discovery.errors.push(error);
        }
    }
    add_env_files(&mut discovery.found);
    add_included_compose_files(&mut discovery.found);
    add_overlays(&mut discovery);
    discovery.found.sort_by(|a, b| a.display.cmp(&b.display));
    let mut seen = std::collections::HashSet::new();
    discovery.found.retain(|f| seen.insert(f.real.clone()));
    discovery
}

fn discover_one(path: &Path, discovery: &mut Discovery) -> Result<(), InputError> {
    let meta = std::fs::metadata(path).map_err(|e| InputError::new(path, 0, 0, format!("cannot read: {e}")))?;
    let canonical = std::fs::canonicalize(path).map_err(|e| InputError::new(path, 0, 0, format!("cannot read: {e}")))?;
    if meta.is_dir() {
        let root = root_of(&canonical);
        let prefix = canonical.strip_prefix(&root).unwrap_or(Path::new("")).to_path_buf();
        walk(path, &canonical, &prefix, discovery);
        tracked(path, &canonical, &root, &prefix, discovery);
        return Ok(());
    }
    let folder = canonical.parent().unwrap_or(Path::new("/")).to_path_buf();
    let root = root_of(&folder);
    let name = file_name(path);
    let display = folder.strip_prefix(&root).unwrap_or(Path::new("")).join(&name);
    let (kind, needs_services) = match classify(&name) {
        Some(kind) => (kind, false),
        None if is_yaml(&name) => (FileKind::Compose, true),
        None => {
            discovery.skipped.push(InputError::new(
                &display,
                0,
                0,
                "skipped: not a Dockerfile, compose file or ignore file dockfix knows",
            ));
            return Ok(());
        }
    };
    if needs_services && !has_top_level_services(&canonical) {
        discovery.skipped.push(InputError::new(&display, 1, 1, "skipped: not a compose file (no top-level `services:`)"));
        return Ok(());
    }
    discovery.found.push(Found { display: display.clone(), real: canonical, kind, needs_services, overlay: false });
    // A compose file named alone (a pre-commit hook passes the files a commit changes): the
    // overlays merged over it still decide what its changes may cut off.
    if kind == FileKind::Compose {
        yaml_near(&folder, display.parent().unwrap_or(Path::new("")), discovery);
    }
    Ok(())
}

/// A YAML name that says nothing of compose (`add-ollama.yml`): an overlay if its content is one.
fn overlay_candidate(name: &str) -> bool {
    is_yaml(name) && classify(name).is_none() && !is_compose_candidate(name)
}

/// The YAML files in `folder` and its folders one level down, as overlay candidates (what a walk
/// of the folder would pass to [`add_overlays`]).
fn yaml_near(folder: &Path, shown: &Path, discovery: &mut Discovery) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_file() && overlay_candidate(&name) {
            discovery.other_yaml.push((entry.path(), shown.join(&name), folder.to_path_buf()));
        } else if kind.is_dir() && name != ".git" && name != "node_modules" {
            let Ok(inner) = std::fs::read_dir(entry.path()) else { continue };
            for file in inner.filter_map(Result::ok) {
                let inner_name = file.file_name().to_string_lossy().into_owned();
                if file.file_type().is_ok_and(|t| t.is_file()) && overlay_candidate(&inner_name) {
                    discovery.other_yaml.push((file.path(), shown.join(&name).join(&inner_name), folder.to_path_buf()));
                }
            }
        }
    }
}

/// The git work tree holding `folder`, else `folder` itself.
fn root_of(folder: &Path) -> PathBuf {
    folder.ancestors().find(|a| a.join(".git").exists()).unwrap_or(folder).to_path_buf()
}

fn walk(dir: &Path, canonical_dir: &Path, prefix: &Path, discovery: &mut Discovery) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                discovery.errors.push(InputError::new(dir, 0, 0, format!("cannot walk: {e}")));
                continue;
            }
        };
        let is_file_like = entry.file_type().is_some_and(|t| t.is_file() || t.is_symlink());
        if !is_file_like {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        consider(entry.path(), prefix.join(relative), canonical_dir, discovery);
    }
}

/// Inside a git work tree, files git tracks are examined even when a `.gitignore` pattern
/// matches them (a tracked `Dockerfile.deb` under an ignored-looking name is still shipped).
fn tracked(dir: &Path, canonical_dir: &Path, root: &Path, prefix: &Path, discovery: &mut Discovery) {
    if !root.join(".git").exists() {
        return;
    }
    let Ok(output) = std::process::Command::new("git")
        .arg("-C")
        .arg(canonical_dir)
        .args(["ls-files", "-z", "--cached"])
        .stderr(std::process::Stdio::null())
        .output()
    else {
        return;
    };
    if !output.status.success() {
        return;
    }
    for relative in output.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let relative = PathBuf::from(String::from_utf8_lossy(relative).into_owned());
        if relative.components().any(|c| c.as_os_str() == ".git") {
            continue;
        }
        let on_disk = dir.join(&relative);
        if std::fs::symlink_metadata(&on_disk).is_ok() {
            consider(&on_disk, prefix.join(&relative), canonical_dir, discovery);
        }
    }
}

/// Takes one walked file if its name is a kind dockfix reads.
fn consider(path: &Path, display: PathBuf, canonical_dir: &Path, discovery: &mut Discovery) {
    let name = file_name(path);
    let (kind, candidate) = match classify(&name) {
        Some(kind) => (kind, false),
        None if is_compose_candidate(&name) => (FileKind::Compose, true),
        None => {
            if is_yaml(&name) {
                discovery.other_yaml.push((path.to_path_buf(), display, canonical_dir.to_path_buf()));
            }
            return;
        }
    };
    let real = match resolve(path, canonical_dir, &display) {
        Ok(real) => real,
        Err(error) => {
            discovery.errors.push(error);
            return;
        }
    };
    if candidate && !has_top_level_services(&real) {
        return;
    }
    discovery.found.push(Found { display, real, kind, needs_services: candidate, overlay: false });
}

/// Compose files by other names that sit in a compose file's folder or one folder below it
/// (`overrides/compose.redis.yaml` is found by name; `scenarios/add-proxy.yml` only here): files
/// merged over the base with `-f`, whose services the base's transforms must not cut off. Only
/// YAML with a top-level `services:` is taken, and it is never changed ([`Found::overlay`]).
fn add_overlays(discovery: &mut Discovery) {
    let others = std::mem::take(&mut discovery.other_yaml);
    if others.is_empty() {
        return;
    }
    let compose_folders: std::collections::HashSet<&Path> =
        discovery.found.iter().filter(|f| f.kind == FileKind::Compose).filter_map(|f| f.display.parent()).collect();
    let near = |display: &Path| {
        let parent = display.parent();
        parent.is_some_and(|p| compose_folders.contains(p)) || parent.and_then(Path::parent).is_some_and(|p| compose_folders.contains(p))
    };
    let mut overlays = Vec::new();
    for (path, display, canonical_dir) in others {
        if !near(&display) {
            continue;
        }
        let Ok(real) = resolve(&path, &canonical_dir, &display) else { continue };
        // A file a compose file `include:`s is a compose file of its own (found above).
        if discovery.found.iter().any(|f| f.real == real) {
            continue;
        }
        if has_top_level_services(&real) {
            overlays.push(Found { display, real, kind: FileKind::Compose, needs_services: true, overlay: true });
        }
    }
    discovery.found.extend(overlays);
}

/// The `.env` beside each compose file, read even when `.gitignore` hides it (it usually does):
/// compose reads it, and secrets moved out of a compose file go there.
fn add_env_files(found: &mut Vec<Found>) {
    let beside: Vec<Found> = found
        .iter()
        .filter(|f| f.kind == FileKind::Compose)
        .filter_map(|f| {
            let display = f.display.with_file_name(".env");
            let real = f.real.with_file_name(".env");
            let is_file = std::fs::symlink_metadata(&real).is_ok_and(|m| m.is_file());
            is_file.then_some(Found { display, real, kind: FileKind::Env, needs_services: false, overlay: false })
        })
        .collect();
    for env in beside {
        if !found.iter().any(|f| f.real == env.real) {
            found.push(env);
        }
    }
}

/// The files a compose file's top-level `include:` names (`services/postgres.yaml`): compose
/// files whatever their names, which a walk would not take by name alone. Only a file with a
/// line starting `include:` is loaded to find them.
fn add_included_compose_files(found: &mut Vec<Found>) {
    let mut included: Vec<Found> = Vec::new();
    for file in found.iter().filter(|f| f.kind == FileKind::Compose) {
        let Ok(text) = std::fs::read_to_string(&file.real) else { continue };
        if !text.lines().any(|line| line.starts_with("include:")) {
            continue;
        }
        let Ok(docs) = yaml_rust2::YamlLoader::load_from_str(&text) else { continue };
        let Some(doc) = docs.first() else { continue };
        let (Some(folder), Some(shown_folder)) = (file.real.parent(), file.display.parent()) else { continue };
        for named in crate::references::named_in_compose(doc).into_iter().filter(|n| n.how == "include" && !n.written.contains('$')) {
            let relative = Path::new(named.written.trim_start_matches("./"));
            // Below the including file's folder only: a display path stays inside the run.
            if relative.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
                continue;
            }
            let Ok(real) = std::fs::canonicalize(folder.join(relative)) else { continue };
            if !std::fs::metadata(&real).is_ok_and(|m| m.is_file()) || !is_yaml(&file_name(&real)) {
                continue;
            }
            included.push(Found { display: shown_folder.join(relative), real, kind: FileKind::Compose, needs_services: true, overlay: false });
        }
    }
    for file in included {
        if !found.iter().any(|f| f.real == file.real) && has_top_level_services(&file.real) {
            found.push(file);
        }
    }
}

/// A cheap look for a top-level `services:` key, to pick compose files out of other YAML.
fn has_top_level_services(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| {
        String::from_utf8_lossy(&bytes).lines().any(|line| {
            let line = line.trim_start_matches('\u{feff}');
            line.starts_with("services:") || line.starts_with("\"services\":") || line.starts_with("'services':")
        })
    })
}

/// The canonical file behind `path`, refusing a symlink that leads out of `root` or nowhere.
fn resolve(path: &Path, root: &Path, display: &Path) -> Result<PathBuf, InputError> {
    let target = std::fs::canonicalize(path)
        .map_err(|e| InputError::new(display, 0, 0, format!("cannot read: symlink target: {e}")))?;
    if !target.starts_with(root) {
        return Err(InputError::new(
            display,
            0,
            0,
            format!("symlink leads out of the tree (to {}); dockfix does not follow it", target.display()),
        ));
    }
    Ok(target)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "Containerfile",
            "Containerfile.prod",
            "Dockerfile.dev",
            "api.Dockerfile",
            "x.dockerfile",
        ] {
            assert_eq!(classify(name), Some(FileKind::Dockerfile), "{name}");
        }
        for name in ["docker-compose.yml", "docker-compose.prod.yaml", "compose.yaml", "compose.override.yml"] {
            assert_eq!(classify(name), Some(FileKind::Compose), "{name}");
        }
        assert_eq!(classify(".dockerignore"), Some(FileKind::DockerIgnore));
        assert_eq!(classify(".env.example"), Some(FileKind::EnvExample));
        assert_eq!(classify(".env.sample"), Some(FileKind::EnvExample));
        assert_eq!(classify("sample.env"), Some(FileKind::EnvExample));
        assert_eq!(classify(".env-sample"), Some(FileKind::EnvExample));
        assert_eq!(classify(".env.local"), None);
        assert_eq!(classify("Dockerfile-tester"), Some(FileKind::Dockerfile));
        assert_eq!(classify("Dockerfiles.md"), None);
        assert!(is_compose_candidate("curator-compose.yml") && !is_compose_candidate("prometheus.yml"));
        assert_eq!(classify("prometheus.yml"), None);
    }
}
