//! `compose-init`: `init: true` for services whose process would run as PID 1 without an init.
//!
//! **Why**: PID 1 must reap zombies and forward signals; Docker's `init: true` runs its bundled
//! tini in front of the container's command, with no change to the image.
//! **Applies to**: services built from a Dockerfile that cannot get tini (distroless, scratch,
//! busybox, rhel, unknown bases, no command of its own), and application images used as they are
//! (node, python, ruby, golang, java, .NET, per images.toml).
//! **Leaves alone**: services that set `init`, images that bring their own init or drop
//! privileges through their entrypoint, commands that already start an init, images dockfix does
//! not know.
//! **Safety**: safe.

use super::dockerfile_tini_init::{Plan, plan};
use super::{Proposals, Transform};
use crate::images;
use crate::source::FileId;
use crate::project::{Parsed, Project};
use crate::syntax::compose::Service;
use crate::syntax::dockerfile::runtime::{FinalStage, runs_init};
use crate::syntax::yaml::{Value, locate};
use yaml_rust2::Yaml;

pub struct ComposeInit;

impl Transform for ComposeInit {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, compose) in project.compose_files() {
            for service in compose.services() {
                if service.get("init").is_some()
                    || !service.body.is_some_and(locate::is_mapping)
                    || starts_init(&service)
                {
                    continue;
                }
                let reason = match needs_init(project, file, &service) {
                    Need::Yes(reason) => reason,
                    Need::No => continue,
                    Need::Unsure(why) => {
                        out.note(file, service.line, format!("`{}` left alone: {why}", service.name));
                        continue;
                    }
                };
                let message = format!(
                    "`{}` {reason}: `init: true` runs Docker's tini as PID 1 to reap zombies and forward signals",
                    service.name
                );
                let recipe = compose.yaml.insert_key(&service.path(), "init", &Value::Plain("true".into()));
                out.yaml(file, service.line, &service.name, recipe, message);
            }
        }
    }
}

enum Need {
    /// The process would be PID 1 without an init, for this reason.
    Yes(String),
    No,
    /// dockfix cannot tell; the note says what to check.
    Unsure(String),
}

fn needs_init(project: &Project, file: FileId, service: &Service) -> Need {
    match why_init(project, file, service) {
        Ok(Some(reason)) => Need::Yes(reason),
        Ok(None) => Need::No,
        Err(why) => Need::Unsure(why),
    }
}

/// Why the service's process would be PID 1 without an init, if it would.
fn why_init(project: &Project, file: FileId, service: &Service) -> Result<Option<String>, String> {
    if let Some(build) = service.get("build") {
        let Some(dockerfile) = project.dockerfile_for(file, build) else { return Ok(None) };
        let Parsed::Dockerfile(parsed) = &project.files[dockerfile].parsed else { return Ok(None) };
        let path = project.files[dockerfile].path.display();
        // An unknown base may bring an init that must itself be PID 1 (s6-overlay): leave it.
        let Some(base) = FinalStage::of(parsed) else { return Ok(None) };
        return match plan(parsed) {
            Plan::Nothing | Plan::Apply { .. } => Ok(None),
            Plan::Skip(..) if !base.image.known => Err(format!(
                "its image is built on `{}`, which dockfix does not know; if it brings no init of its own, add `init: true`",
                base.base
            )),
            Plan::Skip(..) => Ok(Some(format!("is built from {path} (on `{}`), which cannot get tini", base.base))),
        };
    }
    let Some(reference) = service.get("image").and_then(Yaml::as_str) else { return Ok(None) };
    let image = images::lookup(reference);
    let app = image.role.as_deref() == Some("app");
    Ok((app && !image.init && !image.drops_privileges)
        .then(|| format!("runs the application image `{}` as it is", image.repository)))
}

/// Whether the service's own `entrypoint`/`command` starts an init.
fn starts_init(service: &Service) -> bool {
    ["entrypoint", "command"].iter().any(|key| {
        let words: Vec<String> = match service.get(key) {
            Some(Yaml::String(text)) => text.split_whitespace().map(str::to_string).collect(),
            Some(Yaml::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
            _ => return false,
        };
        runs_init(&words)
    })
}
