//! Transforms: each proposes edits (with their intended meaning) and notes; the engine applies
//! and verifies them. A transform never formats text itself beyond calling an edit recipe, and
//! never writes files.

mod compose_bind_localhost;
mod compose_cap_drop;
mod compose_env_credentials;
mod compose_init;
mod compose_network_isolation;
mod compose_no_new_privileges;
mod compose_read_only;
mod compose_restart_policy;
mod dockerfile_exec_form;
mod dockerfile_non_root_user;
pub mod dockerfile_tini_init;
mod dockerignore_keep_lockfiles;
mod dockerignore_secrets;

use crate::catalog::{self, Meta, Phase, Safety};
use crate::edit::Edit;
use crate::project::Project;
use crate::syntax::dockerfile::edit::DockerOp;
use crate::syntax::yaml::value::YamlOp;

pub use compose_bind_localhost::ComposeBindLocalhost;
pub use compose_cap_drop::ComposeCapDrop;
pub use compose_env_credentials::{ComposeEnvCredentials, is_secret_name};
pub use compose_init::ComposeInit;
pub use compose_network_isolation::ComposeNetworkIsolation;
pub use compose_no_new_privileges::ComposeNoNewPrivileges;
pub use compose_read_only::ComposeReadOnly;
pub use compose_restart_policy::ComposeRestartPolicy;
pub use dockerfile_exec_form::DockerfileExecForm;
pub use dockerfile_non_root_user::DockerfileNonRootUser;
pub use dockerfile_tini_init::DockerfileTiniInit;
pub use dockerignore_keep_lockfiles::DockerignoreKeepLockfiles;
pub use dockerignore_secrets::DockerignoreSecrets;

pub trait Transform: Sync {
    fn id(&self) -> &'static str;

    fn meta(&self) -> &'static Meta {
        catalog::meta(self.id())
    }

    fn propose(&self, project: &Project, out: &mut Proposals);
}

/// Every transform, in the order they run.
pub fn registry() -> Vec<&'static dyn Transform> {
    vec![
        &DockerignoreKeepLockfiles,
        &DockerignoreSecrets,
        &DockerfileNonRootUser,
        &DockerfileTiniInit,
        &DockerfileExecForm,
        &ComposeInit,
        &ComposeEnvCredentials,
        &ComposeNetworkIsolation,
        &ComposeNoNewPrivileges,
        &ComposeBindLocalhost,
        &ComposeCapDrop,
        &ComposeReadOnly,
        &ComposeRestartPolicy,
    ]
}

/// What an edit is meant to do, checked after applying it.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// The YAML document after equals the one before with these ops applied.
    Yaml(Vec<YamlOp>),
    /// The Dockerfile's instructions after equal those before with these ops applied.
    Dockerfile(Vec<DockerOp>),
    /// The ignore patterns after equal those before, minus the patterns on the `remove` lines
    /// (by line index), plus `insert` patterns placed after the given line index (`usize::MAX`:
    /// at the end).
    Patterns { remove: Vec<usize>, insert: Vec<(usize, String)> },
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

/// One fix: edits to one file, with the reason and its intended meaning.
#[derive(Debug, Clone)]
pub struct Change {
    pub transform: &'static str,
    /// Index of the file in the project (for a created file: assigned by the engine).
    pub file: usize,
    /// Set when the change creates its file; its one edit inserts the whole text.
    pub new_file: Option<NewFile>,
    /// 1-based line the change is about (the service key, the instruction, the pattern).
    pub line: usize,
    pub message: String,
    pub edits: Vec<Edit>,
    pub expect: Expect,
}

/// Something the user should know: why a spot was left alone, or a risk of a change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub transform: &'static str,
    pub file: usize,
    pub line: usize,
    pub message: String,
}

/// Collects what one transform proposes.
#[derive(Debug)]
pub struct Proposals {
    transform: &'static str,
    pub changes: Vec<Change>,
    pub notes: Vec<Note>,
}

