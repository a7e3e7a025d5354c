//! Transforms: each proposes edits (with their intended meaning) and notes; the engine applies
//! and verifies them. A transform never formats text itself beyond calling an edit recipe, and
//! never writes files.

use crate::catalog::{self, Meta};
use crate::edit::Edit;
use crate::project::Project;
use crate::source::FileId;
use crate::syntax::dockerfile::edit::DockerOp;
use crate::syntax::yaml::value::YamlOp;

/// The registry: every transform, declared once, in the order they run. Its id names its
/// catalog entry (`transforms/<id>.toml`: phase, safety, summary, rationale, before/after), from
/// which `dockfix list`, `dockfix explain` and `docs/transforms/<id>.md` are generated. Adding a
/// transform is its source file, its catalog entry, its golden folder and one line here.
macro_rules! registry {
    ($($id:literal => $module:ident :: $name:ident,)*) => {
        $(mod $module; pub use $module::$name;)*

        /// Every transform with its id, in the order they run.
        pub fn registry() -> &'static [Registered] {
            const ALL: &[Registered] = &[$(Registered { id: $id, transform: &$module::$name },)*];
            ALL
        }
    };
}

registry! {
    "dockerignore-keep-lockfiles" => dockerignore_keep_lockfiles::DockerignoreKeepLockfiles,
    "dockerignore-secrets" => dockerignore_secrets::DockerignoreSecrets,
    // Restructures the whole file: first, so the others work on the stage that will run.
    "dockerfile-python-multi-stage" => dockerfile_python_multi_stage::DockerfilePythonMultiStage,
    "dockerfile-non-root-user" => dockerfile_non_root_user::DockerfileNonRootUser,
    "dockerfile-tini-init" => dockerfile_tini_init::DockerfileTiniInit,
    "dockerfile-exec-form" => dockerfile_exec_form::DockerfileExecForm,
    "compose-init" => compose_init::ComposeInit,
    "compose-env-credentials" => compose_env_credentials::ComposeEnvCredentials,
    "compose-network-isolation" => compose_network_isolation::ComposeNetworkIsolation,
    "compose-no-new-privileges" => compose_no_new_privileges::ComposeNoNewPrivileges,
    "compose-bind-localhost" => compose_bind_localhost::ComposeBindLocalhost,
    "compose-cap-drop" => compose_cap_drop::ComposeCapDrop,
    "compose-read-only" => compose_read_only::ComposeReadOnly,
    "compose-restart-policy" => compose_restart_policy::ComposeRestartPolicy,
    "dockerfile-healthcheck" => dockerfile_healthcheck::DockerfileHealthcheck,
    "compose-healthcheck" => compose_healthcheck::ComposeHealthcheck,
    "compose-depends-on-healthy" => compose_depends_on_healthy::ComposeDependsOnHealthy,
    "shell-quote-expansions" => shell_quote_expansions::ShellQuoteExpansions,
    "dockerfile-pip-no-cache" => dockerfile_pip_no_cache::DockerfilePipNoCache,
    "dockerfile-apt-hygiene" => dockerfile_apt_hygiene::DockerfileAptHygiene,
    "compose-resource-limits" => compose_resource_limits::ComposeResourceLimits,
    "compose-datastore-volumes" => compose_datastore_volumes::ComposeDatastoreVolumes,
    "compose-log-rotation" => compose_log_rotation::ComposeLogRotation,
    "env-example-sync" => env_example_sync::EnvExampleSync,
    // After the transforms that edit ports and services: it moves what they leave.
    "compose-env-overrides" => compose_env_overrides::ComposeEnvOverrides,
    "compose-file-references" => compose_file_references::ComposeFileReferences,
}

pub use compose_env_credentials::is_secret_name;

/// A transform: proposes changes and notes from the project model. It never reads or writes the
/// disk and never formats text itself beyond calling an edit recipe.
pub trait Transform: Sync {
    fn propose(&self, project: &Project, out: &mut Proposals);
}

/// A transform as the registry holds it.
#[derive(Clone, Copy)]
pub struct Registered {
    pub id: &'static str,
    pub transform: &'static dyn Transform,
}

impl Registered {
    pub fn meta(&self) -> &'static Meta {
        catalog::meta(self.id)
    }
}

impl std::fmt::Debug for Registered {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

/// Where an inserted ignore pattern goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// After the line with this index.
    AfterLine(usize),
    End,
}

/// What an edit is meant to do, checked after applying it.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// The YAML document after equals the one before with these ops applied.
    Yaml(Vec<YamlOp>),
    /// The Dockerfile's instructions after equal those before with these ops applied.
    Dockerfile(Vec<DockerOp>),
    /// The ignore patterns after equal those before, minus the patterns on the `remove` lines
    /// (by line index), plus the `insert` patterns at their places.
    Patterns { remove: Vec<usize>, insert: Vec<(Place, String)> },
    /// The shell script after is the one before with these expansions (byte ranges in the text
    /// the change was proposed on) in double quotes, and nothing else changed.
    Quoted(Vec<std::ops::Range<usize>>),
}

