//! `compose-resource-limits`: `deploy.resources` limits and reservations for services without
//! any, from the service's role.
//!
//! **Why**: without limits one container (a leak, a runaway query, a fork bomb) takes the host's
//! memory, CPU or process table and every other service with it.
//! **How**: the defaults of the service's role (images.toml: datastore, proxy, app, monitoring,
//! admin; `app` for what is built here) from this transform's catalog, raised for images known to
//! need more (`[[image]]`), overridden by `dockfix.toml` (`[resources.<role>]`,
//! `[resources.services.<name>]`); merged into an existing `deploy` block.
//! **Leaves alone**: services with any limit (`deploy.resources`, `mem_limit`, `cpus`,
//! `pids_limit`, ...), services told to use more memory than the limit would leave room for
//! (`PHP_MEMORY_LIMIT`, `-Xmx`, `--max-old-space-size`, `--maxmemory`; a note), partial services
//! of override files, and services whose `deploy` comes
//! from a merge key or whose mapping others reuse through an anchor (notes).
//! **Safety**: unsafe: a limit below what the program needs gets it killed (OOM) or slowed.

use super::{Proposals, Transform};
use crate::catalog::Meta;
use crate::project::{Limits, Project};
use crate::syntax::compose::Service;
use crate::syntax::yaml::{Value, locate};

pub struct ComposeResourceLimits;

/// Keys by which a service already limits itself (any one is a decision dockfix keeps).
const LIMIT_KEYS: [&str; 8] = ["mem_limit", "memswap_limit", "mem_reservation", "cpus", "cpu_quota", "cpu_shares", "cpuset", "pids_limit"];

impl Transform for ComposeResourceLimits {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        let meta = out.meta();
        for (file, compose) in project.compose_files() {
            let text = &compose.yaml.text;
            for service in compose.services() {
                if service.is_partial() || service.extends_another() || !service.body.is_some_and(locate::is_mapping) || has_limits(&service) {
                    continue;
                }
                if crate::analysis::completed_by_base(project, file, &service.name) {
                    continue;
                }
                // Browsers under test need more than a service's default, and an OOM kill
                // fails the test run (the full-stack FastAPI template's playwright).
                if let Some(why) = crate::analysis::built_test_runner(project, file, &service) {
                    out.note(file, service.line, format!("`{}` gets no resource limits: a test run ({why}), whose browsers need more memory than a service's default", service.name));
                    continue;
                }
                if compose.anchor(&service).is_some_and(|a| !compose.alias_users(&a).is_empty()) {
                    out.note(file, service.line, format!("`{}` gets no resource limits: other services reuse it through its anchor; set limits on each", service.name));
                    continue;
                }
                // A privileged container runs containers or the host's work of its own (a CI
                // worker's builds, Docker in Docker): a role's default would starve them.
                if service.get("privileged").and_then(yaml_rust2::Yaml::as_bool) == Some(true) {
                    out.note(file, service.line, format!(
                        "`{}` gets no resource limits: it is privileged, so it likely runs workloads of its own (a CI worker's builds, nested containers) that a service's default would starve; set limits that fit them",
                        service.name
                    ));
                    continue;
                }
                let role = crate::analysis::service_role(&service);
                let limits = limits_for(project, file, meta, &service, &role);
                // A program told how much memory to use (`PHP_MEMORY_LIMIT=2048M`, `-Xmx2g`)
                // would be killed by a limit that leaves it no room for that: the right limit
                // is the user's to choose.
                let configured = project.options_for(file).resources.services.iter().any(|(name, _)| *name == service.name);
                if let (false, Some((need, told)), Some(limit)) =
                    (configured, declared_memory(project, file, &service), limits.memory.as_deref().and_then(bytes))
                {
                    if need.saturating_mul(5) / 4 > limit {
                        out.note(file, service.line, format!(
                            "`{}` gets no resource limits: it is told to use up to {told} of memory, which the {} limit of its role would not leave room for; set limits that fit in dockfix.toml [resources.services.{}]",
                            service.name,
                            limits.memory.as_deref().unwrap_or_default(),
                            service.name
                        ));
                        continue;
                    }
                }
                let format = file_format(compose);
                let message = format!(
                    "`{}` ({role}) has no resource limits: {} (a container that needs more memory is killed: raise it in dockfix.toml [resources.services.{}])",
                    service.name,
                    describe(&limits),
                    service.name
                );
                if let Format::V2(minor) = format {
                    // Version 2 files have no `deploy`: the service-level keys of that format.
                    let entries = v2_entries(&limits, minor);
                    let entries: Vec<(&str, Value)> = entries.iter().map(|(k, v)| (*k, v.clone())).collect();
                    match compose.yaml.insert_keys(&service.path(), &entries) {
                        Ok((edit, ops)) => out.change(file, service.line, message, vec![edit], super::Expect::Yaml(ops)),
                        Err(why) => out.note(file, service.line, format!("`{}` left alone: {why}", service.name)),
                    }
                    continue;
                }
                let resources = resources_value(&limits);
                // `pids` is a service key (`pids_limit`) for docker-compose 1.x; version 3 has none.
                let pids = limits.pids.filter(|_| format == Format::Spec).map(|p| Value::Plain(p.to_string()));
                let result = if service.owns(text, "deploy") {
                    compose.yaml.insert_key(&service.key_path("deploy"), "resources", &resources).and_then(|(edit, op)| {
                        let mut edits = vec![edit];
                        let mut ops = vec![op];
                        if let Some(pids) = &pids {
                            let (edit, op) = compose.yaml.insert_key(&service.path(), "pids_limit", pids)?;
                            edits.push(edit);
                            ops.push(op);
                        }
                        Ok((edits, ops))
                    })
                } else if service.get("deploy").is_some() {
                    Err("its `deploy` comes from a merge key; add `resources` there".to_string())
                } else {
                    let mut entries = vec![("deploy", Value::Map(vec![("resources".into(), resources)]))];
                    entries.extend(pids.map(|p| ("pids_limit", p)));
                    compose.yaml.insert_keys(&service.path(), &entries).map(|(edit, ops)| (vec![edit], ops))
                };
                match result {
                    Ok((edits, ops)) => out.change(file, service.line, message, edits, super::Expect::Yaml(ops)),
                    Err(why) => out.note(file, service.line, format!("`{}` left alone: {why}", service.name)),
                }
            }
        }
    }
}

