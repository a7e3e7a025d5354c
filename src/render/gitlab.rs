//! GitLab's Code Quality report: a JSON array of issues, each with a fingerprint that stays the
//! same while the finding does (so GitLab can tell new findings from old ones).

use super::path;
use crate::engine::Run;
use serde_json::{Value, json};

pub fn render(run: &Run) -> String {
    let mut issues: Vec<Value> = Vec::new();
    let mut fingerprints = super::Fingerprints::default();
    for a in &run.applied {
        let file = path(run, a.file);
        let message = super::redact_secrets(&a.message, &run.secrets);
        let (end, _) = super::end_of(run, a);
        let unsafe_fix = crate::catalog::meta(a.transform).safety == crate::catalog::Safety::Unsafe;
        issues.push(json!({
            "description": message,
            "check_name": a.transform,
            "fingerprint": fingerprints.next(&file, a.transform, &message),
            "severity": if unsafe_fix { "major" } else { "minor" },
            "categories": ["Security"],
            "location": {"path": file, "lines": {"begin": a.line, "end": end}},
        }));
    }
    for n in &run.notes {
        let file = path(run, n.file);
        issues.push(json!({
            "description": n.message,
            "check_name": n.transform,
            "fingerprint": fingerprints.next(&file, n.transform, &n.message),
            "severity": "info",
            "location": {"path": file, "lines": {"begin": n.line}},
        }));
    }
    for e in &run.errors {
        issues.push(json!({
            "description": e.message,
            "check_name": "dockfix",
            "fingerprint": fingerprints.next(&e.path, "dockfix", &e.message),
            "severity": "critical",
            "location": {"path": e.path, "lines": {"begin": e.line.max(1)}},
        }));
    }
    serde_json::to_string_pretty(&issues).expect("a JSON value serializes") + "\n"
}
