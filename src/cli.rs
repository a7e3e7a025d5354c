//! The command line: `apply`, `check`, `list`, `explain`. Exit codes: 0 nothing to change or
//! changes written, 1 changes or findings (dry run, check, declined), 2 an error.

use crate::catalog::{self, Phase};
use crate::discover;
use crate::engine::{self, Run};
use crate::fsio::{self, Pending};
use crate::project::{Options, Project};
use crate::render::{self, Mode};
use crate::transforms::Selection;
use anyhow::{Result, anyhow, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "dockfix",
    version,
    about = "Hardens Dockerfiles, compose files and .dockerignore in place, diff first."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Shows the diff of every fix, then (after confirmation or with --yes) writes it.
    Apply(ApplyArgs),
    /// Lists fixable findings without a diff; exits 1 when there are any.
    Check(CheckArgs),
    /// Lists every transform: id, phase, safety, summary.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Explains one transform: what it does, why, before and after, when it is unsafe.
    Explain { id: String },
}

#[derive(Args, Debug)]
struct SelectArgs {
    /// Files or folders to read (folders are walked respecting .gitignore).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Run only the transforms of this phase (security, reliability, performance, operations, all).
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
    /// Print the diff only; exit 1 when something would change.
    #[arg(long)]
    dry_run: bool,
    /// Write without asking (needed when not on a terminal).
    #[arg(long, short = 'y')]
    yes: bool,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    select: SelectArgs,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Format {
    Text,
    Json,
    Markdown,
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
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            errln!("dockfix: error: {e:#}");
            2
        }
    }
}

impl SelectArgs {
    fn selection(&self) -> Result<Selection> {
        let mut phases = Vec::new();
        for name in &self.phases {
            if name == "all" {
                phases.clear();
                break;
            }
            phases.push(Phase::parse(name).ok_or_else(|| {
                anyhow!("unknown phase `{name}` (security, reliability, performance, operations, all)")
            })?);
        }
        Ok(Selection { phases, only: self.only.clone(), skip: self.skip.clone(), allow_unsafe: self.allow_unsafe })
    }

    /// Discovers, reads and runs the selected transforms; nothing is written here. A file that
    /// cannot be read or parsed is reported in the run's errors and left alone.
    fn run(&self) -> Result<Run> {
        let transforms = self.selection()?.resolve().map_err(|e| anyhow!(e))?;
        let mut options = Options {
            generate_secrets: self.generate_secrets,
            secret_files: self.secrets == SecretsMode::Files,
            user: None,
            health_path: None,
            resources: Default::default(),
            scaffold: self.scaffold,
        };
        options.read_config(self.paths.first().map_or(std::path::Path::new("."), |p| p.as_path()))?;
        let discovery = discover::discover(&self.paths);
        for skipped in &discovery.skipped {
            errln!("note: {skipped}");
        }
        let (project, mut errors) = Project::load(discovery.found, &options);
        errors.extend(discovery.errors);
        Ok(engine::run(project, &transforms, errors))
    }
}

fn apply(args: ApplyArgs) -> Result<i32> {
    let run = args.select.run()?;
    let changed = run.changed_files();
    let mode = if args.dry_run { Mode::DryRun } else { Mode::Apply };
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    // Files dockfix could not take make the exit code 2, after the others are handled.
    let failed = if run.errors.is_empty() { 0 } else { 2 };
    if args.format == Format::Text {
        print_text(&run, color);
    }
    if changed.is_empty() {
        print_machine(&run, args.format, mode, false);
        if args.format == Format::Text && failed == 0 {
            errln!("dockfix: nothing to change");
        }
        return Ok(failed);
    }
    if args.dry_run {
        print_machine(&run, args.format, mode, false);
        return Ok(failed.max(1));
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            print_machine(&run, args.format, mode, false);
            bail!("not on a terminal and no --yes: nothing was written (review with --dry-run, write with --yes)");
        }
        if !confirm(run.applied.len(), changed.len())? {
            print_machine(&run, args.format, mode, false);
            errln!("dockfix: nothing was written");
            return Ok(failed.max(1));
        }
    }
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
    print_machine(&run, args.format, mode, true);
    if args.format == Format::Text {
        let files = if changed.len() == 1 { "file" } else { "files" };
        if failed == 0 {
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
    Ok(failed)
}

/// Text mode: diffs on stdout (so they can be piped to `git apply`), notes and summary on stderr.
fn print_text(run: &Run, color: bool) {
    let mut stdout = std::io::stdout().lock();
    for i in run.changed_files() {
        let diff = render::file_diff(run, i);
        let diff = if color { render::diff::colorize(&diff) } else { diff };
        let _ = stdout.write_all(diff.as_bytes());
    }
    let _ = stdout.flush();
    for note in render::notes(run) {
        errln!("{note}");
    }
    for error in render::errors(run) {
        errln!("{error}");
    }
    if !run.applied.is_empty() {
        errln!("dockfix: {}", render::summary(run));
    }
}

fn print_machine(run: &Run, format: Format, mode: Mode, written: bool) {
    match format {
        Format::Text => {}
        Format::Json => out!("{}", render::json::render(run, mode, written)),
        Format::Markdown => out!("{}", render::markdown::render(run, mode)),
    }
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
    let run = args.select.run()?;
    match args.format {
        Format::Text => {
            for line in render::findings(&run) {
                outln!("{line}");
            }
            for note in render::notes(&run) {
                errln!("{note}");
            }
            for error in render::errors(&run) {
                errln!("{error}");
            }
        }
        other => print_machine(&run, other, Mode::Check, false),
    }
    Ok(if !run.errors.is_empty() {
        2
    } else if run.applied.is_empty() {
        0
    } else {
        1
    })
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
        bail!("unknown transform `{id}` (see `dockfix list`)");
    };
    out!("{}", catalog::page(registered.meta()));
    Ok(0)
}
