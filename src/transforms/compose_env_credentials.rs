//! `compose-env-credentials`: literal secrets in compose `environment` blocks move to `.env`.
//!
//! **Why**: a compose file is committed, shared and pasted into issues; a password in it is a
//! password in the git history forever.
//! **How**: the value becomes `${NAME:?set NAME in .env}` and moves to the `.env` beside the
//! compose file (created 0600), so `docker compose config` resolves the same value; `.env.example`
//! gets `NAME=` without the value; `.env` is git-ignored and docker-ignored. Weak defaults are
//! replaced by random values only with `--generate-secrets`. Secret values never reach the output.
//! **Also**: literal secrets in Dockerfile `ENV`/`ARG` are reported (not rewritten).
//! **Safety**: safe.

use super::{Expect, Place, NewFile, Proposals, Transform};
use crate::discover::FileKind;
use crate::edit::Edit;
use crate::images;
use crate::source::FileId;
use crate::project::{Parsed, Project};
use crate::syntax::compose::Compose;
use crate::syntax::dotenv;
use crate::syntax::yaml::Value;
use crate::syntax::yaml::locate::{self, Seg};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tree_sitter::Node;

pub struct ComposeEnvCredentials;

/// A literal secret found in an `environment` block.
struct Secret {
    file: FileId,
    /// The service (or `x-` block) it belongs to.
    owner: String,
    line: usize,
    /// Path to the scalar to replace.
    path: Vec<Seg>,
    key: String,
    value: String,
    /// `KEY=value` list item (true) or `KEY: value` mapping entry (false).
    list_item: bool,
    /// Found only as the password of a URL (`DATABASE_URL`): no entry of its own to rewrite.
    in_url: bool,
}

impl Transform for ComposeEnvCredentials {
    fn propose(&self, project: &Project, out: &mut Proposals) {
        let mut folders: BTreeMap<PathBuf, Vec<FileId>> = BTreeMap::new();
        for (file, _) in project.compose_files() {
            folders.entry(project.folder(file)).or_default().push(file);
        }
        for (folder, files) in folders {
            // Each file's service scalars, walked once for every use below.
            let composes: Vec<ComposeScalars> = files
                .iter()
                .filter_map(|&file| match &project.files[file].parsed {
                    Parsed::Compose(compose) => Some((file, &**compose, service_scalars(compose))),
                    _ => None,
                })
                .collect();
            let mut secrets: Vec<Secret> = Vec::new();
            let mut in_urls: Vec<Secret> = Vec::new();
            for (file, compose, scalars) in &composes {
                note_literal_defaults(scalars, *file, out);
                secrets.extend(find_secrets(compose, *file));
                in_urls.extend(find_url_secrets(scalars, *file));
            }
            // Compose files merged with each other are one stack; the folder's other files are
            // other stacks (see `move_secrets`).
            let stack_of = stacks(project, &composes);
            for secret in in_urls {
                if !secrets.iter().any(|s| s.value == secret.value && stack_of[&s.file] == stack_of[&secret.file]) {
                    secrets.push(secret);
                }
            }
            for secret in &secrets {
                out.secret(&secret.value);
            }
            // The compose edits and the files they need (.env, .env.example, .gitignore,
            // .dockerignore) stand or fall together.
            out.begin_group(folder.to_string_lossy());
            let secrets =
                if project.options.secret_files { to_secret_files(project, &folder, secrets, out) } else { secrets };
            if !secrets.is_empty() {
                move_secrets(project, &folder, &composes, &stack_of, secrets, out);
            }
            out.end_group();
        }
        note_dockerfile_secrets(project, out);
    }
}

/// The name patterns and weak values of `transforms/secrets.toml`.
struct Patterns {
    /// The `contains` and `not_contains` lists, each one automaton: a name is checked against
    /// every pattern in one pass (every environment key of every service, in every pass).
    contains: aho_corasick::AhoCorasick,
    suffixes: Vec<String>,
    not_contains: aho_corasick::AhoCorasick,
    not_suffixes: Vec<String>,
    names: Vec<String>,
    weak: Vec<String>,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let list = |key: &str| -> Vec<String> { crate::data::SECRETS.strings(key).unwrap_or_default() };
        let automaton = |key: &str| aho_corasick::AhoCorasick::new(list(key)).expect("the secret name patterns are a few short strings");
        Patterns {
            contains: automaton("contains"),
            suffixes: list("suffixes"),
            not_contains: automaton("not_contains"),
            not_suffixes: list("not_suffixes"),
            names: list("names"),
            weak: list("weak"),
        }
    })
}

/// Whether an environment variable name looks like it holds a secret.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let p = patterns();
    if p.names.contains(&upper) {
        return true;
    }
    let looks = p.contains.is_match(&upper) || p.suffixes.iter().any(|s| upper.ends_with(s.as_str()));
    looks
        && !p.not_contains.is_match(&upper)
        && !p.not_suffixes.iter().any(|s| upper.ends_with(s.as_str()))
}

/// What a secret is, by its name: a password (`POSTGRES_PASSWORD`, `DB_PASS`, `MYSQL_PWD`) or
/// a key, token or other secret.
fn secret_kind(key: &str) -> &'static str {
    let upper = key.to_ascii_uppercase();
    if upper.contains("PASS") || upper.contains("PWD") {
        "password"
    } else if upper.contains("SECRET") {
        "key"
    } else if upper.contains("ACCESS_KEY") || upper.ends_with("_ID") {
        // An access key's id (`AWS_ACCESS_KEY_ID`, `AWS_ACCESS_KEY`) is its name, not the secret
        // that goes with it (`AWS_SECRET_ACCESS_KEY`): one placeholder shared by both is chance.
        "key id"
    } else {
        "key"
    }
}

fn is_weak(value: &str) -> bool {
    patterns().weak.iter().any(|w| w.eq_ignore_ascii_case(value))
}

/// A value compose takes literally: no `$` interpolation (`$$` is an escaped `$`). Returns the
/// value the container sees.
fn literal(value: &str) -> Option<String> {
    // A switch (`ALLOW_EMPTY_PASSWORD: "yes"`) is not a secret.
    const SWITCHES: [&str; 8] = ["true", "false", "yes", "no", "on", "off", "1", "0"];
    if SWITCHES.contains(&value.to_ascii_lowercase().as_str()) {
        return None;
    }
    // A path (`/run/secrets/db`, `./creds.json`) names where a secret is, it is not one.
    if value.starts_with('/') || value.starts_with("./") || value.starts_with("~/") {
        return None;
    }
    let without_escapes = value.replace("$$", "");
    (!without_escapes.contains('$')).then(|| value.replace("$$", "$"))
}

/// Literal secrets in the `environment` blocks of services and of top-level `x-` blocks.
fn find_secrets(compose: &Compose, file: FileId) -> Vec<Secret> {
    let text = &compose.yaml.text;
    let mut blocks: Vec<(String, Vec<Seg>, Node)> = Vec::new();
    // The root's pairs and the services' pairs are the parse's index (a file with a key twice
    // does not load, so the first `services` is the only one).
    for pair in compose.yaml.top_pairs() {
        let name = &pair.key;
        let Some(value) = pair.value.map(locate::unwrap_node) else { continue };
        if name == "services" {
            // None unless `services` is a mapping.
            for service in compose.yaml.pairs_under("services").unwrap_or_default() {
                let Some(body) = service.value.map(locate::unwrap_node) else { continue };
                collect_environments(
                    &service.key,
                    vec![locate::key("services"), locate::key(&service.key)],
                    body,
                    text,
                    0,
                    &mut blocks,
                );
            }
        } else if name.starts_with("x-") {
            collect_environments(name, vec![locate::key(name)], value, text, 0, &mut blocks);
        }
    }
    let mut secrets = Vec::new();
    for (owner, path, environment) in blocks {
        secrets.extend(secrets_in(compose, file, &owner, &path, environment));
    }
    secrets
}

