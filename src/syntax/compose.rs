//! The compose view of a YAML file: its services, what each one effectively sets once merge keys
//! are resolved, and how services relate.

use super::yaml::YamlDoc;
use super::yaml::locate::{self, Seg};
use super::yaml::value::{self, LoadError};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use tree_sitter::Node;
use yaml_rust2::{Yaml, yaml::Hash};

#[derive(Debug)]
pub struct Compose {
    pub yaml: YamlDoc,
    /// Each service's keys with merge keys resolved, worked out once: `None` for a service
    /// without `<<`, whose own mapping is its keys (not copied: every parse after an edit would
    /// copy, and later drop, the whole document).
    merged: OnceLock<BTreeMap<String, Option<Hash>>>,
}

/// Each service of a compose document with its keys (merge keys resolved), from the document's
/// meaning alone, in the file's order: services whose value is not a mapping are left out.
/// A service without `<<` is its own mapping, borrowed: the split and the references read a few
/// keys of every service, and a copy of each was a fiftieth of a run.
pub fn services_of(doc: &Yaml) -> Vec<(String, std::borrow::Cow<'_, Hash>)> {
    service_mappings(doc)
        .map(|(name, keys)| (name.to_string(), merged_copy(keys).map_or(std::borrow::Cow::Borrowed(keys), std::borrow::Cow::Owned)))
        .collect()
}

/// A mapping's keys with `<<` merge keys resolved, when it has `<<` (without, it is its own).
fn merged_copy(keys: &Hash) -> Option<Hash> {
    keys.contains_key(&Yaml::String("<<".into())).then(|| value::merged(keys))
}

/// Each service of a compose document whose value is a mapping, with that mapping as written.
fn service_mappings(doc: &Yaml) -> impl Iterator<Item = (&str, &Hash)> {
    doc["services"].as_hash().into_iter().flatten().filter_map(|(name, value)| Some((name.as_str()?, value.as_hash()?)))
}

/// One entry of `services:`.
#[derive(Debug)]
pub struct Service<'a> {
    pub name: String,
    /// 1-based line of the service's key.
    pub line: usize,
    /// The service's value node (a mapping for any real service).
    pub body: Option<Node<'a>>,
    /// The value node's wrapper, which carries an anchor if the service has one.
    pub wrapper: Option<Node<'a>>,
    /// Keys the service sets itself or through `<<` merge keys.
    pub merged: &'a Hash,
}

impl Service<'_> {
    pub fn path(&self) -> Vec<Seg> {
        vec![locate::key("services"), locate::key(&self.name)]
    }

    /// The effective value of a key, merge keys resolved.
    pub fn get(&self, name: &str) -> Option<&Yaml> {
        value::get(self.merged, name)
    }

    /// Whether the service's own mapping (not a merge key) writes `key`.
    pub fn owns(&self, text: &str, key: &str) -> bool {
        self.body.is_some_and(|body| locate::is_mapping(body) && locate::get(body, text, key).is_some())
    }

    /// The path to one of the service's keys.
    pub fn key_path(&self, key: &str) -> Vec<Seg> {
        let mut path = self.path();
        path.push(locate::key(key));
        path
    }

    /// A partial definition, for `-f base -f this`: no image, no build, no `extends`. Its keys
    /// are merged into the base file's service, so what it lacks says nothing.
    pub fn is_partial(&self) -> bool {
        self.get("image").is_none() && self.get("build").is_none() && self.get("extends").is_none()
    }

    /// Whether it takes its definition from another service (`extends`): Compose merges that
    /// service's settings in, so a setting added to the other service (in the same run, or
    /// already there) reaches this one, and adding it here too would only repeat it.
    pub fn extends_another(&self) -> bool {
        self.get("extends").is_some()
    }

    /// The image the service runs, if it names one.
    pub fn image(&self) -> Option<&str> {
        self.get("image").and_then(Yaml::as_str)
    }

    /// The effective value of `outer.inner`, merge keys resolved at both levels.
    pub fn get_nested(&self, outer: &str, inner: &str) -> Option<Yaml> {
        let outer = self.get(outer)?.as_hash()?;
        value::get_merged(outer, inner).cloned()
    }
}

