//! `compose-healthcheck`: a healthcheck for every service whose image the catalog knows a probe
//! for, using a program that ships in that image.
//!
//! **Why**: official images ship no HEALTHCHECK, and hand-written ones often call a binary the
//! image lacks (curl in prometheus, qdrant, python-slim): the container then never turns healthy.
//! **How**: the probe comes from `[[health]]` in images.toml (by repository and tag); the timing
//! from this transform's catalog entry, by role. `$` meant for the container is written `$$`.
//! **Leaves alone**: services with a healthcheck (their own, merged, `disable: true`, or their
//! Dockerfile's HEALTHCHECK, also that of an image published from a Dockerfile here), services
//! built here (dockerfile-healthcheck's job), one-shot jobs, overlay fragments; a note for
//! images without a known probe or whose probe needs a setting.
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
            let services = compose.services();
            let partners = analysis::partners(project, file);
            for service in services {
                // A file merged with this one that probes the service, or runs it another way
                // (`--requirepass` added there), decides what a probe must be.
                let elsewhere = partners.iter().find_map(|(other, theirs)| {
                    let their = theirs.iter().find(|t| t.name == service.name)?;
                    let key = ["healthcheck", "command", "entrypoint"].into_iter().find(|k| their.get(k).is_some())?;
                    Some((key, project.files[*other].path.display().to_string()))
                });
                if let Some((key, other)) = elsewhere {
                    if key != "healthcheck" && service.get("healthcheck").is_none() && !service.is_partial() {
                        out.note(file, service.line, format!(
                            "`{}` gets no healthcheck: {other}, merged with this file, sets its {key}, and the probe must match what runs; add the healthcheck there",
                            service.name
                        ));
                    }
                    continue;
                }
                if !service.body.is_some_and(locate::is_mapping)
                    || service.is_partial()
                    || service.get("build").is_some()
                    || service.get("healthcheck").is_some()
                    || analysis::one_shot(&service, &one_shots).is_some()
                {
                    continue;
                }
                let Some(image) = service.image() else { continue };
                // The image this repository publishes from a Dockerfile with a HEALTHCHECK
                // (`ghcr.io/paperless-ngx/paperless-ngx` from paperless-ngx's `Dockerfile`)
                // checks itself.
                let own = analysis::published_here(project, file, image).and_then(|id| project.files[id].parsed.as_dockerfile());
                if own.is_some_and(analysis::dockerfile_healthcheck) {
                    continue;
                }
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
    // `redis-server --port ${REDIS_PORT}`: the probe would ask the default port and never pass.
    if let Some(option) = command.iter().find_map(|word| moves_port(word, &health.port_options)) {
        return Err(Some(format!(
            "its command moves the server to another port (`{option}`), and the probe dockfix knows asks the default one; write a probe on that port"
        )));
    }
    // The port the program listens on: the image's default, unless the service publishes
    // others — then the one published, or, of several, the one a mounted configuration
    // listens on instead (lemmy's nginx.conf: `listen 1236;` and `listen 8536;`, nothing on 80).
    let port = match health.port {
        None => None,
        Some(default) => {
            let published = published_ports(service);
            match published.as_slice() {
                [] => Some(default),
                _ if published.contains(&default) => Some(default),
                [only] => Some(*only),
                // Several: a mounted configuration that listens on one of them says the server
                // moved; without one the default stands (jaeger's admin port 14269 is open
                // whatever ports the service publishes).
                several => {
                    let texts = analysis::mounted_texts(project, service, folder);
                    let moved = !texts.iter().any(|text| listens_on(text, default));
                    Some(several.iter().copied().find(|p| moved && texts.iter().any(|text| listens_on(text, *p))).unwrap_or(default))
                }
            }
        }
    };
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
        let mounted_config = analysis::mounted_texts(project, service, folder)
            .iter()
            .any(|text| text.lines().any(|l| l.trim_start().starts_with("requirepass")));
        let environment: Vec<String> = analysis::environment(service).into_iter().map(|(name, _)| name).collect();
        let authenticate = match password {
            Some(Password::Repeatable(value)) => Some(value),
            // `--requirepass "$$(cat $$REDIS_PASSWORD_FILE)"` inside `sh -c`: the probe's shell
            // reads the same variables of the container's environment.
            Some(Password::Script(value)) if container_variables(&value).is_some_and(|names| names.iter().all(|n| environment.contains(n))) => {
                Some(value)
            }
            Some(Password::Literal) => {
                return Err(Some(
                    "it requires a password given literally in its command; move it to `.env` first (compose-env-credentials, security phase), then rerun".into(),
                ));
            }
            Some(Password::Script(_) | Password::Elsewhere) => {
                return Err(Some(
                    "its command sets a password (`requirepass`) the probe could not repeat; write a probe that authenticates (REDISCLI_AUTH=... redis-cli ping)".into(),
                ));
            }
            None if mounted_config => {
                return Err(Some(
                    "its mounted config sets `requirepass`, which the probe would need; write a probe that authenticates".into(),
                ));
            }
            None => None,
        };
        if let (Some(value), Some(shell)) = (authenticate, words.get_mut(1)) {
            *shell = format!("REDISCLI_AUTH=\"{value}\" {shell}");
        }
    }
    Ok(Probe { words, health })
}

