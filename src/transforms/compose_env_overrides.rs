//! `compose-env-overrides`: development-only settings move from the compose file Compose loads
//! by default into its override file, and a production file states the production settings.
//!
//! **Why**: `docker compose up` reads `docker-compose.yml` and then, automatically,
//! `docker-compose.override.yml`. Settings only development needs — the source folder mounted
//! over the code the image already carries (live reload), a datastore's port published to the
//! host — belong in the override file; a deployment names its files (`-f docker-compose.yml -f
//! docker-compose.prod.yml`) and gets neither.
//! **How**: a bind mount is development-only when the service is built here and its Dockerfile
//! COPYs that same folder to that same container path (the image carries the code; the mount
//! only shadows it); anonymous volumes under such a mount (`/app/node_modules`) go with it. A
//! datastore (images.toml role) moves its `ports`. The entries are written to the override file
//! (created, or merged into: a service added, or items appended), and the move is proposed only
//! when base + override, merged by Compose's rules ([`crate::syntax::compose_merge`]), equal the
//! files before. `docker-compose.prod.yml` is created with `restart` and resource limits for the
//! long-running services whose base definition lacks them.
//! **Leaves alone**: files Compose does not load by default (only the first of `compose.yaml`,
//! `compose.yml`, `docker-compose.yaml`, `docker-compose.yml` in a folder), projects that name
//! their compose files (`-f` in a Makefile or script, `COMPOSE_FILE` in `.env`: the override
//! would not be read; a note), mounts of code the image does not carry, `volumes` or `ports` from
//! merge keys, services built with a `target` stage, and an existing production file.
//! **Safety**: unsafe: whoever runs the base file alone (`docker compose -f docker-compose.yml`)
//! no longer gets the development settings.

use super::compose_resource_limits::{self as limits, Format};
use super::{Expect, NewFile, Proposals, Transform};
use crate::analysis::{self, Mount};
use crate::discover::FileKind;
use crate::disk::clean;
use crate::edit::Edit;
use crate::project::{Parsed, Project};
use crate::source::FileId;
use crate::syntax::compose::{Compose, Service};
use crate::syntax::compose_merge;
use crate::syntax::dockerfile::runtime::FinalStage;
use crate::syntax::dockerfile::Dockerfile;
use crate::style;
use crate::syntax::yaml::edit::{render_document, render_entry};
use crate::syntax::yaml::locate::{self, Seg};
use crate::syntax::yaml::value::{YamlOp, apply_ops};
use crate::syntax::yaml::Value;
use std::path::{Path, PathBuf};
use yaml_rust2::Yaml;

pub struct ComposeEnvOverrides;

/// The files `docker compose` reads without `-f`, in its order of preference: the first found
/// is the project's file.
const DEFAULT_FILES: [&str; 4] = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];
/// The override files it reads with it.
const OVERRIDE_FILES: [&str; 4] = ["compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml"];
/// Names under which a project keeps its production settings.
const PRODUCTION_FILES: [&str; 8] = [
    "compose.prod.yaml", "compose.prod.yml", "compose.production.yaml", "compose.production.yml",
    "docker-compose.prod.yaml", "docker-compose.prod.yml", "docker-compose.production.yaml", "docker-compose.production.yml",
];

/// What moves out of one service.
struct Moved {
    service: String,
    line: usize,
    /// Indexes of `volumes` items that move (all of them: the key moves).
    volumes: Vec<usize>,
    all_volumes: bool,
    ports: bool,
    /// Why, for the message.
    reasons: Vec<String>,
}