/// `environment` mappings/sequences under `node` (a service or an `x-` block), a few levels deep.
fn collect_environments<'t>(
    owner: &str,
    path: Vec<Seg>,
    node: Node<'t>,
    text: &str,
    depth: usize,
    out: &mut Vec<(String, Vec<Seg>, Node<'t>)>,
) {
    if depth > 3 || !locate::is_mapping(node) {
        return;
    }
    // A key that reads `environment` is written so, or with an escape in double quotes: a
    // block without either holds none (most services' nested blocks), and is not walked.
    let written = &text[node.byte_range()];
    if !written.contains("environment") && !written.contains('\\') {
        return;
    }
    for pair in locate::pairs(node) {
        let (Some(key), Some(value)) = (locate::pair_key(pair, text), locate::pair_value(pair)) else { continue };
        // Most keys are neither an environment nor a mapping to look into: no path for them.
        let is_environment = key == "environment";
        if !is_environment && (depth + 1 > 3 || !locate::is_mapping(value)) {
            continue;
        }
        let mut child = path.clone();
        child.push(locate::key(&key));
        if is_environment {
            out.push((owner.to_string(), child, value));
        } else if locate::is_mapping(value) {
            collect_environments(owner, child, value, text, depth + 1, out);
        }
    }
}

fn secrets_in(compose: &Compose, file: FileId, owner: &str, path: &[Seg], environment: Node) -> Vec<Secret> {
    let text = &compose.yaml.text;
    let mut out = Vec::new();
    let scalar = |node: Node| -> Option<String> {
        matches!(node.kind(), "plain_scalar" | "single_quote_scalar" | "double_quote_scalar")
            .then(|| locate::scalar_value(node, text))?
    };
    if locate::is_mapping(environment) {
        for pair in locate::pairs(environment) {
            let Some(key) = locate::pair_key(pair, text) else { continue };
            let Some(value) = locate::pair_value(pair).and_then(scalar) else { continue };
            if !is_secret_name(&key) || value == "null" || value == "~" {
                continue;
            }
            let Some(value) = literal(&value) else { continue };
            let mut scalar_path = path.to_vec();
            scalar_path.push(locate::key(&key));
            let line = pair.start_position().row + 1;
            out.push(Secret {
                file,
                owner: owner.to_string(),
                line,
                path: scalar_path,
                key,
                value,
                list_item: false,
                in_url: false,
            });
        }
    } else if locate::is_sequence(environment) {
        for (index, item) in locate::items(environment).into_iter().enumerate() {
            let Some(entry) = locate::item_value(item).and_then(scalar) else { continue };
            let Some((key, value)) = entry.split_once('=') else { continue };
            let Some(value) = literal(value) else { continue };
            if !is_secret_name(key) {
                continue;
            }
            let mut scalar_path = path.to_vec();
            scalar_path.push(Seg::Index(index));
            let line = item.start_position().row + 1;
            out.push(Secret {
                file,
                owner: owner.to_string(),
                line,
                path: scalar_path,
                key: key.to_string(),
                value,
                list_item: true,
                in_url: false,
            });
        }
    }
    out
}

/// 32 random letters and digits.
fn random_secret() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// `api` + `DB_PASSWORD` → `API_DB_PASSWORD`.
fn prefixed(owner: &str, key: &str) -> String {
    let owner: String = owner
        .trim_start_matches("x-")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
        .collect();
    format!("{owner}_{key}")
}

/// Rewrites every secret of a folder's compose files and writes the side files once.
/// A compose file of a folder, with its service scalars.
type ComposeScalars<'a> = (FileId, &'a Compose, Vec<ScalarAt>);

