//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the dockfix binary in `dir` with no terminal on stdin.
pub fn dockfix(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_dockfix"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("NO_COLOR")
        .output()
        .expect("dockfix runs");
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Copies a folder tree (regular files only).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                // A dangling link or an unreadable file shows as missing content.
                files.insert(relative, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    files
}

/// A check that cannot run here: a failure under `CI=true` (`.ci/run` installs everything the
/// tests need), a `SKIPPED` line elsewhere.
pub fn skip(reason: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true, but a check cannot run: {reason}");
    }
    println!("SKIPPED: {reason}");
}

/// `../shared/corpus`, when it is there.
pub fn corpus() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if path.is_dir() {
        Some(path)
    } else {
        skip("../shared/corpus is not beside the repository");
        None
    }
}

/// Every file under `dir` whose name satisfies `keep`, sorted.
pub fn files_named(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if keep(&path.file_name().unwrap().to_string_lossy()) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A note's wording without its particulars, to count notes by reason: quoted names and numbers
/// become placeholders, a parenthesised aside and anything past `width` characters are dropped.
pub fn note_reason(message: &str, width: usize) -> String {
    let general: String = message
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { "`…`".to_string() } else { part.replace(|c: char| c.is_ascii_digit(), "") })
        .collect();
    general.split(" (").next().unwrap_or(&general).chars().take(width).collect()
}