impl Compose {
    pub fn parse(text: &str) -> Result<Compose, LoadError> {
        Ok(Compose::of(YamlDoc::parse(text)?))
    }

    /// The compose view of a parsed YAML document.
    pub fn of(yaml: YamlDoc) -> Compose {
        Compose { yaml, merged: OnceLock::new() }
    }

    /// Whether the document's top level has a `services` key (how an arbitrary YAML file is
    /// recognised as a compose file).
    pub fn has_services(&self) -> bool {
        self.yaml.doc.as_hash().is_some_and(|top| value::get(top, "services").is_some())
    }

    pub fn services(&self) -> Vec<Service<'_>> {
        let Some(services) = self.yaml.pairs_under("services") else { return Vec::new() };
        let own = self.yaml.doc["services"].as_hash();
        let merged = self.merged_cache();
        static EMPTY: OnceLock<Hash> = OnceLock::new();
        let empty = || EMPTY.get_or_init(Hash::new);
        services
            .iter()
            .map(|pair| {
                let name = pair.key.clone();
                let merged = match merged.get(&name) {
                    Some(Some(keys)) => keys,
                    Some(None) => own.and_then(|own| value::get(own, &name)).and_then(Yaml::as_hash).unwrap_or_else(empty),
                    None => empty(),
                };
                Service {
                    line: pair.node.start_position().row + 1,
                    body: pair.value.map(locate::unwrap_node),
                    wrapper: pair.value,
                    merged,
                    name,
                }
            })
            .collect()
    }

    /// Each service's keys with merge keys resolved, for the services that have `<<` (see
    /// [`Compose::merged`]).
    fn merged_cache(&self) -> &BTreeMap<String, Option<Hash>> {
        self.merged.get_or_init(|| {
            service_mappings(&self.yaml.doc).map(|(name, keys)| (name.to_string(), merged_copy(keys))).collect()
        })
    }

    /// Services another service waits on with `condition: service_completed_successfully`:
    /// one-shot jobs (migrations, setup) that must not be restarted.
    pub fn one_shot_services(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        // Read from the meaning alone (the services' nodes are not needed here), of the same
        // services as [`Compose::services`]: none unless `services` is written as a mapping.
        if self.yaml.pairs_under("services").is_none() {
            return names;
        }
        let merged = self.merged_cache();
        for (name, own) in service_mappings(&self.yaml.doc) {
            let keys = match merged.get(name) {
                Some(Some(keys)) => keys,
                _ => own,
            };
            let Some(Yaml::Hash(depends_on)) = value::get(keys, "depends_on") else { continue };
            for (name, condition) in depends_on {
                let completed = condition.as_hash().and_then(|c| value::get(c, "condition")).and_then(Yaml::as_str)
                    == Some("service_completed_successfully");
                if let (true, Some(name)) = (completed, name.as_str()) {
                    names.insert(name.to_string());
                }
            }
        }
        names
    }

    /// The anchor on a service's mapping (`web: &web`), if any.
    pub fn anchor(&self, service: &Service) -> Option<String> {
        service.wrapper.and_then(|w| locate::anchor(w, &self.yaml.text))
    }

    /// Other services whose definition uses `*anchor` (directly or through a merge key).
    pub fn alias_users(&self, anchor: &str) -> Vec<String> {
        let text = &self.yaml.text;
        self.services()
            .into_iter()
            .filter(|s| s.wrapper.is_some_and(|w| locate::aliases_under(w, text).iter().any(|a| a == anchor)))
            .map(|s| s.name)
            .collect()
    }

    /// Anchors a service merges with `<<: *a` or `<<: [*a, *b]`.
    pub fn merged_anchors(&self, service: &Service) -> Vec<String> {
        let text = &self.yaml.text;
        service
            .body
            .filter(|b| locate::is_mapping(*b))
            .and_then(|body| locate::get(body, text, "<<"))
            .map(|pair| locate::aliases_under(pair, text))
            .unwrap_or_default()
    }
}

