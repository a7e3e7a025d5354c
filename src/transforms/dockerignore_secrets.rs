//! `dockerignore-secrets`: every build context keeps `.env` files, keys and `.git` out of the
//! image; a `.dockerignore` is created where a context has none.
//!
//! **Why**: `COPY . .` sends the whole context to the builder; without a `.dockerignore` the
//! image carries `.env` secrets, private keys and the git history.
//! **Leaves alone**: entries the Dockerfiles of the context need (a `COPY` of a `.pem`, a build
//! that runs `git`), with a note; a context with a Dockerfile-specific ignore file.
//! **Safety**: safe.

use super::{Expect, Place, NewFile, Proposals, Transform};
use crate::discover::FileKind;
use crate::source::FileId;
use crate::project::{BuildContext, Parsed, Project};
use crate::syntax::ignorefile::LineFile;

pub struct DockerignoreSecrets;

/// The comment above the entries dockfix adds: it names the git history only when `.git` is
/// among them (a build that reads the history keeps it).
fn header(entries: &[impl AsRef<str>]) -> &'static str {
    if entries.iter().any(|e| e.as_ref() == ".git") {
        "# dockfix: keep secrets and the git history out of the build context"
    } else {
        "# dockfix: keep secrets out of the build context"
    }
}

/// Entries, with a path each must exclude (or, for `!`, must not).
const SECRETS: &[(&str, &str)] = &[
    (".env", ".env"),
    (".env.*", ".env.local"),
    ("!.env.example", ".env.example"),
    ("*.pem", "server.pem"),
    ("*.key", "server.key"),
    ("id_rsa*", "id_rsa"),
    (".git", ".git"),
];

/// Entries for a new `.dockerignore`, by a file that marks the language.
const LANGUAGES: &[(&str, &[&str])] = &[
    ("package.json", &["node_modules", "npm-debug.log"]),
    ("Cargo.toml", &["target"]),
    ("requirements.txt", &["__pycache__", "*.pyc", ".venv"]),
    ("pyproject.toml", &["__pycache__", "*.pyc", ".venv"]),
    ("go.mod", &["vendor"]),
];

impl Transform for DockerignoreSecrets {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for context in project.build_contexts() {
            let Some(&near) = context.dockerfiles.first() else { continue };
            if has_dockerfile_ignore(project, &context) {
                continue;
            }
            let (mut needed, kept) = needed_by_builds(project, &context);
            let env_files = if kept.iter().any(|(entry, _)| *entry == ".env") { Vec::new() } else { nested_env_files(project, context) };
            // `env_file: ../.env` of a compose file below the top is the top's `.env`: listed once.
            for entry in &env_files {
                if !needed.contains(&entry.as_str()) {
                    needed.push(entry);
                }
            }
            for (entry, why) in kept {
                let line = project.files[near].path.display();
                out.note(near, 1, format!("`{entry}` is not added to the .dockerignore of {line}'s context: {why}"));
            }
            let proposed = out.changes.len();
            let ignore = context.real.join(".dockerignore");
            match project.file_at(&ignore) {
                Some(file) => {
                    let Parsed::Lines(lines) = &project.files[file].parsed else { continue };
                    append_missing(file, lines, &needed, out);
                }
                None => create(project, near, &context, &needed, out),
            }
            if context.inferred && out.changes.len() > proposed {
                let near = context.dockerfiles.iter().copied().find(|&d| project.folder(d) != context.real).unwrap_or(near);
                let path = project.files[near].path.display();
                let folder = match context.display.as_os_str().is_empty() {
                    true => "the top folder".to_string(),
                    false => format!("`{}`", context.display.display()),
                };
                out.note(
                    near,
                    1,
                    format!("no compose file or build script builds {path}: {folder} is taken as its build context, as the files it copies are there and not beside it; if it is built from another folder, that folder's .dockerignore is the one Docker reads"),
                );
            } else if !context.named && out.changes.len() > proposed {
                // No compose file says how this Dockerfile is built: `docker build <its folder>`
                // is assumed, and said.
                let path = project.files[near].path.display();
                out.note(
                    near,
                    1,
                    format!("no compose file builds {path}: its own folder is taken as the build context; if it is built from another folder, that folder's .dockerignore is the one Docker reads"),
                );
            }
        }
    }
}