fn move_secrets(
    project: &Project,
    folder: &Path,
    composes: &[ComposeScalars],
    stack_of: &BTreeMap<FileId, FileId>,
    secrets: Vec<Secret>,
    out: &mut Proposals,
) {
    let near = secrets[0].file;
    let env_path = folder.join(".env");
    // A `.env` git tracks is the project's settings, committed: a secret written there would
    // be committed with it (a .gitignore line does not untrack a file).
    if project.disk.git_tracks(&env_path) {
        for secret in &secrets {
            out.note(secret.file, secret.line, format!(
                "`{}` of `{}` left in place: git tracks this folder's .env (the project's settings), so a secret moved there would be committed; set it from a file git ignores (`env_file:`) or from the environment",
                secret.key, secret.owner
            ));
        }
        return;
    }
    let env_file = project.file_at(&env_path);
    let mut assigned: BTreeMap<String, String> = BTreeMap::new();
    if let Some(Parsed::Lines(lines)) = env_file.map(|f| &project.files[f].parsed) {
        assigned.extend(dotenv::variables(lines).into_iter().map(|(name, value, _)| (name, value)));
    }
    let mut new_lines: Vec<String> = Vec::new();
    let mut names: Vec<(String, String)> = Vec::new();
    // One variable per literal in one stack: every place holding the same value reads the same
    // variable. A stack is a compose file with the files merged with it (an override); the
    // other compose files of the folder are other stacks (`docker-compose.postgres.yml` beside
    // `docker-compose.mariadb.yml`), whose equal placeholder is chance, so a postgres password
    // is not named after MariaDB's. A weak placeholder (`changeme`) is shared by chance within a
    // stack too: it links only secrets of one kind (passwords with passwords), so
    // `DJANGO_SECRET_KEY: changeme` does not come to read `POSTGRES_PASSWORD`.
    let mut var_of: BTreeMap<(FileId, String, &'static str), String> = BTreeMap::new();
    let mut rewritten: Vec<(FileId, Vec<Seg>)> = Vec::new();
    // Where each variable was first written: (file, service, key).
    let mut first_of_var: BTreeMap<String, (FileId, String, String)> = BTreeMap::new();
    let mut generated: BTreeMap<(String, &str), String> = BTreeMap::new();
    // The env files the services read (`env_file: backend.env`): a copy of a secret there (a
    // `DATABASE_URL` with the password) is not rewritten, so its value must stay as it is.
    // Only the values it sets count: a comment (`#PAPERLESS_URL=https://paperless.example.com`)
    // and the names hold no copy.
    let mut env_files: Vec<(String, String)> = Vec::new();
    for (_, compose, _) in composes {
        for reference in crate::references::in_compose(compose, folder).into_iter().filter(|r| r.how == "env_file") {
            if reference.path == env_path || env_files.iter().any(|(name, _)| *name == reference.written) {
                continue;
            }
            if let Some(text) = project.disk.text(&reference.path) {
                let lines = crate::syntax::ignorefile::LineFile::parse(text);
                let values: Vec<String> = crate::syntax::dotenv::variables(&lines).into_iter().map(|(_, value, _)| value).collect();
                env_files.push((reference.written.clone(), values.join("\n")));
            }
        }
    }
    let copies_in = |value: &str| -> Vec<String> {
        if value.chars().count() < 3 {
            return Vec::new();
        }
        // As a whole word: `saleor` in `postgres://saleor:saleor@db`, not in `saleorshop`.
        let bounded = |text: &str| {
            text.match_indices(value).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + value.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            })
        };
        env_files.iter().filter(|(_, text)| bounded(text)).map(|(name, _)| format!("`{name}`")).collect()
    };
    // A value that also stands in shell code dockfix cannot rewrite stays where it is, in every
    // place of its stack (see `stray_copies`).
    let stray = stray_copies(project, composes, stack_of, &secrets);
    for secret in secrets {
        if let Some(place) = stray.get(&(stack_of[&secret.file], secret.value.clone())) {
            out.note(secret.file, secret.line, format!(
                "`{}` left in place: {place}, and moved alone the two would part when .env changes; read it from the environment there too, then rerun",
                secret.key
            ));
            continue;
        }
        let weak = is_weak(&secret.value);
        // An access key's id never shares a variable with a secret: the same text for both is
        // a placeholder, however strong it looks.
        let kind = secret_kind(&secret.key);
        let kind_link = if weak || kind == "key id" { kind } else { "" };
        // An empty value links nothing: gitlab's empty `OAUTH_GOOGLE_API_KEY`,
        // `OAUTH_GITHUB_API_KEY`, ... each get a variable of their own name, or setting Google's
        // key in .env would hand it to GitHub too.
        let empty = secret.value.is_empty();
        let link_value = if empty { format!("\0{}", secret.key) } else { secret.value.clone() };
        let link = (stack_of[&secret.file], link_value, kind_link);
        let copies = copies_in(&secret.value);
        if !copies.is_empty() && !var_of.contains_key(&link) {
            let what = if weak && project.options.generate_secrets {
                "so no new value was generated; change it in .env and there together"
            } else {
                "which dockfix does not rewrite: change it there too whenever you change it in .env"
            };
            let hold = if copies.len() == 1 { "holds" } else { "hold" };
            out.note(secret.file, secret.line, format!("`{}`: {} also {hold} its value (a URL or setting), {what}", secret.key, copies.join(", ")));
        }
        // A password found only in a URL logs in to a server this compose file does not set up
        // with it (an image's built-in `guest`, a server configured elsewhere): a new value in
        // .env would lock the client out.
        // Nor is an empty value replaced: it often turns a feature off (an OAuth provider, a
        // password on a cache), which a generated value would turn on with nonsense.
        // `INDEXER_PASSWORD: admin` on Wazuh's manager: the password of `wazuh.indexer`, whose
        // own settings here do not hold it (it is built into its users file): a new value in
        // .env would lock the client out, as for a password found only in a URL.
        let server_elsewhere = if weak && !secret.in_url && !empty { server_set_up_elsewhere(composes, stack_of, &secret) } else { None };
        let weak_to_replace = weak && copies.is_empty() && !secret.in_url && !empty && server_elsewhere.is_none();
        let value = if weak_to_replace && project.options.generate_secrets {
            generated.entry((secret.value.clone(), kind_link)).or_insert_with(random_secret).clone()
        } else {
            secret.value.clone()
        };
        if let Some(var) = var_of.get(&link).cloned() {
            if !secret.in_url {
                rewrite_entry(project, &secret, &var, &value, out);
                rewritten.push((secret.file, secret.path.clone()));
                // Two settings of one service with one value (gitlab's seven `*_KEY_BASE`
                // placeholders): the same variable keeps them equal, as they were; keys meant
                // to differ need their own.
                if first_of_var.get(&var).is_some_and(|(file, owner, key)| *file == secret.file && *owner == secret.owner && *key != secret.key) {
                    out.note(secret.file, secret.line, format!(
                        "`{}` reads {var}: `{}` gives both the same value; if they are meant to differ, give it a variable of its own",
                        secret.key, secret.owner
                    ));
                }
            }
            continue;
        }
        let candidates = [secret.key.clone(), prefixed(&secret.owner, &secret.key)];
        let var = candidates
            .iter()
            .cloned()
            .chain((2..).map(|n| format!("{}_{n}", prefixed(&secret.owner, &secret.key))))
            .find(|name| assigned.get(name).is_none_or(|v| *v == value))
            .expect("an unused name exists");
        let Some(rendered) = dotenv::render(&value) else {
            out.note(
                secret.file,
                secret.line,
                format!("`{}` left in place: its value cannot be written to .env unchanged", secret.key),
            );
            continue;
        };
        if assigned.get(&var).is_none() {
            new_lines.push(format!("{var}={rendered}"));
            assigned.insert(var.clone(), value.clone());
            names.push((var.clone(), secret.owner.clone()));
        }
        var_of.insert(link, var.clone());
        first_of_var.entry(var.clone()).or_insert_with(|| (secret.file, secret.owner.clone(), secret.key.clone()));
        if !secret.in_url {
            rewrite_entry(project, &secret, &var, &value, out);
            rewritten.push((secret.file, secret.path.clone()));
        }
        if weak_to_replace && project.options.generate_secrets {
            out.note(secret.file, secret.line, format!("`{}` had a weak default value: .env holds a new random one (a datastore initialised with the old password keeps it until you change it there)", secret.key));
        } else if empty {
            // Moved as it is, empty: nothing weak to report, unless new values were asked for.
            if project.options.generate_secrets {
                out.note(
                    secret.file,
                    secret.line,
                    format!("`{}` is empty: no value generated (empty, it often turns a feature off); set one in .env where the service needs it", secret.key),
                );
            }
        } else if weak && copies.is_empty() && secret.in_url {
            out.note(
                secret.file,
                secret.line,
                format!(
                    "`{}` (a password in a URL) has a weak default value, but no service here is set up with it: the server it logs in to has it built in or configured elsewhere, so change it there first, then in .env",
                    var
                ),
            );
        } else if let (true, Some(server)) = (weak && copies.is_empty(), &server_elsewhere) {
            out.note(
                secret.file,
                secret.line,
                format!(
                    "`{}` has a weak default value, but it is the password of `{server}`, which is not set up with it here: it has it built in or configured elsewhere, so change it there first, then in .env",
                    secret.key
                ),
            );
        } else if weak && copies.is_empty() {
            out.note(
                secret.file,
                secret.line,
                format!(
                    "`{}` has a weak default value; change it in .env, or rerun with --generate-secrets",
                    secret.key
                ),
            );
        }
    }
    // A copy inside a URL or after a password flag is a password: the password's variable
    // where a placeholder is shared by several kinds.
    let mut by_value: BTreeMap<FileId, BTreeMap<String, String>> = BTreeMap::new();
    for ((stack, value, kind), var) in &var_of {
        let of_stack = by_value.entry(*stack).or_default();
        if *kind == "password" || !of_stack.contains_key(value) {
            of_stack.insert(value.clone(), var.clone());
        }
    }
    for (stack, of_stack) in &by_value {
        let members: Vec<&ComposeScalars> = composes.iter().filter(|(file, _, _)| stack_of[file] == *stack).collect();
        rewrite_occurrences(&members, of_stack, &rewritten, out);
    }
    if new_lines.is_empty() {
        return;
    }
    write_lines(
        project,
        out,
        near,
        env_file,
        &env_path,
        FileKind::Env,
        0o600,
        "# Secrets for docker compose, moved here by dockfix. Never commit this file.",
        &new_lines,
        "secrets moved out of the compose file",
    );
    example_lines(project, folder, near, &names, out);
    ignore_env(project, folder, near, out);
}

