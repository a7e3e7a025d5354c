//! The YAML edit recipes on synthetic files: each edit lands where a person would put it, in the
//! file's own style, and passes verification (`after == before + intended change`).

use dockfix::edit::apply;
use dockfix::syntax::yaml::locate::{Seg, key};
use dockfix::syntax::yaml::{Value, YamlDoc};

fn path(keys: &[&str]) -> Vec<Seg> {
    keys.iter().map(|k| k.parse::<usize>().map(Seg::Index).unwrap_or_else(|_| key(k))).collect()
}

fn insert(text: &str, at: &[&str], name: &str, value: Value) -> String {
    let doc = YamlDoc::parse(text).unwrap();
    let (edit, op) = doc.insert_key(&path(at), name, &value).unwrap();
    let new = apply(text, &[edit]).unwrap();
    doc.verify(&new, &[op]).unwrap_or_else(|e| panic!("{e}:\n{new}"));
    new
}

fn append(text: &str, at: &[&str], value: Value) -> String {
    let doc = YamlDoc::parse(text).unwrap();
    let (edit, op) = doc.append_item(&path(at), &value).unwrap();
    let new = apply(text, &[edit]).unwrap();
    doc.verify(&new, &[op]).unwrap_or_else(|e| panic!("{e}:\n{new}"));
    new
}

fn plain(s: &str) -> Value {
    Value::Plain(s.into())
}

#[test]
fn key_goes_after_the_last_entry_not_after_comments_or_blank_lines() {
    let text = "services:\n  a:\n    image: x # pinned\n    # ports:\n    #  - 80\n\n  b:\n    image: y\n";
    let new = insert(text, &["services", "a"], "restart", plain("always"));
    assert_eq!(
        new,
        "services:\n  a:\n    image: x # pinned\n    restart: always\n    # ports:\n    #  - 80\n\n  b:\n    image: y\n"
    );
}

#[test]
fn crlf_bom_four_spaces_and_no_final_newline() {
    let text = "\u{feff}services:\r\n    a:\r\n        image: x";
    let new = insert(text, &["services", "a"], "init", plain("true"));
    assert_eq!(new, "\u{feff}services:\r\n    a:\r\n        image: x\r\n        init: true");
    let new = insert(text, &["services"], "b", Value::Map(vec![("image".into(), Value::str("web"))]));
    assert_eq!(new, "\u{feff}services:\r\n    a:\r\n        image: x\r\n    b:\r\n        image: web");
}

#[test]
fn nested_values_follow_the_file_style() {
    let indentless = "services:\n  a:\n    ports:\n    - \"80:80\"\n";
    let value = Value::Map(vec![("cap_drop".into(), Value::Seq(vec![Value::str("ALL")]))]);
    let new = insert(indentless, &["services", "a"], "x", value.clone());
    assert_eq!(new, "services:\n  a:\n    ports:\n    - \"80:80\"\n    x:\n      cap_drop:\n      - ALL\n");
    let indented = "services:\n  a:\n    ports:\n      - '80:80'\n";
    let new = insert(indented, &["services", "a"], "x", value);
    assert_eq!(new, "services:\n  a:\n    ports:\n      - '80:80'\n    x:\n      cap_drop:\n        - ALL\n");
    let new = insert(indented, &["services", "a"], "command", Value::str("yes"));
    assert_eq!(
        new, "services:\n  a:\n    ports:\n      - '80:80'\n    command: 'yes'\n",
        "single quotes, as the file uses"
    );
}

#[test]
fn block_scalar_ending_a_service() {
    let text = "services:\n  a:\n    command: |\n      run\n      more\n\n  b: {}\n";
    let new = insert(text, &["services", "a"], "restart", plain("always"));
    assert_eq!(new, "services:\n  a:\n    command: |\n      run\n      more\n    restart: always\n\n  b: {}\n");
}

#[test]
fn flow_mappings_one_line_multi_line_and_empty() {
    let new = insert("a: {x: 1}\n", &["a"], "z", plain("2"));
    assert_eq!(new, "a: {x: 1, z: 2}\n");
    let new = insert("a: {x: 1}\n", &["a"], "y", plain("2"));
    assert_eq!(new, "a: {x: 1, \"y\": 2}\n", "`y` is a YAML 1.1 boolean");
    let new = insert("a: { x: 1 }\n", &["a"], "z", Value::Seq(vec![plain("1"), Value::str("a b")]));
    assert_eq!(new, "a: { x: 1, z: [1, a b] }\n");
    let new = insert("a: {\n  x: 1\n}\n", &["a"], "z", plain("2"));
    assert_eq!(new, "a: {\n  x: 1,\n  z: 2\n}\n");
    let new = insert("a: {}\n", &["a"], "z", plain("2"));
    assert_eq!(new, "a: {z: 2}\n");
}

#[test]
fn sequences_block_indentless_flow_and_dash_gap() {
    let new = append("l:\n  - a\n  - b # last\n# end\n", &["l"], Value::str("c"));
    assert_eq!(new, "l:\n  - a\n  - b # last\n  - c\n# end\n");
    let new = append("l:\n- a\nm: 1\n", &["l"], Value::str("b"));
    assert_eq!(new, "l:\n- a\n- b\nm: 1\n");
    let new = append("l:\n  -   a\n", &["l"], Value::str("b"));
    assert_eq!(new, "l:\n  -   a\n  -   b\n");
    let new = append("l: [a, b]\n", &["l"], Value::str("on"));
    assert_eq!(new, "l: [a, b, \"on\"]\n", "YAML 1.1 booleans are quoted");
    let new = append(
        "l:\n  - name: a\n    v: 1\n",
        &["l"],
        Value::Map(vec![("name".into(), Value::str("b")), ("v".into(), plain("2"))]),
    );
    assert_eq!(new, "l:\n  - name: a\n    v: 1\n  - name: b\n    v: 2\n");
}

