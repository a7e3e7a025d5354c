//! `dockerfile-python-multi-stage`: a single-stage Python image that installs its requirements
//! with pip becomes a builder stage, which installs them into a virtual environment, and a
//! runtime stage on the same base that copies only that environment.
//!
//! **Why**: what the install needs and leaves (the requirements files, a wheelhouse, pip's cache,
//! build output) stays in the builder; the runtime image carries the installed packages only.
//! **Shape it understands**: one stage, a `python` base, before the pip RUN only `WORKDIR`,
//! `ENV`, `ARG`, `LABEL` and COPYs of install inputs (requirements and lock files, wheels), and
//! a RUN made of `pip install` commands with requirement files and package names only. Anything
//! else (a system package install, `pip install .`, `--user`, a tool called by its
//! `/usr/local/bin` path later on) gets a note instead.
//! **Safety**: unsafe: a program that reads the install inputs at run time, or finds its tools
//! by absolute path, needs them copied or its path changed.

use super::dockerfile_pip_no_cache::is_plain_run;
use super::{Expect, Proposals, Transform};
use crate::edit::Edit;
use crate::project::Project;
use crate::syntax::dockerfile::edit::DockerOp;
use crate::syntax::dockerfile::{Base, Dockerfile};
use crate::syntax::script::{self, SimpleCommand};

pub struct DockerfilePythonMultiStage;

const VENV: &str = "/opt/venv";

impl Transform for DockerfilePythonMultiStage {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        let inputs = out.meta().strings("install_inputs");
        for (file, dockerfile) in project.dockerfiles() {
            let stages = dockerfile.stages();
            let [stage] = stages.as_slice() else { continue };
            let Base::Image(image) = &stage.base else { continue };
            if crate::images::lookup(image).repository != "python" || dockerfile.escape != '\\' {
                continue;
            }
            let Some(pip_run) = stage.instructions.iter().copied().find(|&i| pip_commands(dockerfile, i).is_some_and(|c| !c.is_empty()))
            else {
                continue;
            };
            let line = dockerfile.instruction(stage.from).line;
            match understood(dockerfile, stage, pip_run, &inputs) {
                Ok(()) => propose(dockerfile, stage, pip_run, file, out),
                Err(why) => out.note(file, line, format!("not split into a builder and a runtime stage: {why}")),
            }
        }
    }
}

/// The pip install commands of a RUN when it is made of nothing else; `None` otherwise.
fn pip_commands(dockerfile: &Dockerfile, index: usize) -> Option<Vec<SimpleCommand>> {
    let instruction = dockerfile.instruction(index);
    if !is_plain_run(instruction) {
        return None;
    }
    let commands = script::simple_commands(&instruction.args).ok()?;
    let installs = commands.iter().filter(|c| pip_install_args(c).is_some()).count();
    (installs > 0 && installs == commands.len()).then_some(commands)
}

/// The arguments after `install` of `pip install ...` (bare `pip`/`pip3`/`python -m pip`).
fn pip_install_args(command: &SimpleCommand) -> Option<Vec<&str>> {
    let words: Vec<&str> = command.words.iter().map(|(w, _)| w.as_str()).collect();
    let rest = match words.as_slice() {
        [pip, rest @ ..] if is_pip(pip) => rest,
        [python, "-m", pip, rest @ ..] if python.starts_with("python") && !python.contains('/') && is_pip(pip) => rest,
        _ => return None,
    };
    let at = rest.iter().position(|w| !w.starts_with('-'))?;
    (rest[at] == "install").then(|| rest[at + 1..].to_vec())
}

