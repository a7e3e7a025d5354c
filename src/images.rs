//! What dockfix knows about images: `transforms/images.toml`, compiled in by build.rs.

use crate::data::{Data, IMAGES};
use toml_edit::{DocumentMut, Item};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Debian,
    Alpine,
    Rhel,
    Busybox,
    Distroless,
    Scratch,
    Windows,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Debian => "debian",
            Family::Alpine => "alpine",
            Family::Rhel => "rhel",
            Family::Busybox => "busybox",
            Family::Distroless => "distroless",
            Family::Scratch => "scratch",
            Family::Windows => "windows",
        }
    }

    fn parse(name: &str) -> Option<Family> {
        [
            Family::Debian,
            Family::Alpine,
            Family::Rhel,
            Family::Busybox,
            Family::Distroless,
            Family::Scratch,
            Family::Windows,
        ]
        .into_iter()
        .find(|f| f.name() == name)
    }
}

/// A user an image already has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
}

/// How a family installs packages and creates users.
#[derive(Debug, Clone, Default)]
pub struct FamilyInfo {
    /// A command line installing `{packages}` with cache hygiene.
    pub install: Option<String>,
    /// The words that start a package install in a RUN (`apt-get install`, `apk add`).
    pub install_command: Option<String>,
    /// Where the family's tini package puts the binary.
    pub tini: Option<String>,
    /// A command line creating system group and user `{user}` with `{uid}`/`{gid}`.
    pub add_user: Option<String>,
    /// A non-root user every image of the family has.
    pub user: Option<User>,
}

/// What is known about one image reference.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageInfo {
    /// The normalised repository (`python`, `gcr.io/distroless/static`).
    pub repository: String,
    pub tag: String,
    /// Whether an `[[image]]` entry matched.
    pub known: bool,
    pub family: Option<Family>,
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub user: Option<User>,
    pub runs_as_non_root: bool,
    pub drops_privileges: bool,
    /// The programs for which the entrypoint switches user (`redis-server`; `mongo*` for a
    /// prefix): a container started with another program (`sh -c ...`) stays root. Empty:
    /// not known, or whatever it runs.
    pub drops_for: Vec<String>,
    pub needs_root: Option<String>,
    /// Why `no-new-privileges` would stop the image's program (file capabilities or setuid
    /// programs it relies on), shown in a note.
    pub needs_new_privileges: Option<String>,
    pub init: bool,
    pub role: Option<String>,
    /// Capabilities needed once all are dropped (`None`: unknown).
    pub cap_add: Option<Vec<String>>,
    /// Paths written besides the data (`None`: unknown).
    pub tmpfs: Option<Vec<String>>,
    /// The image's WORKDIR, where it sets one (`/var/www/html` for php): the folder relative
    /// paths of a Dockerfile built FROM it start from. `None`: `/`, or not known.
    pub workdir: Option<String>,
    /// Where the data lives.
    pub data: Option<String>,
    /// A folder whose mounted files the entrypoint renders into another at start (nginx's
    /// `/etc/nginx/templates` into `/etc/nginx/conf.d`): `(from, into)`.
    pub renders: Option<(String, String)>,
    /// Why the data folder is not known for this tag though the repository has one per version
    /// (PostgreSQL 18 moved it): a reference without a version tag gets a note, not a guess.
    pub data_varies: Option<String>,
    /// Container ports that serve a web UI for people (RabbitMQ management, the MinIO console),
    /// not the datastore's protocol.
    pub ui_ports: Vec<u16>,
    /// Variables the image also reads from a file (patterns), and the suffix that names the file.
    pub file_env: Vec<String>,
    pub file_suffix: String,
}

impl ImageInfo {
    /// `POSTGRES_PASSWORD` → `Some("POSTGRES_PASSWORD_FILE")` when the image reads it from a file.
    pub fn file_variable(&self, name: &str) -> Option<String> {
        let reads = self.file_env.iter().any(|p| match p.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => p == name,
        });
        reads.then(|| format!("{name}{}", self.file_suffix))
    }
}

/// Splits `registry/ns/name:tag@digest` into a normalised repository and its tag.
pub fn normalise(reference: &str) -> (String, String) {
    let without_digest = reference.split('@').next().unwrap_or_default();
    let last_slash = without_digest.rfind('/').map_or(0, |i| i + 1);
    let (repository, tag) = match without_digest[last_slash..].find(':') {
        Some(colon) => (&without_digest[..last_slash + colon], &without_digest[last_slash + colon + 1..]),
        None => (without_digest, ""),
    };
    let mut repository = repository.to_ascii_lowercase();
    // Docker Hub under its own names, and the mirrors of its official images (the same images:
    // Amazon's ECR Public gallery, Google's mirror).
    for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/", "registry.docker.com/", "registry.hub.docker.com/", "public.ecr.aws/docker/", "mirror.gcr.io/"] {
        if let Some(rest) = repository.strip_prefix(prefix) {
            repository = rest.to_string();
        }
    }
    if let Some(rest) = repository.strip_prefix("library/") {
        repository = rest.to_string();
    }
    (repository, tag.to_string())
}