/// How a redis command sets its password.
#[derive(Debug, PartialEq, Eq)]
enum Password {
    /// A Compose variable (`${REDIS_PASSWORD}`) or, as its own word, a container one: the probe
    /// can say the same.
    Repeatable(String),
    /// Written out in the command.
    Literal,
    /// The word after `--requirepass` in a shell script (`sh -c '... --requirepass "$$(cat
    /// $$FILE)"'`), unquoted: repeatable when the container's environment holds what it reads.
    Script(String),
    /// `requirepass` somewhere else in the command (a config written by the script).
    Elsewhere,
}

/// How the service's command sets a password, if it does. `${VAR:?message with spaces}` is one
/// value although it holds spaces.
fn requirepass(service: &Service) -> Option<Password> {
    let classify = |value: String| {
        if value.starts_with('$') {
            Password::Repeatable(value)
        } else {
            Password::Literal
        }
    };
    match service.get("command")? {
        Yaml::Array(items) => {
            let words: Vec<&str> = items.iter().filter_map(Yaml::as_str).collect();
            if let Some(at) = words.iter().position(|w| *w == "--requirepass") {
                return words.get(at + 1).map(|w| classify(w.to_string()));
            }
            // A word that is a script (`sh -c '...'`).
            let script = words.iter().find(|w| w.contains("requirepass"))?;
            Some(script_password(script))
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
                                return Some(classify(rest[..=i].to_string()));
                            }
                        }
                        _ => {}
                    }
                }
                None
            } else {
                rest.split_whitespace().next().map(|w| classify(w.to_string()))
            }
        }
        _ => None,
    }
}

/// The password word of a script that starts redis with `--requirepass WORD`, its quotes
/// taken off.
fn script_password(script: &str) -> Password {
    let Some(at) = script.find("--requirepass").map(|at| at + "--requirepass".len()) else { return Password::Elsewhere };
    let rest = script[at..].trim_start();
    let value = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => match rest[1..].find(quote) {
            Some(end) => rest[1..=end].to_string(),
            None => return Password::Elsewhere,
        },
        Some(_) => rest.split_whitespace().next().unwrap_or_default().to_string(),
        None => return Password::Elsewhere,
    };
    if value.starts_with("${") && !value.starts_with("$${") {
        return Password::Repeatable(value);
    }
    if value.contains('$') { Password::Script(value) } else { Password::Literal }
}

/// The container variables (`$$NAME`, `$${NAME}`) a value reads, when it reads nothing else
/// the probe's shell could not repeat: a Compose variable, a backquote, or a `$$` that is not
/// a variable or `$$(cat ...)`.
fn container_variables(value: &str) -> Option<Vec<String>> {
    if value.contains('`') {
        return None;
    }
    let mut names = Vec::new();
    let mut rest = value;
    while let Some(at) = rest.find('$') {
        let after = &rest[at..];
        let after = after.strip_prefix("$$")?;
        let (name, tail) = if let Some(inner) = after.strip_prefix('{') {
            let end = inner.find('}')?;
            (&inner[..end], &inner[end + 1..])
        } else if let Some(inner) = after.strip_prefix("(cat ") {
            ("", inner)
        } else {
            let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        if !name.is_empty() {
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return None;
            }
            names.push(name.to_string());
        }
        rest = tail;
    }
    Some(names)
}

