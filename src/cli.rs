//! The command line: `apply`, `check`, `list`, `explain`, `init`, `pr-title`, `completions`,
//! `man`. Exit codes: 0 nothing to change or changes written, 1 changes or findings (dry run,
//! check, declined; 0 with `--exit-zero`), 2 an error.

use crate::catalog::{self, Phase};
use crate::config::{self, CommandLine, Config, Configs};
use crate::discover::{self, FileKind};
use crate::engine::{self, Run};
use crate::fsio::{self, Pending};
use crate::project::{Keep, Options, Project, Scope};
use crate::render::{self, Context, Mode};
use anyhow::{Result, anyhow, bail};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::collections::BTreeSet;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

const FILES_HELP: &str = "\
Files dockfix reads: Dockerfiles (Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile), compose \
files (compose.yaml, docker-compose*.yml and any YAML with top-level `services:` named on the \
command line), .dockerignore, .env.example, .env, Makefiles and shell scripts the images run or \
that name compose files (read only), and dockfix.toml (the nearest one above each file).

Files dockfix writes: those it read (edited in place, atomically, after showing the diff), and \
the ones a fix needs: .env (secret values moved out of compose files; never shown in output), \
.env.example, .dockerignore, secrets/<name> (with --secrets files), docker-compose.override.yml \
and docker-compose.prod.yml (compose-env-overrides), a monitoring compose file (--scaffold), and \
dockfix.toml (`dockfix init`).";

#[derive(Parser, Debug)]
#[command(
    name = "dockfix",
    version,
    about = "Hardens Dockerfiles, compose files and .dockerignore in place, diff first.",
    long_about = "Hardens Dockerfiles, compose files and .dockerignore in place, diff first: a \
non-root user, tini as PID 1, healthchecks, restart policies, resource limits, split networks, \
credentials read from the environment, log rotation. Every comment and the file's own formatting \
are kept.",
    after_long_help = FILES_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Shows the diff of every fix, then (after confirmation or with --yes) writes it.
    #[command(after_long_help = FILES_HELP)]
    Apply(ApplyArgs),
    /// Lists fixable findings without a diff; exits 1 while any remain.
    #[command(after_long_help = FILES_HELP)]
    Check(CheckArgs),
    /// Lists every transform: id, phase, safety, summary.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Explains one transform: what it does, why, before and after, when it is unsafe.
    Explain {
        /// The transform's id (see `dockfix list`).
        id: String,
    },
    /// Writes a commented dockfix.toml (or sets `select`/`unsafe` in an existing one, keeping
    /// its comments).
    Init(InitArgs),
    /// Prints the title of the pull request `apply --format markdown` describes.
    PrTitle(SelectArgs),
    /// Prints a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Prints the man page (roff), e.g. `dockfix man > dockfix.1`.
    Man,
}

