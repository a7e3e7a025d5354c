//! `compose-network-isolation`: a `frontend` network and an `internal: true` `backend` network;
//! datastores only on `backend`, every service that reaches a datastore on `backend` too.
//!
//! **Why**: on one flat network every container reaches every datastore, and datastores reach the
//! internet; a compromised web UI is one hop from the database.
//! **Reachability is preserved**: every pair of services that refer to each other (depends_on,
//! links, a service name used as a host in environment, command or a mounted config file) shares
//! a network afterwards; the plan is checked and refused otherwise. In doubt, an application
//! service joins `backend`; only proxies and monitoring UIs stay on `frontend` alone.
//! **Leaves alone** (with a note): files with fewer than three services, files that define
//! networks, services with `network_mode`, `extends`, or network settings from merge keys.
//! **Safety**: safe; a datastore that publishes ports keeps them (bound to 127.0.0.1 by
//! compose-bind-localhost) and stays on `frontend` too, with a note: a published port cannot work
//! on an internal network, and deleting it would break whoever uses it.

use super::{Expect, Proposals, Transform};
use crate::analysis::service_role;
use crate::source::FileId;
use crate::project::Project;
use crate::syntax::compose::{Compose, Service};
use crate::syntax::yaml::{Value, locate};
use std::collections::{BTreeMap, BTreeSet};
use crate::config::Networks;
use std::path::Path;
use yaml_rust2::Yaml;

pub struct ComposeNetworkIsolation;

const FRONTEND: &str = "frontend";
const BACKEND: &str = "backend";

impl Transform for ComposeNetworkIsolation {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, compose) in project.compose_files() {
            let services = compose.services();
            // A service with no image, build or extends cannot run from this file alone: the
            // file is an overlay (`-f base -f this`), and networks it adds would be merged over a
            // base it cannot see (services of the base left on `default`, cut off).
            if let Some(partial) = services.iter().find(|s| s.is_partial()) {
                let why = if services.iter().all(|s| s.is_partial()) {
                    "no service here names an image or a build".to_string()
                } else {
                    format!("`{}` names no image, build or extends", partial.name)
                };
                out.note(file, 1, format!("networks left as they are: {why}, so this file is an overlay meant for `-f base -f this`; dockfix splits networks in the base file"));
                continue;
            }
            let plan = match plan(project, compose, &project.folder(file)) {
                Ok(Some(plan)) => match overlay_on_default(project, file, &services) {
                    Some(why) => {
                        out.note(file, 1, format!("networks left as they are: {why}"));
                        continue;
                    }
                    None => plan,
                },
                Ok(None) => continue,
                Err(why) => {
                    out.note(file, 1, format!("networks left as they are: {why}"));
                    continue;
                }
            };
            let name = project_name(project, compose, &project.folder(file));
            apply(compose, file, &name, plan, &project.options_for(file).networks, out);
        }
    }
}

/// Why splitting `file`'s networks would cut off a service an overlay adds, if it would: a
/// compose file beside it or one folder below it that completes services of this file (`ports: !reset`,
/// environment) is merged over it (`-f docker-compose.yml -f scenarios/add-proxy.yml`), and a
/// service of its own with no `networks` joins only `default`, which no service here would be on
/// after the split (zammad's proxy, tunnel and model-server scenarios).
fn overlay_on_default(project: &Project, file: FileId, services: &[Service]) -> Option<String> {
    let here: BTreeSet<&str> = services.iter().filter(|s| !s.is_partial()).map(|s| s.name.as_str()).collect();
    let folder = project.folder(file);
    for (other, compose) in project.every_compose_file() {
        // Overlays sit beside their base or one folder below it (`overrides/`, `scenarios/`).
        let theirs_in = project.folder(other);
        if other == file || (theirs_in != folder && theirs_in.parent() != Some(folder.as_path())) {
            continue;
        }
        let theirs = compose.services();
        if !theirs.iter().any(|s| s.is_partial() && here.contains(s.name.as_str())) {
            continue;
        }
        let alone: Vec<String> = theirs
            .iter()
            .filter(|s| !s.is_partial() && !here.contains(s.name.as_str()))
            .filter(|s| s.get("networks").is_none() && s.get("network_mode").is_none())
            .map(|s| format!("`{}`", s.name))
            .collect();
        if !alone.is_empty() {
            return Some(format!(
                "{}, merged over this file, adds {} on the default network, which the split would cut off from the services here; give {} networks (or keep `default` on the services it reaches), then rerun",
                project.files[other].path.display(),
                alone.join(", "),
                if alone.len() == 1 { "it" } else { "them" }
            ));
        }
    }
    None
}