/// The option of `word` (a word of the service's command) that moves the server's port, of
/// `options`: `--port` as a word, `--port=6380`, `-p` as a word, `port=5433` (after `-c`).
fn moves_port<'a>(word: &str, options: &'a [String]) -> Option<&'a str> {
    options.iter().map(String::as_str).find(|option| {
        if let Some(setting) = option.strip_suffix('=') {
            word.strip_prefix(setting).is_some_and(|rest| rest.starts_with('='))
        } else {
            word == *option || word.strip_prefix(*option).is_some_and(|rest| rest.starts_with('='))
        }
    })
}

/// Whether a server configuration says it listens on `port` (`listen 1236;`,
/// `listen [::]:8536 ssl;`, `Listen 8080`, `bind *:8080`).
fn listens_on(text: &str, port: u16) -> bool {
    let wanted = port.to_string();
    text.lines().any(|line| {
        let mut words = line.trim_start().split_whitespace();
        let Some(first) = words.next() else { return false };
        matches!(first.to_ascii_lowercase().as_str(), "listen" | "bind")
            && words.next().is_some_and(|address| {
                let address = address.trim_end_matches(';');
                address == wanted || address.rsplit(':').next() == Some(wanted.as_str())
            })
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn listening_ports_in_a_configuration() {
        use super::listens_on;
        let nginx = "http {\n  server {\n    listen 1236;\n    listen [::]:8536 ssl;\n  }\n}\n";
        assert!(listens_on(nginx, 1236));
        assert!(listens_on(nginx, 8536));
        assert!(!listens_on(nginx, 80));
        assert!(listens_on("Listen 8080\n", 8080));
        assert!(!listens_on("# listen 9000;\n", 9000));
    }

    /// Compose's interpolation of an unset variable, as the image reference is read: the shared
    /// `substitute_args` with no values.
    fn resolve_defaults(text: &str) -> String {
        crate::syntax::dockerfile::substitute_args(text, &[])
    }

    #[test]
    fn passwords_in_redis_scripts() {
        use super::{Password, container_variables, script_password};
        let zulip = r#"/usr/local/bin/docker-entrypoint.sh --requirepass "$$(cat $$REDIS_PASSWORD_FILE)""#;
        assert_eq!(script_password(zulip), Password::Script("$$(cat $$REDIS_PASSWORD_FILE)".into()));
        assert_eq!(container_variables("$$(cat $$REDIS_PASSWORD_FILE)"), Some(vec!["REDIS_PASSWORD_FILE".to_string()]));
        assert_eq!(script_password("exec redis-server --requirepass '${REDIS_PASSWORD}'"), Password::Repeatable("${REDIS_PASSWORD}".into()));
        assert_eq!(script_password("exec redis-server --requirepass hunter2"), Password::Literal);
        assert_eq!(script_password("echo \"requirepass $$P\" > /r.conf; exec redis-server /r.conf"), Password::Elsewhere);
        // A shell variable of the script, a Compose variable inside, a backquote: not repeatable.
        assert_eq!(container_variables("$$PASS"), Some(vec!["PASS".to_string()]));
        assert_eq!(container_variables("${A}$$B"), None);
        assert_eq!(container_variables("`cat /p`"), None);
    }

    #[test]
    fn variable_defaults() {
        assert_eq!(resolve_defaults("postgres:${PG_VERSION:-16}"), "postgres:16");
        assert_eq!(resolve_defaults("redis:${TAG-7}-alpine"), "redis:7-alpine");
        assert_eq!(resolve_defaults("redis:${TAG}"), "redis:${TAG}");
        assert_eq!(resolve_defaults("${REGISTRY}/app:1"), "${REGISTRY}/app:1");
    }
}

