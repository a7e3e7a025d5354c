//! Facts several transforms share, worked out in one place: who the final stage runs as, whether
//! the program switches user itself, what a path in the image was copied from, a service's role.
//!
//! The facts about programs are decided on the **original** files, before any transform ran: once
//! tini wraps an entrypoint, the next pass must still know that the entrypoint was `gosu`.

use crate::images;
use crate::project::Project;
use crate::source::FileId;
use crate::syntax::compose::Service;
use crate::syntax::dockerfile::runtime::FinalStage;
use crate::syntax::dockerfile::{Dockerfile, Form, Instruction};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Programs that switch from root to another user, and the shapes of commands that do.
const PRIVILEGE_DROPPERS: &[&str] =
    &["gosu", "su-exec", "setpriv", "s6-setuidgid", "s6-overlay", "s6-svscan", "chpst", "runuser", "setuser", "suexec"];

/// What the original files say, per Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct DockerfileFacts {
    /// The final stage's program switches user itself: the tool (or shape) that does it.
    pub drops_privileges: Option<String>,
    /// The final stage's program needs root at start for another reason (a script it runs calls
    /// `chown`), or runs a script from the build context that dockfix did not find: the note.
    pub root_at_start: Option<String>,
    /// The image is a tool, not a service (a dev container, a packaging build): why.
    pub tool: Option<String>,
    /// A script the container runs starts an init itself (`exec dumb-init ...`), which becomes
    /// PID 1 there: `(script, init)`.
    pub init_at_start: Option<(String, String)>,
    /// The program gains privileges on exec (file capabilities, setuid programs), which
    /// `no-new-privileges` would stop: what shows it.
    pub gains_privileges: Option<String>,
    /// The build context it is built from (compose `build.context`, a Makefile's `docker build`,
    /// else its own folder): where its COPY sources are looked up.
    pub context: PathBuf,
    /// Where compose services built from it mount volumes that Docker fills from the image
    /// (named and anonymous volumes, not bind mounts): the folder's owner in the image becomes
    /// the volume's owner, so these are folders the program writes.
    pub volume_targets: Vec<String>,
    /// Compose services built from it that override its `command` or `entrypoint`, shown as
    /// `` `name` ``: the image runs more than one program.
    pub own_command_services: Vec<String>,
    /// Host folders or files the compose services built from it mount writable (bind mounts,
    /// `./data:/app/data`), as `` `service` mounts `source` at target ``: their owner on the host
    /// is unknown, so a user chosen in the image may not be able to write there.
    pub writable_binds: Vec<String>,
    /// The stages compose services build as their `target`, with the first service that does
    /// (`("aio", "web")`).
    pub build_targets: Vec<(String, String)>,
    /// The container engine's socket mounted by compose services that run its image
    /// (`` `agent` mounts `/var/run/docker.sock` at /var/run/docker.sock ``): root's, or the docker
    /// group's, on the host.
    pub sockets: Vec<String>,
    /// Host devices mapped into compose services that run its image, with no `user:` or
    /// `group_add:` (`` `zwave` maps /dev/serial/by-id/usb-0 ``): root's, or a group's
    /// (dialout), on the host.
    pub devices: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Facts {
    dockerfiles: HashMap<FileId, DockerfileFacts>,
}

impl Facts {
    /// The facts of every Dockerfile of the project, as it is now (called before any edit).
    pub fn of(project: &Project) -> Facts {
        let mut dockerfiles = HashMap::new();
        let mut uses = compose_uses(project);
        let setid_packages = crate::images::setid_packages();
        for (id, dockerfile) in project.dockerfiles() {
            let context = project
                .build_contexts()
                .iter()
                .find(|c| (c.named || c.inferred) && c.dockerfiles.contains(&id))
                .map_or_else(|| project.folder(id), |c| c.real.clone());
            let stage = FinalStage::of(dockerfile);
            let start = stage.as_ref().map(|stage| start_of(project, dockerfile, stage, &context)).unwrap_or_default();
            let Start { switches: drops_privileges, root_at_start, gains, init_at_start } = start;
            let tool = tool_image(&project.files[id].path, dockerfile, stage.as_ref());
            let built = stage.as_ref().and_then(|stage| {
                let instructions: Vec<&Instruction> = dockerfile.instructions().collect();
                let runs = || stage.chain_positions().filter(|&p| instructions[p].keyword == "RUN");
                runs().find_map(|p| privilege_gain_in(&instructions[p].args, false).map(|how| format!("its Dockerfile runs `{how}`"))).or_else(|| {
                    // Only a RUN that names one of the packages is read for its installs.
                    runs().filter(|&p| setid_packages.iter().any(|name| instructions[p].args.contains(name.as_str()))).find_map(|p| {
                        ["apt-get install", "apt install", "apk add"].iter().flat_map(|command| crate::syntax::dockerfile::packages::installs(dockerfile, p, command)).find_map(|install| {
                            let named = |package: &str| setid_packages.iter().any(|name| package.split(['=', ':']).next() == Some(name.as_str()));
                            install.packages.iter().find(|(package, _)| named(package)).map(|(package, _)| format!("its Dockerfile installs `{package}`, whose setuid or setgid programs the service uses"))
                        })
                    })
                })
            });
            // `sudo` run by root gains nothing (sudo refuses no-new-privileges only for others).
            let starts_as_root = stage.as_ref().is_some_and(|stage| match &stage.user {
                Some((user, _)) => matches!(user.split(':').next().unwrap_or_default(), "root" | "0"),
                None => !stage.image.runs_as_non_root,
            });
            let gains = gains.filter(|(_, how)| !(*how == "sudo" && starts_as_root));
            let gains_privileges = stage
                .as_ref()
                .and_then(|stage| stage.image.needs_new_privileges.clone())
                .or(built)
                .or_else(|| gains.map(|(word, how)| format!("`{word}`, which the container runs, runs `{how}`")));
            let ComposeUse { volume_targets, own_command_services, writable_binds, sockets, devices, build_targets } = uses.remove(&id).unwrap_or_default();
            dockerfiles.insert(
                id,
                DockerfileFacts {
                    drops_privileges,
                    root_at_start,
                    tool,
                    init_at_start,
                    gains_privileges,
                    context,
                    volume_targets,
                    own_command_services,
                    writable_binds,
                    sockets,
                    devices,
                    build_targets,
                },
            );
        }
        Facts { dockerfiles }
    }

    pub fn dockerfile(&self, id: FileId) -> DockerfileFacts {
        self.dockerfiles.get(&id).cloned().unwrap_or_default()
    }
}

/// What the compose services built from one Dockerfile do with its image.
#[derive(Default)]
struct ComposeUse {
    volume_targets: Vec<String>,
    own_command_services: Vec<String>,
    writable_binds: Vec<String>,
    sockets: Vec<String>,
    devices: Vec<String>,
    build_targets: Vec<(String, String)>,
}

/// Per Dockerfile, in one pass over the compose services built from it: the container paths
/// where they mount named or anonymous volumes, and the services that run a command of their own.
fn compose_uses(project: &Project) -> HashMap<FileId, ComposeUse> {
    use yaml_rust2::Yaml;
    let mut out: HashMap<FileId, ComposeUse> = HashMap::new();
    for (file, compose) in project.every_compose_file() {
        for service in compose.services() {
            // A partial service of an override file (`app:` with only `volumes:`) runs what the
            // file it is merged with builds for that name.
            let built = service.get("build").and_then(|build| project.dockerfile_for(file, build)).or_else(|| {
                service.is_partial().then(|| built_by_partner(project, file, &service.name)).flatten()
            });
            // A service that runs the image the repository publishes from one of its
            // Dockerfiles (`image: org/app-realtime` and `docker/app-realtime/Dockerfile`): what
            // it mounts counts for that image too.
            let linked = built.or_else(|| service.image().and_then(|image| published_near(project, file, image, false)));
            // The Docker socket is root's (or the docker group's) on the host: a service that
            // talks to it (a CI agent, a monitor) runs as root. Its image may be published from
            // a Dockerfile named after the last word of the image's name
            // (`woodpeckerci/woodpecker-agent` from `docker/Dockerfile.agent.alpine.multiarch`).
            let sockets = socket_mounts_of(&service);
            if linked.is_none() && !sockets.is_empty() {
                for id in service.image().map(|image| named_after_last_word(project, file, image)).unwrap_or_default() {
                    add_unique(&mut out.entry(id).or_default().sockets, &sockets);
                }
            }
            let Some(dockerfile) = linked else {
                // `image: writefreely` with no build: a name no registry or catalog knows is an
                // image built here by hand (`docker build -t writefreely -f Dockerfile.prod .`).
                // Which Dockerfile is not known, so a writable bind mount counts for every one
                // of the compose file's folder: none of them gets a user the host folder may
                // refuse.
                if service.image().is_some_and(is_local_name) {
                    let folder = project.folder(file);
                    let binds = writable_binds_of(&service);
                    if !binds.is_empty() {
                        for (id, _) in project.dockerfiles().filter(|(id, _)| project.folder(*id) == folder) {
                            add_unique(&mut out.entry(id).or_default().writable_binds, &binds);
                        }
                    }
                }
                continue;
            };
            // Other Dockerfiles of the project that build the same program (watchtower's
            // `Dockerfile`, `Dockerfile.self-contained` and the `Dockerfile.dev-self-contained`
            // its compose file builds, all `ENTRYPOINT ["/watchtower"]`) make images that talk
            // to the socket too.
            let devices = devices_of(&service);
            if !sockets.is_empty() || !devices.is_empty() {
                for sibling in same_program(project, dockerfile) {
                    let theirs = out.entry(sibling).or_default();
                    add_unique(&mut theirs.sockets, &sockets);
                    add_unique(&mut theirs.devices, &devices);
                }
            }
            let uses = out.entry(dockerfile).or_default();
            add_unique(&mut uses.writable_binds, &writable_binds_of(&service));
            add_unique(&mut uses.sockets, &sockets);
            add_unique(&mut uses.devices, &devices);
            let target = built.and(service.get_nested("build", "target")).and_then(|t| t.as_str().map(str::to_string));
            if let Some(target) = target {
                if !uses.build_targets.iter().any(|(t, _)| *t == target) {
                    uses.build_targets.push((target, service.name.clone()));
                }
            }
            if built.is_some() && (service.get("command").is_some() || service.get("entrypoint").is_some()) {
                // Development and CI files often repeat the main file's services.
                let shown = format!("`{}`", service.name);
                if !uses.own_command_services.contains(&shown) {
                    uses.own_command_services.push(shown);
                }
            }
            let Some(Yaml::Array(volumes)) = service.get("volumes") else { continue };
            for mount in volumes.iter().filter_map(Mount::of) {
                let target = mount.is_volume().then_some(mount.target);
                if let Some(target) = target.filter(|t| built.is_some() && t.starts_with('/') && !t.contains('$')) {
                    let target = resolve_path("/", &target);
                    if !uses.volume_targets.contains(&target) {
                        uses.volume_targets.push(target);
                    }
                }
            }
        }
    }
    out
}

/// Whether an image reference is a bare local name (`writefreely`, `myapp:dev`): no registry or
/// namespace, and not an image the catalog knows.
fn is_local_name(image: &str) -> bool {
    let (repository, _) = crate::images::normalise(image);
    !repository.is_empty() && !repository.contains(['/', '$', '.']) && !images::lookup(image).known
}

