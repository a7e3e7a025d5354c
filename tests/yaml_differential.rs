//! The YAML semantic view dockfix decides on (yaml-rust2, behind `YamlDoc::parse`) against a
//! second YAML 1.2 library, ruamel.yaml, over every compose file of the corpus: the same
//! documents, value for value (strings, integers, floats, booleans, nulls, sequences, mappings
//! with their keys), merge keys resolved. A file one library loads and the other refuses is
//! reported; a file both load must mean the same to both.

mod common;

use dockfix::syntax::yaml::YamlDoc;
use serde_json::{Value, json};
use std::process::Command;
use yaml_rust2::Yaml;

/// A typed JSON view of a YAML value: `{"int": "5"}`, `{"str": "x"}`, ... so that `5` and `"5"`
/// stay apart.
fn typed(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::String(s) => json!({"str": s}),
        Yaml::Integer(i) => json!({"int": i.to_string()}),
        Yaml::Real(r) => json!({"float": r.parse::<f64>().map(|f| format!("{f:?}")).unwrap_or_else(|_| r.clone())}),
        Yaml::Boolean(b) => json!({"bool": b}),
        Yaml::Null => json!({"null": null}),
        Yaml::Array(items) => json!({"seq": items.iter().map(typed).collect::<Vec<_>>()}),
        Yaml::Hash(map) => {
            // Merge keys resolved the way dockfix reads them.
            let map = dockfix::syntax::yaml::value::merged(map);
            let mut pairs: Vec<(String, Value)> = map.iter().map(|(k, v)| (typed(k).to_string(), typed(v))).collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            json!({"map": pairs.into_iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>()})
        }
        Yaml::Alias(_) | Yaml::BadValue => json!({"bad": null}),
    }
}

const RUAMEL: &str = r#"
import json, sys, math
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=True)

def key(v):
    return json.dumps(typed(v), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

def typed(v):
    if isinstance(v, bool):
        return {"bool": v}
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": repr(v) if not math.isinf(v) and not math.isnan(v) else str(v)}
    if v is None:
        return {"null": None}
    if isinstance(v, str):
        return {"str": v}
    if isinstance(v, list):
        return {"seq": [typed(x) for x in v]}
    if isinstance(v, dict):
        pairs = sorted((key(k), typed(x)) for k, x in v.items())
        return {"map": [[k, x] for k, x in pairs]}
    return {"other": str(type(v))}

for path in sys.stdin.read().splitlines():
    try:
        docs = list(yaml.load_all(open(path, encoding="utf-8")))
        doc = docs[0] if len(docs) == 1 else None
        print(json.dumps({"path": path, "doc": typed(doc) if len(docs) == 1 else None, "count": len(docs)}, ensure_ascii=False))
    except Exception as e:
        print(json.dumps({"path": path, "error": type(e).__name__}))
"#;

#[test]
fn yaml_rust2_and_ruamel_read_the_corpus_alike() {
    let Some(corpus) = common::corpus() else {
        common::skip("the YAML differential test (no ../shared/corpus)");
        return;
    };
    if !Command::new("python3").args(["-c", "import ruamel.yaml"]).output().is_ok_and(|o| o.status.success()) {
        common::skip("the YAML differential test (pip install ruamel.yaml)");
        return;
    }
    let files = common::files_named(&corpus, |n| (n.ends_with(".yml") || n.ends_with(".yaml")) && n.contains("compose"));
    let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    let mut child = Command::new("python3")
        .args(["-c", RUAMEL])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(list.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let theirs: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let (mut same, mut only_ours, mut only_theirs, mut neither) = (0, Vec::new(), Vec::new(), 0);
    let mut different = Vec::new();
    for (path, their) in files.iter().zip(&theirs) {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let ours = YamlDoc::parse(&text).ok();
        let name = path.strip_prefix(&corpus).unwrap().display().to_string();
        let their_doc = their.get("doc").filter(|d| !d.is_null());
        match (ours, their_doc) {
            (Some(doc), Some(their_doc)) => {
                let mine = typed(&doc.doc);
                if &mine == their_doc {
                    same += 1;
                } else {
                    different.push(format!("{name}: {}", first_difference(&mine, their_doc)));
                }
            }
            (Some(_), None) => only_ours.push(format!("{name} ({})", their.get("error").and_then(Value::as_str).unwrap_or("several documents"))),
            (None, Some(_)) => only_theirs.push(name),
            (None, None) => neither += 1,
        }
    }
    println!(
        "YAML differential over {} corpus compose files: {same} alike, {} different, {} loaded by yaml-rust2 only, {} by ruamel.yaml only, {neither} by neither",
        files.len(),
        different.len(),
        only_ours.len(),
        only_theirs.len()
    );
    for line in only_ours.iter().chain(&only_theirs) {
        println!("  one library only: {line}");
    }
    assert!(same > 100, "most files compared");
    assert!(different.is_empty(), "yaml-rust2 and ruamel.yaml read these differently:\n{}", different.join("\n"));
    assert!(only_theirs.is_empty(), "ruamel.yaml loads files dockfix refuses: {only_theirs:?}");
}

/// Where two typed values first differ, as a path.
fn first_difference(a: &Value, b: &Value) -> String {
    fn walk(a: &Value, b: &Value, path: String) -> Option<String> {
        if a == b {
            return None;
        }
        match (a, b) {
            (Value::Object(x), Value::Object(y)) if x.keys().eq(y.keys()) => {
                x.iter().find_map(|(k, v)| walk(v, &y[k], format!("{path}/{k}")))
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                x.iter().zip(y).enumerate().find_map(|(i, (v, w))| walk(v, w, format!("{path}[{i}]")))
            }
            _ => Some(format!("{path}: {} vs {}", short(a), short(b))),
        }
    }
    walk(a, b, String::new()).unwrap_or_default()
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.len() > 120 { format!("{}…", &text[..text.char_indices().nth(120).map_or(text.len(), |(i, _)| i)]) } else { text }
}
