//! Results of earlier runs, so that a re-run over an unchanged repository reads almost nothing
//! (ruff's and rumdl's idea). One file, `.contentlint_cache/v<version>.bin` (bincode), maps each linted
//! path to what the linting pass found in it (before cross-file rules and baselines) with:
//! - its size, modification time and content hash: a file whose size and time are unchanged is
//!   not read again; one whose time changed but whose content hashes the same is a hit too;
//! - the hash of its effective settings (rules, levels, options, configuration files and rule
//!   folders, tool version);
//! - the hash of its site (the list of its static files and the CMS configuration): adding or
//!   removing an image invalidates the site's entries, as `missing-asset` may now say otherwise.
//!
//! An entry recorded within [`RACY`] of its file's modification time is "racy" (git's word): the
//! file could change again within the file system's timestamp granularity without its time
//! changing, so its content hash is always checked. A cache that cannot be read or parsed, or
//! was written by another version, is ignored and rewritten, never trusted.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::site_index::Entry;
use crate::span::LineCol;

/// The folder `--cache-dir` defaults to, in the current folder.
pub const DEFAULT_DIR: &str = ".contentlint_cache";

/// Entries recorded this close to their file's modification time have their content checked.
const RACY: Duration = Duration::from_secs(2);

/// What the linting pass found in one file, and what it was found in.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CachedFile {
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime: u64,
    pub content: u64,
    pub settings: u64,
    pub site: u64,
    /// Recorded so soon after the file changed that its time cannot be trusted.
    pub racy: bool,
    pub diagnostics: Vec<Diagnostic>,
    pub positions: Vec<(LineCol, LineCol)>,
    pub fingerprints: Vec<String>,
    pub entry: Option<Entry>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheData {
    version: String,
    files: HashMap<PathBuf, CachedFile>,
}

/// The cache of one run: read at the start, written back at the end when anything changed.
#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    data: CacheData,
    changed: bool,
}

/// A file's identity on disk, from its metadata.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub mtime: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        let mtime = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            size: metadata.len(),
            mtime: u64::try_from(mtime.as_nanos()).ok()?,
        })
    }
}

impl Cache {
    /// The cache in `dir`; empty when missing, unreadable, corrupt or of another version.
    pub fn open(dir: &Path) -> Cache {
        let path = dir.join(format!("v{}.bin", env!("CARGO_PKG_VERSION")));
        let data = std::fs::read(&path)
            .ok()
            .and_then(|bytes| bincode::deserialize::<CacheData>(&bytes).ok())
            .filter(|data| data.version == env!("CARGO_PKG_VERSION"))
            .unwrap_or_default();
        Cache {
            path,
            data,
            changed: false,
        }
    }

    /// The entry of `path` if it still holds: same settings and site, and the same file (by
    /// size and time, or, when the time moved or is racy, by the content hash `content` gives).
    pub fn lookup(
        &self,
        path: &Path,
        stamp: Stamp,
        settings: u64,
        site: u64,
        content: impl FnOnce() -> Option<u64>,
    ) -> Option<&CachedFile> {
        let cached = self.data.files.get(path)?;
        if cached.settings != settings || cached.site != site || cached.size != stamp.size {
            return None;
        }
        if cached.mtime == stamp.mtime && !cached.racy {
            return Some(cached);
        }
        (content()? == cached.content).then_some(cached)
    }

    pub fn insert(&mut self, path: PathBuf, file: CachedFile) {
        self.data.files.insert(path, file);
        self.changed = true;
    }

    /// Writes the cache back if anything changed (atomically: a concurrent run reads the old
    /// cache or the new one). Failing to write is not an error of the run.
    pub fn save(mut self) {
        if !self.changed {
            std::mem::forget(self.data);
            return;
        }
        self.data.version = env!("CARGO_PKG_VERSION").to_string();
        let Some(dir) = self.path.parent() else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        // Like ruff's cache: never committed by accident.
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(&ignore, "*\n");
        }
        let Ok(bytes) = bincode::serialize(&self.data) else {
            return;
        };
        let Ok(mut temp) = tempfile::NamedTempFile::new_in(dir) else {
            return;
        };
        if std::io::Write::write_all(&mut temp, &bytes).is_ok() {
            let _ = temp.persist(&self.path);
        }
        // The process ends soon: freeing thousands of entries one by one is wasted time.
        std::mem::forget(self.data);
    }
}

/// Whether an entry made now for a file with this time must have its content checked later.
pub fn is_racy(stamp: Stamp) -> bool {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    now.saturating_sub(stamp.mtime) < RACY.as_nanos() as u64
}

/// A hash that is the same from run to run of one build (SipHash with fixed keys).
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// [`hash_bytes`] of anything hashable.
pub fn hash_of(value: &(impl Hash + ?Sized)) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(content: &[u8], stamp: Stamp, racy: bool) -> CachedFile {
        CachedFile {
            size: stamp.size,
            mtime: stamp.mtime,
            content: hash_bytes(content),
            settings: 1,
            site: 2,
            racy,
            diagnostics: Vec::new(),
            positions: Vec::new(),
            fingerprints: Vec::new(),
            entry: None,
        }
    }

    #[test]
    fn hits_only_what_still_holds() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path());
        let stamp = Stamp { size: 3, mtime: 10 };
        let path = PathBuf::from("a.md");
        cache.insert(path.clone(), entry(b"abc", stamp, false));
        let unread = || -> Option<u64> { panic!("an unchanged file is not read") };
        assert!(cache.lookup(&path, stamp, 1, 2, unread).is_some());
        // Other settings, another site, another size: misses without reading.
        assert!(cache.lookup(&path, stamp, 9, 2, unread).is_none());
        assert!(cache.lookup(&path, stamp, 1, 9, unread).is_none());
        let bigger = Stamp { size: 4, mtime: 10 };
        assert!(cache.lookup(&path, bigger, 1, 2, unread).is_none());
        // Touched: the content decides.
        let touched = Stamp { size: 3, mtime: 11 };
        assert!(cache
            .lookup(&path, touched, 1, 2, || Some(hash_bytes(b"abc")))
            .is_some());
        assert!(cache
            .lookup(&path, touched, 1, 2, || Some(hash_bytes(b"abd")))
            .is_none());
        // Racy: the content is checked even with the same time.
        cache.insert(path.clone(), entry(b"abc", stamp, true));
        assert!(cache
            .lookup(&path, stamp, 1, 2, || Some(hash_bytes(b"xyz")))
            .is_none());
    }

    #[test]
    fn round_trips_and_ignores_corrupt_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path());
        let stamp = Stamp { size: 3, mtime: 10 };
        cache.insert(PathBuf::from("a.md"), entry(b"abc", stamp, false));
        cache.save();
        let cache = Cache::open(dir.path());
        assert!(cache
            .lookup(Path::new("a.md"), stamp, 1, 2, || None)
            .is_some());
        assert!(dir.path().join(".gitignore").exists());
        let file = dir
            .path()
            .join(format!("v{}.bin", env!("CARGO_PKG_VERSION")));
        let whole = std::fs::read(&file).unwrap();
        std::fs::write(&file, &whole[..whole.len() / 2]).unwrap();
        let cache = Cache::open(dir.path());
        assert!(cache
            .lookup(Path::new("a.md"), stamp, 1, 2, || None)
            .is_none());
    }
}
