//! `dockerfile-non-root-user`: the final stage runs as a real, numeric, non-root user.
//!
//! **Why**: a process running as root in a container is root on the files it can reach and one
//! kernel bug away from root on the host.
//! **How**: a system user and group are created with the family's own commands (or an existing
//! one is reused: `node`, `nonroot`), the work folder and the folders the program writes (created
//! by the stage, VOLUMEs, compose volume targets) are handed over, copied code stays root-owned
//! unless it brings a folder the program writes, and `USER <uid>:<gid>` follows the last RUN.
//! **Leaves alone** (with a note): stages already non-root, images that drop privileges in their
//! entrypoint or need root, an explicit `USER root`, unknown or Windows bases.
//! **Safety**: safe.

use crate::analysis::{self, copy_words, is_root, resolve_path as resolve, workdirs};
use super::{Expect, Proposals, Transform};
use crate::edit::Edit;
use crate::images::{self, Family, User};
use crate::project::Project;
use crate::syntax::dockerfile::edit::DockerOp;
use crate::syntax::dockerfile::runtime::FinalStage;
use crate::syntax::dockerfile::Dockerfile;

pub struct DockerfileNonRootUser;

/// Destinations that belong to the system, not to the application: files copied there stay
/// root-owned.
const SYSTEM_PATHS: &[&str] = &[
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    "/etc",
    "/usr/bin",
    "/usr/sbin",
    "/usr/lib",
    "/usr/local",
    "/usr/share",
    "/usr/include",
    "/root",
    "/boot",
    "/dev",
    "/proc",
    "/sys",
    "/run",
    "/var/lib",
    "/var/cache",
    "/opt/conda",
];

impl Transform for DockerfileNonRootUser {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, dockerfile) in project.dockerfiles() {
            let defaults = project.options_for(file).user.clone().unwrap_or_else(|| default_user(out));
            let Some(stage) = FinalStage::of(dockerfile) else { continue };
            let line = dockerfile.instruction(stage.from()).line;
            // Decided on the original program: tini may already wrap the entrypoint by now.
            let facts = project.facts.dockerfile(file);
            // Compose builds another stage of this file: the one that runs there is not the
            // final stage, the only one dockfix changes.
            let final_name = dockerfile.stages().last().and_then(|s| s.name.clone()).unwrap_or_default();
            // A development or build target (`dev`, `builder`) is a development setup's choice.
            let development = |target: &str| {
                let lower = target.to_ascii_lowercase();
                ["dev", "develop", "development", "builder", "build", "test", "tests", "debug", "assets", "local"].contains(&lower.as_str())
                    || lower.starts_with("dev-")
                    || lower.ends_with("-dev")
            };
            for (target, service) in facts.build_targets.iter().filter(|(t, _)| !t.eq_ignore_ascii_case(&final_name) && !development(t)) {
                out.note(file, line, format!(
                    "compose builds stage `{target}` of this file for `{service}` (`build.target`), not its final stage: dockfix changes only the final stage, so `{target}` keeps its user, init and healthcheck as they are; give it USER (and tini) by hand, or make it the last stage"
                ));
            }
            if let Some(why) = facts.tool {
                out.note(file, line, format!("no USER added: {why}"));
                continue;
            }
            if let Some(why) = stage.base_varies(dockerfile) {
                out.note(file, line, format!("no USER added: {why}, so one command cannot create the user in both; create it in each of those stages, then rerun"));
                continue;
            }
            let switches = facts.drops_privileges.clone();
            let writes = Writes::of(project, &facts, out);
            let plan = match plan(dockerfile, &stage, switches.as_deref(), &defaults, &writes) {
                Ok(Some(plan)) => plan,
                Ok(None) => continue,
                Err(why) => {
                    out.note(file, line, why);
                    continue;
                }
            };
            if let Some(why) = &facts.root_at_start {
                out.note(file, line, why.clone());
                continue;
            }
            if let Some(package) = network_admin_package(dockerfile, &stage, &out.meta().strings("root_packages")) {
                out.note(file, line, format!(
                    "no USER added: it installs `{package}`, which administers the network or the kernel; the capabilities that takes (NET_ADMIN, given with `cap_add`) work for root only, so the program must start as root"
                ));
                continue;
            }
            // The engine's socket is root's (or the docker group's) on the host.
            if !facts.sockets.is_empty() {
                let mut shown = facts.sockets.iter().take(2).cloned().collect::<Vec<_>>().join(", ");
                if facts.sockets.len() > 2 {
                    shown.push_str(&format!(" (and {} more services)", facts.sockets.len() - 2));
                }
                out.note(file, line, format!(
                    "no USER added: {shown}: the program talks to the container engine, whose socket is root's (and the docker group's) on the host, so a user added here could not connect; if it should not run as root, give the service `user:` and `group_add:` with the socket's group"
                ));
                continue;
            }
            // A device node is root's, or a group's (dialout for serial adapters), on the host.
            if !facts.devices.is_empty() {
                let shown = facts.devices.iter().take(2).cloned().collect::<Vec<_>>().join(", ");
                out.note(file, line, format!(
                    "no USER added: {shown}: the program opens a host device, which only root or the device's group (dialout for a serial adapter) may open, so a user added here could not; if it should not run as root, give the service `user:` and `group_add:` with the device's group"
                ));
                continue;
            }
            // What a host folder lets the image's user do depends on its owner on the host.
            if !facts.writable_binds.is_empty() {
                // The user the image would get: the base image's own, its family's, or the default.
                let uid = stage
                    .image
                    .user
                    .clone()
                    .or_else(|| stage.image.family.and_then(|family| images::family(family).user))
                    .map_or(defaults.uid, |user| user.uid);
                out.note(file, line, format!(
                    "no USER added: {}, writable, and who may write there depends on its owner on the host; set `user:` in the compose file to that owner's uid (or chown it to {}), then rerun",
                    facts.writable_binds.join(", "),
                    uid
                ));
                continue;
            }
            // No program of its own: a base or build image that others build FROM (a USER there
            // makes their RUN lines run as it), or a tool run with a command given at run time.
            if !stage.sets_program() && stage.argv().is_some_and(|argv| argv.is_empty()) {
                out.note(file, line, format!("no USER added: neither the final stage nor `{}` sets an ENTRYPOINT or CMD, so nothing runs in this image: it is a base for other images or a stage whose files are exported (`--output`)", stage.base));
                continue;
            }
            // A stage that sets a shell or a prompt as its command (`CMD ["/bin/sh"]`) is a tool
            // or build image: commands are given at run time, often over a folder mounted from
            // the host and owned by whoever runs it (`docker run -v $PWD:/build image make`).
            if let Some(program) = stage.runs_only_a_prompt() {
                out.note(file, line, format!(
                    "no USER added: the final stage runs `{program}`, so it is a tool or build image that runs the commands it is given, often over a folder mounted from the host and owned by whoever runs it; its users pick the user (`docker run -u`)"
                ));
                continue;
            }
            if !stage.sets_program() && runs_no_program(&stage) {
                out.note(file, line, format!("no USER added: the final stage sets no ENTRYPOINT or CMD of its own (it runs what `{}` runs by default), so it looks like a base or build image; a USER there would apply to the RUN lines of every image built FROM it — set USER where the program is set", stage.base));
                continue;
            }
            // Named a base (`release-base.Dockerfile`, `Dockerfile.base`, `base/Dockerfile`) and
            // running its base's program unchanged: an image others build FROM (linkace's base
            // image, whose builders `apk add` on top of it).
            if !stage.sets_program() && named_as_base(&project.files[file].real) {
                out.note(file, line, format!("no USER added: the file is named as a base image and its final stage sets no ENTRYPOINT or CMD of its own (it runs what `{}` runs), so images are built FROM it; a USER there would apply to their RUN lines — set USER where the program is set", stage.base));
                continue;
            }
            // A non-root user cannot bind a port below 1024: the program would fail to start.
            if let Some((port_line, port, written)) = low_ports(dockerfile, &stage).into_iter().next() {
                let source = if written == port.to_string() { String::new() } else { format!(", from `{written}`") };
                out.note(file, port_line, format!("no USER added: the program listens on port {port} (EXPOSE {port}{source}), which a non-root user cannot bind; move it to a port above 1023, then rerun"));
                continue;
            }
            if stage.image.family == Some(Family::Scratch) {
                out.note(file, line, "scratch has no /etc/passwd: the user is only a number, and folders the stage creates stay root-owned");
            }
            for (line, note) in plan.notes {
                out.note(file, line, note);
            }
            out.change(file, line, plan.message, plan.edits, Expect::Dockerfile(plan.ops));
        }
    }
}

