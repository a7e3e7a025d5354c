//! `env-example-sync`: every variable the compose files of a folder read is listed in that
//! folder's `.env.example`, with its default and the services that use it.
//!
//! **Why**: a newcomer copies `.env.example` to `.env`; a variable missing there is found only
//! when a service misbehaves (an empty password, a wrong URL) or Compose stops on `${VAR:?}`.
//! **How**: the interpolations of each service (merge keys resolved) and of the top-level
//! sections are read, and the names a service's `environment` passes on without a value
//! (`- POSTGRES_PASSWORD`: Compose takes it from its own environment, which `.env` sets); missing ones are appended (`.env.example` is created when there is none),
//! each after a comment naming its services and whether it is required. The user's lines and
//! comments stay as they are; a variable listed commented out (`# NAME=`) counts as listed.
//! **Safety**: safe: `.env.example` is documentation; Compose never reads it.

use super::{Proposals, Transform};
use crate::discover::FileKind;
use crate::project::{Parsed, Project};
use crate::syntax::compose::{Compose, interpolations};
use crate::syntax::dotenv;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use yaml_rust2::Yaml;

pub struct EnvExampleSync;

/// What the compose files say of one variable.
#[derive(Debug, Default)]
struct Variable {
    /// The first default written for it.
    default: Option<String>,
    required: bool,
    /// Services (or top-level sections) that read it.
    users: BTreeSet<String>,
    /// Order of first appearance.
    first: usize,
    /// Only passed on by name (`environment: [NAME]`), never interpolated.
    passed_only: bool,
    /// It sets the user or group a service runs as (`user: "${UID}:${GID}"`): the command that
    /// prints the reader's own (`id -u`, `id -g`).
    own_id: Option<&'static str>,
}

impl Transform for EnvExampleSync {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        // The compose files of each folder share its `.env` (and so its `.env.example`).
        let mut by_folder: BTreeMap<PathBuf, Vec<(crate::source::FileId, &Compose)>> = BTreeMap::new();
        for (file, compose) in project.compose_files() {
            by_folder.entry(project.folder(file)).or_default().push((file, compose));
        }
        for (folder, composes) in by_folder {
            let mut variables: BTreeMap<String, Variable> = BTreeMap::new();
            for (_, compose) in &composes {
                read_variables(compose, &mut variables);
            }
            if variables.is_empty() {
                continue;
            }
            let path = project.env_example_in(&folder);
            let target = project.file_at(&path);
            let listed = read_lines(project, &path, listed_names).unwrap_or_default();
            // Variables every login shell sets (`HOME`, `USER`): Compose takes them from the
            // environment, and an example line would only suggest overriding them.
            let from_shell = out.meta().strings("from_the_shell");
            let mut missing: Vec<(&String, &Variable)> =
                variables.iter().filter(|(name, _)| !listed.contains(*name) && !from_shell.contains(name)).collect();
            if missing.is_empty() {
                continue;
            }
            missing.sort_by_key(|(_, v)| v.first);
            // A `.env` git tracks is the project's own example, committed with its values
            // (`DB_PASSWORD=ninja` for a first start): a new `.env.example` would be a second
            // list of the same names, without the values. What that .env lacks is named.
            let env_path = folder.join(".env");
            if target.is_none() && !project.disk.exists(&path) && project.disk.git_tracks(&env_path) {
                let set: BTreeSet<String> = read_lines(project, &env_path, |lines| {
                    dotenv::variables(lines).into_iter().map(|(name, _, _)| name).collect()
                })
                .unwrap_or_default();
                let unset: Vec<String> = missing
                    .iter()
                    .filter(|(name, variable)| !set.contains(*name) && variable.default.is_none() && !variable.passed_only)
                    .map(|(name, _)| format!("`{name}`"))
                    .collect();
                if !unset.is_empty() {
                    let (near, _) = composes[0];
                    out.note(near, 1, format!(
                        "no .env.example written: git tracks this folder's .env, the project's own list of settings; it does not set {} (read without a default): add {} there",
                        unset.join(", "),
                        if unset.len() == 1 { "it" } else { "them" }
                    ));
                }
                continue;
            }
            let mut lines = Vec::new();
            let mut passed_heading: Option<String> = None;
            for (name, variable) in &missing {
                let users: Vec<&str> = variable.users.iter().map(String::as_str).collect();
                let mut comment = format!("# {name}: read by {}", users.join(", "));
                if variable.required {
                    comment.push_str("; required (Compose stops when it is unset)");
                }
                // Passed on by name only: unset, the service does not get it at all; an
                // empty `NAME=` copied into .env would hand it an empty value instead (an
                // empty password, an empty URL). Listed commented out.
                // Names passed on to the same services one after another share one comment.
                if variable.passed_only {
                    let heading = format!("# passed on to {} when set:", users.join(", "));
                    if passed_heading.as_ref() != Some(&heading) {
                        lines.push(heading.clone());
                        passed_heading = Some(heading);
                    }
                    lines.push(format!("# {name}="));
                    continue;
                }
                passed_heading = None;
                let secret = super::is_secret_name(name);
                // A default that reads other variables (`${GOPATH:-${HOME}/go}`) is Compose's
                // to work out; as a value in `.env` it would be taken literally or not at
                // all, so the line is written commented out: unset, the default applies.
                if let Some(default) = variable.default.as_deref().filter(|d| d.contains('$') && !d.contains(['\n', '\r']) && !secret) {
                    comment.push_str("; its default reads other variables, so it is left unset here (set it in .env to change it)");
                    lines.push(comment);
                    lines.push(format!("# {name}={default}"));
                    continue;
                }
                // Empty, `user: ":"` does not start; the value is the reader's own number.
                if let Some(command) = variable.own_id.filter(|_| variable.default.is_none()) {
                    let what = if command == "id -u" { "user" } else { "group" };
                    comment.push_str(&format!("; the {what} id the service runs as (`user:`): set it to yours (`{command}`) or to the owner of its mounted folders"));
                }
                let value = match &variable.default {
                    Some(_) if secret => {
                        comment.push_str("; a secret: set your own value in .env");
                        String::new()
                    }
                    Some(default) => match dotenv::render(default) {
                        Some(rendered) => rendered,
                        None => {
                            comment.push_str("; its default is in the compose file");
                            String::new()
                        }
                    },
                    None => String::new(),
                };
                lines.push(comment);
                lines.push(format!("{name}={value}"));
            }
            let (near, _) = composes[0];
            let names: Vec<String> = missing.iter().map(|(n, _)| format!("`{n}`")).collect();
            let why = format!("variables the compose files read are listed: {}", names.join(", "));
            let header = "# Variables docker compose reads from .env (copy this file to .env and fill in the values).";
            super::compose_env_credentials::write_lines(project, out, near, target, &path, FileKind::EnvExample, 0o644, header, &lines, &why);
        }
    }
}

