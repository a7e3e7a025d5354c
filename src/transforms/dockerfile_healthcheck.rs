//! `dockerfile-healthcheck`: a HEALTHCHECK (exec form) for a final stage that EXPOSEs a port and
//! has none, with a probe that exists in the image.
//!
//! **Why**: without one, Docker reports a container as running while its program hangs or still
//! starts, and `depends_on: service_healthy` cannot wait for it.
//! **How**: the probe is curl or wget when the stage installs them (unconditionally), else the
//! language runtime of the base image (`python -c` with urllib, `node -e` with http), else
//! bash's `/dev/tcp`. The path is `[health] path` from dockfix.toml, else a health route found in
//! the application's source in the build context; without either, a TCP check on the port.
//! **Leaves alone**: stages with a HEALTHCHECK (`NONE` included), no EXPOSE, tool images; a note
//! where no probe can run (distroless, scratch, unknown bases), and where the image runs only an
//! interactive shell or interpreter (a development image: nothing listens until a program starts).
//! **Safety**: safe.

use super::{Expect, Proposals, Transform};
use crate::images::{self, Family};
use crate::project::Project;
use crate::syntax::dockerfile::packages;
use crate::syntax::dockerfile::runtime::FinalStage;
use crate::syntax::dockerfile::Dockerfile;
use std::path::Path;

pub struct DockerfileHealthcheck;

impl Transform for DockerfileHealthcheck {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, dockerfile) in project.dockerfiles() {
            let Some(stage) = FinalStage::of(dockerfile) else { continue };
            let facts = project.facts.dockerfile(file);
            if facts.tool.is_some() {
                continue;
            }
            let chain: Vec<usize> = stage.chain_positions().collect();
            if chain.iter().any(|&p| dockerfile.instruction(p).keyword == "HEALTHCHECK") {
                continue;
            }
            let Some((expose_line, port)) = exposed_port(dockerfile, &chain) else { continue };
            if let Some(why) = stage.base_varies(dockerfile) {
                out.note(file, expose_line, format!("no HEALTHCHECK added: {why}, which carry different probes"));
                continue;
            }
            // A development or build image that runs a shell: the exposed ports are for programs
            // started in it later (frappe's bench image), and a probe would never pass.
            if let Some(program) = stage.interactive_program() {
                out.note(file, expose_line, format!(
                    "no HEALTHCHECK added: the image runs `{program}`{}, so nothing listens on the exposed port until a program is started in it; add a healthcheck where that program is set (CMD, or the compose service's command)",
                    if stage.sets_program() { String::new() } else { format!(" (what `{}` runs by default)", stage.base) }
                ));
                continue;
            }
            let Some(port) = port else {
                out.note(file, expose_line, "no HEALTHCHECK added: the exposed port is set by a variable dockfix cannot resolve");
                continue;
            };
            // One image, several programs (server, worker, scheduler): a probe on the server's
            // port would mark the others unhealthy.
            let others = &facts.own_command_services;
            if !others.is_empty() {
                out.note(file, expose_line, format!(
                    "no HEALTHCHECK added: compose runs this image with commands of its own ({}), which may not listen on port {port}; give each service its own healthcheck in compose",
                    others.join(", ")
                ));
                continue;
            }
            let route = match &project.options_for(file).health_path {
                Some(path) => Some((path.clone(), "dockfix.toml [health] path".to_string())),
                None => find_route(project, &facts.context, &project.files[file].real),
            };
            let Some((words, how)) = probe(dockerfile, &stage, &chain, port, route.as_ref().map(|(p, _)| p.as_str())) else {
                // Alpine and BusyBox images have BusyBox's wget without installing one.
                let client = http_client(dockerfile, &chain)
                    .or(matches!(stage.image.family, Some(Family::Alpine | Family::Busybox)).then_some("BusyBox's wget"));
                let why = match (stage.image.family, client) {
                    (Some(Family::Distroless | Family::Scratch), _) => {
                        "the image has no shell, curl or language runtime to probe with; give the program a health subcommand and add `HEALTHCHECK CMD [\"/app\", \"health\"]`".to_string()
                    }
                    // An HTTP client is there, but no route to ask: a 404 or a redirect on `/`
                    // would read as unhealthy.
                    (_, Some(client)) if route.is_none() => format!(
                        "the image has {client}, but dockfix found no health route of the program in the build context; if it serves HTTP on port {port}, set `[health] path` in dockfix.toml (or write `HEALTHCHECK CMD {} http://127.0.0.1:{port}/<route>`), then rerun; if not, write a probe that speaks its protocol",
                        if client == "curl" { "curl -fsS" } else { "wget -q --spider" }
                    ),
                    _ => format!(
                        "dockfix knows no program in `{}` to probe port {port} with; install curl or wget, then rerun",
                        stage.base
                    ),
                };
                out.note(file, expose_line, format!("no HEALTHCHECK added: {why}"));
                continue;
            };
            let speaks_http = words.iter().any(|w| w.contains("http://"));
            let evidence = match &route {
                Some((path, source)) if speaks_http => format!("`{path}` (found in {source})"),
                Some((path, _)) => format!("a TCP check on port {port} (no HTTP client in the image for `{path}`)"),
                None => format!("a TCP check on port {port} (no health route found in the build context)"),
            };
            let json: Vec<String> = words.iter().map(|w| json_string(w)).collect();
            let text = format!(
                "{} --interval=30s --timeout=5s --start-period=20s --retries=3 CMD [{}]",
                dockerfile.keyword("HEALTHCHECK"),
                json.join(", ")
            );
            // Before the stage's CMD/ENTRYPOINT, where readers look for how it runs.
            let own = stage.own();
            let before = own.iter().copied().find(|&p| matches!(dockerfile.instruction(p).keyword.as_str(), "CMD" | "ENTRYPOINT"));
            let (edit, op) = match before {
                Some(position) => dockerfile.insert_before(position, &text),
                None => match dockerfile.insert_after(*own.last().unwrap_or(&stage.from()), &text) {
                    Ok(inserted) => inserted,
                    Err(why) => {
                        out.note(file, expose_line, format!("no HEALTHCHECK added: {why}"));
                        continue;
                    }
                },
            };
            let message = format!("the final stage exposes port {port} but had no HEALTHCHECK: {how}, probing {evidence}");
            out.change(file, expose_line, message, vec![edit], Expect::Dockerfile(vec![op]));
        }
    }
}

