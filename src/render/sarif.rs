//! SARIF 2.1.0 for code scanning: one rule per transform (its id, help URI, phase and safety),
//! each change a result on the file on disk with a repo-relative path, `partialFingerprints`
//! that survive edits above the finding, and `fixes` carrying the replacements on the original
//! bytes. Notes are `note` results; files dockfix could not take are tool notifications.

use super::path;
use crate::engine::{Applied, Run};
use serde_sarif::sarif;
use std::collections::{BTreeMap, HashMap};

pub fn render(run: &Run) -> String {
    let mut metas: Vec<&crate::catalog::Meta> = crate::catalog::all().iter().collect();
    metas.sort_by(|a, b| a.id.cmp(&b.id));
    let index: HashMap<&str, usize> = metas.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).collect();
    let rules: Vec<sarif::ReportingDescriptor> = metas
        .iter()
        .map(|m| {
            let mut properties = BTreeMap::new();
            properties.insert("phase".to_string(), serde_json::json!(m.phase.name()));
            properties.insert("safety".to_string(), serde_json::json!(m.safety.name()));
            sarif::ReportingDescriptor::builder()
                .id(m.id.clone())
                .name(m.id.clone())
                .short_description(sarif::MultiformatMessageString::builder().text(m.summary.clone()).build())
                .full_description(sarif::MultiformatMessageString::builder().text(m.why.clone()).build())
                .help_uri(format!("{}/{}.md", super::DOCS_URL, m.id))
                .help(sarif::MultiformatMessageString::builder().text(format!("{} Fix: dockfix apply --only {}", m.summary, m.id)).build())
                .default_configuration(sarif::ReportingConfiguration::builder().level(serde_json::json!("warning")).build())
                .properties(sarif::PropertyBag::builder().tags(vec![m.phase.name().to_string(), m.safety.name().to_string()]).additional_properties(properties).build())
                .build()
        })
        .collect();
    let mut fingerprints = super::Fingerprints::default();
    let mut results = Vec::new();
    for a in &run.applied {
        let file = path(run, a.file);
        let message = super::redact_secrets(&a.message, &run.secrets);
        let (end_line, end_column) = super::end_of(run, a);
        let region = sarif::Region::builder()
            .start_line(a.line as i64)
            .start_column(a.column as i64)
            .end_line(end_line as i64)
            .end_column(end_column as i64)
            .build();
        let mut result = sarif::Result::builder()
            .rule_id(a.transform)
            .rule_index(index.get(a.transform).copied().unwrap_or(0) as i64)
            .level(sarif::ResultLevel::Warning)
            .message(sarif::Message::builder().text(message.clone()).build())
            .locations(vec![location(&file, region)])
            .partial_fingerprints(BTreeMap::from([("dockfix/v1".to_string(), fingerprints.next(&file, a.transform, &message))]))
            .build();
        if let Some(fix) = fix(run, a, &file) {
            result.fixes = Some(vec![fix]);
        }
        results.push(result);
    }
    for n in &run.notes {
        let file = path(run, n.file);
        let mut builder = sarif::Result::builder()
            .level(sarif::ResultLevel::Note)
            .message(sarif::Message::builder().text(n.message.clone()).build())
            .locations(vec![location(&file, sarif::Region::builder().start_line(n.line as i64).build())])
            .partial_fingerprints(BTreeMap::from([("dockfix/v1".to_string(), fingerprints.next(&file, n.transform, &n.message))]))
            .build();
        if let Some(&i) = index.get(n.transform) {
            builder.rule_id = Some(n.transform.to_string());
            builder.rule_index = Some(i as i64);
        }
        results.push(builder);
    }
    let notifications: Vec<sarif::Notification> = run
        .errors
        .iter()
        .map(|e| {
            sarif::Notification::builder()
                .level(serde_json::json!("error"))
                .message(sarif::Message::builder().text(e.message.clone()).build())
                .locations(vec![location(&e.path, sarif::Region::builder().start_line(e.line.max(1) as i64).build())])
                .build()
        })
        .collect();
    let invocation = sarif::Invocation::builder()
        .execution_successful(run.errors.is_empty())
        .tool_execution_notifications(notifications)
        .build();
    let driver = sarif::ToolComponent::builder()
        .name("dockfix")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://github.com/dockfix/dockfix")
        .rules(rules)
        .build();
    let sarif_run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .original_uri_base_ids(BTreeMap::from([(
            "%SRCROOT%".to_string(),
            sarif::ArtifactLocation::builder().description(sarif::Message::builder().text("the folder dockfix ran in").build()).build(),
        )]))
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    let log = sarif::Sarif::builder().version(serde_json::json!("2.1.0")).schema(sarif::SCHEMA_URL).runs(vec![sarif_run]).build();
    serde_json::to_string_pretty(&log).expect("a SARIF log serializes") + "\n"
}

fn location(file: &str, region: sarif::Region) -> sarif::Location {
    sarif::Location::builder()
        .physical_location(
            sarif::PhysicalLocation::builder()
                .artifact_location(sarif::ArtifactLocation::builder().uri(uri(file)).uri_base_id("%SRCROOT%").build())
                .region(region)
                .build(),
        )
        .build()
}

/// A relative URI: `/` separators, characters outside the unreserved set percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.trim_start_matches("./").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The change's replacements on the original bytes; none for a created file, a file whose
/// contents are never shown (`.env`), or an edit inside text an earlier pass inserted.
fn fix(run: &Run, a: &Applied, file: &str) -> Option<sarif::Fix> {
    let source = &run.project.files[a.file];
    if source.created.is_some() || matches!(source.kind, crate::discover::FileKind::Env | crate::discover::FileKind::Secret) {
        return None;
    }
    let mut replacements = Vec::new();
    for edit in &a.edits {
        let range = source.history.original_range(a.pass, edit.range.clone())?;
        let text = super::redact_secrets(&edit.text, &run.secrets);
        if text != edit.text {
            return None;
        }
        let mut replacement = sarif::Replacement::builder()
            .deleted_region(sarif::Region::builder().byte_offset(range.start as i64).byte_length(range.len() as i64).build())
            .build();
        if !text.is_empty() {
            replacement.inserted_content = Some(sarif::ArtifactContent::builder().text(text).build());
        }
        replacements.push(replacement);
    }
    let change = sarif::ArtifactChange::builder()
        .artifact_location(sarif::ArtifactLocation::builder().uri(uri(file)).uri_base_id("%SRCROOT%").build())
        .replacements(replacements)
        .build();
    Some(sarif::Fix::builder().description(sarif::Message::builder().text(a.message.clone()).build()).artifact_changes(vec![change]).build())
}