#[test]
fn replace_scalar_keeps_quotes_and_nothing_else() {
    let text = "a:\n  b: \"x\" # keep\n  c: 'y'\n  d: z\n";
    let doc = YamlDoc::parse(text).unwrap();
    let edits: Vec<_> = [("b", "new"), ("c", "it's"), ("d", "a: b")]
        .iter()
        .map(|(k, v)| doc.replace_scalar(&path(&["a", k]), &Value::str(v)).unwrap())
        .collect();
    let new = apply(text, &edits.iter().map(|(e, _)| e.clone()).collect::<Vec<_>>()).unwrap();
    assert_eq!(new, "a:\n  b: \"new\" # keep\n  c: 'it''s'\n  d: \"a: b\"\n", "a tie goes to double quotes");
    doc.verify(&new, &edits.into_iter().map(|(_, op)| op).collect::<Vec<_>>()).unwrap();
}

#[test]
fn anchors_merge_keys_and_aliases_verify() {
    let text = "x: &x\n  a: 1\ns:\n  one:\n    <<: *x\n    b: 2\n  two: *x\n";
    // Adding to the anchored mapping reaches its alias; verification accepts it because it
    // compares documents with aliases unexpanded.
    let new = insert(text, &["x"], "c", plain("3"));
    assert_eq!(new, "x: &x\n  a: 1\n  c: 3\ns:\n  one:\n    <<: *x\n    b: 2\n  two: *x\n");
    let new = insert(text, &["s", "one"], "c", plain("3"));
    assert!(new.contains("    b: 2\n    c: 3\n"));
}

#[test]
fn verification_catches_an_unintended_change() {
    let text = "a:\n  b: 1\n";
    let doc = YamlDoc::parse(text).unwrap();
    let (_, op) = doc.insert_key(&path(&["a"]), "c", &plain("2")).unwrap();
    assert!(doc.verify("a:\n  b: 1\n  c: 3\n", &[op.clone()]).is_err(), "wrong value");
    assert!(doc.verify("a:\n  b: 1\nc: 2\n", &[op.clone()]).is_err(), "wrong place");
    assert!(doc.verify("a:\n  b: 1\n  c: 2\n", &[op]).is_ok());
}

#[test]
fn refusals() {
    let doc = YamlDoc::parse("a:\n  b: 1\nl: x\n").unwrap();
    assert!(doc.insert_key(&path(&["a"]), "b", &plain("2")).is_err(), "existing key");
    assert!(doc.insert_key(&path(&["l"]), "b", &plain("2")).is_err(), "not a mapping");
    assert!(doc.append_item(&path(&["a"]), &plain("2")).is_err(), "not a sequence");
    assert!(doc.insert_key(&path(&["zz"]), "b", &plain("2")).is_err(), "no such path");
}

fn remove(text: &str, at: &[&str], name: &str) -> String {
    let doc = YamlDoc::parse(text).unwrap();
    let (edit, op) = doc.remove_key(&path(at), name).unwrap();
    let new = apply(text, &[edit]).unwrap();
    doc.verify(&new, &[op]).unwrap_or_else(|e| panic!("{e}:\n{new}"));
    new
}

#[test]
fn remove_key_block_flow_and_last_line() {
    let text =
        "s:\n  db:\n    image: pg\n    ports:\n      - 5432:5432 # debug\n    # volumes below\n    volumes: [data]\n";
    assert_eq!(
        remove(text, &["s", "db"], "ports"),
        "s:\n  db:\n    image: pg\n    # debug\n    # volumes below\n    volumes: [data]\n",
        "the comment of a removed line survives"
    );
    assert_eq!(remove("a: {x: 1, y: 2, z: 3}\n", &["a"], "y"), "a: {x: 1, z: 3}\n");
    assert_eq!(remove("a: {x: 1, y: 2}\n", &["a"], "y"), "a: {x: 1}\n");
    assert_eq!(remove("a:\r\n  x: 1\r\n  y: 2", &["a"], "y"), "a:\r\n  x: 1");
    let doc = YamlDoc::parse("a:\n  x: 1\n").unwrap();
    assert!(doc.remove_key(&path(&["a"]), "x").is_err(), "the only key");
}

#[test]
fn appended_items_copy_their_neighbours_quotes() {
    assert_eq!(append("p:\n  - \"80:80\"\n", &["p"], Value::str("443")), "p:\n  - \"80:80\"\n  - \"443\"\n");
    assert_eq!(append("p: ['a']\n", &["p"], Value::str("b")), "p: ['a', 'b']\n");
    assert_eq!(append("p: [a]\n", &["p"], Value::str("b")), "p: [a, b]\n");
}

#[test]
fn several_keys_in_one_edit() {
    for (text, expected) in [
        ("s:\n  a:\n    x: 1\n", "s:\n  a:\n    x: 1\n    p: 1\n    q:\n      - 2\n"),
        ("s:\n  a: {x: 1}\n", "s:\n  a: {x: 1, p: 1, q: [2]}\n"),
        ("s:\n  a: {}\n", "s:\n  a: {p: 1, q: [2]}\n"),
    ] {
        let doc = YamlDoc::parse(text).unwrap();
        let entries = [("p", plain("1")), ("q", Value::Seq(vec![plain("2")]))];
        let (edit, ops) = doc.insert_keys(&path(&["s", "a"]), &entries).unwrap();
        let new = apply(text, &[edit]).unwrap();
        doc.verify(&new, &ops).unwrap_or_else(|e| panic!("{e}:\n{new}"));
        assert_eq!(new, expected);
    }
}
