//! `dockfix.toml`: the user's settings, read with serde so that an unknown key or a wrong value
//! is an error naming its line. Each file dockfix reads is governed by the nearest `dockfix.toml`
//! above it (as ruff does), or by the one `--config` names.

use crate::catalog::{Phase, Safety};
use crate::error::InputError;
use crate::project::{Limits, Options, Resources};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "dockfix.toml";

/// What one `dockfix.toml` says, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file (absolute); its folder is where `exclude` patterns start.
    pub path: PathBuf,
    /// Transform ids and phases to run; empty means every phase.
    pub select: Vec<String>,
    /// Transform ids and phases not to run.
    pub ignore: Vec<String>,
    pub allow_unsafe: bool,
    /// Globs of files to leave out, relative to the config's folder.
    pub exclude: Vec<String>,
    pub user: Option<crate::images::User>,
    pub health_path: Option<String>,
    pub resources: Resources,
    pub networks: Networks,
    /// Folders of extra image facts (`*.toml` files shaped like `transforms/images.toml`).
    pub catalog: Vec<PathBuf>,
    /// A hash of the file's text, for the PR body's meta line (a changed config makes a PR
    /// stale).
    pub digest: String,
}

/// The names `compose-network-isolation` gives its two networks.
#[derive(Debug, Clone, PartialEq)]
pub struct Networks {
    pub frontend: String,
    pub backend: String,
}

