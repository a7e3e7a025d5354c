//! Property tests for the YAML edit recipes: random compose documents in random styles (indent
//! width, indented or flush sequences, flow or block collections, comments, blank lines, CRLF, a
//! missing final newline) go through every recipe, alone and combined in one pass the way the
//! engine combines changes. Properties: no panic; the edits are accepted by `edit::check`; the
//! result parses and means exactly the document plus the intended change.

use dockfix::edit::{self, Edit};
use dockfix::syntax::yaml::locate::{self, Seg, key};
use dockfix::syntax::yaml::value::YamlOp;
use dockfix::syntax::yaml::{Value, YamlDoc};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Service {
    name: String,
    image_quoted: bool,
    ports: Option<(bool, Vec<u16>)>,
    environment: Option<(bool, Vec<(String, String)>)>,
    comment_after: bool,
    blank_after: bool,
}

#[derive(Debug, Clone)]
struct Style {
    indent: usize,
    indent_sequences: bool,
    crlf: bool,
    final_newline: bool,
    top_comment: bool,
}

fn service() -> impl Strategy<Value = Service> {
    (
        "[a-z]{1,6}",
        any::<bool>(),
        proptest::option::of((any::<bool>(), proptest::collection::vec(1u16..9999, 1..3))),
        proptest::option::of((any::<bool>(), proptest::collection::vec(("[A-Z]{1,5}", "[a-z0-9]{1,6}"), 1..3))),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(name, image_quoted, ports, environment, comment_after, blank_after)| Service {
            name,
            image_quoted,
            ports,
            environment,
            comment_after,
            blank_after,
        })
}

fn style() -> impl Strategy<Value = Style> {
    (prop_oneof![Just(2usize), Just(4)], any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(indent, indent_sequences, crlf, final_newline, top_comment)| Style {
            indent,
            indent_sequences,
            crlf,
            final_newline,
            top_comment,
        },
    )
}

fn render(services: &[Service], style: &Style) -> String {
    let pad = |level: usize| " ".repeat(level * style.indent);
    let mut lines = Vec::new();
    if style.top_comment {
        lines.push("# a stack".to_string());
    }
    lines.push("services:".to_string());
    let mut seen = Vec::new();
    for service in services {
        if seen.contains(&service.name) {
            continue;
        }
        seen.push(service.name.clone());
        lines.push(format!("{}{}:", pad(1), service.name));
        let image = if service.image_quoted { "\"nginx:1\"".to_string() } else { "nginx:1".to_string() };
        lines.push(format!("{}image: {image}", pad(2)));
        if let Some((flow, ports)) = &service.ports {
            if *flow {
                let items: Vec<String> = ports.iter().map(|p| format!("\"{p}:{p}\"")).collect();
                lines.push(format!("{}ports: [{}]", pad(2), items.join(", ")));
            } else {
                lines.push(format!("{}ports:", pad(2)));
                let dash = if style.indent_sequences { pad(3) } else { pad(2) };
                lines.extend(ports.iter().map(|p| format!("{dash}- \"{p}:{p}\"")));
            }
        }
        if let Some((flow, env)) = &service.environment {
            let mut env = env.clone();
            env.sort();
            env.dedup_by(|a, b| a.0 == b.0);
            if *flow {
                let items: Vec<String> = env.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                lines.push(format!("{}environment: {{{}}}", pad(2), items.join(", ")));
            } else {
                lines.push(format!("{}environment:", pad(2)));
                lines.extend(env.iter().map(|(k, v)| format!("{}{k}: {v}", pad(3))));
            }
        }
        if service.comment_after {
            lines.push(format!("{}# about the next one", pad(1)));
        }
        if service.blank_after {
            lines.push(String::new());
        }
    }
    let eol = if style.crlf { "\r\n" } else { "\n" };
    let mut text = lines.join(eol);
    if style.final_newline {
        text.push_str(eol);
    }
    text
}

