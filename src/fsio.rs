//! Writing: all files or none, each atomically (a temp file in the same folder, then rename),
//! permissions kept, and never over a file that changed since dockfix read it.

use anyhow::{Context, Result, anyhow};
use std::io::Write;
use std::path::PathBuf;

/// A file to write.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The path shown to the user.
    pub display: PathBuf,
    /// The file on disk (symlinks inside the tree already resolved).
    pub real: PathBuf,
    /// The bytes dockfix read.
    pub original: Vec<u8>,
    pub new: String,
    /// For a file dockfix creates: its mode; it must not exist when written.
    pub created: Option<u32>,
}

/// Writes every pending file, or none: every file is checked unchanged on disk and staged in a
/// temp file first, then all are renamed into place.
pub fn commit(pending: &[Pending]) -> Result<()> {
    for file in pending {
        ensure_unchanged(file)?;
        ensure_writable(file)?;
    }
    remove_stale_temps(pending);
    // Folders for new files (`secrets/`) are made now, and removed again if the run stops.
    let mut made: Vec<PathBuf> = Vec::new();
    let result = stage_all(pending, &mut made);
    let staged = match result {
        Ok(staged) => staged,
        Err(error) => {
            for folder in made.iter().rev() {
                let _ = std::fs::remove_dir(folder);
            }
            return Err(error);
        }
    };
    let stop_after = stop_after();
    for (index, (file, temp)) in pending.iter().zip(staged).enumerate() {
        if stop_after == Some(index) {
            // As if killed here: no destructor runs, staged temp files stay behind.
            std::process::abort();
        }
        temp.persist(&file.real)
            .map_err(|e| anyhow!("{}: cannot replace the file: {}", file.display.display(), e.error))?;
    }
    Ok(())
}

fn stage_all(pending: &[Pending], made: &mut Vec<PathBuf>) -> Result<Vec<tempfile::NamedTempFile>> {
    let mut staged = Vec::new();
    for file in pending {
        if file.created.is_some() {
            make_folders(&file.real, made)?;
        }
        staged.push(stage(file)?);
    }
    for file in pending {
        ensure_unchanged(file)?;
    }
    Ok(staged)
}

/// Creates the missing folders above `path`, remembering each one made.
fn make_folders(path: &std::path::Path, made: &mut Vec<PathBuf>) -> Result<()> {
    let mut missing = Vec::new();
    let mut folder = path.parent();
    while let Some(current) = folder.filter(|f| !f.as_os_str().is_empty() && !f.exists()) {
        missing.push(current.to_path_buf());
        folder = current.parent();
    }
    for folder in missing.into_iter().rev() {
        std::fs::create_dir(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
        made.push(folder);
    }
    Ok(())
}

/// Fault injection for the crash-safety tests, in debug builds only:
/// `DOCKFIX_COMMIT_STOP_AFTER=k` aborts the process after `k` files were renamed into place.
fn stop_after() -> Option<usize> {
    if cfg!(debug_assertions) { std::env::var("DOCKFIX_COMMIT_STOP_AFTER").ok()?.parse().ok() } else { None }
}

/// A file the user may not write (`chmod 444`, another owner) is not replaced through the
/// folder: the rename would succeed where writing the file itself is refused.
fn ensure_writable(file: &Pending) -> Result<()> {
    if file.created.is_some() {
        return Ok(());
    }
    match std::fs::OpenOptions::new().append(true).open(&file.real) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(anyhow!(
            "{}:1:1: is read-only for this user; nothing was written (make it writable, or leave it out with --exclude)",
            file.display.display()
        )),
        Err(e) => Err(anyhow!("{}: cannot open it for writing: {e}", file.display.display())),
    }
}

/// The prefix of dockfix's temp files: `.dockfix-<pid>-`, so that one a killed run left behind
/// can be told from one a running dockfix is writing.
fn temp_prefix() -> String {
    format!(".dockfix-{}-", std::process::id())
}