/// Appends the notes' `shown` items that `list` does not hold yet, in order (each service's
/// binds, sockets and devices, once per Dockerfile).
fn add_unique(list: &mut Vec<String>, shown: &[String]) {
    for item in shown {
        if !list.contains(item) {
            list.push(item.clone());
        }
    }
}

/// A service's bind mounts it can write, as the notes show them, unless it names its user (it
/// has then chosen who writes there: `user: "1000:1000"`).
fn writable_binds_of(service: &crate::syntax::compose::Service) -> Vec<String> {
    mounts_shown(service, Mount::is_writable_bind)
}

/// A service's mounts of a container engine's socket (`/var/run/docker.sock`, read-only or
/// not: connecting needs the socket's group either way), as the notes show them, unless it
/// names its user.
fn socket_mounts_of(service: &crate::syntax::compose::Service) -> Vec<String> {
    mounts_shown(service, |mount| {
        mount.is_host_path() && mount.source.as_deref().is_some_and(|s| s.ends_with("docker.sock") || s.ends_with("podman.sock"))
    })
}

/// A service's host devices (`devices:`), as notes show them, unless it names its user or
/// groups (`group_add: [dialout]`): then who may open them is chosen.
fn devices_of(service: &crate::syntax::compose::Service) -> Vec<String> {
    use yaml_rust2::Yaml;
    let Some(Yaml::Array(devices)) = service.get("devices") else { return Vec::new() };
    if service.get("user").is_some() || service.get("group_add").is_some() {
        return Vec::new();
    }
    devices
        .iter()
        .filter_map(|device| match device {
            Yaml::String(short) => Some(crate::syntax::compose::short_fields(short)[0].to_string()),
            Yaml::Hash(long) => long.get(&Yaml::String("source".into())).and_then(Yaml::as_str).map(str::to_string),
            _ => None,
        })
        .map(|source| format!("`{}` maps {source}", service.name))
        .collect()
}

/// The mounts of a service that `keep` picks, as notes show them (`` `web` mounts `./data` at
/// /data ``); none when the service names its user.
fn mounts_shown(service: &crate::syntax::compose::Service, keep: impl Fn(&Mount) -> bool) -> Vec<String> {
    use yaml_rust2::Yaml;
    let Some(Yaml::Array(volumes)) = service.get("volumes") else { return Vec::new() };
    if service.get("user").is_some() {
        return Vec::new();
    }
    volumes
        .iter()
        .filter_map(Mount::of)
        .filter(|mount| keep(mount))
        .map(|mount| format!("`{}` mounts `{}` at {}", service.name, mount.source.as_deref().unwrap_or_default(), mount.target))
        .collect()
}

/// The other Dockerfiles of the project whose final stage runs the same program as `dockerfile`'s
/// (by the name of its first word, after an init): variants of one image.
fn same_program(project: &Project, dockerfile: FileId) -> Vec<FileId> {
    let program = |id: FileId| -> Option<String> {
        let file = project.files[id].parsed.as_dockerfile()?;
        let mut argv = crate::syntax::dockerfile::runtime::without_init(&FinalStage::of(file)?.argv()?);
        // Past an entrypoint script that runs its command (node's `docker-entrypoint.sh`).
        if argv.len() > 1 && argv[0].contains("entrypoint") {
            argv.remove(0);
        }
        let first = argv.first()?;
        let name = first.rsplit('/').next().unwrap_or(first);
        if name.is_empty() || name.contains('$') || name.contains("entrypoint") {
            return None;
        }
        // A runtime says which program only with what it runs (`node server/bin/www` in each of
        // zwave-js-ui's three Dockerfiles); a shell with its script says too little.
        match name {
            "node" | "python" | "python3" | "java" if argv.len() > 1 => Some(argv.join(" ")),
            "sh" | "bash" | "ash" | "node" | "python" | "python3" | "java" => None,
            _ => Some(name.to_string()),
        }
    };
    let Some(wanted) = program(dockerfile) else { return Vec::new() };
    project.dockerfiles().map(|(id, _)| id).filter(|&id| id != dockerfile && program(id).as_deref() == Some(wanted.as_str())).collect()
}

/// The Dockerfiles whose name starts with the last word of an image's name: `Dockerfile.agent`,
/// `Dockerfile.agent.alpine.multiarch`, `agent.Dockerfile` or `agent/Dockerfile` for
/// `woodpeckerci/woodpecker-agent` (or `org/agent`).
fn named_after_last_word(project: &Project, file: FileId, image: &str) -> Vec<FileId> {
    let (repository, _) = crate::images::normalise(&crate::syntax::dockerfile::substitute_args(image, &[]));
    let Some(name) = repository.rsplit('/').next().filter(|n| !n.is_empty() && !n.contains('$')) else { return Vec::new() };
    let last = name.rsplit(['-', '_']).next().unwrap_or(name);
    project
        .dockerfiles()
        .map(|(id, _)| id)
        .filter(|&id| near(project, file, id))
        .filter(|&id| {
            let path = &project.files[id].real;
            let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let first = if file_name == "Dockerfile" {
                path.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned())
            } else {
                file_name
                    .strip_prefix("Dockerfile.")
                    .and_then(|rest| rest.split('.').next())
                    .or_else(|| file_name.strip_suffix(".Dockerfile"))
                    .map(str::to_string)
            };
            first.is_some_and(|first| !first.is_empty() && (first == name || first == last))
        })
        .collect()
}

/// The Dockerfile a compose file merged with `file` builds for the service `name`.
fn built_by_partner(project: &Project, file: FileId, name: &str) -> Option<FileId> {
    project.compose_partners(file).iter().find_map(|&other| {
        let compose = project.files[other].parsed.as_compose()?;
        let theirs = compose.services().into_iter().find(|s| s.name == name)?;
        project.dockerfile_for(other, theirs.get("build")?)
    })
}

/// The Dockerfile of the project that publishes `image` for the compose file `file` ([`published_near`]),
/// for an image with a namespace only (`ghcr.io/org/app`): a bare `redis` is Docker Hub's,
/// whatever folder is named so.
pub fn published_here(project: &Project, file: FileId, image: &str) -> Option<FileId> {
    published_near(project, file, image, true)
}

/// The Dockerfile named after `image`'s repository ([`published_names`]) in the compose file's
/// folder, below it or above it (paperless-ngx's compose files in `docker/compose/`, its
/// Dockerfile at the top), when it is the only such one. Only there: a repository elsewhere in
/// the run that builds an image of the same name is another project (and, as the partition
/// keeps only these together, a run in parts sees the same).
fn published_near(project: &Project, file: FileId, image: &str, namespaced_only: bool) -> Option<FileId> {
    let (repository, _) = crate::images::normalise(&crate::syntax::dockerfile::substitute_args(image, &[]));
    let name = match repository.rsplit_once('/') {
        Some((_, name)) => name,
        None if !namespaced_only => repository.as_str(),
        None => return None,
    };
    if name.is_empty() || name.contains('$') {
        return None;
    }
    let mut found = project
        .dockerfiles()
        .map(|(id, _)| id)
        .filter(|&id| near(project, file, id) && published_names(&project.files[id].real).iter().any(|n| n == name));
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// Whether Dockerfile `dockerfile` is in compose file `file`'s folder, below it or above it.
fn near(project: &Project, file: FileId, dockerfile: FileId) -> bool {
    let (Some(folder), Some(theirs)) = (project.files[file].real.parent(), project.files[dockerfile].real.parent()) else { return false };
    folder.starts_with(theirs) || theirs.starts_with(folder)
}

/// The image names a Dockerfile would publish: its folder's name for a `Dockerfile` — and,
/// where that folder only says it holds container files (`docker/`, `build/`, `.docker/`), the
/// name of the folder above it, the repository's (`zwave-js-ui/docker/Dockerfile` publishes
/// `zwavejs/zwave-js-ui`) — and `NAME` for `NAME.Dockerfile` and `Dockerfile.NAME`.
fn published_names(path: &Path) -> Vec<String> {
    const GENERIC: &[&str] = &["docker", ".docker", "build", "container", "containers", "deploy", "dockerfiles", "image", "images"];
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut names = Vec::new();
    if file_name == "Dockerfile" {
        let folder = path.parent();
        let own = folder.and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
        if let Some(own) = own.filter(|n| !n.is_empty()) {
            if GENERIC.contains(&own.to_ascii_lowercase().as_str()) {
                let above = folder.and_then(Path::parent).and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
                names.extend(above.filter(|n| !n.is_empty()));
            }
            names.push(own);
        }
    } else if let Some(name) = file_name.strip_suffix(".Dockerfile").or_else(|| file_name.strip_prefix("Dockerfile.")) {
        if !name.is_empty() {
            names.push(name.to_string());
        }
    }
    names
}


/// Whether `service` of `file` is merged over the same service of the base file beside it:
/// Compose reads `docker-compose.override.yml` after `docker-compose.yml` (and
/// `compose.override.yaml` after `compose.yaml`) whenever no file is named, so what the base's
/// service gets reaches it there, and adding the same here only repeats it (the full-stack
/// FastAPI template's `proxy` and `backend`, whole in both files).
pub fn completed_by_base(project: &Project, file: FileId, service: &str) -> bool {
    // Asked for every service of every compose file by several transforms: the name decides
    // first, without allocating.
    let real = &project.files[file].real;
    let name = real.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let named = |options: [&str; 2]| options.iter().any(|option| name.eq_ignore_ascii_case(option));
    let bases: &[&str] = if named(["docker-compose.override.yml", "docker-compose.override.yaml"]) {
        &["docker-compose.yml", "docker-compose.yaml"]
    } else if named(["compose.override.yml", "compose.override.yaml"]) {
        &["compose.yaml", "compose.yml"]
    } else {
        return false;
    };
    let folder = real.parent().unwrap_or(Path::new("/"));
    bases.iter().filter_map(|base| project.file_at(&folder.join(base))).any(|base| {
        project.files[base].parsed.as_compose().is_some_and(|compose| compose.services().iter().any(|s| s.name == service && !s.is_partial()))
    })
}

/// The compose files Compose merges with `file`, with their services
/// ([`Project::compose_partners`]).
pub fn partners<'a>(project: &'a Project, file: FileId) -> Vec<(FileId, Vec<Service<'a>>)> {
    project.compose_partners(file).iter().filter_map(|&other| Some((other, project.files[other].parsed.as_compose()?.services()))).collect()
}

/// The compose files Compose merges with one another (`-f docker-compose.yml -f
/// docker-compose.prod.yml`), by file: files of the same folder that share a service where one
/// side defines that service only in part (no image, build or extends) — the shared settings in
/// one file, the image in the other. Alternative stacks that each define their services whole
/// are not partners, nor are two overlays that each complete the same service of a third file
/// (frappe's `compose.mariadb.yaml` and `compose.postgres.yaml`, each for `-f compose.yaml`).
/// Each folder's files are read once, and only where a folder holds several.
pub fn partner_files(project: &Project) -> foldhash::HashMap<FileId, Vec<FileId>> {
    let mut by_folder: std::collections::BTreeMap<std::path::PathBuf, Vec<(FileId, &crate::syntax::compose::Compose)>> = Default::default();
    for (file, compose) in project.compose_files() {
        by_folder.entry(project.folder(file)).or_default().push((file, compose));
    }
    let mut out: foldhash::HashMap<FileId, Vec<FileId>> = Default::default();
    for files in by_folder.into_values().filter(|files| files.len() > 1) {
        let services: Vec<(FileId, Vec<Service>)> = files.iter().map(|(file, compose)| (*file, compose.services())).collect();
        for (file, mine) in &services {
            for (other, theirs) in services.iter().filter(|(other, _)| other != file) {
                let merged = mine
                    .iter()
                    .any(|mine| theirs.iter().any(|their| their.name == mine.name && (their.is_partial() != mine.is_partial())));
                if merged {
                    out.entry(*file).or_default().push(*other);
                }
            }
        }
    }
    out
}

