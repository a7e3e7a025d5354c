//! `dockerfile-tini-init`: tini installed in the final stage and run as PID 1, in front of the
//! program that ran before.
//!
//! **Why**: PID 1 must reap zombies and forward signals; most programs do neither.
//! **How**: `tini` joins an existing `apt-get install`/`apk add` of the final stage in its layout,
//! or gets a RUN of its own; ENTRYPOINT becomes `["<tini>", "--", ...what ran before]`.
//! **Leaves alone** (with a note): an init already there; families without tini packages
//! (distroless, scratch, busybox, rhel) and unknown bases; commands dockfix cannot see.
//! **Safety**: safe.

use super::{Expect, Proposals, Transform};
use crate::edit::Edit;
use crate::analysis::runs_as_root;
use crate::images::{self, Family};
use crate::project::Project;
use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::dockerfile::edit::DockerOp;
use crate::syntax::dockerfile::packages;
use crate::syntax::dockerfile::runtime::{self, FinalStage, Setting};
use crate::syntax::shell::{self, Words};

pub struct DockerfileTiniInit;

impl Transform for DockerfileTiniInit {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, dockerfile) in project.dockerfiles() {
            if let Some(why) = project.facts.dockerfile(file).tool {
                if let Some(stage) = FinalStage::of(dockerfile) {
                    out.note(file, dockerfile.instruction(stage.from()).line, format!("no tini added: {why}"));
                }
                continue;
            }
            if let Some((script, init)) = &project.facts.dockerfile(file).init_at_start {
                if let (Some(stage), Plan::Apply { .. }) = (FinalStage::of(dockerfile), plan(dockerfile)) {
                    let line = dockerfile.instruction(stage.from()).line;
                    out.note(file, line, format!("no tini added: `{script}`, which the container runs, starts `{init}`, which becomes PID 1 in its place"));
                }
                continue;
            }
            match plan(dockerfile) {
                Plan::Nothing => {}
                Plan::Skip(line, why) => out.note(file, line, why),
                Plan::Apply { line, edits, ops, message } => {
                    out.change(file, line, message, edits, Expect::Dockerfile(ops));
                }
            }
        }
    }
}

/// What the transform would do to a Dockerfile.
pub enum Plan {
    /// An init is already there (or the file has no stage).
    Nothing,
    /// It cannot act: the line and why.
    Skip(usize, String),
    Apply {
        line: usize,
        edits: Vec<Edit>,
        ops: Vec<DockerOp>,
        message: String,
    },
}