impl Transform for ComposeEnvOverrides {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, compose) in project.compose_files() {
            let folder = project.folder(file);
            let name = file_name(&project.files[file].real);
            if DEFAULT_FILES.iter().find(|n| project.exists(&folder.join(n))).copied() != Some(name.as_str()) {
                continue;
            }
            let moves = development_settings(project, file, compose);
            if moves.is_empty() {
                continue;
            }
            if let Some(place) = named_files(project, &folder, &name) {
                out.note(file, moves[0].line, format!(
                    "development settings (source mounts, datastore ports) left in {name}: the project names its compose files ({place}), so an override file would not be read there; move them by hand"
                ));
                continue;
            }
            out.begin_group(project.files[file].path.display().to_string());
            split(project, file, compose, &moves, out);
            out.end_group();
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The development-only settings of each service of a base file.
fn development_settings(project: &Project, file: FileId, compose: &Compose) -> Vec<Moved> {
    let text = &compose.yaml.text;
    let mut moves = Vec::new();
    for service in compose.services() {
        if service.is_partial() || !service.body.is_some_and(locate::is_mapping) {
            continue;
        }
        let mut moved = Moved { service: service.name.clone(), line: service.line, volumes: Vec::new(), all_volumes: false, ports: false, reasons: Vec::new() };
        if service.owns(text, "volumes") {
            moved.volumes = source_mounts(project, file, &service);
            let count = compose.yaml.node(&service.key_path("volumes")).map_or(0, |n| locate::items(n).len());
            moved.all_volumes = !moved.volumes.is_empty() && moved.volumes.len() == count;
            if !moved.volumes.is_empty() {
                moved.reasons.push("the source mount over the code its image already carries".into());
            }
        }
        if service.owns(text, "ports") && service.get("build").is_none() && analysis::service_role(&service) == "datastore" {
            moved.ports = true;
            moved.reasons.push("the datastore's published ports".into());
        }
        // Everything that moves must be written the same way elsewhere.
        let carried = moved.volumes.iter().all(|&i| compose.yaml.value_at(&volume_path(&service.name, i)).is_some())
            && (!moved.ports || compose.yaml.value_at(&service.key_path("ports")).is_some());
        if carried && (moved.ports || !moved.volumes.is_empty()) {
            moves.push(moved);
        }
    }
    moves
}

fn volume_path(service: &str, index: usize) -> Vec<Seg> {
    vec![locate::key("services"), locate::key(service), locate::key("volumes"), Seg::Index(index)]
}

/// Indexes of the service's `volumes` that serve development only: bind mounts of a folder of
/// the build context onto the path where the Dockerfile copies that same folder, and anonymous
/// volumes below such a mount.
fn source_mounts(project: &Project, file: FileId, service: &Service) -> Vec<usize> {
    let Some(build) = service.get("build") else { return Vec::new() };
    if build.as_hash().is_some_and(|b| b.contains_key(&Yaml::String("target".into()))) {
        return Vec::new();
    }
    let Some((context, _)) = crate::project::build_paths(build) else { return Vec::new() };
    if crate::project::is_remote_context(&context) {
        return Vec::new();
    }
    let folder = project.folder(file);
    let context = clean(&folder.join(&context));
    let Some(dockerfile) = project.dockerfile_for(file, build).and_then(|id| project.files[id].parsed.as_dockerfile()) else {
        return Vec::new();
    };
    let Some(stage) = FinalStage::of(dockerfile) else { return Vec::new() };
    let Some(Yaml::Array(items)) = service.get("volumes") else { return Vec::new() };
    let mounts: Vec<Option<Mount>> = items.iter().map(Mount::of).collect();
    let mut moving: Vec<usize> = Vec::new();
    for (index, mount) in mounts.iter().enumerate() {
        let Some(mount) = mount.as_ref().filter(|m| m.is_bind()) else { continue };
        let source = mount.source.as_deref().unwrap_or_default();
        if source.contains('$') || mount.target.contains('$') || source.starts_with('~') {
            continue;
        }
        let host = clean(&folder.join(source));
        if image_carries(project, dockerfile, &stage, &context, &host, &mount.target) {
            moving.push(index);
        }
    }
    let targets: Vec<String> = moving.iter().filter_map(|&i| mounts[i].as_ref()).map(|m| m.target.trim_end_matches('/').to_string()).collect();
    for (index, mount) in mounts.iter().enumerate() {
        let Some(mount) = mount else { continue };
        if mount.source.is_none() && targets.iter().any(|t| mount.target.starts_with(&format!("{t}/"))) {
            moving.push(index);
        }
    }
    moving.sort_unstable();
    moving
}

/// Whether the final stage COPYs (or ADDs) the host path `host` of the build context to
/// `target`: then the image carries what the bind mount shows, and the mount only shadows it.
fn image_carries(project: &Project, dockerfile: &Dockerfile, stage: &FinalStage, context: &Path, host: &Path, target: &str) -> bool {
    let target = analysis::resolve_path("/", target);
    for (position, workdir) in analysis::workdirs(dockerfile, stage) {
        let instruction = dockerfile.instruction(position);
        if !matches!(instruction.keyword.as_str(), "COPY" | "ADD") || instruction.flag("from").is_some() {
            continue;
        }
        let words = analysis::copy_words(instruction);
        let Some((destination, sources)) = words.split_last() else { continue };
        let into_folder = destination.ends_with('/') || sources.len() > 1 || destination == "." || destination == "./";
        let destination = analysis::resolve_path(&workdir, destination);
        for source in sources {
            if source.contains(['*', '?', '[', '$']) || source.contains("://") {
                continue;
            }
            let source_path = clean(&context.join(source.trim_start_matches('/')));
            let is_folder = source == "." || source.ends_with('/') || project.disk.is_folder(&source_path);
            if is_folder {
                // A folder's contents land at the destination.
                let relative = target.strip_prefix(&format!("{}/", destination.trim_end_matches('/')));
                if (target == destination && host == source_path) || relative.is_some_and(|r| host == source_path.join(r)) {
                    return true;
                }
            } else {
                let name = source.rsplit('/').next().unwrap_or(source);
                let lands = if into_folder { format!("{}/{name}", destination.trim_end_matches('/')) } else { destination.clone() };
                if target == lands && host == source_path {
                    return true;
                }
            }
        }
    }
    false
}

/// Where the project names its compose files itself (`docker compose -f docker-compose.yml` in
/// a Makefile or script without the override file, `COMPOSE_FILE` in `.env`): `file:line`.
fn named_files(project: &Project, folder: &Path, base: &str) -> Option<String> {
    let env = folder.join(".env");
    if let Some(text) = project.disk.text(&env) {
        if let Some(line) = text.lines().position(|l| l.trim_start().trim_start_matches("export ").starts_with("COMPOSE_FILE=")) {
            return Some(format!(".env:{}", line + 1));
        }
    }
    let stem = base.split('.').next().unwrap_or(base);
    for (path, text) in project.disk.all_texts() {
        let name = file_name(path);
        if !crate::project::is_build_script(&name) && !name.ends_with(".sh") {
            continue;
        }
        let named = crate::references::in_script(text, path.parent().unwrap_or(Path::new("/")));
        let files = named.iter().filter(|r| r.how == "-f");
        let names_override = |line: usize| files.clone().any(|r| r.line == line && r.written.contains(&format!("{stem}.override.")));
        if let Some(reference) = files.clone().find(|r| file_name(Path::new(&r.written)) == base && !names_override(r.line)) {
            let shown = path.strip_prefix(folder).map(Path::to_path_buf).unwrap_or_else(|_| PathBuf::from(name));
            return Some(format!("{}:{}", shown.display(), reference.line));
        }
    }
    None
}

/// Proposes the move: removals from the base file, additions to the override file (created or
/// merged into), and a production file; all in one group.
fn split(project: &Project, file: FileId, compose: &Compose, moves: &[Moved], out: &mut Proposals) {
    let folder = project.folder(file);
    let base_name = file_name(&project.files[file].real);
    let (stem, extension) = base_name.split_once('.').unwrap_or((&base_name, "yml"));
    let existing = OVERRIDE_FILES.iter().map(|n| folder.join(n)).find(|p| project.exists(p));
    let override_path = existing.clone().unwrap_or_else(|| folder.join(format!("{stem}.override.{extension}")));
    let override_doc = match existing.as_ref().and_then(|p| project.file_at(p)) {
        Some(id) => match &project.files[id].parsed {
            Parsed::Compose(c) => Some((id, &**c)),
            _ => return,
        },
        None if existing.is_some() => {
            out.note(file, moves[0].line, format!("{} exists but dockfix did not read it; development settings left in {base_name}", file_name(&override_path)));
            return;
        }
        None => None,
    };

    // What each service gives to the override file, as written in the base file.
    let mut base_ops: Vec<YamlOp> = Vec::new();
    let mut given: Vec<(&Moved, Vec<Value>, Option<Value>)> = Vec::new();
    let mut removals_by_service: Vec<(Vec<Edit>, Vec<YamlOp>)> = Vec::new();
    // Per service given: its lines for a new override file, when they could be cut as written.
    let mut fragments: Vec<Option<String>> = Vec::new();
    for moved in moves {
        let service_path = vec![locate::key("services"), locate::key(&moved.service)];
        let mut volumes: Vec<Value> = moved.volumes.iter().filter_map(|&i| compose.yaml.value_at(&volume_path(&moved.service, i))).collect();
        let ports = if moved.ports { compose.yaml.value_at(&[service_path.clone(), vec![locate::key("ports")]].concat()) } else { None };
        // Entries the override file already sets for that container path stay where they are.
        let mut indexes = moved.volumes.clone();
        if let Some((_, over)) = override_doc {
            let taken: Vec<String> = override_service(over, &moved.service)
                .and_then(|s| value_get(s, "volumes"))
                .and_then(Yaml::as_vec)
                .map(|items| items.iter().filter_map(Mount::of).map(|m| m.target).collect())
                .unwrap_or_default();
            let keep: Vec<bool> = volumes.iter().map(|v| Mount::of(&v.to_yaml()).is_some_and(|m| !taken.contains(&m.target))).collect();
            indexes = indexes.into_iter().zip(&keep).filter(|(_, k)| **k).map(|(i, _)| i).collect();
            volumes = volumes.into_iter().zip(&keep).filter(|(_, k)| **k).map(|(v, _)| v).collect();
        }
        let all_volumes = moved.all_volumes && indexes.len() == moved.volumes.len();
        // Into a new file, the lines move as they are written (their comments with them).
        let cut = if override_doc.is_none() { cut_lines(compose, moved, &indexes, all_volumes) } else { None };
        if let Some((edits, ops, fragment)) = cut {
            base_ops.extend(ops.iter().cloned());
            given.push((moved, volumes, ports));
            removals_by_service.push((edits, ops));
            fragments.push(Some(fragment));
            continue;
        }
        let removals: Result<Vec<(Edit, YamlOp)>, String> = if all_volumes {
            compose.yaml.remove_key(&service_path, "volumes").map(|r| vec![r])
        } else {
            let path = [service_path.clone(), vec![locate::key("volumes")]].concat();
            indexes.iter().rev().map(|&i| compose.yaml.remove_item(&path, i)).collect()
        };
        let port_removal = match moved.ports {
            true => compose.yaml.remove_key(&service_path, "ports").map(Some),
            false => Ok(None),
        };
        match (removals, port_removal) {
            (Ok(removals), Ok(port_removal)) => {
                let (edits, ops): (Vec<Edit>, Vec<YamlOp>) = removals.into_iter().chain(port_removal).unzip();
                if !edits.is_empty() {
                    base_ops.extend(ops.iter().cloned());
                    given.push((moved, volumes, ports));
                    removals_by_service.push((edits, ops));
                    fragments.push(None);
                }
            }
            (Err(why), _) | (_, Err(why)) => out.note(file, moved.line, format!("`{}` keeps its development settings: {why}", moved.service)),
        }
    }
    if given.is_empty() {
        return;
    }

    // The override file's side.
    let version = compose.yaml.value_at(&[locate::key("version")]);
    let service_value = |volumes: &[Value], ports: &Option<Value>| {
        let mut pairs = Vec::new();
        if !volumes.is_empty() {
            pairs.push(("volumes".to_string(), Value::Seq(volumes.to_vec())));
        }
        if let Some(ports) = ports {
            pairs.push(("ports".to_string(), ports.clone()));
        }
        Value::Map(pairs)
    };
    let override_name = file_name(&override_path);
    let (override_edits, override_ops): (Vec<Edit>, Vec<YamlOp>) = match override_doc {
        None => {
            let services: Vec<(String, Value)> = given.iter().map(|(m, v, p)| (m.service.clone(), service_value(v, p))).collect();
            let mut entries = Vec::new();
            entries.extend(version.clone().map(|v| ("version".to_string(), v)));
            entries.push(("services".to_string(), Value::Map(services)));
            let style = &compose.yaml.style;
            let eol = style.eol;
            let mut text = format!(
                "# Development settings: `docker compose` reads this file after {base_name} unless files are named with -f.{eol}# Production: docker compose -f {base_name} -f {stem}.prod.{extension} up -d{eol}"
            );
            text.push_str(&render_document(&entries[..entries.len() - 1], style));
            text.push_str(&format!("services:{eol}"));
            let column = compose.yaml.node(&[locate::key("services")]).and_then(|n| locate::pairs(n).first().map(|p| style::column(&compose.yaml.text, p.start_byte()))).unwrap_or(style.indent);
            for ((moved, volumes, ports), fragment) in given.iter().zip(&fragments) {
                match fragment {
                    Some(lines) => text.push_str(lines),
                    None => text.push_str(&render_entry(&moved.service, &service_value(volumes, ports), column, style)),
                }
            }
            let whole = YamlOp::ReplaceScalar { path: Vec::new(), value: Value::Map(entries) };
            (vec![Edit::insert(0, text)], vec![whole])
        }
        Some((_, over)) => match merge_into(over, &given, &service_value) {
            Ok(pair) => pair,
            Err(why) => {
                out.note(file, given[0].0.line, format!("development settings left in {base_name}: {override_name} could not take them ({why})"));
                return;
            }
        },
    };

    // The proof: base + override mean what they meant.
    let before_override = override_doc.map_or(Yaml::Null, |(_, c)| c.yaml.doc.clone());
    let after_base = apply_ops(&compose.yaml.doc, &base_ops);
    let after_override = apply_ops(&before_override, &override_ops);
    let same = match (after_base, after_override) {
        (Ok(base), Ok(over)) => compose_merge::merge(&base, &over) == compose_merge::merge(&compose.yaml.doc, &before_override),
        _ => false,
    };
    if !same {
        out.note(file, given[0].0.line, format!("development settings left in {base_name}: moved to {override_name} they would not merge back to the same configuration"));
        return;
    }

    for ((moved, _, _), (edits, ops)) in given.iter().zip(removals_by_service) {
        let message = format!("`{}`: {} moved to {override_name} (development only)", moved.service, moved.reasons.join(" and "));
        out.change(file, moved.line, message, edits, Expect::Yaml(ops));
    }
    let why = format!("development settings of {} from {base_name}", given.iter().map(|(m, _, _)| format!("`{}`", m.service)).collect::<Vec<_>>().join(", "));
    match override_doc {
        Some((id, _)) => out.change(id, 1, why, override_edits, Expect::Yaml(override_ops)),
        None => {
            let display = project.files[file].path.parent().unwrap_or(Path::new("")).join(&override_name);
            let new_file = NewFile { real: override_path.clone(), display, kind: FileKind::Compose, mode: 0o644 };
            let text = override_edits.into_iter().next().map(|e| e.text).unwrap_or_default();
            out.create(project, file, new_file, why, text, Expect::Yaml(override_ops));
        }
    }
    production_file(project, file, compose, &folder, (stem, extension), version, out);
}

fn value_get<'a>(service: &'a Yaml, key: &str) -> Option<&'a Yaml> {
    service.as_hash()?.get(&Yaml::String(key.into()))
}

