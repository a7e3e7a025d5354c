//! Machine-readable output: every change with file, line, transform, safety and edits.

use super::{Mode, path, safety};
use crate::engine::Run;
use serde_json::{Value, json};

pub const SCHEMA_VERSION: u32 = 1;

pub fn render(run: &Run, mode: Mode, written: bool) -> String {
    let changes: Vec<Value> = run
        .applied
        .iter()
        .map(|a| {
            let c = &a.change;
            let edits: Vec<Value> =
                c.edits.iter().map(|e| json!({"start": e.range.start, "end": e.range.end, "text": super::shown_text(run, c.file, &e.text)})).collect();
            json!({
                "file": path(run, c.file),
                "line": c.line,
                "transform": c.transform,
                "safety": safety(c.transform),
                "message": c.message,
                "pass": a.pass,
                "edits": edits,
            })
        })
        .collect();
    let notes: Vec<Value> = run
        .notes
        .iter()
        .map(|n| json!({"file": path(run, n.file), "line": n.line, "transform": n.transform, "message": n.message}))
        .collect();
    let files: Vec<Value> = run
        .changed_files()
        .into_iter()
        .map(|i| json!({"path": path(run, i), "created": run.sources[i].created.is_some(), "diff": super::file_diff(run, i)}))
        .collect();
    let report = json!({
        "schema_version": SCHEMA_VERSION,
        "mode": mode.name(),
        "written": written,
        "changes": changes,
        "notes": notes,
        "files": files,
    });
    serde_json::to_string_pretty(&report).expect("a JSON value serializes") + "\n"
}