/// A variable Compose substitutes into a value: `${NAME}`, `${NAME:-default}`, `${NAME:?error}`,
/// `$NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpolation {
    pub name: String,
    /// The default used when the variable is unset (`:-`, `-`).
    pub default: Option<String>,
    /// `:?` or `?`: Compose stops when the variable is unset.
    pub required: bool,
}

/// The variables Compose interpolates in `text` (`$$` is a literal `$`), defaults' own
/// variables included.
pub fn interpolations(text: &str) -> Vec<Interpolation> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'$') => i += 2,
            Some(b'{') => {
                // The matching brace (defaults may hold `${...}` of their own).
                let mut depth = 0;
                let mut end = None;
                for (j, &b) in bytes.iter().enumerate().skip(i + 1) {
                    match b {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let Some(end) = end else { break };
                let inner = &text[i + 2..end];
                let name_len = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
                let (name, rest) = inner.split_at(name_len);
                if !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) {
                    let (default, required) = match rest {
                        r if r.starts_with(":-") => (Some(r[2..].to_string()), false),
                        r if r.starts_with('-') => (Some(r[1..].to_string()), false),
                        r if r.starts_with(":?") || r.starts_with('?') => (None, true),
                        _ => (None, false),
                    };
                    if let Some(default) = &default {
                        out.extend(interpolations(default));
                    } else if let Some(alternate) = rest.strip_prefix(":+").or_else(|| rest.strip_prefix('+')) {
                        out.extend(interpolations(alternate));
                    }
                    out.push(Interpolation { name: name.to_string(), default, required });
                }
                i = end + 1;
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let len = bytes[i + 1..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
                out.push(Interpolation { name: text[i + 1..i + 1 + len].to_string(), default: None, required: false });
                i += 1 + len;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn interpolations_as_compose_reads_them() {
        let found = super::interpolations("$$HOME ${A} ${B:-x y} ${C-} ${D:?set D} $E_1 ${F:-${G}} ${H:+on} $5");
        let names: Vec<(&str, Option<&str>, bool)> =
            found.iter().map(|i| (i.name.as_str(), i.default.as_deref(), i.required)).collect();
        assert_eq!(
            names,
            [
                ("A", None, false),
                ("B", Some("x y"), false),
                ("C", Some(""), false),
                ("D", None, true),
                ("E_1", None, false),
                ("G", None, false),
                ("F", Some("${G}"), false),
                ("H", None, false),
            ]
        );
    }

    use super::*;

    #[test]
    fn services_merge_keys_and_one_shots() {
        let text = "x-base: &base\n  restart: always\nservices:\n  api:\n    <<: *base\n    depends_on:\n      migrate:\n        condition: service_completed_successfully\n  migrate:\n    image: app\n";
        let compose = Compose::parse(text).unwrap();
        let services = compose.services();
        assert_eq!(services.len(), 2);
        assert_eq!(services[0].get("restart").and_then(Yaml::as_str), Some("always"));
        assert_eq!(services[1].line, 9);
        assert!(compose.one_shot_services().contains("migrate"));
    }
}

/// The `:`-separated fields of a short mount or device entry (`src:target[:mode]`), where a
/// colon inside `${...}` (`./nginx/${SETUP:-https}.conf:/etc/nginx/templates/x`) is part of a
/// variable's default, not a separator.
pub fn short_fields(short: &str) -> Vec<&str> {
    let mut fields = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = short.as_bytes();
    for (at, byte) in bytes.iter().enumerate() {
        match byte {
            b'{' if at > 0 && bytes[at - 1] == b'$' => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                fields.push(&short[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    fields.push(&short[start..]);
    fields
}

#[cfg(test)]
mod short_field_tests {
    use super::short_fields;

    #[test]
    fn colons_in_variable_defaults_do_not_split() {
        assert_eq!(short_fields("./nginx/${SETUP:-https}.conf:/etc/nginx/templates/default.conf.template:ro"), ["./nginx/${SETUP:-https}.conf", "/etc/nginx/templates/default.conf.template", "ro"]);
        assert_eq!(short_fields("${DATA:-./data}:/data"), ["${DATA:-./data}", "/data"]);
        assert_eq!(short_fields("/data"), ["/data"]);
        assert_eq!(short_fields("a:b:c"), ["a", "b", "c"]);
    }
}