pub(super) fn has_limits(service: &Service) -> bool {
    LIMIT_KEYS.iter().any(|k| service.get(k).is_some()) || service.get_nested("deploy", "resources").is_some()
}

/// The limits of a service: dockfix.toml for the service, else for its role, else the catalog's
/// image entry, else the catalog's role defaults (`app` for an unknown role).
pub(super) fn limits_for(project: &Project, file: crate::source::FileId, meta: &Meta, service: &Service, role: &str) -> Limits {
    let configured = &project.options_for(file).resources;
    let by_service = configured.services.iter().find(|(n, _)| *n == service.name).map(|(_, l)| l.clone()).unwrap_or_default();
    let by_role = configured.roles.iter().find(|(r, _)| r == role).map(|(_, l)| l.clone()).unwrap_or_default();
    let roles = meta.doc.get("roles");
    let role_table = roles.and_then(|r| r.get(role)).or_else(|| roles.and_then(|r| r.get("app")));
    let catalog_role = catalog_limits(role_table);
    // `${DATANODE_IMAGE:-graylog/graylog-datanode:7.1}`: the default is what runs unless .env
    // names another, and a limit raised for it errs on the safe side.
    let image = service.image().map(|image| crate::syntax::dockerfile::substitute_args(image, &[]));
    let image_table = image.as_deref().and_then(|image| {
        meta.doc.get("image")?.as_array()?.iter().find(|t| crate::images::matches_any(image, &t.strings("match").unwrap_or_default()))
    });
    let catalog_image = catalog_limits(image_table);
    let mut limits = by_service.or(&by_role).or(&catalog_image).or(&catalog_role);
    // A reservation above the limit is refused by the engine: a quarter of the limit then.
    if let (Some(memory), Some(reserve)) = (limits.memory.as_deref().and_then(bytes), limits.reserve_memory.as_deref().and_then(bytes)) {
        if reserve > memory {
            limits.reserve_memory = Some(format!("{}M", (memory / 4 / (1 << 20)).max(6)));
        }
    }
    limits
}

