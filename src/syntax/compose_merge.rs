//! How Compose combines the files it is given (`-f base -f override`, or `compose.yaml` with
//! `compose.override.yaml`): the Compose Specification's merge rules, on loaded documents.
//!
//! dockfix moves settings between files (development settings into the override file); the
//! project must mean the same before and after. This module is the yardstick: a move is proposed
//! only when the merge of the new files equals the merge of the old ones, and the tests hold it
//! against `docker-compose config`.
//!
//! Rules (compose-spec `merge.md`): mappings merge key by key, the later file winning for
//! scalars; sequences append, except `command`, `entrypoint` and `healthcheck.test`, which the
//! later file replaces, and the unique resources: `volumes` and `devices` by container path,
//! `secrets` and `configs` by target, `ports` and `expose` without duplicates. `environment`,
//! `labels`, `extra_hosts`, `sysctls` and `build.args` in list form are read as mappings first.

use super::yaml::value::merged;
use yaml_rust2::{Yaml, yaml::Hash};

/// `over` merged onto `base`, as Compose does for `-f base -f over`. Merge keys (`<<`) of
/// services are resolved first; `version` is left out (it does not take part in the meaning).
pub fn merge(base: &Yaml, over: &Yaml) -> Yaml {
    let mut out = normalized(base);
    let over = normalized(over);
    if let (Yaml::Hash(into), Yaml::Hash(from)) = (&mut out, over) {
        for (key, value) in from {
            match into.get_mut(&key) {
                Some(existing) => *existing = merge_value(key.as_str().unwrap_or_default(), existing, value),
                None => {
                    into.insert(key, value);
                }
            }
        }
    }
    sorted(out)
}