/// Per (stack, value), why the value stays where it is: a place dockfix cannot rewrite holds it
/// too, and moved, the two would part when .env changes. Such places, each said as the reason of
/// the note: a compose file of another folder joined by `include` that holds it anywhere; a
/// settings file a service mounts or copies (and is not given the value by its environment) or
/// a configuration passed as a block of text, where it stands under a secret's name (weak and
/// short values count in all three); and code (redis's ACL `user default on >filebrowser` beside
/// `redis://default:filebrowser@redis`, `sqlcmd -P example_123`), where weak and short values
/// are left out (placeholders and names match by chance), and so is a value that is also a name
/// in the stack (`POSTGRES_USER: penpot`, `pg_isready -U saleor`, `gosu sentry sentry cleanup`),
/// where what code says of it is ambiguous.
fn stray_copies(project: &Project, composes: &[ComposeScalars], stack_of: &BTreeMap<FileId, FileId>, secrets: &[Secret]) -> BTreeMap<(FileId, String), String> {
    let mut stray: BTreeMap<(FileId, String), String> = BTreeMap::new();
    // Places where the value stands under a secret's name, or anywhere across an `include`,
    // count for every value, however weak or short (see above); per (stack, value), the first
    // of these reasons found, in this order:
    // - a program's own settings file, mounted into a service or copied into its image, for a
    //   service whose environment does not give it the value (MediaCMS' `local_settings.py`:
    //   `os.getenv('POSTGRES_PASSWORD', 'mediacms')`): it logs in with that copy;
    // - a compose file of another folder joined by `include` (any secret of the value's):
    //   each file of an include reads the .env of its own folder, so no one variable serves both;
    // - a configuration written into a variable (`INVIDIOUS_CONFIG: |` with `password: kemal`).
    let settings: Vec<(FileId, Vec<(String, String, String)>)> = composes.iter().map(|(file, compose, _)| (*file, config_blocks(compose))).collect();
    let in_configuration = |stack: FileId, value: &str| {
        settings
            .iter()
            .filter(|(file, _)| stack_of[file] == stack)
            .flat_map(|(_, blocks)| blocks.iter())
            .find(|(_, _, block)| block.lines().any(|line| sets_secret_to(line, value)))
            .map(|(service, label, _)| format!("`{label}` of `{service}` holds the same value in a configuration dockfix does not rewrite"))
    };
    for secret in secrets.iter().filter(|s| s.value.chars().count() >= 3) {
        let key = (stack_of[&secret.file], secret.value.clone());
        if stray.contains_key(&key) {
            continue;
        }
        let same_value = secrets.iter().filter(|s| s.value == secret.value && stack_of[&s.file] == key.0);
        let reason = settings_file_copy(project, composes, stack_of, key.0, &secret.value)
            .or_else(|| same_value.clone().find_map(|s| copy_across_include(project, s)))
            .or_else(|| in_configuration(key.0, &secret.value));
        if let Some(reason) = reason {
            stray.insert(key, reason);
        }
    }
    let checked = |secret: &Secret| !is_weak(&secret.value) && secret.value.chars().count() >= 6;
    if !secrets.iter().any(checked) {
        return stray;
    }
    // Each compose file's code blocks, read once.
    let blocks: Vec<(FileId, Vec<(String, String, String)>)> = composes.iter().map(|(file, compose, _)| (*file, code_blocks(compose))).collect();
    let members = |stack: FileId| composes.iter().filter(move |(file, _, _)| stack_of[file] == stack);
    let blocks_of = |stack: FileId| blocks.iter().filter(move |(file, _)| stack_of[file] == stack).flat_map(|(_, b)| b.iter());
    for secret in secrets.iter().filter(|s| checked(s)) {
        let key = (stack_of[&secret.file], secret.value.clone());
        if stray.contains_key(&key) {
            continue;
        }
        let named = secrets_free_settings(composes, stack_of, key.0).any(|value| value == secret.value)
            || members(key.0).any(|(_, _, scalars)| scalars.iter().any(|s| is_code(s) && names_it(&s.value, &secret.value)))
            || blocks_of(key.0).any(|(_, _, block)| block.lines().any(|line| names_it(line, &secret.value)));
        if named {
            continue;
        }
        if let Some((service, label, _)) = blocks_of(key.0).find(|(_, _, block)| word_positions(block, &secret.value).next().is_some()) {
            stray.insert(key, format!("`{label}` of `{service}` holds the same value in code dockfix does not rewrite"));
            continue;
        }
        let same_value: Vec<(FileId, &[Seg])> =
            secrets.iter().filter(|s| s.value == secret.value && !s.in_url).map(|s| (s.file, s.path.as_slice())).collect();
        // Code only: in settings a project's name is often its password too
        // (`postgres://saleor:saleor@db/saleor`), and there it names things.
        let place = members(key.0).flat_map(|(file, _, scalars)| scalars.iter().map(move |s| (*file, s))).find_map(|(file, scalar)| {
            let own = same_value.iter().any(|(f, path)| *f == file && *path == scalar.path.as_slice());
            (is_code(scalar) && !own && holds_unrewritable(&scalar.value, &secret.value)).then(|| format!("`{}` of `{}` holds the same value in code dockfix does not rewrite", scalar.label, scalar.service))
        });
        if let Some(place) = place {
            stray.insert(key, place);
        }
    }
    stray
}

/// Where `value` stands in `text` as a whole word (not inside a longer name: `saleor` in
/// `>saleor ~*`, not in `saleorshop` or `my_saleor`).
fn word_positions<'a>(text: &'a str, value: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(value).map(|(at, _)| at).filter(move |&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + value.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Whether a service scalar is code the container runs: its command, entrypoint or healthcheck.
fn is_code(scalar: &ScalarAt) -> bool {
    [locate::key("command"), locate::key("entrypoint"), locate::key("healthcheck")].iter().any(|k| scalar.path.get(2) == Some(k))
}

/// The whole values of a stack's environment settings whose names are not secrets' (users,
/// database names).
fn secrets_free_settings<'a>(
    composes: &'a [ComposeScalars],
    stack_of: &'a BTreeMap<FileId, FileId>,
    stack: FileId,
) -> impl Iterator<Item = &'a str> + 'a {
    composes.iter().filter(move |(file, _, _)| stack_of[file] == stack).flat_map(|(_, _, scalars)| {
        scalars.iter().filter(|s| s.path.get(2) == Some(&locate::key("environment"))).filter_map(|s| {
            let (key, value) = match s.value.split_once('=') {
                Some((k, v)) if matches!(s.path.last(), Some(Seg::Index(_))) => (k, v),
                _ => (s.label.as_str(), s.value.as_str()),
            };
            (!is_secret_name(key)).then_some(value)
        })
    })
}

/// Whether `text` uses `value` as a name: after a user or database flag (`-U x`, `--user x`),
/// after a user switch (`gosu x`), or as the program it runs.
fn names_it(text: &str, value: &str) -> bool {
    const NAMING: &[&str] = &["-U", "-u", "--user", "--username", "-d", "--dbname", "--db", "gosu", "su-exec", "chpst", "-l", "--login"];
    let words: Vec<&str> = text.split_whitespace().map(|w| w.trim_matches(['"', '\''])).collect();
    words.iter().enumerate().any(|(i, w)| {
        *w == value && (i == 0 || NAMING.contains(&words[i - 1]) || words[i - 1].ends_with([';', '&', '|', '(']))
    })
}

/// Whether `text` holds `value` as a whole word somewhere a rewrite does not reach: not as a
/// URL's password, nor as a password flag's argument (`--requirepass x`, `-px`).
fn holds_unrewritable(text: &str, value: &str) -> bool {
    let handled: Vec<std::ops::Range<usize>> = crate::credentials::url_passwords(text)
        .into_iter()
        .chain(crate::credentials::flag_arguments(text, value))
        .collect();
    word_positions(text, value).any(|at| !handled.iter().any(|r| r.start <= at && at + value.len() <= r.end))
}

