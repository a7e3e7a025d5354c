//! The README's terminal session is the real output of the command it shows: the command runs
//! on a pseudo-terminal (util-linux `script`), the answer typed once the prompt is there.

mod common;

use std::path::Path;

#[test]
fn the_readme_session_is_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let marker = readme.find("<!-- session:").expect("the README has a session block");
    let block = readme[marker..].split("```console\n").nth(1).and_then(|b| b.split("\n```").next()).expect("a console block");
    let (command, expected) = block.split_once('\n').unwrap();
    let args = command.strip_prefix("$ dockfix ").expect("the block starts with `$ dockfix ...`");
    let answer = expected.lines().find_map(|l| l.split_once("[y/N] ").map(|(_, a)| a.to_string())).expect("a prompt and its answer");
    let run = format!("{} {args}", env!("CARGO_BIN_EXE_dockfix"));
    let Some((code, screen)) = common::answer_prompt(root, &run, &[("NO_COLOR", "1")], || {}, &answer) else { return };
    assert_eq!(screen.trim_end(), expected.trim_end(), "README.md's session differs from the real output of `dockfix {args}`");
    assert_eq!(code, Some(1), "declined: exit 1");
}