impl Proposals {
    pub fn new(transform: &'static str) -> Proposals {
        Proposals { transform, changes: Vec::new(), notes: Vec::new() }
    }

    pub fn change(&mut self, file: usize, line: usize, message: impl Into<String>, edits: Vec<Edit>, expect: Expect) {
        let message = message.into();
        self.changes.push(Change { transform: self.transform, file, new_file: None, line, message, edits, expect });
    }

    /// Creates a file with `text`. A file already on disk that dockfix did not read is never
    /// overwritten: the change becomes a note instead.
    /// A change from a YAML edit recipe, or, when the recipe refused, a note saying that
    /// `subject` was left alone and why.
    pub fn yaml(
        &mut self,
        file: usize,
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

    /// `near` is the file the creation is about (notes are attached to it).
    pub fn create(&mut self, near: usize, new_file: NewFile, message: impl Into<String>, text: String, expect: Expect) {
        if std::fs::symlink_metadata(&new_file.real).is_ok() {
            let note = format!(
                "{} exists but dockfix did not read it (ignored by .gitignore?); not changed",
                new_file.display.display()
            );
            self.notes.push(Note { transform: self.transform, file: near, line: 1, message: note });
            return;
        }
        self.changes.push(Change {
            transform: self.transform,
            file: usize::MAX,
            new_file: Some(new_file),
            line: 1,
            message: message.into(),
            edits: vec![Edit::insert(0, text)],
            expect,
        });
    }

    pub fn note(&mut self, file: usize, line: usize, message: impl Into<String>) {
        self.notes.push(Note { transform: self.transform, file, line, message: message.into() });
    }
}

/// Which transforms a run uses.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Empty means every phase.
    pub phases: Vec<Phase>,
    pub only: Vec<String>,
    pub skip: Vec<String>,
    pub allow_unsafe: bool,
}

impl Selection {
    /// The selected transforms; an unknown id is an error.
    pub fn resolve(&self) -> Result<Vec<&'static dyn Transform>, String> {
        let all = registry();
        for id in self.only.iter().chain(&self.skip) {
            if !all.iter().any(|t| t.id() == id) {
                return Err(format!("unknown transform `{id}` (see `dockfix list`)"));
            }
        }
        Ok(all
            .into_iter()
            .filter(|t| {
                let meta = t.meta();
                let phase_ok = self.phases.is_empty() || self.phases.contains(&meta.phase);
                let only_ok = self.only.is_empty() || self.only.iter().any(|id| id == t.id());
                let safe_ok = meta.safety == Safety::Safe || self.allow_unsafe;
                phase_ok && only_ok && safe_ok && !self.skip.iter().any(|id| id == t.id())
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_and_catalog_agree() {
        let ids: Vec<&str> = registry().iter().map(|t| t.id()).collect();
        let catalog: Vec<&str> = catalog::all().iter().map(|m| m.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        let mut catalog_sorted = catalog.clone();
        catalog_sorted.sort();
        assert_eq!(sorted, catalog_sorted);
    }

    #[test]
    fn selection_filters() {
        let security = Selection { phases: vec![Phase::Security], ..Selection::default() };
        let ids: Vec<&str> = security.resolve().unwrap().iter().map(|t| t.id()).collect();
        assert!(ids.contains(&"dockerignore-keep-lockfiles") && ids.contains(&"dockerfile-non-root-user"));
        assert!(!ids.contains(&"compose-restart-policy"), "a reliability transform");
        assert!(!ids.contains(&"compose-cap-drop"), "unsafe transforms need --unsafe");
        let safe = registry().iter().filter(|t| t.meta().safety == Safety::Safe).count();
        let skip = Selection { skip: vec!["dockerignore-keep-lockfiles".into()], ..Selection::default() };
        assert_eq!(skip.resolve().unwrap().len(), safe - 1);
        let all = Selection { allow_unsafe: true, ..Selection::default() };
        assert_eq!(all.resolve().unwrap().len(), registry().len());
        assert!(Selection { only: vec!["nope".into()], ..Selection::default() }.resolve().is_err());
    }
}
