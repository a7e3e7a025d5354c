//! The transform catalog as data: `transforms/<id>.toml`, compiled into the binary by build.rs
//! (see `data.rs`).

use crate::data::{CATALOG, Data};
use std::sync::OnceLock;

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
    /// The whole entry, for transform-specific tables (e.g. the lockfile list).
    pub doc: &'static Data,
}

impl Meta {
    /// A string array of the transform's own document.
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.doc.strings(key).unwrap_or_default()
    }
}

/// The entry's fields; build.rs has checked its phase and safety.
fn read(id: &str, doc: &'static Data) -> Meta {
    let field = |key: &str| doc.get(key).and_then(Data::as_str).unwrap_or_default().trim().to_string();
    let phase = Phase::parse(&field("phase")).unwrap_or(Phase::Security);
    let safety = if field("safety") == "unsafe" { Safety::Unsafe } else { Safety::Safe };
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
    static METAS: OnceLock<Vec<Meta>> = OnceLock::new();
    METAS.get_or_init(|| CATALOG.iter().map(|(id, doc)| read(id, doc)).collect())
}

/// The entry for `id`; every registered transform has one (a test checks it).
pub fn meta(id: &str) -> &'static Meta {
    all().iter().find(|m| m.id == id).unwrap_or_else(|| panic!("no catalog entry for {id}"))
}

/// The page of one transform: what `dockfix explain` prints and `docs/transforms/<id>.md` holds.
pub fn page(meta: &Meta) -> String {
    let mut out = format!(
        "# {}\n\n**Phase** {} · **Safety** {} · `dockfix apply --only {}`{}\n\n{}\n",
        meta.id,
        meta.phase.name(),
        meta.safety.name(),
        meta.id,
        if meta.safety == Safety::Unsafe { " --unsafe" } else { "" },
        meta.summary
    );
    let mut section = |title: &str, body: &str| {
        if !body.trim().is_empty() {
            out.push_str(&format!("\n## {title}\n\n{}\n", body.trim()));
        }
    };
    section("Why", &meta.why);
    section("Leaves alone", &meta.leaves_alone);
    section("Notes", &meta.notes);
    section("Unsafe when", &meta.unsafe_when);
    let lang = if meta.before.trim_start().starts_with("FROM") || meta.before.contains("\nFROM ") { "dockerfile" } else if meta.id.starts_with("dockerignore") { "gitignore" } else { "yaml" };
    out.push_str(&format!("\n## Before\n\n```{lang}\n{}\n```\n", meta.before.trim_end()));
    out.push_str(&format!("\n## After\n\n```{lang}\n{}\n```\n", meta.after.trim_end()));
    out.push_str("\n<!-- Generated from transforms/");
    out.push_str(&meta.id);
    out.push_str(".toml by `DOCKFIX_BLESS=1 cargo test --test docs`; edit the catalog entry, not this page. -->\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_entry_parses() {
        let all = super::all();
        assert_eq!(all.len(), super::CATALOG.len());
        for meta in all {
            assert!(!meta.summary.is_empty() && !meta.why.is_empty(), "{}", meta.id);
            assert!(!meta.before.is_empty() && !meta.after.is_empty(), "{}", meta.id);
        }
    }
}
