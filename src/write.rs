//! Writing fixed files: atomically, keeping permissions, never leaving a temporary file behind.
//!
//! A run killed mid-write (SIGKILL, power loss) can leave one temporary file per folder it was
//! writing in. They are named `.contentlint-<pid>-<random>.tmp`: hidden and not Markdown, so the
//! walker never lints them, and the next `--fix` that writes in that folder removes those whose
//! process is gone.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

const TEMP_PREFIX: &str = ".contentlint-";
const TEMP_SUFFIX: &str = ".tmp";

/// Replaces the contents of `path`: a temporary file in the same folder is written, synced and
/// renamed over the original, with the original's permissions. A symlink is followed, so the link
/// stays a link. On error the original is untouched and the temporary file is removed.
///
/// The folder is synced (making the rename durable) by [`sync_folders`], once per folder at the
/// end of a run: a crash before that leaves each file either old or new, never half-written.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let link = fs::symlink_metadata(path)?;
    let (target, metadata) = if link.file_type().is_symlink() {
        let target = fs::canonicalize(path)?;
        let metadata = fs::metadata(&target)?;
        (target, metadata)
    } else {
        (path.to_path_buf(), link)
    };
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let permissions = metadata.permissions();
    enter_folder(dir);
    let mut temp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Syncs every folder [`write_atomic`] wrote in since the last call. Failure loses nothing.
pub fn sync_folders() {
    let unsynced: Vec<PathBuf> = FOLDERS
        .lock()
        .map(|mut folders| {
            folders
                .iter_mut()
                .filter(|(_, synced)| !**synced)
                .map(|(dir, synced)| {
                    *synced = true;
                    dir.clone()
                })
                .collect()
        })
        .unwrap_or_default();
    for dir in unsynced {
        sync_dir(&dir);
    }
}

/// The folders this process wrote in, each with whether it was synced since its last write.
static FOLDERS: LazyLock<Mutex<HashMap<PathBuf, bool>>> = LazyLock::new(Default::default);

/// Notes a write in `dir`. The first in a folder removes the temporary files that killed runs
/// left there.
fn enter_folder(dir: &Path) {
    let first_visit = FOLDERS
        .lock()
        .map(|mut folders| match folders.get_mut(dir) {
            Some(synced) => {
                *synced = false;
                false
            }
            None => {
                folders.insert(dir.to_path_buf(), false);
                true
            }
        })
        .unwrap_or(false);
    if first_visit {
        remove_stale_temporaries(dir);
    }
}

/// Best effort: a file that cannot be listed or removed stays, and costs nothing but its space.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_owner) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file name of ours: `.contentlint-<pid>-<random>.tmp`.
fn temporary_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` may still be writing. Without a way to tell (no `/proc`), it may.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Makes the rename durable where the platform allows it; failure here loses nothing.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn keeps_mode_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn temporary_names_carry_the_process_id() {
        assert_eq!(temporary_owner(".contentlint-4242-a1B2c3.tmp"), Some(4242));
        assert_eq!(temporary_owner(".contentlint-4242-.tmp"), None);
        assert_eq!(temporary_owner(".contentlint-a1B2c3.tmp"), None);
        assert_eq!(temporary_owner(".contentlint-4242-a1B2c3.md"), None);
        assert_eq!(temporary_owner("contentlint-4242-a1B2c3.tmp"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn leftovers_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has exited and been reaped: its id is free (until reused).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let own = std::process::id();
        let stale = dir.path().join(format!(".contentlint-{dead}-abc123.tmp"));
        let live = dir.path().join(format!(".contentlint-{own}-abc123.tmp"));
        let foreign = dir.path().join(".contentlint-notes.tmp");
        for path in [&stale, &live, &foreign] {
            fs::write(path, "partial").unwrap();
        }
        let article = dir.path().join("a.md");
        fs::write(&article, "old").unwrap();
        write_atomic(&article, b"new").unwrap();
        assert_eq!(fs::read_to_string(&article).unwrap(), "new");
        assert_eq!(stale.exists(), process_alive(dead), "stale file handled");
        assert!(live.exists(), "a live process's file is kept");
        assert!(foreign.exists(), "a file not named by us is kept");
    }

    #[test]
    fn a_missing_file_is_an_error_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(&dir.path().join("none.md"), b"x").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
