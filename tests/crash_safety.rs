//! dockfix never leaves a file half-written: killed (SIGKILL) at random points of a multi-file
//! commit, every file is entirely old or entirely new; a read-only file (for a non-root user),
//! a full disk and a file changed during the run each end in exit 2 with nothing written.

mod common;

use common::{copy_tree, dockfix, read_tree};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Many compose files, each with fixes to make, in several folders.
fn project(dir: &Path, files: usize) {
    for i in 0..files {
        let folder = dir.join(format!("svc{}", i % 7));
        std::fs::create_dir_all(&folder).unwrap();
        let text = format!(
            "# service {i}\nservices:\n  web{i}:\n    image: nginx:1.27\n    ports:\n      - \"80{i:02}:80\"\n  db{i}:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: pass-{i}-0123456789\n"
        );
        std::fs::write(folder.join(format!("docker-compose.{i}.yml")), text).unwrap();
    }
}

fn temps(tree: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    tree.keys().filter(|p| p.rsplit('/').next().is_some_and(|n| n.starts_with(".dockfix-"))).cloned().collect()
}

fn show(tree: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>, path: Option<&String>) -> String {
    let Some(path) = path else { return String::new() };
    let text = |t: &BTreeMap<String, Vec<u8>>| t.get(path).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
    format!("\n--- after the rerun:\n{}\n--- after a full run:\n{}", text(tree), text(after))
}

#[test]
fn killed_at_random_points_every_file_is_old_or_new() {
    let original = tempfile::tempdir().unwrap();
    project(original.path(), 40);
    let before = read_tree(original.path());
    // What a run that completes writes.
    let finished = tempfile::tempdir().unwrap();
    copy_tree(original.path(), finished.path());
    let start = Instant::now();
    let run = dockfix(finished.path(), &["apply", "--yes", "."]);
    let full = start.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = read_tree(finished.path());
    assert!(after.len() > before.len(), "the run creates files too (.env, .env.example)");

    let mut seed = std::process::id() as u64 ^ std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    println!("seed {seed}, a full run takes {} ms", full.as_millis());
    let (mut before_commit, mut mid_commit, mut after_commit) = (0, 0, 0);
    for round in 0..30 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        // Late in the run, where the writing happens (the commit is its last few per cent).
        let fraction = 0.8 + ((seed >> 33) % 1000) as f64 / 1000.0 * 0.25;
        let delay = full.mul_f64(fraction);
        let dir = tempfile::tempdir().unwrap();
        copy_tree(original.path(), dir.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_dockfix"))
            .args(["apply", "--yes", "."])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let tree = read_tree(dir.path());
        let mut new = 0;
        for (path, bytes) in &tree {
            if temps(&tree).contains(path) {
                continue;
            }
            let old_ok = before.get(path) == Some(bytes);
            let new_ok = after.get(path) == Some(bytes);
            assert!(old_ok || new_ok, "round {round} (after {} ms): {path} is neither the old nor the new file", delay.as_millis());
            new += usize::from(!old_ok);
        }
        for path in before.keys() {
            assert!(tree.contains_key(path), "round {round}: {path} disappeared");
        }
        let changed = after.iter().filter(|(p, b)| before.get(*p) != Some(*b)).count();
        match new {
            0 => before_commit += 1,
            n if n < changed => mid_commit += 1,
            _ => after_commit += 1,
        }
        // The next run finishes the work and removes what the killed one staged.
        let rerun = dockfix(dir.path(), &["apply", "--yes", "."]);
        assert!(rerun.code == 0, "round {round}: {}", rerun.stderr);
        let tree = read_tree(dir.path());
        assert!(temps(&tree).is_empty(), "round {round}: temp files left: {:?}", temps(&tree));
        let differ: Vec<&String> = tree.keys().chain(after.keys()).filter(|p| tree.get(*p) != after.get(*p)).collect();
        assert!(differ.is_empty(), "round {round}: a run after the killed one ends elsewhere than a full run, in {differ:?}{}", show(&tree, &after, differ.first().copied()));
    }
    println!("kills: {before_commit} before the commit, {mid_commit} between its first and last file, {after_commit} after it");
}

#[test]
fn a_read_only_file_is_not_replaced_for_a_non_root_user() {
    if !is_root() || Command::new("setpriv").arg("--version").output().is_err() {
        common::skip("read-only check as another user (needs root and setpriv to become nobody)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), 3);
    let locked = dir.path().join("svc1/docker-compose.1.yml");
    // The binary and the tree, readable by nobody; the folders writable by nobody, one file not.
    let binary = dir.path().join("dockfix-bin");
    std::fs::copy(env!("CARGO_BIN_EXE_dockfix"), &binary).unwrap();
    Command::new("chown").args(["-R", "65534:65534"]).arg(dir.path()).status().unwrap();
    Command::new("chmod").args(["444"]).arg(&locked).status().unwrap();
    let before = read_tree(dir.path());
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&binary)
        .args(["apply", "--yes", "."])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("docker-compose.1.yml:1:1: is read-only for this user; nothing was written"), "{stderr}");
    assert_eq!(read_tree(dir.path()), before, "nothing written, no temp file");
}