/// A file a change creates.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFile {
    /// Where it is written.
    pub real: std::path::PathBuf,
    /// The path shown to the user.
    pub display: std::path::PathBuf,
    pub kind: crate::discover::FileKind,
    /// Permission bits (0o600 for files that hold secrets).
    pub mode: u32,
}

/// The file a change edits: one of the project, or one it creates.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    File(FileId),
    New(NewFile),
}

/// One fix: edits to one file, with the reason and its intended meaning.
#[derive(Debug, Clone)]
pub struct Change {
    pub transform: &'static str,
    pub target: Target,
    /// 1-based line the change is about (the service key, the instruction, the pattern), in the
    /// text the change was proposed on.
    pub line: usize,
    pub message: String,
    pub edits: Vec<Edit>,
    pub expect: Expect,
    /// Changes of one group stand or fall together: when one fails verification, the others
    /// are dropped too (a secret moved to `.env` but left in the compose file helps nobody).
    pub group: Option<String>,
    /// The change restructures its file (a stage split): it is applied alone in its pass, and
    /// the other transforms see the new structure in the next one.
    pub exclusive: bool,
}

/// Something the user should know: why a spot was left alone, or a risk of a change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Note {
    pub file: FileId,
    /// 1-based, in the text the note was made on (the engine maps it to the file on disk).
    pub line: usize,
    pub transform: &'static str,
    pub message: String,
}

/// Collects what one transform proposes.
#[derive(Debug)]
pub struct Proposals {
    transform: &'static str,
    group: Option<String>,
    /// Secret values seen: every output redacts them.
    pub secrets: Vec<String>,
    pub changes: Vec<Change>,
    pub notes: Vec<Note>,
}

impl Proposals {
    pub fn new(transform: &'static str) -> Proposals {
        Proposals { transform, group: None, secrets: Vec::new(), changes: Vec::new(), notes: Vec::new() }
    }

    /// The changes proposed until [`Proposals::end_group`] stand or fall together.
    pub fn begin_group(&mut self, key: impl Into<String>) {
        self.group = Some(format!("{}:{}", self.transform, key.into()));
    }

    /// A secret value the outputs must never show (diff lines, json, markdown, messages).
    pub fn secret(&mut self, value: &str) {
        if !value.trim().is_empty() && !self.secrets.iter().any(|s| s == value) {
            self.secrets.push(value.to_string());
        }
    }

    pub fn end_group(&mut self) {
        self.group = None;
    }

    /// The catalog entry of the transform proposing (for its own data tables).
    pub fn meta(&self) -> &'static Meta {
        catalog::meta(self.transform)
    }

    pub fn change(&mut self, file: FileId, line: usize, message: impl Into<String>, edits: Vec<Edit>, expect: Expect) {
        let message = message.into();
        let target = Target::File(file);
        let group = self.group.clone();
        self.changes.push(Change { transform: self.transform, target, line, message, edits, expect, group, exclusive: false });
    }

    /// A change that restructures its file: no other change of the file is applied with it.
    pub fn restructure(&mut self, file: FileId, line: usize, message: impl Into<String>, edits: Vec<Edit>, expect: Expect) {
        self.change(file, line, message, edits, expect);
        if let Some(change) = self.changes.last_mut() {
            change.exclusive = true;
        }
    }

    /// A change from a YAML edit recipe, or, when the recipe refused, a note saying that
    /// `subject` was left alone and why.
    pub fn yaml(
        &mut self,
        file: FileId,
        line: usize,
        subject: &str,
        recipe: Result<(Edit, YamlOp), String>,
        message: impl Into<String>,
    ) {
        match recipe {
            Ok((edit, op)) => self.change(file, line, message, vec![edit], Expect::Yaml(vec![op])),
            Err(why) => self.note(file, line, format!("`{subject}` left alone: {why}")),
        }
    }

    /// Creates a file with `text`. A file already on disk that dockfix did not read is never
    /// overwritten: the change becomes a note instead. `near` is the file the creation is about
    /// (notes are attached to it).
    pub fn create(
        &mut self,
        project: &Project,
        near: FileId,
        new_file: NewFile,
        message: impl Into<String>,
        text: String,
        expect: Expect,
    ) {
        if project.exists(&new_file.real) {
            let note = format!(
                "{} exists but dockfix did not read it (ignored by .gitignore?); not changed",
                new_file.display.display()
            );
            self.notes.push(Note { transform: self.transform, file: near, line: 1, message: note });
            return;
        }
        self.changes.push(Change {
            transform: self.transform,
            target: Target::New(new_file),
            line: 1,
            message: message.into(),
            edits: vec![Edit::insert(0, text)],
            expect,
            group: self.group.clone(),
            exclusive: false,
        });
    }

    pub fn note(&mut self, file: FileId, line: usize, message: impl Into<String>) {
        self.notes.push(Note { transform: self.transform, file, line, message: message.into() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_and_catalog_agree() {
        let ids: Vec<&str> = registry().iter().map(|t| t.id).collect();
        let catalog: Vec<&str> = catalog::all().iter().map(|m| m.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        let mut catalog_sorted = catalog.clone();
        catalog_sorted.sort();
        assert_eq!(sorted, catalog_sorted);
    }
}
