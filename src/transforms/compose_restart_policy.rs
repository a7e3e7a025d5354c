//! `compose-restart-policy`: `restart: unless-stopped` for every long-running service.
//!
//! **Why**: without a policy, a crashed service stays down until someone notices.
//! **Leaves alone**: services with a policy (directly, through a merge key, or
//! `deploy.restart_policy`), one-shot jobs others wait on to complete, services that inherit
//! through `extends` from another file, and anchored services reused by an alias.
//! **Safety**: safe. `unless-stopped` restarts exited containers, not unhealthy ones.

use super::{Proposals, Transform};
use crate::project::Project;
use crate::syntax::compose::{Compose, Service};
use crate::syntax::yaml::Value;
use crate::syntax::yaml::locate;
use std::collections::{BTreeMap, BTreeSet};
use yaml_rust2::Yaml;

pub struct ComposeRestartPolicy;

impl Transform for ComposeRestartPolicy {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, compose) in project.compose_files() {
            let services = compose.services();
            let one_shots = compose.one_shot_services();
            let set_by_partner = policies_of_partners(project, file);
            for service in services.iter().filter(|s| !has_policy(s) && !s.is_partial()) {
                if let Some(partner) = set_by_partner.get(&service.name) {
                    out.note(file, service.line, format!(
                        "`{}` gets no restart policy here: {partner}, which Compose merges with this file, sets it (a policy here would override it, or change the setup that file is not used in)",
                        service.name
                    ));
                }
            }
            let needing: Vec<&Service> = services
                .iter()
                .filter(|s| !set_by_partner.contains_key(&s.name))
                .filter(|s| needs_policy(project, compose, &services, &one_shots, s, (file, &mut *out)))
                .collect();
            // A service that merges an anchored service getting the policy inherits it.
            let inherited: Vec<String> = needing.iter().filter_map(|s| compose.anchor(s)).collect();
            for service in needing {
                if compose.merged_anchors(service).iter().any(|a| inherited.contains(a)) {
                    continue;
                }
                let value = Value::Plain("unless-stopped".into());
                let message = format!(
                    "`{}` has no restart policy: `restart: unless-stopped` (restarts it when it exits, not when it is unhealthy)",
                    service.name
                );
                out.yaml(
                    file,
                    service.line,
                    &service.name,
                    compose.yaml.insert_key(&service.path(), "restart", &value),
                    message,
                );
            }
        }
    }
}

/// The services of this file whose restart policy a compose file merged with it sets
/// (`analysis::partners`), with that file: a policy added here would override it, or change the
/// setup the author left without one.
fn policies_of_partners(project: &Project, file: crate::source::FileId) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (partner, theirs) in crate::analysis::partners(project, file) {
        for their in theirs.iter().filter(|their| has_policy(their)) {
            out.entry(their.name.clone()).or_insert_with(|| project.files[partner].path.display().to_string());
        }
    }
    out
}

/// Whether a service should get a policy; notes say why one that lacks it is left alone.
fn needs_policy(
    project: &Project,
    compose: &Compose,
    services: &[Service],
    one_shots: &BTreeSet<String>,
    service: &Service,
    (file, out): (crate::source::FileId, &mut Proposals),
) -> bool {
    if has_policy(service) || !service.body.is_some_and(locate::is_mapping) || service.is_partial() {
        return false;
    }
    if crate::analysis::completed_by_base(project, file, &service.name) {
        return false;
    }
    if let Some(why) = crate::analysis::one_shot_built(project, file, service, one_shots) {
        if !one_shots.contains(&service.name) {
            out.note(file, service.line, format!("`{}` gets no restart policy: a one-shot job ({why})", service.name));
        }
        return false;
    }
    match inherited_policy(services, service, 0) {
        Inherited::Yes => return false,
        Inherited::Unknown(why) => {
            out.note(
                file,
                service.line,
                format!("`{}` {why}; add a restart policy there if it needs one", service.name),
            );
            return false;
        }
        Inherited::No => {}
    }
    // Through the anchor, the policy would reach every service that reuses this one.
    let users = compose.anchor(service).map(|a| compose.alias_users(&a)).unwrap_or_default();
    let one_shot_users: Vec<&String> = users
        .iter()
        .filter(|u| one_shots.contains(*u) && services.iter().any(|s| &s.name == *u && s.get("restart").is_none()))
        .collect();
    if !one_shot_users.is_empty() {
        let names: Vec<&str> = one_shot_users.iter().map(|s| s.as_str()).collect();
        out.note(
            file,
            service.line,
            format!(
                "`{}` is reused through its anchor by one-shot {}: a policy here would restart them too; add `restart: unless-stopped` to `{}` after giving them `restart: \"no\"`",
                service.name,
                names.join(", "),
                service.name
            ),
        );
        return false;
    }
    true
}

fn has_policy(service: &Service) -> bool {
    service.get("restart").is_some() || service.get_nested("deploy", "restart_policy").is_some()
}

enum Inherited {
    Yes,
    No,
    Unknown(String),
}

/// What `extends` brings: a service of the same file can be read, one of another file cannot.
fn inherited_policy(services: &[Service], service: &Service, depth: usize) -> Inherited {
    let (base, other_file) = match service.get("extends") {
        None => return Inherited::No,
        Some(Yaml::String(name)) => (name.clone(), None),
        Some(Yaml::Hash(spec)) => (
            spec.get(&Yaml::String("service".into())).and_then(Yaml::as_str).unwrap_or_default().to_string(),
            spec.get(&Yaml::String("file".into())).and_then(Yaml::as_str).map(str::to_string),
        ),
        Some(_) => return Inherited::Unknown("has an `extends` dockfix cannot read".into()),
    };
    if let Some(file) = other_file {
        return Inherited::Unknown(format!("extends `{base}` from {file}, whose restart policy dockfix cannot see"));
    }
    match services.iter().find(|s| s.name == base) {
        Some(parent) if has_policy(parent) => Inherited::Yes,
        Some(parent) if depth < services.len() => inherited_policy(services, parent, depth + 1),
        _ => Inherited::No,
    }
}