impl Default for Networks {
    fn default() -> Networks {
        Networks { frontend: "frontend".into(), backend: "backend".into() }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(rename = "unsafe", default)]
    allow_unsafe: bool,
    #[serde(default)]
    exclude: Vec<String>,
    user: Option<RawUser>,
    health: Option<RawHealth>,
    #[serde(default)]
    resources: RawResources,
    networks: Option<RawNetworks>,
    #[serde(default)]
    catalog: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUser {
    name: UserName,
    uid: NonRootId,
    gid: NonRootId,
}

#[derive(Deserialize)]
#[serde(try_from = "String")]
struct UserName(String);

impl TryFrom<String> for UserName {
    type Error = String;
    fn try_from(name: String) -> Result<UserName, String> {
        let ok = !name.is_empty()
            && name.len() <= 32
            && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if ok { Ok(UserName(name)) } else { Err(format!("`{name}` is not a user name (lowercase letters, digits, `_`, `-`)")) }
    }
}

#[derive(Deserialize)]
#[serde(try_from = "i64")]
struct NonRootId(u32);

impl TryFrom<i64> for NonRootId {
    type Error = String;
    fn try_from(id: i64) -> Result<NonRootId, String> {
        match u32::try_from(id) {
            Ok(0) => Err("0 is root: choose an id above 0".into()),
            Ok(id) => Ok(NonRootId(id)),
            Err(_) => Err(format!("{id} is not a user or group id")),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHealth {
    path: HealthPath,
}

#[derive(Deserialize)]
#[serde(try_from = "String")]
struct HealthPath(String);

impl TryFrom<String> for HealthPath {
    type Error = String;
    fn try_from(path: String) -> Result<HealthPath, String> {
        if path.starts_with('/') && !path.contains(char::is_whitespace) {
            Ok(HealthPath(path))
        } else {
            Err("the health path starts with `/` and has no spaces".into())
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNetworks {
    frontend: Option<NetworkName>,
    backend: Option<NetworkName>,
}

#[derive(Deserialize)]
#[serde(try_from = "String")]
struct NetworkName(String);

impl TryFrom<String> for NetworkName {
    type Error = String;
    fn try_from(name: String) -> Result<NetworkName, String> {
        let ok = name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if ok { Ok(NetworkName(name)) } else { Err(format!("`{name}` is not a network name")) }
    }
}

/// `[resources]`: one table per role, and `[resources.services.<name>]`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawResources {
    datastore: Option<RawLimits>,
    app: Option<RawLimits>,
    proxy: Option<RawLimits>,
    monitoring: Option<RawLimits>,
    admin: Option<RawLimits>,
    #[serde(default)]
    services: BTreeMap<String, RawLimits>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    cpus: Option<Cpus>,
    memory: Option<Size>,
    pids: Option<Pids>,
    reserve_memory: Option<Size>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Integer(i64),
    Float(f64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(try_from = "Number")]
struct Cpus(String);

impl TryFrom<Number> for Cpus {
    type Error = String;
    fn try_from(value: Number) -> Result<Cpus, String> {
        let text = match value {
            Number::Integer(i) => i.to_string(),
            Number::Float(f) => f.to_string(),
            Number::Text(t) => t,
        };
        if text.parse::<f64>().is_ok_and(|v| v > 0.0 && v.is_finite()) {
            Ok(Cpus(text))
        } else {
            Err("`cpus` must be a number above 0".into())
        }
    }
}

#[derive(Deserialize)]
#[serde(try_from = "String")]
struct Size(String);

impl TryFrom<String> for Size {
    type Error = String;
    fn try_from(text: String) -> Result<Size, String> {
        if crate::project::is_size(&text) { Ok(Size(text)) } else { Err(format!("`{text}` is not a size such as \"512M\"")) }
    }
}

#[derive(Deserialize)]
#[serde(try_from = "i64")]
struct Pids(i64);

impl TryFrom<i64> for Pids {
    type Error = String;
    fn try_from(value: i64) -> Result<Pids, String> {
        if value > 0 { Ok(Pids(value)) } else { Err("`pids` must be an integer above 0".into()) }
    }
}

impl RawLimits {
    fn limits(self) -> Limits {
        Limits {
            cpus: self.cpus.map(|c| c.0),
            memory: self.memory.map(|m| m.0),
            pids: self.pids.map(|p| p.0),
            reserve_memory: self.reserve_memory.map(|m| m.0),
        }
    }
}

impl Config {
    /// Reads and checks `path`. Errors name the file, line and column.
    pub fn read(path: &Path) -> Result<Config, InputError> {
        let text = std::fs::read_to_string(path).map_err(|e| InputError::new(path, 0, 0, format!("cannot read: {e}")))?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, InputError> {
        let at = |span: Option<std::ops::Range<usize>>| span.map_or((1, 1), |s| crate::style::line_col(text, s.start));
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let (line, column) = at(e.span());
            InputError::new(path, line, column, e.message().trim_end().to_string())
        })?;
        // Ids and phases are checked here, where their lines are known.
        let document: toml::Spanned<toml::Table> = toml::from_str(text).map_err(|e| InputError::new(path, 1, 1, e.message().to_string()))?;
        for key in ["select", "ignore"] {
            let values = if key == "select" { &raw.select } else { &raw.ignore };
            for value in values {
                if let Err(why) = check_name(value) {
                    let span = document.get_ref().get(key).and_then(|_| text.find(&format!("\"{value}\"")));
                    let (line, column) = at(span.map(|s| s..s));
                    return Err(InputError::new(path, line, column, format!("`{key}`: {why}")));
                }
            }
        }
        let folder = path.parent().unwrap_or(Path::new("."));
        let mut resources = Resources::default();
        let r = raw.resources;
        for (role, limits) in [("datastore", r.datastore), ("app", r.app), ("proxy", r.proxy), ("monitoring", r.monitoring), ("admin", r.admin)] {
            if let Some(limits) = limits {
                resources.roles.push((role.to_string(), limits.limits()));
            }
        }
        for (service, limits) in r.services {
            resources.services.push((service, limits.limits()));
        }
        let networks = raw.networks.map_or_else(Networks::default, |n| {
            let d = Networks::default();
            Networks { frontend: n.frontend.map_or(d.frontend, |x| x.0), backend: n.backend.map_or(d.backend, |x| x.0) }
        });
        if networks.frontend == networks.backend {
            return Err(InputError::new(path, 1, 1, "[networks]: `frontend` and `backend` need two different names"));
        }
        Ok(Config {
            path: path.to_path_buf(),
            select: raw.select,
            ignore: raw.ignore,
            allow_unsafe: raw.allow_unsafe,
            exclude: raw.exclude,
            user: raw.user.map(|u| crate::images::User { name: u.name.0, uid: u.uid.0, gid: u.gid.0 }),
            health_path: raw.health.map(|h| h.path.0),
            resources,
            networks,
            catalog: raw.catalog.iter().map(|c| folder.join(c)).collect(),
            digest: crate::render::hash([text]),
        })
    }

    /// The folder `exclude` patterns are relative to.
    pub fn folder(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("/"))
    }

    /// `base` with what this file sets.
    pub fn options(&self, base: &Options) -> Options {
        let mut options = base.clone();
        if self.user.is_some() {
            options.user = self.user.clone();
        }
        if self.health_path.is_some() {
            options.health_path = self.health_path.clone();
        }
        options.resources = self.resources.clone();
        options.networks = self.networks.clone();
        options
    }
}

/// A transform id or a phase name; an unknown one is an error with a suggestion.
pub fn check_name(name: &str) -> Result<(), String> {
    if name == "all" || Phase::parse(name).is_some() || crate::catalog::all().iter().any(|m| m.id == name) {
        return Ok(());
    }
    Err(format!("unknown transform or phase `{name}`{}", did_you_mean(name)))
}

/// ` (did you mean `x`?)` for the closest transform id or phase name, or nothing.
pub fn did_you_mean(name: &str) -> String {
    let candidates = crate::catalog::all()
        .iter()
        .map(|m| m.id.as_str())
        .chain(["security", "reliability", "performance", "operations", "all"]);
    let best = candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, c)) => format!(" (did you mean `{c}`?)"),
        None => " (see `dockfix list`)".into(),
    }
}

/// What the command line chose; it wins over a config's `select` when it names phases or ids.
#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    pub phases: Vec<Phase>,
    pub only: Vec<String>,
    pub skip: Vec<String>,
    pub allow_unsafe: bool,
}

/// The ids of the transforms that run on files governed by `config` (none: the command line
/// alone).
pub fn selected(cli: &CommandLine, config: Option<&Config>) -> BTreeSet<&'static str> {
    let (select, ignore, config_unsafe): (&[String], &[String], bool) =
        config.map_or((&[], &[], false), |c| (&c.select, &c.ignore, c.allow_unsafe));
    let allow_unsafe = cli.allow_unsafe || config_unsafe;
    let names = |list: &[String], id: &str, phase: Phase| list.iter().any(|n| n == id || n == "all" || Phase::parse(n) == Some(phase));
    crate::transforms::registry()
        .iter()
        .filter(|t| {
            let meta = t.meta();
            let chosen = if !cli.phases.is_empty() || !cli.only.is_empty() {
                (cli.phases.is_empty() || cli.phases.contains(&meta.phase)) && (cli.only.is_empty() || cli.only.iter().any(|i| i == t.id))
            } else {
                select.is_empty() || names(select, t.id, meta.phase)
            };
            let dropped = cli.skip.iter().any(|i| i == t.id) || names(ignore, t.id, meta.phase);
            chosen && !dropped && (meta.safety == Safety::Safe || allow_unsafe)
        })
        .map(|t| t.id)
        .collect()
}

