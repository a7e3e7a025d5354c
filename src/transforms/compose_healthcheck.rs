//! `compose-healthcheck`: a healthcheck for every service whose image the catalog knows a probe
//! for, using a program that ships in that image.
//!
//! **Why**: official images ship no HEALTHCHECK, and hand-written ones often call a binary the
//! image lacks (curl in prometheus, qdrant, python-slim): the container then never turns healthy.
//! **How**: the probe comes from `[[health]]` in images.toml (by repository and tag); the timing
//! from this transform's catalog entry, by role. `$` meant for the container is written `$$`.
//! **Leaves alone**: services with a healthcheck (their own, merged, `disable: true`, or their
//! Dockerfile's HEALTHCHECK), services built here (dockerfile-healthcheck's job), one-shot jobs,
//! overlay fragments; a note for images without a known probe or whose probe needs a setting.
//! **Safety**: safe.

use super::{Proposals, Transform};
use crate::analysis::{self, command_words, environment, published_ports};
use crate::images::{self, Health};
use crate::project::Project;
use crate::source::FileId;
use crate::syntax::compose::{Compose, Service};
use crate::syntax::yaml::Value;
use crate::syntax::yaml::locate;
use std::path::Path;
use yaml_rust2::Yaml;

pub struct ComposeHealthcheck;

impl Transform for ComposeHealthcheck {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, compose) in project.compose_files() {
            let one_shots = compose.one_shot_services();
            let folder = project.folder(file);
            for service in compose.services() {
                if !service.body.is_some_and(locate::is_mapping)
                    || service.is_partial()
                    || service.get("build").is_some()
                    || service.get("healthcheck").is_some()
                    || analysis::one_shot(&service, &one_shots).is_some()
                {
                    continue;
                }
                let Some(image) = service.image() else { continue };
                match probe(project, &folder, &service, image) {
                    Ok(test) => {
                        let users = compose.anchor(&service).map(|a| compose.alias_users(&a)).unwrap_or_default();
                        if !users.is_empty() {
                            out.note(file, service.line, format!(
                                "`{}` gets no healthcheck: its mapping is reused through its anchor by {}, which may run other images; add one to each",
                                service.name, users.join(", ")
                            ));
                            continue;
                        }
                        propose(compose, file, &service, image, test, out);
                    }
                    Err(Some(why)) => out.note(file, service.line, format!("`{}` gets no healthcheck: {why}", service.name)),
                    Err(None) => {}
                }
            }
        }
    }
}

/// The timing for a role, from the catalog: `(interval, timeout, retries, start_period)`.
fn timing(out: &Proposals, role: &str) -> (String, String, i64, String) {
    let doc = &out.meta().doc;
    let table = doc.get("timing").and_then(|t| t.get(role).or_else(|| t.get("default")));
    let text = |key: &str, default: &str| {
        table.and_then(|t| t.get(key)).and_then(|v| v.as_str()).unwrap_or(default).to_string()
    };
    let retries = table.and_then(|t| t.get("retries")).and_then(|v| v.as_integer()).unwrap_or(3);
    (text("interval", "30s"), text("timeout", "5s"), retries, text("start_period", "20s"))
}

fn propose(compose: &Compose, file: FileId, service: &Service, image: &str, test: Probe, out: &mut Proposals) {
    let role = analysis::service_role(service);
    let (interval, timeout, retries, default_start) = timing(out, &role);
    let start_period = test.health.start_period.clone().unwrap_or(default_start);
    let items: Vec<Value> = test.words.iter().map(|w| Value::Quoted(w.clone(), '"')).collect();
    let value = Value::Map(vec![
        ("test".into(), Value::FlowSeq(items)),
        ("interval".into(), Value::Plain(interval)),
        ("timeout".into(), Value::Plain(timeout)),
        ("retries".into(), Value::Plain(retries.to_string())),
        ("start_period".into(), Value::Plain(start_period)),
    ]);
    let repository = images::normalise(image).0;
    let message = format!(
        "`{}` had no healthcheck: a probe that works inside `{repository}` ({})",
        service.name, test.health.source
    );
    out.yaml(file, service.line, &service.name, compose.yaml.insert_key(&service.path(), "healthcheck", &value), message);
}

/// A probe ready for compose: the `test` words with `$` doubled where the container must see it.
struct Probe {
    words: Vec<String>,
    health: Health,
}