/// BuildKit prefers `<Dockerfile>.dockerignore` beside the Dockerfile: dockfix leaves those
/// contexts alone.
fn has_dockerfile_ignore(project: &Project, context: &BuildContext) -> bool {
    context.dockerfiles.iter().any(|&d| {
        let real = &project.files[d].real;
        let name = real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        project.disk.exists(&real.with_file_name(format!("{name}.dockerignore")))
    })
}

/// The secret entries this context should have, and those its Dockerfiles need kept (with why).
fn needed_by_builds<'a>(project: &Project, context: &BuildContext) -> (Vec<&'a str>, Vec<(&'static str, String)>) {
    let mut needed = Vec::new();
    let mut kept = Vec::new();
    let instructions: Vec<String> = context
        .dockerfiles
        .iter()
        .filter_map(|&d| match &project.files[d].parsed {
            Parsed::Dockerfile(file) => {
                Some(file.instructions().map(|i| format!("{} {}", i.keyword, i.args)).collect::<Vec<_>>())
            }
            _ => None,
        })
        .flatten()
        .collect();
    // What the Dockerfiles copy from the context's top folder, the only files an entry such as
    // `.env` or `*.pem` keeps out (in a .dockerignore they match at the top only): snipe-it's
    // `COPY docker/docker.env /var/www/html/.env` copies no `.env` of the context. Unlike
    // `project::copy_sources`, sources with a variable are kept: `COPY ${CERT}.pem /etc/ssl/`
    // copies a `.pem`, and ignoring `*.pem` would break that build.
    let top_sources: Vec<String> = context
        .dockerfiles
        .iter()
        .filter_map(|&d| match &project.files[d].parsed {
            Parsed::Dockerfile(file) => Some(file.instructions().filter(|i| matches!(i.keyword.as_str(), "COPY" | "ADD") && i.flag("from").is_none()).flat_map(|i| {
                let mut words = crate::analysis::copy_words(i);
                words.pop();
                words
            }).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .map(|source| source.trim_start_matches("./").trim_start_matches('/').to_string())
        .filter(|source| !source.contains('/'))
        .collect();
    // `example` stands for any name: `*.pem` copies a `.pem` file, and so does `cert.pem`.
    let copies = |suffix: &str| {
        let example = if suffix.starts_with(".env") { suffix.to_string() } else { format!("example{suffix}") };
        top_sources.iter().any(|source| {
            if source.contains(['*', '?', '[']) {
                globset::Glob::new(source).is_ok_and(|glob| glob.compile_matcher().is_match(&example))
            } else if suffix == ".env" {
                source == ".env"
            } else {
                source.ends_with(suffix)
            }
        })
    };
    // The context's own history: copied, mounted, or read by git commands on copied sources
    // (`git clone` fetches elsewhere and needs nothing from the context).
    const READS_HISTORY: [&str; 6] =
        ["git describe", "git rev-parse", "git log", "git status", "git submodule", "git diff"];
    let uses_git = instructions.iter().any(|i| {
        // `rm -rf /app/.git` after `COPY . /app` throws the history away: not a use.
        i.split(['&', ';', '|'])
            .filter(|command| command.split_whitespace().find(|w| !w.contains('=') && *w != "RUN") != Some("rm"))
            .flat_map(str::split_whitespace)
            // `COPY ./.git/ ./.git/` (Invidious' build reads its commit) names it too.
            .map(|w| w.trim_start_matches("./"))
            .any(|w| w == ".git" || w.starts_with(".git/") || w.ends_with("/.git") || w.contains("source=.git"))
            || i.contains("setuptools_scm")
            || (i.contains("git ") && READS_HISTORY.iter().any(|command| i.contains(command)))
    });
    // A build program run from the copied context that reads the history for the version needs
    // `.git` too: `RUN make` with a Makefile running `git describe`, `RUN go run build.go` whose
    // Go code runs `"git", "describe"`, `RUN ./build.sh`.
    // One reading of the RUN lines' words, only when nothing else said so already.
    let mut read_by_builds: Vec<&str> = Vec::new();
    if !uses_git {
        for word in instructions.iter().filter(|i| i.starts_with("RUN")).flat_map(|i| crate::analysis::shell_words_rough(i)) {
            match BUILD_TOOLS.iter().find(|(tool, _)| *tool == word) {
                Some((_, files)) => read_by_builds.extend(files.iter().copied()),
                None => read_by_builds.extend(context_program(word)),
            }
        }
        read_by_builds.sort_unstable();
        read_by_builds.dedup();
    }
    let uses_git = uses_git || read_by_builds.iter().any(|name| project.disk.text(&context.real.join(name)).is_some_and(reads_git_history));
    for (entry, _) in SECRETS {
        let why = match *entry {
            ".env" if copies(".env") => {
                Some("a Dockerfile copies `.env` (bake no secrets into images: pass them at run time)")
            }
            "*.pem" if copies(".pem") => Some("a Dockerfile copies a .pem file"),
            "*.key" if copies(".key") => Some("a Dockerfile copies a .key file"),
            ".git" if uses_git => Some("a Dockerfile uses the git history"),
            _ => None,
        };
        match why {
            Some(why) => kept.push((*entry, why.to_string())),
            None => needed.push(*entry),
        }
    }
    (needed, kept)
}

/// Build tools a RUN line may start, and the files of the context they read.
const BUILD_TOOLS: &[(&str, &[&str])] = &[
    ("make", &["Makefile", "makefile", "GNUmakefile"]),
    ("mage", &["magefile.go"]),
    ("just", &["justfile", "Justfile", ".justfile"]),
    ("rake", &["Rakefile", "rakefile"]),
];

/// A word of a RUN line that may name a file of the build context it runs (`build.go`,
/// `./scripts/build.sh`), as a path relative to the context: the build copied the context to
/// its working folder (`COPY . .`), so a relative name is looked up at the context's top.
fn context_program(word: &str) -> Option<&str> {
    let word = word.trim_start_matches("./");
    let candidate = !word.is_empty()
        && word.contains('.')
        && !word.starts_with(['-', '/', '.', '$', '~'])
        && !word.contains(['$', '=', '*', ':'])
        && (crate::analysis::looks_like_script(word.rsplit('/').next().unwrap_or(word)) || crate::analysis::is_source(word));
    candidate.then_some(word)
}

/// Whether a build program reads the repository's history: `git describe` in a Makefile or
/// script; in a program's source, the strings `"git"` and `"describe"` (Go's
/// `exec.Command("git", "describe")`, or a helper that runs git with the arguments it is given).
fn reads_git_history(text: &str) -> bool {
    const READS_HISTORY: [&str; 6] = ["describe", "rev-parse", "log", "status", "submodule", "diff"];
    let mut words = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        if word == "git" && words.peek().is_some_and(|next| READS_HISTORY.contains(next)) {
            return true;
        }
    }
    text.contains("\"git\"") && READS_HISTORY.iter().any(|verb| text.contains(&format!("\"{verb}\"")))
}

/// The env files of compose files in folders below the context's top (`docker/.env` for a
/// `docker/compose.yaml` built with `context: ..`), relative to the context: `.env` at the top
/// does not match them, and `COPY . .` would put them in the image. Their folder's `.env`
/// (compose reads it, or `.env.example` is copied to it) and the local `env_file` entries.
fn nested_env_files(project: &Project, context: &BuildContext) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (file, compose) in project.compose_files() {
        let folder = project.folder(file);
        if folder == context.real || !folder.starts_with(&context.real) {
            continue;
        }
        let env_files = crate::references::in_compose(compose, &folder).into_iter().filter(|r| r.how == "env_file").map(|r| r.path);
        for path in std::iter::once(folder.join(".env")).chain(env_files) {
            // Outside the context (`../.env`): not sent to the builder.
            let Ok(relative) = path.strip_prefix(&context.real) else { continue };
            let entry = relative.to_string_lossy().replace('\\', "/");
            if !entry.is_empty() && !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    out
}

/// Entries whose path the file does not already treat the right way.
fn missing<'a>(lines: &LineFile, needed: &[&'a str]) -> Vec<&'a str> {
    let rules = lines.rules();
    let adds = |entry: &str| {
        let probe = SECRETS.iter().find(|(e, _)| *e == entry).map(|(_, p)| *p).unwrap_or(entry);
        !rules.excludes(probe) && !rules.reincludes_by_name(entry)
    };
    // Only re-include `.env.example` when dockfix itself adds `.env.*` (a file that re-includes
    // `.env.*` by name keeps it, and the `!` line alone would be added again on every run).
    let adding_env_star = needed.contains(&".env.*") && adds(".env.*");
    needed
        .iter()
        .copied()
        .filter(|entry| match entry.strip_prefix('!') {
            Some(_) => adding_env_star,
            None => adds(entry),
        })
        .collect()
}

