//! The Dockerfile transforms judged by a Docker engine: an image dockfix hardened builds, runs as
//! the numeric non-root user it created, with tini as PID 1 forwarding `docker stop`'s SIGTERM
//! to the program, and can still write to its work folder but not its own copied code; an image whose entrypoint drops to
//! its own user with gosu still does (no USER), with tini installed whatever the build argument;
//! tini is not added to an install the same RUN purges again (docker-library's `apt-mark auto`),
//! so the container still starts;
//! the HEALTHCHECK dockfix writes turns healthy, then unhealthy when the app stops answering, and
//! a compose stack waits for it with `condition: service_healthy`; a Python image split into a
//! builder and a runtime stage builds, answers from its virtual environment without the
//! wheelhouse it was installed from, and is smaller than the single stage.
//! Needs a Docker engine and the `dockfix-test/debian:bookworm-slim` and
//! `dockfix-test/python:3.11-slim` images (`tests/runtime/make-base-image.sh` makes them from
//! Debian's packages); under `CI=true` their absence is a failure.

mod common;

use common::dockfix;
use std::process::Command;

fn docker(args: &[&str]) -> (bool, String) {
    let out = Command::new("docker").args(args).output().expect("docker runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// The Debian base made by `make-base-image.sh`, under a namespace of the test suite's own: the
/// fixtures say `FROM debian:bookworm-slim` (what dockfix reasons about) and are built on this.
const BASE: &str = "dockfix-test/debian:bookworm-slim";

/// A hardened Dockerfile as the engine builds it: on the test suite's own base image.
fn on_test_base(dockerfile: &str) -> String {
    dockerfile.replace("FROM debian:bookworm-slim", &format!("FROM {BASE}"))
}

fn engine_ready() -> bool {
    if !Command::new("docker").arg("info").output().is_ok_and(|o| o.status.success()) {
        common::skip("no Docker engine (docker info fails); the runtime test did not run");
        return false;
    }
    if !docker(&["image", "inspect", BASE]).0 {
        common::skip(&format!("no {BASE} image (run tests/runtime/make-base-image.sh); the runtime test did not run"));
        return false;
    }
    true
}

const DOCKERFILE: &str = "FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \\
    procps \\
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY report.sh .
CMD sh /app/report.sh
";

/// Prints what the container is, then waits for a signal like a long-running service.
const REPORT: &str = "id -u; id -g; echo \"home=$HOME\"; tr '\\0' ' ' < /proc/1/cmdline; echo
touch /app/written && echo writable
echo changed >> /app/report.sh 2>/dev/null || echo code-read-only
exec sleep infinity
";

#[test]
fn a_hardened_debian_image_runs_as_non_root_under_tini() {
    if !engine_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), DOCKERFILE).unwrap();
    std::fs::write(dir.path().join("report.sh"), REPORT).unwrap();
    let args = [
        "apply",
        "--yes",
        "--only",
        "dockerfile-non-root-user",
        "--only",
        "dockerfile-tini-init",
        "--only",
        "dockerfile-exec-form",
        ".",
    ];
    let run = dockfix(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hardened = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    println!("{hardened}");
    std::fs::write(dir.path().join("Dockerfile"), on_test_base(&hardened)).unwrap();

    let tag = format!("dockfix-runtime-{}", std::process::id());
    let context = dir.path().to_str().unwrap();
    let (built, log) = docker(&["build", "-q", "-t", &tag, context]);
    assert!(built, "the hardened Dockerfile does not build:\n{log}");
    let name = format!("{tag}-run");
    let (started, log) = docker(&["run", "-d", "--name", &name, &tag]);
    assert!(started, "{log}");
    std::thread::sleep(std::time::Duration::from_secs(2));
    let (_, output) = docker(&["logs", &name]);
    let (_, _) = docker(&["stop", "-t", "20", &name]);
    let (_, exit) = docker(&["inspect", "-f", "{{.State.ExitCode}}", &name]);
    docker(&["rm", "-f", &name]);
    docker(&["rmi", "-f", &tag]);

    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.first().copied(), Some("10001"), "runs as the created user:\n{output}");
    assert_eq!(lines.get(1).copied(), Some("10001"), "with its group:\n{output}");
    assert!(output.contains("home=/tmp"), "{output}");
    assert!(
        lines.get(3).is_some_and(|l| l.starts_with("/usr/bin/tini -- sh /app/report.sh")),
        "tini is PID 1 and runs the same command:\n{output}"
    );
    assert!(output.contains("writable"), "the work folder belongs to the user:\n{output}");
    assert!(output.contains("code-read-only"), "the copied program stays root-owned, so the app cannot rewrite it:\n{output}");
    // tini passes SIGTERM on: the program ends on the signal (143), not killed after the timeout (137).
    assert_eq!(exit.trim(), "143", "docker stop ended the container with {exit}");
}