/// Whether a Dockerfile's name (or, for a plain `Dockerfile`, its folder's) has `base` as a word.
fn named_as_base(path: &std::path::Path) -> bool {
    let file_name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let name = match file_name.as_str() {
        "dockerfile" | "containerfile" => path.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default(),
        _ => file_name,
    };
    name.split(['.', '-', '_']).any(|word| word == "base")
}

/// The program the stage runs when it is a bare name that no COPY, ADD or RUN of the stage's
/// chain mentions (so it comes from the base image), unless it is a language runtime, whose
/// program is the code it is given. An entrypoint script that runs the command after it
/// (`docker-entrypoint.sh catalina.sh run`) is passed over.
fn base_program(dockerfile: &Dockerfile, stage: &FinalStage) -> Option<String> {
    // Decided on the original program: tini may already wrap it by now.
    let argv = crate::syntax::dockerfile::runtime::without_init(&stage.argv()?);
    let skip = usize::from(argv.first().is_some_and(|word| word.contains("entrypoint")) && argv.len() > 1);
    let program = argv.get(skip)?;
    if program.is_empty() || program.contains(['/', '$', ' ']) {
        return None;
    }
    const RUNTIMES: &[&str] = &["sh", "bash", "ash", "java", "python", "python3", "node", "ruby", "php", "perl", "dotnet", "deno", "bun", "exec", "env"];
    if RUNTIMES.contains(&program.as_str()) {
        return None;
    }
    let mentions = |args: &str| {
        args.match_indices(program.as_str()).any(|(at, _)| {
            let before = args[..at].chars().next_back();
            let after = args[at + program.len()..].chars().next();
            !before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
                && !after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        })
    };
    let provided = stage.chain_positions().any(|p| {
        let instruction = dockerfile.instruction(p);
        matches!(instruction.keyword.as_str(), "RUN" | "COPY" | "ADD") && mentions(&instruction.args)
    });
    (!provided).then(|| program.clone())
}

