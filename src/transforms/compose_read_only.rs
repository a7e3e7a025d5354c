//! `compose-read-only` (unsafe): `read_only: true` plus `tmpfs` for the paths the image writes,
//! for images whose writable paths images.toml knows and whose data folder is a volume.
//!
//! **Why**: a read-only root filesystem stops an intruder from dropping tools or changing the
//! program, and makes unexpected writes fail loudly.
//! **Leaves alone**: services that set `read_only`, built images, images whose writes are
//! unknown, and services whose data folder is not a mounted volume (with a note).
//! **Safety**: unsafe — the application may write somewhere the catalog does not know.

use super::{Expect, Proposals, Transform};
use crate::images;
use crate::project::Project;
use crate::syntax::yaml::{Value, locate};
use yaml_rust2::Yaml;

pub struct ComposeReadOnly;

impl Transform for ComposeReadOnly {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, compose) in project.compose_files() {
            for service in compose.services() {
                if service.is_partial() || service.extends_another() || crate::analysis::completed_by_base(project, file, &service.name) {
                    continue;
                }
                if !service.body.is_some_and(locate::is_mapping) || service.get("build").is_some() {
                    continue;
                }
                if service.get("read_only").is_some() || service.get("tmpfs").is_some() {
                    continue;
                }
                let Some(image) = service.image() else { continue };
                if let Some(write) = writes_in_command(&service) {
                    out.note(
                        file,
                        service.line,
                        format!("`{}` not made read-only: its command or entrypoint writes files (`{write}`), which a read-only root filesystem would break", service.name),
                    );
                    continue;
                }
                let info = images::lookup(image);
                let Some(tmpfs) = info.tmpfs else { continue };
                if let Some((from, into)) = &info.renders {
                    if mounts_under(service.get("volumes"), from) {
                        out.note(
                            file,
                            service.line,
                            format!(
                                "`{}` not made read-only: its entrypoint renders what is mounted at {from} into {into} when it starts, which a read-only root filesystem refuses (it would start without that configuration)",
                                service.name
                            ),
                        );
                        continue;
                    }
                }
                if let (None, Some(why)) = (&info.data, &info.data_varies) {
                    out.note(file, service.line, format!("`{}` not made read-only: where its image keeps its data depends on the version ({why})", service.name));
                    continue;
                }
                if let Some(data) = &info.data {
                    if !mounts(service.get("volumes"), data) {
                        out.note(
                            file,
                            service.line,
                            format!(
                                "`{}` not made read-only: its data folder {data} is not a mounted volume",
                                service.name
                            ),
                        );
                        continue;
                    }
                }
                let entries = [
                    ("read_only", Value::Plain("true".into())),
                    ("tmpfs", Value::Seq(tmpfs.iter().map(|p| Value::Str(p.clone())).collect())),
                ];
                let message = format!(
                    "`{}` can write anywhere in its filesystem: read_only with tmpfs {} (unsafe: other writes fail)",
                    service.name,
                    tmpfs.join(", ")
                );
                match compose.yaml.insert_keys(&service.path(), &entries) {
                    Ok((edit, ops)) => out.change(file, service.line, message, vec![edit], Expect::Yaml(ops)),
                    Err(why) => out.note(file, service.line, format!("`{}` left alone: {why}", service.name)),
                }
            }
        }
    }
}

/// A write the service's own `command`/`entrypoint` makes (a redirection, `tee`, `sed -i`, `cp`,
/// `mkdir`, ...), if any: the catalog's tmpfs list only covers what the image itself writes.
fn writes_in_command(service: &crate::syntax::compose::Service) -> Option<String> {
    let mut text = String::new();
    for key in ["command", "entrypoint"] {
        match service.get(key) {
            Some(Yaml::String(s)) => text.push_str(s),
            Some(Yaml::Array(items)) => {
                for item in items.iter().filter_map(Yaml::as_str) {
                    text.push(' ');
                    text.push_str(item);
                }
            }
            _ => {}
        }
        text.push('\n');
    }
    if text.contains(">>") || text.split_whitespace().any(|w| w == ">" || (w.starts_with('>') && !w.starts_with(">&")) || (w.contains('>') && !w.contains(">&") && !w.contains("=>") && !w.contains("->"))) {
        return Some(">".into());
    }
    const WRITERS: &[&str] = &["tee", "cp", "mv", "mkdir", "touch", "chmod", "chown", "ln", "rm", "install", "dd", "unzip", "tar"];
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')' | '"' | '\'')).filter(|w| !w.is_empty()).collect();
    for (i, word) in words.iter().enumerate() {
        let base = word.rsplit('/').next().unwrap_or(word);
        // Conservative: a writer anywhere with an argument after it counts.
        if WRITERS.contains(&base) && i + 1 < words.len() {
            return Some(base.to_string());
        }
        if base == "sed" && words.get(i + 1).is_some_and(|w| w.starts_with("-i")) {
            return Some("sed -i".into());
        }
    }
    None
}

/// Whether a service's volumes mount something at `folder` or below it.
fn mounts_under(volumes: Option<&Yaml>, folder: &str) -> bool {
    mount_targets(volumes).iter().any(|target| target == folder || target.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/')))
}

/// Whether a service's volumes mount something at `target`.
fn mounts(volumes: Option<&Yaml>, target: &str) -> bool {
    mount_targets(volumes).iter().any(|t| t == target)
}

/// The container paths a service's volumes mount something at (without a trailing `/`), as
/// `analysis::Mount` reads each entry; a short entry without a source (an anonymous volume)
/// does not count.
fn mount_targets(volumes: Option<&Yaml>) -> Vec<String> {
    let Some(Yaml::Array(volumes)) = volumes else { return Vec::new() };
    volumes
        .iter()
        .filter_map(|v| {
            let mount = crate::analysis::Mount::of(v)?;
            (matches!(v, Yaml::Hash(_)) || mount.source.is_some()).then(|| mount.target.trim_end_matches('/').to_string())
        })
        .collect()
}
