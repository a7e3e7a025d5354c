//! Machine-readable output: every change with its place in the file on disk, transform, phase,
//! safety, notes and edits, and each changed file's diff. `docs/schema/output.schema.json`
//! describes it; `schema_version` changes when a field changes meaning or goes away.

use super::{Context, path, shown_text};
use crate::engine::Run;
use serde_json::{Value, json};

pub const SCHEMA_VERSION: u32 = 2;

pub fn render(run: &Run, context: &Context) -> String {
    let changes: Vec<Value> = run
        .applied
        .iter()
        .map(|a| {
            let meta = crate::catalog::meta(a.transform);
            let (end_line, end_column) = super::end_of(run, a);
            let edits: Vec<Value> = a
                .edits
                .iter()
                .map(|e| json!({"start": e.range.start, "end": e.range.end, "rank": e.rank, "text": shown_text(run, a.file, &e.text)}))
                .collect();
            let notes: Vec<&str> = super::notes_of(run, a).map(|n| n.message.as_str()).collect();
            json!({
                "file": path(run, a.file),
                "start": {"line": a.line, "column": a.column},
                "end": {"line": end_line, "column": end_column},
                "transform": a.transform,
                "phase": meta.phase.name(),
                "safety": meta.safety.name(),
                "message": super::redact_secrets(&a.message, &run.secrets),
                "notes": notes,
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
    let changed = run.changed_files();
    // Diffs made on every core (see `cli::print_text`).
    let diffs = crate::parallel::map_ref(&changed, |&i| super::file_diff(run, i));
    let files: Vec<Value> = changed
        .iter()
        .zip(diffs)
        .map(|(&i, diff)| json!({"path": path(run, i), "created": run.project.files[i].created.is_some(), "diff": diff}))
        .collect();
    let problem = |e: &crate::error::InputError| json!({"file": e.path, "line": e.line.max(1), "column": e.column.max(1), "message": e.message});
    let report = json!({
        "schema_version": SCHEMA_VERSION,
        "dockfix_version": env!("CARGO_PKG_VERSION"),
        "mode": context.mode.name(),
        "written": context.written,
        "changes": changes,
        "notes": notes,
        "warnings": run.warnings.iter().map(problem).collect::<Vec<_>>(),
        "errors": run.errors.iter().map(problem).collect::<Vec<_>>(),
        "files": files,
    });
    serde_json::to_string_pretty(&report).expect("a JSON value serializes") + "\n"
}