/// Whether an image reference matches one of `patterns` (written as images.toml's `match`).
pub fn matches_any(reference: &str, patterns: &[String]) -> bool {
    let (repository, _) = normalise(reference);
    patterns.iter().any(|p| pattern_matches(p, &repository))
}

fn pattern_matches(pattern: &str, repository: &str) -> bool {
    if let Some(name) = pattern.strip_prefix("*/") {
        let name = name.trim_end_matches('*');
        return repository.ends_with(&format!("/{name}"))
            || (pattern.ends_with('*') && repository.contains(&format!("/{name}")));
    }
    match pattern.strip_suffix('*') {
        Some(prefix) => repository.starts_with(prefix),
        None => repository == pattern,
    }
}

fn strings(table: &Data, key: &str) -> Option<Vec<String>> {
    table.strings(key)
}

fn user(item: Option<&Data>) -> Option<User> {
    let table = item?;
    Some(User {
        name: table.get("name")?.as_str()?.to_string(),
        uid: u32::try_from(table.get("uid")?.as_integer()?).ok()?,
        gid: u32::try_from(table.get("gid")?.as_integer()?).ok()?,
    })
}

fn tag_list(tags: &Data, key: &str) -> Vec<String> {
    match tags.get(key) {
        Some(item) if item.is_str() => vec![item.as_str().unwrap_or_default().to_string()],
        Some(_) => strings(tags, key).unwrap_or_default(),
        None => Vec::new(),
    }
}

/// `[[image]]` entries from the user's own catalog folders (`catalog` in dockfix.toml), tried
/// before the built-in ones.
static EXTRA: std::sync::RwLock<Vec<Data>> = std::sync::RwLock::new(Vec::new());

/// Adds the `[[image]]` entries of every `*.toml` file in `folder` (each needs a `match`).
pub fn add_catalog_folder(folder: &std::path::Path) -> Result<(), crate::error::InputError> {
    use crate::error::InputError;
    let entries = std::fs::read_dir(folder).map_err(|e| InputError::new(folder, 0, 0, format!("catalog folder: cannot read: {e}")))?;
    let mut paths: Vec<std::path::PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect();
    paths.sort();
    let mut tables = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| InputError::new(&path, 0, 0, format!("cannot read: {e}")))?;
        let doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
            let (line, column) = e.span().map_or((1, 1), |s| crate::style::line_col(&text, s.start));
            InputError::new(&path, line, column, e.message().to_string())
        })?;
        for (key, _) in doc.iter() {
            if key != "image" {
                return Err(InputError::new(&path, 1, 1, format!("unknown key `{key}`: a catalog file holds [[image]] entries")));
            }
        }
        let Some(images) = doc.get("image").and_then(Item::as_array_of_tables) else { continue };
        for (index, table) in images.iter().enumerate() {
            let table = Data::from_toml_table(table);
            if strings(&table, "match").is_none_or(|m| m.is_empty()) {
                return Err(InputError::new(&path, 1, 1, format!("[[image]] entry {} needs a `match` list", index + 1)));
            }
            tables.push(table);
        }
    }
    EXTRA.write().unwrap_or_else(|e| e.into_inner()).extend(tables);
    Ok(())
}

/// Everything known about an image reference (with `ARG`s already substituted). Transforms
/// ask for the same references over and over: each is looked up once (per thread).
/// The packages that install setuid or setgid programs their service uses while it runs
/// (`setid_packages` of images.toml).
pub fn setid_packages() -> Vec<String> {
    IMAGES.strings("setid_packages").unwrap_or_default()
}

pub fn lookup(reference: &str) -> ImageInfo {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static CACHE: RefCell<(usize, HashMap<String, ImageInfo>)> = RefCell::new((0, HashMap::new()));
    }
    // The user's catalog folders change what a reference means: the cache follows them.
    let extra = EXTRA.read().map(|e| e.len()).unwrap_or(0);
    if let Some(hit) = CACHE.with(|c| {
        let c = c.borrow();
        if c.0 == extra { c.1.get(reference).cloned() } else { None }
    }) {
        return hit;
    }
    let info = lookup_uncached(reference);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.0 != extra {
            *c = (extra, HashMap::new());
        }
        c.1.insert(reference.to_string(), info.clone());
    });
    info
}