/// docker-library's pattern: what a RUN installs before `apt-mark auto '.*'` and a purge with
/// `--auto-remove` is gone when the RUN ends (here `procps`).
const PURGING_DOCKERFILE: &str = "FROM debian:bookworm-slim
RUN set -eux; \\
\tsavedAptMark=\"$(apt-mark showmanual)\"; \\
\tapt-get update; \\
\tapt-get install -y --no-install-recommends procps; \\
\tps -p 1 > /dev/null; \\
\tapt-mark auto '.*' > /dev/null; \\
\t[ -z \"$savedAptMark\" ] || apt-mark manual $savedAptMark > /dev/null; \\
\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
\trm -rf /var/lib/apt/lists/*
CMD [\"sh\", \"-c\", \"tr '\\\\0' ' ' < /proc/1/cmdline; echo; command -v ps || echo no-ps\"]
";

#[test]
fn tini_is_not_installed_where_the_build_purges_it() {
    if !engine_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), PURGING_DOCKERFILE).unwrap();
    let run = dockfix(dir.path(), &["apply", "--yes", "--only", "dockerfile-tini-init", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hardened = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    println!("{hardened}");
    assert!(hardened.contains("ENTRYPOINT [\"/usr/bin/tini\", \"--\"]"), "{hardened}");
    std::fs::write(dir.path().join("Dockerfile"), on_test_base(&hardened)).unwrap();

    let tag = format!("dockfix-runtime-purge-{}", std::process::id());
    let (built, log) = docker(&["build", "-q", "-t", &tag, dir.path().to_str().unwrap()]);
    assert!(built, "the hardened Dockerfile does not build:\n{log}");
    let (ran, output) = docker(&["run", "--rm", &tag]);
    docker(&["rmi", "-f", &tag]);
    assert!(ran, "the container does not start (tini purged with the build's packages?):\n{output}");
    assert!(output.starts_with("/usr/bin/tini -- sh -c"), "tini is PID 1:\n{output}");
    assert!(output.contains("no-ps"), "the build's own packages are still purged:\n{output}");
}

const GOSU_DOCKERFILE: &str = "FROM debian:bookworm-slim
ARG WITH_PROCPS=0
RUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*
RUN if [ \"$WITH_PROCPS\" = 1 ]; then apt-get update && apt-get install -y --no-install-recommends procps && rm -rf /var/lib/apt/lists/*; fi
RUN useradd --system --uid 999 worker
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT [\"docker-entrypoint.sh\"]
CMD [\"sh\", \"-c\", \"id -u; tr '\\\\0' ' ' < /proc/1/cmdline; echo; exec sleep infinity\"]
";

/// Starts as root, prepares its data folder, then drops to `worker` (as postgres and redis do).
const GOSU_ENTRYPOINT: &str = "#!/bin/sh
set -e
mkdir -p /data && chown worker /data
exec gosu worker \"$@\"
";

#[test]
fn a_gosu_image_keeps_dropping_to_its_user_and_has_tini_for_every_build_argument() {
    if !engine_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), GOSU_DOCKERFILE).unwrap();
    std::fs::write(dir.path().join("docker-entrypoint.sh"), GOSU_ENTRYPOINT).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path().join("docker-entrypoint.sh"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = dockfix(dir.path(), &["apply", "--yes", "--phase", "security", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hardened = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    println!("{hardened}");
    assert!(!hardened.contains("\nUSER "), "an image that drops privileges itself gets no USER");
    assert!(run.stderr.contains("switches user itself (gosu)"), "{}", run.stderr);
    std::fs::write(dir.path().join("Dockerfile"), on_test_base(&hardened)).unwrap();

    for with_procps in ["0", "1"] {
        let tag = format!("dockfix-runtime-gosu-{}-{with_procps}", std::process::id());
        let context = dir.path().to_str().unwrap();
        let arg = format!("WITH_PROCPS={with_procps}");
        let (built, log) = docker(&["build", "-q", "--build-arg", &arg, "-t", &tag, context]);
        assert!(built, "the hardened Dockerfile does not build with {arg}:\n{log}");
        let name = format!("{tag}-run");
        let (started, log) = docker(&["run", "-d", "--name", &name, &tag]);
        assert!(started, "{log}");
        std::thread::sleep(std::time::Duration::from_secs(2));
        let (_, output) = docker(&["logs", &name]);
        let (_, tini) = docker(&["run", "--rm", "--entrypoint", "ls", &tag, "/usr/bin/tini"]);
        docker(&["rm", "-f", &name]);
        docker(&["rmi", "-f", &tag]);
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.first().copied(), Some("999"), "with {arg} the program still runs as `worker`:\n{output}");
        assert!(
            lines.get(1).is_some_and(|l| l.starts_with("/usr/bin/tini -- docker-entrypoint.sh")),
            "with {arg} tini is PID 1 in front of the same entrypoint:\n{output}"
        );
        assert_eq!(tini.trim(), "/usr/bin/tini", "tini is installed with {arg}");
    }
}

const HEALTH_DOCKERFILE: &str = "FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \\
    curl \\
    python3 \\
  && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY app.py .
EXPOSE 8080
CMD [\"python3\", \"app.py\"]
";

/// Answers `/healthz` with 200 until `/tmp/sick` exists, then with 503: an app that stops
/// answering well.
const HEALTH_APP: &str = "import http.server, os

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        ok = self.path == \"/healthz\" and not os.path.exists(\"/tmp/sick\")
        self.send_response(200 if ok else 503)
        self.end_headers()

http.server.HTTPServer((\"0.0.0.0\", 8080), Handler).serve_forever()
";

fn health_status(name: &str) -> String {
    docker(&["inspect", "-f", "{{.State.Health.Status}}", name]).1.trim().to_string()
}

/// Polls until the container's health is `want` or `seconds` pass; returns the last status.
fn wait_for_health(name: &str, want: &str, seconds: u64) -> String {
    let mut status = String::new();
    for _ in 0..seconds * 2 {
        status = health_status(name);
        if status == want {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    status
}

#[test]
fn the_healthcheck_dockfix_writes_turns_healthy_then_unhealthy() {
    if !engine_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), HEALTH_DOCKERFILE).unwrap();
    std::fs::write(dir.path().join("app.py"), HEALTH_APP).unwrap();
    let run = dockfix(dir.path(), &["apply", "--yes", "--phase", "reliability", "--phase", "security", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hardened = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    println!("{hardened}");
    assert!(
        hardened.contains("CMD [\"curl\", \"-fsS\", \"-o\", \"/dev/null\", \"http://127.0.0.1:8080/healthz\"]"),
        "the probe uses the installed curl on the route the app declares"
    );
    std::fs::write(dir.path().join("Dockerfile"), on_test_base(&hardened)).unwrap();
    let tag = format!("dockfix-runtime-health-{}", std::process::id());
    let (built, log) = docker(&["build", "-q", "-t", &tag, dir.path().to_str().unwrap()]);
    assert!(built, "{log}");
    let name = format!("{tag}-run");
    // Only the timing is shortened for the test; the probe is the one dockfix wrote.
    let (started, log) = docker(&[
        "run", "-d", "--name", &name, "--health-interval", "1s", "--health-start-period", "1s", "--health-retries", "2", &tag,
    ]);
    assert!(started, "{log}");
    let healthy = wait_for_health(&name, "healthy", 30);
    docker(&["exec", &name, "touch", "/tmp/sick"]);
    let unhealthy = wait_for_health(&name, "unhealthy", 30);
    docker(&["rm", "-f", &name]);
    docker(&["rmi", "-f", &tag]);
    assert_eq!(healthy, "healthy", "the probe passes while the app answers");
    assert_eq!(unhealthy, "unhealthy", "the probe fails once the app stops answering well");
}

#[test]
fn a_compose_stack_starts_in_healthy_order() {
    if !engine_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("api")).unwrap();
    std::fs::write(dir.path().join("api/Dockerfile"), HEALTH_DOCKERFILE).unwrap();
    // Slow to start: the server listens only after 4 seconds.
    let slow = HEALTH_APP.replace("import http.server, os", "import http.server, os, time\ntime.sleep(4)");
    std::fs::write(dir.path().join("api/app.py"), slow).unwrap();
    // The client is an image of its own (an image compose runs with other commands gets no
    // HEALTHCHECK from dockfix).
    std::fs::create_dir(dir.path().join("client")).unwrap();
    let client_dockerfile = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCMD [\"curl\", \"-fsS\", \"http://api:8080/healthz\"]\n";
    std::fs::write(dir.path().join("client/Dockerfile"), on_test_base(client_dockerfile)).unwrap();
    let project = format!("dockfixrt{}", std::process::id());
    let compose = "services:
  api:
    build: ./api
  client:
    build: ./client
    depends_on:
      - api
";
    std::fs::write(dir.path().join("docker-compose.yml"), compose).unwrap();
    let run = dockfix(
        dir.path(),
        &["apply", "--yes", "--only", "dockerfile-healthcheck", "--only", "compose-depends-on-healthy", "."],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hardened = std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap();
    println!("{hardened}");
    assert!(hardened.contains("condition: service_healthy"), "{hardened}");
    let dockerfile = std::fs::read_to_string(dir.path().join("api/Dockerfile")).unwrap();
    // The test shortens the interval so that it does not wait 30 s for the first probe; the
    // start period dockfix wrote covers the app's slow start.
    let quick = on_test_base(&dockerfile).replace("--interval=30s", "--interval=1s");
    std::fs::write(dir.path().join("api/Dockerfile"), quick).unwrap();
    let folder = dir.path().to_str().unwrap();
    let compose_cmd = |args: &[&str]| {
        let mut all = vec!["-p", project.as_str(), "--project-directory", folder, "-f"];
        let file = format!("{folder}/docker-compose.yml");
        let file: &'static str = Box::leak(file.into_boxed_str());
        all.push(file);
        all.extend_from_slice(args);
        let out = Command::new("docker-compose").args(&all).output().expect("docker-compose runs");
        (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    };
    let (up, log) = compose_cmd(&["up", "-d", "--build"]);
    let client = format!("{project}_client_1");
    let mut exit = String::new();
    for _ in 0..60 {
        exit = docker(&["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", &client]).1.trim().to_string();
        if exit.starts_with("exited") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    let (_, logs) = compose_cmd(&["logs", "client"]);
    compose_cmd(&["down", "-v", "--rmi", "local"]);
    assert!(up, "docker-compose up failed:\n{log}");
    assert_eq!(exit, "exited 0", "the client started after the api was healthy and reached it:\n{logs}");
}

/// The stand-in for `python:3.11-slim` that `make-base-image.sh` makes from Debian's packages.
const PYTHON: &str = "dockfix-test/python:3.11-slim";

const PYTHON_DOCKERFILE: &str = "FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
COPY wheels/ /wheels/
RUN pip install --no-index --find-links /wheels -r requirements.txt
COPY app.py .
CMD [\"python\", \"app.py\"]
";

/// A stdlib HTTP app that answers `/healthz` with what its one dependency says.
const PYTHON_APP: &str = "import http.server, dockfixdemo

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = dockfixdemo.GREETING.encode()
        self.send_response(200 if self.path == '/healthz' else 404)
        self.end_headers()
        self.wfile.write(body)

http.server.HTTPServer(('0.0.0.0', 8000), Handler).serve_forever()
";

/// Writes `wheels/dockfixdemo-1.0-py3-none-any.whl`: a pure-Python package with 24 MB of
/// incompressible data (so the wheelhouse the single-stage image carries weighs something),
/// made with the host's Python: PyPI is out of reach inside builds.
const MAKE_WHEEL: &str = r#"
import base64, hashlib, os, sys, zipfile
folder = sys.argv[1]
os.makedirs(folder, exist_ok=True)
files = {
    "dockfixdemo/__init__.py": b"GREETING = 'hello from the venv'\n",
    "dockfixdemo/blob.bin": os.urandom(24 * 1024 * 1024),
    "dockfixdemo-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: dockfixdemo\nVersion: 1.0\n",
    "dockfixdemo-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: dockfix-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
record = []
for name, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record.append(f"{name},sha256={digest},{len(data)}")
record.append("dockfixdemo-1.0.dist-info/RECORD,,")
with zipfile.ZipFile(os.path.join(folder, "dockfixdemo-1.0-py3-none-any.whl"), "w", zipfile.ZIP_DEFLATED) as whl:
    for name, data in files.items():
        whl.writestr(name, data)
    whl.writestr("dockfixdemo-1.0.dist-info/RECORD", "\n".join(record) + "\n")
"#;

#[test]
fn the_multi_stage_python_image_answers_and_is_smaller() {
    if !engine_ready() {
        return;
    }
    if !docker(&["image", "inspect", PYTHON]).0 {
        return common::skip(&format!("no {PYTHON} image (run tests/runtime/make-base-image.sh); the Python runtime test did not run"));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), PYTHON_DOCKERFILE).unwrap();
    std::fs::write(dir.path().join("app.py"), PYTHON_APP).unwrap();
    std::fs::write(dir.path().join("requirements.txt"), "dockfixdemo==1.0\n").unwrap();
    let wheel = Command::new("python3").args(["-c", MAKE_WHEEL]).arg(dir.path().join("wheels")).status().unwrap();
    assert!(wheel.success(), "could not make the wheel");
    let single = dir.path().join("single");
    std::fs::create_dir(&single).unwrap();
    std::fs::write(single.join("Dockerfile"), PYTHON_DOCKERFILE.replace("FROM python:3.11-slim", &format!("FROM {PYTHON}"))).unwrap();

    let run = dockfix(dir.path(), &["apply", "--yes", "--unsafe", "--only", "dockerfile-python-multi-stage", "Dockerfile"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let split = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    println!("{split}");
    assert_eq!(split.matches("FROM python:3.11-slim").count(), 2, "two stages:\n{split}");
    std::fs::write(dir.path().join("Dockerfile"), split.replace("FROM python:3.11-slim", &format!("FROM {PYTHON}"))).unwrap();

    let tag = format!("dockfix-runtime-python-{}", std::process::id());
    let context = dir.path().to_str().unwrap();
    let single_tag = format!("{tag}-single");
    let (built, log) = docker(&["build", "-q", "-f", single.join("Dockerfile").to_str().unwrap(), "-t", &single_tag, context]);
    assert!(built, "the original Dockerfile does not build:\n{log}");
    let (built, log) = docker(&["build", "-q", "-t", &tag, context]);
    let size = |image: &str| -> u64 { docker(&["image", "inspect", "-f", "{{.Size}}", image]).1.trim().parse().unwrap_or(0) };
    let (single_size, multi_size) = (size(&single_tag), size(&tag));
    docker(&["rmi", "-f", &single_tag]);
    assert!(built, "the multi-stage Dockerfile does not build:\n{log}");

    let name = format!("{tag}-run");
    let (started, log) = docker(&["run", "-d", "--name", &name, &tag]);
    let probe = "import time, urllib.request\nfor _ in range(50):\n    try:\n        print(urllib.request.urlopen('http://127.0.0.1:8000/healthz').read().decode()); break\n    except OSError:\n        time.sleep(0.2)";
    let answer = if started { docker(&["exec", &name, "python", "-c", probe]).1 } else { log };
    let (_, wheels) = docker(&["exec", &name, "sh", "-c", "ls /wheels 2>&1; command -v python"]);
    docker(&["rm", "-f", &name]);
    docker(&["rmi", "-f", &tag]);

    println!("single stage: {single_size} bytes, multi-stage: {multi_size} bytes");
    assert!(answer.contains("hello from the venv"), "the app answers from the runtime stage:\n{answer}");
    assert!(wheels.contains("No such file") && wheels.contains("/opt/venv/bin/python"), "the wheelhouse stayed in the builder, python is the venv's:\n{wheels}");
    assert!(multi_size < single_size, "the runtime image ({multi_size}) is not smaller than the single stage ({single_size})");
}

/// The stand-in for `redis` (`tests/runtime/stand-ins/redis`): its entrypoint chowns `/data`
/// and drops to `redis` only when it starts `redis-server`, as the official image's does.
const REDIS: &str = "dockfix-test/redis:stand-in";

/// A compose command that starts a shell (`sh -c "redis-server ..."`, to expand a variable)
/// keeps redis' entrypoint from switching to its user: the server runs as root, and with only
/// the capabilities cap_drop keeps for the switch (CHOWN, SETGID, SETUID) root cannot write
/// `/data`, which `redis` owns (reproduced: "Can't open or create append-only dir
/// appendonlydir: Permission denied", exit 1). dockfix leaves that service's capabilities
/// alone with a note, and drops them for the one that starts the server itself; both run.
#[test]
fn cap_drop_is_left_off_where_the_command_keeps_the_server_root() {
    if !engine_ready() {
        return;
    }
    if !docker(&["image", "inspect", REDIS]).0 {
        common::skip(&format!("no {REDIS} image (run tests/runtime/make-base-image.sh); the runtime test did not run"));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let compose = "services:
  shell:
    image: redis:7.2
    command: [\"sh\", \"-c\", \"redis-server --appendonly yes --protected-mode no\"]
    volumes:
      - shell-data:/data
  direct:
    image: redis:7.2
    command: [\"redis-server\", \"--appendonly\", \"yes\", \"--protected-mode\", \"no\"]
    volumes:
      - direct-data:/data
volumes:
  shell-data:
  direct-data:
";
    std::fs::write(dir.path().join("docker-compose.yml"), compose).unwrap();
    let run = dockfix(dir.path(), &["apply", "--yes", "--unsafe", "--only", "compose-cap-drop", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hardened = std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap();
    println!("{hardened}");
    assert_eq!(hardened.matches("cap_drop").count(), 1, "only `direct` loses its capabilities:\n{hardened}");
    assert!(run.stderr.contains("`shell` keeps its capabilities: it starts `sh`"), "{}", run.stderr);
    std::fs::write(dir.path().join("docker-compose.yml"), hardened.replace("image: redis:7.2", &format!("image: {REDIS}"))).unwrap();

    let project = format!("dockfixcaps{}", std::process::id());
    let folder = dir.path().to_str().unwrap();
    let file = format!("{folder}/docker-compose.yml");
    let compose_cmd = |args: &[&str]| {
        let mut all = vec!["-p", project.as_str(), "--project-directory", folder, "-f", file.as_str()];
        all.extend_from_slice(args);
        let out = Command::new("docker-compose").args(&all).output().expect("docker-compose runs");
        (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    };
    let (up, log) = compose_cmd(&["up", "-d"]);
    // Long enough for a server that cannot write its data folder to give up.
    std::thread::sleep(std::time::Duration::from_secs(4));
    let state = |service: &str| docker(&["inspect", "-f", "{{.State.Status}}", &format!("{project}_{service}_1")]).1.trim().to_string();
    let (shell, direct) = (state("shell"), state("direct"));
    let (_, logs) = compose_cmd(&["logs"]);
    compose_cmd(&["down", "-v"]);
    assert!(up, "docker-compose up failed:\n{log}");
    assert_eq!(shell, "running", "the shell-started server runs as root with its capabilities:\n{logs}");
    assert_eq!(direct, "running", "the server that switches to redis runs without them:\n{logs}");
    assert!(!logs.contains("Permission denied"), "{logs}");
}
