//! `dockerfile-apt-hygiene`: package installs that leave no caches in the layer and ask nothing.
//!
//! **apt**: `apt-get install` gets `-y` and `--no-install-recommends` (with the recommends the
//! installed tools are used with: `ca-certificates` for curl, `dirmngr` for gnupg); the RUN ends with
//! `rm -rf /var/lib/apt/lists/*`; a RUN that only runs `apt-get update` is joined to the
//! install that follows it. **apk**: `apk add` gets `--no-cache` (not with `--no-network`, which
//! fetches nothing). **dnf, yum, microdnf**:
//! `install` gets `-y` (not microdnf), the RUN ends with `<tool> clean all`.
//! **Leaves alone**: RUNs with a BuildKit cache mount, installs inside conditions, packages whose
//! recommends matter (`keeps_recommends`, with a note), and the lists of a RUN when a later RUN
//! of the stage (or of a stage built on it) installs without updating first (with a note).
//! **Safety**: safe.

use super::dockerfile_pip_no_cache::{has_cache_mount, is_plain_run};
use super::{Expect, Proposals, Transform};
use crate::project::Project;
use crate::syntax::dockerfile::runtime::FinalStage;
use crate::syntax::dockerfile::{Base, Dockerfile, Stage};
use crate::syntax::script::{self, SimpleCommand};

pub struct DockerfileAptHygiene;

impl Transform for DockerfileAptHygiene {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        let rules = Rules { keeps_recommends: out.meta().strings("keeps_recommends"), companions: companions(out.meta()) };
        for (file, dockerfile) in project.dockerfiles() {
            if dockerfile.escape != '\\' {
                continue;
            }
            let stages = dockerfile.stages();
            let defaults = crate::syntax::dockerfile::variable_defaults(dockerfile);
            let lookup = ScriptLookup { project, file, context: std::cell::OnceCell::new(), chains: Default::default() };
            for (stage_index, stage) in stages.iter().enumerate() {
                let mut children = child_runs(dockerfile, &stages, stage_index);
                // What the scripts the children run do counts as theirs.
                let mut unread: Option<String> = None;
                let mut child_scripts = Vec::new();
                for (child_stage, commands) in &children {
                    match scripts_run_by(&lookup, dockerfile, *child_stage, commands) {
                        Ok(found) => child_scripts.extend(found),
                        Err(path) => {
                            unread.get_or_insert(path);
                        }
                    }
                }
                children.extend(child_scripts.into_iter().map(|commands| (stage_index, commands)));
                let runs: Vec<(usize, Vec<SimpleCommand>)> = stage
                    .instructions
                    .iter()
                    .filter(|&&i| is_plain_run(dockerfile.instruction(i)) && !has_cache_mount(dockerfile.instruction(i)))
                    .filter_map(|&i| Some((i, script::simple_commands(&dockerfile.instruction(i).args).ok()?)))
                    .collect();
                // Per RUN of the stage, the commands of the scripts it runs (or the one that
                // could not be read).
                let run_scripts: Vec<Result<Vec<Vec<SimpleCommand>>, String>> =
                    runs.iter().map(|(_, commands)| scripts_run_by(&lookup, dockerfile, stage_index, commands)).collect();
                for (n, (index, commands)) in runs.iter().enumerate() {
                    if let Some(next) = update_only_join(dockerfile, stage, *index, commands, &runs[n + 1..]) {
                        let (remove, op_remove) = dockerfile.remove(*index);
                        let update = dockerfile.instruction(*index).args.trim().to_string();
                        let (mut edits, op) = dockerfile.insert_in_args(next, &[(0, format!("{update} && "))]);
                        edits.push(remove);
                        let message = "RUN: `apt-get update` alone in a RUN is joined to the install that follows (an old cached update layer would install stale packages)";
                        out.change(file, dockerfile.instruction(*index).line, message, edits, Expect::Dockerfile(vec![op_remove, op]));
                        continue;
                    }
                    let later_scripts = run_scripts[n + 1..].iter().filter_map(|r| r.as_ref().ok()).flatten();
                    let later: Vec<&Vec<SimpleCommand>> = runs[n + 1..]
                        .iter()
                        .map(|(_, c)| c)
                        .chain(later_scripts)
                        .chain(children.iter().map(|(_, c)| c))
                        .collect();
                    let unread = run_scripts[n + 1..].iter().find_map(|r| r.as_ref().err()).or(unread.as_ref());
                    let later = Later { runs: &later, unread: unread.map(String::as_str) };
                    propose_run(dockerfile, *index, commands, &later, &rules, &defaults, file, out);
                }
            }
        }
    }
}