/// Removes temp files a killed dockfix left in the folders this run writes (their process is
/// gone). A rename is atomic, so such a file never stood for the real one.
fn remove_stale_temps(pending: &[Pending]) {
    let folders: std::collections::BTreeSet<&std::path::Path> = pending.iter().filter_map(|p| p.real.parent()).collect();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(pid) = name.strip_prefix(".dockfix-").and_then(|rest| rest.split('-').next()).and_then(|p| p.parse::<u32>().ok()) else {
                continue;
            };
            let alive = std::path::Path::new("/proc").join(pid.to_string()).exists();
            if !alive && entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

fn ensure_unchanged(file: &Pending) -> Result<()> {
    if file.created.is_some() {
        if std::fs::symlink_metadata(&file.real).is_ok() {
            return Err(anyhow!(
                "{}:1:1: appeared on disk while dockfix ran; nothing was written (run dockfix again)",
                file.display.display()
            ));
        }
        return Ok(());
    }
    let now = std::fs::read(&file.real)
        .with_context(|| format!("{}: cannot read it again before writing", file.display.display()))?;
    if now != file.original {
        return Err(anyhow!(
            "{}:1:1: changed on disk since dockfix read it; nothing was written (run dockfix again)",
            file.display.display()
        ));
    }
    Ok(())
}

fn stage(file: &Pending) -> Result<tempfile::NamedTempFile> {
    let folder = file.real.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix())
        .tempfile_in(folder)
        .with_context(|| format!("{}: cannot create a temp file beside it", file.display.display()))?;
    temp.write_all(file.new.as_bytes())?;
    temp.as_file().sync_all()?;
    // tempfile creates files as 0600: give the new file the original's mode.
    let permissions = match file.created {
        Some(mode) => std::os::unix::fs::PermissionsExt::from_mode(mode),
        None => std::fs::metadata(&file.real)?.permissions(),
    };
    std::fs::set_permissions(temp.path(), permissions)?;
    Ok(temp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn pending(dir: &std::path::Path, name: &str, original: &str, new: &str) -> Pending {
        let real = dir.join(name);
        std::fs::write(&real, original).unwrap();
        Pending {
            display: PathBuf::from(name),
            real,
            original: original.as_bytes().to_vec(),
            new: new.into(),
            created: None,
        }
    }

    #[test]
    fn writes_all_and_keeps_mode() {
        let dir = tempfile::tempdir().unwrap();
        let a = pending(dir.path(), "a", "1", "2");
        std::fs::set_permissions(&a.real, std::fs::Permissions::from_mode(0o755)).unwrap();
        let b = pending(dir.path(), "b", "x", "y");
        commit(&[a.clone(), b.clone()]).unwrap();
        assert_eq!(std::fs::read_to_string(&a.real).unwrap(), "2");
        assert_eq!(std::fs::read_to_string(&b.real).unwrap(), "y");
        let mode = std::fs::metadata(&a.real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o755);
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "no temp file is left behind");
    }

    #[test]
    fn created_files_get_their_mode_and_never_replace_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join(".env");
        let env = Pending {
            display: ".env".into(),
            real: real.clone(),
            original: Vec::new(),
            new: "A=1\n".into(),
            created: Some(0o600),
        };
        commit(&[env.clone()]).unwrap();
        assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o600);
        let nested = dir.path().join("secrets/db.txt");
        let secret = Pending {
            display: "secrets/db.txt".into(),
            real: nested.clone(),
            original: Vec::new(),
            new: "x".into(),
            created: Some(0o600),
        };
        commit(&[secret]).unwrap();
        assert_eq!(std::fs::read_to_string(&nested).unwrap(), "x");
        let error = commit(&[env]).unwrap_err().to_string();
        assert!(error.contains("appeared on disk"), "{error}");
    }

    #[test]
    fn a_file_changed_on_disk_stops_every_write() {
        let dir = tempfile::tempdir().unwrap();
        let a = pending(dir.path(), "a", "1", "2");
        let b = pending(dir.path(), "b", "x", "y");
        std::fs::write(&b.real, "changed by someone else").unwrap();
        let error = commit(&[a.clone(), b.clone()]).unwrap_err().to_string();
        assert!(error.starts_with("b:1:1: changed on disk"), "{error}");
        assert_eq!(std::fs::read_to_string(&a.real).unwrap(), "1", "a was not written either");
        assert_eq!(std::fs::read_to_string(&b.real).unwrap(), "changed by someone else");
    }
}