fn override_service<'a>(over: &'a Compose, name: &str) -> Option<&'a Yaml> {
    let services = over.yaml.doc.as_hash()?.get(&Yaml::String("services".into()))?;
    services.as_hash()?.get(&Yaml::String(name.into()))
}

/// Edits that add the given settings to an existing override file: a service it lacks is added
/// whole; one it has gets the items appended to its `volumes`/`ports`, or the keys added.
fn merge_into(
    over: &Compose,
    given: &[(&Moved, Vec<Value>, Option<Value>)],
    service_value: &dyn Fn(&[Value], &Option<Value>) -> Value,
) -> Result<(Vec<Edit>, Vec<YamlOp>), String> {
    let doc = &over.yaml;
    let mut edits = Vec::new();
    let mut ops = Vec::new();
    let services = [locate::key("services")];
    let mut new_services: Vec<(String, Value)> = Vec::new();
    for (moved, volumes, ports) in given {
        let Some(existing) = override_service(over, &moved.service) else {
            new_services.push((moved.service.clone(), service_value(volumes, ports)));
            continue;
        };
        if !existing.as_hash().is_some_and(|h| !h.contains_key(&Yaml::String("<<".into()))) {
            return Err(format!("its `{}` is not a plain mapping", moved.service));
        }
        let path = [services.to_vec(), vec![locate::key(&moved.service)]].concat();
        let mut new_keys: Vec<(&str, Value)> = Vec::new();
        let port_items: Vec<Value> = match ports {
            Some(Value::Seq(items) | Value::FlowSeq(items)) => items.clone(),
            _ => Vec::new(),
        };
        for (key, items) in [("volumes", volumes.clone()), ("ports", port_items)] {
            if items.is_empty() {
                continue;
            }
            match value_get(existing, key) {
                Some(Yaml::Array(present)) => {
                    let fresh: Vec<Value> = items.into_iter().filter(|v| !present.contains(&v.to_yaml())).collect();
                    if fresh.is_empty() {
                        continue;
                    }
                    let (edit, more) = doc.append_items(&[path.clone(), vec![locate::key(key)]].concat(), &fresh)?;
                    edits.push(edit);
                    ops.extend(more);
                }
                Some(_) => return Err(format!("its `{}.{key}` is not a list", moved.service)),
                None => new_keys.push((key, Value::Seq(items))),
            }
        }
        if !new_keys.is_empty() {
            let (edit, more) = doc.insert_keys(&path, &new_keys)?;
            edits.push(edit);
            ops.extend(more);
        }
    }
    if !new_services.is_empty() {
        let entries: Vec<(&str, Value)> = new_services.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
        let (edit, more) = if doc.node(&services).is_some() {
            doc.insert_keys(&services, &entries)?
        } else {
            let (edit, op) = doc.insert_key(&[], "services", &Value::Map(new_services.clone()))?;
            (edit, vec![op])
        };
        edits.push(edit);
        ops.extend(more);
    }
    Ok((edits, ops))
}