/// The configs that govern a run: one forced by `--config`, or the nearest `dockfix.toml` above
/// each file, found once per folder.
#[derive(Debug, Default)]
pub struct Configs {
    /// `list[0]` governs every file (`--config`).
    forced: bool,
    /// Folder → the config above it (or none), as found.
    nearest: HashMap<PathBuf, Option<usize>>,
    pub list: Vec<Config>,
}

impl Configs {
    pub fn forced(config: Config) -> Configs {
        Configs { forced: true, list: vec![config], ..Configs::default() }
    }

    pub fn is_forced(&self) -> bool {
        self.forced
    }

    /// The index in `list` of the config governing the file at `path` (absolute); a broken
    /// config is an error naming its line.
    pub fn for_file(&mut self, path: &Path) -> Result<Option<usize>, InputError> {
        if self.forced {
            return Ok(Some(0));
        }
        self.find(path.parent().unwrap_or(Path::new("/")))
    }

    fn find(&mut self, folder: &Path) -> Result<Option<usize>, InputError> {
        if let Some(found) = self.nearest.get(folder) {
            return Ok(*found);
        }
        let candidate = folder.join(FILE_NAME);
        let found = if candidate.is_file() {
            let config = Config::read(&candidate)?;
            self.list.push(config);
            Some(self.list.len() - 1)
        } else {
            match folder.parent() {
                Some(parent) => self.find(parent)?,
                None => None,
            }
        };
        self.nearest.insert(folder.to_path_buf(), found);
        Ok(found)
    }
}

