//! Hardened stacks, proven on the Docker engine. Each stack of `tests/runtime/stacks/` (and the
//! README's `examples/stack`) is brought up twice with docker-compose: as it is, then after
//! `dockfix apply --yes --unsafe` with every phase. The same checks run on both, from the running
//! containers: the user the program runs as, PID 1, how `docker stop` ends it, health, restart
//! policy, no-new-privileges, where datastore ports listen; after the fixes also that moved
//! values reach the containers from `.env`, no image holds `.env`, compose refuses to start
//! without it, start-up waits for health, services reach each other with the moved credentials,
//! an internal network has no way out, and `down -v` leaves nothing behind. A table per stack
//! shows before and after; every check after the fixes must hold.
//!
//! The stacks name official images; they run on stand-ins made from Debian's packages
//! (`tests/runtime/make-base-image.sh`, `tests/runtime/stand-ins/`) under `dockfix-test/`, the
//! fixtures rewritten to use them after dockfix has read them. Published host ports are moved to
//! free ones, and only the health probes' timing is shortened (a compose override of the test's
//! own); the probes are the ones dockfix wrote.

mod common;

use common::{copy_tree, dockfix};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn docker(args: &[&str]) -> (bool, String) {
    let out = Command::new("docker").args(args).output().expect("docker runs");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// Official image → the stand-in the engine runs.
fn stand_in(image: &str) -> Option<String> {
    let (repository, tag) = image.rsplit_once(':').unwrap_or((image, "latest"));
    let name = match repository {
        "node" => "dockfix-test/node:stand-in".to_string(),
        "redis" => "dockfix-test/redis:stand-in".to_string(),
        "postgres" => "dockfix-test/postgres:stand-in".to_string(),
        "nginx" => "dockfix-test/nginx:stand-in".to_string(),
        "prom/prometheus" => "dockfix-test/prometheus:stand-in".to_string(),
        "python" => "dockfix-test/python:3.11-slim".to_string(),
        "debian" if tag.starts_with("bookworm") => "dockfix-test/debian:bookworm-slim".to_string(),
        _ => return None,
    };
    Some(name)
}

const STAND_INS: [&str; 7] = [
    "dockfix-test/debian:bookworm-slim",
    "dockfix-test/python:3.11-slim",
    "dockfix-test/node:stand-in",
    "dockfix-test/redis:stand-in",
    "dockfix-test/postgres:stand-in",
    "dockfix-test/nginx:stand-in",
    "dockfix-test/prometheus:stand-in",
];

/// Rewrites `FROM x` and `image: x` to the stand-ins, and published host ports to free ones.
fn for_the_engine(folder: &Path) {
    for path in files(folder) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let rewritten: String = if name.contains("Dockerfile") {
            text.lines()
                .map(|line| {
                    let words: Vec<&str> = line.split_whitespace().collect();
                    match words.as_slice() {
                        ["FROM", image, rest @ ..] => match stand_in(image) {
                            Some(s) => format!("FROM {s} {}", rest.join(" ")).trim_end().to_string(),
                            None => line.to_string(),
                        },
                        _ => line.to_string(),
                    }
                })
                .map(|l| l + "\n")
                .collect()
        } else if name.ends_with(".yml") || name.ends_with(".yaml") {
            text.split_inclusive('\n')
                // docker-compose 1.29 does not know the top-level `name:`; the project name is
                // given with -p.
                .filter(|line| !line.starts_with("name:"))
                .map(|line| {
                    let trimmed = line.trim_start();
                    if let Some(image) = trimmed.strip_prefix("image: ") {
                        if let Some(s) = stand_in(image.trim()) {
                            return format!("{}image: {s}\n", &line[..line.len() - trimmed.len()]);
                        }
                    }
                    free_port(line)
                })
                .collect()
        } else {
            continue;
        };
        std::fs::write(&path, rewritten).unwrap();
    }
}