/// Packaging and build tools: an image that runs one is a tool, not a service.
const BUILD_TOOLS: &[&str] =
    &["rpmbuild", "dpkg-buildpackage", "debuild", "makepkg", "mock", "pbuilder", "make", "build.sh", "build", "abuild"];

/// Why an image is a tool rather than a long-running service, if it is: it lives under
/// `.devcontainer/` (an editor's development environment, run as its own user by the editor), or
/// its program is a build or packaging tool that writes into root-owned sources.
fn tool_image(path: &Path, dockerfile: &Dockerfile, stage: Option<&FinalStage>) -> Option<String> {
    if path.components().any(|c| c.as_os_str() == ".devcontainer") {
        return Some("it is a development container (.devcontainer/), which the editor runs with its own user settings".into());
    }
    let stage = stage?;
    // A stage that sets up a package build (rpmbuild trees under /root, dpkg-buildpackage) —
    // not one that exposes a port: that is a service whose build may fall back to packaging
    // from source (nginx's image builds its packages on architectures it has none for).
    const PACKAGING: &[&str] = &["rpmbuild", "rpm-build", "dpkg-buildpackage", "debuild", "devscripts", "makepkg", "abuild"];
    let serves = stage.chain_positions().any(|p| dockerfile.instruction(p).keyword == "EXPOSE");
    for &position in stage.own().iter().filter(|_| !serves) {
        let instruction = dockerfile.instruction(position);
        if let Some(tool) = PACKAGING.iter().find(|t| instruction.args.split(|c: char| c.is_whitespace() || c == '/').any(|w| w == **t)) {
            return Some(format!("it sets up a package build (`{tool}`) that writes as root, not a service"));
        }
    }
    let argv = stage.argv()?;
    let program = argv.iter().find(|w| !w.starts_with('-') && !matches!(w.as_str(), "/bin/sh" | "sh" | "bash" | "/bin/bash"))?;
    let base = program.rsplit('/').next().unwrap_or(program);
    BUILD_TOOLS
        .contains(&base)
        .then(|| format!("its program `{base}` is a build or packaging tool that writes into root-owned sources, not a service"))
}

/// Whether `user` (`root`, `0`, `root:root`, `0:0`) is root.
pub fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or_default().trim();
    name == "root" || name == "0"
}

/// Whether the instruction at `position` runs as root (the last USER before it, in the chain).
pub fn runs_as_root(dockerfile: &Dockerfile, stage: &FinalStage, position: usize) -> bool {
    let user = stage
        .chain_positions()
        .filter(|&p| p < position && dockerfile.instruction(p).keyword == "USER")
        .last()
        .map(|p| dockerfile.instruction(p).args.trim().to_string());
    match user {
        Some(user) => is_root(&user),
        None => !stage.image.runs_as_non_root,
    }
}

/// A compose service's role: images.toml for images, `app` for what is built here or unknown.
pub fn service_role(service: &Service) -> String {
    if service.get("build").is_some() {
        return "app".into();
    }
    service.image().and_then(|i| images::lookup(i).role).unwrap_or_else(|| "app".into())
}

/// Why a compose service runs to completion instead of running as a daemon, if it does: it is
/// waited on with `service_completed_successfully`, it runs a migration, setup, seed or test
/// command, its image is a test runner, or it only runs in a tools/test profile.
pub fn one_shot(service: &Service, completed_targets: &std::collections::BTreeSet<String>) -> Option<String> {
    use yaml_rust2::Yaml;
    if completed_targets.contains(&service.name) {
        return Some("another service waits for it to complete".into());
    }
    let command: Vec<String> = [command_words(service, "entrypoint"), command_words(service, "command")].concat();
    let joined = command.join(" ").to_ascii_lowercase();
    const JOBS: &[&str] = &[
        "migrate", "migrations", "db:migrate", "db:setup", "db:seed", "alembic upgrade", "flyway", "liquibase",
        "prisma migrate", "knex migrate", "sequelize db:migrate", "createbuckets", "mc mb", "mc alias", "seed",
        "collectstatic", "exit 0", "cypress run", "playwright test", "pytest", "go test", "npm test", "npm run test",
        "yarn test", "jest", "psql -f", "mysql <", "/docker-entrypoint-initdb.d",
        // certbot obtaining a certificate once (a renewal loop ends in `done`, not here).
        "certonly",
    ];
    // What it ends with decides: `migrate && exec gunicorn` is a server that migrates first.
    let last = joined
        .split(|c: char| c == ';' || c == '&' || c == '|')
        .map(|part| part.trim().trim_matches(['"', '\'']).trim())
        .filter(|part| !part.is_empty())
        .last()
        .unwrap_or_default()
        .to_string();
    if let Some(job) = JOBS.iter().find(|&&pattern| {
        last.contains(pattern)
            && (pattern.contains(' ')
                || last.split_whitespace().any(|w| {
                    w.trim_matches(['"', '\'', ',']) == pattern || w.strip_suffix(pattern).is_some_and(|before| before.ends_with('/'))
                }))
    }) {
        return Some(format!("it runs `{job}` and exits"));
    }
    // A data container (`command: /bin/true`, `echo Data-only container`): it exits at once,
    // and others mount its volumes (`volumes_from`).
    // Only what runs last in sequence: `npm start || echo failed` is a server with a fallback.
    let final_step = joined
        .split([';', '\n'])
        .flat_map(|part| part.split("&&"))
        .map(|part| part.trim().trim_matches(['"', '\'']).trim())
        .filter(|part| !part.is_empty())
        .last()
        .unwrap_or_default();
    let program = final_step.split_whitespace().next().unwrap_or_default();
    let program = program.rsplit('/').next().unwrap_or(program);
    if ["true", "echo", ":"].contains(&program) && !final_step.contains('|') {
        return Some(format!("it runs `{program}` and exits: a data container or a placeholder"));
    }
    // `command: chown -R mysql:mysql /var/lib/mysql`: a helper that fixes a volume's owner.
    if ["chown", "chmod"].contains(&program) && !final_step.contains('|') {
        return Some(format!("it runs `{program}` and exits: it fixes the permissions of a volume"));
    }
    // `manage.py <command>` other than a server, as the last thing it runs.
    let last_words: Vec<String> = last.split_whitespace().map(str::to_string).collect();
    if let Some(at) = last_words.iter().position(|w| w.ends_with("manage.py")) {
        match last_words.get(at + 1) {
            Some(verb) if !["runserver", "run_huey", "rqworker", "qcluster", "celery"].contains(&verb.as_str()) => {
                return Some(format!("it runs `manage.py {verb}` and exits"));
            }
            Some(_) => {}
            // `entrypoint: "python manage.py"` (taiga's `taiga-manage`): the command is the
            // one `docker compose run` is given.
            None => return Some("it runs `manage.py` with the command `docker compose run` gives it, and exits".into()),
        }
    }
    // The same for Laravel's and Symfony's command runners: `php artisan`, `bin/console`.
    if let Some(runner) = last_words.last().filter(|w| *w == "artisan" || w.ends_with("/artisan") || w.ends_with("bin/console")) {
        return Some(format!("it runs `{runner}` with the command `docker compose run` gives it, and exits"));
    }
    if let Some(image) = service.image() {
        let repository = images::normalise(image).0;
        if TEST_RUNNERS.iter().any(|r| repository.starts_with(r)) {
            return Some(format!("its image `{repository}` is a tool or test runner"));
        }
        // `image: busybox` with volumes and no command (zabbix's `db-data-mysql`): the image
        // runs a shell, which ends at once without a terminal to read — a data container, which
        // a restart policy would start again and again.
        let interactive = ["tty", "stdin_open"].iter().any(|key| service.get(key).and_then(Yaml::as_bool) == Some(true));
        let own_image = service.get("build").is_none() && service.get("extends").is_none();
        if command.is_empty() && !interactive && own_image {
            let info = images::lookup(image);
            let entrypoint_empty = info.entrypoint.as_ref().is_some_and(Vec::is_empty);
            if let (true, Some([shell])) = (entrypoint_empty, info.cmd.as_deref()) {
                let name = shell.rsplit('/').next().unwrap_or(shell);
                if matches!(name, "sh" | "bash" | "ash" | "dash") {
                    return Some(format!("its image `{repository}` runs `{shell}`, which ends at once without a terminal: a data container or a placeholder"));
                }
            }
        }
    }
    if let Some(Yaml::Array(profiles)) = service.get("profiles") {
        const TOOL_PROFILES: &[&str] = &[
            "tools", "tool", "test", "tests", "testing", "setup", "init", "migrate", "migrations", "ci", "debug", "e2e", "seed", "helper",
            "helpers", "maintenance",
        ];
        if let Some(profile) = profiles.iter().filter_map(Yaml::as_str).find(|p| TOOL_PROFILES.contains(p)) {
            return Some(format!("it only runs in the `{profile}` profile"));
        }
    }
    // `PGAUTO_ONESHOT=yes` (pgautoupgrade): the image's own switch to do its work once and exit.
    if let Some((key, _)) = environment(service).into_iter().find(|(key, value)| {
        let key = key.to_ascii_uppercase();
        (key.contains("ONESHOT") || key.contains("ONE_SHOT") || key.ends_with("RUN_ONCE"))
            && matches!(value.to_ascii_lowercase().as_str(), "yes" | "true" | "1" | "on")
    }) {
        return Some(format!("`{key}` tells it to run once and exit"));
    }
    let name = service.name.to_ascii_lowercase();
    const JOB_NAMES: &[&str] = &["migrate", "migration", "migrations", "init", "setup", "seed", "createbuckets", "bootstrap", "tests", "test"];
    if JOB_NAMES.iter().any(|job| name == *job || name.ends_with(&format!("-{job}")) || name.ends_with(&format!("_{job}"))) {
        return Some("its name says it is a job that runs once".into());
    }
    None
}

/// [`one_shot`], and also a service built on a test runner's image (`FROM
/// mcr.microsoft.com/playwright`) that runs what that image runs: neither its Dockerfile nor
/// the compose file names a program, so the container runs the tests it is started for (`docker
/// compose run playwright npx playwright test`) and exits.
pub fn one_shot_built(project: &crate::project::Project, file: crate::source::FileId, service: &Service, completed_targets: &std::collections::BTreeSet<String>) -> Option<String> {
    if let Some(why) = one_shot(service, completed_targets) {
        return Some(why);
    }
    built_test_runner(project, file, service)
}

