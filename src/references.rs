//! The files a project's container setup names: compose `include`, `extends.file` and
//! `env_file`, and the `-f`/`--file`/`--env-file` arguments of `docker compose` in Makefiles and
//! scripts. The project model gathers them (so a transform can ask whether they exist) and
//! `compose-file-references` reports the missing ones.

use crate::disk::clean;
use crate::syntax::compose::Compose;
use crate::syntax::yaml::locate;
use std::path::{Path, PathBuf};
use yaml_rust2::Yaml;

/// One file named by another.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// 1-based line of the reference in the file that makes it.
    pub line: usize,
    /// The path as written.
    pub written: String,
    /// The path it names on disk.
    pub path: PathBuf,
    /// How it is named (`env_file`, `include`, `extends`, `-f`, ...).
    pub how: &'static str,
    /// Compose tolerates its absence (`env_file` with `required: false`).
    pub optional: bool,
}

/// Paths with variables, globs or URLs name nothing dockfix can check.
fn checkable(written: &str) -> bool {
    !written.is_empty() && !written.contains(['$', '*', '?', '{', '`']) && !written.contains("://") && written != "-"
}

/// The `docker compose`/`docker-compose` file arguments of a Makefile or script, relative to
/// its folder (where `make` and scripts usually run).
pub fn in_script(text: &str, folder: &Path) -> Vec<Reference> {
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let words: Vec<&str> = line.split_whitespace().map(|w| w.trim_matches(['"', '\'', ';', '(', ')'])).collect();
        let Some(start) = words.iter().position(|w| *w == "docker-compose" || w.ends_with("/docker-compose") || *w == "compose") else { continue };
        if words[start] == "compose" && (start == 0 || !words[start - 1].ends_with("docker")) {
            continue;
        }
        let mut i = start + 1;
        while i < words.len() {
            let word = words[i];
            let (how, value) = match word {
                "-f" | "--file" => ("-f", words.get(i + 1).copied()),
                "--env-file" => ("--env-file", words.get(i + 1).copied()),
                _ => match word.strip_prefix("--file=").or_else(|| word.strip_prefix("-f=")) {
                    Some(value) => ("-f", Some(value)),
                    None => match word.strip_prefix("--env-file=") {
                        Some(value) => ("--env-file", Some(value)),
                        None => ("", None),
                    },
                },
            };
            if let Some(value) = value.filter(|v| checkable(v)) {
                out.push(Reference { line: number + 1, written: value.to_string(), path: clean(&folder.join(value)), how, optional: false });
            }
            // `&&`, `;` and `|` end the command.
            if matches!(word, "&&" | "||" | "|" | ";") {
                break;
            }
            i += 1;
        }
    }
    out
}

/// A path a compose file names, found from the document's meaning alone (no tree: the split
/// into parts reads it before any compose file is fully parsed).
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// The path as written.
    pub written: String,
    /// `include`, `extends` or `env_file` (also the key that names it).
    pub how: &'static str,
    /// Compose tolerates its absence (`env_file` with `required: false`).
    pub optional: bool,
    /// The service that names it (`None`: the top-level `include`).
    pub service: Option<String>,
}