/// `- "127.0.0.1:5432:5432"` → the same with a free host port.
fn free_port(line: &str) -> String {
    let trimmed = line.trim_start();
    let Some(item) = trimmed.strip_prefix("- ") else { return line.to_string() };
    let quoted = item.trim().trim_matches('"');
    let parts: Vec<&str> = quoted.split(':').collect();
    let (host, published, target) = match parts.as_slice() {
        [published, target] => (None, *published, *target),
        [host, published, target] => (Some(*host), *published, *target),
        _ => return line.to_string(),
    };
    if !published.chars().all(|c| c.is_ascii_digit()) || !target.chars().all(|c| c.is_ascii_digit()) || published.is_empty() {
        return line.to_string();
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let indent = &line[..line.len() - trimmed.len()];
    match host {
        Some(host) => format!("{indent}- \"{host}:{port}:{target}\"\n"),
        None => format!("{indent}- \"{port}:{target}\"\n"),
    }
}

fn files(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A stack brought up under its own compose project name.
struct Stack {
    folder: PathBuf,
    project: String,
    files: Vec<String>,
}

impl Stack {
    fn compose(&self, args: &[&str]) -> (bool, String) {
        let mut all: Vec<String> = vec!["-p".into(), self.project.clone(), "--project-directory".into(), self.folder.display().to_string()];
        for file in &self.files {
            all.push("-f".into());
            all.push(self.folder.join(file).display().to_string());
        }
        all.extend(args.iter().map(|a| a.to_string()));
        let out = Command::new("docker-compose").args(&all).current_dir(&self.folder).output().expect("docker-compose runs");
        (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }

    /// Service → container id, for the project's containers.
    fn containers(&self) -> BTreeMap<String, String> {
        let (_, ids) = docker(&["ps", "-aq", "--filter", &format!("label=com.docker.compose.project={}", self.project)]);
        let mut out = BTreeMap::new();
        for id in ids.split_whitespace() {
            let (_, service) = docker(&["inspect", "-f", "{{ index .Config.Labels \"com.docker.compose.service\" }}", id]);
            out.insert(service.trim().to_string(), id.to_string());
        }
        out
    }

    fn down(&self) -> Vec<String> {
        self.compose(&["down", "-v", "--rmi", "local", "--remove-orphans", "-t", "3"]);
        let label = format!("label=com.docker.compose.project={}", self.project);
        let mut left = Vec::new();
        for (what, args) in [
            ("container", vec!["ps", "-aq", "--filter", &label]),
            ("network", vec!["network", "ls", "-q", "--filter", &label]),
            ("volume", vec!["volume", "ls", "-q", "--filter", &label]),
        ] {
            let (_, out) = docker(&args);
            if !out.trim().is_empty() {
                left.push(format!("{what}: {}", out.split_whitespace().collect::<Vec<_>>().join(" ")));
            }
        }
        left
    }
}

/// What one container showed.
#[derive(Default, Clone)]
struct Seen {
    running: bool,
    uid: Option<u32>,
    pid1: String,
    health: String,
    unhealthy_when_stopped: Option<bool>,
    stop_seconds: f64,
    exit: i64,
    restart: String,
    no_new_privs: bool,
    ports: Vec<String>,
}

fn inspect(id: &str, format: &str) -> String {
    docker(&["inspect", "-f", format, id]).1.trim().to_string()
}

/// The host pid and uid of the program: the container's processes without the init (tini,
/// docker-init) and without their children's helpers, the first one.
fn program(id: &str) -> Option<(u32, u32)> {
    let (ok, top) = docker(&["top", id, "-eo", "uid,pid,ppid,args"]);
    if !ok {
        return None;
    }
    let rows: Vec<(u32, u32, u32, String)> = top
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let uid = words.next()?.parse().ok()?;
            let pid = words.next()?.parse().ok()?;
            let ppid = words.next()?.parse().ok()?;
            Some((uid, pid, ppid, words.collect::<Vec<_>>().join(" ")))
        })
        .collect();
    let pids: Vec<u32> = rows.iter().map(|r| r.1).collect();
    // The first process whose parent is outside the container (PID 1), or the init's child.
    let first = rows.iter().find(|r| !pids.contains(&r.2))?;
    let init = first.3.contains("tini") || first.3.contains("docker-init");
    let program = if init { rows.iter().find(|r| r.2 == first.1)? } else { first };
    Some((program.1, program.0))
}

/// The host pids of a container's processes, without its init (tini, docker-init).
fn processes_but_init(id: &str) -> Vec<u32> {
    let (_, top) = docker(&["top", id, "-eo", "pid,args"]);
    top.lines()
        .skip(1)
        .filter(|l| !l.contains("tini") && !l.contains("docker-init"))
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect()
}

fn signal(which: &str, pids: &[u32]) {
    if !pids.is_empty() {
        // A probe's process may have ended meanwhile: not an error.
        let _ = Command::new("kill").arg(which).args(pids.iter().map(u32::to_string)).stderr(std::process::Stdio::null()).status();
    }
}

fn observe(id: &str) -> Seen {
    let running = inspect(id, "{{.State.Running}}") == "true";
    let pid1 = docker(&["exec", id, "cat", "/proc/1/cmdline"]).1.replace('\0', " ").trim().to_string();
    let no_new_privs = docker(&["exec", id, "grep", "NoNewPrivs", "/proc/1/status"]).1.contains('1');
    let ports = docker(&["port", id]).1.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    Seen {
        running,
        uid: program(id).map(|(_, uid)| uid),
        pid1,
        health: inspect(id, "{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}"),
        restart: inspect(id, "{{.HostConfig.RestartPolicy.Name}}"),
        no_new_privs,
        ports,
        ..Seen::default()
    }
}

fn wait_health(id: &str, want: &str, seconds: u64) -> String {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        let status = inspect(id, "{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}");
        if status == want || status == "none" || Instant::now() > deadline {
            return status;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// One check: the stack, the service (or `-` for the stack), its name, whether it held, what
/// was seen.
struct Check {
    service: String,
    name: &'static str,
    held: bool,
    seen: String,
}

fn check(checks: &mut Vec<Check>, service: &str, name: &'static str, held: bool, seen: impl Into<String>) {
    checks.push(Check { service: service.to_string(), name, held, seen: seen.into() });
}

/// What a stack needs of the harness besides the generic checks.
struct Fixture {
    name: &'static str,
    source: PathBuf,
    /// Services that run once and exit (migrations): not expected to keep running.
    one_shot: &'static [&'static str],
    /// Services whose image must start as root and stays root (nginx's master).
    root: &'static [&'static str],
    /// Datastores whose published ports must listen on 127.0.0.1 only.
    datastores: &'static [&'static str],
    /// Services dockfix gives no healthcheck, with a note saying why: a worker with no port, an
    /// image that compose also runs with other commands (a migration job).
    no_probe: &'static [&'static str],
    /// Checks of its own, after the fixes, on the running stack.
    extra: fn(&Stack, &BTreeMap<String, String>, &BTreeMap<String, String>, &mut Vec<Check>),
}