/// The first port the final stage EXPOSEs (TCP), with its line; `Some((line, None))` when it is a
/// variable.
fn exposed_port(dockerfile: &Dockerfile, chain: &[usize]) -> Option<(usize, Option<u16>)> {
    let instruction = chain.iter().map(|&p| dockerfile.instruction(p)).find(|i| i.keyword == "EXPOSE")?;
    let tcp: Vec<&str> = instruction.args.split_whitespace().filter(|w| !w.ends_with("/udp")).collect();
    // SSH beside the service (gitlab's `EXPOSE 22/tcp 80/tcp 443/tcp`): an open port 22 says
    // sshd runs, not that the application answers.
    let is_ssh = |w: &&str| w.split('/').next() == Some("22");
    let word = tcp.iter().find(|w| !is_ssh(w)).or_else(|| tcp.first())?;
    let number = word.split('/').next().unwrap_or(word);
    Some((instruction.line, number.split('-').next().and_then(|n| n.parse().ok())))
}

/// Health routes, the readiness ones first.
const ROUTES: &[&str] = &["/readyz", "/healthz", "/health", "/api/health", "/livez", "/-/healthy", "/ping"];

/// A health route the application declares, with the file that says so: a route string in its
/// source, or Spring Boot's actuator in its build file.
/// A folder below the context that holds another Dockerfile holds another program (Flowise's
/// `docker/worker/healthcheck/` serves the worker's `/healthz`, not the server's): its files are
/// not searched.
fn find_route(project: &Project, context: &Path, own: &Path) -> Option<(String, String)> {
    let other_images: Vec<&Path> = project
        .files
        .iter()
        .filter(|f| f.kind == crate::discover::FileKind::Dockerfile && f.real != own)
        .filter_map(|f| f.real.parent())
        .filter(|folder| folder.starts_with(context) && *folder != context)
        .collect();
    let sources: Vec<(&Path, &str)> = project
        .disk
        .texts_under(context)
        .filter(|(path, _)| path.file_name().is_some_and(|n| crate::analysis::is_source(&n.to_string_lossy())))
        .filter(|(path, _)| !other_images.iter().any(|folder| path.starts_with(folder)))
        .collect();
    let shown = |path: &Path| path.strip_prefix(context).unwrap_or(path).display().to_string();
    for (path, text) in &sources {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if matches!(name.as_str(), "pom.xml" | "build.gradle" | "build.gradle.kts") && text.contains("spring-boot-starter-actuator") {
            return Some(("/actuator/health".into(), shown(path)));
        }
    }
    for route in ROUTES {
        for (path, text) in &sources {
            let declared = ['"', '\'', '`'].iter().any(|q| text.contains(&format!("{q}{route}{q}")));
            if declared {
                return Some((route.to_string(), shown(path)));
            }
        }
    }
    None
}