/// Each compose file's stack, named by its first file: the file and, transitively, the files
/// merged with it (`compose_partners`).
fn stacks(project: &Project, composes: &[ComposeScalars]) -> BTreeMap<FileId, FileId> {
    let mut stack_of: BTreeMap<FileId, FileId> = composes.iter().map(|(file, _, _)| (*file, *file)).collect();
    // A few rounds of taking the smallest neighbour's stack settle it (stacks are small).
    loop {
        let mut changed = false;
        for (file, _, _) in composes {
            let included = joined_by_include(project, *file).into_iter().map(|(other, _)| other).filter(|other| stack_of.contains_key(other));
            for partner in project.compose_partners(*file).iter().copied().chain(included).collect::<Vec<_>>().iter() {
                let (Some(&mine), Some(&theirs)) = (stack_of.get(file), stack_of.get(partner)) else { continue };
                let least = mine.min(theirs);
                for member in [*file, *partner] {
                    if stack_of[&member] != least {
                        stack_of.insert(member, least);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return stack_of;
        }
    }
}

/// The secret's own entry becomes `${VAR:?set VAR in .env}`.
fn rewrite_entry(project: &Project, secret: &Secret, var: &str, value: &str, out: &mut Proposals) {
    // `:?` also rejects an empty value; an empty secret only requires the variable to be set.
    let reference =
        if value.is_empty() { format!("${{{var}?set {var} in .env}}") } else { format!("${{{var}:?set {var} in .env}}") };
    let new_value = if secret.list_item { format!("{}={reference}", secret.key) } else { reference };
    let Parsed::Compose(compose) = &project.files[secret.file].parsed else { return };
    match compose.yaml.replace_scalar(&secret.path, &Value::Str(new_value)) {
        Ok((edit, op)) => out.change(
            secret.file,
            secret.line,
            format!("`{}` of `{}` is a literal secret in the compose file: moved to .env as {var}", secret.key, secret.owner),
            vec![edit],
            Expect::Yaml(vec![op]),
        ),
        Err(why) => out.note(secret.file, secret.line, format!("`{}` left in place: {why}", secret.key)),
    }
}

/// Every other place of the folder's compose files that holds a moved literal as a URL's
/// password or a password flag's argument (`DATABASE_URL`, `command: --requirepass ...`,
/// healthcheck tests) reads the same variable, composed in place.
fn rewrite_occurrences(
    composes: &[&ComposeScalars],
    var_of: &BTreeMap<String, String>,
    rewritten: &[(FileId, Vec<Seg>)],
    out: &mut Proposals,
) {
    for (file, compose, scalars) in composes {
        let file = *file;
        for scalar in scalars {
            if rewritten.iter().any(|(f, p)| *f == file && *p == scalar.path) || scalar.value.contains("$$") {
                continue;
            }
            let mut spans: Vec<(std::ops::Range<usize>, &str)> = Vec::new();
            for range in crate::credentials::url_passwords(&scalar.value) {
                if let Some(var) = var_of.get(&scalar.value[range.clone()]) {
                    spans.push((range, var));
                }
            }
            for (value, var) in var_of {
                for range in crate::credentials::flag_arguments(&scalar.value, value) {
                    spans.push((range, var));
                }
                if scalar.value == *value && scalar.previous.as_deref().is_some_and(crate::credentials::is_password_flag) {
                    spans.push((0..value.len(), var));
                }
            }
            if spans.is_empty() {
                continue;
            }
            spans.sort_by_key(|(range, _)| range.start);
            let mut new_value = String::new();
            let mut cursor = 0;
            let mut vars = Vec::new();
            for (range, var) in spans {
                if range.start < cursor {
                    continue;
                }
                new_value.push_str(&scalar.value[cursor..range.start]);
                new_value.push_str(&format!("${{{var}}}"));
                cursor = range.end;
                vars.push(var.to_string());
            }
            new_value.push_str(&scalar.value[cursor..]);
            vars.dedup();
            let message = format!(
                "`{}` of `{}` holds the same secret: it reads {} now, so the stack agrees with .env",
                scalar.label,
                scalar.service,
                vars.join(", ")
            );
            let recipe = compose.yaml.replace_scalar(&scalar.path, &Value::Str(new_value));
            out.yaml(file, scalar.line, &scalar.label, recipe, message);
        }
    }
}

/// A string scalar of a service's environment, command, entrypoint, healthcheck or labels.
struct ScalarAt {
    service: String,
    /// The environment key or the service key it is under.
    label: String,
    path: Vec<Seg>,
    value: String,
    line: usize,
    /// The item before it, in a sequence.
    previous: Option<String>,
}

/// The values of `keys` in each service: (service, key, path to the value, value node).
fn service_values<'t>(compose: &'t Compose, keys: &[&str]) -> Vec<(String, String, Vec<Seg>, Node<'t>)> {
    let text = &compose.yaml.text;
    let mut out = Vec::new();
    for service in compose.services() {
        let Some(body) = service.body.filter(|b| locate::is_mapping(*b)) else { continue };
        for pair in locate::pairs(body) {
            let Some(key) = locate::pair_key(pair, text) else { continue };
            if !keys.contains(&key.as_str()) {
                continue;
            }
            let Some(value) = locate::pair_value(pair) else { continue };
            let mut path = service.path();
            path.push(locate::key(&key));
            out.push((service.name.clone(), key, path, value));
        }
    }
    out
}

fn service_scalars(compose: &Compose) -> Vec<ScalarAt> {
    let mut out = Vec::new();
    for (service, key, path, value) in service_values(compose, &["environment", "command", "entrypoint", "healthcheck", "labels"]) {
        collect_scalars(&service, &key, path, value, &compose.yaml.text, &mut out, 0);
    }
    out
}

/// The block scalars (`|`, `>`) of services' command, entrypoint and healthcheck, as written:
/// (service, key, text). Scripts live there (`sh -c |` with a heredoc); dockfix rewrites none of
/// them, so a secret's value in one stays as it is.
fn code_blocks(compose: &Compose) -> Vec<(String, String, String)> {
    let text = &compose.yaml.text;
    let mut out = Vec::new();
    for (service, key, _, value) in service_values(compose, &["command", "entrypoint", "healthcheck"]) {
        let mut stack = vec![value];
        while let Some(node) = stack.pop() {
            if locate::kind(node) == "block_scalar" {
                out.push((service.clone(), key.clone(), text[node.byte_range()].to_string()));
                continue;
            }
            let mut cursor = node.walk();
            stack.extend(node.named_children(&mut cursor));
        }
    }
    out
}

/// The compose files `include` joins to `file` (those it includes and those including it).
fn joined_by_include(project: &Project, file: FileId) -> Vec<(FileId, bool)> {
    let mut joined = Vec::new();
    let include_key = yaml_rust2::Yaml::String("include".into());
    for (other, compose) in project.every_compose_file() {
        // Most files include nothing: the key is looked up before the references are made.
        if !compose.yaml.doc.as_hash().is_some_and(|h| h.contains_key(&include_key)) {
            continue;
        }
        for reference in crate::references::in_compose(compose, &project.folder(other)).into_iter().filter(|r| r.how == "include") {
            let Some(included) = project.file_at(&reference.path) else { continue };
            if other == file && included != file {
                joined.push((included, false));
            } else if included == file && other != file {
                joined.push((other, true));
            }
        }
    }
    joined
}

/// Where a compose file of another folder that `include` joins to the secret's file holds its
/// value, said as the reason of a note.
fn copy_across_include(project: &Project, secret: &Secret) -> Option<String> {
    let folder = project.folder(secret.file);
    for (other, includes_this) in joined_by_include(project, secret.file) {
        if project.folder(other) == folder {
            continue;
        }
        let Parsed::Compose(compose) = &project.files[other].parsed else { continue };
        if service_scalars(compose).iter().any(|scalar| word_positions(&scalar.value, &secret.value).next().is_some()) {
            let shown = relative_to(&project.files[other].real, &folder);
            let how = if includes_this { "which includes this file" } else { "which this file includes" };
            return Some(format!("`{shown}`, {how}, holds the same value and reads the .env of its own folder, not this one's"));
        }
    }
    None
}

/// The service of the stack a secret's name says it is the password of (`INDEXER_PASSWORD` →
/// `wazuh.indexer`), when that is another service whose environment does not hold the value:
/// the server is set up with the password somewhere dockfix does not see.
fn server_set_up_elsewhere(composes: &[ComposeScalars], stack_of: &BTreeMap<FileId, FileId>, secret: &Secret) -> Option<String> {
    const SECRET_WORDS: &[&str] = &["PASSWORD", "PASS", "PASSWD", "PWD", "SECRET", "TOKEN", "KEY"];
    let upper = secret.key.to_ascii_uppercase();
    let words: Vec<&str> = upper.split('_').filter(|w| !w.is_empty() && !SECRET_WORDS.contains(w)).collect();
    // One word before the secret's: `INDEXER_PASSWORD`, not `ADMIN_USER_PASSWORD`.
    let [word] = words.as_slice() else { return None };
    if word.len() < 4 {
        return None;
    }
    let stack = stack_of[&secret.file];
    for (_, compose, _) in composes.iter().filter(|(file, _, _)| stack_of[file] == stack) {
        for service in compose.services() {
            if service.name == secret.owner {
                continue;
            }
            let named = service.name.to_ascii_uppercase().split(['.', '-', '_']).any(|part| part == *word);
            if named {
                let holds = crate::analysis::environment(&service).iter().any(|(_, v)| *v == secret.value);
                return (!holds).then(|| service.name.clone());
            }
        }
    }
    None
}

/// Where a settings file of a service in `stack` holds `value` under a secret's name (see
/// `stray_copies`), said as the place of a note.
fn settings_file_copy(project: &Project, composes: &[ComposeScalars], stack_of: &BTreeMap<FileId, FileId>, stack: FileId, value: &str) -> Option<String> {
    for (file, compose, _) in composes.iter().filter(|(file, _, _)| stack_of[file] == stack) {
        let folder = project.folder(*file);
        for service in compose.services() {
            // Given the value by its environment, the service does not fall back on the copy.
            if crate::analysis::environment(&service).iter().any(|(_, v)| v == value) {
                continue;
            }
            let mut roots: Vec<(std::path::PathBuf, &str)> =
                crate::analysis::bind_sources(&service).into_iter().map(|source| (crate::disk::clean(&folder.join(source)), "mounts")).collect();
            if let Some((context, _)) = service.get("build").and_then(crate::project::build_paths) {
                if !crate::project::is_remote_context(&context) {
                    roots.push((crate::disk::clean(&folder.join(context)), "copies"));
                }
            }
            for (root, how) in roots {
                // The container files themselves (compose files, Dockerfiles, `.env`) are the
                // project's, read and rewritten as such.
                let found = project.disk.texts_under(&root).find(|(path, text)| {
                    project.file_at(path).is_none()
                        && !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".env"))
                        && text.contains(value)
                        && text.lines().any(|line| names_secret_value(line, value))
                });
                if let Some((path, _)) = found {
                    let shown = relative_to(path, &folder);
                    return Some(format!("`{shown}`, which `{}` {how}, holds the same value in a settings file dockfix does not rewrite", service.name));
                }
            }
        }
    }
    None
}