/// The most memory a service's own settings tell its program to use, in bytes, with the setting
/// as written: PHP's `memory_limit` (`PHP_MEMORY_LIMIT`), a JVM's `-Xmx` and Node's
/// `--max-old-space-size` (in any variable or the command), Redis's `--maxmemory`, a variable
/// named for it (`JICOFO_MAX_MEMORY=3072m`), and the shared memory it is given (`shm_size`).
fn declared_memory(project: &Project, file: crate::source::FileId, service: &Service) -> Option<(u64, String)> {
    let environment = crate::analysis::environment(service);
    let command: Vec<String> =
        [crate::analysis::command_words(service, "entrypoint"), crate::analysis::command_words(service, "command")].concat();
    let mut found: Vec<(u64, String)> = Vec::new();
    for (name, value) in &environment {
        if name == "PHP_MEMORY_LIMIT" {
            // PHP reads a plain number as bytes; `-1` is no limit (nothing to fit).
            found.extend(bytes(value.trim()).map(|b| (b, format!("{name}={value}"))));
        }
    }
    // A variable named for the memory the program may take (`JICOFO_MAX_MEMORY`,
    // `ES_HEAP_SIZE`), set here, defaulted here (`${X:-3072m}`), or passed through and given
    // (even commented out, as the documented default) in the folder's `.env` or example file:
    // Jitsi's `env.example` says `#VIDEOBRIDGE_MAX_MEMORY=3072m`.
    for (name, value) in &environment {
        let upper = name.to_ascii_uppercase();
        // A secret's name never: its value, read from `.env`, would be printed in the note.
        if !(upper.contains("MEMORY") || upper.contains("HEAP")) || upper.contains("SWAP") || super::compose_env_credentials::is_secret_name(name) {
            continue;
        }
        let value = value.trim();
        let given = match value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
            Some(inner) => inner.split_once(":-").or_else(|| inner.split_once('-')).map(|(_, default)| default.to_string()),
            None if value.is_empty() => None,
            None => Some(value.to_string()),
        };
        let given = given.filter(|g| !g.is_empty()).or_else(|| documented_value(project, file, name));
        if let Some(given) = given {
            found.extend(bytes(given.trim_matches(['"', '\''])).map(|b| (b, format!("{name}={given}"))));
        }
    }
    // Shared memory (`shm_size: 1gb`, what a browser or a database is given for `/dev/shm`) is
    // charged to the container's memory limit as it is used (ArchiveBox's Chrome).
    let shm = match service.get("shm_size") {
        Some(yaml_rust2::Yaml::String(size)) => bytes(size.trim()).map(|b| (b, format!("shm_size {size}"))),
        Some(yaml_rust2::Yaml::Integer(size)) => u64::try_from(*size).ok().map(|b| (b, format!("shm_size {size}"))),
        _ => None,
    };
    found.extend(shm);
    let words = environment.iter().flat_map(|(_, value)| value.split_whitespace()).chain(command.iter().map(String::as_str));
    let mut after_maxmemory = false;
    for word in words {
        let word = word.trim_matches(['"', '\'']);
        if let Some(size) = word.strip_prefix("-Xmx") {
            found.extend(bytes(size).map(|b| (b, word.to_string())));
        } else if let Some(megabytes) = word.strip_prefix("--max-old-space-size=") {
            found.extend(megabytes.parse::<u64>().ok().map(|m| (m << 20, word.to_string())));
        } else if after_maxmemory {
            found.extend(bytes(word).map(|b| (b, format!("--maxmemory {word}"))));
        }
        after_maxmemory = word == "--maxmemory";
    }
    found.into_iter().max_by_key(|(b, _)| *b)
}

/// The value the compose file's folder gives variable `name` in its `.env`, else in its example
/// env file, where a line commented out (`#NAME=value`) documents the default.
fn documented_value(project: &Project, file: crate::source::FileId, name: &str) -> Option<String> {
    let folder = project.folder(file);
    let names = std::iter::once(".env").chain(crate::project::ENV_EXAMPLES.iter().copied());
    names.filter_map(|file_name| {
        let path = folder.join(file_name);
        let text = match project.file_at(&path) {
            Some(id) => Some(project.files[id].text().to_string()),
            None => project.disk.text(&path).map(str::to_string),
        }?;
        text.lines().find_map(|line| {
            let line = line.trim().trim_start_matches('#').trim_start();
            let value = line.strip_prefix(name)?.strip_prefix('=')?;
            Some(value.trim().to_string()).filter(|v| !v.is_empty())
        })
    })
    .next()
}