/// Why a service runs a test runner's image as built (`FROM mcr.microsoft.com/playwright`, no
/// program named in its Dockerfile or compose file), if it does: the tests it is started for
/// run and it exits.
pub fn built_test_runner(project: &crate::project::Project, file: crate::source::FileId, service: &Service) -> Option<String> {
    if service.get("command").is_some() || service.get("entrypoint").is_some() {
        return None;
    }
    let dockerfile = project.dockerfile_for(file, service.get("build")?)?;
    let crate::source::Parsed::Dockerfile(parsed) = &project.files[dockerfile].parsed else { return None };
    let target = service.get_nested("build", "target").and_then(|t| t.as_str().map(str::to_string));
    let stage = match target.as_deref() {
        Some(name) => crate::syntax::dockerfile::stage_named(&parsed.stages(), name)?,
        None => parsed.stages().len().checked_sub(1)?,
    };
    let built = crate::syntax::dockerfile::runtime::FinalStage::at(parsed, stage)?;
    let repository = images::normalise(&built.base).0;
    (!built.sets_program() && TEST_RUNNERS.iter().any(|r| repository.starts_with(r)))
        .then(|| format!("it is built on the test runner `{repository}` and runs what that image runs"))
}

/// What a service runs as root although its image's entrypoint switches to the image's own
/// user for its server (`drops_for` in images.toml), if it does: a compose `command` that
/// starts something else (`sh -c "valkey-server ..."`, for the variables) or an `entrypoint`
/// of its own keeps the entrypoint from switching, and the server then runs as root. `None`
/// when it switches, when the service sets `user:`, or when the image's facts do not say.
pub fn kept_root(service: &Service, image: &images::ImageInfo) -> Option<String> {
    if !image.drops_privileges || image.drops_for.is_empty() || service.get("user").is_some() {
        return None;
    }
    let program = |word: &str| word.rsplit('/').next().unwrap_or(word).to_string();
    let mut words = command_words(service, "entrypoint");
    if let Some(first) = words.first() {
        // The image's own entrypoint, named again, runs as it would; its arguments follow.
        if program(first) != "docker-entrypoint.sh" {
            return Some(first.clone());
        }
        words.remove(0);
    }
    words.extend(command_words(service, "command"));
    // Nothing to run: the image's own command, its server.
    let first = words.first()?;
    if first.starts_with('-') || first.ends_with(".conf") {
        return None;
    }
    let name = program(first);
    let switches = image.drops_for.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == *p,
    });
    (!switches).then(|| first.clone())
}

/// Images that run a tool or tests and exit.
const TEST_RUNNERS: &[&str] = &["cypress/", "mcr.microsoft.com/playwright", "curlimages/curl", "minio/mc"];

/// The texts of the files a service mounts from the host (a mounted folder, such as nginx
/// `conf.d` or Grafana provisioning, file by file), as the project model gathered them.
pub fn mounted_texts(project: &Project, service: &Service, folder: &Path) -> Vec<String> {
    bind_sources(service)
        .into_iter()
        .flat_map(|source| {
            let path = folder.join(&source);
            project.disk.texts_under(&path).map(|(_, text)| text.to_string()).collect::<Vec<_>>()
        })
        .collect()
}

/// The host paths a service bind-mounts (`./conf:/etc/x`, `source: ./conf`), as written; paths
/// with variables and the host's root are left out.
pub fn bind_sources(service: &Service) -> Vec<String> {
    bind_sources_of(service.get("volumes"))
}

/// [`bind_sources`] of a service's `volumes` value.
pub fn bind_sources_of(volumes: Option<&yaml_rust2::Yaml>) -> Vec<String> {
    use yaml_rust2::Yaml;
    let Some(Yaml::Array(volumes)) = volumes else { return Vec::new() };
    volumes
        .iter()
        .filter_map(Mount::of)
        .filter_map(|mount| mount.source)
        .filter(|source| (source.starts_with('.') || source.starts_with('/')) && !source.contains('$') && source != "/")
        .collect()
}

/// An entry of a service's `volumes`, short (`src:target[:mode]`, `target`) or long form: the one
/// reading of a mount every question about mounts asks.
#[derive(Debug, Clone, PartialEq)]
pub struct Mount {
    /// `None` for an anonymous volume.
    pub source: Option<String>,
    pub target: String,
    /// `:ro` / `:readonly` in the mode, or `read_only: true`.
    pub read_only: bool,
    /// The long form's `type` (`volume` where it leaves it out); `None` in the short form.
    long_type: Option<String>,
}

impl Mount {
    pub fn of(item: &yaml_rust2::Yaml) -> Option<Mount> {
        use yaml_rust2::Yaml;
        match item {
            Yaml::String(short) => {
                let parts = crate::syntax::compose::short_fields(short);
                match parts.as_slice() {
                    [target] => Some(Mount { source: None, target: target.to_string(), read_only: false, long_type: None }),
                    [source, target, modes @ ..] => Some(Mount {
                        source: Some(source.to_string()),
                        target: target.to_string(),
                        read_only: modes.first().is_some_and(|mode| mode.split(',').any(|m| m == "ro" || m == "readonly")),
                        long_type: None,
                    }),
                    _ => None,
                }
            }
            Yaml::Hash(long) => {
                let get = |key: &str| long.get(&Yaml::String(key.into()));
                let text = |key: &str| get(key).and_then(Yaml::as_str).map(str::to_string);
                let read_only = matches!(get("read_only"), Some(Yaml::Boolean(true))) || text("read_only").as_deref() == Some("true");
                let long_type = Some(text("type").unwrap_or_else(|| "volume".into()));
                Some(Mount { source: text("source"), target: text("target")?, read_only, long_type })
            }
            _ => None,
        }
    }

    /// Whether the source is a path on the host (`./src`, `/srv/x`) written out, not a named
    /// volume nor a path read from a variable.
    pub fn is_bind(&self) -> bool {
        self.source.as_deref().is_some_and(|s| s.starts_with('.') || s.starts_with('/') || s.starts_with('~'))
    }

    /// Whether the host lends the container one of its paths: the long form's `type: bind`, or
    /// a short source that is a path, a variable counted as one (`${DATA_DIR}:/data`).
    pub fn is_host_path(&self) -> bool {
        match (&self.long_type, &self.source) {
            (Some(kind), _) => kind == "bind",
            (None, Some(source)) => source.starts_with(['.', '/', '~', '$']),
            (None, None) => false,
        }
    }

    /// Whether it is a volume (named or anonymous) rather than a bind, tmpfs or other mount.
    pub fn is_volume(&self) -> bool {
        match &self.long_type {
            Some(kind) => kind == "volume",
            None => !self.is_host_path(),
        }
    }

    /// A bind mount the container may write to: not read-only, and not one of the host's
    /// read-only facts (`/etc/localtime`, `/etc/timezone`).
    pub fn is_writable_bind(&self) -> bool {
        self.is_host_path()
            && !self.read_only
            && self.source.as_deref().is_some_and(|source| !["/etc/localtime", "/etc/timezone"].contains(&source))
    }
}