fn is_pip(name: &str) -> bool {
    name == "pip" || name.strip_prefix("pip").is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// Why the file is not the shape the transform understands, if it is not.
fn understood(dockerfile: &Dockerfile, stage: &crate::syntax::dockerfile::Stage, pip_run: usize, inputs: &[String]) -> Result<(), String> {
    if stage.name.is_some() {
        return Err("the stage has a name others may build (`--target`); split it by hand".into());
    }
    for &index in stage.instructions.iter().filter(|&&i| i < pip_run) {
        let instruction = dockerfile.instruction(index);
        match instruction.keyword.as_str() {
            "WORKDIR" | "ENV" | "ARG" | "LABEL" => {}
            "COPY" | "ADD" if instruction.flag("from").is_none() => {
                let words = crate::analysis::copy_words(instruction);
                let Some((_, sources)) = words.split_last() else { continue };
                if let Some(other) = sources.iter().find(|s| !is_input(s, inputs)) {
                    return Err(format!("line {} copies `{other}` before the install, which the runtime stage would need too", instruction.line));
                }
            }
            "RUN" => return Err(format!("line {} runs a command before the pip install (system packages the runtime may need)", instruction.line)),
            other => return Err(format!("line {} has {other} before the pip install", instruction.line)),
        }
    }
    let commands = pip_commands(dockerfile, pip_run).unwrap_or_default();
    for command in &commands {
        let args = pip_install_args(command).unwrap_or_default();
        let mut words = args.iter();
        while let Some(word) = words.next() {
            match *word {
                "--user" | "--target" | "-t" | "--prefix" | "--root" | "-e" | "--editable" => {
                    return Err(format!("`pip install {word}` installs outside a virtual environment's reach"));
                }
                "-r" | "--requirement" | "-c" | "--constraint" | "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links" => {
                    words.next();
                }
                local if local.starts_with('.') || local.starts_with('/') && !local.ends_with(".whl") => {
                    return Err(format!("`pip install {local}` installs the project itself; its source is needed in both stages"));
                }
                _ => {}
            }
        }
    }
    let after = stage.instructions.iter().filter(|&&i| i > pip_run);
    for &index in after {
        let instruction = dockerfile.instruction(index);
        if ["/usr/local/bin/", "/usr/local/lib/python", "site-packages", "/root/.local"].iter().any(|p| instruction.args.contains(p)) {
            return Err(format!("line {} names a path where pip used to install; with a virtual environment it is {VENV}", instruction.line));
        }
    }
    Ok(())
}

/// A COPY source the install needs and the program does not: requirements, lock files, wheels.
fn is_input(source: &str, inputs: &[String]) -> bool {
    let name = source.trim_end_matches('/').rsplit('/').next().unwrap_or(source);
    inputs.iter().any(|pattern| match pattern.split_once('*') {
        Some((prefix, suffix)) => name.starts_with(prefix) && name.ends_with(suffix) && name.len() >= prefix.len() + suffix.len(),
        None => name == pattern,
    })
}

fn propose(dockerfile: &Dockerfile, stage: &crate::syntax::dockerfile::Stage, pip_run: usize, file: crate::source::FileId, out: &mut Proposals) {
    let eol = dockerfile.eol();
    let keyword = |k: &str| dockerfile.keyword(k);
    let from = dockerfile.instruction(stage.from);
    let mut edits = Vec::new();
    let mut ops = Vec::new();
    // 1. The stage becomes the builder.
    let as_word = if dockerfile.lowercase_keywords() { "as" } else { "AS" };
    let from_end = from.byte_of_arg(from.args.trim_end().len() - 1) + 1;
    edits.push(Edit::insert(from_end, format!(" {as_word} builder")));
    ops.push(DockerOp::Replace { index: stage.from, text: format!("{} {as_word} builder", from.logical.trim_end()) });
    // 2. pip installs into a virtual environment there.
    let venv = format!("{} python -m venv {VENV}", keyword("RUN"));
    let path = format!("{} PATH=\"{VENV}/bin:$PATH\"", keyword("ENV"));
    for text in [&venv, &path] {
        let (edit, op) = dockerfile.insert_before(pip_run, text);
        edits.push(edit);
        ops.push(op);
    }
    // 3. The runtime stage: the same base, the settings made before the install, the environment.
    let flags: String = from.args.split_whitespace().take_while(|w| w.starts_with("--")).map(|w| format!("{w} ")).collect();
    // Each line as written (the logical line for verification, the source text for the file).
    let mut runtime: Vec<(String, String)> = Vec::new();
    let first = format!("{} {flags}{}", keyword("FROM"), stage.image_raw);
    runtime.push((first.clone(), first));
    for &index in stage.instructions.iter().filter(|&&i| i < pip_run) {
        let instruction = dockerfile.instruction(index);
        if matches!(instruction.keyword.as_str(), "WORKDIR" | "ENV" | "ARG" | "LABEL") {
            let written = dockerfile.text[instruction.span.clone()].trim_end_matches(['\r', '\n']).to_string();
            runtime.push((instruction.logical.trim_end().to_string(), written));
        }
    }
    runtime.push((path.clone(), path.clone()));
    let copy = format!("{} --from=builder {VENV} {VENV}", keyword("COPY"));
    runtime.push((copy.clone(), copy));
    let end = dockerfile.instruction(pip_run).span.end;
    let lead = if dockerfile.text[..end].ends_with('\n') { eol.to_string() } else { format!("{eol}{eol}") };
    let block: String = runtime.iter().map(|(_, written)| format!("{written}{eol}")).collect();
    let block = if dockerfile.text[..end].ends_with('\n') { format!("{lead}{block}") } else { format!("{lead}{}", block.trim_end()) };
    edits.push(Edit::insert(end, block));
    for (logical, _) in &runtime {
        ops.push(DockerOp::Insert { before: pip_run + 1, text: logical.clone(), at: (end, 0) });
    }
    let message = format!(
        "split into a builder stage that installs the requirements into {VENV} and a runtime stage on `{}` that copies only {VENV} (requirements files, wheels and pip's cache stay in the builder)",
        stage.image_raw
    );
    out.restructure(file, from.line, message, edits, Expect::Dockerfile(ops));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_inputs() {
        let inputs: Vec<String> = ["requirements*.txt", "*.whl", "wheels", "pyproject.toml"].iter().map(|s| s.to_string()).collect();
        assert!(is_input("requirements.txt", &inputs));
        assert!(is_input("./requirements-prod.txt", &inputs));
        assert!(is_input("wheels/", &inputs));
        assert!(!is_input(".", &inputs));
        assert!(!is_input("app.py", &inputs));
    }
}