fn append_missing(file: FileId, lines: &LineFile, needed: &[&str], out: &mut Proposals) {
    let missing = missing(lines, needed);
    if missing.is_empty() {
        return;
    }
    let mut added = vec![header(&missing).to_string()];
    added.extend(missing.iter().map(|e| e.to_string()));
    let insert = missing.iter().map(|e| (Place::End, e.to_string())).collect();
    out.change(
        file,
        lines.lines.len().max(1),
        format!("the build context would send {} to the builder: excluded", missing.join(", ")),
        vec![lines.append(&added)],
        Expect::Patterns { remove: Vec::new(), insert },
    );
}

fn create(project: &Project, near: FileId, context: &BuildContext, needed: &[&str], out: &mut Proposals) {
    let mut entries: Vec<String> = needed.iter().map(|e| e.to_string()).collect();
    for (marker, extra) in LANGUAGES {
        if project.disk.listing(&context.real).iter().any(|name| name == marker) {
            for entry in *extra {
                if !entries.iter().any(|e| e == entry) && !copied_explicitly(project, context, entry) {
                    entries.push(entry.to_string());
                }
            }
        }
    }
    let mut text = format!("{}\n", header(&entries));
    for entry in &entries {
        text.push_str(entry);
        text.push('\n');
    }
    let new_file = NewFile {
        real: context.real.join(".dockerignore"),
        display: context.display.join(".dockerignore"),
        kind: FileKind::DockerIgnore,
        mode: 0o644,
    };
    // The context at the root of the run has no path to show: it is "the folder" then.
    let message = if context.display.as_os_str().is_empty() {
        "the build context (this folder) has no .dockerignore: created one".to_string()
    } else {
        format!("the build context {} has no .dockerignore: created one", context.display.display())
    };
    let insert = entries.iter().map(|e| (Place::End, e.clone())).collect();
    out.create(project, near, new_file, message, text, Expect::Patterns { remove: Vec::new(), insert });
}

/// Whether a Dockerfile of the context copies `entry` by name (then it must not be ignored).
fn copied_explicitly(project: &Project, context: &BuildContext, entry: &str) -> bool {
    context.dockerfiles.iter().any(|&d| match &project.files[d].parsed {
        Parsed::Dockerfile(file) => file.instructions().any(|i| {
            matches!(i.keyword.as_str(), "COPY" | "ADD")
                && i.args.split_whitespace().any(|w| w.trim_start_matches("./").split('/').next() == Some(entry))
        }),
        _ => false,
    })
}