fn secret_values(folder: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(folder.join(".env"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// Gives every value in `.env` a fresh one, so a value seen in a container can only have come
/// from `.env`.
fn fresh_env(folder: &Path) -> BTreeMap<String, String> {
    let values = secret_values(folder);
    let mut fresh = BTreeMap::new();
    let mut text = String::new();
    for (i, name) in values.keys().enumerate() {
        let value = format!("Fresh{}x{:08x}", i, std::process::id().wrapping_mul(2654435761).rotate_left(i as u32));
        text.push_str(&format!("{name}={value}\n"));
        fresh.insert(name.clone(), value);
    }
    if !values.is_empty() {
        std::fs::write(folder.join(".env"), text).unwrap();
    }
    fresh
}

/// The test's own override: probe timing only (interval 1 s, 2 retries).
fn timing_override(folder: &Path, services: &[String]) {
    let mut text = String::from("services:\n");
    for service in services {
        text.push_str(&format!("  {service}:\n    healthcheck:\n      interval: 1s\n      retries: 2\n"));
    }
    std::fs::write(folder.join("zz-runtime-timing.yml"), text).unwrap();
}

fn compose_files(folder: &Path) -> Vec<String> {
    let mut files: Vec<String> = ["docker-compose.yml", "compose.yaml", "docker-compose.override.yml"]
        .iter()
        .filter(|f| folder.join(f).is_file())
        .map(|f| f.to_string())
        .collect();
    files.push("zz-runtime-timing.yml".into());
    files
}

fn service_names(folder: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(folder.join("docker-compose.yml")).unwrap();
    let doc = &yaml_rust2::YamlLoader::load_from_str(&text).unwrap()[0];
    doc["services"].as_hash().map(|h| h.keys().filter_map(|k| k.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// Brings the stack in `folder` up, runs every check, tears it down; returns the checks and what
/// each service showed.
fn run_stack(fixture: &Fixture, folder: &Path, hardened: bool) -> (Vec<Check>, BTreeMap<String, Seen>) {
    let tag = if hardened { "after" } else { "before" };
    let project = format!("dfx{}{}{}", fixture.name.replace('-', ""), tag, std::process::id());
    let services = service_names(folder);
    let fresh = if hardened { fresh_env(folder) } else { BTreeMap::new() };
    for_the_engine(folder);
    timing_override(folder, &services);
    let stack = Stack { folder: folder.to_path_buf(), project, files: compose_files(folder) };
    let mut checks = Vec::new();
    let mut seen: BTreeMap<String, Seen> = BTreeMap::new();

    if hardened && !fresh.is_empty() {
        // Compose refuses to start without a value it requires.
        let env = std::fs::read_to_string(folder.join(".env")).unwrap();
        std::fs::remove_file(folder.join(".env")).unwrap();
        let (ok, log) = stack.compose(&["config", "-q"]);
        std::fs::write(folder.join(".env"), env).unwrap();
        let refused = !ok && (log.contains("required variable") || log.contains("Missing mandatory value"));
        check(&mut checks, "-", "refuses without .env", refused, log.lines().last().unwrap_or_default().chars().take(90).collect::<String>());
    }

    let since = chrono_now();
    let (built, log) = stack.compose(&["build", "--parallel", "-q"]);
    check(&mut checks, "-", "builds", built, log.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default());
    if !built {
        let left = stack.down();
        check(&mut checks, "-", "down -v leaves nothing", left.is_empty(), left.join("; "));
        return (checks, seen);
    }
    let (up, log) = stack.compose(&["up", "-d"]);
    if !up {
        let (_, logs) = stack.compose(&["logs", "--no-color", "--tail", "30"]);
        let left = stack.down();
        panic!("{} {tag}: up failed:\n{log}\n{logs}\nleft: {left:?}", fixture.name);
    }
    let containers = stack.containers();
    // Let every service settle: health where there is one, else a few seconds of running.
    std::thread::sleep(Duration::from_secs(3));
    for (service, id) in &containers {
        let health = wait_health(id, "healthy", 60);
        let mut s = observe(id);
        s.health = health;
        seen.insert(service.clone(), s);
    }

    for (service, id) in &containers {
        let s = &seen[service];
        let one_shot = fixture.one_shot.contains(&service.as_str());
        if one_shot {
            let exit = inspect(id, "{{.State.ExitCode}}");
            check(&mut checks, service, "one-shot job exits 0", exit == "0", format!("exit {exit}"));
            continue;
        }
        check(&mut checks, service, "running", s.running, if s.running { "running" } else { "stopped" });
        // A built image gets tini (or `init: true`); an image used as it is may keep its own
        // server as PID 1 (postgres, redis, nginx's master, prometheus reap and stop on their
        // signal; compose-init leaves them): the stop check below proves they end cleanly.
        let init = s.pid1.contains("tini") || s.pid1.contains("docker-init");
        let compose_text = std::fs::read_to_string(folder.join("docker-compose.yml")).unwrap();
        let built = service_block(&compose_text, service).contains("build:");
        check(&mut checks, service, if built { "PID 1 is an init" } else { "PID 1 is an init or the image's server" }, init || (!built && hardened), s.pid1.split_whitespace().next().unwrap_or("?"));
        // The uid dockfix chose (its numeric USER), or the image's own user it reused.
        if hardened && built {
            if let Some(uid) = user_of_build(folder, &service_block(&compose_text, service)) {
                check(&mut checks, service, "runs as the uid of its USER", s.uid == Some(uid), format!("{:?} for USER {uid}", s.uid));
            }
        }
        let root_ok = fixture.root.contains(&service.as_str());
        check(&mut checks, service, "program not root", root_ok || s.uid.is_some_and(|u| u != 0), s.uid.map_or("?".into(), |u| u.to_string()));
        if !fixture.no_probe.contains(&service.as_str()) {
            check(&mut checks, service, "healthy", s.health == "healthy", s.health.clone());
        }
        check(&mut checks, service, "restart policy", !s.restart.is_empty() && s.restart != "no", s.restart.clone());
        check(&mut checks, service, "no-new-privileges", s.no_new_privs, if s.no_new_privs { "NoNewPrivs 1" } else { "NoNewPrivs 0" });
        if fixture.datastores.contains(&service.as_str()) && !s.ports.is_empty() {
            let local = s.ports.iter().all(|p| p.contains("127.0.0.1:"));
            check(&mut checks, service, "port on 127.0.0.1 only", local, s.ports.join(", "));
        }
        if hardened {
            // Every `.env` value this service's compose definition reads reaches it.
            let env = docker(&["exec", id, "env"]).1;
            let text = std::fs::read_to_string(folder.join("docker-compose.yml")).unwrap();
            let block = service_block(&text, service);
            for (name, value) in &fresh {
                if block.contains(&format!("${{{name}")) && environment_mentions(&block, name) {
                    check(&mut checks, service, "value from .env", env.contains(value.as_str()), name.clone());
                }
            }
        }
    }
    if hardened {
        order_follows_health(&stack, &since, &containers, folder, &mut checks);
        images_hold_no_env(&stack, &mut checks);
        (fixture.extra)(&stack, &containers, &fresh, &mut checks);
        // A probe dockfix wrote fails once the program stops answering: every process of the
        // container but its init is stopped (SIGSTOP, from the host), then continued.
        let stopped: Vec<(String, String, Vec<u32>)> = containers
            .iter()
            .filter(|(service, _)| seen[*service].health == "healthy")
            .map(|(service, id)| (service.clone(), id.clone(), processes_but_init(id)))
            .collect();
        for (_, _, pids) in &stopped {
            signal("-STOP", pids);
        }
        for (service, id, pids) in &stopped {
            let status = wait_health(id, "unhealthy", 40);
            signal("-CONT", pids);
            seen.get_mut(service).unwrap().unhealthy_when_stopped = Some(status == "unhealthy");
            check(&mut checks, service, "unhealthy when it stops answering", status == "unhealthy", status);
        }
        // Stopping every process can make a program restart its own once continued (PostgreSQL
        // saw a server process fail and ran crash recovery, and a `docker stop` that came during
        // the recovery waited for it): each is healthy again before its stop is timed below.
        for (service, id, _) in &stopped {
            let status = wait_health(id, "healthy", 90);
            check(&mut checks, service, "healthy again once continued", status == "healthy", status);
        }
    }
    // How `docker stop` ends each service: in parallel, each timed.
    let handles: Vec<_> = containers
        .iter()
        .filter(|(service, _)| !fixture.one_shot.contains(&service.as_str()))
        .map(|(service, id)| {
            let (service, id) = (service.clone(), id.clone());
            std::thread::spawn(move || {
                let start = Instant::now();
                docker(&["stop", &id]);
                (service, start.elapsed().as_secs_f64(), inspect(&id, "{{.State.ExitCode}}").parse::<i64>().unwrap_or(-1))
            })
        })
        .collect();
    for handle in handles {
        let (service, seconds, exit) = handle.join().unwrap();
        let s = seen.get_mut(&service).unwrap();
        s.stop_seconds = seconds;
        s.exit = exit;
        let clean = seconds <= 2.0 && exit != 137;
        if !clean && hardened {
            // What the program printed while it was asked to stop says why it did not (a slow
            // shutdown under load, a signal it ignores, a script that never passed it on).
            let id = &containers[&service];
            let (_, logs) = docker(&["logs", "--tail", "15", id]);
            eprintln!("{service}: stopped in {seconds:.1} s, exit {exit}; its last lines:\n{logs}");
        }
        check(&mut checks, &service, "stops within 2 s, not killed", clean, format!("{seconds:.1} s, exit {exit}"));
    }
    let left = stack.down();
    check(&mut checks, "-", "down -v leaves nothing", left.is_empty(), left.join("; "));
    (checks, seen)
}

/// The numeric uid of the last `USER` of the Dockerfile a service builds (`build: dir` or
/// `context: dir`), if it has one.
fn user_of_build(folder: &Path, block: &str) -> Option<u32> {
    let context = block.lines().find_map(|l| {
        let t = l.trim();
        t.strip_prefix("build:").or_else(|| t.strip_prefix("context:")).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    })?;
    let dockerfile = std::fs::read_to_string(folder.join(context).join("Dockerfile")).ok()?;
    let user = dockerfile.lines().filter_map(|l| l.strip_prefix("USER ")).last()?;
    user.split(':').next()?.trim().parse().ok()
}

/// The lines of `service`'s block in a compose text.
fn service_block(text: &str, service: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        if indent == 2 && line.trim_end().ends_with(':') && !line.trim().starts_with('#') {
            inside = line.trim() == format!("{service}:");
            continue;
        }
        if indent < 2 && !line.trim().is_empty() {
            inside = false;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Whether `${name...}` stands in the block's `environment` (not its `command`).
fn environment_mentions(block: &str, name: &str) -> bool {
    let mut in_environment = false;
    for line in block.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent == 4 {
            in_environment = trimmed.starts_with("environment:");
        }
        if in_environment && line.contains(&format!("${{{name}")) {
            return true;
        }
    }
    false
}

/// The time now as docker events wants it (seconds since the epoch).
fn chrono_now() -> String {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs().saturating_sub(1).to_string()
}

/// `depends_on: condition: service_healthy`: the dependent starts after its dependency's first
/// `healthy`, by the engine's own events.
fn order_follows_health(stack: &Stack, since: &str, containers: &BTreeMap<String, String>, folder: &Path, checks: &mut Vec<Check>) {
    let text = std::fs::read_to_string(folder.join("docker-compose.yml")).unwrap();
    let doc = &yaml_rust2::YamlLoader::load_from_str(&text).unwrap()[0];
    let until = (chrono_now().parse::<u64>().unwrap() + 2).to_string();
    let (_, events) = docker(&[
        "events", "--since", since, "--until", &until, "--filter", &format!("label=com.docker.compose.project={}", stack.project),
        "--format", "{{.TimeNano}} {{.Status}} {{index .Actor.Attributes \"com.docker.compose.service\"}}",
    ]);
    let first = |status: &str, service: &str| -> Option<u128> {
        events.lines().filter_map(|l| {
            let mut words = l.splitn(2, ' ');
            let time: u128 = words.next()?.parse().ok()?;
            let rest = words.next()?;
            (rest.starts_with(status) && rest.ends_with(&format!(" {service}"))).then_some(time)
        }).min()
    };
    let Some(services) = doc["services"].as_hash() else { return };
    for (name, body) in services {
        let (Some(name), Some(depends)) = (name.as_str(), body["depends_on"].as_hash()) else { continue };
        for (dependency, condition) in depends {
            let Some(dependency) = dependency.as_str() else { continue };
            if condition["condition"].as_str() != Some("service_healthy") || !containers.contains_key(name) {
                continue;
            }
            let healthy = first("health_status: healthy", dependency);
            let started = first("start", name);
            let held = matches!((healthy, started), (Some(h), Some(s)) if s >= h);
            check(checks, name, "starts after its dependency is healthy", held, format!("after {dependency}"));
        }
    }
}

/// No image the stack built holds a `.env`.
fn images_hold_no_env(stack: &Stack, checks: &mut Vec<Check>) {
    let (_, images) = docker(&["images", "-q", "--filter", &format!("label=com.docker.compose.project={}", stack.project)]);
    let (_, listed) = docker(&["images", "--format", "{{.Repository}}", "--filter", "dangling=false"]);
    let built: Vec<String> = listed.lines().filter(|r| r.starts_with(&stack.project)).map(str::to_string).collect();
    let _ = images;
    for image in built {
        let (_, found) = docker(&["run", "--rm", "--entrypoint", "find", &image, "/", "-xdev", "-name", ".env", "-not", "-path", "/proc/*"]);
        let found: Vec<&str> = found.lines().filter(|l| l.ends_with("/.env")).collect();
        check(checks, &image, "image holds no .env", found.is_empty(), found.join(" "));
    }
}

/// A login to postgres over the project's backend network, by service name, with the value
/// `.env` holds; and the datastore has no route out of its internal network.
fn postgres_login(_: &Stack, containers: &BTreeMap<String, String>, fresh: &BTreeMap<String, String>, checks: &mut Vec<Check>, user: &str, db: &str) {
    let password = fresh.iter().find(|(k, _)| k.contains("PASSWORD")).map(|(_, v)| v.clone()).unwrap_or_default();
    // The network dockfix made for the datastore, else compose's default one.
    let attached = containers.get("db").map(|db| inspect(db, "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}")).unwrap_or_default();
    let network = attached.split_whitespace().find(|n| n.ends_with("_backend")).or_else(|| attached.split_whitespace().next()).unwrap_or_default().to_string();
    let url = format!("postgresql://{user}:{password}@db:5432/{db}");
    let (ok, out) = docker(&["run", "--rm", "--network", &network, "--entrypoint", "psql", "dockfix-test/postgres:stand-in", &url, "-tAc", "select 1"]);
    check(checks, "db", "login by name with .env's password", ok && out.trim() == "1", out.trim().replace('\n', " "));
    // A datastore only on the internal network cannot reach the world outside (Debian's mirror,
    // which a container on the default bridge reaches: apt works in builds here).
    if let Some(db) = containers.get("db") {
        let only_backend = !attached.is_empty() && attached.split_whitespace().all(|n| n.ends_with("_backend"));
        if only_backend {
            use std::net::ToSocketAddrs;
            let outside = ("deb.debian.org", 80).to_socket_addrs().ok().and_then(|mut a| a.find(|a| a.is_ipv4()));
            if let Some(outside) = outside {
                let probe = format!("timeout 3 bash -c 'exec 3<>/dev/tcp/{}/80'", outside.ip());
                let (control, _) = docker(&["run", "--rm", "--entrypoint", "bash", "dockfix-test/postgres:stand-in", "-c", &probe]);
                let (reached, _) = docker(&["exec", db, "bash", "-c", &probe]);
                if control {
                    check(checks, "db", "no way out of the internal network", !reached, format!("{outside} {}", if reached { "reached" } else { "unreachable" }));
                } else {
                    println!("  (no way outside from the default bridge either: the internal network's isolation is not measurable here)");
                }
            }
        }
    }
}

fn node_redis_checks(stack: &Stack, containers: &BTreeMap<String, String>, fresh: &BTreeMap<String, String>, checks: &mut Vec<Check>) {
    let Some(web) = containers.get("web") else { return };
    let get = |path: &str, method: &str| {
        let script = format!(
            "const r=require('http').request({{host:'127.0.0.1',port:3000,path:'{path}',method:'{method}'}},s=>{{let b='';s.on('data',d=>b+=d);s.on('end',()=>{{console.log(s.statusCode+' '+b.trim());}})}});r.on('error',e=>console.log('error '+e.message));r.end();"
        );
        docker(&["exec", web, "node", "-e", &script]).1.trim().to_string()
    };
    let health = get("/healthz", "GET");
    check(checks, "web", "Redis AUTH with .env's password", health.starts_with("200"), health);
    let upload = get("/upload", "POST");
    check(checks, "web", "writes its uploads folder", upload.starts_with("200"), upload);
    let (wrote, _) = docker(&["exec", web, "sh", "-c", "echo x >> /app/server.js"]);
    check(checks, "web", "cannot write its code", !wrote, if wrote { "wrote /app/server.js" } else { "refused" });
    if let (Some(cache), Some(password)) = (containers.get("cache"), fresh.values().next()) {
        let (_, pong) = docker(&["exec", cache, "redis-cli", "-a", password, "--no-auth-warning", "ping"]);
        check(checks, "cache", "requirepass is .env's value", pong.trim() == "PONG", pong.trim());
    }
    let _ = stack;
}

fn python_postgres_checks(stack: &Stack, containers: &BTreeMap<String, String>, fresh: &BTreeMap<String, String>, checks: &mut Vec<Check>) {
    postgres_login(stack, containers, fresh, checks, "shop", "shop");
    if let Some(app) = containers.get("app") {
        let (_, out) = docker(&["exec", app, "python", "-c", "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status)"]);
        check(checks, "app", "reaches db by name", out.trim() == "200", out.trim());
        let (wrote, _) = docker(&["exec", app, "sh", "-c", "echo x >> /app/app.py"]);
        check(checks, "app", "cannot write its code", !wrote, if wrote { "wrote /app/app.py" } else { "refused" });
    }
}

fn gosu_checks(_: &Stack, containers: &BTreeMap<String, String>, _: &BTreeMap<String, String>, checks: &mut Vec<Check>) {
    if let Some(worker) = containers.get("worker") {
        let uid = program(worker).map(|(_, uid)| uid);
        check(checks, "worker", "drops to its own user (999)", uid == Some(999), format!("{uid:?}"));
    }
}

fn multi_stage_checks(_: &Stack, containers: &BTreeMap<String, String>, _: &BTreeMap<String, String>, checks: &mut Vec<Check>) {
    if let Some(api) = containers.get("api") {
        let (_, out) = docker(&["exec", api, "python", "-c", "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:8080/healthz').read().decode().strip())"]);
        check(checks, "api", "answers from the runtime stage", out.trim() == "hello from a wheel", out.trim());
        let (_, wheels) = docker(&["exec", api, "sh", "-c", "ls /app/wheels 2>/dev/null | wc -l"]);
        check(checks, "api", "no wheelhouse in the runtime", wheels.trim() == "0", format!("{} wheels", wheels.trim()));
    }
}

fn shop_checks(stack: &Stack, containers: &BTreeMap<String, String>, fresh: &BTreeMap<String, String>, checks: &mut Vec<Check>) {
    postgres_login(stack, containers, fresh, checks, "shop", "shop");
    if let Some(api) = containers.get("api") {
        let (wrote, _) = docker(&["exec", api, "sh", "-c", "echo x >> /app/server.js"]);
        check(checks, "api", "cannot write its code", !wrote, if wrote { "wrote /app/server.js" } else { "refused" });
    }
}

/// Writes `wheels/greeting-1.0-py3-none-any.whl` from `wheel-src/` with the host's Python (a
/// pure-Python wheel: the same for the stand-in's Python).
fn make_wheel(folder: &Path) {
    let source = folder.join("wheel-src");
    if !source.is_dir() {
        return;
    }
    let script = r#"
import base64, hashlib, os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
files = {}
for root, _, names in os.walk(src):
    for name in names:
        path = os.path.join(root, name)
        files[os.path.relpath(path, src)] = open(path, "rb").read()
files["greeting-1.0.dist-info/METADATA"] = b"Metadata-Version: 2.1\nName: greeting\nVersion: 1.0\n"
files["greeting-1.0.dist-info/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: dockfix-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
record = [f"{n},sha256={base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()},{len(d)}" for n, d in sorted(files.items())]
record.append("greeting-1.0.dist-info/RECORD,,")
with zipfile.ZipFile(os.path.join(out, "greeting-1.0-py3-none-any.whl"), "w") as whl:
    for name, data in sorted(files.items()):
        whl.writestr(name, data)
    whl.writestr("greeting-1.0.dist-info/RECORD", "\n".join(record) + "\n")
"#;
    let ok = Command::new("python3").args(["-c", script]).arg(&source).arg(folder.join("wheels")).status().unwrap().success();
    assert!(ok, "the wheel is made");
    std::fs::remove_dir_all(&source).unwrap();
}

fn engine_ready() -> bool {
    if !Command::new("docker").arg("info").output().is_ok_and(|o| o.status.success()) {
        common::skip("no Docker engine (docker info fails): the runtime stacks did not run");
        return false;
    }
    if !Command::new("docker-compose").arg("version").output().is_ok_and(|o| o.status.success()) {
        common::skip("no docker-compose: the runtime stacks did not run");
        return false;
    }
    for image in STAND_INS {
        if !docker(&["image", "inspect", image]).0 {
            common::skip(&format!("no {image} (run tests/runtime/make-base-image.sh): the runtime stacks did not run"));
            return false;
        }
    }
    true
}

/// Checks that prove services reach each other (their names say so).
fn is_reachability(name: &str) -> bool {
    ["login", "reaches", "AUTH", "requirepass", "way out"].iter().any(|w| name.contains(w))
}

fn table(fixture: &str, before: &BTreeMap<String, Seen>, after: &BTreeMap<String, Seen>, before_checks: &[Check], after_checks: &[Check]) -> String {
    let mut out = String::new();
    macro_rules! println {
        ($($arg:tt)*) => {{ out.push_str(&format!($($arg)*)); out.push('\n'); }};
    }
    let count = |c: &[Check], service: &str, reach: bool| {
        let mine: Vec<&Check> = c.iter().filter(|c| c.service == service && (!reach || is_reachability(c.name))).collect();
        (mine.iter().filter(|c| c.held).count(), mine.len())
    };
    let total = |c: &[Check]| (c.iter().filter(|c| c.held).count(), c.len());
    let (bh, bt) = total(before_checks);
    let (ah, at) = total(after_checks);
    println!("\n== {fixture}: checks held before {bh}/{bt}, after {ah}/{at}");
    println!("{:<11} {:<13} {:<24} {:<30} {:<34} {:<7} {:<9}", "service", "uid", "PID 1", "docker stop", "health", "reach", "checks");
    let services: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for service in services {
        let (b, a) = (before.get(service).cloned(), after.get(service).cloned().unwrap_or_default());
        let uid = |s: &Seen| s.uid.map_or("?".to_string(), |u| u.to_string());
        let pid1 = |s: &Seen| s.pid1.split_whitespace().next().unwrap_or("?").rsplit('/').next().unwrap_or("?").to_string();
        let stop = |s: &Seen| format!("{:.1}s/{}", s.stop_seconds, s.exit);
        let health = |s: &Seen| match s.unhealthy_when_stopped {
            Some(true) => format!("{}+stops", s.health),
            _ => s.health.clone(),
        };
        let show = |f: &dyn Fn(&Seen) -> String| format!("{} -> {}", b.as_ref().map_or("(no build)".to_string(), f), f(&a));
        let (rh, rt) = count(after_checks, service, true);
        let (ch, ct) = count(after_checks, service, false);
        println!(
            "{:<11} {:<13} {:<24} {:<30} {:<34} {:<7} {:<9}",
            service,
            show(&uid),
            show(&pid1),
            show(&stop),
            show(&health),
            if rt == 0 { "-".to_string() } else { format!("{rh}/{rt}") },
            format!("{ch}/{ct}")
        );
    }
    for c in after_checks.iter().filter(|c| c.service == "-" || is_reachability(c.name) || ["image", "starts after", "value from", "writes", "code"].iter().any(|w| c.name.contains(w))) {
        println!("  after: {:<14} {:<44} {} {}", c.service, c.name, if c.held { "held" } else { "FAILED" }, c.seen);
    }
    for c in before_checks.iter().filter(|c| !c.held) {
        println!("  before: {:<13} {:<44} {}", c.service, c.name, c.seen);
    }
    out
}

#[test]
fn hardened_stacks_run_and_hold() {
    if !engine_ready() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stacks = root.join("tests/runtime/stacks");
    let fixtures = [
        Fixture { name: "node-redis", source: stacks.join("node-redis"), one_shot: &[], root: &[], datastores: &["cache"], no_probe: &[], extra: node_redis_checks },
        Fixture { name: "python-postgres", source: stacks.join("python-postgres"), one_shot: &[], root: &[], datastores: &["db"], no_probe: &[], extra: python_postgres_checks },
        Fixture { name: "gosu", source: stacks.join("gosu"), one_shot: &[], root: &[], datastores: &[], no_probe: &["worker"], extra: gosu_checks },
        Fixture { name: "multi-stage", source: stacks.join("multi-stage"), one_shot: &[], root: &[], datastores: &[], no_probe: &[], extra: multi_stage_checks },
        Fixture {
            name: "examples-stack",
            source: root.join("examples/stack"),
            one_shot: &["migrate"],
            root: &["web"],
            datastores: &["db", "cache"],
            no_probe: &["api"],
            extra: shop_checks,
        },
    ];
    // DOCKFIX_STACKS=node-redis,gosu runs those only (for a developer at work on one).
    let only = std::env::var("DOCKFIX_STACKS").ok();
    let mut failures = Vec::new();
    let chosen: Vec<&Fixture> = fixtures.iter().filter(|f| only.as_deref().is_none_or(|o| o.split(',').any(|n| n == f.name))).collect();
    // Two stacks at a time (each runs its before and after side by side); reports in order.
    let mut reports: Vec<(String, Vec<String>)> = Vec::new();
    for pair in chosen.chunks(2) {
        let done: Vec<(String, Vec<String>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = pair.iter().map(|fixture| scope.spawn(move || prove(fixture))).collect();
            handles.into_iter().map(|h| h.join().expect("a stack's run")).collect()
        });
        reports.extend(done);
    }
    for (report, failed) in reports {
        print!("{report}");
        failures.extend(failed);
    }
    assert!(failures.is_empty(), "checks that failed after dockfix:\n{}", failures.join("\n"));
}

/// Runs one fixture before and after dockfix; returns its report and the checks that failed
/// after the fixes.
fn prove(fixture: &Fixture) -> (String, Vec<String>) {
    let mut failures = Vec::new();
    {
        let before_dir = tempfile::tempdir().unwrap();
        copy_tree(&fixture.source, before_dir.path());
        make_wheel(before_dir.path());
        let after_dir = tempfile::tempdir().unwrap();
        copy_tree(&before_dir.path().to_path_buf(), after_dir.path());
        let run = dockfix(after_dir.path(), &["apply", "--yes", "--unsafe", "."]);
        assert!(run.code == 0, "{}: dockfix failed:\n{}", fixture.name, run.stderr);
        // Before and after run side by side: two projects, their own ports.
        let ((before_checks, before), (after_checks, after)) = std::thread::scope(|scope| {
            let before = scope.spawn(|| run_stack(fixture, before_dir.path(), false));
            let after = run_stack(fixture, after_dir.path(), true);
            (before.join().expect("the before run"), after)
        });
        let mut report = table(fixture.name, &before, &after, &before_checks, &after_checks);
        for c in &after_checks {
            if !c.held {
                report.push_str(&format!("  AFTER FAILED: {:<10} {:<36} {}\n", c.service, c.name, c.seen));
                failures.push(format!("{} {}: {} ({})", fixture.name, c.service, c.name, c.seen));
            }
        }
        (report, failures)
    }
}