/// The commented file `dockfix init` writes: every key, with its default, commented out unless
/// the command line chose it.
pub fn template(select: &[String], allow_unsafe: bool) -> String {
    let select_line = if select.is_empty() {
        "# select = [\"security\", \"reliability\"]".to_string()
    } else {
        format!("select = [{}]", select.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", "))
    };
    let unsafe_line = if allow_unsafe { "unsafe = true".to_string() } else { "# unsafe = false".to_string() };
    format!(
        "# dockfix settings: https://github.com/dockfix/dockfix/blob/main/docs/configuration.md\n\
         # Files below this folder use this file, up to the next dockfix.toml below it.\n\
         \n\
         # Transforms to run, by id or phase (security, reliability, performance, operations); all when unset.\n\
         {select_line}\n\
         # Transforms or phases never to run.\n\
         # ignore = [\"compose-read-only\"]\n\
         # Also run the unsafe transforms (those likely to need application changes).\n\
         {unsafe_line}\n\
         # Files to leave alone, as globs relative to this folder.\n\
         # exclude = [\"tests/fixtures/**\"]\n\
         # Extra image facts: folders of TOML files shaped like transforms/images.toml.\n\
         # catalog = [\"ops/dockfix-images\"]\n\
         \n\
         # The user dockerfile-non-root-user creates (a name and ids above 0).\n\
         # [user]\n\
         # name = \"app\"\n\
         # uid = 10001\n\
         # gid = 10001\n\
         \n\
         # The route dockerfile-healthcheck probes in your application images.\n\
         # [health]\n\
         # path = \"/healthz\"\n\
         \n\
         # Resource limits by role (datastore, app, proxy, monitoring, admin) and by service.\n\
         # [resources.app]\n\
         # cpus = 1.0\n\
         # memory = \"512M\"\n\
         # pids = 256\n\
         # reserve_memory = \"128M\"\n\
         # [resources.services.worker]\n\
         # memory = \"2G\"\n\
         \n\
         # The networks compose-network-isolation creates.\n\
         # [networks]\n\
         # frontend = \"frontend\"\n\
         # backend = \"backend\"\n"
    )
}