/// The variables a compose file reads, with the services that read them.
fn read_variables(compose: &Compose, variables: &mut BTreeMap<String, Variable>) {
    for service in compose.services() {
        let mut strings = Vec::new();
        for (_, value) in service.merged.iter() {
            collect_strings(value, &mut strings);
        }
        record(&strings, &service.name, variables);
        if let Some(user) = service.merged.get(&Yaml::String("user".into())).and_then(Yaml::as_str) {
            let (uid, gid) = user.split_once(':').unwrap_or((user, ""));
            for (part, command) in [(uid, "id -u"), (gid, "id -g")] {
                // Named as a number (`UID`, `PGID`, `HOST_USER_ID`): `user: ${DB_USER}` may name
                // a user that other settings name too.
                let numeric = |name: &str| ["UID", "GID", "USER_ID", "GROUP_ID"].iter().any(|end| name.to_ascii_uppercase().ends_with(end));
                for found in interpolations(part).into_iter().filter(|found| numeric(&found.name)) {
                    if let Some(variable) = variables.get_mut(&found.name) {
                        variable.own_id.get_or_insert(command);
                    }
                }
            }
        }
        // `environment: [POSTGRES_PASSWORD]` (or `POSTGRES_PASSWORD:` with no value) passes the
        // variable on from Compose's own environment, which `.env` sets: it is read as surely
        // as `${POSTGRES_PASSWORD}` is.
        for name in passed_through(service.merged.get(&Yaml::String("environment".into()))) {
            let next = variables.len();
            let variable = variables.entry(name).or_insert_with(|| Variable { first: next, passed_only: true, ..Variable::default() });
            variable.users.insert(service.name.clone());
        }
    }
    let Yaml::Hash(root) = &compose.yaml.doc else { return };
    for (key, value) in root {
        let Some(key) = key.as_str() else { continue };
        // Extension fields reach services through merge keys (counted there).
        if key == "services" || key.starts_with("x-") {
            continue;
        }
        let mut strings = Vec::new();
        collect_strings(value, &mut strings);
        record(&strings, &format!("top-level `{key}`"), variables);
    }
}

/// The names an `environment` block passes on without a value: `- NAME` in the list form,
/// `NAME:` (null) in the map form.
fn passed_through(environment: Option<&Yaml>) -> Vec<String> {
    let is_name = |name: &str| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !name.starts_with(|c: char| c.is_ascii_digit());
    match environment {
        Some(Yaml::Array(items)) => items.iter().filter_map(Yaml::as_str).map(str::trim).filter(|item| is_name(item)).map(str::to_string).collect(),
        Some(Yaml::Hash(map)) => map
            .iter()
            .filter(|(_, value)| value.is_null())
            .filter_map(|(key, _)| key.as_str())
            .filter(|name| is_name(name))
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn record(strings: &[String], user: &str, variables: &mut BTreeMap<String, Variable>) {
    for found in strings.iter().flat_map(|s| interpolations(s)) {
        let next = variables.len();
        let variable = variables.entry(found.name).or_insert_with(|| Variable { first: next, ..Variable::default() });
        variable.passed_only = false;
        variable.required |= found.required;
        if variable.default.is_none() {
            variable.default = found.default;
        }
        variable.users.insert(user.to_string());
    }
}

fn collect_strings(value: &Yaml, out: &mut Vec<String>) {
    match value {
        Yaml::String(text) => out.push(text.clone()),
        Yaml::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Yaml::Hash(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// The names `.env.example` lists, set (`NAME=...`) or commented out (`# NAME=...`).
/// `read` applied to the line file at `path`: as the project holds it (with this run's edits),
/// else as the disk has it. `None` when there is none.
fn read_lines<T>(project: &Project, path: &std::path::Path, read: impl Fn(&crate::syntax::ignorefile::LineFile) -> T) -> Option<T> {
    match project.file_at(path).map(|f| &project.files[f].parsed) {
        Some(Parsed::Lines(lines)) => Some(read(lines)),
        _ => project.disk.text(path).map(|text| read(&crate::syntax::ignorefile::LineFile::parse(text))),
    }
}

fn listed_names(lines: &crate::syntax::ignorefile::LineFile) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = dotenv::variables(lines).into_iter().map(|(name, _, _)| name).collect();
    for line in &lines.lines {
        let text = lines.content(line).trim();
        let Some(rest) = text.strip_prefix('#') else { continue };
        let rest = rest.trim_start().strip_prefix("export ").unwrap_or(rest.trim_start());
        if let Some((name, _)) = rest.split_once('=') {
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                names.insert(name.to_string());
            }
        }
    }
    names
}