struct Rules {
    /// Packages whose recommended packages are part of what people install them for.
    keeps_recommends: Vec<String>,
    /// Packages with the recommends they are used with (`curl` → `ca-certificates`): those join
    /// the list when `--no-install-recommends` is added.
    companions: Vec<(String, Vec<String>)>,
}

fn companions(meta: &crate::catalog::Meta) -> Vec<(String, Vec<String>)> {
    let Some(table) = meta.doc.get("companions").and_then(|t| t.entries()) else { return Vec::new() };
    table
        .iter()
        .map(|(name, list)| {
            let list = list.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default();
            (name.to_string(), list)
        })
        .collect()
}

/// The verb of a package command (`install` in `apt-get -q install x`) with its range.
fn verb(command: &SimpleCommand) -> Option<&(String, std::ops::Range<usize>)> {
    command.words[1..].iter().find(|(w, _)| !w.starts_with('-'))
}

fn is_apt(command: &SimpleCommand, action: &str) -> bool {
    matches!(command.program(), "apt-get" | "apt") && verb(command).is_some_and(|(v, _)| v == action)
}

/// The packages an install names (words after the verb that are not options).
fn packages(command: &SimpleCommand) -> Vec<&(String, std::ops::Range<usize>)> {
    let Some((_, verb_range)) = verb(command) else { return Vec::new() };
    command.words.iter().filter(|(w, r)| r.start > verb_range.start && !w.starts_with('-')).collect()
}

/// `RUN apt-get update` alone, followed in the stage (with nothing but metadata between) by a
/// RUN whose first command installs: that RUN's index.
fn update_only_join(
    dockerfile: &Dockerfile,
    stage: &Stage,
    index: usize,
    commands: &[SimpleCommand],
    later: &[(usize, Vec<SimpleCommand>)],
) -> Option<usize> {
    if commands.len() != 1 || !is_apt(&commands[0], "update") || script::has_comment(&dockerfile.instruction(index).args) {
        return None;
    }
    let (next, next_commands) = later.first()?;
    let between = stage.instructions.iter().filter(|&&i| i > index && i < *next);
    let only_metadata = between.map(|&i| dockerfile.instruction(i).keyword.as_str()).all(|k| matches!(k, "ENV" | "ARG" | "LABEL"));
    let installs_first = next_commands.first().is_some_and(|c| is_apt(c, "install") && !c.conditional);
    (only_metadata && installs_first).then_some(*next)
}

/// The RUNs of the stages built on stage `index` (`FROM <that stage>`), transitively, each with
/// its stage.
fn child_runs(dockerfile: &Dockerfile, stages: &[Stage], index: usize) -> Vec<(usize, Vec<SimpleCommand>)> {
    let mut out = Vec::new();
    for (i, stage) in stages.iter().enumerate() {
        if stage.base != Base::Stage(index) {
            continue;
        }
        for &position in &stage.instructions {
            let instruction = dockerfile.instruction(position);
            if is_plain_run(instruction) {
                out.extend(script::simple_commands(&instruction.args).ok().map(|commands| (i, commands)));
            }
        }
        out.extend(child_runs(dockerfile, stages, i));
    }
    out
}

/// What runs after a RUN that installs: the commands of the later RUNs of its stage and of the
/// stages built on it, with those of the scripts they run, and the first such script that
/// could not be read.
struct Later<'a> {
    runs: &'a [&'a Vec<SimpleCommand>],
    unread: Option<&'a str>,
}