/// `path` as seen from `folder` (`../deploy/settings.py`), for a note.
fn relative_to(path: &Path, folder: &Path) -> String {
    let mut base = folder;
    let mut ups = String::new();
    loop {
        if let Ok(rest) = path.strip_prefix(base) {
            return format!("{ups}{}", rest.display());
        }
        match base.parent() {
            Some(parent) => {
                base = parent;
                ups.push_str("../");
            }
            None => return path.display().to_string(),
        }
    }
}

/// Whether a line of a settings file gives a secret's setting the value `value`: as
/// configuration (`password: x`, `DB_PASSWORD=x`) or as a quoted string beside a secret's name
/// (`"PASSWORD": os.getenv('POSTGRES_PASSWORD', 'x')`).
fn names_secret_value(line: &str, value: &str) -> bool {
    if sets_secret_to(line, value) {
        return true;
    }
    let quoted = [format!("'{value}'"), format!("\"{value}\"")];
    quoted.iter().any(|q| line.contains(q.as_str()))
        && line.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word.len() > 2 && word != value && is_secret_name(word))
}

/// The block scalars (`|`, `>`) of services' `environment` mappings, as written: (service,
/// variable, text). A program's whole configuration is often passed that way (Invidious'
/// `INVIDIOUS_CONFIG`), and dockfix rewrites none of it.
fn config_blocks(compose: &Compose) -> Vec<(String, String, String)> {
    let text = &compose.yaml.text;
    let mut out = Vec::new();
    for (service, _, _, value) in service_values(compose, &["environment"]) {
        if !locate::is_mapping(value) {
            continue;
        }
        for pair in locate::pairs(value) {
            let (Some(name), Some(node)) = (locate::pair_key(pair, text), locate::pair_value(pair)) else { continue };
            if locate::kind(node) == "block_scalar" {
                out.push((service.clone(), name, text[node.byte_range()].to_string()));
            }
        }
    }
    out
}

/// Whether a line of configuration text sets a secret's setting to `value`: `password: kemal`,
/// `db_password = "kemal"`, `"secret": "kemal",`.
fn sets_secret_to(line: &str, value: &str) -> bool {
    let line = line.trim().trim_start_matches("- ");
    let Some(at) = line.find([':', '=']) else { return false };
    let name = line[..at].trim().trim_matches(['"', '\'']);
    let setting = line[at + 1..].split(" #").next().unwrap_or_default().trim().trim_end_matches(',').trim().trim_matches(['"', '\'']);
    !name.is_empty() && is_secret_name(name) && setting == value
}

fn collect_scalars(service: &str, label: &str, path: Vec<Seg>, node: Node, text: &str, out: &mut Vec<ScalarAt>, depth: usize) {
    if depth > 4 {
        return;
    }
    let scalar = |node: Node| -> Option<String> {
        matches!(node.kind(), "plain_scalar" | "single_quote_scalar" | "double_quote_scalar")
            .then(|| locate::scalar_value(node, text))?
    };
    if let Some(value) = scalar(node) {
        out.push(ScalarAt { service: service.into(), label: label.into(), path, value, line: node.start_position().row + 1, previous: None });
    } else if locate::is_mapping(node) {
        for pair in locate::pairs(node) {
            let (Some(key), Some(value)) = (locate::pair_key(pair, text), locate::pair_value(pair)) else { continue };
            let mut child = path.clone();
            child.push(locate::key(&key));
            let label = if label == "environment" { key.clone() } else { label.to_string() };
            collect_scalars(service, &label, child, value, text, out, depth + 1);
        }
    } else if locate::is_sequence(node) {
        let mut previous: Option<String> = None;
        for (index, item) in locate::items(node).into_iter().enumerate() {
            let Some(value) = locate::item_value(item) else { continue };
            let mut child = path.clone();
            child.push(Seg::Index(index));
            let before = out.len();
            let label = match (label, scalar(value)) {
                ("environment", Some(entry)) => entry.split('=').next().unwrap_or(label).to_string(),
                _ => label.to_string(),
            };
            collect_scalars(service, &label, child, value, text, out, depth + 1);
            if out.len() == before + 1 {
                out[before].previous = previous.take();
                previous = Some(out[before].value.clone());
            } else {
                previous = None;
            }
        }
    }
}

/// Passwords that appear only inside a URL (`DATABASE_URL: postgres://app:PASS@db/app`).
fn find_url_secrets(scalars: &[ScalarAt], file: FileId) -> Vec<Secret> {
    let mut out = Vec::new();
    for scalar in scalars {
        if scalar.path.get(2) != Some(&locate::key("environment")) {
            continue;
        }
        let (list_item, value) = match scalar.path.last() {
            Some(Seg::Index(_)) => (true, scalar.value.split_once('=').map_or("", |(_, v)| v).to_string()),
            _ => (false, scalar.value.clone()),
        };
        for range in crate::credentials::url_passwords(&value) {
            let password = &value[range];
            let Some(password) = literal(password) else { continue };
            if password.is_empty() || out.iter().any(|s: &Secret| s.value == password) {
                continue;
            }
            out.push(Secret {
                file,
                owner: scalar.service.clone(),
                line: scalar.line,
                path: scalar.path.clone(),
                key: crate::credentials::url_variable(&scalar.label),
                value: password,
                list_item,
                in_url: true,
            });
        }
    }
    out
}

/// `${DB_PASSWORD:-devpass}`: a literal secret used whenever `.env` does not set the variable.
fn note_literal_defaults(scalars: &[ScalarAt], file: FileId, out: &mut Proposals) {
    for scalar in scalars {
        for part in scalar.value.split("${").skip(1) {
            let body = part.split('}').next().unwrap_or_default();
            let Some(at) = body.find([':', '-']) else { continue };
            let (name, rest) = body.split_at(at);
            let default = rest.trim_start_matches(':').strip_prefix('-').unwrap_or_default();
            if is_secret_name(name) && !default.is_empty() && !default.contains('$') {
                out.note(
                    file,
                    scalar.line,
                    format!("`{name}` falls back to a literal default in `{}` of `{}`: whenever .env does not set it, that known value is the secret; use `${{{name}:?set {name} in .env}}`", scalar.label, scalar.service),
                );
                out.secret(default);
            }
        }
    }
}