fn lookup_uncached(reference: &str) -> ImageInfo {
    let (repository, tag) = normalise(reference);
    let extra = EXTRA.read().unwrap_or_else(|e| e.into_inner());
    let doc = &IMAGES;
    let mut info = ImageInfo {
        repository: repository.clone(),
        tag: tag.clone(),
        file_suffix: "_FILE".into(),
        ..ImageInfo::default()
    };
    let entries = doc.get("image").and_then(Data::as_array);
    // `tag_contains`: an entry for some variants of a repository only (`php` tags with `apache`);
    // `tags`: for some versions only (tags starting with one of them: `postgres` 18 and on).
    let fits = |t: &&Data| {
        strings(t, "match").unwrap_or_default().iter().any(|p| pattern_matches(p, &repository))
            && strings(t, "tag_contains").is_none_or(|parts| parts.iter().any(|p| tag.contains(p.as_str())))
            && strings(t, "tags").is_none_or(|versions| versions.iter().any(|v| starts_with_version(&tag, v)))
    };
    let entry = extra.iter().find(fits).or_else(|| entries.and_then(|tables| tables.iter().find(fits)));
    if let Some(entry) = entry {
        info.known = true;
        info.family = entry.get("family").and_then(Data::as_str).and_then(Family::parse);
        info.entrypoint = strings(entry, "entrypoint");
        info.cmd = strings(entry, "cmd");
        info.user = user(entry.get("user"));
        let flag = |key: &str| entry.get(key).and_then(Data::as_bool).unwrap_or(false);
        info.runs_as_non_root = flag("runs_as_non_root");
        info.drops_privileges = flag("drops_privileges");
        info.drops_for = strings(entry, "drops_for").unwrap_or_default();
        info.init = flag("init");
        info.needs_root = entry.get("needs_root").and_then(Data::as_str).map(str::to_string);
        info.needs_new_privileges = entry.get("needs_new_privileges").and_then(Data::as_str).map(str::to_string);
        info.role = entry.get("role").and_then(Data::as_str).map(str::to_string);
        info.cap_add = strings(entry, "cap_add");
        info.tmpfs = strings(entry, "tmpfs");
        info.data = entry.get("data").and_then(Data::as_str).map(str::to_string);
        info.data_varies = entry.get("data_varies").and_then(Data::as_str).map(str::to_string);
        info.renders = strings(entry, "renders").and_then(|pair| match pair.as_slice() {
            [from, into] => Some((from.clone(), into.clone())),
            _ => None,
        });
        info.workdir = entry.get("workdir").and_then(Data::as_str).map(str::to_string);
        info.ui_ports = entry
            .get("ui_ports")
            .and_then(Data::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_integer()).filter_map(|v| u16::try_from(v).ok()).collect())
            .unwrap_or_default();
        info.file_env = strings(entry, "file_env").unwrap_or_default();
        if let Some(suffix) = entry.get("file_suffix").and_then(Data::as_str) {
            info.file_suffix = suffix.to_string();
        }
    }
    if let Some(tags) = doc.get("tags").filter(|d| d.entries().is_some()) {
        let has = |key: &str| tag_list(tags, key).iter().any(|t| tag.contains(t.as_str()));
        if has("windows") {
            info.family = Some(Family::Windows);
        } else if has("alpine") {
            info.family = Some(Family::Alpine);
        } else if has("debian") && info.family.is_some_and(|f| f != Family::Distroless && f != Family::Rhel) {
            // `-slim` names Debian's slim images (`python:3.12-slim`), not `oraclelinux:9-slim`,
            // whose family the catalog knows (apt-get is not there).
            info.family = Some(Family::Debian);
        }
        if has("nonroot") {
            info.runs_as_non_root = true;
        }
    }
    if reference.contains("windows") && info.family.is_none() {
        info.family = Some(Family::Windows);
    }
    info
}