/// Whether the stage installs an HTTP client for a probe (unconditionally): `curl` or `wget`.
fn http_client(dockerfile: &Dockerfile, chain: &[usize]) -> Option<&'static str> {
    ["curl", "wget"].into_iter().find(|tool| installs(dockerfile, chain, tool))
}

/// Whether a RUN of the chain installs `tool` whatever the build arguments.
fn installs(dockerfile: &Dockerfile, chain: &[usize], tool: &str) -> bool {
    chain.iter().any(|&p| {
        packages::INSTALL_COMMANDS.iter().any(|command| {
            packages::installs(dockerfile, p, command).iter().any(|i| i.has(tool) && i.runs_unconditionally(&dockerfile.instruction(p).args))
        })
    })
}

/// The probe's words and how it works, from what the image has.
fn probe(dockerfile: &Dockerfile, stage: &FinalStage, chain: &[usize], port: u16, route: Option<&str>) -> Option<(Vec<String>, String)> {
    let url = route.map(|r| format!("http://127.0.0.1:{port}{r}"));
    let installed = |tool: &str| installs(dockerfile, chain, tool);
    let family = stage.image.family;
    let repository = images::normalise(&stage.base).0;
    let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    if let Some(url) = &url {
        if installed("curl") {
            return Some((words(&["curl", "-fsS", "-o", "/dev/null", url]), "curl, installed in the stage".into()));
        }
        if installed("wget") || matches!(family, Some(Family::Alpine | Family::Busybox)) {
            return Some((words(&["wget", "-q", "--spider", url]), "wget".into()));
        }
    }
    let python = ["python", "pypy"].contains(&repository.as_str()) || repository.starts_with("tiangolo/");
    let node = repository == "node";
    match (python, node, &url) {
        (true, _, Some(url)) => Some((
            words(&["python", "-c", &format!("import urllib.request; urllib.request.urlopen('{url}', timeout=4)")]),
            "the image's python (no curl in python images)".into(),
        )),
        (true, _, None) => Some((
            words(&["python", "-c", &format!("import socket; socket.create_connection(('127.0.0.1', {port}), 4).close()")]),
            "the image's python (no curl in python images)".into(),
        )),
        (_, true, Some(url)) => Some((
            words(&["node", "-e", &format!("require('http').get('{url}', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))")]),
            "the image's node (no curl in node images)".into(),
        )),
        (_, true, None) => Some((
            words(&["node", "-e", &format!("require('net').connect({port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))")]),
            "the image's node (no curl in node images)".into(),
        )),
        _ if matches!(family, Some(Family::Debian | Family::Rhel)) && stage.image.known => Some((
            words(&["bash", "-c", &format!(":> /dev/tcp/127.0.0.1/{port}")]),
            "bash's /dev/tcp (the base has no curl)".into(),
        )),
        _ => None,
    }
}

/// A JSON string, as exec form needs it.
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_form_strings() {
        assert_eq!(json_string("a \"b\" \\c"), "\"a \\\"b\\\" \\\\c\"");
        use crate::syntax::dockerfile::Form;
        let parsed = crate::syntax::dockerfile::parse_form(&format!("[{}]", json_string("say \"hi\"")));
        assert_eq!(parsed, Form::Exec(vec!["say \"hi\"".to_string()]));
    }
}
