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
            ".env.example" => Some(FileKind::EnvExample),
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

/// Every file dockfix should read under `paths`, sorted, each once.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Found>, InputError> {
    let mut found: Vec<Found> = Vec::new();
    for path in paths {
        let meta =
            std::fs::symlink_metadata(path).map_err(|e| InputError::new(path, 0, 0, format!("cannot read: {e}")))?;
        if meta.is_dir() {
            walk(path, &mut found)?;
        } else {
            let root = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let name = file_name(path);
            let (kind, needs_services) = match classify(&name) {
                Some(kind) => (kind, false),
                None if is_yaml(&name) => (FileKind::Compose, true),
                None => {
                    return Err(InputError::new(
                        path,
                        0,
                        0,
                        "not a Dockerfile, compose file or ignore file dockfix knows",
                    ));
                }
            };
            found.push(Found { display: clean(path), real: resolve(path, root)?, kind, needs_services });
        }
    }
    add_env_files(&mut found);
    found.sort_by(|a, b| a.display.cmp(&b.display));
    found.dedup_by(|a, b| a.real == b.real);
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<Found>) -> Result<(), InputError> {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| InputError::new(dir, 0, 0, format!("cannot walk: {e}")))?;
        let is_file_like = entry.file_type().is_some_and(|t| t.is_file() || t.is_symlink());
        if !is_file_like {
            continue;
        }
        let name = file_name(entry.path());
        let (kind, candidate) = match classify(&name) {
            Some(kind) => (kind, false),
            None if is_compose_candidate(&name) => (FileKind::Compose, true),
            None => continue,
        };
        let real = resolve(entry.path(), dir)?;
        if candidate && !has_top_level_services(&real) {
            continue;
        }
        found.push(Found { display: clean(entry.path()), real, kind, needs_services: candidate });
    }
    Ok(())
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
            is_file.then_some(Found { display, real, kind: FileKind::Env, needs_services: false })
        })
        .collect();
    for env in beside {
        if !found.iter().any(|f| f.real == env.real) {
            found.push(env);
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

/// Resolves a symlink, refusing one that leads out of `root` or nowhere.
fn resolve(path: &Path, root: &Path) -> Result<PathBuf, InputError> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(path.to_path_buf());
    }
    let target = std::fs::canonicalize(path)
        .map_err(|e| InputError::new(path, 0, 0, format!("cannot read: symlink target: {e}")))?;
    let root = std::fs::canonicalize(root).map_err(|e| InputError::new(root, 0, 0, format!("cannot read: {e}")))?;
    if !target.starts_with(&root) {
        return Err(InputError::new(
            path,
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

/// `./a/b` → `a/b`, so paths read well in diffs and `git apply` takes them.
fn clean(path: &Path) -> PathBuf {
    path.strip_prefix(".").map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
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
        assert_eq!(classify("Dockerfile-tester"), Some(FileKind::Dockerfile));
        assert_eq!(classify("Dockerfiles.md"), None);
        assert!(is_compose_candidate("curator-compose.yml") && !is_compose_candidate("prometheus.yml"));
        assert_eq!(classify("prometheus.yml"), None);
    }
}