/// A document in the form [`merge`] compares: merge keys resolved, list forms read as mappings,
/// unique resources sorted (Docker sorts mounts itself; the order of ports carries no meaning).
pub fn normalized(doc: &Yaml) -> Yaml {
    let Yaml::Hash(top) = doc else { return doc.clone() };
    let mut out = Hash::new();
    for (key, value) in top {
        match key.as_str() {
            Some("version") => {}
            Some(name) if name.starts_with("x-") => {}
            Some("services") => {
                let mut services = Hash::new();
                for (name, service) in value.as_hash().into_iter().flatten() {
                    let service = match service {
                        Yaml::Hash(body) => Yaml::Hash(normal_service(&merged(body))),
                        other => other.clone(),
                    };
                    services.insert(name.clone(), service);
                }
                out.insert(key.clone(), Yaml::Hash(services));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    sorted(Yaml::Hash(out))
}

fn normal_service(body: &Hash) -> Hash {
    let mut out = Hash::new();
    for (key, value) in body {
        let value = match key.as_str() {
            Some("environment" | "labels" | "extra_hosts" | "sysctls") => as_mapping(value),
            Some("build") => match value {
                Yaml::Hash(build) => {
                    let mut build = build.clone();
                    if let Some(args) = build.get_mut(&Yaml::String("args".into())) {
                        *args = as_mapping(args);
                    }
                    Yaml::Hash(build)
                }
                other => other.clone(),
            },
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    out
}

/// `[A=1, B]` → `{A: "1", B: null}`; `{A: 1}` → `{A: "1"}` (Compose reads values as strings).
fn as_mapping(value: &Yaml) -> Yaml {
    let mut out = Hash::new();
    match value {
        Yaml::Array(items) => {
            for item in items {
                let text = scalar_text(item).unwrap_or_default();
                let (name, value) = match text.split_once(['=', ':']) {
                    Some((name, value)) => (name.trim().to_string(), Yaml::String(value.to_string())),
                    None => (text.trim().to_string(), Yaml::Null),
                };
                out.insert(Yaml::String(name), value);
            }
        }
        Yaml::Hash(map) => {
            for (name, value) in map {
                let value = scalar_text(value).map_or(Yaml::Null, Yaml::String);
                out.insert(name.clone(), value);
            }
        }
        other => return other.clone(),
    }
    Yaml::Hash(out)
}

fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(n) => Some(n.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `over` merged onto `base` for the value of `key`.
fn merge_value(key: &str, base: &Yaml, over: Yaml) -> Yaml {
    match (base, over) {
        (Yaml::Hash(into), Yaml::Hash(from)) => {
            let mut into = into.clone();
            for (k, v) in from {
                let name = k.as_str().unwrap_or_default().to_string();
                let merged = match into.get(&k) {
                    Some(existing) => merge_value(&name, existing, v),
                    None => v,
                };
                into.insert(k, merged);
            }
            Yaml::Hash(into)
        }
        (Yaml::Array(first), Yaml::Array(second)) => match key {
            "command" | "entrypoint" | "test" => Yaml::Array(second),
            "volumes" | "devices" | "secrets" | "configs" => {
                let mut items: Vec<Yaml> = first.clone();
                for item in second {
                    let target = unique_key(key, &item);
                    items.retain(|old| target.is_none() || unique_key(key, old) != target);
                    items.push(item);
                }
                Yaml::Array(items)
            }
            _ => {
                let mut items = first.clone();
                for item in second {
                    if !matches!(key, "ports" | "expose") || !items.contains(&item) {
                        items.push(item);
                    }
                }
                Yaml::Array(items)
            }
        },
        (_, over) => over,
    }
}

/// What makes an entry of a unique resource unique: the container path of a mount or device,
/// the target (else the source) of a secret or config.
fn unique_key(key: &str, item: &Yaml) -> Option<String> {
    match item {
        Yaml::String(short) if key == "secrets" || key == "configs" => Some(format!("/run/secrets/{short}")),
        Yaml::String(short) => {
            let parts = crate::syntax::compose::short_fields(short);
            Some(if parts.len() == 1 { parts[0] } else { parts[1] }.trim_end_matches('/').to_string())
        }
        Yaml::Hash(long) => {
            let get = |name: &str| long.get(&Yaml::String(name.into())).and_then(Yaml::as_str);
            get("target").or_else(|| get("source")).map(|t| t.trim_end_matches('/').to_string())
        }
        _ => None,
    }
}

/// The canonical form: mapping keys in order (their order carries no meaning) and the
/// sequences without order (`volumes`, `ports`, ...) of every service sorted.
fn sorted(doc: Yaml) -> Yaml {
    let mut top = match keys_sorted(doc) {
        Yaml::Hash(top) => top,
        other => return other,
    };
    if let Some(Yaml::Hash(services)) = top.get_mut(&Yaml::String("services".into())) {
        for (_, service) in services.iter_mut() {
            let Yaml::Hash(body) = service else { continue };
            for key in ["volumes", "ports", "expose", "devices", "secrets", "configs", "networks", "cap_add", "cap_drop"] {
                if let Some(Yaml::Array(items)) = body.get_mut(&Yaml::String(key.into())) {
                    items.sort_by_key(|item| format!("{item:?}"));
                }
            }
        }
    }
    Yaml::Hash(top)
}

fn keys_sorted(value: Yaml) -> Yaml {
    match value {
        Yaml::Hash(hash) => {
            let mut pairs: Vec<(Yaml, Yaml)> = hash.into_iter().map(|(k, v)| (k, keys_sorted(v))).collect();
            pairs.sort_by_cached_key(|(k, _)| format!("{k:?}"));
            Yaml::Hash(pairs.into_iter().collect())
        }
        Yaml::Array(items) => Yaml::Array(items.into_iter().map(keys_sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Yaml {
        yaml_rust2::YamlLoader::load_from_str(text).unwrap().remove(0)
    }

    #[test]
    fn mounts_merge_by_container_path_and_ports_append() {
        let base = load("version: '3.8'\nservices:\n  web:\n    image: x\n    volumes: [a:/data, ./src:/app]\n    ports: ['80:80']\n    command: [a]\n");
        let over = load("services:\n  web:\n    volumes: [./other:/app, /cache]\n    ports: ['80:80', '9229:9229']\n    command: [b]\n");
        let merged = merge(&base, &over);
        let web = &merged["services"]["web"];
        assert_eq!(web["volumes"], load("[./other:/app, /cache, a:/data]"));
        assert_eq!(web["ports"], load("['80:80', '9229:9229']"));
        assert_eq!(web["command"], load("[b]"));
        assert!(merged["version"].is_badvalue());
    }

    #[test]
    fn a_mount_moved_to_the_override_means_the_same() {
        let original = load("services:\n  web:\n    build: .\n    environment: [A=1]\n    volumes:\n      - ./src:/app/src\n      - data:/data\n");
        let base = load("services:\n  web:\n    build: .\n    environment: {A: 1}\n    volumes:\n      - data:/data\n");
        let over = load("services:\n  web:\n    volumes:\n      - ./src:/app/src\n");
        assert_eq!(merge(&base, &over), normalized(&original));
        let wrong = load("services:\n  web:\n    volumes:\n      - ./src:/app\n");
        assert_ne!(merge(&base, &wrong), normalized(&original));
    }

    #[test]
    fn merge_keys_are_resolved_before_merging() {
        let base = load("x-app: &app\n  image: x\n  restart: always\nservices:\n  web:\n    <<: *app\n");
        let over = load("services:\n  web:\n    restart: \"no\"\n");
        let merged = merge(&base, &over);
        assert_eq!(merged["services"]["web"]["restart"].as_str(), Some("no"));
        assert_eq!(merged["services"]["web"]["image"].as_str(), Some("x"));
    }
}