/// Whether what the base image runs by default is a shell or an interpreter's prompt (`python3`,
/// `node`, `bash`) or nothing: the stage then has no program, unlike one that runs its base
/// image's server (`tiangolo/uvicorn-gunicorn`'s start script, `php:apache`).
fn runs_no_program(stage: &FinalStage) -> bool {
    // Unknown: what the base runs is not in the catalog.
    let Some(argv) = stage.argv() else { return false };
    // `docker-entrypoint.sh node`: the entrypoint script runs the command after it.
    let skip = usize::from(argv.first().is_some_and(|word| word.contains("entrypoint")));
    let Some(program) = argv.get(skip) else { return true };
    let name = program.rsplit('/').next().unwrap_or(program);
    const PROMPTS: &[&str] = &["sh", "bash", "ash", "zsh", "dash", "python", "node", "irb", "ruby", "jshell", "php", "pwsh", "ghci", "iex", "erl", "R"];
    PROMPTS.iter().any(|prompt| {
        name == *prompt || name.strip_prefix(prompt).is_some_and(|version| version.chars().all(|c| c.is_ascii_digit() || c == '.'))
    })
}

/// The user to create, from the catalog entry (`user`, `uid`, `gid`).
fn default_user(out: &Proposals) -> User {
        let doc = &out.meta().doc;
        let number = |key: &str, default: u32| {
            doc.get(key).and_then(|v| v.as_integer()).and_then(|v| u32::try_from(v).ok()).unwrap_or(default)
        };
        User {
            name: doc.get("user").and_then(|v| v.as_str()).unwrap_or("app").to_string(),
            uid: number("uid", 10001),
            gid: number("gid", 10001),
        }
}

struct Plan {
    edits: Vec<Edit>,
    ops: Vec<DockerOp>,
    message: String,
    notes: Vec<(usize, String)>,
}

/// What says where the program writes: the catalog's conventional folder names and data-file
/// extensions, the volumes compose mounts into the image, and the build context COPY reads.
struct Writes<'a> {
    folder_names: Vec<String>,
    data_extensions: Vec<String>,
    volume_targets: Vec<String>,
    context: std::path::PathBuf,
    disk: &'a crate::disk::Disk,
}