/// `512M` → bytes (units b, k, m, g; Compose's reading).
fn bytes(size: &str) -> Option<u64> {
    let lower = size.to_ascii_lowercase();
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let number: u64 = digits.parse().ok()?;
    let unit = match lower[digits.len()..].trim_end_matches('b') {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        _ => return None,
    };
    number.checked_mul(unit)
}

fn catalog_limits(table: Option<&crate::data::Data>) -> Limits {
    let Some(table) = table else { return Limits::default() };
    let text = |key: &str| table.get(key).and_then(|v| v.as_str()).map(str::to_string);
    Limits {
        cpus: text("cpus"),
        memory: text("memory"),
        pids: table.get("pids").and_then(|v| v.as_integer()),
        reserve_memory: text("reserve_memory"),
    }
}

/// Which Compose file format a file is written in: its top-level `version`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Format {
    /// `version: "2.x"`: limits are service keys (`mem_limit`, ...), with the minor version.
    V2(u32),
    /// `version: "3.x"`: `deploy.resources`; no process limit (not in that schema).
    V3,
    /// No version (the Compose Specification): `deploy.resources` and `pids_limit`.
    Spec,
}

pub(super) fn file_format(compose: &crate::syntax::compose::Compose) -> Format {
    use yaml_rust2::Yaml;
    let Yaml::Hash(root) = &compose.yaml.doc else { return Format::Spec };
    let version = match crate::syntax::yaml::value::get(root, "version") {
        Some(Yaml::String(v)) | Some(Yaml::Real(v)) => v.clone(),
        Some(Yaml::Integer(n)) => n.to_string(),
        _ => return Format::Spec,
    };
    let mut parts = version.split('.');
    match (parts.next(), parts.next().and_then(|m| m.parse().ok())) {
        (Some("2"), minor) => Format::V2(minor.unwrap_or(0)),
        (Some("3"), _) => Format::V3,
        _ => Format::Spec,
    }
}

/// The version 2 keys: `mem_limit` and `mem_reservation` (2.0), `pids_limit` (2.1), `cpus` (2.2).
pub(super) fn v2_entries(limits: &Limits, minor: u32) -> Vec<(&'static str, Value)> {
    let mut entries = Vec::new();
    if let (Some(cpus), true) = (&limits.cpus, minor >= 2) {
        entries.push(("cpus", Value::Str(cpus.clone())));
    }
    if let Some(memory) = &limits.memory {
        entries.push(("mem_limit", Value::Plain(memory.to_ascii_lowercase())));
    }
    if let Some(memory) = &limits.reserve_memory {
        entries.push(("mem_reservation", Value::Plain(memory.to_ascii_lowercase())));
    }
    if let (Some(pids), true) = (limits.pids, minor >= 1) {
        entries.push(("pids_limit", Value::Plain(pids.to_string())));
    }
    entries
}

/// `resources: {limits: {cpus, memory}, reservations: {memory}}`.
pub(super) fn resources_value(limits: &Limits) -> Value {
    let mut hard = Vec::new();
    if let Some(cpus) = &limits.cpus {
        hard.push(("cpus".to_string(), Value::Str(cpus.clone())));
    }
    if let Some(memory) = &limits.memory {
        hard.push(("memory".to_string(), Value::Plain(memory.clone())));
    }
    let mut resources = vec![("limits".to_string(), Value::Map(hard))];
    if let Some(memory) = &limits.reserve_memory {
        resources.push(("reservations".to_string(), Value::Map(vec![("memory".to_string(), Value::Plain(memory.clone()))])));
    }
    Value::Map(resources)
}

fn describe(limits: &Limits) -> String {
    let mut parts = Vec::new();
    if let Some(cpus) = &limits.cpus {
        parts.push(format!("{cpus} CPU"));
    }
    if let Some(memory) = &limits.memory {
        parts.push(format!("{memory} memory"));
    }
    if let Some(pids) = limits.pids {
        parts.push(format!("{pids} processes"));
    }
    if let Some(memory) = &limits.reserve_memory {
        parts.push(format!("{memory} reserved"));
    }
    parts.join(", ")
}