/// A service's `command` (or `entrypoint`) as words, string or list form.
pub fn command_words(service: &Service, key: &str) -> Vec<String> {
    use yaml_rust2::Yaml;
    match service.get(key) {
        Some(Yaml::String(text)) => text.split_whitespace().map(str::to_string).collect(),
        Some(Yaml::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str())
            .flat_map(|i| i.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .collect(),
        _ => Vec::new(),
    }
}

/// A service's environment as `(name, value)` pairs, map or list form.
pub fn environment(service: &Service) -> Vec<(String, String)> {
    use yaml_rust2::Yaml;
    let scalar = |v: &Yaml| match v {
        Yaml::String(s) => s.clone(),
        Yaml::Integer(n) => n.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Real(r) => r.clone(),
        _ => String::new(),
    };
    match service.get("environment") {
        Some(Yaml::Hash(map)) => map.iter().filter_map(|(k, v)| Some((k.as_str()?.to_string(), scalar(v)))).collect(),
        Some(Yaml::Array(items)) => items
            .iter()
            .filter_map(Yaml::as_str)
            .map(|item| match item.split_once('=') {
                Some((name, value)) => (name.to_string(), value.to_string()),
                None => (item.to_string(), String::new()),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The container ports a service publishes (`"8080:80"` → 80, long syntax `target`).
pub fn published_ports(service: &Service) -> Vec<u16> {
    use yaml_rust2::Yaml;
    let Some(Yaml::Array(ports)) = service.get("ports") else { return Vec::new() };
    ports
        .iter()
        .filter_map(|entry| match entry {
            Yaml::String(short) => short.rsplit(':').next()?.split('/').next()?.parse().ok(),
            Yaml::Integer(port) => u16::try_from(*port).ok(),
            Yaml::Hash(long) => {
                long.get(&Yaml::String("target".into())).and_then(Yaml::as_i64).and_then(|p| u16::try_from(p).ok())
            }
            _ => None,
        })
        .collect()
}

/// Whether a service has a healthcheck that runs: its own (or merged) `healthcheck` that is not
/// disabled, or the HEALTHCHECK of the Dockerfile it is built from.
pub fn has_healthcheck(project: &Project, file: FileId, service: &Service) -> bool {
    use yaml_rust2::Yaml;
    if let Some(check) = service.get("healthcheck") {
        let disabled = check.as_hash().and_then(|h| h.get(&Yaml::String("disable".into()))) == Some(&Yaml::Boolean(true));
        let none_test = check
            .as_hash()
            .and_then(|h| h.get(&Yaml::String("test".into())))
            .is_some_and(|t| t.as_str() == Some("NONE") || t.as_vec().and_then(|v| v.first()).and_then(Yaml::as_str) == Some("NONE"));
        return !disabled && !none_test;
    }
    service
        .get("build")
        .and_then(|build| project.dockerfile_for(file, build))
        .and_then(|id| project.files[id].parsed.as_dockerfile())
        .is_some_and(dockerfile_healthcheck)
}

/// Whether the final stage of a Dockerfile (or a stage it builds on) sets a HEALTHCHECK other
/// than `NONE`. The last one wins.
pub fn dockerfile_healthcheck(dockerfile: &Dockerfile) -> bool {
    let Some(stage) = FinalStage::of(dockerfile) else { return false };
    stage
        .chain_positions()
        .filter(|&p| dockerfile.instruction(p).keyword == "HEALTHCHECK")
        .last()
        .is_some_and(|p| !dockerfile.instruction(p).args.trim().eq_ignore_ascii_case("NONE"))
}

/// Whether a COPY or ADD from the build context (not `--from` another stage, not a URL) names a
/// source with the file name of `image_path`: the file is the repository's own.
pub fn copied_from_context_by_name(dockerfile: &Dockerfile, image_path: &str) -> bool {
    let name = image_path.rsplit('/').next().unwrap_or(image_path);
    dockerfile.instructions().filter(|i| matches!(i.keyword.as_str(), "COPY" | "ADD") && i.flag("from").is_none()).any(|i| {
        let words = copy_words(i);
        words.split_last().is_some_and(|(_, sources)| {
            sources.iter().filter(|s| !s.contains("://")).any(|s| s.trim_end_matches('/').rsplit('/').next() == Some(name))
        })
    })
}

/// Sources and destination of a COPY/ADD (flags excluded), exec or shell form.
pub fn copy_words(instruction: &Instruction) -> Vec<String> {
    match &instruction.form {
        Form::Exec(words) => words.clone(),
        Form::Shell(text) => text.split_whitespace().map(str::to_string).collect(),
    }
}

/// Application source and build files, where a health route or a framework is declared.
pub fn is_source(name: &str) -> bool {
    const EXTENSIONS: &[&str] =
        &[".py", ".js", ".mjs", ".cjs", ".ts", ".go", ".rb", ".java", ".kt", ".php", ".cs", ".rs", ".ex"];
    EXTENSIONS.iter().any(|ext| name.ends_with(ext)) || matches!(name, "pom.xml" | "build.gradle" | "build.gradle.kts")
}

/// A file name that may be a script a container runs.
pub fn looks_like_script(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".sh")
        || lower.ends_with(".bash")
        || lower.contains("entrypoint")
        || lower.contains("start")
        || lower.contains("run")
        || lower.contains("init")
        || lower.contains("supervisor")
        || !lower.contains('.')
}

/// The WORKDIR in force before each instruction of the final stage's chain: (position, workdir).
/// What the container starts in is [`final_workdir`]. Variables the chain's ENV and ARG set are
/// expanded (`WORKDIR $APP_HOME`).
pub fn workdirs(dockerfile: &Dockerfile, stage: &FinalStage) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    walk_chain(dockerfile, stage, |scope, _| out.push((scope.position, scope.workdir.clone())));
    out
}

/// The WORKDIR the container starts in.
pub fn final_workdir(dockerfile: &Dockerfile, stage: &FinalStage) -> String {
    walk_chain(dockerfile, stage, |_, _| {}).workdir
}

/// What is in force before one instruction of the final stage's chain: the WORKDIR and the
/// values the ENV and ARG instructions before it set (a later one wins).
pub struct ChainScope {
    pub position: usize,
    pub workdir: String,
    pub variables: Vec<(String, Option<String>)>,
}

impl ChainScope {
    /// `text` with the variables known here expanded; unknown ones stay as written.
    pub fn expand(&self, text: &str) -> String {
        if text.contains('$') { crate::syntax::dockerfile::substitute_args(text, &self.variables) } else { text.to_string() }
    }

    /// Takes in what `instruction` sets.
    fn step(&mut self, instruction: &crate::syntax::dockerfile::Instruction) {
        match instruction.keyword.as_str() {
            "WORKDIR" => {
                let path = self.expand(instruction.args.trim());
                self.workdir = resolve_path(&self.workdir, &path);
            }
            "ENV" | "ARG" => {
                for (name, value) in crate::syntax::dockerfile::variable_pairs(&instruction.args, instruction.keyword == "ENV") {
                    // `ARG NAME` without a default keeps what an ENV before it set.
                    if value.is_none() && self.variables.iter().any(|(n, _)| *n == name) {
                        continue;
                    }
                    let value = value.map(|v| self.expand(&v));
                    self.variables.push((name, value));
                }
            }
            _ => {}
        }
    }
}

/// Walks the final stage's chain with one running scope: `visit` sees each instruction with the
/// scope in force before it. Returns the scope after the last instruction.
pub fn walk_chain(
    dockerfile: &Dockerfile,
    stage: &FinalStage,
    mut visit: impl FnMut(&ChainScope, &crate::syntax::dockerfile::Instruction),
) -> ChainScope {
    // The base image's own WORKDIR, where the catalog knows it, is where the chain starts.
    let workdir = stage.image.workdir.clone().unwrap_or_else(|| "/".to_string());
    let mut scope = ChainScope { position: 0, workdir, variables: Vec::new() };
    for position in stage.chain_positions() {
        scope.position = position;
        let instruction = dockerfile.instruction(position);
        visit(&scope, instruction);
        scope.step(instruction);
    }
    scope
}

/// `path` resolved against `base` (`.` and `./x` handled, trailing slashes dropped).
pub fn resolve_path(base: &str, path: &str) -> String {
    let path = path.trim_matches('"');
    if path.starts_with('/') {
        let trimmed = path.trim_end_matches('/');
        if trimmed.is_empty() { "/".to_string() } else { trimmed.to_string() }
    } else {
        let joined = format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches("./"));
        let trimmed = joined.trim_end_matches(['/', '.']).to_string();
        if trimmed.is_empty() { "/".to_string() } else { trimmed }
    }
}

/// Where a file at `image_path` in the image may have come from in the build context, following
/// the final chain's COPY/ADD instructions: candidates, the most likely first (the last COPY
/// that writes there wins; whether a source is a file or a folder is for the caller to check).
pub fn context_sources(dockerfile: &Dockerfile, stage: &FinalStage, context: &Path, image_path: &str) -> Vec<PathBuf> {
    let mut found = copied_from_context(dockerfile, stage, context, image_path);
    // Brought from another stage (`COPY --from=builder /app ./`): where it came from there.
    let mut seen: Vec<(usize, String)> = Vec::new();
    let mut queue = from_stages(dockerfile, stage, image_path);
    while let Some((index, path)) = queue.pop() {
        if seen.contains(&(index, path.clone())) || seen.len() > 8 {
            continue;
        }
        seen.push((index, path.clone()));
        let Some(earlier) = FinalStage::at(dockerfile, index) else { continue };
        found.extend(copied_from_context(dockerfile, &earlier, context, &path));
        queue.extend(from_stages(dockerfile, &earlier, &path));
    }
    found
}

/// The stages of the same Dockerfile a `COPY --from=<stage>` of `stage`'s chain brings
/// `image_path` from, each with the path it has there (sources of `--from` are read from the
/// other stage's root).
fn from_stages(dockerfile: &Dockerfile, stage: &FinalStage, image_path: &str) -> Vec<(usize, String)> {
    let stages = dockerfile.stages();
    let mut out = Vec::new();
    walk_chain(dockerfile, stage, |scope, instruction| {
        if !matches!(instruction.keyword.as_str(), "COPY" | "ADD") {
            return;
        }
        let Some(from) = instruction.flag("from").and_then(|f| f.value.as_deref()) else { return };
        let from = scope.expand(from);
        let index = crate::syntax::dockerfile::stage_named(&stages, &from).or_else(|| from.parse::<usize>().ok().filter(|&i| i < stages.len()));
        let Some(index) = index else { return };
        let words = copy_words(instruction);
        let Some((destination, sources)) = words.split_last() else { return };
        let destination = scope.expand(destination);
        let into_folder = destination.ends_with('/') || sources.len() > 1 || destination == "." || destination == "./";
        let destination = resolve_path(&scope.workdir, &destination);
        for source in sources {
            let source = resolve_path("/", &scope.expand(source));
            let base = source.rsplit('/').next().unwrap_or(&source);
            let under = |folder: &str| image_path.strip_prefix(&format!("{}/", folder.trim_end_matches('/'))).map(str::to_string);
            let path = if image_path == destination {
                Some(source.clone())
            } else if let Some(relative) = under(&destination) {
                // A folder's contents (or, copied into a folder, a file under its own name).
                match into_folder && relative == base {
                    true => Some(source.clone()),
                    false => Some(format!("{}/{relative}", source.trim_end_matches('/'))),
                }
            } else {
                None
            };
            out.extend(path.map(|p| (index, p)));
        }
    });
    out
}

/// [`context_sources`] for what the chain of `stage` copies from the build context itself.
fn copied_from_context(dockerfile: &Dockerfile, stage: &FinalStage, context: &Path, image_path: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = Vec::new();
    walk_chain(dockerfile, stage, |scope, instruction| {
        if !matches!(instruction.keyword.as_str(), "COPY" | "ADD") || instruction.flag("from").is_some() {
            return;
        }
        let words = copy_words(instruction);
        let Some((destination, sources)) = words.split_last() else { return };
        let destination = scope.expand(destination);
        let into_folder = destination.ends_with('/') || sources.len() > 1 || destination == "." || destination == "./";
        let destination = resolve_path(&scope.workdir, &destination);
        for source in sources {
            let source_path = context.join(source.trim_start_matches('/'));
            let base = source.trim_end_matches('/').rsplit('/').next().unwrap_or(source);
            // `COPY *.sh /`: the files the pattern matches land under their own names.
            if base.contains(['*', '?', '[']) {
                let name = image_path.rsplit('/').next().unwrap_or(image_path);
                let lands_here = format!("{}/{name}", destination.trim_end_matches('/')) == image_path;
                if lands_here && globset::Glob::new(base).is_ok_and(|g| g.compile_matcher().is_match(name)) {
                    found.insert(0, source_path.parent().unwrap_or(context).join(name));
                }
                continue;
            }
            let candidates = if into_folder || source == "." || source.ends_with('/') {
                // A folder's contents, or files into a folder.
                let relative = image_path.strip_prefix(&format!("{}/", destination.trim_end_matches('/')));
                let mut out = Vec::new();
                // The folder itself, when what is copied into it is surely a folder (`COPY . ./`).
                if image_path == destination && (source == "." || source.ends_with('/')) {
                    out.push(source_path.clone());
                }
                if let Some(relative) = relative {
                    // A file copied into the folder under its own name, else a folder's content.
                    if relative == base {
                        out.push(source_path.clone());
                    }
                    out.push(source_path.join(relative));
                }
                out
            } else if image_path == destination {
                vec![source_path.clone()]
            } else {
                image_path
                    .strip_prefix(&format!("{destination}/"))
                    .map(|relative| vec![source_path.join(relative)])
                    .unwrap_or_default()
            };
            // A later COPY writes over an earlier one: its candidates come first.
            for hit in candidates.into_iter().rev() {
                found.insert(0, hit);
            }
        }
    });
    found
}

/// Whether a command line or script text switches user: the program or shape, if any.
pub fn user_switch_in(text: &str) -> Option<String> {
    let words: Vec<&str> = shell_words_rough(text).collect();
    for (i, word) in words.iter().enumerate() {
        let base = word.rsplit('/').next().unwrap_or(word);
        if PRIVILEGE_DROPPERS.contains(&base) {
            return Some(base.to_string());
        }
        // Chosen in a variable (`EXEC_TOOL=gosu`, then `exec ${EXEC_TOOL} ${PUID}:${PGID} ...`:
        // flatnotes).
        if let Some((name, value)) = word.split_once('=') {
            let value = value.rsplit('/').next().unwrap_or(value);
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && PRIVILEGE_DROPPERS.contains(&value) {
                return Some(value.to_string());
            }
        }
        let next = words.get(i + 1).copied().unwrap_or_default();
        match base {
            "su" if !next.is_empty() && words[i + 1..words.len().min(i + 6)].contains(&"-c") => {
                return Some("su USER -c".into());
            }
            "su" if next == "-s" || next == "-l" || next == "-" => return Some("su".into()),
            "sudo" if next == "-u" || next.starts_with("--user") => return Some("sudo -u".into()),
            "chroot" if next.starts_with("--userspec") => return Some("chroot --userspec".into()),
            // libcap's shell: `capsh --user=pihole --keep=1 -- -c "..."`.
            "capsh" if words[i + 1..words.len().min(i + 5)].iter().any(|w| w.starts_with("--user")) => {
                return Some("capsh --user".into());
            }
            _ => {}
        }
    }
    // supervisord programs that run as their own users.
    if text.contains("[program:") && text.lines().any(|l| l.trim_start().starts_with("user=")) {
        return Some("supervisord with per-program users".into());
    }
    None
}

/// Commands a start script can only run as root (or with capabilities a USER drops).
const ROOT_COMMANDS: &[&str] =
    &["chown", "chgrp", "usermod", "groupmod", "useradd", "groupadd", "adduser", "addgroup", "setcap"];

/// The first command of `ROOT_COMMANDS` a script runs, unless the script asks which user it runs
/// as (`id -u`, `$EUID`, `whoami`): then it is written to start as either.
pub fn root_work_in(text: &str) -> Option<&'static str> {
    if asks_who_runs(text) {
        return None;
    }
    code_lines(text).flat_map(shell_words_rough).find_map(|word| {
        let base = word.rsplit('/').next().unwrap_or(word);
        ROOT_COMMANDS.iter().find(|&&c| c == base).copied()
    })
}

/// An in-place edit a start script makes (`sed -i`, `perl -pi`), unless the script asks which
/// user it runs as (then it is written to start as either): `sed -i` writes a new file beside
/// the old one, which needs the folder's owner, and what a Dockerfile copies is root's.
fn in_place_edit_in(text: &str) -> Option<&'static str> {
    if asks_who_runs(text) {
        return None;
    }
    for line in code_lines(text) {
        let words: Vec<&str> = shell_words_rough(line).collect();
        for (i, word) in words.iter().enumerate() {
            let base = word.rsplit('/').next().unwrap_or(word);
            let options = || words[i + 1..].iter().take_while(|w| w.starts_with('-'));
            // `-i` in a cluster of short options (`-ri.bak`, `-pi`), before a letter that takes
            // the rest as its argument (`-I/lib`, `-Mstrict`, `-e...`).
            let has_i = |w: &str, taking: &str| {
                !w.starts_with("--")
                    && w[1..].chars().take_while(|c| c.is_ascii_alphabetic() && !taking.contains(*c)).any(|c| c == 'i')
            };
            match base {
                "sed" if options().any(|w| *w == "--in-place" || w.starts_with("--in-place=") || has_i(w, "efl")) => return Some("sed -i"),
                "perl" if options().any(|w| has_i(w, "IMmeExlCdDF0")) => return Some("perl -i"),
                // `xmlstarlet ed -P -S -L ... conf/server.xml`: the options follow the command.
                "xmlstarlet"
                    if matches!(words.get(i + 1).copied(), Some("ed" | "edit"))
                        && words[i + 2..].iter().take_while(|w| w.starts_with('-')).any(|w| matches!(*w, "-L" | "--inplace")) =>
                {
                    return Some("xmlstarlet ed -L");
                }
                _ => {}
            }
        }
    }
    None
}

