//! What the final stage of a Dockerfile runs: its base image (through `FROM <stage>` chains),
//! and the effective ENTRYPOINT, CMD and USER, following Docker's rules (an ENTRYPOINT resets a
//! CMD inherited from the base; a shell-form ENTRYPOINT ignores CMD).

use super::{Dockerfile, Form, Instruction, Stage};
use crate::images::{self, ImageInfo};
use crate::syntax::shell::{self, Words};

/// An ENTRYPOINT or CMD as it stands at the end of the stage.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting {
    /// Inherited from an image dockfix knows nothing about.
    Unknown,
    /// Not set.
    Unset,
    /// Set, with the position of the instruction that set it (`None`: from the base image).
    Exec(Vec<String>, Option<usize>),
    Shell(String, Option<usize>),
}

impl Setting {
    fn from_instruction(instruction: &Instruction, position: usize) -> Setting {
        match &instruction.form {
            Form::Exec(words) => Setting::Exec(words.clone(), Some(position)),
            // A bare `ENTRYPOINT` or `CMD` (BuildKit refuses it: "requires at least one
            // argument"): what it would run is unknown, so nothing is built on it.
            Form::Shell(text) if text.trim().is_empty() => Setting::Unknown,
            Form::Shell(text) => Setting::Shell(text.trim().to_string(), Some(position)),
        }
    }

    fn from_image(known: &Option<Vec<String>>) -> Setting {
        match known {
            None => Setting::Unknown,
            Some(words) if words.is_empty() => Setting::Unset,
            Some(words) => Setting::Exec(words.clone(), None),
        }
    }

    /// Position of the instruction that set it, if the file set it.
    pub fn position(&self) -> Option<usize> {
        match self {
            Setting::Exec(_, position) | Setting::Shell(_, position) => *position,
            _ => None,
        }
    }
}

/// The final stage and what it runs.
#[derive(Debug, Clone)]
pub struct FinalStage {
    pub stages: Vec<Stage>,
    /// Index of the final stage in `stages`.
    pub index: usize,
    /// Stage indexes from the one built on an external image to the final one.
    pub chain: Vec<usize>,
    /// The external base image, `ARG` defaults substituted.
    pub base: String,
    pub image: ImageInfo,
    pub entrypoint: Setting,
    pub cmd: Setting,
    /// The last `USER` of the chain, with its position (`None`: the image's own user).
    pub user: Option<(String, usize)>,
}

impl FinalStage {
    /// Whether the Dockerfile sets the program itself (an ENTRYPOINT or CMD in the final chain),
    /// rather than running what the base image runs.
    pub fn sets_program(&self) -> bool {
        self.entrypoint.position().is_some() || self.cmd.position().is_some()
    }

    /// The shell or prompt the stage sets as its program, with no arguments (`CMD ["/bin/sh"]`,
    /// `CMD ["node"]`, or after an entrypoint script that runs its command:
    /// `docker-entrypoint.sh node`): a base or tool image, whose users give the command (and
    /// the user, and `--init`) at run time.
    pub fn runs_only_a_prompt(&self) -> Option<String> {
        if !self.sets_program() {
            return None;
        }
        let argv = without_init(&self.argv()?);
        let rest = match argv.as_slice() {
            [entrypoint, rest @ ..] if entrypoint.contains("entrypoint") => rest,
            all => all,
        };
        let [program] = rest else { return None };
        let name = program.rsplit('/').next().unwrap_or(program);
        const PROMPTS: &[&str] = &["sh", "bash", "ash", "zsh", "dash", "fish", "python", "python3", "node", "irb", "jshell", "pwsh"];
        PROMPTS.contains(&name).then(|| program.clone())
    }

    pub fn of(file: &Dockerfile) -> Option<FinalStage> {
        let last = file.stages().len().checked_sub(1)?;
        FinalStage::at(file, last)
    }

