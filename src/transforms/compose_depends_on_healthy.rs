//! `compose-depends-on-healthy`: `depends_on` waits until a dependency is healthy, not merely
//! started, wherever the dependency has a healthcheck.
//!
//! **Why**: `depends_on: [db]` only orders container starts; the app then connects to a database
//! that is still initialising and crashes or retries. With a healthcheck on `db`,
//! `condition: service_healthy` makes Compose wait for it.
//! **How**: the list form becomes the long form (entries without a healthcheck keep
//! `service_started`, the list form's meaning); in the long form, entries without a condition get
//! one. `restart: true` is not added.
//! **Leaves alone**: entries with a condition, dependencies without a healthcheck, one-shot
//! dependencies, `depends_on` that comes through a merge key (a note).
//! **Safety**: safe.

use super::{Proposals, Transform};
use crate::analysis;
use crate::project::Project;
use crate::syntax::compose::Service;
use crate::syntax::yaml::Value;
use crate::syntax::yaml::locate;
use yaml_rust2::Yaml;

pub struct ComposeDependsOnHealthy;

impl Transform for ComposeDependsOnHealthy {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, compose) in project.compose_files() {
            let services = compose.services();
            let one_shots = compose.one_shot_services();
            let healthy = |name: &str| -> bool {
                !one_shots.contains(name)
                    && services.iter().find(|s| s.name == name).is_some_and(|s: &Service| {
                        analysis::one_shot(s, &one_shots).is_none() && analysis::has_healthcheck(project, file, s)
                    })
            };
            for service in &services {
                let Some(depends_on) = service.get("depends_on") else { continue };
                if !service.body.is_some_and(locate::is_mapping) {
                    continue;
                }
                if !service.owns(&compose.yaml.text, "depends_on") {
                    out.note(file, service.line, format!(
                        "`{}` gets its depends_on through a merge key; add `condition: service_healthy` there for dependencies with a healthcheck",
                        service.name
                    ));
                    continue;
                }
                match depends_on {
                    Yaml::Array(items) => {
                        let names: Vec<String> = items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect();
                        if names.len() != items.len() {
                            continue;
                        }
                        // The long form is a mapping: a name listed twice would be a duplicate key
                        // (and the Compose schema wants the list's items unique).
                        let mut seen = std::collections::BTreeSet::new();
                        if let Some(twice) = names.iter().find(|n| !seen.insert(n.as_str())) {
                            out.note(
                                file,
                                service.line,
                                format!("`{}` left alone: its depends_on lists `{twice}` twice; remove the duplicate, then rerun", service.name),
                            );
                            continue;
                        }
                        let waiting: Vec<&String> = names.iter().filter(|n| healthy(n)).collect();
                        if waiting.is_empty() {
                            continue;
                        }
                        let value = Value::Map(
                            names
                                .iter()
                                .map(|n| {
                                    let condition = if healthy(n) { "service_healthy" } else { "service_started" };
                                    (n.clone(), Value::Map(vec![("condition".into(), Value::Plain(condition.into()))]))
                                })
                                .collect(),
                        );
                        let message = format!(
                            "`{}` now waits for {} to be healthy before it starts (condition: service_healthy), not just started",
                            service.name,
                            list(&waiting)
                        );
                        out.yaml(
                            file,
                            service.line,
                            &service.name,
                            compose.yaml.replace_value(&service.path(), "depends_on", &value),
                            message,
                        );
                    }
                    Yaml::Hash(entries) => {
                        for (name, spec) in entries {
                            let Some(name) = name.as_str() else { continue };
                            if !healthy(name) {
                                continue;
                            }
                            let mut path = service.key_path("depends_on");
                            path.push(locate::key(name));
                            match spec {
                                Yaml::Hash(spec) if spec.contains_key(&Yaml::String("condition".into())) => {}
                                Yaml::Hash(_) => {
                                    let message = format!(
                                        "`{}` now waits for `{name}` to be healthy before it starts (condition: service_healthy), not just started",
                                        service.name
                                    );
                                    let value = Value::Plain("service_healthy".into());
                                    out.yaml(file, service.line, &service.name, compose.yaml.insert_key(&path, "condition", &value), message);
                                }
                                _ => out.note(file, service.line, format!(
                                    "`{}` depends on `{name}` with an empty entry; write `condition: service_healthy` under it to wait for its healthcheck",
                                    service.name
                                )),
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

fn list(names: &[&String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}
