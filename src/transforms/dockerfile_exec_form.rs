//! `dockerfile-exec-form`: shell-form CMD and ENTRYPOINT become JSON exec form when the command
//! is plain words.
//!
//! **Why**: in shell form, `/bin/sh -c` is PID 1: it does not forward SIGTERM, so `docker stop`
//! waits for the timeout and kills the program without a clean shutdown.
//! **Leaves alone**: commands that use a shell feature; a shell-form ENTRYPOINT when a CMD would
//! start being appended to it; a CMD handed to an ENTRYPOINT of the file's own (its arguments
//! would change from `/bin/sh -c "..."` to the words).
//! **Safety**: safe.

use super::{Expect, Proposals, Transform};
use crate::project::Project;
use crate::syntax::dockerfile::runtime::{FinalStage, Setting};
use crate::syntax::dockerfile::{Base, Dockerfile, Form};
use crate::syntax::shell::{self, Words};

pub struct DockerfileExecForm;

impl Transform for DockerfileExecForm {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, dockerfile) in project.dockerfiles() {
            let stages = dockerfile.stages();
            for (index, stage) in stages.iter().enumerate() {
                for &position in &stage.instructions {
                    let instruction = dockerfile.instruction(position);
                    let Form::Shell(text) = &instruction.form else { continue };
                    let keyword = instruction.keyword.as_str();
                    if keyword != "CMD" && keyword != "ENTRYPOINT" {
                        continue;
                    }
                    let words = match shell::split(text) {
                        Words::Plain(words) => words,
                        Words::NeedsShell(_) => continue,
                    };
                    if let Some(why) = blocker(dockerfile, index, keyword) {
                        out.note(file, instruction.line, format!("{keyword} stays in shell form: {why}"));
                        continue;
                    }
                    match dockerfile.replace_args(position, &shell::exec_form(&words)) {
                        Ok((edit, op)) => out.change(
                            file,
                            instruction.line,
                            format!(
                                "shell-form {keyword} becomes exec form, so the program is PID 1 and receives signals"
                            ),
                            vec![edit],
                            Expect::Dockerfile(vec![op]),
                        ),
                        Err(why) => out.note(file, instruction.line, format!("{keyword} left in shell form: {why}")),
                    }
                }
            }
        }
    }
}

/// Why converting this stage's CMD/ENTRYPOINT would change what runs, if it would.
fn blocker(dockerfile: &Dockerfile, stage: usize, keyword: &str) -> Option<String> {
    let stages = dockerfile.stages();
    let sets_cmd =
        |index: usize| stages[index].instructions.iter().any(|&p| dockerfile.instruction(p).keyword == "CMD");
    if keyword == "ENTRYPOINT" {
        // A shell-form ENTRYPOINT ignores CMD; in exec form, a CMD of this stage or of a stage
        // built on it would be appended.
        let derived = (0..stages.len()).filter(|&i| i == stage || builds_on(&stages, i, stage));
        let with_cmd = derived.into_iter().any(sets_cmd);
        return with_cmd.then(|| "a CMD would be appended to it in exec form (today the CMD is ignored)".to_string());
    }
    let runtime = FinalStage::at(dockerfile, stage)?;
    match &runtime.entrypoint {
        Setting::Exec(words, Some(_)) if !crate::syntax::dockerfile::runtime::runs_init(words) => Some(format!(
            "it is passed to ENTRYPOINT {} as `/bin/sh -c ...`; in exec form its arguments would change",
            shell::exec_form(words)
        )),
        _ => None,
    }
}

/// Whether stage `index` is built, through `FROM <stage>`, on stage `ancestor`.
fn builds_on(stages: &[crate::syntax::dockerfile::Stage], index: usize, ancestor: usize) -> bool {
    let mut current = index;
    for _ in 0..stages.len() {
        match stages[current].base {
            Base::Stage(earlier) if earlier == ancestor => return true,
            Base::Stage(earlier) => current = earlier,
            _ => return false,
        }
    }
    false
}