/// Applies edits the way the engine does (checked, merged in one pass) and verifies the result.
fn check(doc: &YamlDoc, edits: Vec<Edit>, ops: Vec<YamlOp>) -> Result<String, TestCaseError> {
    let mut sorted = edits.clone();
    edit::check(&doc.text, &mut sorted).map_err(|e| TestCaseError::fail(format!("edits rejected: {e}")))?;
    let new = edit::apply(&doc.text, &edits).map_err(|e| TestCaseError::fail(e.to_string()))?;
    doc.verify(&new, &ops).map_err(|e| TestCaseError::fail(format!("{e}\n--- before\n{}\n--- after\n{new}", doc.text)))?;
    let full = YamlDoc::parse(&new).map_err(|e| TestCaseError::fail(e.message))?;
    // The engine verifies with the tree parsed incrementally from the old one: the same tree
    // as a full parse, and the same verdict.
    let incremental = doc.verified_after(Some(&sorted), &new, &ops).map_err(|e| TestCaseError::fail(format!("incrementally: {e}")))?;
    prop_assert!(locate::same_tree(incremental.tree(), full.tree()), "the incremental parse differs from a full parse of:\n{}", new);
    Ok(new)
}

fn service_path(name: &str) -> Vec<Seg> {
    vec![key("services"), key(name)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn every_recipe_means_what_it_says(services in proptest::collection::vec(service(), 1..4), style in style(), pick in 0usize..8, value in "[a-z]{1,8}") {
        let text = render(&services, &style);
        let doc = YamlDoc::parse(&text).map_err(|e| TestCaseError::fail(e.message))?;
        let names: Vec<String> = {
            let mut seen = Vec::new();
            for s in &services { if !seen.contains(&s.name) { seen.push(s.name.clone()); } }
            seen
        };
        let target = &names[pick % names.len()];
        let last = names.last().unwrap();
        let path = service_path(target);

        // Each recipe alone.
        let (edit, op) = doc.insert_key(&path, "restart", &Value::Plain("unless-stopped".into())).unwrap();
        check(&doc, vec![edit], vec![op])?;
        let nested = Value::Map(vec![("limits".into(), Value::Map(vec![("cpus".into(), Value::str("0.5"))]))]);
        let (edit, op) = doc.insert_key(&path, "deploy", &nested).unwrap();
        check(&doc, vec![edit], vec![op])?;
        let list = Value::Seq(vec![Value::str(&value), Value::str("yes")]);
        let (edit, op) = doc.insert_key(&path, "networks", &list).unwrap();
        check(&doc, vec![edit], vec![op])?;
        let (edit, op) = doc.replace_scalar(&[key("services"), key(target), key("image")], &Value::str(&format!("{value}: x, {{y}}"))).unwrap();
        check(&doc, vec![edit], vec![op])?;
        if let Ok((edit, op)) = doc.append_item(&[key("services"), key(target), key("ports")], &Value::str("127.0.0.1:1:1")) {
            check(&doc, vec![edit], vec![op])?;
        }

        // Several changes in one pass, the way the engine merges them: two keys at one point,
        // a removal beside an insertion (the shape that once crashed), a service key and a
        // top-level key at the end of the file.
        let (a, op_a) = doc.insert_key(&path, "init", &Value::Plain("true".into())).unwrap();
        let (b, op_b) = doc.insert_key(&path, "restart", &Value::Plain("always".into())).unwrap();
        check(&doc, vec![a.clone(), b.clone()], vec![op_a.clone(), op_b.clone()])?;
        for removed in ["ports", "environment"] {
            if let Ok((r, op_r)) = doc.remove_key(&path, removed) {
                check(&doc, vec![r.clone(), a.clone()], vec![op_r.clone(), op_a.clone()])?;
                check(&doc, vec![a.clone(), r], vec![op_a.clone(), op_r])?;
            }
        }
        let (top, op_top) = doc.insert_key(&[], "networks", &Value::Map(vec![("backend".into(), Value::Map(vec![("internal".into(), Value::Plain("true".into()))]))])).unwrap();
        let (svc, op_svc) = doc.insert_key(&service_path(last), "networks", &Value::Seq(vec![Value::Plain("backend".into())])).unwrap();
        check(&doc, vec![top, svc], vec![op_top, op_svc])?;
    }
}