/// Whether an instruction of the final stage's chain names `folder` (`/data`) as a path or the
/// start of one: `RUN mkdir -p /data`, `VOLUME /data`, `WORKDIR /data/app`, `COPY x /data/`.
fn names_folder(dockerfile: &Dockerfile, stage: &FinalStage, folder: &str) -> bool {
    stage.chain_positions().any(|p| {
        let args = &dockerfile.instruction(p).args;
        args.match_indices(folder).any(|(at, _)| {
            let before = args[..at].chars().next_back();
            let after = args[at + folder.len()..].chars().next();
            !before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '_' | '-' | '.'))
                && !after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        })
    })
}

/// Each simple command of each line, from its command word on (`then pip install`, `sudo apk
/// add`, `X=1 npm i -g`): a word `echo` prints is not a command. Rough: quotes are dropped, not
/// read.
fn rough_commands(text: &str) -> impl Iterator<Item = Vec<&str>> {
    code_lines(text).flat_map(|line| line.split([';', '&', '|', '(', ')', '`'])).map(|segment| {
        let words: Vec<&str> = segment.split_whitespace().map(|w| w.trim_matches(['"', '\''])).filter(|w| !w.is_empty()).collect();
        let start = words
            .iter()
            .position(|w| !matches!(*w, "then" | "do" | "else" | "elif" | "if" | "while" | "until" | "!" | "sudo" | "exec" | "command" | "nohup" | "time") && !w.contains('='))
            .unwrap_or(words.len());
        words[start..].to_vec()
    })
}

/// A folder a start script creates at the top of the filesystem (`mkdir -p /data/loki`), unless
/// the script asks which user it runs as: `/` is root's, so a non-root user cannot create
/// `/data`. The folders everyone may write (`/tmp`, `/var/tmp`, `/dev/shm`) are left out, and
/// so is a path built from a variable. Returns the folder at the top (`/data`).
fn top_folder_created_in(text: &str) -> Option<String> {
    if asks_who_runs(text) {
        return None;
    }
    for words in rough_commands(text) {
        let Some((word, rest)) = words.split_first() else { continue };
        if word.rsplit('/').next() != Some("mkdir") {
            continue;
        }
        for path in rest.iter().filter(|w| w.starts_with('/') && !w.contains(['$', '`', '*'])) {
            let top = path.trim_start_matches('/').split('/').next().unwrap_or_default();
            let shared = matches!(top, "tmp" | "dev" | "proc" | "sys") || path.starts_with("/var/tmp");
            if !top.is_empty() && !shared {
                return Some(format!("/{top}"));
            }
        }
    }
    None
}

/// A build step a start script runs that writes into the application's own files, unless the
/// script asks which user it runs as: compiling translations or styles (`manage.py
/// compilemessages`, BookWyrm's `manage.py compile_themes`, `compress`), a front-end build or a
/// dependency install in the app folder (`npm run build`, `yarn install`, `composer install`),
/// Rails' `assets:precompile`. What a Dockerfile copies is root's, so the user could not write
/// there and the container would stop at start.
fn build_at_start_in(text: &str) -> Option<String> {
    if asks_who_runs(text) {
        return None;
    }
    for words in rough_commands(text) {
        let Some((word, rest)) = words.split_first() else { continue };
        let base = word.rsplit('/').next().unwrap_or(word);
        // `python manage.py verb`, `./manage.py verb`, `django-admin verb`.
        let verb = if base.starts_with("python") {
            rest.iter().position(|w| w.ends_with("manage.py")).and_then(|at| rest.get(at + 1))
        } else if base == "manage.py" || base == "django-admin" {
            rest.first()
        } else {
            None
        };
        if let Some(verb) = verb {
            if verb.starts_with("compile") || *verb == "compress" {
                return Some(format!("manage.py {verb}"));
            }
            continue;
        }
        let first = rest.iter().find(|w| !w.starts_with('-')).copied().unwrap_or_default();
        let global = rest.iter().any(|w| matches!(*w, "-g" | "--global"));
        let found = match base {
            "npm" | "pnpm" | "yarn" if first == "run" && rest.iter().skip_while(|w| **w != "run").nth(1).is_some_and(|s| s.starts_with("build")) => {
                Some(format!("{base} run build"))
            }
            "yarn" | "pnpm" if first == "build" => Some(format!("{base} build")),
            "npm" if matches!(first, "ci" | "install" | "i") && !global && !rest.iter().any(|w| w.starts_with("--prefix")) => Some(format!("npm {first}")),
            "yarn" | "pnpm" if first == "install" && !global => Some(format!("{base} install")),
            "composer" if first == "install" => Some("composer install".into()),
            _ if rest.iter().chain(std::iter::once(word)).any(|w| *w == "assets:precompile") => Some("assets:precompile".into()),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// A package install a start script makes (`pip install`, `apt-get install`, `npm install -g`),
/// unless the script asks which user it runs as or installs for the user alone (`pip install
/// --user`, `--target`, `--prefix`): packages land in the image's system folders, which are
/// root's (open-webui's pipelines server installs each pipeline's requirements when it starts).
fn package_install_in(text: &str) -> Option<&'static str> {
    if asks_who_runs(text) {
        return None;
    }
    for words in rough_commands(text) {
        if let Some((word, rest)) = words.split_first() {
            let base = word.rsplit('/').next().unwrap_or(word);
            let next = |w: &str| rest.first() == Some(&w);
            let own_folder = || {
                rest.iter().any(|w| matches!(*w, "--user" | "-t" | "--target" | "--prefix" | "--root") || w.starts_with("--target=") || w.starts_with("--prefix="))
            };
            let found = match base {
                "pip" | "pip3" if next("install") && !own_folder() => Some("pip install"),
                b if b.starts_with("python") && next("-m") && rest.get(1) == Some(&"pip") && rest.get(2) == Some(&"install") && !own_folder() => {
                    Some("pip install")
                }
                "uv" if next("pip") && rest.get(1) == Some(&"install") && !own_folder() => Some("uv pip install"),
                "apt-get" | "apt" if rest.iter().find(|w| !w.starts_with('-')) == Some(&"install") => Some("apt-get install"),
                "apk" if rest.iter().find(|w| !w.starts_with('-')) == Some(&"add") => Some("apk add"),
                "npm" if (next("install") || next("i")) && rest.iter().any(|w| matches!(*w, "-g" | "--global")) => Some("npm install -g"),
                "gem" if next("install") && !rest.iter().any(|w| *w == "--user-install") => Some("gem install"),
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// A script's lines that are not comments.
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|line| !line.trim_start().starts_with('#'))
}

/// Whether a script asks which user runs it (`id -u`, `$EUID`, `whoami`): then it is written
/// to start as root or not.
fn asks_who_runs(text: &str) -> bool {
    const ASKS_USER: &[&str] = &["$EUID", "${EUID", "whoami", "$UID", "${UID"];
    code_lines(text).any(|line| ASKS_USER.iter().any(|probe| line.contains(probe)) || asks_own_id(line))
}

/// Whether a line runs `id -u` (or `id -un`) about the user running it: `id -u pihole` asks for
/// another user's number and says nothing of who the script runs as.
fn asks_own_id(line: &str) -> bool {
    line.match_indices("id -u").any(|(at, _)| {
        let before = line[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return false;
        }
        let rest = &line[at + "id -u".len()..];
        let rest = rest.strip_prefix('n').unwrap_or(rest).trim_start();
        // An argument, quoted or not (`id -u "$USER_NAME"`); a closing quote is none.
        let argument = rest.trim_start_matches(['"', '\'']);
        !argument.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '{')
    })
}

/// A command that makes a program gain privileges when it is run: file capabilities
/// (`setcap`), a setuid bit (`chmod u+s`, `chmod 4755`), or, in what runs at start
/// (`at_start`), `sudo` (in a build step the word is mostly a package installed).
/// `no-new-privileges` stops exactly that gain.
pub fn privilege_gain_in(text: &str, at_start: bool) -> Option<&'static str> {
    let words: Vec<&str> = code_lines(text).flat_map(shell_words_rough).collect();
    for (i, word) in words.iter().enumerate() {
        let base = word.rsplit('/').next().unwrap_or(word);
        match base {
            "setcap" => return Some("setcap"),
            "sudo" if at_start => return Some("sudo"),
            "chmod" => {
                let mode = words[i + 1..].iter().find(|w| !w.starts_with("-R") && !w.starts_with("--")).copied().unwrap_or_default();
                let setuid = (mode.contains("+s") && !mode.starts_with('g') && !mode.starts_with('o'))
                    || (mode.len() == 4 && mode.starts_with(['4', '6']) && mode.chars().all(|c| c.is_ascii_digit()));
                if setuid {
                    return Some("chmod u+s");
                }
            }
            _ => {}
        }
    }
    None
}

/// The words of shell code, split at blanks, quotes and the shell's operators (`;`, `&&`, `|`,
/// parentheses, backquotes): a rough reading that finds command names wherever they stand.
pub fn shell_words_rough(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ';' | '&' | '|' | '(' | ')' | '`')).filter(|w| !w.is_empty())
}