/// Whether `tag` is of version `version` (or a version under it): `18` takes `18`, `18.1`,
/// `18-alpine` and `18beta3`, but not `180`; `9.6` takes `9.6.24-bookworm`.
fn starts_with_version(tag: &str, version: &str) -> bool {
    tag.strip_prefix(version).is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// A probe that works inside an image, from the `[[health]]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Health {
    /// Compose `test`, as the container sees it (`$` not yet doubled); `{port}` to fill in.
    pub test: Vec<String>,
    pub port: Option<u16>,
    pub start_period: Option<String>,
    /// `NAME=value` settings of which the service must have one for the probe to work.
    pub needs_env: Vec<String>,
    /// A word the service's command must contain for the probe to work.
    pub needs_command: Option<String>,
    /// Options of the server's command that move it off the port the probe asks
    /// (`--port`, postgres' `-p` and `-c port=`): with one, no probe is written.
    pub port_options: Vec<String>,
    /// Why no probe is known for this image (then `test` is empty).
    pub none: Option<String>,
    pub source: String,
}

/// The probe for an image reference, if the catalog has an entry for it.
pub fn health(reference: &str) -> Option<Health> {
    let (repository, tag) = normalise(reference);
    let tables = IMAGES.get("health").and_then(Data::as_array)?;
    let entry = tables.iter().find(|t| {
        let repository_ok = strings(t, "match").unwrap_or_default().iter().any(|p| pattern_matches(p, &repository));
        let tags_ok = strings(t, "tags").is_none_or(|prefixes| prefixes.iter().any(|p| tag.starts_with(p.as_str())));
        let contains_ok = strings(t, "tag_contains").is_none_or(|parts| parts.iter().any(|p| tag.contains(p.as_str())));
        repository_ok && tags_ok && contains_ok
    })?;
    let text = |key: &str| entry.get(key).and_then(Data::as_str).map(str::to_string);
    Some(Health {
        test: strings(entry, "test").unwrap_or_default(),
        port: entry.get("port").and_then(Data::as_integer).and_then(|p| u16::try_from(p).ok()),
        start_period: text("start_period"),
        needs_env: strings(entry, "needs_env").unwrap_or_default(),
        needs_command: text("needs_command"),
        port_options: strings(entry, "port_options").unwrap_or_default(),
        none: text("none"),
        source: text("source").unwrap_or_default(),
    })
}

/// Whether an image's probe is the same whatever its tag (no `[[health]]` entry for its
/// repository depends on the tag): then a tag chosen by a variable does not matter.
pub fn health_is_tag_independent(repository: &str) -> bool {
    let Some(tables) = IMAGES.get("health").and_then(Data::as_array) else { return true };
    !tables.iter().any(|t| {
        strings(t, "match").unwrap_or_default().iter().any(|p| pattern_matches(p, repository))
            && (t.get("tags").is_some() || t.get("tag_contains").is_some())
    })
}

