//! Compiles the catalog into the binary: every `transforms/*.toml` becomes a `Data` static
//! (`src/data.rs`), so no TOML is parsed when dockfix runs. A catalog entry with a bad phase or
//! safety, or a file that is not TOML, fails the build with the file's name.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("transforms/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            println!("cargo:rerun-if-changed={}", p.display());
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_stem().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect();
    entries.sort();
    let mut out = String::new();
    let mut catalog = String::from("/// Every transform's catalog entry, sorted by id.\npub static CATALOG: &[(&str, Data)] = &[\n");
    for (id, text) in &entries {
        let doc: toml_edit::DocumentMut = text.parse().unwrap_or_else(|e| panic!("transforms/{id}.toml: {e}"));
        let data = table(doc.as_table());
        match id.as_str() {
            "images" => writeln!(out, "/// `transforms/images.toml`.\npub static IMAGES: Data = {data};").unwrap(),
            "secrets" => writeln!(out, "/// `transforms/secrets.toml`.\npub static SECRETS: Data = {data};").unwrap(),
            _ => {
                let field = |key: &str| doc.get(key).and_then(|v| v.as_str()).unwrap_or_default().trim().to_string();
                if field("phase").is_empty() {
                    continue;
                }
                assert!(["security", "reliability", "performance", "operations"].contains(&field("phase").as_str()), "transforms/{id}.toml: bad phase");
                assert!(["safe", "unsafe"].contains(&field("safety").as_str()), "transforms/{id}.toml: bad safety");
                assert!(field("id").is_empty() || field("id") == *id, "transforms/{id}.toml names another id");
                writeln!(catalog, "    ({id:?}, {data}),").unwrap();
            }
        }
    }
    catalog.push_str("];\n");
    out.push_str(&catalog);
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog_data.rs");
    std::fs::write(target, out).unwrap();
}

fn table(table: &toml_edit::Table) -> String {
    let entries: Vec<String> =
        table.iter().filter_map(|(k, item)| item_data(item).map(|v| format!("(Cow::Borrowed({k:?}), {v})"))).collect();
    format!("Data::Table(Cow::Borrowed(&[{}]))", entries.join(", "))
}

fn item_data(item: &toml_edit::Item) -> Option<String> {
    match item {
        toml_edit::Item::None => None,
        toml_edit::Item::Value(value) => Some(value_data(value)),
        toml_edit::Item::Table(t) => Some(table(t)),
        toml_edit::Item::ArrayOfTables(tables) => {
            let items: Vec<String> = tables.iter().map(table).collect();
            Some(format!("Data::Array(Cow::Borrowed(&[{}]))", items.join(", ")))
        }
    }
}

fn value_data(value: &toml_edit::Value) -> String {
    use toml_edit::Value;
    match value {
        Value::String(s) => format!("Data::Str(Cow::Borrowed({:?}))", s.value()),
        Value::Integer(i) => format!("Data::Int({})", i.value()),
        Value::Float(f) => format!("Data::Float({:?})", f.value()),
        Value::Boolean(b) => format!("Data::Bool({})", b.value()),
        Value::Datetime(d) => format!("Data::Str(Cow::Borrowed({:?}))", d.value().to_string()),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(value_data).collect();
            format!("Data::Array(Cow::Borrowed(&[{}]))", items.join(", "))
        }
        Value::InlineTable(t) => {
            let entries: Vec<String> = t.iter().map(|(k, v)| format!("(Cow::Borrowed({k:?}), {})", value_data(v))).collect();
            format!("Data::Table(Cow::Borrowed(&[{}]))", entries.join(", "))
        }
    }
}