/// `docker-compose.prod.yml`: for each long-running service, the restart policy and resource
/// limits its base definition lacks. Not created when the project has a production file or when
/// the base file already says everything.
fn production_file(
    project: &Project,
    file: FileId,
    compose: &Compose,
    folder: &Path,
    (stem, extension): (&str, &str),
    version: Option<Value>,
    out: &mut Proposals,
) {
    if PRODUCTION_FILES.iter().any(|n| project.exists(&folder.join(n))) {
        return;
    }
    let meta = crate::catalog::meta("compose-resource-limits");
    let format = limits::file_format(compose);
    let one_shots = compose.one_shot_services();
    let mut services = Vec::new();
    for service in compose.services() {
        if service.is_partial() || !service.body.is_some_and(locate::is_mapping) || analysis::one_shot_built(project, file, &service, &one_shots).is_some() {
            continue;
        }
        let mut settings: Vec<(String, Value)> = Vec::new();
        if service.get("restart").is_none() && service.get_nested("deploy", "restart_policy").is_none() {
            settings.push(("restart".into(), Value::Plain("unless-stopped".into())));
        }
        if !limits::has_limits(&service) && service.get("deploy").is_none() {
            let role = analysis::service_role(&service);
            let chosen = limits::limits_for(project, file, meta, &service, &role);
            match format {
                Format::V2(minor) => settings.extend(limits::v2_entries(&chosen, minor).into_iter().map(|(k, v)| (k.to_string(), v))),
                Format::V3 => settings.push(("deploy".into(), Value::Map(vec![("resources".into(), limits::resources_value(&chosen))]))),
                Format::Spec => {
                    settings.push(("deploy".into(), Value::Map(vec![("resources".into(), limits::resources_value(&chosen))])));
                    settings.extend(chosen.pids.map(|p| ("pids_limit".to_string(), Value::Plain(p.to_string()))));
                }
            }
        }
        if !settings.is_empty() {
            services.push((service.name.clone(), Value::Map(settings)));
        }
    }
    if services.is_empty() {
        return;
    }
    let name = format!("{stem}.prod.{extension}");
    let base_name = format!("{stem}.{extension}");
    let mut entries = Vec::new();
    entries.extend(version.map(|v| ("version".to_string(), v)));
    entries.push(("services".to_string(), Value::Map(services)));
    let eol = compose.yaml.style.eol;
    let text = format!(
        "# Production settings: docker compose -f {base_name} -f {name} up -d{eol}# (naming the files leaves out the development settings of {stem}.override.{extension}){eol}{}",
        render_document(&entries, &compose.yaml.style)
    );
    let display = project.files[file].path.parent().unwrap_or(Path::new("")).join(&name);
    let new_file = NewFile { real: folder.join(&name), display, kind: FileKind::Compose, mode: 0o644 };
    let why = format!("production settings for {base_name}: restart policies and resource limits (check the limits against `docker stats`)");
    out.create(project, file, new_file, why, text, Expect::Yaml(vec![YamlOp::ReplaceScalar { path: Vec::new(), value: Value::Map(entries) }]));
}

