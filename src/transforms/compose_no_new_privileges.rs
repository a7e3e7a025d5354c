//! `compose-no-new-privileges`: `no-new-privileges:true` in every service's `security_opt`.
//!
//! **Why**: it stops a process from gaining privileges through setuid/setgid binaries or file
//! capabilities, a common step in container break-outs.
//! **Leaves alone**: services that set `no-new-privileges` either way, a `security_opt` that
//! comes only from a merge key (with a note), and programs that gain privileges on exec (file
//! capabilities set by `setcap`, setuid programs, `sudo`), by the catalog or by the Dockerfile
//! and start scripts of the image built (with a note).
//! **Safety**: safe; an image that relies on `sudo` or another setuid program inside the
//! container needs that fixed first (the note of the catalog entry says so).

use super::{Proposals, Transform};
use crate::project::Project;
use crate::source::FileId;
use crate::syntax::compose::Service;
use crate::syntax::yaml::{Value, locate};
use yaml_rust2::Yaml;

pub struct ComposeNoNewPrivileges;

/// What shows that the service's program gains privileges on exec, which `no-new-privileges`
/// forbids: the catalog's word on its image, or what the Dockerfile it is built from (and the
/// scripts that image starts with) does.
fn gains_privileges(project: &Project, file: FileId, service: &Service) -> Option<String> {
    if let Some(build) = service.get("build") {
        let dockerfile = project.dockerfile_for(file, build)?;
        let how = project.facts.dockerfile(dockerfile).gains_privileges?;
        return Some(format!("{how}; no-new-privileges would withhold what such programs gain when they run"));
    }
    let image = service.get("image").and_then(Yaml::as_str)?;
    crate::images::lookup(image).needs_new_privileges
}

const OPTION: &str = "no-new-privileges:true";

impl Transform for ComposeNoNewPrivileges {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, compose) in project.compose_files() {
            let text = &compose.yaml.text;
            for service in compose.services() {
                if service.is_partial() || service.extends_another() || crate::analysis::completed_by_base(project, file, &service.name) {
                    continue;
                }
                if !service.body.is_some_and(locate::is_mapping) {
                    continue;
                }
                let options: Vec<String> = match service.get("security_opt") {
                    Some(Yaml::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
                    _ => Vec::new(),
                };
                if options.iter().any(|o| o.trim_start().starts_with("no-new-privileges")) {
                    continue;
                }
                if let Some(why) = gains_privileges(project, file, &service) {
                    out.note(file, service.line, format!("`{}` left without no-new-privileges: {why}", service.name));
                    continue;
                }
                let result = if service.owns(text, "security_opt") {
                    compose.yaml.append_item(&service.key_path("security_opt"), &Value::str(OPTION))
                } else if service.get("security_opt").is_some() {
                    Err("its security_opt comes from a merge key; add no-new-privileges:true there".to_string())
                } else {
                    compose.yaml.insert_key(&service.path(), "security_opt", &Value::Seq(vec![Value::str(OPTION)]))
                };
                let message = format!(
                    "`{}` may gain privileges through setuid binaries: security_opt no-new-privileges:true",
                    service.name
                );
                out.yaml(file, service.line, &service.name, result, message);
            }
        }
    }
}