/// The commands of the scripts that `commands` (a RUN of stage `stage`) run by their path
/// (`RUN /tmp/install-libheif`, `RUN bash /build/setup.sh`) and that the stage's chain copies from
/// the build context (discourse's base image installs with `apt` in such scripts, in stages built
/// on the one that updated). `Err` with the path of one that is copied but could not be read.
fn scripts_run_by(lookup: &ScriptLookup, dockerfile: &Dockerfile, stage: usize, commands: &[SimpleCommand]) -> Result<Vec<Vec<SimpleCommand>>, String> {
    let project = lookup.project;
    let context = || lookup.context();
    let mut found = Vec::new();
    for command in commands {
        let words: Vec<&str> = command.words.iter().map(|(w, _)| w.as_str()).collect();
        // A path (`/tmp/install-libheif`, `./install-brotli.sh` after `cd /`), or a shell's
        // script argument.
        let path = match words.as_slice() {
            [_, script, ..] if matches!(command.program(), "sh" | "bash" | "dash" | "ash") && !script.starts_with('-') => *script,
            [path, ..] if path.contains('/') => *path,
            _ => continue,
        };
        let text = if path.starts_with('/') {
            let mut chains = lookup.chains.borrow_mut();
            let Some(chain) = chains.entry(stage).or_insert_with(|| FinalStage::at(dockerfile, stage)) else { continue };
            let sources = crate::analysis::context_sources(dockerfile, chain, context(), path);
            if sources.is_empty() && !crate::analysis::copied_from_context_by_name(dockerfile, path) {
                // Not from the context: the base image's own program.
                continue;
            }
            sources.iter().find_map(|source| project.disk.text(source))
        } else {
            // Relative to a folder the RUN may have changed to: found by the name a COPY or
            // ADD gives its source.
            if !crate::analysis::copied_from_context_by_name(dockerfile, path) {
                continue;
            }
            let name = path.rsplit('/').next().unwrap_or(path);
            copy_sources_named(dockerfile, name).iter().find_map(|source| project.disk.text(&context().join(source)))
        };
        match text.and_then(|text| script::simple_commands(text).ok()) {
            Some(script) => found.push(script),
            // Unknown only where a COPY or ADD names the script itself: a path under a copied
            // folder may as well be made by a RUN (`/opt/netbox/venv/bin/pip`), and an ADD of a
            // URL brings no file of the context.
            None if crate::analysis::copied_from_context_by_name(dockerfile, path) => return Err(path.to_string()),
            None => {}
        }
    }
    Ok(found)
}

/// What finding the scripts a Dockerfile's RUN lines run needs, each made once: the build
/// context, and each stage's chain.
struct ScriptLookup<'a> {
    project: &'a Project,
    file: crate::source::FileId,
    context: std::cell::OnceCell<std::path::PathBuf>,
    chains: std::cell::RefCell<std::collections::HashMap<usize, Option<FinalStage>>>,
}

impl ScriptLookup<'_> {
    fn context(&self) -> &std::path::PathBuf {
        self.context.get_or_init(|| self.project.facts.dockerfile(self.file).context)
    }
}