/// The removals of one service's development settings from the base file as cut lines, and the
/// service's block for a new override file made of those lines (the service key as written, then
/// `volumes:` for items cut from a list that stays); `None` when something is not in block style
/// at the usual place.
fn cut_lines(compose: &Compose, moved: &Moved, indexes: &[usize], all_volumes: bool) -> Option<(Vec<Edit>, Vec<YamlOp>, String)> {
    let doc = &compose.yaml;
    let text = &doc.text;
    let eol = doc.style.eol;
    let services = doc.node(&[locate::key("services")])?;
    // The service's lines go where they were only if `services` is at the top level's column 0.
    if doc.root().is_some_and(|r| style::column(text, r.start_byte()) == 0) && services.kind() == "block_mapping" {
        let pair = locate::get(services, text, &moved.service)?;
        let key = pair.child_by_field_name("key")?;
        let body = locate::pair_value(pair).filter(|b| b.kind() == "block_mapping")?;
        let key_column = style::column(text, locate::pairs(body).first()?.start_byte());
        let service_path = vec![locate::key("services"), locate::key(&moved.service)];
        let mut edits = Vec::new();
        let mut ops = Vec::new();
        let mut fragment = format!("{}{}:{eol}", " ".repeat(style::column(text, pair.start_byte())), &text[key.start_byte()..key.end_byte()]);
        if all_volumes {
            let (edit, op, lines) = doc.cut(&service_path, Some("volumes"), None).ok()?;
            edits.push(edit);
            ops.push(op);
            fragment.push_str(&lines);
        } else if !indexes.is_empty() {
            let path = [service_path.clone(), vec![locate::key("volumes")]].concat();
            fragment.push_str(&format!("{}volumes:{eol}", " ".repeat(key_column)));
            let mut cut: Vec<(Edit, YamlOp, String)> = indexes.iter().map(|&i| doc.cut(&path, None, Some(i)).ok()).collect::<Option<_>>()?;
            for (_, _, lines) in &cut {
                fragment.push_str(lines);
            }
            // Removed from the last, so each index still names its item.
            cut.reverse();
            for (edit, op, _) in cut {
                edits.push(edit);
                ops.push(op);
            }
        }
        if moved.ports {
            let (edit, op, lines) = doc.cut(&service_path, Some("ports"), None).ok()?;
            edits.push(edit);
            ops.push(op);
            fragment.push_str(&lines);
        }
        return Some((edits, ops, fragment));
    }
    None
}
