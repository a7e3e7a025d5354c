//! `compose-bind-localhost`: published ports of admin, monitoring and datastore services are
//! bound to 127.0.0.1, in the port's own syntax.
//!
//! **Why**: `"5432:5432"` publishes on every interface of the host, often straight to the
//! internet (Docker's rules bypass host firewalls such as ufw). Admin UIs, dashboards and
//! databases are meant for the operator, who reaches them locally or through a tunnel.
//! **Leaves alone**: ports with an explicit host IP, ports from a merge key, and services whose
//! role images.toml does not know (an application's own ports are meant to be public).
//! **Safety**: safe for the services it touches; remote access then needs an SSH tunnel.

use super::{Expect, Proposals, Transform};
use crate::images;
use crate::project::Project;
use crate::syntax::yaml::Value;
use crate::syntax::yaml::locate::Seg;
use yaml_rust2::Yaml;

pub struct ComposeBindLocalhost;

const ROLES: [&str; 3] = ["admin", "monitoring", "datastore"];

impl Transform for ComposeBindLocalhost {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        for (file, compose) in project.compose_files() {
            let text = &compose.yaml.text;
            let legacy = compose.yaml.doc.as_hash().is_some_and(|top| top.contains_key(&Yaml::String("version".into())));
            for service in compose.services() {
                let Some(role) = service.image().and_then(|i| images::lookup(i).role) else { continue };
                if !ROLES.contains(&role.as_str()) {
                    continue;
                }
                let Some(Yaml::Array(ports)) = service.get("ports") else { continue };
                if !service.owns(text, "ports") {
                    out.note(
                        file,
                        service.line,
                        format!("`{}`: its ports come from a merge key; bind them to 127.0.0.1 there", service.name),
                    );
                    continue;
                }
                let mut edits = Vec::new();
                let mut ops = Vec::new();
                for (index, port) in ports.iter().enumerate() {
                    let mut path = service.key_path("ports");
                    path.push(Seg::Index(index));
                    let result = match port {
                        Yaml::String(_) | Yaml::Integer(_) => match bound(&scalar(port)) {
                            Some(new) => compose.yaml.replace_scalar(&path, &Value::Str(new)),
                            None => continue,
                        },
                        // The long syntax names its `target`; a mapping without one is not a
                        // port Compose can publish, and binding it would only hide the mistake.
                        Yaml::Hash(long)
                            if long.contains_key(&Yaml::String("target".into()))
                                && !long.contains_key(&Yaml::String("host_ip".into())) =>
                        {
                            if legacy {
                                // docker-compose v1 (what files with `version:` are often run
                                // with) rejects `host_ip`: the short syntax says the same.
                                match short_form(long) {
                                    Some(short) => compose.yaml.replace_with_scalar(&path, &Value::Str(short)),
                                    None => Err("its long syntax has no short form, and docker-compose v1 (this file has a `version:` key) rejects `host_ip`".into()),
                                }
                            } else {
                                compose.yaml.insert_key(&path, "host_ip", &Value::str("127.0.0.1"))
                            }
                        }
                        _ => continue,
                    };
                    match result {
                        Ok((edit, op)) => {
                            edits.push(edit);
                            ops.push(op);
                        }
                        Err(why) => {
                            out.note(file, service.line, format!("`{}`: a port left alone: {why}", service.name))
                        }
                    }
                }
                if !edits.is_empty() {
                    let message = format!(
                        "`{}` ({role}) published on every interface: bound to 127.0.0.1 (reach it remotely through an SSH tunnel)",
                        service.name
                    );
                    out.change(file, service.line, message, edits, Expect::Yaml(ops));
                }
            }
        }
    }
}

/// `{target: 5432, published: 5432, protocol: tcp}` → `127.0.0.1:5432:5432/tcp`, when it says
/// nothing the short syntax cannot.
fn short_form(long: &yaml_rust2::yaml::Hash) -> Option<String> {
    let field = |key: &str| long.get(&Yaml::String(key.into())).map(scalar);
    if long.keys().any(|k| !matches!(k.as_str(), Some("target" | "published" | "protocol" | "mode"))) {
        return None;
    }
    if field("mode").is_some_and(|m| m != "ingress") {
        return None;
    }
    let (target, published) = (field("target")?, field("published")?);
    let protocol = field("protocol").filter(|p| p != "tcp").map(|p| format!("/{p}")).unwrap_or_default();
    Some(format!("127.0.0.1:{published}:{target}{protocol}"))
}

fn scalar(port: &Yaml) -> String {
    match port {
        Yaml::Integer(n) => n.to_string(),
        Yaml::String(s) => s.clone(),
        _ => String::new(),
    }
}

/// `8080:80` → `127.0.0.1:8080:80`, `80` → `127.0.0.1::80`; `None` when a host IP is already
/// there (or the entry cannot be read).
pub fn bound(port: &str) -> Option<String> {
    // `${SQL_PORT:-127.0.0.1:13306}` may already carry a host IP: leave such entries alone.
    let defaults_an_address = port.split("${").skip(1).any(|var| {
        let body = var.split('}').next().unwrap_or_default();
        body.split_once(['-', '=', '?', '+']).is_some_and(|(_, default)| default.contains(['.', ':']))
    });
    if defaults_an_address {
        return None;
    }
    let parts = split_port(port);
    match parts.len() {
        1 if !port.is_empty() => Some(format!("127.0.0.1::{port}")),
        2 => Some(format!("127.0.0.1:{port}")),
        _ => None,
    }
}

/// Splits a short port entry on `:` outside `${...}` and `[...]` (IPv6).
fn split_port(port: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    let bytes = port.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            b':' if depth == 0 => {
                parts.push(&port[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&port[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::bound;

    #[test]
    fn short_syntax() {
        assert_eq!(bound("8080:80").as_deref(), Some("127.0.0.1:8080:80"));
        assert_eq!(bound("9090").as_deref(), Some("127.0.0.1::9090"));
        assert_eq!(bound("53:53/udp").as_deref(), Some("127.0.0.1:53:53/udp"));
        assert_eq!(bound("${PORT:-5432}:5432").as_deref(), Some("127.0.0.1:${PORT:-5432}:5432"));
        assert_eq!(bound("8000-8010:8000-8010").as_deref(), Some("127.0.0.1:8000-8010:8000-8010"));
        assert_eq!(bound("0.0.0.0:80:80"), None);
        assert_eq!(bound("${SQL_PORT:-127.0.0.1:13306}:3306"), None);
        assert_eq!(bound("[::1]:80:80"), None);
    }
}