/// How a family does things.
pub fn family(family: Family) -> FamilyInfo {
    let Some(table) = IMAGES.get("family").and_then(|f| f.get(family.name())).filter(|d| d.entries().is_some()) else {
        return FamilyInfo::default();
    };
    let text = |key: &str| table.get(key).and_then(Data::as_str).map(str::to_string);
    FamilyInfo {
        install: text("install"),
        install_command: text("install_command"),
        tini: text("tini"),
        add_user: text("add_user"),
        user: user(table.get("user")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_normalise() {
        assert_eq!(normalise("docker.io/library/python:3.12-slim"), ("python".into(), "3.12-slim".into()));
        assert_eq!(normalise("public.ecr.aws/docker/library/alpine:latest"), ("alpine".into(), "latest".into()));
        assert_eq!(normalise("mirror.gcr.io/library/redis:7"), ("redis".into(), "7".into()));
        assert_eq!(normalise("registry.docker.com/library/ruby:3.4.4-slim"), ("ruby".into(), "3.4.4-slim".into()));
        assert_eq!(normalise("localhost:5000/app:1@sha256:ab"), ("localhost:5000/app".into(), "1".into()));
        assert_eq!(
            normalise("gcr.io/distroless/static-debian12"),
            ("gcr.io/distroless/static-debian12".into(), "".into())
        );
    }

    #[test]
    fn a_slim_tag_is_debian_only_where_the_family_may_be() {
        assert_eq!(lookup("python:3.12-slim").family, Some(Family::Debian));
        assert_eq!(lookup("oraclelinux:9-slim").family, Some(Family::Rhel));
        assert_eq!(lookup("node:22-bookworm-slim").family, Some(Family::Debian));
    }

    #[test]
    fn entries_for_some_versions_take_their_tags_only() {
        for tag in ["18", "18.1", "18-alpine", "18.1-trixie", "18beta3"] {
            assert!(starts_with_version(tag, "18"), "{tag}");
        }
        assert!(!starts_with_version("180", "18"));
        assert!(!starts_with_version("1", "18"));
        assert!(starts_with_version("9.6.24-bookworm", "9.6"));
        // PostgreSQL moved its data folder in 18; a tag without a version gets no guess.
        assert_eq!(lookup("postgres:17-alpine").data.as_deref(), Some("/var/lib/postgresql/data"));
        assert_eq!(lookup("postgres:9.6").data.as_deref(), Some("/var/lib/postgresql/data"));
        assert_eq!(lookup("docker.io/library/postgres:18.1").data.as_deref(), Some("/var/lib/postgresql"));
        // pgvector names the version inside its tags (AppFlowy Cloud's `pgvector/pgvector:pg16`).
        assert_eq!(lookup("pgvector/pgvector:pg16").data.as_deref(), Some("/var/lib/postgresql/data"));
        assert_eq!(lookup("pgvector/pgvector:0.8.1-pg18-trixie").data.as_deref(), Some("/var/lib/postgresql"));
        assert_eq!(lookup("pgvector/pgvector:pg16").role.as_deref(), Some("datastore"));
        for unversioned in ["postgres", "postgres:latest", "postgres:alpine", "postgres:${PG_VERSION:-16}", "pgvector/pgvector:latest"] {
            let info = lookup(unversioned);
            assert_eq!(info.data, None, "{unversioned}");
            assert!(info.data_varies.is_some(), "{unversioned}");
            assert_eq!(info.role.as_deref(), Some("datastore"), "{unversioned}: the other facts stay");
        }
    }

    #[test]
    fn families_and_facts() {
        assert_eq!(lookup("python:3.12-slim").family, Some(Family::Debian));
        assert_eq!(lookup("node:20-alpine").family, Some(Family::Alpine));
        assert_eq!(lookup("node:20").user.unwrap().uid, 1000);
        assert_eq!(lookup("node:20").entrypoint, Some(vec!["docker-entrypoint.sh".to_string()]));
        assert_eq!(lookup("gcr.io/distroless/static-debian12:nonroot").family, Some(Family::Distroless));
        assert!(lookup("gcr.io/distroless/static-debian12:nonroot").runs_as_non_root);
        assert!(lookup("prom/prometheus:v2.53.0").runs_as_non_root);
        assert!(lookup("postgres:16").drops_privileges);
        assert_eq!(lookup("redhat/ubi9").family, Some(Family::Rhel));
        assert_eq!(lookup("mcr.microsoft.com/windows/servercore:ltsc2022").family, Some(Family::Windows));
        assert!(lookup("docker.io/nginxinc/nginx-unprivileged:1.27").runs_as_non_root);
        assert!(!lookup("example/unknown").known);
        assert_eq!(family(Family::Alpine).tini.as_deref(), Some("/sbin/tini"));
        assert_eq!(lookup("postgres:16").file_variable("POSTGRES_PASSWORD").as_deref(), Some("POSTGRES_PASSWORD_FILE"));
        assert_eq!(
            lookup("grafana/grafana").file_variable("GF_SECURITY_ADMIN_PASSWORD").as_deref(),
            Some("GF_SECURITY_ADMIN_PASSWORD__FILE")
        );
        assert_eq!(lookup("redis:7").file_variable("REDIS_PASSWORD"), None);
        assert_eq!(family(Family::Distroless).user.unwrap().uid, 65532);
    }

    #[test]
    fn probes_by_image_and_tag() {
        assert_eq!(health("redis:7-alpine").unwrap().test[0], "CMD-SHELL");
        assert_eq!(health("mariadb:10.11").unwrap().test[1], "mysqladmin");
        assert_eq!(health("mariadb:11.4").unwrap().test[1], "healthcheck.sh");
        assert_eq!(health("docker.io/library/mariadb@sha256:ab").unwrap().test[1], "healthcheck.sh");
        assert_eq!(health("mongo:5.0").unwrap().test[1], "mongo");
        assert_eq!(health("mongo:7").unwrap().test[1], "mongosh");
        assert_eq!(health("nginx:1.27-alpine-slim").unwrap().test[1], "wget");
        assert_eq!(health("nginx:1.27-alpine").unwrap().test[1], "curl");
        assert!(health("memcached:1.6-alpine").unwrap().none.is_some());
        assert_eq!(health("docker.elastic.co/elasticsearch/elasticsearch:8.14.1").unwrap().needs_env.len(), 1);
        assert!(health("docker.elastic.co/elasticsearch/elasticsearch:7.17.0").unwrap().needs_env.is_empty());
        assert!(health("quay.io/keycloak/keycloak:24.0").unwrap().test[1].contains("8080"));
        assert!(health("quay.io/keycloak/keycloak:26.0").unwrap().test[1].contains("9000"));
        assert!(health("example/unknown").is_none());
    }
}
