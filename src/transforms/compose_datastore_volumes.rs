//! `compose-datastore-volumes`: a named volume on the data path of a service whose image keeps
//! data (images.toml `data`) and has none there.
//!
//! **Why**: without a volume the data lives in the container's writable layer: `docker compose
//! down`, an image upgrade or a recreated container loses it.
//! **Leaves alone**: services with a volume (named, bind or anonymous) at the data path or above
//! it, services whose environment points into a mounted path (`PGDATA=/pgdata` with `/pgdata`
//! mounted), `volumes_from`, and partial services; with a note: anonymous volumes on the data
//! path (they survive `down` but not `down -v`, and are hard to find), `volumes` that come from
//! a merge key, and services others reuse through their anchor.
//! **Safety**: unsafe: the next `up` recreates the container with an empty volume; data that
//! lived only in the old container is not carried over.

use super::{Proposals, Transform};
use crate::analysis::Mount;
use crate::project::Project;
use crate::syntax::compose::{Compose, Service};
use crate::syntax::yaml::{Value, locate};
use yaml_rust2::Yaml;

pub struct ComposeDatastoreVolumes;

impl Transform for ComposeDatastoreVolumes {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, compose) in project.compose_files() {
            let text = &compose.yaml.text;
            let mut taken = declared_volumes(compose);
            // Mounts to add: (volume, service, line, the edit, message).
            let mut pending = Vec::new();
            for service in compose.services() {
                if service.is_partial() || !service.body.is_some_and(locate::is_mapping) || service.get("volumes_from").is_some() {
                    continue;
                }
                let Some(info) = service.image().map(crate::images::lookup) else { continue };
                let mounts = mounts(&service);
                let Some(data) = info.data else {
                    // A service that mounts something keeps its data where its author chose.
                    if let (Some(why), true) = (info.data_varies, mounts.is_empty()) {
                        out.note(file, service.line, format!("`{}` gets no data volume: where its image keeps its data depends on the version ({why}); name a version tag, or mount the folder yourself", service.name));
                    }
                    continue;
                };
                let environment: Vec<String> = crate::analysis::environment(&service).into_iter().map(|(_, v)| v).collect();
                if let Some(mount) = mounts.iter().find(|m| covers(&m.target, &data)) {
                    if mount.source.is_none() {
                        out.note(file, service.line, format!(
                            "`{}` keeps its data in an anonymous volume at {}: it survives `down` but not `down -v`, and a new project name loses it; give it a name",
                            service.name, mount.target
                        ));
                    }
                    continue;
                }
                if mounts.iter().any(|m| environment.iter().any(|v| covers(&m.target, v))) {
                    continue;
                }
                if compose.anchor(&service).is_some_and(|a| !compose.alias_users(&a).is_empty()) {
                    out.note(file, service.line, format!("`{}` gets no data volume: other services reuse it through its anchor", service.name));
                    continue;
                }
                if service.get("volumes").is_some() && !service.owns(text, "volumes") {
                    out.note(file, service.line, format!("`{}` gets no data volume: its `volumes` come from a merge key; mount {data} there", service.name));
                    continue;
                }
                let name = volume_name(&service.name, &taken);
                let mount = Value::str(&format!("{name}:{data}"));
                let message = format!(
                    "`{}` keeps its data at {data} inside the container: named volume `{name}` (the next `up` recreates the container with an empty volume; back up what lives only in the old container first)",
                    service.name
                );
                let mounted = if service.owns(text, "volumes") {
                    compose.yaml.append_item(&service.key_path("volumes"), &mount)
                } else {
                    compose.yaml.insert_key(&service.path(), "volumes", &Value::Seq(vec![mount]))
                };
                match mounted {
                    Ok(edit) => pending.push((name.clone(), service.line, edit, message)),
                    Err(why) => out.note(file, service.line, format!("`{}` left alone: {why}", service.name)),
                }
                taken.push(name);
            }
            let Some(first_line) = pending.first().map(|p| p.1) else { continue };
            let names: Vec<String> = pending.iter().map(|p| p.0.clone()).collect();
            match declare(compose, &names) {
                Ok((edit, ops)) => {
                    // The mounts and the one declaration of their volumes stand or fall together.
                    out.begin_group(format!("{}", file.index()));
                    for (_, line, (mount_edit, op), message) in pending {
                        out.change(file, line, message, vec![mount_edit], super::Expect::Yaml(vec![op]));
                    }
                    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                    out.change(file, first_line, format!("top-level volumes {}", list.join(", ")), vec![edit], super::Expect::Yaml(ops));
                    out.end_group();
                }
                Err(why) => out.note(file, first_line, format!("no data volumes added: {why}")),
            }
        }
    }
}

fn mounts(service: &Service) -> Vec<Mount> {
    let Some(Yaml::Array(items)) = service.get("volumes") else { return Vec::new() };
    items.iter().filter_map(Mount::of).collect()
}

/// Whether a mount at `target` holds `path` (the same folder or one above it).
fn covers(target: &str, path: &str) -> bool {
    let target = target.trim_end_matches('/');
    !target.is_empty() && (path == target || path.starts_with(&format!("{target}/")))
}

/// The names under the top-level `volumes:`.
fn declared_volumes(compose: &Compose) -> Vec<String> {
    let Yaml::Hash(root) = &compose.yaml.doc else { return Vec::new() };
    match crate::syntax::yaml::value::get(root, "volumes") {
        Some(Yaml::Hash(volumes)) => volumes.keys().filter_map(|k| k.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// `<service>-data` (or `_data` when the file's volumes use underscores), not yet taken.
/// Characters a volume name may not hold (Compose wants `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; a `:`
/// would split the mount) become `-`.
fn volume_name(service: &str, taken: &[String]) -> String {
    let underscore = taken.iter().any(|n| n.contains('_')) && !taken.iter().any(|n| n.contains('-'));
    let service: String = service.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') { c } else { '-' }).collect();
    let service = service.trim_start_matches(['_', '.', '-']);
    let service = if service.is_empty() { "datastore" } else { service };
    let base = format!("{service}{}data", if underscore { "_" } else { "-" });
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// Declares volumes `names` under the top-level `volumes:` (created when missing), as one edit.
fn declare(compose: &Compose, names: &[String]) -> Result<(crate::edit::Edit, Vec<crate::syntax::yaml::value::YamlOp>), String> {
    let volumes = [locate::key("volumes")];
    let entries: Vec<(&str, Value)> = names.iter().map(|n| (n.as_str(), Value::Map(Vec::new()))).collect();
    match compose.yaml.node(&volumes) {
        Some(node) if locate::is_mapping(node) => compose.yaml.insert_keys(&volumes, &entries),
        Some(_) => Err("the top-level `volumes:` is not a mapping dockfix can add to".into()),
        None => {
            let map = Value::Map(names.iter().map(|n| (n.clone(), Value::Map(Vec::new()))).collect());
            compose.yaml.insert_key(&[], "volumes", &map).map(|(edit, op)| (edit, vec![op]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_and_names() {
        assert!(covers("/var/lib/postgresql", "/var/lib/postgresql/data"));
        assert!(covers("/data/", "/data"));
        assert!(!covers("/data2", "/data"));
        assert_eq!(volume_name("db", &["db-data".into()]), "db-data2");
        assert_eq!(volume_name("db", &["app_uploads".into()]), "db_data");
        // Found by the fuzzer: a `:` in the service's name split the mount, and the volume was
        // added again in every pass.
        assert_eq!(volume_name("postgres:ostgres", &[]), "postgres-ostgres-data");
        assert_eq!(volume_name("-x y", &[]), "x-y-data");
    }
}