/// Appends lines to a line file, or creates it.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_lines(
    project: &Project,
    out: &mut Proposals,
    near: FileId,
    file: Option<FileId>,
    path: &Path,
    kind: FileKind,
    mode: u32,
    header: &str,
    lines: &[String],
    why: &str,
) {
    // A file whose variables are written `export NAME=value` gets its new ones so too.
    let existing = file.and_then(|f| match &project.files[f].parsed {
        Parsed::Lines(existing) => Some(existing),
        _ => None,
    });
    let styled: Vec<String>;
    let lines = match existing.is_some_and(crate::syntax::dotenv::uses_export) {
        true => {
            styled = lines.iter().map(|l| crate::syntax::dotenv::exported(l)).collect();
            &styled[..]
        }
        false => lines,
    };
    let patterns: Vec<(Place, String)> =
        lines.iter().filter(|l| !l.starts_with('#')).map(|l| (Place::End, l.clone())).collect();
    match file {
        Some(file) => {
            let Some(existing) = existing else { return };
            let line_count = existing.lines.len().max(1);
            out.change(
                file,
                line_count,
                why.to_string(),
                vec![existing.append(lines)],
                Expect::Patterns { remove: Vec::new(), insert: patterns },
            );
        }
        None => {
            let mut text = format!("{header}\n");
            for line in lines {
                text.push_str(line);
                text.push('\n');
            }
            let display =
                project.files[near].path.parent().unwrap_or(Path::new("")).join(path.file_name().unwrap_or_default());
            let new_file = NewFile { real: path.to_path_buf(), display, kind, mode };
            out.create(
                project,
                near,
                new_file,
                why.to_string(),
                text,
                Expect::Patterns { remove: Vec::new(), insert: patterns },
            );
        }
    }
}

/// `.env.example` documents every moved variable, without its value.
fn example_lines(project: &Project, folder: &Path, near: FileId, names: &[(String, String)], out: &mut Proposals) {
    let path = project.env_example_in(folder);
    let file = project.file_at(&path);
    let known: Vec<String> = match file.map(|f| &project.files[f].parsed) {
        Some(Parsed::Lines(lines)) => dotenv::variables(lines).into_iter().map(|(name, _, _)| name).collect(),
        _ => Vec::new(),
    };
    let mut lines = Vec::new();
    for (name, owner) in names.iter().filter(|(name, _)| !known.contains(name)) {
        lines.push(format!("# {name}: secret for {owner}; set its value in .env"));
        lines.push(format!("{name}="));
    }
    if !lines.is_empty() {
        let header = "# Variables docker compose reads from .env (copy this file to .env and fill in the values).";
        write_lines(
            project,
            out,
            near,
            file,
            &path,
            FileKind::EnvExample,
            0o644,
            header,
            &lines,
            "the moved secrets are listed, without values",
        );
    }
}

/// `entry` (probed as `probe`, relative to `folder`) is added to the nearest `.gitignore` unless
/// one already ignores it; a `.gitignore` is created beside the compose file if none covers it.
fn ignore_path(project: &Project, folder: &Path, near: FileId, entry: &str, probe: &str, out: &mut Proposals) {
    if project.git_ignored(folder, probe) {
        return;
    }
    // The nearest `.gitignore` the project holds, up to the top of the work tree.
    let mut nearest: Option<FileId> = None;
    for ancestor in folder.ancestors() {
        if let Some(file) = project.file_at(&ancestor.join(".gitignore")) {
            nearest = Some(file);
            break;
        }
        if project.disk.exists(&ancestor.join(".git")) {
            break;
        }
    }
    let lines = vec![entry.to_string()];
    let path = folder.join(".gitignore");
    let target = nearest.or(project.file_at(&path));
    let why = format!("{entry} holds secrets: git-ignored");
    write_lines(
        project,
        out,
        near,
        target,
        &path,
        FileKind::GitIgnore,
        0o644,
        "# dockfix: secrets stay out of git",
        &lines,
        &why,
    );
}

/// `.env` stays out of git and out of every build context that contains it.
fn ignore_env(project: &Project, folder: &Path, near: FileId, out: &mut Proposals) {
    // A `.env` that was there before, ignored by no .gitignore, may be committed (paperless-ngx
    // commits `docker/compose/.env` for its project name): a .gitignore line does not untrack a
    // file git already tracks, and the secrets written there would go into the next commit. In
    // a work tree git was asked (a tracked `.env` gets no secrets); outside one, nobody knows.
    let in_work_tree = folder.ancestors().any(|a| project.disk.exists(&a.join(".git")));
    if let Some(env) = project.file_at(&folder.join(".env")).filter(|_| !in_work_tree && !project.git_ignored(folder, ".env")) {
        let shown = project.files[env].path.to_string_lossy().replace('\\', "/");
        out.note(env, 1, format!(
            "{shown} existed before, no .gitignore ignores it, and it is in no git work tree dockfix could ask: if the repository commits it, the .gitignore line dockfix adds does not untrack it; run `git rm --cached {shown}` before committing, or the secrets moved there go into git"
        ));
    }
    ignore_path(project, folder, near, ".env", ".env", out);
    for context in project.build_contexts() {
        let Ok(inside) = folder.strip_prefix(&context.real) else { continue };
        let Some(file) = project.file_at(&context.real.join(".dockerignore")) else { continue };
        let Parsed::Lines(lines) = &project.files[file].parsed else { continue };
        let relative = inside.join(".env").to_string_lossy().replace('\\', "/");
        if !lines.rules().excludes(&relative) {
            out.change(
                file,
                lines.lines.len().max(1),
                ".env holds secrets: kept out of the build context",
                vec![lines.append(std::slice::from_ref(&relative))],
                Expect::Patterns { remove: Vec::new(), insert: vec![(Place::End, relative)] },
            );
        }
    }
}

