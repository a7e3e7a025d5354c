//! `compose-cap-drop` (unsafe): `cap_drop: [ALL]` plus the `cap_add` list the image needs, for
//! images whose needs images.toml knows.
//!
//! **Why**: root in a container keeps ~14 Linux capabilities by default (chown any file, bind
//! low ports, raw sockets, ...); a process that needs three of them should have three.
//! **Leaves alone**: services that set `cap_drop`/`cap_add`, `privileged` services, built images
//! and images whose needs are unknown; with a note, services whose `command` or `entrypoint`
//! starts something other than the server the image's entrypoint switches user for (it then
//! stays root, which the list is not made for), and services that run an image made for its own
//! user as root (`user: root`).
//! **Safety**: unsafe — a configuration the image was not tested with (plugins, init scripts) may
//! need more.

use super::{Expect, Proposals, Transform};
use crate::images;
use crate::project::Project;
use crate::syntax::yaml::{Value, locate};

pub struct ComposeCapDrop;

impl Transform for ComposeCapDrop {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, compose) in project.compose_files() {
            for service in compose.services() {
                if service.is_partial() || service.extends_another() || crate::analysis::completed_by_base(project, file, &service.name) {
                    continue;
                }
                if !service.body.is_some_and(locate::is_mapping) || service.get("build").is_some() {
                    continue;
                }
                if ["cap_drop", "cap_add", "privileged"].iter().any(|k| service.get(k).is_some()) {
                    continue;
                }
                let Some(image) = service.image() else { continue };
                let info = images::lookup(image);
                let Some(needed) = info.cap_add.clone() else { continue };
                if let Some(program) = crate::analysis::kept_root(&service, &info) {
                    // Root without DAC_OVERRIDE cannot write the data folder the image's user owns.
                    let why = match needed.iter().any(|c| c == "DAC_OVERRIDE") {
                        true => "the capabilities images.toml lists are for that switch".to_string(),
                        false => format!("with only {} root could not write the data folder the image's user owns", needed.join(", ")),
                    };
                    out.note(file, service.line, format!(
                        "`{}` keeps its capabilities: it starts `{program}`, not the image's server, so the image's entrypoint does not switch to its own user and the server runs as root; {why}. Start the server itself in `command`, or set `user:`, then rerun",
                        service.name
                    ));
                    continue;
                }
                // An image made to run as its own user, run as root here (`user: root`, to read
                // what another tool wrote): root without DAC_OVERRIDE cannot write the data
                // folder that user owns (rocket.chat's prometheus).
                if let Some(user) = root_user(&service).filter(|_| info.runs_as_non_root) {
                    out.note(file, service.line, format!(
                        "`{}` keeps its capabilities: `user: {user}` runs an image made to run as its own user as root, and without DAC_OVERRIDE root cannot write the data folder that user owns; drop `user:` (chown the data once), then rerun",
                        service.name
                    ));
                    continue;
                }
                let mut entries = vec![("cap_drop", Value::Seq(vec![Value::Plain("ALL".into())]))];
                let mut message = format!("`{}` keeps every default capability: cap_drop ALL", service.name);
                if !needed.is_empty() {
                    entries.push(("cap_add", Value::Seq(needed.iter().map(|c| Value::Plain(c.clone())).collect())));
                    message.push_str(&format!(", cap_add {}", needed.join(", ")));
                }
                message.push_str(" (unsafe: plugins or custom init scripts may need more)");
                match compose.yaml.insert_keys(&service.path(), &entries) {
                    Ok((edit, ops)) => out.change(file, service.line, message, vec![edit], Expect::Yaml(ops)),
                    Err(why) => out.note(file, service.line, format!("`{}` left alone: {why}", service.name)),
                }
            }
        }
    }
}

/// The service's `user:` when it is root (`root`, `0`, `0:0`, `root:root`).
fn root_user(service: &crate::syntax::compose::Service) -> Option<String> {
    let user = match service.get("user")? {
        yaml_rust2::Yaml::String(text) => text.clone(),
        yaml_rust2::Yaml::Integer(number) => number.to_string(),
        _ => return None,
    };
    crate::analysis::is_root(&user).then_some(user)
}
