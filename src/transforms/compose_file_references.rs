//! `compose-file-references` (report only): files that Makefiles, scripts and compose files
//! name but that do not exist, and images named without a version.
//!
//! **Why**: `make monitoring` running `docker compose -f docker-compose.monitoring.yml up` fails
//! on a fresh clone when that file was never committed; an `env_file` or `extends.file` that is
//! missing stops `docker compose` before anything starts. An image without a tag (or `:latest`)
//! changes under the project whenever it is pulled again.
//! **How**: [`crate::references`] lists what each Makefile or build script (`-f`, `--file`,
//! `--env-file` after `docker compose`/`docker-compose`) and each compose file (`include`,
//! `extends.file`, `env_file`) names; each one the disk does not have is reported on the line
//! that names it. With `--scaffold`, a missing monitoring compose file is created from
//! `transforms/scaffold/monitoring.yml`: Prometheus and Grafana with healthchecks, limits, named
//! volumes and the admin password from `.env`, already passing every phase.
//! **Leaves alone**: references with variables, globs or URLs; `env_file` entries with
//! `required: false`; images of services that are built here (their `image` names the result).
//! **Safety**: safe: it only reports (and creates a new file with `--scaffold`).

use super::{Expect, NewFile, Proposals, Transform};
use crate::discover::FileKind;
use crate::project::Project;
use crate::references::{self, Reference};
use crate::source::FileId;
use std::path::Path;

pub struct ComposeFileReferences;

/// The monitoring stack `--scaffold` writes (`{file}` is its own name).
const MONITORING: &str = include_str!("../../transforms/scaffold/monitoring.yml");

impl Transform for ComposeFileReferences {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        let mut scaffolded: Vec<std::path::PathBuf> = Vec::new();
        for (file, _) in project.line_files(FileKind::BuildScript) {
            let source = &project.files[file];
            for reference in references::in_script(source.text(), &project.folder(file)) {
                if !is_missing(project, &reference) {
                    continue;
                }
                if reference.how == "-f" && project.options.scaffold && is_monitoring(&reference.written) {
                    if !scaffolded.contains(&reference.path) {
                        scaffold(project, file, &reference, out);
                        scaffolded.push(reference.path.clone());
                    }
                    continue;
                }
                let hint = if is_monitoring(&reference.written) { " (`--scaffold` writes a Prometheus and Grafana stack there)" } else { "" };
                out.note(file, reference.line, format!(
                    "`{}` (`docker compose {}`) does not exist: this command fails on a fresh clone; add the file or remove the reference{hint}",
                    reference.written, reference.how
                ));
            }
        }
        for (file, compose) in project.compose_files() {
            let folder = project.folder(file);
            for reference in references::in_compose(compose, &folder) {
                if reference.optional || !is_missing(project, &reference) {
                    continue;
                }
                let example = project.env_example_in(reference.path.parent().unwrap_or(&folder));
                let hint = if reference.how == "env_file" && reference.written.trim_start_matches("./") == ".env" && project.exists(&example) {
                    let name = example.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    format!(": copy `{name}` to `.env` (or mark it `required: false`)")
                } else {
                    ": `docker compose` stops before starting anything".to_string()
                };
                out.note(file, reference.line, format!("`{}` ({}) does not exist{hint}", reference.written, reference.how));
            }
            for service in compose.services() {
                if service.get("build").is_some() {
                    continue;
                }
                if let Some(why) = service.image().and_then(unpinned) {
                    out.note(file, service.line, format!("`{}` runs `{}` {why}", service.name, service.image().unwrap_or_default()));
                }
            }
        }
        for (file, dockerfile) in project.dockerfiles() {
            let mut stages: Vec<String> = Vec::new();
            for instruction in dockerfile.instructions().filter(|i| i.keyword == "FROM") {
                let words: Vec<&str> = instruction.args.split_whitespace().collect();
                let Some(image) = words.first() else { continue };
                if let Some(at) = words.iter().position(|w| w.eq_ignore_ascii_case("as")) {
                    stages.extend(words.get(at + 1).map(|s| s.to_ascii_lowercase()));
                }
                if image.eq_ignore_ascii_case("scratch") || stages.contains(&image.to_ascii_lowercase()) && !image.contains(':') {
                    continue;
                }
                if let Some(why) = unpinned(image) {
                    // One word dockfix knows no image by may be a named build context (bake's
                    // `contexts = { base = "target:base" }`, `--build-context base=...`: Mailu).
                    let context = !image.contains(['/', ':', '.']) && !crate::images::lookup(image).known;
                    let message = if context {
                        format!("FROM `{image}` without a tag: if `{image}` is an image, it changes whenever it is pulled again (name a version); if it is a build context (bake's `contexts`, `--build-context {image}=...`), nothing is to pin")
                    } else {
                        format!("FROM `{image}` {why}")
                    };
                    out.note(file, instruction.line, message);
                }
            }
        }
    }
}

/// Whether the disk was asked for the referenced path and it is not there.
fn is_missing(project: &Project, reference: &Reference) -> bool {
    project.disk.is_missing(&reference.path) && project.file_at(&reference.path).is_none()
}

fn is_monitoring(written: &str) -> bool {
    let name = Path::new(written).file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    name.contains("monitoring") && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// Why an image reference is not pinned, if it is not: no tag, or `latest`. Digests pin;
/// references with variables are left alone.
fn unpinned(image: &str) -> Option<&'static str> {
    if image.contains('$') || image.contains('@') {
        return None;
    }
    match crate::images::normalise(image).1.as_str() {
        "" => Some("without a tag: it changes whenever the image is pulled again; name a version (pinning needs the registry, so dockfix does not guess one)"),
        "latest" => Some("as `:latest`: it changes whenever the image is pulled again; name a version (pinning needs the registry, so dockfix does not guess one)"),
        _ => None,
    }
}

/// Writes the monitoring stack where the build script expects it.
fn scaffold(project: &Project, script: FileId, reference: &Reference, out: &mut Proposals) {
    let name = reference.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let text = MONITORING.replace("{file}", &reference.written);
    let Ok(doc) = crate::syntax::yaml::YamlDoc::parse(&text) else { return };
    let Some(value) = doc.value_at(&[]) else { return };
    let display = project.files[script].path.parent().unwrap_or(Path::new("")).join(&reference.written);
    let new_file = NewFile { real: reference.path.clone(), display, kind: FileKind::Compose, mode: 0o644 };
    let why = format!("`{name}`, named at line {} but missing: a Prometheus and Grafana stack (set GRAFANA_ADMIN_PASSWORD in .env)", reference.line);
    let expect = Expect::Yaml(vec![crate::syntax::yaml::value::YamlOp::ReplaceScalar { path: Vec::new(), value }]);
    out.create(project, script, new_file, why, text, expect);
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_reads_back_as_a_value() {
        let doc = crate::syntax::yaml::YamlDoc::parse(&super::MONITORING.replace("{file}", "x.yml")).unwrap();
        use crate::syntax::yaml::locate::key;
        for path in [vec![key("volumes")], vec![key("services"), key("prometheus")], vec![key("services"), key("grafana"), key("environment")], vec![key("services"), key("grafana"), key("healthcheck")], vec![key("services"), key("grafana"), key("ports")]] {
            assert!(doc.value_at(&path).is_some(), "{path:?}");
        }
        assert!(doc.value_at(&[]).is_some());
    }
}