pub fn plan(dockerfile: &Dockerfile) -> Plan {
    let Some(stage) = FinalStage::of(dockerfile) else { return Plan::Nothing };
    let from_line = dockerfile.instruction(stage.from()).line;
    let skip = |why: String| Plan::Skip(from_line, why);
    // An init at the head of the ENTRYPOINT counts whatever the CMD is (a bare or unknown CMD
    // leaves no whole argv, and tini was wrapped again in every pass).
    let entrypoint_has_init = matches!(&stage.entrypoint, Setting::Exec(words, _) if runtime::runs_init(words));
    if stage.image.init || entrypoint_has_init || stage.argv().is_some_and(|argv| runtime::runs_init(&argv)) {
        return Plan::Nothing;
    }
    if let Some(why) = stage.base_varies(dockerfile) {
        return skip(format!("no tini added: {why}; install tini in each of those stages (or use `init: true` in compose)"));
    }
    if !stage.sets_program() && stage.argv().is_some_and(|argv| argv.is_empty()) {
        return skip(format!(
            "no tini added: neither the final stage nor `{}` sets an ENTRYPOINT or CMD, so nothing runs in this image",
            stage.base
        ));
    }
    // A base or tool image (`CMD ["node"]`): the images built FROM it set the program, and
    // tini belongs there (or `docker run --init`); here it would change what every one of them
    // runs as PID 1.
    if let Some(program) = stage.runs_only_a_prompt() {
        return skip(format!(
            "no tini added: the final stage runs `{program}`, a shell or prompt, so it is a base or tool image: put tini where an image built FROM it sets its program, or run it with `docker run --init`"
        ));
    }
    let family = match stage.image.family {
        Some(family @ (Family::Debian | Family::Alpine)) => family,
        Some(Family::Windows) => return Plan::Nothing,
        Some(other) => {
            return skip(format!(
                "no tini added: `{}` is a {} image without a tini package; use `init: true` in compose (compose-init)",
                stage.base,
                other.name()
            ));
        }
        None => {
            return skip(format!(
                "no tini added: dockfix does not know the base image `{}` (add it to images.toml); unless it runs an init of its own (s6-overlay's `/init` must be PID 1, and `init: true` would break it), install tini or use `init: true` in compose",
                stage.base
            ));
        }
    };
    let Some(tini) = images::family(family).tini else { return Plan::Nothing };
    // Installed by the author but run by no ENTRYPOINT, whose program does not come from the
    // repository: a script of the image or a download starts it (Solr's `solr-foreground`, from
    // the Solr tarball, execs tini when it is PID 1). A start script the repository holds
    // (redmine's `COPY docker-entrypoint.sh /`) was read: one that execs an init is PID 1's
    // business already (see `init_at_start`), and otherwise tini goes in front of it.
    let program = stage.argv().and_then(|argv| runtime::without_init(&argv).into_iter().next());
    if installs_tini(dockerfile, &stage) && !program.is_some_and(|p| crate::analysis::copied_from_context_by_name(dockerfile, &p)) {
        return skip(
            "no tini added: the Dockerfile installs tini but its ENTRYPOINT does not run it, and the program it starts does not come from this repository, so a script of the image likely starts tini; if none does, put it first in ENTRYPOINT".to_string(),
        );
    }
    let Some(entry) = entrypoint_edit(dockerfile, &stage, &tini) else {
        return skip(why_no_entrypoint(&stage));
    };
    let entry = match entry {
        Ok(entry) => entry,
        Err(why) => return skip(format!("no tini added: {why}")),
    };
    let (mut edits, mut ops) = (Vec::new(), Vec::new());
    if !installs_tini(dockerfile, &stage) {
        match install(dockerfile, &stage, family) {
            Ok((edit, op)) => {
                edits.push(edit);
                ops.push(op);
            }
            Err(why) => return skip(format!("no tini added: {why}")),
        }
    }
    edits.extend(entry.0);
    ops.extend(entry.1);
    let message = format!("tini ({tini}) runs as PID 1, reaping zombies and forwarding signals to the program");
    Plan::Apply { line: from_line, edits, ops, message }
}

fn why_no_entrypoint(stage: &FinalStage) -> String {
    if !stage.sets_program() {
        format!(
            "no tini added: the final stage sets no ENTRYPOINT or CMD of its own and runs what `{}` runs by default; put tini where the program is set",
            stage.base
        )
    } else if stage.entrypoint == Setting::Unknown || stage.cmd == Setting::Unknown {
        format!(
            "no tini added: the ENTRYPOINT/CMD that `{}` brings is unknown, so the program that runs cannot be kept (add it to images.toml)",
            stage.base
        )
    } else {
        "no tini added: the final stage runs nothing (no ENTRYPOINT or CMD)".to_string()
    }
}

fn installs_tini(dockerfile: &Dockerfile, stage: &FinalStage) -> bool {
    stage.chain_positions().any(|p| {
        let instruction = dockerfile.instruction(p);
        instruction.keyword == "RUN"
            // `install ... gosu tini; \`: the shell's operators end the word too.
            && instruction.args.split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '\\' | '"' | '\'')).any(|w| w == "tini" || w.starts_with("tini="))
    })
}

/// Adds tini to an install of the final stage run as root, or a RUN of its own after `FROM`.
fn install(dockerfile: &Dockerfile, stage: &FinalStage, family: Family) -> Result<(Edit, DockerOp), String> {
    let info = images::family(family);
    let command = info.install_command.clone().unwrap_or_default();
    for &position in stage.own() {
        if !runs_as_root(dockerfile, stage, position) {
            continue;
        }
        // Only an install that always runs: inside an `if` or after `||`, the ENTRYPOINT would
        // name a tini that some builds do not have.
        let args = &dockerfile.instruction(position).args;
        if let Some(install) =
            packages::installs(dockerfile, position, &command).into_iter().find(|i| i.runs_unconditionally(args))
        {
            return Ok(install.add(dockerfile, "tini"));
        }
    }
    if !runs_as_root(dockerfile, stage, stage.from()) {
        return Err("the final stage does not start as root, so it cannot install packages".into());
    }
    let line = info.install.ok_or("the family has no install command")?.replace("{packages}", "tini");
    dockerfile.insert_after(stage.from(), &format!("{} {line}", dockerfile.keyword("RUN")))
}

