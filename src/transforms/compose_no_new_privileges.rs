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
    let info = crate::images::lookup(image);
    if info.needs_new_privileges.is_some() {
        return info.needs_new_privileges;
    }
    // Capabilities the author adds for a program to use (`cap_add: [NET_RAW]` for ping): a
    // process that runs as root has them, but one that runs as a user gets them only through
    // file capabilities or setuid (`setcap cap_net_raw+ep /usr/sbin/fping` in librenms' image),
    // which no-new-privileges turns off. Only an image known to run its program as root is
    // safe.
    const USED_THROUGH_FILES: &[&str] = &[
        "NET_RAW", "NET_ADMIN", "NET_BROADCAST", "SYS_ADMIN", "SYS_PTRACE", "SYS_NICE", "SYS_TIME", "SYS_RESOURCE", "SYS_RAWIO",
        "IPC_LOCK", "SYSLOG", "DAC_READ_SEARCH", "BPF", "PERFMON",
    ];
    let Some(Yaml::Array(added)) = service.get("cap_add") else { return None };
    let telling: Vec<&str> = added
        .iter()
        .filter_map(Yaml::as_str)
        .map(|c| c.trim().trim_start_matches("CAP_"))
        .filter(|c| USED_THROUGH_FILES.iter().any(|t| c.eq_ignore_ascii_case(t)))
        .collect();
    let runs_as_root = info.known && !info.runs_as_non_root && !info.drops_privileges && info.user.is_none();
    if telling.is_empty() || runs_as_root {
        return None;
    }
    let who = if info.known { format!("`{}` runs its program as a user", info.repository) } else { format!("dockfix does not know whether `{}` runs its program as root", info.repository) };
    Some(format!(
        "it adds {} (`cap_add`), and a program running as a user uses such capabilities only through file capabilities or setuid (`setcap cap_net_raw+ep`), which no-new-privileges turns off; {who}",
        telling.join(", ")
    ))
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
                // `privileged: true` gives the container every privilege, and what it runs
                // (a CI worker's build containers, Docker in Docker) inherits no-new-privileges:
                // `sudo` and every other setuid program in them would stop working.
                if service.get("privileged").and_then(Yaml::as_bool) == Some(true) {
                    out.note(file, service.line, format!(
                        "`{}` left without no-new-privileges: it is privileged, and the containers and programs it runs (a CI worker's builds, nested containers) would inherit it, so no setuid program (`sudo`, `ping`) would work in them",
                        service.name
                    ));
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