#[derive(Args, Debug, Clone)]
struct SelectArgs {
    /// Files or folders to read (folders are walked respecting .gitignore).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Run only the transforms of this phase (security, reliability, performance, operations,
    /// all; repeatable).
    #[arg(long = "phase", value_name = "PHASE")]
    phases: Vec<String>,
    /// Run only this transform (repeatable).
    #[arg(long, value_name = "ID")]
    only: Vec<String>,
    /// Do not run this transform (repeatable).
    #[arg(long, value_name = "ID")]
    skip: Vec<String>,
    /// Also run transforms likely to need application changes.
    #[arg(long = "unsafe")]
    allow_unsafe: bool,
    /// Replace weak default secrets (admin, changeme, ...) by strong random values.
    #[arg(long)]
    generate_secrets: bool,
    /// Where moved secrets go: `env` (the .env file) or `files` (Compose secrets for images that
    /// read *_FILE variables).
    #[arg(long, value_enum, default_value = "env")]
    secrets: SecretsMode,
    /// Create missing files that Makefiles or compose files name and dockfix knows how to write
    /// (`docker-compose.monitoring.yml`: Prometheus and Grafana, hardened); with
    /// compose-file-references.
    #[arg(long)]
    scaffold: bool,
    /// Leave out files matching this glob, relative to the current folder (repeatable; also
    /// `exclude` in dockfix.toml).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Use this dockfix.toml for every file, instead of the nearest one above each.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct OutputArgs {
    /// Exit 0 even when changes or findings remain (errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Print only the diff or findings and errors: no notes, warnings or summary.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    quiet: bool,
    /// Also print the configs used, the files read and the transforms run.
    #[arg(long, short = 'v')]
    verbose: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum SecretsMode {
    Env,
    Files,
}

#[derive(Args, Debug)]
struct ApplyArgs {
    #[command(flatten)]
    select: SelectArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// Print the diff only; exit 1 when something would change.
    #[arg(long)]
    dry_run: bool,
    /// Write without asking (needed when not on a terminal).
    #[arg(long, short = 'y')]
    yes: bool,
    /// Output format: the diff (text), or a report for machines and pull requests.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Color the diff (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    select: SelectArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// Output format of the findings.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Args, Debug)]
struct InitArgs {
    /// The folder to write dockfix.toml in.
    #[arg(default_value = ".")]
    folder: PathBuf,
    /// Transforms or phases to select (repeatable).
    #[arg(long, value_name = "ID_OR_PHASE")]
    select: Vec<String>,
    /// Also run unsafe transforms (`unsafe = true`).
    #[arg(long = "unsafe")]
    allow_unsafe: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Format {
    /// Unified diffs (apply) or `path:line:column: [id] message` lines (check).
    Text,
    /// Every change with its place, transform, safety, notes and edits, and each file's diff.
    Json,
    /// A pull-request body: title, summary, action required, table, notes, folded diffs.
    Markdown,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// Checkstyle XML.
    Checkstyle,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum ListFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Writes to stdout, ignoring a closed pipe (`dockfix check | head` is not an error).
macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

macro_rules! outln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Writes to stderr, ignoring a closed pipe.
macro_rules! errln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

macro_rules! err {
    ($($arg:tt)*) => {{
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// The memory allocator the binary chose for this run (`--verbose` names it).
static ALLOCATOR: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// Records the allocator the binary chose (see `main.rs`).
pub fn set_allocator(name: &'static str) {
    let _ = ALLOCATOR.set(name);
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    // A panic's message may quote a file (a slice's bytes): it is never printed. The engine
    // catches the panic and reports which transform or file failed; the hook says only where.
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
        let _ = writeln!(std::io::stderr(), "dockfix: internal error{place}; the change involved is dropped and reported below");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Apply(args) => apply(args),
        Command::Check(args) => check(args),
        Command::List { format } => list(format),
        Command::Explain { id } => explain(&id),
        Command::Init(args) => init(args),
        Command::PrTitle(select) => pr_title(select),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "dockfix", &mut std::io::stdout());
            Ok(0)
        }
        Command::Man => man(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            errln!("dockfix: error: {e:#}");
            2
        }
    }
}

/// The command line as the config module reads it; unknown phases and ids are errors with a
/// suggestion.
fn command_line(args: &SelectArgs) -> Result<CommandLine> {
    let mut phases = Vec::new();
    for name in &args.phases {
        if name == "all" {
            phases.clear();
            break;
        }
        phases.push(Phase::parse(name).ok_or_else(|| anyhow!("unknown phase `{name}`{}", config::did_you_mean(name)))?);
    }
    for id in args.only.iter().chain(&args.skip) {
        if !crate::transforms::registry().iter().any(|t| t.id == id) {
            bail!("unknown transform `{id}`{}", config::did_you_mean(id));
        }
    }
    Ok(CommandLine { phases, only: args.only.clone(), skip: args.skip.clone(), allow_unsafe: args.allow_unsafe })
}

/// A run, with what the output needs to describe how it was made.
struct Session {
    run: Run,
    context: Context,
}

impl SelectArgs {
    fn base_options(&self) -> Options {
        Options {
            generate_secrets: self.generate_secrets,
            secret_files: self.secrets == SecretsMode::Files,
            scaffold: self.scaffold,
            ..Options::default()
        }
    }

    /// Discovers, reads and runs the selected transforms; nothing is written here. A file that
    /// cannot be read or parsed is reported in the run's errors and left alone; a broken
    /// dockfix.toml stops the run (exit 2, with its line).
    fn run(&self, output: &OutputArgs, mode: Mode, keep: Keep) -> Result<Session> {
        let cli = command_line(self)?;
        let mut configs = match &self.config {
            Some(path) => Configs::forced(Config::read(path).map_err(|e| anyhow!("{e}"))?),
            None => Configs::default(),
        };
        let discovery = discover::discover(&self.paths);
        if !output.quiet {
            for skipped in &discovery.skipped {
                errln!("note: {skipped}");
            }
        }
        let cli_excludes = globs(&self.exclude)?;
        let mut governed: Vec<(discover::Found, Option<usize>)> = Vec::new();
        for found in discovery.found {
            let config = configs.for_file(&found.real).map_err(|e| anyhow!("{e}"))?;
            governed.push((found, config));
        }
        // Each config's own `exclude`, relative to its folder.
        let config_excludes: Vec<globset::GlobSet> =
            configs.list.iter().map(|c| globs(&c.exclude)).collect::<Result<_>>()?;
        let mut excluded = 0;
        governed.retain(|(found, config)| {
            let by_cli = matches(&cli_excludes, &found.display);
            let by_config = config.is_some_and(|i| {
                let folder = configs.list[i].folder();
                found.real.strip_prefix(folder).is_ok_and(|relative| matches(&config_excludes[i], relative))
            });
            excluded += usize::from(by_cli || by_config);
            !(by_cli || by_config)
        });
        let base = self.base_options();
        let used: BTreeSet<Option<usize>> = governed.iter().map(|(_, c)| *c).collect();
        // One scope per config (with --config, one for every file), and the command line's
        // own for files under none.
        let forced = configs.is_forced();
        let mut scopes: Vec<(Option<usize>, Scope)> = configs
            .list
            .iter()
            .enumerate()
            .map(|(i, config)| {
                let folder = if forced { PathBuf::from("/") } else { config.folder().to_path_buf() };
                (Some(i), Scope { folder, options: config.options(&base), selected: config::selected(&cli, Some(config)) })
            })
            .collect();
        if !forced {
            scopes.push((None, Scope { folder: PathBuf::from("/"), options: base.clone(), selected: config::selected(&cli, None) }));
        }
        // The transforms to run: those of every scope a file is in.
        let union: BTreeSet<&'static str> = scopes
            .iter()
            .filter(|(index, _)| used.is_empty() || used.contains(index))
            .flat_map(|(_, scope)| scope.selected.iter().copied())
            .collect();
        // Image facts of the user's own catalog folders, from the configs in use.
        for index in used.iter().flatten() {
            for folder in &configs.list[*index].catalog {
                crate::images::add_catalog_folder(folder).map_err(|e| anyhow!("{e}"))?;
            }
        }
        explain_selection(&cli, &configs, &union, output.quiet)?;
        let transforms: Vec<_> = crate::transforms::registry().iter().copied().filter(|t| union.contains(t.id)).collect();
        if output.verbose {
            for config in &configs.list {
                errln!("dockfix: config {}", config.path.display());
            }
            errln!("dockfix: {} files read, {excluded} excluded", governed.len());
            if let Some(allocator) = ALLOCATOR.get() {
                errln!("dockfix: allocator: {allocator}");
            }
            errln!("dockfix: transforms: {}", union.iter().copied().collect::<Vec<_>>().join(", "));
        }
        let found: Vec<discover::Found> = governed.into_iter().map(|(f, _)| f).collect();
        let small = found.len() <= crate::parallel::SMALL_RUN_FILES;
        crate::parallel::set_small_run(small);
        let bar = progress_bar(found.len(), output.quiet);
        let started = std::time::Instant::now();
        let (parts, mut errors) = if small { (vec![Project::one_part(found)], Vec::new()) } else { Project::plan_parts(found, &|| bar.inc(1)) };
        let planned_in = started.elapsed();
        let part_count = parts.len();
        let scopes: Vec<_> = scopes.into_iter().map(|(_, scope)| scope).collect();
        errors.extend(discovery.errors);
        let run = engine::run_parts(parts, &base, keep, &transforms, errors, &|project: &mut Project| project.scopes = scopes.clone(), &|| bar.inc(1));
        bar.finish_and_clear();
        if output.verbose {
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
            errln!(
                "dockfix: {} files in {part_count} independent parts (split in {:.1} ms; {} parts run again joined with another; the largest has {} files); all done in {:.1} ms",
                run.project.files.len(),
                ms(planned_in),
                run.run_again,
                run.largest_part,
                ms(started.elapsed())
            );
            for (index, pass) in run.passes.iter().enumerate() {
                errln!(
                    "dockfix: pass {}: proposed in {:.1} ms, {} changes applied and verified in {:.1} ms (CPU time, all parts)",
                    index + 1,
                    ms(pass.propose),
                    pass.accepted,
                    ms(pass.apply)
                );
            }
        }
        let context = Context {
            mode,
            written: false,
            selection: serde_json::json!({
                "phases": cli.phases.iter().map(|p| p.name()).collect::<Vec<_>>(),
                "only": cli.only,
                "skip": cli.skip,
                "unsafe": cli.allow_unsafe,
                "generate_secrets": self.generate_secrets,
                "secrets": if self.secrets == SecretsMode::Files { "files" } else { "env" },
                "scaffold": self.scaffold,
                "exclude": self.exclude,
            }),
            config_digests: configs.list.iter().map(|c| c.digest.clone()).collect(),
        };
        Ok(Session { run, context })
    }
}

/// Says when the selection cannot do what was asked: an unsafe id without `--unsafe`, an id
/// outside the chosen phases; nothing selected at all is an error.
fn explain_selection(cli: &CommandLine, configs: &Configs, union: &BTreeSet<&'static str>, quiet: bool) -> Result<()> {
    let mut why = Vec::new();
    for id in &cli.only {
        if union.contains(id.as_str()) {
            continue;
        }
        let meta = catalog::meta(id);
        if !cli.phases.is_empty() && !cli.phases.contains(&meta.phase) {
            why.push(format!("`{id}` is in the {} phase, which --phase leaves out", meta.phase.name()));
        } else if meta.safety == catalog::Safety::Unsafe && !cli.allow_unsafe {
            why.push(format!("`{id}` is unsafe: it runs only with --unsafe"));
        } else if cli.skip.contains(id) {
            why.push(format!("`{id}` is both in --only and --skip"));
        } else {
            why.push(format!("`{id}` is ignored by dockfix.toml"));
        }
    }
    if union.is_empty() {
        if why.is_empty() {
            why.push(if configs.list.is_empty() { "the phases and ids given match no transform".into() } else { "dockfix.toml's select and ignore leave nothing".into() });
        }
        bail!("the selection runs no transform: {}", why.join("; "));
    }
    if !quiet {
        for reason in why {
            errln!("warning: {reason}");
        }
    }
    Ok(())
}

fn globs(patterns: &[String]) -> Result<globset::GlobSet> {
    let mut builder = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
        builder.add(globset::Glob::new(pattern).map_err(|e| anyhow!("exclude `{pattern}`: {e}"))?);
        // `fixtures` excludes the folder and all below it, as gitignore does.
        builder.add(globset::Glob::new(&format!("{pattern}/**")).map_err(|e| anyhow!("exclude `{pattern}`: {e}"))?);
        if !pattern.contains('/') {
            builder.add(globset::Glob::new(&format!("**/{pattern}")).map_err(|e| anyhow!("{e}"))?);
            builder.add(globset::Glob::new(&format!("**/{pattern}/**")).map_err(|e| anyhow!("{e}"))?);
        }
    }
    Ok(builder.build()?)
}

fn matches(set: &globset::GlobSet, path: &Path) -> bool {
    !set.is_empty() && set.is_match(path)
}

/// A bar on stderr while many files are read on a terminal.
fn progress_bar(files: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet || files < 200 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("reading {pos}/{len} files {bar:30}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

fn exit_code(run: &Run, found: bool, output: &OutputArgs) -> i32 {
    if !run.errors.is_empty() {
        2
    } else if found && !output.exit_zero {
        1
    } else {
        0
    }
}

fn apply(args: ApplyArgs) -> Result<i32> {
    let mode = if args.dry_run { Mode::DryRun } else { Mode::Apply };
    let Session { run, mut context } = args.select.run(&args.output, mode, Keep::Everything)?;
    let changed = run.changed_files();
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let quiet = args.output.quiet;
    if args.format == Format::Text {
        print_text(&run, color, quiet);
    }
    if changed.is_empty() {
        print_machine(&run, args.format, &context);
        if args.format == Format::Text && run.errors.is_empty() && !quiet {
            errln!("dockfix: nothing to change");
        }
        return Ok(exit_code(&run, false, &args.output));
    }
    if args.dry_run {
        print_machine(&run, args.format, &context);
        return Ok(exit_code(&run, true, &args.output));
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            print_machine(&run, args.format, &context);
            bail!("not on a terminal and no --yes: nothing was written (review with --dry-run, write with --yes)");
        }
        if !confirm(run.applied.len(), changed.len())? {
            print_machine(&run, args.format, &context);
            errln!("dockfix: nothing was written");
            return Ok(exit_code(&run, true, &args.output));
        }
    }
    // Files that receive data are renamed into place before the files that lose it: ignore
    // files first (so `.env` is never unignored), then `.env`, secret files and new files, then
    // the compose files whose values moved. Each rename is atomic; a run killed between two
    // leaves every secret somewhere, and the next run finishes the move.
    let mut changed = changed;
    changed.sort_by_key(|&id| {
        let file = &run.project.files[id];
        match file.kind {
            FileKind::GitIgnore | FileKind::DockerIgnore => 0,
            FileKind::Env | FileKind::Secret => 1,
            _ if file.created.is_some() => 1,
            _ => 2,
        }
    });
    let pending: Vec<Pending> = changed
        .iter()
        .map(|&id| {
            let file = &run.project.files[id];
            Pending {
                display: file.path.clone(),
                real: file.real.clone(),
                original: file.original.as_bytes().to_vec(),
                new: file.text().to_string(),
                created: file.created,
            }
        })
        .collect();
    fsio::commit(&pending)?;
    context.written = true;
    print_machine(&run, args.format, &context);
    if args.format == Format::Text && !quiet {
        let files = if changed.len() == 1 { "file" } else { "files" };
        if run.errors.is_empty() {
            errln!("dockfix: wrote {} {files}", changed.len());
        } else {
            errln!(
                "dockfix: wrote {} {files}; {} problem{} above left files or changes alone",
                changed.len(),
                run.errors.len(),
                if run.errors.len() == 1 { "" } else { "s" }
            );
        }
    }
    Ok(exit_code(&run, false, &args.output))
}

/// Files whose diffs are made together before they are written: enough to keep both cores
/// busy, few enough that a large repository's diffs are not all held at once.
const DIFF_BATCH: usize = 64;

/// Text mode: diffs on stdout (so they can be piped to `git apply`), notes and summary on stderr.
fn print_text(run: &Run, color: bool, quiet: bool) {
    let mut stdout = std::io::stdout().lock();
    // Diffs (and their redaction) are made on every core, a batch of files at a time and
    // written in file order: made one after the other they were a fifth of `apply --dry-run`
    // on the corpus, on one core, after the run itself had finished.
    'batches: for batch in run.changed_files().chunks(DIFF_BATCH) {
        let diffs = crate::parallel::map_ref(batch, |&i| {
            let diff = render::file_diff(run, i);
            if color { render::diff::colorize(&diff) } else { diff }
        });
        for diff in diffs {
            if stdout.write_all(diff.as_bytes()).is_err() {
                // A closed pipe: nobody reads the other diffs (the messages still go to stderr).
                break 'batches;
            }
        }
    }
    let _ = stdout.flush();
    print_messages(run, quiet);
    if !run.applied.is_empty() && !quiet {
        errln!("dockfix: {}", render::summary(run));
    }
}

/// Notes and warnings (unless quiet), then errors, on stderr.
fn print_messages(run: &Run, quiet: bool) {
    let mut lines: Box<dyn Iterator<Item = String>> = Box::new(render::errors(run));
    if !quiet {
        lines = Box::new(render::notes(run).chain(render::warnings(run)).chain(lines));
    }
    write_lines(std::io::stderr().lock(), lines);
}

/// Writes `lines` through one buffer: a run on a large repository prints thousands of lines,
/// and standard error is unbuffered (two writes a line), standard output one write a line.
fn write_lines(stream: impl Write, lines: impl Iterator<Item = String>) {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stream);
    for line in lines {
        if writeln!(out, "{line}").is_err() {
            // A closed pipe: nobody reads the rest.
            return;
        }
    }
    let _ = out.flush();
}

fn print_machine(run: &Run, format: Format, context: &Context) {
    let text = match format {
        Format::Text => return,
        Format::Json => render::json::render(run, context),
        Format::Markdown => render::markdown::render(run, context),
        Format::Sarif => render::sarif::render(run),
        Format::Github => render::github::render(run),
        Format::Gitlab => render::gitlab::render(run),
        Format::Checkstyle => render::checkstyle::render(run),
    };
    out!("{text}");
}

fn confirm(changes: usize, files: usize) -> Result<bool> {
    err!(
        "Apply {changes} change{} to {files} file{}? [y/N] ",
        if changes == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" }
    );
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

fn check(args: CheckArgs) -> Result<i32> {
    // Finding lines name places only: each part's texts are let go as soon as it is fixed.
    let keep = if args.format == Format::Text { Keep::Findings } else { Keep::Everything };
    let Session { run, context } = args.select.run(&args.output, Mode::Check, keep)?;
    match args.format {
        Format::Text => {
            write_lines(std::io::stdout().lock(), render::findings(&run));
            print_messages(&run, args.output.quiet);
        }
        other => print_machine(&run, other, &context),
    }
    Ok(exit_code(&run, !run.applied.is_empty(), &args.output))
}

fn pr_title(select: SelectArgs) -> Result<i32> {
    let output = OutputArgs { exit_zero: true, quiet: true, verbose: false };
    let Session { run, .. } = select.run(&output, Mode::DryRun, Keep::Everything)?;
    outln!("{}", render::markdown::title(&run));
    Ok(0)
}

fn list(format: ListFormat) -> Result<i32> {
    let mut metas: Vec<_> = crate::transforms::registry().iter().map(|t| t.meta()).collect();
    metas.sort_by(|a, b| (a.phase, &a.id).cmp(&(b.phase, &b.id)));
    match format {
        ListFormat::Text => {
            for m in metas {
                outln!("{:<30} {:<12} {:<7} {}", m.id, m.phase.name(), m.safety.name(), m.summary);
            }
        }
        ListFormat::Json => {
            let rows: Vec<_> = metas
                .iter()
                .map(|m| serde_json::json!({"id": m.id, "phase": m.phase.name(), "safety": m.safety.name(), "summary": m.summary}))
                .collect();
            outln!("{}", serde_json::to_string_pretty(&rows)?);
        }
    }
    Ok(0)
}

fn explain(id: &str) -> Result<i32> {
    let Some(registered) = crate::transforms::registry().iter().find(|t| t.id == id) else {
        bail!("unknown transform `{id}`{}", config::did_you_mean(id));
    };
    out!("{}", catalog::page(registered.meta()));
    Ok(0)
}

fn init(args: InitArgs) -> Result<i32> {
    for name in &args.select {
        config::check_name(name).map_err(|e| anyhow!("--select: {e}"))?;
    }
    let path = args.folder.join(config::FILE_NAME);
    let (original, text) = match std::fs::read_to_string(&path) {
        Ok(existing) => {
            if args.select.is_empty() && !args.allow_unsafe {
                bail!("{} already exists (give --select or --unsafe to change it)", path.display());
            }
            let updated = config::update(&existing, &args.select, args.allow_unsafe).map_err(|e| anyhow!("{}: {e}", path.display()))?;
            (Some(existing), updated)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (None, config::template(&args.select, args.allow_unsafe)),
        Err(e) => bail!("{}: cannot read: {e}", path.display()),
    };
    // What is written must read back: a mistake here is caught before the file is replaced.
    Config::parse(&path, &text).map_err(|e| anyhow!("{e}"))?;
    fsio::commit(&[Pending {
        display: path.clone(),
        real: std::path::absolute(&path)?,
        created: if original.is_none() { Some(0o644) } else { None },
        original: original.unwrap_or_default().into_bytes(),
        new: text,
    }])?;
    errln!("dockfix: wrote {}", path.display());
    Ok(0)
}

fn man() -> Result<i32> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    std::io::stdout().lock().write_all(&page)?;
    Ok(0)
}

/// The clap command, for tests that check every argument has a help line.
pub fn command() -> clap::Command {
    Cli::command()
}