/// `dockfix init` on an existing file: sets `select` and `unsafe` through toml_edit, keeping the
/// user's comments and layout.
pub fn update(text: &str, select: &[String], allow_unsafe: bool) -> Result<String, String> {
    let mut document: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    if !select.is_empty() {
        let mut array = toml_edit::Array::new();
        for s in select {
            array.push(s.as_str());
        }
        match document.get_mut("select").and_then(|i| i.as_value_mut()) {
            Some(value) => {
                let decor = value.decor().clone();
                *value = toml_edit::Value::Array(array);
                *value.decor_mut() = decor;
            }
            None => {
                document.insert("select", toml_edit::value(array));
            }
        }
    }
    if allow_unsafe {
        match document.get_mut("unsafe").and_then(|i| i.as_value_mut()) {
            Some(value) => {
                let decor = value.decor().clone();
                *value = toml_edit::Value::from(true);
                *value.decor_mut() = decor;
            }
            None => {
                document.insert("unsafe", toml_edit::value(true));
            }
        }
    }
    Ok(document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, InputError> {
        Config::parse(Path::new("/p/dockfix.toml"), text)
    }

    #[test]
    fn every_key_reads() {
        let config = parse(
            "select = [\"security\", \"compose-restart-policy\"]\nignore = [\"compose-read-only\"]\nunsafe = true\nexclude = [\"fixtures/**\"]\n\
             catalog = [\"images\"]\n[user]\nname = \"app\"\nuid = 10001\ngid = 10001\n[health]\npath = \"/up\"\n\
             [resources.datastore]\nmemory = \"2G\"\n[resources.services.api]\ncpus = 2\npids = 64\n[networks]\nbackend = \"db\"\n",
        )
        .unwrap();
        assert_eq!(config.select, ["security", "compose-restart-policy"]);
        assert!(config.allow_unsafe);
        assert_eq!(config.user.as_ref().map(|u| (u.name.as_str(), u.uid)), Some(("app", 10001)));
        assert_eq!(config.health_path.as_deref(), Some("/up"));
        assert_eq!(config.resources.roles, [("datastore".to_string(), Limits { memory: Some("2G".into()), ..Limits::default() })]);
        assert_eq!(config.resources.services[0].1.cpus.as_deref(), Some("2"));
        assert_eq!(config.networks, Networks { frontend: "frontend".into(), backend: "db".into() });
        assert_eq!(config.catalog, [PathBuf::from("/p/images")]);
    }

    #[test]
    fn mistakes_name_their_line() {
        for (text, line, words) in [
            ("select = [\"security\"]\nunknown_key = 1\n", 2, "unknown field `unknown_key`"),
            ("[user]\nname = \"app\"\nuid = 0\ngid = 1\n", 3, "0 is root"),
            ("\n\n[resources.app]\nmemory = \"lots\"\n", 4, "not a size"),
            ("[resources.app]\nram = \"1G\"\n", 2, "unknown field `ram`"),
            ("[resources.wizard]\nmemory = \"1G\"\n", 1, "unknown field `wizard`"),
            ("[health]\npath = \"healthz\"\n", 2, "starts with `/`"),
            ("select = [\n  \"security\",\n  \"compose-restart-polcy\",\n]\n", 3, "did you mean `compose-restart-policy`"),
            ("unsafe = \"yes\"\n", 1, "invalid type"),
            ("select = [\"security\"\n", 1, ""),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.line, line, "{text:?}: {error}");
            assert!(error.message.contains(words), "{text:?}: {error}");
        }
    }

    #[test]
    fn selection_by_config_and_command_line() {
        let config = parse("select = [\"reliability\"]\nignore = [\"compose-healthcheck\"]\n").unwrap();
        let ids = selected(&CommandLine::default(), Some(&config));
        assert!(ids.contains("compose-restart-policy") && !ids.contains("compose-healthcheck"));
        assert!(!ids.contains("dockerfile-non-root-user"), "a security transform");
        // The command line's phase wins over `select`; `ignore` still holds.
        let cli = CommandLine { phases: vec![Phase::Security], ..CommandLine::default() };
        let ids = selected(&cli, Some(&config));
        assert!(ids.contains("dockerfile-non-root-user") && !ids.contains("compose-restart-policy"));
        let unsafe_config = parse("unsafe = true\n").unwrap();
        assert!(selected(&CommandLine::default(), Some(&unsafe_config)).contains("compose-cap-drop"));
        assert!(!selected(&CommandLine::default(), None).contains("compose-cap-drop"));
    }

    #[test]
    fn selection_by_the_command_line_alone() {
        let security = CommandLine { phases: vec![Phase::Security], ..CommandLine::default() };
        let ids = selected(&security, None);
        assert!(ids.contains("dockerignore-keep-lockfiles") && ids.contains("dockerfile-non-root-user"));
        assert!(!ids.contains("compose-restart-policy"), "a reliability transform");
        assert!(!ids.contains("compose-cap-drop"), "unsafe transforms need --unsafe");
        let registry = crate::transforms::registry();
        let safe = registry.iter().filter(|t| t.meta().safety == Safety::Safe).count();
        let skip = CommandLine { skip: vec!["dockerignore-keep-lockfiles".into()], ..CommandLine::default() };
        assert_eq!(selected(&skip, None).len(), safe - 1);
        let all = CommandLine { allow_unsafe: true, ..CommandLine::default() };
        assert_eq!(selected(&all, None).len(), registry.len());
        let only = CommandLine { only: vec!["compose-restart-policy".into()], ..CommandLine::default() };
        assert_eq!(selected(&only, None).into_iter().collect::<Vec<_>>(), ["compose-restart-policy"]);
    }

    #[test]
    fn init_updates_keep_comments() {
        let text = "# mine\nselect = [\"security\"] # why\n\n[user] # who\nname = \"app\"\nuid = 5\ngid = 5\n";
        let updated = update(text, &["reliability".into()], true).unwrap();
        assert!(updated.starts_with("# mine\nselect = [\"reliability\"] # why\n"), "{updated}");
        assert!(updated.contains("[user] # who\n") && updated.contains("unsafe = true"), "{updated}");
        let template = template(&[], false);
        assert!(parse(&template).is_ok(), "the template reads: {template}");
        let uncommented: String = template
            .lines()
            .filter(|l| l.starts_with("# ") && (l.contains(" = ") || l.starts_with("# [")))
            .map(|l| format!("{}\n", &l[2..]))
            .collect();
        let every_key = parse(&uncommented).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert_eq!(every_key.user.map(|u| u.uid), Some(10001));
    }
}
