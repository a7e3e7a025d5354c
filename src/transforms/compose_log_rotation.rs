//! `compose-log-rotation`: `logging` with a rotated json-file for services without one.
//!
//! **Why**: Docker's default json-file driver keeps a container's log forever: a chatty service
//! fills the host's disk.
//! **Leaves alone**: services with `logging` of their own or through a merge key (a shared
//! `x-logging` anchor counts), partial services of override files, and services that merge an
//! anchored service getting logging in the same run (they inherit it).
//! **Safety**: safe: logs beyond 3 × 10 MB per container are dropped, oldest first.

use super::{Proposals, Transform};
use crate::project::Project;
use crate::syntax::compose::Service;
use crate::syntax::yaml::{Value, locate};

pub struct ComposeLogRotation;

impl Transform for ComposeLogRotation {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        let meta = out.meta();
        let text = |key: &str, default: &str| meta.doc.get(key).and_then(|v| v.as_str()).unwrap_or(default).to_string();
        let (max_size, max_file) = (text("max_size", "10m"), text("max_file", "3"));
        for (file, compose) in project.compose_files() {
            let services = compose.services();
            let needing: Vec<&Service> = services
                .iter()
                .filter(|s| !s.is_partial() && !s.extends_another() && s.body.is_some_and(locate::is_mapping) && s.get("logging").is_none())
                .filter(|s| !crate::analysis::completed_by_base(project, file, &s.name))
                .collect();
            let inherited: Vec<String> = needing.iter().filter_map(|s| compose.anchor(s)).collect();
            for service in needing {
                if compose.merged_anchors(service).iter().any(|a| inherited.contains(a)) {
                    continue;
                }
                let value = Value::Map(vec![
                    ("driver".into(), Value::Plain("json-file".into())),
                    (
                        "options".into(),
                        Value::Map(vec![
                            ("max-size".into(), Value::Str(max_size.clone())),
                            ("max-file".into(), Value::Str(max_file.clone())),
                        ]),
                    ),
                ]);
                let message = format!(
                    "`{}` keeps its log forever: json-file rotated at {max_size}, {max_file} files",
                    service.name
                );
                out.yaml(file, service.line, &service.name, compose.yaml.insert_key(&service.path(), "logging", &value), message);
            }
        }
    }
}