/// The probe for a service, or why there is none (`Err(None)`: say nothing).
fn probe(project: &Project, folder: &Path, service: &Service, image: &str) -> Result<Probe, Option<String>> {
    // `postgres:${PG_VERSION:-16}`: compose falls back to the default when the variable is unset.
    let resolved = crate::syntax::dockerfile::substitute_args(image, &[]);
    let image = resolved.as_str();
    let repository = images::normalise(image).0;
    if repository.contains('$') {
        return Err(Some(format!("its image `{image}` is chosen by a variable")));
    }
    if image.contains('$') && !images::health_is_tag_independent(&repository) {
        return Err(Some(format!(
            "the tag of `{repository}` is chosen by a variable, and the probe that works depends on the version"
        )));
    }
    let Some(health) = images::health(image) else {
        return Err(Some(format!(
            "dockfix knows no probe that works inside `{repository}` (add a [[health]] entry to images.toml, or write one)"
        )));
    };
    if let Some(why) = &health.none {
        return Err(Some(why.clone()));
    }
    if !health.needs_env.is_empty() {
        let env = environment(service);
        let satisfied = health.needs_env.iter().any(|need| {
            let (name, value) = need.split_once('=').unwrap_or((need, ""));
            env.iter().any(|(n, v)| n == name && v.eq_ignore_ascii_case(value))
        });
        if !satisfied {
            return Err(Some(format!(
                "the probe dockfix knows for `{repository}` works only with {} ({}); set it, or write a probe with the credentials",
                health.needs_env.join(" or "),
                health.source
            )));
        }
    }
    let command = command_words(service, "command");
    if let Some(word) = &health.needs_command {
        if !command.iter().any(|w| w.starts_with(word.as_str())) {
            return Err(Some(format!(
                "the probe for `{repository}` needs `{word}` in its command ({}); add it, then rerun",
                health.source
            )));
        }
    }
    let port = health.port.map(|default| {
        let published = published_ports(service);
        match published.as_slice() {
            [only] if !published.contains(&default) => *only,
            _ => default,
        }
    });
    let mut words: Vec<String> = health
        .test
        .iter()
        .map(|w| {
            let w = port.map_or_else(|| w.clone(), |p| w.replace("{port}", &p.to_string()));
            w.replace('$', "$$")
        })
        .collect();
    // A redis that requires a password answers NOAUTH: the probe authenticates the same way.
    if repository == "redis" || repository == "valkey/valkey" {
        let password = requirepass(service);
        let password = password.as_ref();
        let mounted_config = analysis::mounted_texts(project, service, folder)
            .iter()
            .any(|text| text.lines().any(|l| l.trim_start().starts_with("requirepass")));
        match password {
            Some(value) if value.starts_with("${") || value.starts_with("$$") || value.starts_with('$') => {
                if let Some(shell) = words.get_mut(1) {
                    *shell = format!("REDISCLI_AUTH=\"{value}\" {shell}");
                }
            }
            Some(_) => {
                return Err(Some(
                    "it requires a password given literally in its command; move it to `.env` first (compose-env-credentials, security phase), then rerun".into(),
                ));
            }
            None if mounted_config => {
                return Err(Some(
                    "its mounted config sets `requirepass`, which the probe would need; write a probe that authenticates".into(),
                ));
            }
            None => {}
        }
    }
    Ok(Probe { words, health })
}

/// The value after `--requirepass` in a redis command, whole: `${VAR:?message with spaces}` is
/// one value although it holds spaces.
fn requirepass(service: &Service) -> Option<String> {
    match service.get("command")? {
        Yaml::Array(items) => {
            let words: Vec<&str> = items.iter().filter_map(Yaml::as_str).collect();
            let at = words.iter().position(|w| *w == "--requirepass")?;
            words.get(at + 1).map(|w| w.to_string())
        }
        Yaml::String(text) => {
            let at = text.find("--requirepass")? + "--requirepass".len();
            let rest = text[at..].trim_start();
            if rest.starts_with("${") {
                let mut depth = 0;
                for (i, c) in rest.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(rest[..=i].to_string());
                            }
                        }
                        _ => {}
                    }
                }
                None
            } else {
                rest.split_whitespace().next().map(str::to_string)
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    /// Compose's interpolation of an unset variable, as the image reference is read: the shared
    /// `substitute_args` with no values.
    fn resolve_defaults(text: &str) -> String {
        crate::syntax::dockerfile::substitute_args(text, &[])
    }

    #[test]
    fn variable_defaults() {
        assert_eq!(resolve_defaults("postgres:${PG_VERSION:-16}"), "postgres:16");
        assert_eq!(resolve_defaults("redis:${TAG-7}-alpine"), "redis:7-alpine");
        assert_eq!(resolve_defaults("redis:${TAG}"), "redis:${TAG}");
        assert_eq!(resolve_defaults("${REGISTRY}/app:1"), "${REGISTRY}/app:1");
    }
}