    /// The same view of any stage (as if it were the build target).
    pub fn at(file: &Dockerfile, index: usize) -> Option<FinalStage> {
        let stages = file.stages();
        stages.get(index)?;
        let mut chain = vec![index];
        while let super::Base::Stage(earlier) = stages[*chain.last()?].base {
            if chain.contains(&earlier) {
                return None;
            }
            chain.push(earlier);
        }
        chain.reverse();
        let base = file.external_base(&stages, index)?;
        let image = images::lookup(&base);
        let mut entrypoint = Setting::from_image(&image.entrypoint);
        let mut cmd = Setting::from_image(&image.cmd);
        if entrypoint == Setting::Unknown && image.known && image.cmd.is_some() {
            entrypoint = Setting::Unset;
        }
        let mut user = None;
        let instructions: Vec<&Instruction> = file.instructions().collect();
        for stage in &chain {
            let mut cmd_set_here = false;
            for &position in &stages[*stage].instructions {
                let instruction = instructions[position];
                match instruction.keyword.as_str() {
                    "CMD" => {
                        cmd = Setting::from_instruction(instruction, position);
                        cmd_set_here = true;
                    }
                    "ENTRYPOINT" => {
                        entrypoint = Setting::from_instruction(instruction, position);
                        if !cmd_set_here {
                            cmd = Setting::Unset;
                        }
                    }
                    "USER" => user = Some((instruction.args.trim().to_string(), position)),
                    _ => {}
                }
            }
        }
        Some(FinalStage { stages, index, chain, base, image, entrypoint, cmd, user })
    }

    /// Positions of the instructions of every stage of the chain, in order (`FROM`s excluded).
    pub fn chain_positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.chain.iter().flat_map(|&s| self.stages[s].instructions.iter().copied())
    }

    /// Positions of the final stage's own instructions (its `FROM` excluded).
    pub fn own(&self) -> &[usize] {
        &self.stages[self.index].instructions
    }

    /// Position of the final stage's `FROM`.
    pub fn from(&self) -> usize {
        self.stages[self.index].from
    }

    /// The program and arguments the container runs, or `None` when part of it is unknown.
    /// A shell-form command made of plain words counts as those words.
    pub fn argv(&self) -> Option<Vec<String>> {
        argv(&self.entrypoint, &self.cmd)
    }

    /// Why the image the final stage builds on depends on a build argument, if it does: a `FROM`
    /// in its chain picks a stage by an `ARG` (`FROM ${BASE}-base`, `fpm-base` by default and
    /// `apache-base` with `--build-arg BASE=apache`), and the stages it can pick build on images
    /// of different families (alpine and debian): a package installed with the default's tool
    /// breaks the other build (kimai).
    pub fn base_varies(&self, file: &Dockerfile) -> Option<String> {
        for &index in &self.chain {
            let stage = &self.stages[index];
            if !stage.image_raw.contains('$') || !matches!(stage.base, super::Base::Stage(_)) {
                continue;
            }
            let candidates: Vec<usize> = (0..index)
                .filter(|&other| self.stages[other].name.as_deref().is_some_and(|name| matches_template(&stage.image_raw, name)))
                .collect();
            let mut families: Vec<(String, Option<images::Family>)> = Vec::new();
            for &candidate in &candidates {
                let base = file.external_base(&self.stages, candidate).unwrap_or_default();
                let family = images::lookup(&base).family;
                if !families.iter().any(|(_, f)| *f == family) {
                    families.push((base, family));
                }
            }
            if families.len() > 1 {
                let names: Vec<String> = candidates.iter().filter_map(|&c| self.stages[c].name.clone()).map(|n| format!("`{n}`")).collect();
                let bases: Vec<String> = families.iter().map(|(base, _)| format!("`{base}`")).collect();
                return Some(format!(
                    "`FROM {}` picks its stage by a build argument ({}), and those build on images with different package tools ({})",
                    stage.image_raw,
                    names.join(", "),
                    bases.join(", ")
                ));
            }
        }
        None
    }

    /// The interactive shell or interpreter the stage runs, if that alone is what it runs
    /// (`bash`, what `debian` runs when the file sets no CMD; `python3` of `python`; a file's
    /// own `CMD ["bash"]`): nothing listens on a port until someone starts a program in it.
    pub fn interactive_program(&self) -> Option<String> {
        const INTERACTIVE: &[&str] = &["bash", "sh", "ash", "dash", "zsh", "fish", "python", "python3", "node", "irb", "jshell"];
        let argv = self.argv()?;
        let [program] = argv.as_slice() else { return None };
        let name = program.rsplit('/').next().unwrap_or(program);
        INTERACTIVE.contains(&name).then(|| name.to_string())
    }
}