/// Parses each file with BuildKit's parser through the PyPI `dockerfile` binding.
pub fn buildkit_parses(files: &[std::path::PathBuf]) {
    let probe = std::process::Command::new("python3").args(["-c", "import dockerfile"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        skip(&format!("BuildKit check (pip install dockerfile); {} changed files not checked", files.len()));
        return;
    }
    let list = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(list.path(), files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join("\n")).unwrap();
    let script = "import dockerfile, sys\nbad = 0\nfor path in open(sys.argv[1]).read().split('\\n'):\n    try:\n        dockerfile.parse_file(path)\n    except Exception as e:\n        bad += 1\n        print(path, e)\nprint(bad)\n";
    let out = std::process::Command::new("python3").args(["-c", script]).arg(list.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout.trim().lines().last(), Some("0"), "BuildKit rejects:\n{stdout}");
    println!("BuildKit's parser accepts all {} changed Dockerfiles", files.len());
}

/// Every changed file that validated against the Compose schema before still does.
pub fn validate_schema(before: &BTreeMap<PathBuf, String>, changed: &[PathBuf]) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/compose-spec.json");
    let probe = std::process::Command::new("python3").args(["-c", "import jsonschema, yaml"]).output();
    if !schema.is_file() || !probe.is_ok_and(|o| o.status.success()) {
        skip("schema check (pip install jsonschema pyyaml; ../shared/schemas/compose-spec.json)");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let mut list = String::new();
    for (index, path) in changed.iter().enumerate() {
        let old = work.path().join(format!("{index}.yml"));
        std::fs::write(&old, &before[path]).unwrap();
        list.push_str(&format!("{}\t{}\n", old.display(), path.display()));
    }
    std::fs::write(work.path().join("list"), list).unwrap();
    let script = r#"
import json, sys, yaml, jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft7Validator(schema)
def valid(path):
    try:
        return not list(validator.iter_errors(yaml.safe_load(open(path))))
    except Exception:
        return False
was, broken = 0, []
for line in open(sys.argv[2]).read().splitlines():
    old, new = line.split('\t')
    if valid(old):
        was += 1
        if not valid(new):
            broken.append(new)
print(was)
for b in broken:
    print("BROKEN", b)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&schema)
        .arg(work.path().join("list"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!stdout.contains("BROKEN"), "files no longer valid against the Compose schema:\n{stdout}");
    let valid_before = stdout.lines().next().unwrap_or("0");
    println!("Compose schema: {valid_before} of {} changed files were valid before, and all still are", changed.len());
}

/// Which of `files` `docker-compose config` loads (by Compose itself, v1.29 on these machines);
/// `None` when docker-compose is not installed.
pub fn compose_loads(files: &[PathBuf]) -> Option<Vec<bool>> {
    Command::new("docker-compose").arg("version").output().ok()?;
    Some(
        files
            .iter()
            .map(|file| {
                let folder = file.parent().unwrap_or(Path::new("."));
                let name = file.file_name().unwrap_or_default();
                Command::new("docker-compose")
                    .arg("-f")
                    .arg(name)
                    .arg("config")
                    .current_dir(folder)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
            })
            .collect(),
    )
}

/// `docker-compose config` of `files` (given with `-f`, in order) in `folder`, as a loaded
/// document in canonical form (mapping keys and unordered lists sorted), with every required
/// variable (`${NAME:?...}`) set to a placeholder so that Compose can resolve the files. `Err`
/// holds Compose's message.
pub fn compose_config(folder: &Path, files: &[&str]) -> Result<yaml_rust2::Yaml, String> {
    let mut command = Command::new("docker-compose");
    for file in files {
        command.arg("-f").arg(file);
        let text = std::fs::read_to_string(folder.join(file)).unwrap_or_default();
        for (at, _) in text.match_indices("${") {
            let name: String = text[at + 2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                command.env(&name, "placeholder");
            }
        }
    }
    let out = command.arg("config").current_dir(folder).output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let text = String::from_utf8_lossy(&out.stdout).replace(&folder.display().to_string(), "<dir>");
    let doc = yaml_rust2::YamlLoader::load_from_str(&text).map_err(|e| e.to_string())?.remove(0);
    Ok(dockfix::syntax::compose_merge::merge(&unordered_lists(empty_as_null(doc)), &yaml_rust2::Yaml::Null))
}

/// docker-compose 1.29 merges a service's lists from several files as sets, printing them in
/// another order than one file gives (`links`, `volumes`), prints `extra_hosts` as a mapping
/// once merged (`host: ip` against `- host:ip`), and a link under the service's own name as
/// `db:db` for one file but `db` once merged. `dns` and `dns_search` keep their order: it is
/// the order the resolver asks in. Compose gives neither order nor form a meaning:
/// the lists are sorted and `extra_hosts` written as a list before comparing.
fn unordered_lists(doc: yaml_rust2::Yaml) -> yaml_rust2::Yaml {
    use yaml_rust2::Yaml;
    const UNORDERED: &[&str] = &[
        "volumes", "links", "external_links", "extra_hosts", "ports", "expose", "cap_add", "cap_drop",
        "security_opt", "devices", "tmpfs", "networks",
    ];
    let Yaml::Hash(mut root) = doc else { return doc };
    let key = Yaml::String("services".into());
    if let Some(Yaml::Hash(services)) = root.get_mut(&key) {
        for (_, service) in services.iter_mut() {
            let Yaml::Hash(service) = service else { continue };
            for (name, value) in service.iter_mut() {
                if !name.as_str().is_some_and(|n| UNORDERED.contains(&n)) {
                    continue;
                }
                if let (Some("extra_hosts"), Yaml::Hash(hosts)) = (name.as_str(), &*value) {
                    let items = hosts
                        .iter()
                        .filter_map(|(host, ip)| Some(Yaml::String(format!("{}:{}", host.as_str()?, ip.as_str()?))))
                        .collect();
                    *value = Yaml::Array(items);
                }
                if let Yaml::Array(items) = value {
                    // A link to a service under its own name: `db` and `db:db` are one link
                    // (1.29 prints the second for one file, the first once it merged two).
                    if name.as_str() == Some("links") {
                        for item in items.iter_mut() {
                            if let Some((service, alias)) = item.as_str().and_then(|l| l.split_once(':')).filter(|(s, a)| s == a) {
                                debug_assert_eq!(service, alias);
                                *item = Yaml::String(service.to_string());
                            }
                        }
                    }
                    items.sort();
                }
            }
        }
    }
    Yaml::Hash(root)
}

/// What docker-compose 1.29 prints, without its merge artifacts: it prints an empty mapping as
/// `null` for one file and `{}` once it merged two (`networks: {elastic: null}` against
/// `{elastic: {}}`), and drops extension fields (`x-develop`) inside services when it merges
/// files. Neither changes the configuration (Compose ignores `x-` fields); dockfix's own merge
/// still compares them.
fn empty_as_null(doc: yaml_rust2::Yaml) -> yaml_rust2::Yaml {
    use yaml_rust2::Yaml;
    match doc {
        Yaml::Hash(hash) if hash.is_empty() => Yaml::Null,
        Yaml::Hash(hash) => Yaml::Hash(
            hash.into_iter()
                .filter(|(k, _)| !k.as_str().is_some_and(|k| k.starts_with("x-")))
                .map(|(k, v)| (k, empty_as_null(v)))
                .collect(),
        ),
        Yaml::Array(items) => Yaml::Array(items.into_iter().map(empty_as_null).collect()),
        other => other,
    }
}

/// Proves that a base file and the override file dockfix split it into mean what the original
/// files meant: by dockfix's own merge (Compose's rules) and by `docker-compose config` (when
/// `compose` is true). `before`/`after` are folders holding the same file names; `override_name`
/// may be absent from `before`.
pub fn split_means_the_same(before: &Path, after: &Path, base: &str, override_name: &str, compose: bool) -> Result<(), String> {
    use dockfix::syntax::compose_merge::merge;
    let load = |folder: &Path, name: &str| -> yaml_rust2::Yaml {
        std::fs::read_to_string(folder.join(name))
            .ok()
            .and_then(|t| yaml_rust2::YamlLoader::load_from_str(&t).ok())
            .and_then(|mut d| (!d.is_empty()).then(|| d.remove(0)))
            .unwrap_or(yaml_rust2::Yaml::Null)
    };
    let own_before = merge(&load(before, base), &load(before, override_name));
    let own_after = merge(&load(after, base), &load(after, override_name));
    if own_before != own_after {
        return Err(format!("{base} + {override_name}: dockfix's merge differs after the split"));
    }
    if compose {
        let files_before: Vec<&str> = if before.join(override_name).exists() { vec![base, override_name] } else { vec![base] };
        let old = compose_config(before, &files_before).map_err(|e| format!("the original does not load: {e}"))?;
        let new = compose_config(after, &[base, override_name]).map_err(|e| format!("the split files do not load: {e}"))?;
        if old != new {
            return Err(format!("{base} + {override_name}: docker-compose config differs after the split"));
        }
    }
    Ok(())
}

/// Runs `command` (a shell command line) on a pseudo-terminal with util-linux `script`, in
/// `dir` with `env`, reads its screen until the `[y/N] ` prompt shows, calls `meanwhile`, then
/// types `answer` as a person would. Returns the exit code and the screen (CR LF as LF); `None`
/// when `script` is missing (a skip, or a failure under CI=true).
pub fn answer_prompt(dir: &Path, command: &str, env: &[(&str, &str)], meanwhile: impl FnOnce(), answer: &str) -> Option<(Option<i32>, String)> {
    use std::io::{Read, Write};
    if !Command::new("script").arg("--version").output().is_ok_and(|o| o.status.success()) {
        skip("util-linux `script` is not installed: the prompt is not exercised");
        return None;
    }
    let mut child = Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .current_dir(dir)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("script runs");
    let mut stdout = child.stdout.take().unwrap();
    let mut screen = Vec::new();
    let mut byte = [0u8; 1];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !String::from_utf8_lossy(&screen).ends_with("[y/N] ") && std::time::Instant::now() < deadline {
        if stdout.read(&mut byte).unwrap_or(0) == 0 {
            break;
        }
        screen.push(byte[0]);
    }
    meanwhile();
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(format!("{answer}\n").as_bytes());
    let _ = stdout.read_to_end(&mut screen);
    drop(stdin);
    let status = child.wait().unwrap();
    Some((status.code(), String::from_utf8_lossy(&screen).replace("\r\n", "\n").replace('\r', "")))
}