impl<'a> Writes<'a> {
    fn of(project: &'a Project, facts: &analysis::DockerfileFacts, out: &Proposals) -> Writes<'a> {
        Writes {
            folder_names: out.meta().strings("writable_folders"),
            data_extensions: out.meta().strings("data_extensions"),
            volume_targets: facts.volume_targets.clone(),
            context: facts.context.clone(),
            disk: &project.disk,
        }
    }

    fn is_writable_name(&self, name: &str) -> bool {
        self.folder_names.iter().any(|n| n == name)
    }

    fn is_data_file(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        self.data_extensions.iter().any(|ext| lower.ends_with(ext.as_str()))
    }

    /// Why the program writes into what a COPY brings, if it does: the destination is a folder it
    /// writes (by name or as a volume), or the copied folder holds one, or a data file.
    /// `from_stage`: for a copy from another stage, where its destination came from in the
    /// build context (see [`analysis::context_sources`]).
    fn copy_is_written(&self, sources: &[String], destination: &str, from_stage: Option<&[std::path::PathBuf]>) -> Option<String> {
        let mut prefix = String::new();
        for part in destination.split('/').filter(|p| !p.is_empty()) {
            prefix.push('/');
            prefix.push_str(part);
            if self.is_writable_name(part) {
                return Some(format!("`{destination}` is a folder programs write (`{part}`)"));
            }
            if self.volume_targets.contains(&prefix) {
                return Some(format!("compose mounts a volume at `{prefix}`"));
            }
        }
        if let Some(traced) = from_stage {
            // Brought from another stage that copied it from the build context (`COPY . ./`
            // in the builder, `COPY --from=builder /app ./` here): what the context holds
            // there comes along (overseerr's `config/logs/`, which it writes at start).
            for folder in traced.iter().filter(|path| self.disk.is_folder(path)) {
                if let Some(found) = self.written_inside(folder, 0) {
                    return Some(format!("it brings `{found}` (copied from the build context by the stage it comes from), which the program writes"));
                }
            }
            return None;
        }
        for source in sources {
            if source.contains(['*', '?', '[', '$']) || source.contains("://") {
                continue;
            }
            let path = self.context.join(source.trim_start_matches('/'));
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if self.disk.is_file(&path) {
                if self.is_data_file(&name) {
                    return Some(format!("`{source}` is a data file"));
                }
                continue;
            }
            if let Some(found) = self.written_inside(&path, 0) {
                return Some(format!("it brings `{found}`, which the program writes"));
            }
        }
        None
    }

    /// A folder (at most two levels down) named as one programs write, holding no code; or a
    /// data file.
    fn written_inside(&self, folder: &std::path::Path, depth: usize) -> Option<String> {
        for name in self.disk.listing(folder) {
            let path = folder.join(name);
            if self.disk.is_folder(&path) {
                if self.is_writable_name(name) && !self.holds_code(&path) {
                    return Some(format!("{name}/"));
                }
                if depth < 1 && !name.starts_with('.') {
                    if let Some(inner) = self.written_inside(&path, depth + 1) {
                        return Some(format!("{name}/{inner}"));
                    }
                }
            } else if self.is_data_file(name) {
                return Some(name.clone());
            }
        }
        None
    }

    /// A folder that holds source code is code, whatever its name (`data/__init__.py`).
    fn holds_code(&self, folder: &std::path::Path) -> bool {
        const CODE: &[&str] = &[".py", ".js", ".mjs", ".ts", ".rb", ".php", ".go", ".java", ".rs", ".cs", ".ex", ".kt"];
        self.disk.listing(folder).iter().any(|name| CODE.iter().any(|ext| name.ends_with(ext)))
    }
}

/// The edits for a Dockerfile; `Ok(None)` when it already runs as non-root, `Err` with a note
/// when it is left alone for another reason.
fn plan(
    dockerfile: &Dockerfile,
    stage: &FinalStage,
    switches: Option<&str>,
    defaults: &User,
    writes: &Writes,
) -> Result<Option<Plan>, String> {
    if let Some((user, _)) = &stage.user {
        if is_root(user) {
            return Err(format!(
                "left as root: the final stage chooses `USER {user}`; dockfix keeps the author's choice"
            ));
        }
        return Ok(None);
    }
    let image = &stage.image;
    let base = &stage.base;
    if image.runs_as_non_root {
        return Err(format!("no USER added: `{base}` already runs as a non-root user"));
    }
    if image.drops_privileges {
        return Err(format!("no USER added: `{base}` starts as root and its entrypoint drops privileges itself"));
    }
    if let Some(why) = &image.needs_root {
        return Err(format!("no USER added: `{base}` needs root because {why}"));
    }
    if let Some(tool) = switches {
        return Err(format!(
            "no USER added: the program switches user itself ({tool}), which needs it to start as root"
        ));
    }
    let family = match image.family {
        Some(Family::Windows) => return Ok(None),
        Some(family) => family,
        None => {
            return Err(format!(
                "no USER added: dockfix does not know the base image `{base}` (add it to images.toml)"
            ));
        }
    };
    // The family may come from the tag alone (`-alpine`): when the stage also runs the base
    // image's own program, nothing says whether that program needs root (a port below 1024, a
    // socket, a user switch of its own).
    if !image.known && !stage.sets_program() {
        return Err(format!(
            "no USER added: the stage runs the program of `{base}`, which dockfix does not know; it may need root (a port below 1024, a socket, its own user switch). Add the image to images.toml, or set USER yourself"
        ));
    }
    // The stage sets the command, but the program it names is the unknown base image's own
    // (`CMD ["catalina.sh", "run"]` on a `tomcat:*-alpine`): the same unknown.
    if !image.known {
        if let Some(program) = base_program(dockerfile, stage) {
            return Err(format!(
                "no USER added: the stage runs `{program}`, which neither a COPY nor a RUN of the Dockerfile provides, so it comes from `{base}`, which dockfix does not know; it may need root (a port below 1024, a socket, its own user switch). Add the image to images.toml, or set USER yourself"
            ));
        }
    }
    let family_info = images::family(family);
    // A user the Dockerfile creates itself with a fixed uid (mosquitto's 1883, which its
    // entrypoint and the folders it chowns expect) comes first: the author's choice, and the
    // owner of volumes made by earlier versions of the image.
    let existing = created_user(dockerfile, stage).or(image.user.clone()).or(family_info.user.clone());
    let (user, creates) = match (&existing, family) {
        (Some(user), _) => (user.clone(), false),
        (None, Family::Scratch) => (defaults.clone(), false),
        (None, _) => (defaults.clone(), true),
    };
    if creates && creates_user_named(dockerfile, stage, &user.name) {
        return Err(format!(
            "no USER added: the stage already creates a user named `{}`; add `USER <uid>:<gid>` for it",
            user.name
        ));
    }
    let ids = format!("{}:{}", user.uid, user.gid);
    let mut block = Vec::new();
    // The work folder and the folders the stage creates for the app belong to the user, whether
    // dockfix creates it or reuses the image's own (`node`): they may only be created later in
    // the file (a WORKDIR after the last RUN), so they are made here.
    let mut notes = Vec::new();
    let after = stage
        .own()
        .iter()
        .copied()
        .filter(|&p| dockerfile.instruction(p).keyword == "RUN")
        .last()
        .unwrap_or(stage.from());
    let folders = owned_folders(dockerfile, stage, writes, after, creates, &mut notes)?;
    let can_run = family != Family::Scratch && family != Family::Distroless;
    // An ENV that points the program at one of them (shiori's `SHIORI_DIR=/shiori`, its work
    // folder too) says it writes there: left root's, it would fail to start.
    let data_folder = folders.iter().find(|folder| {
        stage.chain_positions().map(|p| dockerfile.instruction(p)).filter(|i| i.keyword == "ENV").any(|i| {
            crate::syntax::dockerfile::variable_pairs(&i.args, true).iter().any(|(_, value)| value.as_deref().is_some_and(|v| v.trim_end_matches('/') == folder.as_str()))
        })
    });
    if let (false, Some(folder)) = (can_run, data_folder) {
        return Err(format!(
            "no USER added: {} has no shell to hand {folder} over, and an ENV points the program at it (it keeps its data there); create it owned by {ids} in a build stage and COPY it with --chown, then rerun",
            family.name()
        ));
    }
    if !can_run && !folders.is_empty() {
        notes.push((
            dockerfile.instruction(stage.from()).line,
            format!(
                "{} has no shell to hand folders over: {} stay root-owned; create them owned by {ids} in a build stage and COPY them with --chown",
                family.name(),
                folders.join(", ")
            ),
        ));
    }
    let folders = folders.join(" ");
    let hand_over = (!folders.is_empty()).then(|| format!("mkdir -p {folders} && chown {ids} {folders}"));
    if creates {
        let template = family_info
            .add_user
            .ok_or_else(|| format!("no USER added: no way to create a user on {}", family.name()))?;
        let mut command = template
            .replace("{user}", &user.name)
            .replace("{uid}", &user.uid.to_string())
            .replace("{gid}", &user.gid.to_string());
        // ubi-minimal and other microdnf images have no useradd until shadow-utils is there.
        if family == Family::Rhel && uses_microdnf(dockerfile, stage) {
            command = format!("microdnf install -y shadow-utils && microdnf clean all && {command}");
        }
        if let Some(hand_over) = &hand_over {
            command.push_str(&format!(" && {hand_over}"));
        }
        block.push(format!("{} {command}", dockerfile.keyword("RUN")));
        if !sets_home(dockerfile, stage) {
            block.push(format!("{} HOME=/tmp", dockerfile.keyword("ENV")));
        }
    } else if let Some(hand_over) = hand_over.filter(|_| can_run) {
        block.push(format!("{} {hand_over}", dockerfile.keyword("RUN")));
    }
    block.push(format!("{} {ids}", dockerfile.keyword("USER")));
    let (mut edits, mut ops) = (Vec::new(), Vec::new());
    let mut given = Vec::new();
    for (position, why) in chown_targets(dockerfile, stage, writes) {
        let (edit, op) = dockerfile.add_flag(position, &format!("--chown={ids}"));
        edits.push(edit);
        ops.push(op);
        given.push(format!("line {}: {why}", dockerfile.instruction(position).line));
    }
    let (edit, _) = dockerfile.insert_after(after, &block.join(dockerfile.eol())).map_err(|why| format!("no USER added: {why}"))?;
    let at = (edit.range.start, edit.rank);
    edits.push(edit);
    ops.extend(block.iter().map(|text| DockerOp::Insert { before: after + 1, text: text.clone(), at }));
    let how = if creates {
        format!("a new system user `{}`", user.name)
    } else {
        format!("the image's user `{}`", user.name)
    };
    let mut message =
        format!("the final stage ran as root; it now runs as {how} (USER {ids}, numeric so runAsNonRoot can check it)");
    if !folders.is_empty() {
        message.push_str(&format!("; it owns {folders}, while copied program code stays root-owned"));
    }
    if !given.is_empty() {
        message.push_str(&format!("; copied files the program writes are its own ({})", given.join("; ")));
    }
    // What no file of the repository shows: how the container is run.
    message.push_str(&format!(
        ". Where it runs, a host folder mounted into it must be writable by uid {}, and a device or socket it opens (`devices:`, a serial adapter, the Docker socket) needs its group in `group_add:`",
        user.uid
    ));
    Ok(Some(Plan { edits, ops, message, notes }))
}

/// The user a RUN of the final stage's chain creates with a fixed numeric uid (`adduser -S -u
/// 1883 ... mosquitto`, `useradd --uid 1000 app`), with its group's number where a `addgroup`/
/// `groupadd -g` of the chain gives one (else the uid). The last one created counts.
fn created_user(dockerfile: &Dockerfile, stage: &FinalStage) -> Option<User> {
    let mut user: Option<User> = None;
    let mut groups: Vec<(String, u32)> = Vec::new();
    for position in stage.chain_positions() {
        let instruction = dockerfile.instruction(position);
        // `adduser`, `useradd`, `addgroup`, `groupadd`: most RUN lines name none.
        if instruction.keyword != "RUN" || !instruction.args.contains("add") {
            continue;
        }
        for command in instruction.args.split(['&', ';', '|', '\n']) {
            let words: Vec<&str> = command
                .split_whitespace()
                .map(|w| w.trim_matches(['"', '\'']))
                .filter(|w| !w.is_empty() && !w.contains(['>', '<']) && *w != "\\")
                .collect();
            let Some(at) = words.iter().position(|w| matches!(w.rsplit('/').next(), Some("adduser" | "useradd" | "addgroup" | "groupadd"))) else { continue };
            let program = words[at].rsplit('/').next().unwrap_or_default();
            let rest = &words[at + 1..];
            // Options that take a value, by program; the name is the first other word.
            let takes: &[&str] = match program {
                "useradd" => &["-u", "--uid", "-g", "--gid", "-G", "--groups", "-d", "--home-dir", "-s", "--shell", "-c", "--comment", "-K", "-e", "-f", "-k", "-p"],
                "groupadd" => &["-g", "--gid", "-K", "-p"],
                // busybox and Debian's adduser/addgroup
                _ => &["-u", "--uid", "-g", "--gid", "-G", "--ingroup", "-h", "--home", "-s", "--shell", "--gecos", "-k", "--firstuid", "--lastuid"],
            };
            let mut number: Option<u32> = None;
            let mut group_number: Option<u32> = None;
            let mut group_name: Option<&str> = None;
            let mut name: Option<&str> = None;
            let mut i = 0;
            while i < rest.len() {
                let word = rest[i];
                let (option, inline) = match word.split_once('=') {
                    Some((o, v)) if o.starts_with("--") => (o, Some(v)),
                    _ => (word, None),
                };
                if takes.contains(&option) {
                    let value = inline.or_else(|| rest.get(i + 1).copied());
                    let parsed = value.and_then(|v| v.parse::<u32>().ok());
                    match (program, option) {
                        ("useradd" | "adduser", "-u" | "--uid") => number = parsed,
                        ("groupadd" | "addgroup", "-g" | "--gid") => number = parsed,
                        ("useradd", "-g" | "--gid") | ("adduser", "--gid") => {
                            group_number = parsed;
                            group_name = value.filter(|_| parsed.is_none());
                        }
                        ("adduser", "-G" | "--ingroup") => group_name = value,
                        _ => {}
                    }
                    i += if inline.is_some() { 1 } else { 2 };
                    continue;
                }
                if !word.starts_with('-') && name.is_none() {
                    name = Some(word);
                }
                i += 1;
            }
            let (Some(name), Some(number)) = (name, number) else { continue };
            if name.contains('$') || number == 0 {
                continue;
            }
            match program {
                "addgroup" | "groupadd" => groups.push((name.to_string(), number)),
                _ => {
                    let group = group_name.unwrap_or(name);
                    let gid = group_number.or_else(|| groups.iter().rev().find(|(g, _)| g == group).map(|(_, n)| *n)).unwrap_or(number);
                    user = Some(User { name: name.to_string(), uid: number, gid });
                }
            }
        }
    }
    user
}

fn creates_user_named(dockerfile: &Dockerfile, stage: &FinalStage, name: &str) -> bool {
    stage.chain_positions().any(|p| {
        let instruction = dockerfile.instruction(p);
        let args = &instruction.args;
        instruction.keyword == "RUN"
            && ["useradd", "adduser", "groupadd", "addgroup"].iter().any(|tool| args.contains(tool))
            && args.split_whitespace().any(|w| w == name)
    })
}

fn sets_home(dockerfile: &Dockerfile, stage: &FinalStage) -> bool {
    stage.chain_positions().any(|p| {
        let instruction = dockerfile.instruction(p);
        instruction.keyword == "ENV"
            && instruction.args.split_whitespace().any(|w| w.starts_with("HOME=") || w == "HOME")
    })
}

/// Folders that hold applications by convention.
const APP_ROOTS: &[&str] = &["/app", "/srv", "/opt", "/home", "/usr/src", "/var/www", "/code", "/workspace", "/data"];

fn under(path: &str, folder: &str) -> bool {
    path == folder || path.starts_with(&format!("{}/", folder.trim_end_matches('/')))
}

/// Not a system path, and not a variable dockfix cannot resolve.
/// A folder the program keeps its data in, to hand over to its user: an application path, or
/// a folder of its own under `/var/lib` or `/var/cache` (`/var/lib/kutt`, created by the
/// Dockerfile or mounted as a volume), not one of the package manager's.
fn is_app_data_folder(path: &str) -> bool {
    const PACKAGE_FOLDERS: &[&str] = &[
        "/var/lib/apt", "/var/lib/dpkg", "/var/lib/apk", "/var/lib/rpm", "/var/lib/dnf", "/var/lib/yum", "/var/lib/ucf",
        "/var/lib/systemd", "/var/lib/pam", "/var/lib/misc", "/var/cache/apt", "/var/cache/apk", "/var/cache/dnf",
        "/var/cache/yum", "/var/cache/debconf", "/var/cache/ldconfig",
    ];
    let path = path.trim_end_matches('/');
    let own_folder_under = |root: &str| path.strip_prefix(root).and_then(|rest| rest.strip_prefix('/')).is_some_and(|rest| !rest.is_empty());
    is_app_path(path)
        || (!path.contains('$')
            && ["/var/lib", "/var/cache"].iter().any(|root| own_folder_under(root))
            && !PACKAGE_FOLDERS.iter().any(|package| under(path, package)))
}

fn is_app_path(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    !path.is_empty() && !path.contains('$') && !SYSTEM_PATHS.iter().any(|system| under(path, system))
}

/// Where application files go: inside the work folder or a conventional application folder, and
/// not a system path. A script copied to `/` stays root-owned, so the app cannot rewrite it.
fn is_app_destination(path: &str, workdir: &str) -> bool {
    is_app_path(path) && ((workdir != "/" && under(path, workdir)) || APP_ROOTS.iter().any(|root| under(path, root)))
}

/// COPY/ADD of the final stage into the application folder that do not set an owner and bring
/// something the program writes, with the reason. Program code stays root-owned, so the program
/// cannot rewrite itself.
fn chown_targets(dockerfile: &Dockerfile, stage: &FinalStage, writes: &Writes) -> Vec<(usize, String)> {
    let dirs = workdirs(dockerfile, stage);
    let volumes = volume_paths(dockerfile, stage);
    stage
        .own()
        .iter()
        .copied()
        .filter_map(|p| {
            let instruction = dockerfile.instruction(p);
            if !matches!(instruction.keyword.as_str(), "COPY" | "ADD") || instruction.flag("chown").is_some() {
                return None;
            }
            let workdir = dirs.iter().find(|(q, _)| *q == p).map(|(_, w)| w.clone()).unwrap_or_else(|| "/".into());
            let words = copy_words(instruction);
            let (destination, sources) = words.split_last().filter(|(_, s)| !s.is_empty())?;
            let destination = resolve(&workdir, destination);
            if !is_app_destination(&destination, &workdir) {
                return None;
            }
            if let Some((_, volume)) = volumes.iter().find(|(_, v)| under(&destination, v)) {
                return Some((p, format!("`{volume}` is a VOLUME")));
            }
            let traced = instruction.flag("from").map(|_| analysis::context_sources(dockerfile, stage, &writes.context, &destination));
            writes.copy_is_written(sources, &destination, traced.as_deref()).map(|why| (p, why))
        })
        .collect()
}

/// The folders the final stage declares with VOLUME: (position, path).
fn volume_paths(dockerfile: &Dockerfile, stage: &FinalStage) -> Vec<(usize, String)> {
    stage
        .own()
        .iter()
        .copied()
        .filter(|&p| dockerfile.instruction(p).keyword == "VOLUME")
        .flat_map(|p| {
            let words = copy_words(dockerfile.instruction(p));
            words.into_iter().map(move |w| (p, resolve("/", &w)))
        })
        .filter(|(_, path)| is_app_data_folder(path))
        .collect()
}

/// The work folder and the folders the final stage creates with `mkdir`, if they belong to the
/// application.
fn owned_folders(
    dockerfile: &Dockerfile,
    stage: &FinalStage,
    writes: &Writes,
    after: usize,
    creates_user: bool,
    notes: &mut Vec<(usize, String)>,
) -> Result<Vec<String>, String> {
    let dirs = workdirs(dockerfile, stage);
    let mut folders: Vec<String> = Vec::new();
    let final_workdir = analysis::final_workdir(dockerfile, stage);
    if final_workdir != "/" && is_app_path(&final_workdir) {
        // A work folder named for data (Meilisearch's `/meili_data`) is where the program keeps
        // it and where its users mount a volume, which an earlier root container filled.
        let name = final_workdir.rsplit('/').next().unwrap_or_default().to_ascii_lowercase();
        if name.contains("data") && !writes.volume_targets.contains(&final_workdir) {
            notes.push((
                dockerfile.instruction(stage.stages[stage.index].from).line,
                format!("`{final_workdir}`, the work folder, is where the program keeps its data and where a volume is usually mounted: a new volume starts out the user's, but one an earlier container of this image filled holds files root wrote; when upgrading, hand its contents to the user once (a root `chown -R` through the volume) before starting the new image"),
            ));
        }
        folders.push(final_workdir);
    }
    // Docker fills a new volume from the image's folder, owner included.
    for target in &writes.volume_targets {
        if is_app_data_folder(target) && !under(target, "/tmp") && !folders.contains(target) {
            folders.push(target.clone());
            // A volume an earlier container filled keeps what root wrote there.
            notes.push((
                dockerfile.instruction(stage.stages[stage.index].from).line,
                format!("`{target}` is a volume a compose file mounts: a new volume starts out the user's, but one an earlier container of this image filled holds files root wrote; when upgrading, hand its contents to the user once (a root `chown -R` through the volume) before starting the new image"),
            ));
        }
    }
    for (position, path) in volume_paths(dockerfile, stage) {
        if position < after && creates_user {
            // The classic builder discards what a later RUN does inside a declared volume, and
            // the program writes its data there (navidrome's `VOLUME ["/data", "/music"]`): a
            // volume left root's would stop a user nobody had before. (The image's own user,
            // `www-data`, is usually given it by the Dockerfile already.)
            return Err(format!(
                "no USER added: `VOLUME {path}` comes before the last RUN, so a RUN cannot hand {path} to a new user (the classic builder discards what a RUN does in a declared volume), and the program keeps its data there; move VOLUME to the end of the stage, then rerun"
            ));
        } else if position < after {
            notes.push((
                dockerfile.instruction(position).line,
                format!("`VOLUME {path}` comes before the last RUN, so handing it to the user there may be discarded; move VOLUME after the USER line dockfix adds, or chown {path} before it"),
            ));
        } else if !folders.contains(&path) {
            folders.push(path);
        }
    }
    for &position in stage.own() {
        let instruction = dockerfile.instruction(position);
        if instruction.keyword != "RUN" {
            continue;
        }
        let workdir = dirs.iter().find(|(q, _)| *q == position).map(|(_, w)| w.clone()).unwrap_or_default();
        // The commands of a heredoc RUN are in its bodies.
        let mut script = instruction.args.clone();
        for heredoc in &instruction.heredocs {
            script.push('\n');
            script.push_str(&dockerfile.text[heredoc.body.clone()]);
        }
        // The folder the RUN's commands run in: a `cd` moves it (`cd /usr/src/app; mkdir
        // cache`); after a `cd` to somewhere not written out, a relative path is unknown.
        let mut cwd = Some(workdir);
        for command in script.split(['&', ';', '|', '\n']) {
            let mut words = command.split_whitespace();
            match words.next() {
                Some("cd" | "pushd") => {
                    let target = words.find(|w| !w.starts_with('-')).and_then(plain_word).filter(|w| !w.contains(['$', '~']));
                    cwd = match (cwd, target) {
                        (Some(cwd), Some(target)) => Some(resolve(&cwd, target)),
                        _ => None,
                    };
                    continue;
                }
                Some("mkdir") => {}
                _ => continue,
            }
            // Only words that are a path as they stand: an escape, a quote or a glob would mean
            // something else once copied into the new RUN line (a trailing `\` continues it).
            for word in words.filter(|w| !w.starts_with('-')).filter_map(plain_word) {
                let Some(path) = cwd.as_deref().map(|cwd| resolve(cwd, word)).or_else(|| word.starts_with('/').then(|| word.to_string())) else {
                    continue;
                };
                if is_app_data_folder(&path) && !under(&path, "/tmp") && !folders.contains(&path) {
                    folders.push(path);
                }
            }
        }
    }
    // Every folder goes into a RUN line unquoted: one that is not a plain path is left out.
    folders.retain(|folder| plain_word(folder) == Some(folder.as_str()));
    Ok(folders)
}

/// `word` without the quotes around it, if what is left is a path the shell reads as written:
/// letters, digits and `/._-+@%:,=~` (and `$` for a variable the build sets).
fn plain_word(word: &str) -> Option<&str> {
    let unquoted = ['"', '\''].iter().find_map(|q| word.strip_prefix(*q).and_then(|w| w.strip_suffix(*q))).unwrap_or(word);
    let plain = !unquoted.is_empty() && unquoted.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+@%:,=~$".contains(c));
    plain.then_some(unquoted)
}

/// Whether the final stage's image installs with microdnf (ubi-minimal): it lacks shadow-utils.
fn uses_microdnf(dockerfile: &Dockerfile, stage: &FinalStage) -> bool {
    stage.base.contains("minimal")
        || stage.chain_positions().any(|p| {
            let instruction = dockerfile.instruction(p);
            instruction.keyword == "RUN" && instruction.args.contains("microdnf")
        })
}

/// A package of the catalog's `root_packages` (iptables, wireguard-tools, ...) the final stage's
/// chain installs: a VPN or firewall that configures the host's network as root (wg-easy).
fn network_admin_package(dockerfile: &Dockerfile, stage: &FinalStage, packages: &[String]) -> Option<String> {
    use crate::syntax::dockerfile::packages::INSTALL_COMMANDS;
    stage.chain_positions().find_map(|position| {
        INSTALL_COMMANDS.iter().find_map(|command| {
            crate::syntax::dockerfile::packages::installs(dockerfile, position, command)
                .iter()
                .find_map(|install| packages.iter().find(|p| install.has(p)).cloned())
        })
    })
}

/// The final stage's EXPOSEd ports below 1024: (line, port, the word as written). Variables
/// are read with the ARG and ENV defaults in force at the EXPOSE (gotify's `ARG
/// GOTIFY_SERVER_EXPOSE=80` then `EXPOSE $GOTIFY_SERVER_EXPOSE` listens on 80). One without a
/// default says nothing: EXPOSE only documents a port, and an `ARG EXPOSED_PORT` the build sets
/// (spring-petclinic) names the one the program's own configuration picks.
fn low_ports(dockerfile: &Dockerfile, stage: &FinalStage) -> Vec<(usize, u32, String)> {
    let own = stage.own();
    let mut found = Vec::new();
    crate::analysis::walk_chain(dockerfile, stage, |scope, instruction| {
        if instruction.keyword != "EXPOSE" || !own.contains(&scope.position) {
            return;
        }
        for written in instruction.args.split_whitespace() {
            let expanded = scope.expand(written);
            // `80/tcp`, a range `8000-8010`.
            let port = expanded.split('/').next().unwrap_or_default();
            let first = port.split('-').next().unwrap_or_default();
            if let Some(port) = first.parse::<u32>().ok().filter(|port| *port < 1024) {
                found.push((instruction.line, port, written.to_string()));
            }
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created(text: &str) -> Option<(String, u32, u32)> {
        let dockerfile = Dockerfile::parse(text).unwrap();
        let stage = FinalStage::of(&dockerfile).unwrap();
        created_user(&dockerfile, &stage).map(|u| (u.name, u.uid, u.gid))
    }

    #[test]
    fn users_the_dockerfile_creates_with_a_fixed_number() {
        let busybox = "FROM alpine:3.20\nRUN addgroup -S -g 1883 mosquitto 2>/dev/null && \\\n    adduser -S -u 1883 -D -H -h /var/empty -s /sbin/nologin -G mosquitto -g mosquitto mosquitto 2>/dev/null\nCMD [\"mosquitto\"]\n";
        assert_eq!(created(busybox), Some(("mosquitto".into(), 1883, 1883)));
        let debian = "FROM debian:12\nRUN addgroup --system --quiet --gid 1883 mosq && adduser --system --quiet --no-create-home --ingroup mosq --uid 1884 --home /var/empty mosquitto\nCMD [\"mosquitto\"]\n";
        assert_eq!(created(debian), Some(("mosquitto".into(), 1884, 1883)));
        let useradd = "FROM debian:12\nRUN groupadd -g 2000 svc; useradd --uid=2001 -g 2000 -m -s /bin/false svc\nCMD [\"svc\"]\n";
        assert_eq!(created(useradd), Some(("svc".into(), 2001, 2000)));
        // No fixed number: the system picks one, which a numeric USER cannot name.
        assert_eq!(created("FROM alpine:3.20\nRUN adduser -S -D app\nCMD [\"app\"]\n"), None);
        // A user of an earlier stage is not the final stage's.
        assert_eq!(created("FROM alpine:3.20 AS build\nRUN adduser -S -u 1000 -D b\nFROM alpine:3.20\nCMD [\"app\"]\n"), None);
    }

    #[test]
    fn paths() {
        assert_eq!(resolve("/app", "."), "/app");
        assert_eq!(resolve("/app", "./src/"), "/app/src");
        assert_eq!(resolve("/app", "/usr/local/bin/"), "/usr/local/bin");
        assert!(is_app_path("/app/src") && is_app_path("/usr/src/app") && is_app_path("/srv"));
        assert!(!is_app_path("/usr/local/bin") && !is_app_path("/etc/nginx") && !is_app_path("$HOME"));
        assert!(is_app_data_folder("/var/lib/kutt") && is_app_data_folder("/var/cache/app/thumbs") && is_app_data_folder("/srv/data"));
        assert!(!is_app_data_folder("/var/lib") && !is_app_data_folder("/var/lib/apt/lists") && !is_app_data_folder("/var/cache/apk"));
        assert!(!is_app_data_folder("/var/lib/$APP") && !is_app_data_folder("/etc/app"));
        assert!(is_app_destination("/app/x", "/") && is_app_destination("/work/x", "/work"));
        assert!(!is_app_destination("/start.sh", "/") && !is_app_destination("/tmp/r.txt", "/app"));
    }
}