/// Which networks each service joins, and why some reach `backend`.
pub struct Plan {
    pub networks: BTreeMap<String, Vec<&'static str>>,
    pub datastores: Vec<String>,
    /// Service → why it joins `backend` (for applications).
    pub reasons: BTreeMap<String, String>,
}


/// The plan for a file, `Ok(None)` when the file is too small to split, `Err` with the reason
/// when it must be left alone.
pub fn plan(project: &Project, compose: &Compose, folder: &Path) -> Result<Option<Plan>, String> {
    let services: Vec<Service> =
        compose.services().into_iter().filter(|s| s.body.is_some_and(locate::is_mapping)).collect();
    if services.len() < 3 {
        return Ok(None);
    }
    let top = compose.yaml.doc.as_hash();
    if top.is_some_and(|t| t.contains_key(&Yaml::String("networks".into()))) {
        return Err("the file defines its own networks".into());
    }
    for service in &services {
        for key in ["network_mode", "networks", "extends"] {
            if service.get(key).is_some() {
                return Err(format!("`{}` sets `{key}`", service.name));
            }
        }
    }
    let names: Vec<String> = services.iter().map(|s| s.name.clone()).collect();
    let roles: BTreeMap<String, String> = services.iter().map(|s| (s.name.clone(), service_role(s))).collect();
    let datastores: Vec<String> = names.iter().filter(|n| roles[*n] == "datastore").cloned().collect();
    if datastores.is_empty() {
        return Ok(None);
    }
    let refs = references(project, &services, folder);
    let mut networks: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
    let mut reasons = BTreeMap::new();
    for name in &names {
        if datastores.contains(name) {
            // A published port only works on a network that is not internal: the datastore
            // keeps it (compose-bind-localhost binds it to 127.0.0.1) and stays on `frontend`.
            let publishes = services.iter().any(|s| s.name == *name && s.get("ports").is_some());
            networks.insert(name.clone(), if publishes { vec![FRONTEND, BACKEND] } else { vec![BACKEND] });
            continue;
        }
        let talks_to: Vec<&String> = refs
            .iter()
            .filter(|(a, b)| (a == name && datastores.contains(b)) || (b == name && datastores.contains(a)))
            .map(|(a, b)| if a == name { b } else { a })
            .collect();
        let role = &roles[name];
        let reason = if !talks_to.is_empty() {
            let list: BTreeSet<&String> = talks_to.into_iter().collect();
            Some(format!("refers to {}", list.into_iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")))
        } else if role != "proxy" && role != "monitoring" {
            Some(format!(
                "is an {} service that may reach a datastore without naming it",
                if role == "app" { "application" } else { role }
            ))
        } else {
            None
        };
        match reason {
            Some(reason) => {
                networks.insert(name.clone(), vec![FRONTEND, BACKEND]);
                reasons.insert(name.clone(), reason);
            }
            None => {
                networks.insert(name.clone(), vec![FRONTEND]);
            }
        }
    }
    for (a, b) in &refs {
        if !networks[a].iter().any(|n| networks[b].contains(n)) {
            return Err(format!("`{a}` and `{b}` would not share a network"));
        }
    }
    Ok(Some(Plan { networks, datastores, reasons }))
}

/// Pairs `(a, b)` where service `a` names service `b`.
fn references(project: &Project, services: &[Service], folder: &Path) -> BTreeSet<(String, String)> {
    let mut refs = BTreeSet::new();
    // Files Compose merges with this one (docker-compose.override.yml, overlays beside it) may
    // add connections to the same service. Their services are listed once, not once per service
    // of this file (a folder of ten compose files made that a hundred listings).
    let siblings: Vec<Vec<Service>> =
        project.compose_files().filter(|(id, _)| project.folder(*id) == folder).map(|(_, sibling)| sibling.services()).collect();
    for service in services {
        let mut texts: Vec<String> = Vec::new();
        match service.get("depends_on") {
            Some(Yaml::Array(items)) => texts.extend(items.iter().filter_map(|i| i.as_str().map(str::to_string))),
            Some(Yaml::Hash(map)) => texts.extend(map.keys().filter_map(|k| k.as_str().map(str::to_string))),
            _ => {}
        }
        if let Some(Yaml::Array(links)) = service.get("links") {
            texts.extend(links.iter().filter_map(|l| l.as_str()).map(|l| l.split(':').next().unwrap_or(l).to_string()));
        }
        for key in ["environment", "command", "entrypoint", "healthcheck", "labels"] {
            if let Some(value) = service.get(key) {
                texts.push(flatten(value));
            }
        }
        texts.extend(crate::analysis::mounted_texts(project, service, folder));
        for sibling in &siblings {
            for same in sibling.iter().filter(|s| s.name == service.name) {
                for key in ["environment", "command", "entrypoint", "healthcheck", "labels", "depends_on", "links"] {
                    if let Some(value) = same.get(key) {
                        texts.push(flatten(value));
                    }
                }
                texts.extend(crate::analysis::mounted_texts(project, same, folder));
            }
        }
        let text = texts.join("\n");
        for other in services.iter().filter(|o| o.name != service.name) {
            let mut names = vec![other.name.clone()];
            names.extend(other.get("container_name").and_then(Yaml::as_str).map(str::to_string));
            if names.iter().any(|n| mentions(&text, n)) {
                refs.insert((service.name.clone(), other.name.clone()));
            }
        }
    }
    refs
}

/// Every scalar of a value, keys included, one per line.
fn flatten(value: &Yaml) -> String {
    match value {
        Yaml::String(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Array(items) => items.iter().map(flatten).collect::<Vec<_>>().join("\n"),
        Yaml::Hash(map) => {
            map.iter().map(|(k, v)| format!("{}={}", flatten(k), flatten(v))).collect::<Vec<_>>().join("\n")
        }
        _ => String::new(),
    }
}


/// Whether `text` names host `name` (not as part of a longer word).
fn mentions(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// The network's name as the user chose it in `dockfix.toml` (`[networks]`).
fn named<'a>(names: &'a Networks, network: &str) -> &'a str {
    if network == FRONTEND { &names.frontend } else { &names.backend }
}

/// The name Compose gives the project, and where it comes from: `COMPOSE_PROJECT_NAME` in the
/// folder's `.env` (which wins over the file), the top-level `name:`, the example env file's
/// `COMPOSE_PROJECT_NAME` when there is no `.env` yet (it is copied to become one), else the
/// folder's name. Normalised as Compose does (lower case; letters, digits, `_`, `-`).
struct ProjectName {
    name: String,
    /// `None` when the compose file itself names the project; else what the name was taken from.
    from: Option<String>,
}

fn project_name(project: &Project, compose: &Compose, folder: &Path) -> ProjectName {
    let setting = |path: &Path| -> Option<String> {
        let text = project.disk.text(path)?;
        let lines = crate::syntax::ignorefile::LineFile::parse(text);
        crate::syntax::dotenv::variables(&lines).into_iter().rev().find(|(n, v, _)| n == "COMPOSE_PROJECT_NAME" && !v.is_empty() && !v.contains('$')).map(|(_, v, _)| v)
    };
    let env = folder.join(".env");
    let named = compose.yaml.doc["name"].as_str().filter(|n| !n.contains('$')).map(str::to_string);
    let (name, from) = if let Some(name) = setting(&env) {
        (name, Some("COMPOSE_PROJECT_NAME in .env".to_string()))
    } else if let Some(name) = named {
        (name, None)
    } else if let Some(name) = (!project.disk.exists(&env)).then(|| setting(&project.env_example_in(folder))).flatten() {
        (name, Some("COMPOSE_PROJECT_NAME in the example env file".to_string()))
    } else {
        let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        (name, Some("the folder's name".to_string()))
    };
    let name = name.to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
    ProjectName { name, from }
}

fn apply(compose: &Compose, file: FileId, project: &ProjectName, plan: Plan, names: &Networks, out: &mut Proposals) {
    let mut edits = Vec::new();
    let mut ops = Vec::new();
    let (frontend, backend) = (&names.frontend, &names.backend);
    let definitions = Value::Map(vec![
        (frontend.clone(), Value::Map(Vec::new())),
        (backend.clone(), Value::Map(vec![("internal".into(), Value::Plain("true".into()))])),
    ]);
    let mut failures = Vec::new();
    let mut labelled: Vec<String> = Vec::new();
    for service in compose.services() {
        let Some(joined) = plan.networks.get(&service.name) else { continue };
        let list = Value::Seq(joined.iter().map(|n| Value::Plain(named(names, n).to_string())).collect());
        match compose.yaml.insert_key(&service.path(), "networks", &list) {
            Ok((edit, op)) => {
                edits.push(edit);
                ops.push(op);
            }
            Err(why) => failures.push(format!("`{}`: {why}", service.name)),
        }
        if joined.len() > 1 {
            match traefik_label(compose, &service, &project.name, frontend) {
                Some(Ok((edit, op))) => {
                    edits.push(edit);
                    ops.push(op);
                    labelled.push(service.name.clone());
                }
                Some(Err(why)) => failures.push(format!("`{}`: {why}", service.name)),
                None => {}
            }
        }
        if plan.datastores.contains(&service.name) && service.get("ports").is_some() {
            let ui_ports = service.image().map(|i| crate::images::lookup(i).ui_ports).unwrap_or_default();
            let published = crate::analysis::published_ports(&service);
            let note = if !published.is_empty() && published.iter().all(|p| ui_ports.contains(p)) {
                format!(
                    "`{}` publishes its web UI (port {}), which an internal network cannot serve: it stays on `{frontend}` too, its clients reach it on `{backend}`",
                    service.name,
                    published.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
                )
            } else {
                format!(
                    "`{}` publishes ports, which an internal network cannot: it keeps them (bound to 127.0.0.1 by compose-bind-localhost) and stays on `{frontend}` too; remove its `ports` to isolate it fully",
                    service.name
                )
            };
            out.note(file, service.line, note);
        }
    }
    // Last: when the file ends with the last service, both insertions meet at one offset, and
    // the service's key must come before the top-level one.
    match compose.yaml.insert_key(&[], "networks", &definitions) {
        Ok((edit, op)) => {
            edits.push(edit);
            ops.push(op);
        }
        Err(why) => failures.push(why),
    }
    if !failures.is_empty() {
        out.note(file, 1, format!("networks left as they are: {}", failures.join("; ")));
        return;
    }
    if !plan.reasons.is_empty() {
        let why: Vec<String> = plan.reasons.iter().map(|(name, reason)| format!("`{name}` {reason}")).collect();
        out.note(file, 1, format!("on `{backend}` besides the datastores: {}", why.join("; ")));
    }
    let message = format!(
        "one flat network: datastores ({}) move to an internal `{backend}` network, the rest joins `{frontend}`",
        plan.datastores.join(", ")
    );
    out.change(file, 1, message, edits, Expect::Yaml(ops));
    // The label names the network with the project's name, which `-p` or COMPOSE_PROJECT_NAME
    // can change at run time; with another name Traefik falls back to a network at random.
    if let (false, Some(from)) = (labelled.is_empty(), &project.from) {
        let services: Vec<String> = labelled.iter().map(|n| format!("`{n}`")).collect();
        out.note(
            file,
            1,
            format!(
                "{} {} `traefik.docker.network={}_{frontend}`: `{}` is the project's name from {from}; if the stack runs under another name (`-p`, COMPOSE_PROJECT_NAME), change the label to match, or set `name:` in the compose file",
                services.join(", "),
                if services.len() == 1 { "gets" } else { "get" },
                project.name,
                project.name
            ),
        );
    }
}

/// Traefik routes to a container on several networks through any of them, at random, unless
/// `traefik.docker.network` names the one it shares: `frontend`, under the Compose project's
/// name (see [`project_name`]).
fn traefik_label(compose: &Compose, service: &Service, project: &str, frontend: &str) -> Option<Result<(crate::edit::Edit, crate::syntax::yaml::value::YamlOp), String>> {
    let labels = service.get("labels")?;
    let texts: Vec<String> = match labels {
        Yaml::Array(items) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
        Yaml::Hash(map) => map.keys().filter_map(|k| k.as_str().map(str::to_string)).collect(),
        _ => return None,
    };
    if !texts.iter().any(|t| t.starts_with("traefik.")) || texts.iter().any(|t| t.starts_with("traefik.docker.network")) {
        return None;
    }
    if !service.owns(&compose.yaml.text, "labels") {
        return Some(Err("its Traefik labels come from a merge key; add `traefik.docker.network` there".into()));
    }
    let network = format!("{project}_{frontend}");
    let path = service.key_path("labels");
    Some(match labels {
        Yaml::Array(_) => compose.yaml.append_item(&path, &Value::Str(format!("traefik.docker.network={network}"))),
        _ => compose.yaml.insert_key(&path, "traefik.docker.network", &Value::Str(network)),
    })
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn host_mentions() {
        assert!(mentions("DATABASE_URL=postgres://u:p@db:5432/app", "db"));
        assert!(mentions("REDIS_HOST=cache", "cache"));
        assert!(!mentions("MONGODB_URI=mongodb://dbserver", "db"));
        assert!(!mentions("web-app", "web"));
    }
}
