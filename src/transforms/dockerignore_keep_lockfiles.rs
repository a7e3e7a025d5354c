//! `dockerignore-keep-lockfiles`: lockfiles must reach the build context.
//!
//! **Why**: `npm ci`, `cargo build --locked`, `poetry install` need the lockfile; without it
//! the build fails or resolves fresh, unreviewed versions.
//! **How**: a line naming a lockfile exactly is commented out with a note above it; a wildcard
//! that catches a lockfile present in the context stays, followed by a `!<lockfile>` exception.
//! **Leaves alone**: a lockfile the repository's `.gitignore` ignores (a note when the line names
//! it): a developer's local lockfile is kept out of the build on purpose; and a lockfile whose
//! manifest (`package.json` for `pnpm-lock.yaml`) the same file leaves out: nothing installs it.
//! **Safety**: safe.

use super::{Expect, Place, Proposals, Transform};
use crate::discover::FileKind;
use crate::edit::Edit;
use crate::project::Project;
use crate::style;
use std::collections::BTreeMap;

pub struct DockerignoreKeepLockfiles;

const NOTE: &str = "# dockfix: lockfiles must reach the build (npm ci, cargo build --locked need them)";

impl Transform for DockerignoreKeepLockfiles {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        let lockfiles = out.meta().strings("lockfiles");
        let manifests: Vec<(String, String)> = out
            .meta()
            .doc
            .get("manifests")
            .and_then(|table| table.entries())
            .map(|entries| entries.iter().filter_map(|(lock, manifest)| Some((lock.to_string(), manifest.as_str()?.to_string()))).collect())
            .unwrap_or_default();
        for (file, ignore) in project.line_files(FileKind::DockerIgnore) {
            let context = project.folder(file);
            let eol = style::line_ending(&ignore.text);
            let mut exceptions: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
            let mut commented = Vec::new();
            let rules = ignore.rules();
            for lockfile in &lockfiles {
                let Some((line, pattern)) = rules.excluding(lockfile) else { continue };
                // A lockfile the repository keeps out of git (shlink's `composer.lock`) is a
                // developer's own: keeping it out of the build too is the same choice.
                if project.git_ignored(&context, lockfile) {
                    if names_exactly(&pattern, lockfile) {
                        out.note(file, ignore.lines[line].number, format!(
                            "`{pattern}` left as it is: {lockfile} is git-ignored here, so the build resolves its dependencies without it either way"
                        ));
                    }
                    continue;
                }
                // Its manifest left out too: the build installs nothing from either.
                let manifest = manifests.iter().find(|(lock, _)| lock == lockfile).map(|(_, manifest)| manifest);
                if let Some(manifest) = manifest.filter(|manifest| rules.excludes(manifest)) {
                    if names_exactly(&pattern, lockfile) {
                        out.note(file, ignore.lines[line].number, format!(
                            "`{pattern}` left as it is: {manifest} is left out of the build context too, so the build installs nothing from {lockfile}"
                        ));
                    }
                    continue;
                }
                // A top-level line for a lockfile the context does not hold keeps out a stray
                // one (`package-lock.json` in a yarn project, InvoiceShelf's): nothing to keep.
                let absent = project.disk.is_folder(&context) && !project.disk.listing(&context).iter().any(|name| name == lockfile);
                if names_exactly(&pattern, lockfile) && !pattern.starts_with("**/") && absent {
                    continue;
                }
                if names_exactly(&pattern, lockfile) {
                    if !commented.contains(&line) {
                        commented.push(line);
                    }
                } else if project.disk.listing(&context).iter().any(|name| name == lockfile) {
                    exceptions.entry(line).or_default().push(lockfile);
                }
            }
            for line in commented {
                let entry = &ignore.lines[line];
                let pattern = ignore.content(entry).trim();
                out.change(
                    file,
                    entry.number,
                    format!("`{pattern}` keeps a lockfile out of the build context; commented out"),
                    vec![Edit::insert(entry.content.start, format!("{NOTE}{eol}# "))],
                    Expect::Patterns { remove: vec![line], insert: Vec::new() },
                );
            }
            for (line, names) in exceptions {
                let entry = &ignore.lines[line];
                let pattern = ignore.content(entry).trim();
                let added: String = names.iter().map(|name| format!("{eol}!{name}")).collect();
                out.change(
                    file,
                    entry.number,
                    format!("`{pattern}` also excludes {}; added an exception", names.join(", ")),
                    vec![Edit::insert(entry.content.end, format!("{eol}{NOTE}{added}"))],
                    Expect::Patterns {
                        remove: Vec::new(),
                        insert: names.iter().map(|n| (Place::AfterLine(line), format!("!{n}"))).collect(),
                    },
                );
            }
        }
    }
}

/// `Cargo.lock`, `/Cargo.lock`, `**/Cargo.lock`: a line about this lockfile only.
fn names_exactly(pattern: &str, name: &str) -> bool {
    let cleaned = pattern.trim_start_matches("./").trim_start_matches('/');
    let cleaned = cleaned.strip_prefix("**/").unwrap_or(cleaned);
    cleaned == name
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::syntax::ignorefile::{LineFile, Rules, matcher};

    fn matches(pattern: &str, path: &str) -> bool {
        matcher(pattern).is_some_and(|m| m.is_match(path))
    }

    #[test]
    fn docker_matching() {
        assert!(matches("Cargo.lock", "Cargo.lock"));
        assert!(matches("/Cargo.lock", "Cargo.lock"));
        assert!(matches("**/Cargo.lock", "Cargo.lock"));
        assert!(matches("*.lock", "yarn.lock"));
        assert!(matches("*", "go.sum"));
        assert!(!matches("*.json", "yarn.lock"));
        assert!(!matches("sub/*.lock", "yarn.lock"));
        assert!(names_exactly("**/go.sum", "go.sum"));
        assert!(!names_exactly("*.lock", "yarn.lock"));
    }

    #[test]
    fn last_match_wins() {
        let rules = Rules::new(&LineFile::parse("*.lock\n!Cargo.lock\n"));
        assert_eq!(rules.excluding("Cargo.lock"), None);
        assert_eq!(rules.excluding("yarn.lock"), Some((0, "*.lock".to_string())));
        let rules = Rules::new(&LineFile::parse("!Cargo.lock\n*\n"));
        assert_eq!(rules.excluding("Cargo.lock"), Some((1, "*".to_string())));
    }
}
