//! Embeds the catalog: every `transforms/<id>.toml` that declares a transform (knowledge files
//! such as `images.toml` and `secrets.toml` are embedded by the modules that read them).

use std::fmt::Write;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(&dir)
        .expect("transforms/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.lines().any(|l| l.starts_with("phase ="))))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    entries.sort();
    let mut out = String::from("/// Every catalog entry: (id, text), sorted by id.\npub const FILES: &[(&str, &str)] = &[\n");
    for (id, path) in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(out, "    ({id:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let target = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog_files.rs");
    std::fs::write(target, out).unwrap();
}