/// The program and arguments an ENTRYPOINT and CMD make. A shell-form command made of plain
/// words counts as those words (the shell would only split them).
pub fn argv(entrypoint: &Setting, cmd: &Setting) -> Option<Vec<String>> {
    let shell = |text: &str| match shell::split(text) {
        Words::Plain(words) => words,
        Words::NeedsShell(_) => vec!["/bin/sh".to_string(), "-c".to_string(), text.to_string()],
    };
    let cmd_words = match cmd {
        Setting::Unknown => return None,
        Setting::Unset => Vec::new(),
        Setting::Exec(words, _) => words.clone(),
        Setting::Shell(text, _) => shell(text),
    };
    match entrypoint {
        Setting::Unknown => None,
        Setting::Shell(text, _) => Some(shell(text)),
        Setting::Exec(words, _) => Some([words.clone(), cmd_words].concat()),
        Setting::Unset => match cmd {
            Setting::Shell(text, _) => Some(shell(text)),
            _ => Some(cmd_words),
        },
    }
}

/// The words of a command that run a development server (`npm run dev`, `next dev`,
/// `nodemon`, `manage.py runserver`, `uvicorn --reload`), if it runs one. A shell-form
/// command (`sh -c "..."`) is read word by word.
pub fn dev_server(argv: &[String]) -> Option<String> {
    let words: Vec<&str> = argv.iter().flat_map(|w| w.split_whitespace()).map(|w| w.trim_matches(['"', '\'', ';', '(', ')'])).collect();
    let name = |w: &str| w.rsplit('/').next().unwrap_or(w).to_ascii_lowercase();
    // A package script or subcommand that names development: `dev`, `dev:web`, `start:dev`,
    // `develop`, `serve` (Angular's and Vue's development server).
    let dev_word = |w: &str| w == "dev" || w == "develop" || w.starts_with("dev:") || w.ends_with(":dev");
    for (at, word) in words.iter().enumerate() {
        let program = name(word);
        let rest: Vec<&str> = words[at + 1..].iter().copied().take_while(|w| !matches!(*w, "&&" | "||" | "|" | "&")).collect();
        let args: Vec<&str> = rest.iter().copied().filter(|w| !w.starts_with('-')).collect();
        let with = |more: &[&str]| std::iter::once(program.as_str()).chain(more.iter().copied()).collect::<Vec<_>>().join(" ");
        let flag = |flags: &[&str]| rest.iter().find(|w| flags.contains(w)).map(|f| with(&[f]));
        let found = match program.as_str() {
            // Package managers run a script: `npm run dev`, `yarn dev`, `pnpm run start:dev`.
            "npm" | "yarn" | "pnpm" | "bun" => {
                let script = if args.first() == Some(&"run") { args.get(..2) } else { args.get(..1) };
                script.filter(|s| dev_word(s[s.len() - 1])).map(with)
            }
            // Framework command lines: `next dev`, `nuxt dev`, `vite` alone, `ng serve`.
            // `fastapi dev` (the FastAPI CLI's reloading server; `fastapi run` is production).
            "next" | "nuxt" | "nuxi" | "astro" | "remix" | "gatsby" | "svelte-kit" | "fastapi" => args.get(..1).filter(|s| dev_word(s[0])).map(with),
            "vite" => match args.first() {
                None => Some(with(&[])),
                Some(s) if dev_word(s) || *s == "serve" => Some(with(&[s])),
                Some(_) => None,
            },
            "ng" | "vue-cli-service" => args.get(..1).filter(|s| s[0] == "serve").map(with),
            // File watchers that restart a program on every change.
            watcher if WATCHERS.contains(&watcher) => Some(with(&[])),
            "manage.py" => args.get(..1).filter(|s| s[0] == "runserver").map(with),
            "uvicorn" | "gunicorn" | "hypercorn" | "flask" => flag(&RELOAD_FLAGS[..2]),
            "node" | "nest" => flag(&RELOAD_FLAGS[2..]),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Programs that restart another on every change of its files.
const WATCHERS: &[&str] = &["nodemon", "air", "reflex", "compiledaemon", "watchexec", "ts-node-dev"];

/// Flags that make a server reload itself: `--reload` and `--debug` (Python's servers),
/// `--watch` (node, nest).
const RELOAD_FLAGS: &[&str] = &["--reload", "--debug", "--watch"];

/// Whether a command's text holds a word [`dev_server`] could act on: a cheap test that spares
/// the Dockerfiles whose CMD and ENTRYPOINT name none (most of them) the work of finding what
/// their final stage runs. Never false where `dev_server` would find one.
pub fn may_name_dev_server(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '[' | ']' | ';' | '&' | '|' | '(' | ')')).any(|word| {
        let word = word.rsplit('/').next().unwrap_or(word).to_ascii_lowercase();
        // `dev`, `develop`, `dev:web`, `start:dev`, `ts-node-dev`.
        word.contains("dev")
            || WATCHERS.contains(&word.as_str())
            || RELOAD_FLAGS.contains(&word.as_str())
            || matches!(word.as_str(), "serve" | "runserver" | "vite")
    })
}

/// Init programs that reap zombies and forward signals as PID 1: matched by base name, or
/// (those with a `/`) by the whole path. phusion's `my_init` (runit below it) and systemd
/// (`/sbin/init`), which must be PID 1 itself, among them.
pub const INITS: &[&str] = &[
    "tini",
    "tini-static",
    "dumb-init",
    "catatonit",
    "s6-svscan",
    "/init",
    "runsvdir",
    "runit",
    "supervisord",
    "my_init",
    "systemd",
    "/sbin/init",
    "/usr/sbin/init",
];

/// Whether a command starts (or runs through) an init.
pub fn runs_init(argv: &[String]) -> bool {
    let is_init = |word: &String| {
        let base = word.rsplit('/').next().unwrap_or(word);
        INITS.contains(&base) || INITS.contains(&word.as_str())
    };
    if argv.iter().take(3).any(is_init) {
        return true;
    }
    // Started through a user switch, which execs it as it is (openHAB's `CMD ["su-exec",
    // "openhab", "tini", "-s", "./start.sh"]`, run by an entrypoint that execs "$@"): the
    // word after the user.
    argv.iter().enumerate().take(6).any(|(at, word)| {
        let base = word.rsplit('/').next().unwrap_or(word);
        matches!(base, "su-exec" | "gosu" | "s6-setuidgid") && argv.get(at + 2).is_some_and(is_init)
    })
}

/// Drops a leading `tini --` (or `tini`) from a command, for comparing what runs under it.
pub fn without_init(argv: &[String]) -> Vec<String> {
    let mut words = argv.to_vec();
    if words.first().is_some_and(|w| {
        let base = w.rsplit('/').next().unwrap_or(w);
        base == "tini" || base == "tini-static"
    }) {
        words.remove(0);
        if words.first().is_some_and(|w| w == "--") {
            words.remove(0);
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn development_servers_are_recognised() {
        let words = |line: &str| line.split(' ').map(str::to_string).collect::<Vec<_>>();
        for (line, shown) in [
            ("npx next dev", "next dev"),
            ("npm run dev", "npm run dev"),
            ("yarn dev", "yarn dev"),
            ("pnpm run start:dev", "pnpm run start:dev"),
            ("/bin/sh -c npm install && npm run dev", "npm run dev"),
            ("python manage.py runserver 0.0.0.0:8000", "manage.py runserver"),
            ("uvicorn app:app --reload --host 0.0.0.0", "uvicorn --reload"),
            ("nodemon server.js", "nodemon"),
            ("npx vite", "vite"),
            ("ng serve --host 0.0.0.0", "ng serve"),
            ("air -c .air.toml", "air"),
            ("node --watch src/index.js", "node --watch"),
            ("flask run --debug", "flask --debug"),
            ("sh -c (ts-node-dev src/main.ts)", "ts-node-dev"),
            ("uv run fastapi dev --host 0.0.0.0 src/app", "fastapi dev"),
        ] {
            assert_eq!(dev_server(&words(line)).as_deref(), Some(shown), "{line}");
            // The prefilter lets every one through, in exec form too.
            assert!(may_name_dev_server(line), "{line}");
            assert!(may_name_dev_server(&format!("[\"{}\"]", line.replace(' ', "\", \""))), "{line}");
        }
        for line in ["npm start", "node server.js", "gunicorn app:app", "[\"/app/server\", \"--port\", \"80\"]"] {
            assert!(!may_name_dev_server(line), "{line}");
        }
        for line in ["npm start", "node server.js", "npm run build", "vite build", "gunicorn app:app", "yarn run devtools", "next start", "fastapi run --host 0.0.0.0 src/app"] {
            assert_eq!(dev_server(&words(line)), None, "{line}");
        }
    }

    fn final_stage(text: &str) -> FinalStage {
        FinalStage::of(&Dockerfile::parse(text).unwrap()).unwrap()
    }

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn entrypoint_resets_inherited_cmd_and_shell_form_ignores_cmd() {
        let stage = final_stage("FROM python:3.12\nCMD [\"a\"]\nFROM 0\n");
        assert!(stage.argv().is_none(), "an unknown image");
        let stage = final_stage("FROM python:3.12 AS base\nCMD [\"serve\"]\nFROM base\nENTRYPOINT [\"app\"]\n");
        assert_eq!(stage.argv(), Some(words(&["app"])));
        let stage = final_stage("FROM python:3.12\nCMD [\"x\"]\nENTRYPOINT [\"app\"]\n");
        assert_eq!(stage.argv(), Some(words(&["app", "x"])), "a CMD of the same stage is kept");
        let stage = final_stage("FROM debian\nENTRYPOINT app --flag\nCMD [\"ignored\"]\n");
        assert_eq!(stage.argv(), Some(words(&["app", "--flag"])));
        let stage = final_stage("FROM node:20\nCMD node server.js\n");
        assert_eq!(stage.argv(), Some(words(&["docker-entrypoint.sh", "node", "server.js"])));
        let stage = final_stage("FROM node:20\nCMD node server.js > log\n");
        assert_eq!(stage.argv(), Some(words(&["docker-entrypoint.sh", "/bin/sh", "-c", "node server.js > log"])));
        let stage = final_stage("ARG V=3.12\nFROM python:${V}-slim AS b\nFROM b\nUSER 1000\nCMD [\"x\"]\n");
        assert_eq!(stage.base, "python:3.12-slim");
        assert_eq!(stage.chain, vec![0, 1]);
        assert_eq!(stage.user.as_ref().map(|u| u.0.as_str()), Some("1000"));
    }

    #[test]
    fn inits() {
        assert!(runs_init(&words(&["/usr/bin/tini", "--", "app"])));
        assert!(runs_init(&words(&["dumb-init", "app"])));
        assert!(!runs_init(&words(&["app", "--init"])));
        assert!(runs_init(&words(&["/entrypoint", "su-exec", "openhab", "tini", "-s", "./start.sh"])));
        assert!(!runs_init(&words(&["/entrypoint", "su-exec", "openhab", "./start.sh", "tini"])));
        assert_eq!(without_init(&words(&["/sbin/tini", "--", "app"])), words(&["app"]));
    }
}

/// Whether a stage name can be what a `FROM` reference with variables names (`${BASE}-base`
/// and `fpm-base`): each `$NAME` or `${...}` stands for any non-empty text.
fn matches_template(template: &str, name: &str) -> bool {
    // The literal pieces between variables.
    let mut pieces: Vec<String> = vec![String::new()];
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        if let Some(last) = pieces.last_mut() {
            last.push_str(&rest[..at]);
        }
        let after = &rest[at + 1..];
        let skip = match after.strip_prefix('{') {
            Some(inner) => inner.find('}').map_or(after.len(), |end| end + 2),
            None => after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len()),
        };
        pieces.push(String::new());
        rest = &after[skip..];
    }
    if let Some(last) = pieces.last_mut() {
        last.push_str(rest);
    }
    // Each variable tries every split of the name: a few variables and a stage name's length
    // keep that small; anything larger (only a crafted file) is taken as no match.
    if pieces.len() > 5 || name.len() > 128 {
        return false;
    }
    let pieces: Vec<String> = pieces.iter().map(|p| p.to_ascii_lowercase()).collect();
    fn fits(pieces: &[String], name: &str) -> bool {
        match pieces {
            [] => name.is_empty(),
            [only] => name == only,
            [first, rest @ ..] => {
                let Some(after) = name.strip_prefix(first.as_str()) else { return false };
                // The variable takes at least one character, then the next piece follows.
                (1..=after.len()).filter(|&n| after.is_char_boundary(n)).any(|n| fits(rest, &after[n..]))
            }
        }
    }
    fits(&pieces, &name.to_ascii_lowercase())
}

#[cfg(test)]
mod template_tests {
    use super::*;

    #[test]
    fn stage_names_a_template_can_pick() {
        assert!(matches_template("${BASE}-base", "fpm-base"));
        assert!(matches_template("${BASE}-base", "apache-base"));
        assert!(!matches_template("${BASE}-base", "-base"));
        assert!(!matches_template("${BASE}-base", "php-base-x"));
        assert!(matches_template("$VARIANT", "slim"));
        assert!(matches_template("build-${TARGETARCH}-final", "build-amd64-final"));
        assert!(!matches_template("build-${TARGETARCH}-final", "build-amd64"));
        // A crafted reference with many variables is no match rather than a long search.
        assert!(!matches_template(&"${A}".repeat(40), &"x".repeat(100)));
    }

    #[test]
    fn a_base_picked_by_a_build_argument_across_families_is_said() {
        let text = "ARG BASE=fpm\nFROM php:8.3-fpm-alpine AS fpm-base\nFROM php:8.3-apache-bookworm AS apache-base\nFROM ${BASE}-base AS base\nCMD [\"php\"]\n";
        let file = Dockerfile::parse(text).unwrap();
        let stage = FinalStage::of(&file).unwrap();
        let why = stage.base_varies(&file).expect("the base varies");
        assert!(why.contains("`fpm-base`, `apache-base`"), "{why}");
        // One family either way: nothing to say.
        let same = "ARG V=a\nFROM alpine:3.20 AS a-base\nFROM alpine:3.19 AS b-base\nFROM ${V}-base\n";
        let file = Dockerfile::parse(same).unwrap();
        assert_eq!(FinalStage::of(&file).unwrap().base_varies(&file), None);
    }
}
