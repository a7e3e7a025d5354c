//! `docs/transforms/<id>.md` is generated from the one registry and its catalog entries, like
//! `dockfix explain`: a page that is out of date, missing or left over fails here.
//! `DOCKFIX_BLESS=1 cargo test --test docs` writes the pages again.

use std::path::Path;

#[test]
fn transform_pages_are_generated_from_the_registry() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/transforms");
    let bless = std::env::var_os("DOCKFIX_BLESS").is_some();
    let mut stale = Vec::new();
    let mut expected_names = Vec::new();
    for registered in dockfix::transforms::registry() {
        let name = format!("{}.md", registered.id);
        let page = dockfix::catalog::page(registered.meta());
        let path = folder.join(&name);
        if bless {
            std::fs::write(&path, &page).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            stale.push(name.clone());
        }
        expected_names.push(name);
    }
    let extra: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !expected_names.contains(name))
        .collect();
    assert!(extra.is_empty(), "pages of no registered transform: {extra:?}");
    assert!(stale.is_empty(), "out of date (DOCKFIX_BLESS=1 cargo test --test docs): {stale:?}");
}

#[test]
fn explain_prints_the_same_page() {
    let registered = &dockfix::transforms::registry()[0];
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dockfix")).args(["explain", registered.id]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), dockfix::catalog::page(registered.meta()));
}

#[test]
fn every_catalog_entry_is_registered_once() {
    let mut ids: Vec<&str> = dockfix::transforms::registry().iter().map(|t| t.id).collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "an id is registered twice");
    let catalog: Vec<&str> = dockfix::catalog::all().iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, catalog, "every transforms/<id>.toml has one registry line, and every line an entry");
}
