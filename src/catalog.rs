//! The transform catalog as data: `transforms/<id>.toml`, embedded in the binary at build time.

use std::sync::OnceLock;
use toml_edit::{DocumentMut, Item};

/// The embedded catalog files, one per transform.
const FILES: &[(&str, &str)] = &[
    ("compose-restart-policy", include_str!("../transforms/compose-restart-policy.toml")),
    ("dockerignore-keep-lockfiles", include_str!("../transforms/dockerignore-keep-lockfiles.toml")),
    ("dockerignore-secrets", include_str!("../transforms/dockerignore-secrets.toml")),
    ("dockerfile-exec-form", include_str!("../transforms/dockerfile-exec-form.toml")),
    ("dockerfile-tini-init", include_str!("../transforms/dockerfile-tini-init.toml")),
    ("dockerfile-non-root-user", include_str!("../transforms/dockerfile-non-root-user.toml")),
    ("compose-init", include_str!("../transforms/compose-init.toml")),
    ("compose-no-new-privileges", include_str!("../transforms/compose-no-new-privileges.toml")),
    ("compose-env-credentials", include_str!("../transforms/compose-env-credentials.toml")),
    ("compose-bind-localhost", include_str!("../transforms/compose-bind-localhost.toml")),
    ("compose-network-isolation", include_str!("../transforms/compose-network-isolation.toml")),
    ("compose-cap-drop", include_str!("../transforms/compose-cap-drop.toml")),
    ("compose-read-only", include_str!("../transforms/compose-read-only.toml")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Security,
    Reliability,
    Performance,
    Operations,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Security, Phase::Reliability, Phase::Performance, Phase::Operations];

    pub fn name(self) -> &'static str {
        match self {
            Phase::Security => "security",
            Phase::Reliability => "reliability",
            Phase::Performance => "performance",
            Phase::Operations => "operations",
        }
    }

    pub fn parse(name: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    Safe,
    Unsafe,
}

impl Safety {
    pub fn name(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        }
    }
}

/// What the catalog says about one transform.
#[derive(Debug, Clone)]
pub struct Meta {
    pub id: String,
    pub phase: Phase,
    pub safety: Safety,
    pub summary: String,
    pub why: String,
    pub leaves_alone: String,
    pub notes: String,
    pub unsafe_when: String,
    pub before: String,
    pub after: String,
    /// The whole document, for transform-specific tables (e.g. the lockfile list).
    pub doc: DocumentMut,
}

impl Meta {
    /// A string array of the transform's own document.
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.doc
            .get(key)
            .and_then(Item::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }
}

fn parse(id: &str, text: &str) -> Meta {
    let doc: DocumentMut = text.parse().unwrap_or_else(|e| panic!("transforms/{id}.toml: {e}"));
    let field = |key: &str| doc.get(key).and_then(Item::as_str).unwrap_or_default().trim().to_string();
    assert_eq!(field("id"), id, "transforms/{id}.toml names another id");
    let phase = Phase::parse(&field("phase")).unwrap_or_else(|| panic!("transforms/{id}.toml: bad phase"));
    let safety = match field("safety").as_str() {
        "safe" => Safety::Safe,
        "unsafe" => Safety::Unsafe,
        other => panic!("transforms/{id}.toml: bad safety {other:?}"),
    };
    Meta {
        id: id.to_string(),
        phase,
        safety,
        summary: field("summary"),
        why: field("why"),
        leaves_alone: field("leaves_alone"),
        notes: field("notes"),
        unsafe_when: field("unsafe_when"),
        before: field("before"),
        after: field("after"),
        doc,
    }
}

/// Every catalog entry, in catalog order.
pub fn all() -> &'static [Meta] {
    static CATALOG: OnceLock<Vec<Meta>> = OnceLock::new();
    CATALOG.get_or_init(|| FILES.iter().map(|(id, text)| parse(id, text)).collect())
}

/// The entry for `id`; every registered transform has one (a test checks it).
pub fn meta(id: &str) -> &'static Meta {
    all().iter().find(|m| m.id == id).unwrap_or_else(|| panic!("no catalog entry for {id}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_entry_parses() {
        let all = super::all();
        assert_eq!(all.len(), super::FILES.len());
        for meta in all {
            assert!(!meta.summary.is_empty() && !meta.why.is_empty(), "{}", meta.id);
            assert!(!meta.before.is_empty() && !meta.after.is_empty(), "{}", meta.id);
        }
    }
}