/// The files a compose document names: `include`, and each service's `extends.file` and
/// `env_file` (merge keys resolved), in the file's order.
pub fn named_in_compose(doc: &Yaml) -> Vec<Named> {
    let mut out = Vec::new();
    let mut add = |written: &str, how: &'static str, optional: bool, service: Option<&str>| {
        out.push(Named { written: written.to_string(), how, optional, service: service.map(str::to_string) });
    };
    if let Some(include) = doc.as_hash().and_then(|h| h.get(&Yaml::String("include".into()))) {
        let items: Vec<&Yaml> = match include {
            Yaml::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for item in items {
            match item {
                Yaml::String(path) => add(path, "include", false, None),
                Yaml::Hash(long) => {
                    for key in ["path", "env_file"] {
                        match long.get(&Yaml::String(key.into())) {
                            Some(Yaml::String(path)) => add(path, "include", false, None),
                            Some(Yaml::Array(paths)) => paths.iter().filter_map(Yaml::as_str).for_each(|p| add(p, "include", false, None)),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for (name, service) in crate::syntax::compose::services_of(doc) {
        let get = |key: &str| crate::syntax::yaml::value::get(&service, key);
        if let Some(Yaml::Hash(extends)) = get("extends") {
            if let Some(file) = extends.get(&Yaml::String("file".into())).and_then(Yaml::as_str) {
                add(file, "extends", false, Some(&name));
            }
        }
        match get("env_file") {
            Some(Yaml::String(path)) => add(path, "env_file", false, Some(&name)),
            Some(Yaml::Array(items)) => {
                for item in items {
                    match item {
                        Yaml::String(path) => add(path, "env_file", false, Some(&name)),
                        Yaml::Hash(long) => {
                            let optional = long.get(&Yaml::String("required".into())) == Some(&Yaml::Boolean(false));
                            if let Some(path) = long.get(&Yaml::String("path".into())).and_then(Yaml::as_str) {
                                add(path, "env_file", optional, Some(&name));
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The path on disk a compose file in `folder` names by `written`, unless it holds a variable,
/// a glob or a URL (nothing dockfix can check).
pub fn path_named(written: &str, folder: &Path) -> Option<PathBuf> {
    checkable(written).then(|| clean(&folder.join(written)))
}

/// The files a compose file names (see [`named_in_compose`]), each on the line of the key that
/// names it.
pub fn in_compose(compose: &Compose, folder: &Path) -> Vec<Reference> {
    // The line of the key that makes the reference (its value may start on the next line).
    let line_of = |path: &[locate::Seg], fallback: usize| {
        let Some((locate::Seg::Key(last), parent)) = path.split_last() else { return fallback };
        let pair = compose.yaml.node(parent).and_then(|p| locate::get(p, &compose.yaml.text, last));
        pair.map_or(fallback, |n| n.start_position().row + 1)
    };
    let services = compose.services();
    named_in_compose(&compose.yaml.doc)
        .into_iter()
        .filter_map(|named| {
            let path = path_named(&named.written, folder)?;
            let line = match &named.service {
                None => line_of(&[locate::key("include")], 1),
                Some(name) => {
                    let service = services.iter().find(|s| s.name == *name)?;
                    line_of(&service.key_path(named.how), service.line)
                }
            };
            Some(Reference { line, written: named.written, path, how: named.how, optional: named.optional })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_file_arguments_of_make_and_scripts() {
        let text = "up:\n\tdocker compose -f docker-compose.yml -f docker-compose.monitoring.yml up -d\nlogs:\n\tdocker-compose --file=ops/a.yml --env-file .env.prod logs && echo -f x\nbuild:\n\tdocker build -f Dockerfile .\nvar:\n\tdocker compose -f $(FILE) up\n";
        let found = in_script(text, Path::new("/p"));
        let shown: Vec<(usize, &str, &str)> = found.iter().map(|r| (r.line, r.how, r.written.as_str())).collect();
        assert_eq!(
            shown,
            [(2, "-f", "docker-compose.yml"), (2, "-f", "docker-compose.monitoring.yml"), (4, "-f", "ops/a.yml"), (4, "--env-file", ".env.prod")]
        );
        assert_eq!(found[2].path, PathBuf::from("/p/ops/a.yml"));
    }

    #[test]
    fn compose_includes_extends_and_env_files() {
        let compose = Compose::parse(
            "include:\n  - other.yml\nservices:\n  web:\n    extends:\n      file: common.yml\n      service: base\n    env_file:\n      - .env\n      - path: ./local.env\n        required: false\n  api:\n    image: x\n    env_file: ${CONFIG}/api.env\n",
        )
        .unwrap();
        let found = in_compose(&compose, Path::new("/p"));
        let shown: Vec<(usize, &str, &str, bool)> = found.iter().map(|r| (r.line, r.how, r.written.as_str(), r.optional)).collect();
        assert_eq!(
            shown,
            [(1, "include", "other.yml", false), (5, "extends", "common.yml", false), (8, "env_file", ".env", false), (8, "env_file", "./local.env", true)]
        );
    }
}
