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
            let edits: Vec<Value> =
                a.edits.iter().map(|e| json!({"start": e.range.start, "end": e.range.end, "rank": e.rank, "text": super::shown_text(run, a.file, &e.text)})).collect();
            json!({
                "file": path(run, a.file),
                "line": a.line,
                "column": a.column,
                "transform": a.transform,
                "safety": safety(a.transform),
                "message": a.message,
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
        .map(|i| json!({"path": path(run, i), "created": run.project.files[i].created.is_some(), "diff": super::file_diff(run, i)}))
        .collect();
    let errors: Vec<Value> = run
        .errors
        .iter()
        .map(|e| json!({"file": e.path, "line": e.line.max(1), "column": e.column.max(1), "message": e.message}))
        .collect();
    let report = json!({
        "schema_version": SCHEMA_VERSION,
        "mode": mode.name(),
        "written": written,
        "changes": changes,
        "notes": notes,
        "errors": errors,
        "files": files,
    });
    serde_json::to_string_pretty(&report).expect("a JSON value serializes") + "\n"
}
