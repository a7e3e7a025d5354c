//! The README's terminal session is the real output of the command it shows: the command runs
//! on a pseudo-terminal (util-linux `script`), the answer typed once the prompt is there.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

#[test]
fn the_readme_session_is_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let marker = readme.find("<!-- session:").expect("the README has a session block");
    let block = readme[marker..].split("```console\n").nth(1).and_then(|b| b.split("\n```").next()).expect("a console block");
    let (command, expected) = block.split_once('\n').unwrap();
    let args = command.strip_prefix("$ dockfix ").expect("the block starts with `$ dockfix ...`");
    let answer = expected.lines().find_map(|l| l.split_once("[y/N] ").map(|(_, a)| a.to_string())).expect("a prompt and its answer");
    if !Command::new("script").arg("--version").output().is_ok_and(|o| o.status.success()) {
        common::skip("util-linux `script` is not installed: the README session is not compared");
        return;
    }
    let run = format!("{} {args}", env!("CARGO_BIN_EXE_dockfix"));
    let mut child = Command::new("script")
        .args(["-qec", &run, "/dev/null"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut screen = Vec::new();
    let mut byte = [0u8; 1];
    // The answer is typed once the prompt shows, as a person would.
    while !String::from_utf8_lossy(&screen).ends_with("[y/N] ") {
        if stdout.read(&mut byte).unwrap() == 0 {
            break;
        }
        screen.push(byte[0]);
    }
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(format!("{answer}\n").as_bytes()).unwrap();
    stdout.read_to_end(&mut screen).unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    let screen = String::from_utf8_lossy(&screen).replace("\r\n", "\n").replace('\r', "");
    assert_eq!(screen.trim_end(), expected.trim_end(), "README.md's session differs from the real output of `dockfix {args}`");
    assert_eq!(status.code(), Some(1), "declined: exit 1");
}