/// The sources (relative to the build context) that a COPY or ADD from the context names with
/// the file name `name`.
fn copy_sources_named(dockerfile: &Dockerfile, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for instruction in dockerfile.instructions().filter(|i| matches!(i.keyword.as_str(), "COPY" | "ADD") && i.flag("from").is_none()) {
        let words = crate::analysis::copy_words(instruction);
        let Some((_, sources)) = words.split_last() else { continue };
        for source in sources.iter().filter(|s| !s.contains("://")) {
            if source.trim_end_matches('/').rsplit('/').next() == Some(name) {
                out.push(source.trim_start_matches("./").trim_start_matches('/').to_string());
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn propose_run(
    dockerfile: &Dockerfile,
    index: usize,
    commands: &[SimpleCommand],
    later: &Later,
    rules: &Rules,
    defaults: &[(String, Option<String>)],
    file: crate::source::FileId,
    out: &mut Proposals,
) {
    let instruction = dockerfile.instruction(index);
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut what: Vec<String> = Vec::new();
    // One install of the RUN written with `--no-install-recommends` and another without: the
    // author chose recommends for the other (discourse's base image installs its runtime with
    // them, then "these without recommends to avoid pulling in e.g. X11 libraries").
    let chosen = commands.iter().any(|c| is_apt(c, "install") && c.has("--no-install-recommends"));
    for command in commands.iter().filter(|c| !c.conditional) {
        let program = command.program();
        let Some((verb_word, verb_range)) = verb(command) else { continue };
        // Flags also count when a variable the Dockerfile sets holds them (pyload's
        // `apk add $APK_INSTALL_OPTIONS ...` with `ARG APK_INSTALL_OPTIONS="--no-cache"`).
        let flags = crate::syntax::dockerfile::words_with_defaults(command.words.iter().map(|(w, _)| w.as_str()), defaults);
        let has = |flag: &str| flags.iter().any(|w| w == flag);
        let yes = flags.iter().any(|w| {
            matches!(w.as_str(), "--yes" | "--assume-yes" | "--assumeyes" | "-qq" | "-q=2")
                || (w.starts_with('-') && !w.starts_with("--") && w.contains('y'))
        });
        match (program, verb_word.as_str()) {
            ("apt-get" | "apt", "install") => {
                if !yes {
                    inserts.push((verb_range.end, " -y".into()));
                    what.push("`-y`".into());
                }
                // `--install-recommends` written out is the author's choice (crowdsec's debian
                // image): the flags would contradict each other.
                let no_recommends = has("--no-install-recommends")
                    || flags.iter().any(|w| w.contains("Install-Recommends") || w == "--install-recommends");
                if !no_recommends && chosen {
                    out.note(file, instruction.line, "`--no-install-recommends` not added: another install of this RUN has it and this one does not, so its recommends look chosen");
                } else if !no_recommends {
                    let names: Vec<&str> = packages(command).iter().map(|(w, _)| w.split(['=', ':']).next().unwrap_or(w)).collect();
                    let keeps: Vec<&&str> = names.iter().filter(|n| rules.keeps_recommends.iter().any(|k| k == **n)).collect();
                    if !keeps.is_empty() {
                        let list: Vec<String> = keeps.iter().map(|k| format!("`{k}`")).collect();
                        out.note(file, instruction.line, format!("`--no-install-recommends` not added: {} is installed for what it recommends", list.join(", ")));
                    } else if !names.is_empty() {
                        inserts.push((verb_range.end, " --no-install-recommends".into()));
                        what.push("`--no-install-recommends`".into());
                        let mut joining: Vec<String> = Vec::new();
                        for name in &names {
                            let Some((_, needed)) = rules.companions.iter().find(|(p, _)| p == name) else { continue };
                            for companion in needed {
                                if !names.contains(&companion.as_str()) && !joining.contains(companion) {
                                    joining.push(companion.clone());
                                }
                            }
                        }
                        if !joining.is_empty() {
                            let last = packages(command).last().map(|(_, r)| r.clone()).expect("names is not empty");
                            inserts.push((last.end, companion_text(dockerfile, index, command, &joining)));
                            let list: Vec<String> = joining.iter().map(|c| format!("`{c}`")).collect();
                            what.push(format!("{} (recommends the installed tools rely on)", list.join(", ")));
                        }
                    }
                }
            }
            // `--no-network` installs from what is on the disk already: nothing is fetched,
            // so nothing is cached (docker-library's run-time dependencies of a build).
            ("apk", "add") if !has("--no-cache") && !has("--no-network") => {
                inserts.push((verb_range.end, " --no-cache".into()));
                what.push("`--no-cache` on `apk add`".into());
            }
            ("dnf" | "yum", "install") if !yes => {
                inserts.push((verb_range.end, " -y".into()));
                what.push(format!("`-y` on `{program} install`"));
            }
            _ => {}
        }
    }
    if let Some((text, done)) = cleanup(dockerfile, index, commands, later, file, out) {
        inserts.push((instruction.args.trim_end().len(), text));
        what.push(done);
    }
    if inserts.is_empty() {
        return;
    }
    let (edits, op) = dockerfile.insert_in_args(index, &inserts);
    out.change(file, instruction.line, format!("RUN: {}", what.join(", ")), edits, Expect::Dockerfile(vec![op]));
}

/// ` ca-certificates dirmngr` after the last package, each on a line of its own when the
/// packages are.
fn companion_text(dockerfile: &Dockerfile, index: usize, command: &SimpleCommand, joining: &[String]) -> String {
    let instruction = dockerfile.instruction(index);
    let rows: Vec<usize> = packages(command)
        .iter()
        .map(|(_, r)| crate::style::line_col(&dockerfile.text, instruction.byte_of_arg(r.start)).0)
        .collect();
    let own_lines = rows.len() >= 2 && rows.windows(2).all(|w| w[0] != w[1]);
    if !own_lines {
        return joining.iter().map(|c| format!(" {c}")).collect();
    }
    let last = packages(command).last().map(|(_, r)| instruction.byte_of_arg(r.start)).unwrap_or_default();
    let line_start = crate::style::line_start(&dockerfile.text, last);
    let indent: String = dockerfile.text[line_start..last].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    joining.iter().map(|c| format!(" \\\n{indent}{c}")).collect()
}

/// The cleanup to append to a RUN that leaves package caches, in the RUN's own layout, with
/// what it does; `None` when nothing is to be cleaned or it cannot be done safely (a note says
/// why).
fn cleanup(
    dockerfile: &Dockerfile,
    index: usize,
    commands: &[SimpleCommand],
    later: &Later,
    file: crate::source::FileId,
    out: &mut Proposals,
) -> Option<(String, String)> {
    let instruction = dockerfile.instruction(index);
    // `rm -rf /var/lib/apt/lists/*`, or a folder above it (`rm -rf /var/lib/apt`: LibreTranslate).
    let removes = |path: &str| {
        commands.iter().any(|c| {
            c.program() == "rm"
                && c.words.iter().any(|(w, _)| {
                    let folder = w.trim_end_matches(['/', '*']);
                    w.starts_with(path) || (folder.len() > "/var/".len() && path.starts_with(folder) && path[folder.len()..].starts_with('/'))
                })
        })
    };
    let unconditional = |f: &dyn Fn(&SimpleCommand) -> bool| commands.iter().any(|c| !c.conditional && f(c));
    // `apt-get dist-clean` (apt 2.7+) removes the lists too; lists on a mount of the RUN
    // (`--mount=type=tmpfs,target=/var/lib/apt`) never reach the layer.
    let lists_removed = removes("/var/lib/apt/lists") || commands.iter().any(|c| is_apt(c, "dist-clean")) || mounts_apt_lists(instruction);
    let command = if unconditional(&|c| is_apt(c, "install") || is_apt(c, "update")) && !lists_removed {
        // A later install that does not update first needs these lists.
        let needs_lists = later.runs.iter().any(|run| {
            let first_install = run.iter().position(|c| is_apt(c, "install"));
            let first_update = run.iter().position(|c| is_apt(c, "update"));
            first_install.is_some_and(|i| first_update.is_none_or(|u| u > i))
        });
        if needs_lists {
            out.note(file, instruction.line, "apt lists kept: a later RUN (or a script it runs) installs without `apt-get update`; update there, then the lists can go");
            return None;
        }
        if let Some(path) = later.unread {
            out.note(file, instruction.line, format!(
                "apt lists kept: a later RUN runs `{path}`, copied from the build context, which dockfix could not read; if it installs packages it may need these lists"
            ));
            return None;
        }
        // Installed through sudo (a base image's user is not root): the lists are root's too.
        let sudo = commands.iter().any(|c| (is_apt(c, "install") || is_apt(c, "update")) && c.through_sudo(&instruction.args));
        format!("{}rm -rf /var/lib/apt/lists/*", if sudo { "sudo " } else { "" })
    } else {
        let tool = ["dnf", "microdnf", "yum"]
            .into_iter()
            .find(|t| unconditional(&|c| c.program() == *t && verb(c).is_some_and(|(v, _)| v == "install")))?;
        let cleaned = commands.iter().any(|c| c.program() == tool && c.has("clean"));
        if cleaned || removes("/var/cache/dnf") || removes("/var/cache/yum") {
            return None;
        }
        format!("{tool} clean all")
    };
    if script::has_comment(&instruction.args) {
        out.note(file, instruction.line, format!("`{command}` not added: the RUN ends in a shell comment"));
        return None;
    }
    let args = instruction.args.trim_end();
    let text = if args.ends_with(';') || args.ends_with("&&") {
        format!(" {command}")
    } else {
        match continuation_style(dockerfile, index) {
            Some((indent, Style::OperatorFirst)) => format!(" \\\n{indent}&& {command}"),
            Some((indent, Style::OperatorLast)) => format!(" && \\\n{indent}{command}"),
            Some((indent, Style::Semicolons)) => format!("; \\\n{indent}{command}"),
            None => format!(" && {command}"),
        }
    };
    let done = if command.starts_with("rm") || command.starts_with("sudo rm") { "apt lists removed in the same RUN".to_string() } else { format!("`{command}`") };
    Some((text, done))
}

/// Whether the RUN mounts something (a tmpfs, a cache) where apt keeps its lists.
fn mounts_apt_lists(instruction: &crate::syntax::dockerfile::Instruction) -> bool {
    instruction.flags.iter().filter(|f| f.name == "mount").filter_map(|f| f.value.as_deref()).any(|value| {
        value.split(',').any(|part| {
            let target = part.strip_prefix("target=").or_else(|| part.strip_prefix("dst=")).or_else(|| part.strip_prefix("destination="));
            target.is_some_and(|t| matches!(t.trim_end_matches('/'), "/var/lib/apt" | "/var/lib/apt/lists"))
        })
    })
}

enum Style {
    /// `\` ends the line, the next starts with `&&`.
    OperatorFirst,
    /// The line ends with `&& \`.
    OperatorLast,
    /// The line ends with `; \`.
    Semicolons,
}

/// How a multi-line RUN continues its lines, with the indentation of its last line.
fn continuation_style(dockerfile: &Dockerfile, index: usize) -> Option<(String, Style)> {
    let instruction = dockerfile.instruction(index);
    let span = instruction.args_span();
    let text = &dockerfile.text[span];
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() < 2 {
        return None;
    }
    let indent_of = |line: &str| -> String { line.chars().take_while(|c| *c == ' ' || *c == '\t').collect() };
    let code: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
    let first_ops = code.iter().filter(|l| l.starts_with("&&")).count();
    let last_ops = code.iter().filter(|l| l.trim_end_matches('\\').trim_end().ends_with("&&")).count();
    let semicolons = code.iter().filter(|l| l.trim_end_matches('\\').trim_end().ends_with(';')).count();
    let style = if first_ops >= last_ops && first_ops >= semicolons && first_ops > 0 {
        Style::OperatorFirst
    } else if last_ops >= semicolons && last_ops > 0 {
        Style::OperatorLast
    } else if semicolons > 0 {
        Style::Semicolons
    } else {
        Style::OperatorFirst
    };
    // The indentation of a command, not of a package list's items: the last line starting with
    // `&&`, else the first continuation line.
    let command_line = match style {
        Style::OperatorFirst => lines.iter().rev().find(|l| l.trim_start().starts_with("&&")),
        _ => None,
    };
    let first_continuation = lines[1..].iter().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let indent = indent_of(command_line.or(first_continuation).unwrap_or(&lines[1]));
    Some((indent, style))
}