/// How the original program starts, as far as the root question goes.
#[derive(Debug, Default)]
struct Start {
    /// It switches user itself: the tool (or shape) that does it.
    switches: Option<String>,
    /// It needs root at start for another reason, or dockfix could not read a script it runs:
    /// the note to print.
    root_at_start: Option<String>,
    /// A script it runs sets file capabilities or runs `sudo`: the script and the command.
    gains: Option<(String, &'static str)>,
    /// A script it runs starts an init (`exec dumb-init ...`): the script and the init.
    init_at_start: Option<(String, String)>,
}

/// The original program's way of switching user, if it has one: in its ENTRYPOINT/CMD, in the
/// scripts they run (followed through the scripts those call), or an s6-overlay `/init`. Also
/// whether a script it runs does root's work (`chown` at start), or is copied from the build
/// context but not found there (the context dockfix assumed may be the wrong one).
fn start_of(project: &Project, dockerfile: &Dockerfile, stage: &FinalStage, context: &Path) -> Start {
    let argv = stage.argv().unwrap_or_default();
    let switched = |tool: String| Start { switches: Some(tool), root_at_start: None, gains: None, init_at_start: None };
    if argv.first().is_some_and(|w| w == "/init") {
        return switched("s6-overlay's /init".into());
    }
    let mut switches = user_switch_in(&argv.join(" "));
    let mut gains: Option<(String, &'static str)> = None;
    let workdir = final_workdir(dockerfile, stage);
    let mut queue: Vec<String> = argv.iter().filter(|w| !w.starts_with('-')).take(4).cloned().collect();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut root_at_start: Option<String> = None;
    let mut init_at_start: Option<(String, String)> = None;
    while let Some(word) = queue.pop() {
        if seen.len() > 12 {
            break;
        }
        // A bare name is looked up on the PATH, like the container would; a bare script name
        // may also be a shell's argument (`bash start.sh`), which is read from the work folder.
        let image_paths: Vec<String> = if word.contains('/') {
            vec![resolve_path(&workdir, &word)]
        } else {
            let mut paths: Vec<String> = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
                .iter()
                .map(|dir| format!("{dir}/{word}"))
                .collect();
            if looks_like_script(&word) {
                paths.push(resolve_path(&workdir, &word));
            }
            paths
        };
        let sources: Vec<PathBuf> = image_paths.iter().flat_map(|p| context_sources(dockerfile, stage, context, p)).collect();
        let Some((source, text)) = sources.iter().find_map(|source| project.disk.text(source).map(|text| (source, text)))
        else {
            // Copied from the context (a COPY writes there) but absent from it: what it does is
            // unknown. A path only: a bare name may come from the base image.
            let name = word.rsplit('/').next().unwrap_or(&word);
            // Not found or not read: not in the folder listed, or in a folder dockfix never
            // listed because the context it assumed is not the one the build uses (crowdsec's
            // `COPY . .` in a build stage, built from the repository's top with `-f
            // build/docker/Dockerfile`).
            // Only where a COPY names the script itself: a path under a copied folder is a guess
            // of the trace (`COPY --from=build /app/vaultwarden .` does not bring `/etc/x.sh`).
            let copied_by_name = dockerfile.instructions().filter(|i| matches!(i.keyword.as_str(), "COPY" | "ADD")).any(|i| {
                let words = copy_words(i);
                words.split_last().is_some_and(|(_, sources)| sources.iter().any(|s| s.rsplit('/').next() == Some(name)))
            });
            let absent = !sources.is_empty()
                && sources.iter().all(|s| (project.disk.knows(s) || copied_by_name) && !project.disk.exists(s));
            let lower = name.to_ascii_lowercase();
            let script_name = lower.ends_with(".sh") || lower.ends_with(".bash") || lower.contains("entrypoint");
            // A glob (`/etc/hooks.d/*.sh`, run if there) names no one file.
            if word.contains('/') && !word.contains(['*', '?', '[']) && absent && script_name {
                root_at_start.get_or_insert_with(|| format!(
                    "no USER added: `{word}`, which the container runs, is copied from the build context, but dockfix did not find it in the context it assumed (the Dockerfile's own folder unless a compose file or build script names another); whether it needs root is unknown"
                ));
            }
            continue;
        };
        if seen.contains(source) {
            continue;
        }
        seen.push(source.clone());
        if gains.is_none() {
            gains = privilege_gain_in(text, true).map(|how| (word.clone(), how));
        }
        // The scripts it runs are still read: one may set file capabilities for the user it
        // switches to.
        if switches.is_none() {
            switches = user_switch_in(text);
        }
        if init_at_start.is_none() {
            init_at_start = init_started_in(text).map(|init| (word.clone(), init));
        }
        if let Some(command) = root_work_in(text) {
            root_at_start.get_or_insert_with(|| format!(
                "no USER added: `{word}`, which the container runs, calls `{command}` without asking which user it runs as, and that needs root when the container starts; do it in the Dockerfile (or skip it for a non-root user), then rerun"
            ));
        }
        if let Some(command) = in_place_edit_in(text) {
            root_at_start.get_or_insert_with(|| format!(
                "no USER added: `{word}`, which the container runs, edits files in place when it starts (`{command}`), and the files the image copies are root's, as are the folders they sit in; give the user what it edits (`COPY --chown`), or do the edit in the Dockerfile, then rerun"
            ));
        }
        // A top folder the Dockerfile never names (no `RUN mkdir`, VOLUME, WORKDIR or COPY
        // there) does not exist until the script creates it, as root.
        if let Some(folder) = top_folder_created_in(text).filter(|folder| !names_folder(dockerfile, stage, folder)) {
            root_at_start.get_or_insert_with(|| format!(
                "no USER added: `{word}`, which the container runs, creates `{folder}` when it starts (`mkdir`), and only root can create a folder at the top of the filesystem; create it in the Dockerfile and give it to the user, then rerun"
            ));
        }
        if let Some(command) = build_at_start_in(text) {
            root_at_start.get_or_insert_with(|| format!(
                "no USER added: `{word}`, which the container runs, builds into the application's own files when it starts (`{command}`), and the files the image copies are root's; build in the Dockerfile (or give the user the folders the build writes), then rerun"
            ));
        }
        if let Some(command) = package_install_in(text) {
            root_at_start.get_or_insert_with(|| format!(
                "no USER added: `{word}`, which the container runs, installs packages when it starts (`{command}`) into the image's system folders, which are root's; install them in the Dockerfile (or into a folder the user owns, such as a virtualenv it owns), then rerun"
            ));
        }
        // Follow the scripts this one runs (`exec /docker-entrypoint.d/run.sh`, `. ./env.sh`).
        for token in text.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ';')) {
            let name = token.rsplit('/').next().unwrap_or(token);
            // A path (`/x/run.sh`, `./run.sh`, `scripts/replace.sh` from the work folder).
            let path = token.contains('/') && !token.contains(['$', '`', '=']) && !token.contains("://");
            if path && looks_like_script(name) && !name.is_empty() {
                queue.push(token.to_string());
            }
        }
    }
    let root_at_start = if switches.is_some() { None } else { root_at_start };
    Start { switches, root_at_start, gains, init_at_start }
}

