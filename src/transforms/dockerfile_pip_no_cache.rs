//! `dockerfile-pip-no-cache`: `pip install` gets `--no-cache-dir`.
//!
//! **Why**: pip keeps every wheel it downloads in `~/.cache/pip`; in an image that cache is dead
//! weight in the layer (often tens of megabytes).
//! **Leaves alone**: RUNs with a BuildKit cache mount (the cache is kept on purpose, outside the
//! image), Dockerfiles that set `PIP_NO_CACHE_DIR` themselves, exec forms and here-documents.
//! **Safety**: safe: the same packages are installed.

use super::{Expect, Proposals, Transform};
use crate::project::Project;
use crate::syntax::dockerfile::{Dockerfile, Form, Instruction};
use crate::syntax::script::{self, SimpleCommand};

pub struct DockerfilePipNoCache;

impl Transform for DockerfilePipNoCache {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, dockerfile) in project.dockerfiles() {
            if dockerfile.escape != '\\' || sets_pip_no_cache(dockerfile) {
                continue;
            }
            let defaults = std::cell::OnceCell::new();
            for (index, instruction) in dockerfile.instructions().enumerate() {
                if !is_plain_run(instruction) || has_cache_mount(instruction) {
                    continue;
                }
                let Ok(commands) = script::simple_commands(&instruction.args) else { continue };
                let defaults = defaults.get_or_init(|| crate::syntax::dockerfile::variable_defaults(dockerfile));
                let inserts: Vec<(usize, String)> = commands
                    .iter()
                    .filter_map(|command| pip_install_verb(command, defaults))
                    .map(|end| (end, " --no-cache-dir".to_string()))
                    .collect();
                if inserts.is_empty() {
                    continue;
                }
                let (edits, op) = dockerfile.insert_in_args(index, &inserts);
                let message = "RUN: `pip install` gets `--no-cache-dir` (pip's download cache would stay in the layer)";
                out.change(file, instruction.line, message, edits, Expect::Dockerfile(vec![op]));
            }
        }
    }
}

/// A shell-form RUN without here-documents.
pub(crate) fn is_plain_run(instruction: &Instruction) -> bool {
    instruction.keyword == "RUN" && instruction.heredocs.is_empty() && matches!(instruction.form, Form::Shell(_))
}

/// `RUN --mount=type=cache,...`: the build keeps a cache outside the image on purpose.
pub(crate) fn has_cache_mount(instruction: &Instruction) -> bool {
    instruction
        .flags
        .iter()
        .any(|f| f.name == "mount" && f.value.as_deref().is_some_and(|v| v.split(',').any(|p| p == "type=cache")))
}

/// `ENV PIP_NO_CACHE_DIR=...` or an `ARG` of that name: the Dockerfile decides itself.
fn sets_pip_no_cache(dockerfile: &Dockerfile) -> bool {
    dockerfile
        .instructions()
        .any(|i| matches!(i.keyword.as_str(), "ENV" | "ARG") && i.args.contains("PIP_NO_CACHE_DIR"))
}

/// For `pip install ...`, `pip3 install ...` and `python -m pip install ...` without
/// `--no-cache-dir`: where the `install` word ends in the code.
fn pip_install_verb(command: &SimpleCommand, defaults: &[(String, Option<String>)]) -> Option<usize> {
    let program = command.program();
    let rest = if is_pip(program) {
        &command.words[1..]
    } else if program.starts_with("python") && command.words.get(1).is_some_and(|(w, _)| w == "-m") {
        match command.words.get(2) {
            Some((module, _)) if is_pip(module) => &command.words[3..],
            _ => return None,
        }
    } else {
        return None;
    };
    let (verb, range) = rest.iter().find(|(w, _)| !w.starts_with('-'))?;
    // pip takes an option by any unambiguous prefix: `--no-cache` is `--no-cache-dir`.
    // Also through a variable the Dockerfile sets (`$PIP_INSTALL_OPTIONS`).
    let words = crate::syntax::dockerfile::words_with_defaults(command.words.iter().map(|(w, _)| w.as_str()), defaults);
    let no_cache = words.iter().any(|w| w.len() >= "--no-cache".len() && "--no-cache-dir".starts_with(w.as_str()));
    (verb == "install" && !no_cache).then_some(range.end)
}

fn is_pip(name: &str) -> bool {
    name == "pip" || name.strip_prefix("pip").is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verb(code: &str) -> Option<usize> {
        script::simple_commands(code).unwrap().iter().find_map(|c| pip_install_verb(c, &[]))
    }

    #[test]
    fn finds_pip_installs() {
        assert_eq!(verb("pip install -r r.txt"), Some(11));
        assert_eq!(verb("python3 -m pip install x"), Some(22));
        assert_eq!(verb("/usr/bin/pip3.11 --disable-pip-version-check install x"), Some(52));
        assert_eq!(verb("pip install --no-cache-dir x"), None);
        assert_eq!(verb("pip install --no-cache /wheels/*"), None);
        assert_eq!(verb("pip install --no-cache-d x"), None);
        assert_eq!(verb("pip install --no-color x"), Some(11));
        // The flag in a variable the Dockerfile sets (pyload's `$PIP_INSTALL_OPTIONS`).
        let defaults = [("PIP_OPTS".to_string(), Some("--upgrade --no-cache-dir".to_string()))];
        let with = |code: &str| script::simple_commands(code).unwrap().iter().find_map(|c| pip_install_verb(c, &defaults));
        assert_eq!(with("python3 -m pip install $PIP_OPTS x"), None);
        assert_eq!(with("python3 -m pip install \"${PIP_OPTS}\" x"), None);
        assert_eq!(with("python3 -m pip install $OTHER x"), Some(22));
        assert_eq!(verb("pip download x"), None);
        assert_eq!(verb("pipenv install"), None);
        assert_eq!(verb("python -m venv /v"), None);
    }
}