/// `--secrets files`: secrets of images that read `<NAME>_FILE` become Compose secrets backed
/// by git-ignored files under `secrets/`. Returns the secrets left for `.env`.
fn to_secret_files(project: &Project, folder: &Path, secrets: Vec<Secret>, out: &mut Proposals) -> Vec<Secret> {
    let mut rest = Vec::new();
    let mut per_file: BTreeMap<FileId, Vec<(Secret, String, String)>> = BTreeMap::new();
    let mut used: BTreeMap<String, String> = BTreeMap::new();
    for secret in secrets {
        let Parsed::Compose(compose) = &project.files[secret.file].parsed else { continue };
        let service = compose.services().into_iter().find(|s| s.name == secret.owner && secret.path.len() == 4);
        let image = service.as_ref().and_then(|s| s.image()).map(images::lookup);
        let file_variable = image.as_ref().and_then(|i| i.file_variable(&secret.key));
        let Some(file_variable) = file_variable else {
            rest.push(secret);
            continue;
        };
        let base = secret.key.to_ascii_lowercase();
        let name = [base.clone(), format!("{}_{base}", secret.owner.to_ascii_lowercase().replace('-', "_"))]
            .into_iter()
            .find(|n| used.get(n).is_none_or(|v| *v == secret.value))
            .unwrap_or_else(|| format!("{base}_{}", used.len()));
        let new_file = !used.contains_key(&name);
        used.insert(name.clone(), secret.value.clone());
        if new_file {
            let path = folder.join("secrets").join(format!("{name}.txt"));
            let display = project.files[secret.file]
                .path
                .parent()
                .unwrap_or(Path::new(""))
                .join("secrets")
                .join(format!("{name}.txt"));
            let expect = Expect::Patterns {
                remove: Vec::new(),
                insert: vec![(Place::End, secret.value.trim().to_string())]
                    .into_iter()
                    .filter(|(_, v)| !v.is_empty())
                    .collect(),
            };
            // Compose bind-mounts the file as it is: an image that runs as non-root must be able
            // to read it.
            let non_root = image.as_ref().is_some_and(|i| i.runs_as_non_root);
            if non_root {
                out.note(secret.file, secret.line, format!("secrets/{name}.txt is readable by every user of the host (mode 0644) because `{}` runs as non-root; restrict the secrets/ folder instead", secret.owner));
            }
            let new =
                NewFile { real: path, display, kind: FileKind::Secret, mode: if non_root { 0o644 } else { 0o600 } };
            out.create(
                project,
                secret.file,
                new,
                format!("`{}` of `{}` moves to a Compose secret file", secret.key, secret.owner),
                secret.value.clone(),
                expect,
            );
        }
        per_file.entry(secret.file).or_default().push((secret, name, file_variable));
    }
    // Notes about the `.gitignore` go to the first compose file that moved a secret.
    let near = per_file.keys().next().copied();
    for (file, moved) in per_file {
        let Parsed::Compose(compose) = &project.files[file].parsed else { continue };
        match secret_file_edits(compose, &moved) {
            Ok((edits, ops)) => {
                let names: Vec<&str> = moved.iter().map(|(s, _, _)| s.key.as_str()).collect();
                let message = format!(
                    "{} move to Compose secrets (files under secrets/, read through *_FILE variables)",
                    names.join(", ")
                );
                out.change(file, moved[0].0.line, message, edits, Expect::Yaml(ops));
            }
            Err(why) => out.note(file, moved[0].0.line, format!("secrets left in place: {why}")),
        }
    }
    if let Some(near) = near {
        ignore_path(project, folder, near, "secrets/", "secrets/x.txt", out);
    }
    rest
}

type Edits = (Vec<Edit>, Vec<crate::syntax::yaml::value::YamlOp>);

/// The compose edits of `--secrets files` for one file: each variable renamed to its `_FILE`
/// form pointing at `/run/secrets/<name>`, each service granted its secrets, the top-level
/// `secrets:` declaring the files (written last: it may share an offset with a service's key).
fn secret_file_edits(compose: &Compose, moved: &[(Secret, String, String)]) -> Result<Edits, String> {
    let (mut edits, mut ops) = (Vec::new(), Vec::new());
    let mut grants: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (secret, name, file_variable) in moved {
        let target = format!("/run/secrets/{name}");
        if secret.list_item {
            let (edit, op) =
                compose.yaml.replace_scalar(&secret.path, &Value::Str(format!("{file_variable}={target}")))?;
            edits.push(edit);
            ops.push(op);
        } else {
            let (more, op) = compose.yaml.replace_pair(
                &secret.path[..secret.path.len() - 1],
                &secret.key,
                file_variable,
                &Value::Str(target),
            )?;
            edits.extend(more);
            ops.push(op);
        }
        let names = grants.entry(secret.owner.clone()).or_default();
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let text = &compose.yaml.text;
    for service in compose.services() {
        let Some(names) = grants.get(&service.name) else { continue };
        if service.owns(text, "secrets") {
            for name in names {
                let (edit, op) = compose.yaml.append_item(&service.key_path("secrets"), &Value::Str(name.clone()))?;
                edits.push(edit);
                ops.push(op);
            }
        } else {
            let list = Value::Seq(names.iter().map(|n| Value::Str(n.clone())).collect());
            let (edit, op) = compose.yaml.insert_key(&service.path(), "secrets", &list)?;
            edits.push(edit);
            ops.push(op);
        }
    }
    let mut declared: Vec<&String> = moved.iter().map(|(_, name, _)| name).collect();
    declared.dedup();
    let declaration = |name: &str| Value::Map(vec![("file".into(), Value::Str(format!("./secrets/{name}.txt")))]);
    if compose.yaml.node(&[locate::key("secrets")]).is_some_and(locate::is_mapping) {
        for name in declared {
            let (edit, op) = compose.yaml.insert_key(&[locate::key("secrets")], name, &declaration(name))?;
            edits.push(edit);
            ops.push(op);
        }
    } else {
        let all = Value::Map(declared.iter().map(|n| (n.to_string(), declaration(n))).collect());
        let (edit, op) = compose.yaml.insert_key(&[], "secrets", &all)?;
        edits.push(edit);
        ops.push(op);
    }
    Ok((edits, ops))
}

/// Literal secrets in Dockerfile `ENV`/`ARG` are baked into the image's history: reported.
fn note_dockerfile_secrets(project: &Project, out: &mut Proposals) {
    for (file, dockerfile) in project.dockerfiles() {
        for instruction in dockerfile.instructions() {
            if instruction.keyword != "ENV" && instruction.keyword != "ARG" {
                continue;
            }
            for word in instruction.args.split_whitespace() {
                let Some((name, value)) = word.split_once('=') else { continue };
                let value = value.trim_matches(['"', '\'']);
                if is_secret_name(name) && literal(value).is_some_and(|v| !v.is_empty()) {
                    out.note(
                        file,
                        instruction.line,
                        format!(
                            "{} {name} holds a literal secret that stays in the image's history (BuildKit's SecretsUsedInArgOrEnv): use a build secret (RUN --mount=type=secret) or pass it at run time",
                            instruction.keyword
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_values_in_settings_files() {
        assert!(names_secret_value("        \"PASSWORD\": os.getenv('POSTGRES_PASSWORD', 'mediacms'),", "mediacms"));
        assert!(names_secret_value("DB_PASSWORD=mediacms", "mediacms"));
        assert!(!names_secret_value("        \"USER\": os.getenv('POSTGRES_USER', 'mediacms'),", "mediacms"));
        assert!(!names_secret_value("PORTAL_NAME = 'mediacms'", "mediacms"));
    }

    #[test]
    fn secret_settings_in_configuration_text() {
        assert!(sets_secret_to("      password: kemal", "kemal"));
        assert!(sets_secret_to("db_password = \"kemal\"", "kemal"));
        assert!(sets_secret_to("  \"secret\": \"kemal\",", "kemal"));
        assert!(!sets_secret_to("user: kemal", "kemal"));
        assert!(!sets_secret_to("password: kemal2", "kemal"));
        assert!(!sets_secret_to("# password", "kemal"));
    }

    #[test]
    fn secret_names() {
        for name in [
            "POSTGRES_PASSWORD",
            "GF_SECURITY_ADMIN_PASSWORD",
            "OPENAI_API_KEY",
            "DB_PASS",
            "JWT_SECRET",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "PAPERLESS_DBPASS",
            "REDISPASS",
            "APP_KEY",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "POSTGRES_PASSWORD_FILE",
            "ALLOW_EMPTY_PASSWORD",
            "MYSQL_ALLOW_EMPTY_PASSWORD",
            "MARIADB_RANDOM_ROOT_PASSWORD",
            "POSTGRES_USER",
            "TOKEN_EXPIRY",
            "PASSWORD_MIN_LENGTH",
            "SECRET_KEY_BASE_PATH",
            "API_URL",
            "PROXY_BYPASS",
            "PUSHER_APP_KEY",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn literals_and_names() {
        assert_eq!(literal("pa$$word").as_deref(), Some("pa$word"));
        assert_eq!(literal("${DB_PASSWORD}"), None);
        assert_eq!(literal("$SECRET"), None);
        assert_eq!(literal("yes"), None);
        assert_eq!(literal("/run/secrets/db"), None);
        assert_eq!(prefixed("x-db-env", "PASSWORD"), "DB_ENV_PASSWORD");
        assert!(is_weak("Admin") && !is_weak("hunter2x!"));
        assert_eq!(random_secret().len(), 32);
    }
}