#[test]
fn a_full_disk_ends_in_exit_2_with_nothing_half_written() {
    if !is_root() {
        common::skip("full-disk check (needs root to mount a small tmpfs)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    if !Command::new("mount").args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"]).arg(&disk).status().is_ok_and(|s| s.success()) {
        common::skip("full-disk check (mount -t tmpfs is refused here)");
        return;
    }
    project(&disk, 4);
    // Fill the disk to a few hundred bytes from full, so that staging the new files fails.
    let mut filler = std::fs::File::create(disk.join("filler")).unwrap();
    let block = vec![b'x'; 1024];
    use std::io::Write;
    while filler.write_all(&block).is_ok() && filler.sync_all().is_ok() {}
    drop(filler);
    let filler_len = std::fs::metadata(disk.join("filler")).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(disk.join("filler")).unwrap().set_len(filler_len.saturating_sub(300)).unwrap();
    let before = read_tree(&disk);
    let out = dockfix(&disk, &["apply", "--yes", "."]);
    let after = read_tree(&disk);
    Command::new("umount").arg(&disk).status().unwrap();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("No space left on device") || out.stderr.contains("space"), "{}", out.stderr);
    assert_eq!(after, before, "every file as it was, no temp file");
}

#[test]
fn a_file_changed_during_the_run_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), 2);
    let file = dir.path().join("svc1/docker-compose.1.yml");
    let command = format!("{} apply --color never .", env!("CARGO_BIN_EXE_dockfix"));
    // Someone edits the file while dockfix waits for an answer.
    let edited = "# edited by hand meanwhile\nservices:\n  x:\n    image: busybox\n";
    let mut before = BTreeMap::new();
    let Some((code, screen)) = common::answer_prompt(dir.path(), &command, &[], || {
        std::fs::write(&file, edited).unwrap();
        before = read_tree(dir.path());
    }, "y") else { return };
    assert_eq!(code, Some(2), "{screen}");
    assert!(screen.contains("docker-compose.1.yml:1:1: changed on disk since dockfix read it; nothing was written"), "{screen}");
    assert_eq!(read_tree(dir.path()), before, "no file written, the edit kept");
}

/// The variable names an `.env.example` lists.
fn names(bytes: Option<&Vec<u8>>) -> Vec<String> {
    let text = bytes.map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
    text.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once('=')).map(|(n, _)| n.to_string()).collect()
}

/// Every secret value of the original compose files.
fn secrets(tree: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    tree.values()
        .flat_map(|b| String::from_utf8_lossy(b).lines().filter_map(|l| l.trim().strip_prefix("POSTGRES_PASSWORD: ").map(str::to_string)).collect::<Vec<_>>())
        .filter(|v| !v.starts_with("${"))
        .collect()
}

/// A kill after each possible number of renamed files (a debug build's fault injection aborts
/// there): every file is old or new, no secret value is lost from the tree, and the next run
/// ends where a full run does, leaving no temp file.
#[test]
fn stopped_after_each_renamed_file_no_secret_is_lost() {
    let original = tempfile::tempdir().unwrap();
    project(original.path(), 9);
    let before = read_tree(original.path());
    let finished = tempfile::tempdir().unwrap();
    copy_tree(original.path(), finished.path());
    assert_eq!(dockfix(finished.path(), &["apply", "--yes", "."]).code, 0);
    let after = read_tree(finished.path());
    let written = after.iter().filter(|(p, b)| before.get(*p) != Some(*b)).count();
    let values = secrets(&before);
    assert_eq!(values.len(), 9);
    for k in 0..written {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(original.path(), dir.path());
        let out = Command::new(env!("CARGO_BIN_EXE_dockfix"))
            .args(["apply", "--yes", "."])
            .current_dir(dir.path())
            .env("DOCKFIX_COMMIT_STOP_AFTER", k.to_string())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(!out.status.success(), "k={k}: the run was stopped");
        let tree = read_tree(dir.path());
        let new = tree.iter().filter(|(p, b)| !temps(&tree).contains(p) && before.get(*p) != Some(*b)).count();
        assert_eq!(new, k, "k={k}: exactly the first k files are new");
        for (path, bytes) in &tree {
            if !temps(&tree).contains(path) {
                assert!(before.get(path) == Some(bytes) || after.get(path) == Some(bytes), "k={k}: {path} is neither old nor new");
            }
        }
        let everything: String = tree.iter().filter(|(p, _)| !temps(&tree).contains(p)).map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect();
        for value in &values {
            assert!(everything.contains(value.as_str()), "k={k}: the secret of one service is lost from every file");
        }
        let rerun = dockfix(dir.path(), &["apply", "--yes", "."]);
        assert_eq!(rerun.code, 0, "k={k}: {}", rerun.stderr);
        let tree = read_tree(dir.path());
        assert!(temps(&tree).is_empty(), "k={k}: temp files left: {:?}", temps(&tree));
        // `.env.example` may describe a variable in other words (env-example-sync wrote it where
        // compose-env-credentials found nothing left to move), with the same variables.
        let differ: Vec<&String> = tree.keys().chain(after.keys()).filter(|p| tree.get(*p) != after.get(*p)).filter(|p| !p.ends_with(".env.example") || names(tree.get(*p)) != names(after.get(*p))).collect();
        assert!(differ.is_empty(), "k={k}: the next run ends elsewhere than a full run, in {differ:?}{}", show(&tree, &after, differ.first().copied()));
        assert_eq!(dockfix(dir.path(), &["apply", "--dry-run", "."]).code, 0, "k={k}: and a further run has nothing to do");
    }
    println!("stopped after each of 0..{written} renamed files");
}