/// An init a start script runs as its interpreter (`#!/usr/bin/dumb-init /bin/sh`) or as the
/// command it `exec`s (`exec dumb-init /usr/bin/app "$@"`),
/// replacing the script as PID 1 — when every other `exec` of the script runs the command the
/// container was given (`exec "$@"`, `exec gosu app "$@"`): a script that may also `exec` a
/// server of its own (`exec uwsgi ...` unless a setting asks for supervisord) still needs one.
fn init_started_in(text: &str) -> Option<String> {
    use crate::syntax::dockerfile::runtime::INITS;
    // An init as the script's interpreter (`#!/usr/bin/dumb-init /bin/sh`, HashiCorp's Vault
    // image) is PID 1 itself, with the script and what it runs below it.
    if let Some(program) = crate::syntax::script::shebang_program(text).filter(|p| INITS.contains(p)) {
        return Some(program.to_string());
    }
    let mut init = None;
    for command in code_lines(text).flat_map(|line| line.split([';', '&', '|', '(', ')', '`'])) {
        let words: Vec<&str> = command.split_whitespace().map(|w| w.trim_matches(['"', '\''])).filter(|w| !w.is_empty()).collect();
        let Some(at) = words.iter().position(|w| !matches!(*w, "then" | "do" | "else" | "{") && !w.contains('=')) else { continue };
        if words[at] != "exec" {
            continue;
        }
        // The program `exec` runs, through a user switch and its user (`exec su-exec
        // $PUID:$PGID /usr/bin/supervisord`: bitwarden lite).
        let mut rest = words[at + 1..].iter().filter(|w| !w.starts_with('-'));
        let Some(mut program) = rest.next() else { continue };
        let name = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
        if !INITS.contains(&name(program).as_str()) && PRIVILEGE_DROPPERS.contains(&name(program).as_str()) {
            let Some(after_user) = rest.nth(1) else { continue };
            program = after_user;
        }
        let base = program.rsplit('/').next().unwrap_or(program);
        if INITS.contains(&base) || INITS.contains(program) {
            init.get_or_insert_with(|| base.to_string());
        } else if !words[at + 1..].iter().any(|w| w.contains("$@") || w.contains("${@}")) {
            return None;
        }
    }
    init
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_at_start() {
        assert_eq!(build_at_start_in("python manage.py migrate\npython manage.py compile_themes || die x").as_deref(), Some("manage.py compile_themes"));
        assert_eq!(build_at_start_in("./manage.py compilemessages").as_deref(), Some("manage.py compilemessages"));
        assert_eq!(build_at_start_in("python manage.py migrate && python manage.py collectstatic --no-input"), None);
        assert_eq!(build_at_start_in("npm run build && exec node dist/server.js").as_deref(), Some("npm run build"));
        assert_eq!(build_at_start_in("yarn install --frozen-lockfile").as_deref(), Some("yarn install"));
        assert_eq!(build_at_start_in("npm install -g pm2"), None);
        assert_eq!(build_at_start_in("npm start"), None);
        assert_eq!(build_at_start_in("bundle exec rake assets:precompile").as_deref(), Some("assets:precompile"));
        assert_eq!(build_at_start_in("echo npm run build"), None);
        assert_eq!(build_at_start_in("if [ \"$(id -u)\" = 0 ]; then npm ci; fi"), None);
    }

    #[test]
    fn in_place_edits_at_start() {
        assert_eq!(in_place_edit_in("sed -i -e \"s|a|b|g\" \"$file\""), Some("sed -i"));
        assert_eq!(in_place_edit_in("sed -ri.bak 's/a/b/' conf"), Some("sed -i"));
        assert_eq!(in_place_edit_in("sed --in-place 's/a/b/' conf"), Some("sed -i"));
        assert_eq!(in_place_edit_in("perl -pi -e 's/a/b/' conf"), Some("perl -i"));
        assert_eq!(init_started_in("#!/bin/sh\nset -eu\nexec dumb-init /usr/bin/code-server \"$@\"\n").as_deref(), Some("dumb-init"));
        assert_eq!(init_started_in("exec /sbin/tini -- app").as_deref(), Some("tini"));
        // The interpreter is the init (Vault's `docker-entrypoint.sh`).
        assert_eq!(init_started_in("#!/usr/bin/dumb-init /bin/sh\nset -e\nexec \"$@\"\n").as_deref(), Some("dumb-init"));
        assert_eq!(init_started_in("#!/bin/sh\nexec \"$@\"\n"), None);
        // Behind a user switch (bitwarden lite).
        let lite = "if command -v su-exec >/dev/null 2>&1; then\n  exec su-exec $PUID:$PGID /usr/bin/supervisord\nelse\n  exec /usr/bin/supervisord\nfi\n";
        assert_eq!(init_started_in(lite).as_deref(), Some("supervisord"));
        assert_eq!(init_started_in("exec gosu app /usr/bin/server --port 80"), None);
        assert_eq!(init_started_in("# exec dumb-init app\nexec app \"$@\""), None);
        assert_eq!(init_started_in("echo exec dumb-init; exec \"$@\""), None);
        let both = "if [ $# -gt 0 ]; then\n  exec gosu app \"$@\"\nelse\n  exec /usr/bin/supervisord -c /etc/s.conf\nfi\n";
        assert_eq!(init_started_in(both).as_deref(), Some("supervisord"));
        let server = "if [ \"$MANAGED\" = True ]; then\n  exec supervisord -c all.conf\nelse\n  exec uwsgi --http :9090 uwsgi.ini\nfi\n";
        assert_eq!(init_started_in(server), None);
        assert_eq!(in_place_edit_in("xmlstarlet ed -P -S -L -s '/Server' -t elem -n x conf/server.xml"), Some("xmlstarlet ed -L"));
        assert_eq!(in_place_edit_in("xmlstarlet ed -P -s '/Server' -t elem -n x conf/server.xml > out.xml"), None);
        assert_eq!(in_place_edit_in("xmlstarlet sel -t -v '/a' -L conf.xml"), None);
        assert_eq!(in_place_edit_in("sed -e 's/a/b/' conf > out; perl -I/lib -Mstrict x.pl"), None);
        assert_eq!(in_place_edit_in("# sed -i 's/a/b/' conf\nexec app"), None);
        // A script that asks who runs it is written for either.
        assert_eq!(in_place_edit_in("if [ \"$(id -u)\" = 0 ]; then sed -i 's/a/b/' /etc/conf; fi"), None);
    }

    #[test]
    fn package_installs_at_start() {
        assert_eq!(package_install_in("pip install $requirements"), Some("pip install"));
        assert_eq!(package_install_in("  pip3 install -r \"$1\""), Some("pip install"));
        assert_eq!(package_install_in("python3 -m pip install -U x"), Some("pip install"));
        assert_eq!(package_install_in("uv pip install --system -r r.txt"), Some("uv pip install"));
        assert_eq!(package_install_in("apt-get -y install curl"), Some("apt-get install"));
        assert_eq!(package_install_in("apk add --no-cache jq"), Some("apk add"));
        assert_eq!(package_install_in("npm install -g pm2"), Some("npm install -g"));
        // For the user alone, or not an install at all.
        assert_eq!(package_install_in("pip install --user x"), None);
        assert_eq!(package_install_in("pip install --target /data/lib x"), None);
        assert_eq!(package_install_in("npm install\nnpm ci"), None);
        assert_eq!(package_install_in("apt-get update\necho pip install"), None);
        assert_eq!(package_install_in("# pip install x\nexec app"), None);
        assert_eq!(package_install_in("if [ \"$(id -u)\" = 0 ]; then apk add jq; fi"), None);
    }

    #[test]
    fn top_folders_created_at_start() {
        assert_eq!(top_folder_created_in("mkdir -p /data/loki").as_deref(), Some("/data"));
        assert_eq!(top_folder_created_in("set -e\nmkdir /srv/app/cache && exec app").as_deref(), Some("/srv"));
        // Shared folders, relative paths, variables, and scripts written for either user.
        assert_eq!(top_folder_created_in("mkdir -p /tmp/x /var/tmp/y /dev/shm/z"), None);
        assert_eq!(top_folder_created_in("mkdir -p data/loki \"$DATA_DIR\"/x ${HOME}/y"), None);
        assert_eq!(top_folder_created_in("echo mkdir /data"), None);
        assert_eq!(top_folder_created_in("if [ \"$(id -u)\" = 0 ]; then mkdir -p /data; fi"), None);
    }

    #[test]
    fn one_reading_of_a_mount() {
        let yaml = |text: &str| yaml_rust2::YamlLoader::load_from_str(text).unwrap().remove(0);
        let short = |text: &str| Mount::of(&yaml_rust2::Yaml::String(text.into())).unwrap();
        let anonymous = short("/var/lib/data");
        assert_eq!((anonymous.is_volume(), anonymous.is_host_path(), anonymous.source), (true, false, None));
        let named = short("db-data:/var/lib/postgresql/data");
        assert!(named.is_volume() && !named.is_bind() && !named.is_writable_bind());
        let bind = short("./conf:/etc/app");
        assert!(bind.is_bind() && bind.is_host_path() && bind.is_writable_bind() && !bind.is_volume());
        assert!(!short("./conf:/etc/app:ro").is_writable_bind());
        assert!(!short("./conf:/etc/app:z,readonly").is_writable_bind());
        assert!(short("./conf:/etc/app:rw,z").is_writable_bind());
        assert!(!short("/etc/localtime:/etc/localtime").is_writable_bind());
        // A path read from a variable is a host path, though not one written out.
        let variable = short("${DATA_DIR}:/data");
        assert!(variable.is_host_path() && !variable.is_bind() && variable.is_writable_bind());
        let long = Mount::of(&yaml("type: bind\nsource: ./data\ntarget: /data\n")).unwrap();
        assert!(long.is_writable_bind() && !long.is_volume());
        assert!(!Mount::of(&yaml("type: bind\nsource: ./data\ntarget: /data\nread_only: true\n")).unwrap().is_writable_bind());
        // The long form without a type is a volume, whatever its source looks like.
        let untyped = Mount::of(&yaml("source: ./data\ntarget: /data\n")).unwrap();
        assert!(untyped.is_volume() && !untyped.is_writable_bind());
        assert!(!Mount::of(&yaml("type: tmpfs\ntarget: /tmp\n")).unwrap().is_volume());
        assert!(Mount::of(&yaml("source: x\n")).is_none());
    }

    #[test]
    fn user_switches() {
        assert_eq!(user_switch_in("exec gosu app \"$@\"").as_deref(), Some("gosu"));
        // Chosen in a variable first (flatnotes).
        let flatnotes = "[ \"$EXEC_TOOL\" ] || EXEC_TOOL=gosu\nexec ${EXEC_TOOL} ${PUID}:${PGID} ${flatnotes_command}";
        assert_eq!(user_switch_in(flatnotes).as_deref(), Some("gosu"));
        assert_eq!(user_switch_in("RUNNER=/usr/local/bin/python3\nexec $RUNNER app.py"), None);
        assert_eq!(user_switch_in("exec /sbin/su-exec node node server.js").as_deref(), Some("su-exec"));
        assert_eq!(user_switch_in("su app -s /bin/sh -c 'run'").as_deref(), Some("su USER -c"));
        assert_eq!(user_switch_in("exec su - app").as_deref(), Some("su"));
        assert_eq!(user_switch_in("exec su postgres -c \"postgres\"").as_deref(), Some("su USER -c"));
        assert_eq!(user_switch_in("sudo -u www-data php-fpm").as_deref(), Some("sudo -u"));
        assert_eq!(user_switch_in("chroot --userspec=1000:1000 / app").as_deref(), Some("chroot --userspec"));
        assert_eq!(user_switch_in("[program:web]\ncommand=x\nuser=web\n").as_deref(), Some("supervisord with per-program users"));
        assert_eq!(user_switch_in("capsh --user=\"${DNSMASQ_USER}\" --keep=1 -- -c \"/usr/bin/ftl\" &").as_deref(), Some("capsh --user"));
        assert_eq!(user_switch_in("capsh --has-p=cap_chown && echo yes"), None);
        assert_eq!(user_switch_in("echo 'sudo is not used'; exec app"), None);
        assert_eq!(user_switch_in("exec node server.js"), None);
    }

    #[test]
    fn root_work_and_who_runs_it() {
        assert_eq!(root_work_in("chown -R app /data\nexec app"), Some("chown"));
        // Asking who runs the script: written to start as either.
        assert_eq!(root_work_in("if [ \"$(id -u)\" = 0 ]; then chown -R app /data; fi"), None);
        assert_eq!(root_work_in("[ `id -un` = root ] && chown app /data"), None);
        assert_eq!(root_work_in("if [ $(id -u) -eq 0 ]; then chown app /d; fi"), None);
        // Another user's number is no such question.
        assert_eq!(root_work_in("current=$(id -u pihole)\nusermod -o -u \"$PIHOLE_UID\" pihole"), Some("usermod"));
        assert_eq!(root_work_in("uid=$(id -u \"$USER_NAME\")\nchown \"$uid\" /d"), Some("chown"));
        assert_eq!(root_work_in("setcap CAP_NET_BIND_SERVICE+ep /usr/bin/ftl"), Some("setcap"));
    }

    #[test]
    fn privilege_gains() {
        assert_eq!(privilege_gain_in("setcap CAP_NET_BIND_SERVICE+ep /usr/bin/ftl", false), Some("setcap"));
        assert_eq!(privilege_gain_in("chmod u+s /usr/bin/helper", false), Some("chmod u+s"));
        assert_eq!(privilege_gain_in("chmod 4755 /usr/bin/helper", false), Some("chmod u+s"));
        assert_eq!(privilege_gain_in("exec sudo -E -u app ./run", true), Some("sudo"));
        // Installed as a package by a build step: not run.
        assert_eq!(privilege_gain_in("apt-get install -y sudo curl", false), None);
        // A group's setgid folder and plain modes gain nothing.
        assert_eq!(privilege_gain_in("chmod g+s /srv/shared && chmod 0755 /app && chmod -R 755 /x", true), None);
        assert_eq!(privilege_gain_in("# setcap is not used\nexec app", true), None);
    }

    #[test]
    fn paths_resolve() {
        assert_eq!(resolve_path("/app", "."), "/app");
        assert_eq!(resolve_path("/app", "./src/"), "/app/src");
        assert_eq!(resolve_path("/", "/"), "/");
        assert_eq!(resolve_path("/app", "/usr/local/bin/"), "/usr/local/bin");
    }

    #[test]
    fn copied_files_are_traced_to_the_context() {
        let text = "FROM debian\nWORKDIR /app\nCOPY . .\nCOPY docker/entry.sh /usr/local/bin/\nCOPY run.sh /start\nENTRYPOINT [\"x\"]\n";
        let file = Dockerfile::parse(text).unwrap();
        let stage = FinalStage::of(&file).unwrap();
        let ctx = Path::new("/ctx");
        let source = |p: &str| context_sources(&file, &stage, ctx, p).into_iter().next();
        assert_eq!(source("/app/bin/serve.sh"), Some(PathBuf::from("/ctx/./bin/serve.sh")));
        let text = "FROM debian\nCOPY docker-entrypoint.sh docker-ensure-initdb.sh /usr/local/bin/\n";
        let file = Dockerfile::parse(text).unwrap();
        let stage = FinalStage::of(&file).unwrap();
        let all = context_sources(&file, &stage, ctx, "/usr/local/bin/docker-entrypoint.sh");
        assert!(all.contains(&PathBuf::from("/ctx/docker-entrypoint.sh")), "{all:?}");
        let file = Dockerfile::parse("FROM debian\nCOPY *.sh upgrade.exclude /\n").unwrap();
        let stage = FinalStage::of(&file).unwrap();
        let all = context_sources(&file, &stage, ctx, "/entrypoint.sh");
        assert!(all.contains(&PathBuf::from("/ctx/entrypoint.sh")), "{all:?}");
        assert_eq!(source("/usr/local/bin/entry.sh"), Some(PathBuf::from("/ctx/docker/entry.sh")));
        assert_eq!(source("/start"), Some(PathBuf::from("/ctx/run.sh")));
        assert_eq!(source("/etc/passwd"), None);
    }
}