type EntryEdit = Result<(Vec<Edit>, Vec<DockerOp>), String>;

/// The ENTRYPOINT (and, where Docker would reset it, CMD) edits that put tini first.
fn entrypoint_edit(dockerfile: &Dockerfile, stage: &FinalStage, tini: &str) -> Option<EntryEdit> {
    let own = |position: Option<usize>| position.is_some_and(|p| stage.own().contains(&p));
    let own_cmd = stage.own().iter().copied().find(|&p| dockerfile.instruction(p).keyword == "CMD");
    let entrypoint_keyword = dockerfile.keyword("ENTRYPOINT");
    let prefix = |rest: &[String]| {
        let mut words = vec![tini.to_string(), "--".to_string()];
        words.extend_from_slice(rest);
        shell::exec_form(&words)
    };
    if !stage.sets_program() {
        return None;
    }
    let result = match (&stage.entrypoint, &stage.cmd) {
        (Setting::Unknown, _) => return None,
        (Setting::Exec(words, position), _) if own(*position) => {
            dockerfile.replace_args(position.expect("own"), &prefix(words)).map(|(e, o)| (vec![e], vec![o]))
        }
        (Setting::Shell(_, position), _) if own(*position) && own_cmd.is_some() => {
            Err("its shell-form ENTRYPOINT ignores the CMD of the stage; in exec form the CMD would be appended".into())
        }
        (Setting::Shell(text, position), _) if own(*position) => {
            let words = match shell::split(text) {
                Words::Plain(words) => words,
                Words::NeedsShell(_) => vec!["/bin/sh".into(), "-c".into(), text.clone()],
            };
            dockerfile.replace_args(position.expect("own"), &prefix(&words)).map(|(e, o)| (vec![e], vec![o]))
        }
        (Setting::Unset, Setting::Unset) => return None,
        (Setting::Unset, _) => {
            Ok(new_entrypoint(dockerfile, stage, own_cmd, &format!("{entrypoint_keyword} {}", prefix(&[])))?)
        }
        (Setting::Exec(words, _), _) => {
            Ok(new_entrypoint(dockerfile, stage, own_cmd, &format!("{entrypoint_keyword} {}", prefix(words)))?)
        }
        (Setting::Shell(..), _) if own_cmd.is_some() => {
            Err("its inherited shell-form ENTRYPOINT ignores the stage's CMD; in exec form the CMD would be appended"
                .into())
        }
        (Setting::Shell(text, _), _) => {
            let words = vec!["/bin/sh".to_string(), "-c".to_string(), text.clone()];
            Ok(new_entrypoint(dockerfile, stage, None, &format!("{entrypoint_keyword} {}", prefix(&words)))?)
        }
    };
    Some(result)
}

/// A new ENTRYPOINT in the final stage: before its own CMD, or at its end followed by a copy of
/// the inherited CMD (a new ENTRYPOINT resets an inherited CMD).
fn new_entrypoint(
    dockerfile: &Dockerfile,
    stage: &FinalStage,
    own_cmd: Option<usize>,
    entrypoint: &str,
) -> Option<(Vec<Edit>, Vec<DockerOp>)> {
    if let Some(cmd) = own_cmd {
        let (edit, op) = dockerfile.insert_before(cmd, entrypoint);
        return Some((vec![edit], vec![op]));
    }
    let last = stage.own().last().copied().unwrap_or(stage.from());
    let cmd = match &stage.cmd {
        Setting::Unset => None,
        Setting::Exec(words, _) => Some(shell::exec_form(words)),
        Setting::Shell(text, _) => Some(text.clone()),
        Setting::Unknown => return None,
    };
    let mut lines = vec![entrypoint.to_string()];
    lines.extend(cmd.map(|cmd| format!("{} {cmd}", dockerfile.keyword("CMD"))));
    let (edit, _) = dockerfile.insert_after(last, &lines.join(dockerfile.eol())).ok()?;
    let at = (edit.range.start, edit.rank);
    let ops = lines.into_iter().map(|text| DockerOp::Insert { before: last + 1, text, at }).collect();
    Some((vec![edit], ops))
}
