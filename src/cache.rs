//! Results of earlier runs, so that a re-run over an unchanged repository reads almost nothing
//! (ruff's and rumdl's idea). One file, `.contentlint_cache/v<version>.bin` (bincode), holds:
//! - for each linted path, what the linting pass found in it (before cross-file rules and
//!   baselines), with its text rendering when a text run made one (under the key of the style
//!   and the current folder, which the caller gives: the run that found it, or a later one that
//!   found the record without any rendering), and, for an article with cross-file peers, what
//!   the cross-file pass found (with its rendering likewise);
//! - for each article of a site (by canonical path), its site-index entry (front matter only),
//!   so that linting one file does not read the front matter of every other article again.
//!
//! Every record says what it was made from, and is used only while that still holds:
//! - the file's size, modification time and content hash: a file whose size and time are
//!   unchanged is not read again; one whose time changed but whose content hashes the same is a
//!   hit too;
//! - for lint results, the hash of the effective settings (rules, levels, options,
//!   configuration files and rule folders, tool version) and of the site (the list of its
//!   static files and its configuration): adding or removing an image invalidates the site's
//!   results, as `missing-asset` may now say otherwise;
//! - for cross-file results (or the note that the article has no peers), also the hash of the
//!   whole site index (every article's entry), so another article's new title, an article
//!   added or removed, re-lints what it concerns;
//! - for index entries, the hash of the site's settings.
//!
//! Each site's index hash is also kept under the hash of what the index is made of (every
//! article's path and content, in walk order), so that a run over an unchanged site knows its
//! index without decoding a single entry.
//!
//! A record made within [`RACY`] of its file's modification time is "racy" (git's word): the
//! file could change again within the file system's timestamp granularity without its time
//! changing, so its content hash is always checked (and the record is marked safe once that
//! window has passed). A cache that cannot be read or parsed, or was written by another
//! version, is ignored and rewritten, never trusted; a record whose payload cannot be read, does
//! not match the hash its header keeps of it, or does not decode is a miss.
//!
//! The file holds its records' headers first (paths, keys, and where each payload is, with the
//! hash of its bytes), then their payloads (encoded findings, renderings and entries). Only the headers are read up front; a
//! payload is read from the file when it is used (a re-run over 100,000 articles held the
//! whole 105 MB file before), and records that did not change are copied back as they were.
//! The payloads of records made by the run wait on a temporary [`Tape`], not in memory (a
//! first run over 100,000 articles makes 100 MB of them). Both are read back one record at a
//! time as the file is written.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bincode::Options;
use serde::ser::SerializeSeq;
use serde::{Deserialize, Serialize, Serializer};

use crate::diagnostic::Diagnostic;
use crate::site_index::Entry;
use crate::span::LineCol;
use crate::spill::Tape;

/// The folder `--cache-dir` defaults to, in the current folder.
pub const DEFAULT_DIR: &str = ".contentlint_cache";

/// Entries recorded this close to their file's modification time have their content checked.
const RACY: Duration = Duration::from_secs(2);

/// The layout of the cache file; a file of another layout is ignored. (4: each payload's place
/// has its hash; 5: a file's findings may have their text rendering; 6: so may its cross-file
/// findings.)
const FORMAT: u32 = 6;

/// The cache file's first bytes: [`FORMAT`] and the length of the headers that follow (both
/// little-endian); the payloads follow the headers.
const PREFIX: usize = 12;

/// What a lint found in one file, as output needs it once the file's text is gone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    /// Start and end of each diagnostic, 1-based.
    pub positions: Vec<(LineCol, LineCol)>,
    /// Each diagnostic's baseline fingerprint.
    pub fingerprints: Vec<u64>,
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

/// Which state of a file a record was made from.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime: u64,
    pub content: u64,
    /// Recorded so soon after the file changed that its time cannot be trusted.
    pub racy: bool,
}

impl Validity {
    /// A file with this stamp and content hash, recorded now.
    pub fn now(stamp: Stamp, content: u64) -> Validity {
        Validity {
            size: stamp.size,
            mtime: stamp.mtime,
            content,
            racy: is_racy(stamp),
        }
    }

    /// Whether the file, now at `stamp`, is still the one recorded: by size and time, or, when
    /// the time moved or is racy, by the content hash `content` gives.
    fn holds(&self, stamp: Stamp, content: impl FnOnce() -> Option<u64>) -> bool {
        if self.size != stamp.size {
            return false;
        }
        if self.mtime == stamp.mtime && !self.racy {
            return true;
        }
        content() == Some(self.content)
    }

    /// After [`Validity::holds`]: the record to keep for the file at `stamp` when it differs
    /// (the time moved, or the racy window has passed).
    fn refreshed(&self, stamp: Stamp) -> Option<Validity> {
        let now = Validity::now(stamp, self.content);
        (now != *self).then_some(now)
    }
}

/// Bytes of the cache file, or new ones.
#[derive(Debug)]
enum Bytes {
    Read(Range<usize>),
    New(Vec<u8>),
}

/// An encoded payload: in the cache file (at its offset), or made by this run and put on its
/// tape; with the hash of its bytes, which a payload read must have to be trusted.
#[derive(Debug, Clone, Copy)]
enum Payload {
    Read { at: u64, len: u32, sum: u64 },
    Taped { at: u64, len: u32, sum: u64 },
}

impl Payload {
    fn len(self) -> u32 {
        match self {
            Payload::Read { len, .. } | Payload::Taped { len, .. } => len,
        }
    }

    fn sum(self) -> u64 {
        match self {
            Payload::Read { sum, .. } | Payload::Taped { sum, .. } => sum,
        }
    }
}

#[derive(Debug)]
struct FileRecord {
    path: Bytes,
    file: Validity,
    settings: u64,
    site: u64,
    /// The canonical path of the file's index entry, when cross-file rules ran on it.
    entry: Option<Bytes>,
    lint: Payload,
    /// The cross-file pass's key and findings (`None`: the article has no peers, the linting
    /// pass's findings stand), with their text rendering when the run made one.
    cross: Option<(u64, Option<Payload>)>,
}

#[derive(Debug)]
struct EntryRecord {
    path: Bytes,
    file: Validity,
    site: u64,
    /// `Option<Entry>`: `None` for a file that is not text (left out of the index).
    entry: Payload,
}

/// A cache file as read: open, its headers, and its records.
#[derive(Default)]
struct Opened {
    file: Option<std::fs::File>,
    bytes: Vec<u8>,
    records: Index,
}

/// A cache file's records: of files, of index entries, and the sites' index keys.
type Index = (Vec<FileRecord>, Vec<EntryRecord>, Vec<(u64, u64, u64)>);

/// The cache of one run: read at the start, written back at the end when anything changed.
pub struct Cache {
    path: PathBuf,
    /// The headers of the cache file: the strings of the records read are ranges of it.
    bytes: Vec<u8>,
    /// The cache file as it was opened (another run may replace it meanwhile: this one is
    /// still read), which the payloads of the records read are read from.
    file: Option<std::fs::File>,
    /// Reads that seek must not interleave.
    #[cfg(not(unix))]
    reading: std::sync::Mutex<()>,
    /// By path, sorted.
    files: Vec<FileRecord>,
    /// By canonical path, sorted.
    entries: Vec<EntryRecord>,
    /// Each site's index hash (site settings, hash of the index's paths and contents, hash of
    /// the index).
    indexes: Vec<(u64, u64, u64)>,
    /// The payloads of the records made by this run.
    tape: Tape,
    changed: bool,
}

/// What the linting pass found in one file, to record.
#[derive(Debug)]
pub struct NewFile {
    record: FileRecord,
}

/// An article's index entry (or `None`: not text), to record.
#[derive(Debug)]
pub struct NewEntry {
    record: EntryRecord,
}

/// An article's cross-file findings (`None`: it has no peers), to record.
#[derive(Debug)]
pub struct NewCross(Option<Payload>);

/// A file's findings with the text rendering its record lacked, to record.
#[derive(Debug)]
pub struct NewRendering(Payload);

/// A file's record that still holds, from [`Cache::lookup`].
pub struct Hit<'c> {
    cache: &'c Cache,
    record: &'c FileRecord,
    refreshed: Option<Validity>,
}

impl Hit<'_> {
    /// What the linting pass found; `None` when its payload cannot be read or does not decode.
    pub fn findings(&self) -> Option<Findings> {
        self.lint().map(|(findings, _)| findings)
    }

    /// What the linting pass found, and its text rendering with the key it was made under
    /// (when it was made); `None` when the payload cannot be read or does not decode.
    pub fn lint(&self) -> Option<Recorded> {
        self.cache.recorded(&self.record.lint)
    }

    /// The file's content hash (checked, or trusted by size and time).
    pub fn content(&self) -> u64 {
        self.record.file.content
    }

    /// The record as it should now be, when it changed (the time moved, or is no longer racy).
    pub fn refreshed(&self) -> Option<Validity> {
        self.refreshed
    }

    /// The canonical path of the file's index entry, when it was recorded with one.
    pub fn entry_path(&self) -> Option<PathBuf> {
        let path = self.cache.slice(self.record.entry.as_ref()?);
        std::str::from_utf8(path).ok().map(PathBuf::from)
    }
}

/// The headers of the cache file (after its [`PREFIX`]), strings borrowed from its bytes (as
/// [`DiskOut`] writes them).
#[derive(Deserialize)]
struct Disk<'a> {
    version: &'a str,
    #[serde(borrow)]
    files: Vec<DiskFile<'a>>,
    #[serde(borrow)]
    entries: Vec<DiskEntry<'a>>,
    indexes: Vec<(u64, u64, u64)>,
}

#[derive(Serialize, Deserialize)]
struct DiskFile<'a> {
    path: &'a str,
    file: Validity,
    settings: u64,
    site: u64,
    entry: Option<&'a str>,
    lint: Place,
    cross: Option<(u64, Option<Place>)>,
}

#[derive(Serialize, Deserialize)]
struct DiskEntry<'a> {
    path: &'a str,
    file: Validity,
    site: u64,
    entry: Place,
}

/// Where a payload is among the payloads that follow the headers, and the hash of its bytes
/// ([`hash_bytes`]): a payload damaged on disk that still decodes is not trusted.
#[derive(Serialize, Deserialize, Clone, Copy)]
struct Place {
    at: u64,
    len: u32,
    sum: u64,
}

/// The headers as written: the layout of [`Disk`], each record's header made only while it is
/// written, its payloads placed one after the other in the order the records are written.
#[derive(Serialize)]
struct DiskOut<'a> {
    version: &'a str,
    files: Records<'a, FileRecord>,
    entries: Records<'a, EntryRecord>,
    indexes: &'a [(u64, u64, u64)],
}

/// Records of `cache`, written as a sequence, their payloads placed one after the other from
/// `start` (the same places however many times they are serialized).
struct Records<'a, R> {
    cache: &'a Cache,
    records: &'a [R],
    start: u64,
}

/// A record as the file holds it: its header, then its payloads (in this order).
trait OnDisk {
    fn header<S: SerializeSeq>(
        &self,
        cache: &Cache,
        place: impl FnMut(Payload) -> Place,
        seq: &mut S,
    ) -> Result<(), S::Error>;

    fn payloads(&self) -> impl Iterator<Item = Payload>;
}

impl<R: OnDisk> Serialize for Records<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.records.len()))?;
        let mut next = self.start;
        let mut place = |payload: Payload| {
            let at = next;
            next += u64::from(payload.len());
            Place {
                at,
                len: payload.len(),
                sum: payload.sum(),
            }
        };
        for record in self.records {
            record.header(self.cache, &mut place, &mut seq)?;
        }
        seq.end()
    }
}

impl OnDisk for FileRecord {
    fn header<S: SerializeSeq>(
        &self,
        cache: &Cache,
        mut place: impl FnMut(Payload) -> Place,
        seq: &mut S,
    ) -> Result<(), S::Error> {
        let lint = place(self.lint);
        let cross = self
            .cross
            .map(|(key, findings)| (key, findings.map(&mut place)));
        seq.serialize_element(&DiskFile {
            path: cache.text(&self.path),
            file: self.file,
            settings: self.settings,
            site: self.site,
            entry: self.entry.as_ref().map(|e| cache.text(e)),
            lint,
            cross,
        })
    }

    fn payloads(&self) -> impl Iterator<Item = Payload> {
        std::iter::once(self.lint).chain(self.cross.and_then(|(_, findings)| findings))
    }
}

impl OnDisk for EntryRecord {
    fn header<S: SerializeSeq>(
        &self,
        cache: &Cache,
        mut place: impl FnMut(Payload) -> Place,
        seq: &mut S,
    ) -> Result<(), S::Error> {
        seq.serialize_element(&DiskEntry {
            path: cache.text(&self.path),
            file: self.file,
            site: self.site,
            entry: place(self.entry),
        })
    }

    fn payloads(&self) -> impl Iterator<Item = Payload> {
        std::iter::once(self.entry)
    }
}

fn options() -> impl Options {
    bincode::DefaultOptions::new()
}

fn encode(value: &impl Serialize) -> Option<Vec<u8>> {
    options().serialize(value).ok()
}

fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Option<T> {
    options().deserialize(bytes).ok()
}

/// `findings` when they have a position and a fingerprint for every diagnostic.
fn whole(findings: Findings) -> Option<Findings> {
    let n = findings.diagnostics.len();
    (findings.positions.len() == n && findings.fingerprints.len() == n).then_some(findings)
}

/// A file's findings as its record keeps them, with their text rendering when the run that
/// made them made one: the text format then needs neither the file nor a rendering again.
/// The rendering comes with the key of what it depends on besides the findings and the file
/// (the caller's: the style and the current folder).
type Lint<S> = (Findings, Option<(u64, S)>);

/// Findings read back from a record, with their text rendering and its key (when made).
pub type Recorded = Lint<String>;

/// Findings to record, with their text rendering and its key (when made).
pub type ToRecord<'a> = (&'a Findings, Option<(u64, &'a str)>);

impl Cache {
    /// The cache in `dir`; empty when missing, unreadable, corrupt or of another version.
    pub fn open(dir: &Path) -> Cache {
        let path = dir.join(format!("v{}.bin", env!("CARGO_PKG_VERSION")));
        let Opened {
            file,
            bytes,
            records: (files, entries, indexes),
        } = Cache::read(&path).unwrap_or_default();
        Cache {
            path,
            bytes,
            file,
            #[cfg(not(unix))]
            reading: std::sync::Mutex::new(()),
            files,
            entries,
            indexes,
            tape: Tape::new(),
            changed: false,
        }
    }

    /// The cache file at `path`, read.
    fn read(path: &Path) -> Option<Opened> {
        let file = std::fs::File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        let mut prefix = [0; PREFIX];
        crate::spill::read_at(&file, &mut prefix, 0).ok()?;
        let (format, length) = prefix.split_at(4);
        if u32::from_le_bytes(format.try_into().ok()?) != FORMAT {
            return None;
        }
        let length = u64::from_le_bytes(length.try_into().ok()?);
        let payloads = (PREFIX as u64)
            .checked_add(length)
            .filter(|&end| end <= size)?;
        let mut bytes = vec![0; usize::try_from(length).ok()?];
        crate::spill::read_at(&file, &mut bytes, PREFIX as u64).ok()?;
        let records = Cache::index(&bytes, payloads, size)?;
        Some(Opened {
            file: Some(file),
            bytes,
            records,
        })
    }

    /// The records of the cache file's headers `bytes` (their strings as ranges of it), whose
    /// payloads start at `payloads` in a file of `size` bytes.
    fn index(bytes: &[u8], payloads: u64, size: u64) -> Option<Index> {
        let disk: Disk<'_> = decode(bytes)?;
        if disk.version != env!("CARGO_PKG_VERSION") {
            return None;
        }
        let at = |part: &[u8]| -> Option<Bytes> {
            let start = (part.as_ptr() as usize).checked_sub(bytes.as_ptr() as usize)?;
            let end = start
                .checked_add(part.len())
                .filter(|&e| e <= bytes.len())?;
            Some(Bytes::Read(start..end))
        };
        let payload = |place: Place| -> Option<Payload> {
            let at = payloads.checked_add(place.at)?;
            at.checked_add(u64::from(place.len))
                .filter(|&end| end <= size)?;
            Some(Payload::Read {
                at,
                len: place.len,
                sum: place.sum,
            })
        };
        let sorted = disk.files.windows(2).all(|w| w[0].path < w[1].path)
            && disk.entries.windows(2).all(|w| w[0].path < w[1].path);
        if !sorted {
            return None;
        }
        let mut files = Vec::with_capacity(disk.files.len());
        for f in &disk.files {
            files.push(FileRecord {
                path: at(f.path.as_bytes())?,
                file: f.file,
                settings: f.settings,
                site: f.site,
                entry: match f.entry {
                    Some(entry) => Some(at(entry.as_bytes())?),
                    None => None,
                },
                lint: payload(f.lint)?,
                cross: match f.cross {
                    Some((key, Some(place))) => Some((key, Some(payload(place)?))),
                    Some((key, None)) => Some((key, None)),
                    None => None,
                },
            });
        }
        let mut entries = Vec::with_capacity(disk.entries.len());
        for e in &disk.entries {
            entries.push(EntryRecord {
                path: at(e.path.as_bytes())?,
                file: e.file,
                site: e.site,
                entry: payload(e.entry)?,
            });
        }
        Some((files, entries, disk.indexes))
    }

    fn slice<'a>(&'a self, bytes: &'a Bytes) -> &'a [u8] {
        slice(&self.bytes, bytes)
    }

    /// A payload's bytes, checked against their hash; `None` when they cannot be read back
    /// (from the cache file, or from the tape) or are not what was written.
    fn payload(&self, payload: &Payload) -> Option<Vec<u8>> {
        let bytes = self.payload_as_read(payload)?;
        (hash_bytes(&bytes) == payload.sum()).then_some(bytes)
    }

    /// A payload's bytes as they are read, unchecked (copied as they are into the next file,
    /// whose header keeps their hash: a damaged payload stays untrusted there too).
    fn payload_as_read(&self, payload: &Payload) -> Option<Vec<u8>> {
        match *payload {
            Payload::Read { at, len, .. } => {
                let file = self.file.as_ref()?;
                let mut bytes = vec![0; len as usize];
                #[cfg(not(unix))]
                let _one_at_a_time = self.reading.lock().ok()?;
                crate::spill::read_at(file, &mut bytes, at).ok()?;
                Some(bytes)
            }
            Payload::Taped { at, len, .. } => self.tape.get_bytes(at, len).ok(),
        }
    }

    /// `value` encoded, on the tape.
    fn tape(&self, value: &impl Serialize) -> Option<Payload> {
        let bytes = encode(value)?;
        let (at, len) = self.tape.put_bytes(&bytes)?;
        Some(Payload::Taped {
            at,
            len,
            sum: hash_bytes(&bytes),
        })
    }

    /// What the linting pass found in the file at `path` (of this content, with these settings,
    /// in this site, with its index entry at `entry`), and its text rendering with the key it
    /// was made under (if made), to record; `None` when the path is not UTF-8 (such a file is
    /// not cached).
    pub fn new_file(
        &self,
        path: &Path,
        file: Validity,
        settings: u64,
        site: u64,
        entry: Option<&Path>,
        lint: ToRecord<'_>,
    ) -> Option<NewFile> {
        let entry = match entry {
            Some(entry) => Some(Bytes::New(entry.to_str()?.as_bytes().to_vec())),
            None => None,
        };
        Some(NewFile {
            record: FileRecord {
                path: Bytes::New(path.to_str()?.as_bytes().to_vec()),
                file,
                settings,
                site,
                entry,
                lint: self.tape(&lint)?,
                cross: None,
            },
        })
    }

    /// The index entry of the article at `path` (`None`: not text), to record; `None` when the
    /// path is not UTF-8 (such a file is not cached).
    pub fn new_entry(
        &self,
        path: &Path,
        file: Validity,
        site: u64,
        entry: Option<&Entry>,
    ) -> Option<NewEntry> {
        Some(NewEntry {
            record: EntryRecord {
                path: Bytes::New(path.to_str()?.as_bytes().to_vec()),
                file,
                site,
                entry: self.tape(&entry)?,
            },
        })
    }

    /// An article's cross-file findings (`None`: it has no peers), with their text rendering
    /// and the key it was made under (if made), to record with [`Cache::store_cross`]; `None`
    /// when they cannot be kept.
    pub fn new_cross(&self, found: Option<ToRecord<'_>>) -> Option<NewCross> {
        match found {
            Some(found) => Some(NewCross(Some(self.tape(&found)?))),
            None => Some(NewCross(None)),
        }
    }

    /// The findings (and rendering) in `payload`; `None` when it cannot be read or does not
    /// decode, or its findings lack a position or fingerprint.
    fn recorded(&self, payload: &Payload) -> Option<Recorded> {
        let (findings, rendered): Lint<crate::spill::Text> = decode(&self.payload(payload)?)?;
        Some((whole(findings)?, rendered.map(|(key, text)| (key, text.0))))
    }

    fn text<'a>(&'a self, bytes: &'a Bytes) -> &'a str {
        std::str::from_utf8(self.slice(bytes)).unwrap_or_default()
    }

    fn file_index(&self, path: &str) -> Result<usize, usize> {
        self.files
            .binary_search_by(|r| self.slice(&r.path).cmp(path.as_bytes()))
    }

    fn entry_index(&self, path: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|r| self.slice(&r.path).cmp(path.as_bytes()))
    }

    fn entry_record(&self, path: &str) -> Option<&EntryRecord> {
        self.entry_index(path).ok().map(|i| &self.entries[i])
    }

    /// The record of `path` if it still holds: same settings and site, and the same file (by
    /// size and time, or, when the time moved or is racy, by the content hash `content` gives).
    pub fn lookup(
        &self,
        path: &Path,
        stamp: Stamp,
        settings: u64,
        site: u64,
        content: impl FnOnce() -> Option<u64>,
    ) -> Option<Hit<'_>> {
        let record = &self.files[self.file_index(path.to_str()?).ok()?];
        if record.settings != settings || record.site != site {
            return None;
        }
        if !record.file.holds(stamp, content) {
            return None;
        }
        Some(Hit {
            cache: self,
            record,
            refreshed: record.file.refreshed(stamp),
        })
    }

    /// The cross-file findings of `path` for `key`, if its record is of this content, with
    /// their text rendering and the key it was made under (when made): `Some(None)` when the
    /// article had no peers (the linting pass's findings stand).
    pub fn cross(&self, path: &Path, content: u64, key: u64) -> Option<Option<Recorded>> {
        let record = &self.files[self.file_index(path.to_str()?).ok()?];
        match &record.cross {
            Some((k, lint)) if *k == key && record.file.content == content => match lint {
                Some(lint) => Some(Some(self.recorded(lint)?)),
                None => Some(None),
            },
            _ => None,
        }
    }

    /// Whether the index entry of the article at `path` (canonical) still holds for a site of
    /// these settings: its content hash, and the record to keep when that changed (the time
    /// moved, or is no longer racy).
    pub fn entry(
        &self,
        path: &Path,
        stamp: Stamp,
        site: u64,
        content: impl FnOnce() -> Option<u64>,
    ) -> Option<(u64, Option<Validity>)> {
        let record = self.entry_record(path.to_str()?)?;
        if record.site != site || !record.file.holds(stamp, content) {
            return None;
        }
        Some((record.file.content, record.file.refreshed(stamp)))
    }

    /// The index entry of the article at `path` (canonical) as recorded for this content and
    /// site settings: `Some(None)` for a file recorded as not text.
    pub fn entry_of(&self, path: &Path, content: u64, site: u64) -> Option<Option<Entry>> {
        let record = self.entry_record(path.to_str()?)?;
        if record.site != site || record.file.content != content {
            return None;
        }
        decode(&self.payload(&record.entry)?)
    }

    /// The hash of a site's index, if recorded for an index made of the same paths and
    /// contents (`made_of`).
    pub fn index_key(&self, site: u64, made_of: u64) -> Option<u64> {
        self.indexes
            .iter()
            .find(|&&(s, m, _)| s == site && m == made_of)
            .map(|&(_, _, key)| key)
    }

    /// Records the hash of a site's index and what it was made of (replacing the site's).
    pub fn store_index_key(&mut self, site: u64, made_of: u64, key: u64) {
        if self.index_key(site, made_of) == Some(key) {
            return;
        }
        self.indexes.retain(|&(s, _, _)| s != site);
        self.indexes.push((site, made_of, key));
        self.changed = true;
    }

    /// Records what the linting pass found in these files, replacing their records (and the
    /// cross-file findings those held).
    pub fn store_files(&mut self, new: Vec<NewFile>) {
        if new.is_empty() {
            return;
        }
        let new = new.into_iter().map(|n| n.record).collect();
        let old = std::mem::take(&mut self.files);
        self.files = merge(&self.bytes, old, new, |r| &r.path);
        self.changed = true;
    }

    /// Records these index entries, replacing those of the same paths.
    pub fn store_entries(&mut self, new: Vec<NewEntry>) {
        if new.is_empty() {
            return;
        }
        let new = new.into_iter().map(|n| n.record).collect();
        let old = std::mem::take(&mut self.entries);
        self.entries = merge(&self.bytes, old, new, |r| &r.path);
        self.changed = true;
    }

    /// Notes that the file at `path`, recorded with this content, is now as `file` says (its
    /// time moved, or is no longer racy).
    pub fn refresh(&mut self, path: &Path, file: Validity) {
        if let Some(record) = self.file_record(path, file.content) {
            if record.file.size == file.size {
                record.file = file;
                self.changed = true;
            }
        }
    }

    /// The record of `path`, if it is of this content.
    fn file_record(&mut self, path: &Path, content: u64) -> Option<&mut FileRecord> {
        let i = self.file_index(path.to_str()?).ok()?;
        Some(&mut self.files[i]).filter(|record| record.file.content == content)
    }

    /// A file's findings (found again from the content its record is of) with their text
    /// rendering and the key it was made under, to record with [`Cache::store_rendering`];
    /// `None` when they cannot be kept.
    pub fn new_rendering(
        &self,
        findings: &Findings,
        rendered: (u64, &str),
    ) -> Option<NewRendering> {
        Some(NewRendering(self.tape(&(findings, Some(rendered)))?))
    }

    /// Gives the record of `path` the rendering its findings lacked (see
    /// [`Cache::new_rendering`]), if it is of this content: its other results (its cross-file
    /// findings too) stay as they are.
    pub fn store_rendering(&mut self, path: &Path, content: u64, rendering: NewRendering) {
        if let Some(record) = self.file_record(path, content) {
            record.lint = rendering.0;
            self.changed = true;
        }
    }

    /// Records the cross-file findings of `path` for `key` (see [`Cache::new_cross`]), if its
    /// record is of this content.
    pub fn store_cross(&mut self, path: &Path, content: u64, key: u64, findings: NewCross) {
        if let Some(record) = self.file_record(path, content) {
            record.cross = Some((key, findings.0));
            self.changed = true;
        }
    }

    /// Writes the cache back if anything changed (atomically: a concurrent run reads the old
    /// cache or the new one). Failing to write is not an error of the run.
    pub fn save(mut self) {
        if let Some(temp) = self.changed.then(|| self.write()).flatten() {
            // The file read is closed first: where a file open cannot be replaced, it is not
            // this run that stops it.
            self.file = None;
            let _ = temp.persist(&self.path);
        }
        // The process ends soon: freeing thousands of records one by one is wasted time.
        std::mem::forget(self);
    }

    /// The new cache file, written beside the old one, to take its place.
    fn write(&self) -> Option<tempfile::NamedTempFile> {
        let dir = self.path.parent()?;
        std::fs::create_dir_all(dir).ok()?;
        // Like ruff's cache: never committed by accident.
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(&ignore, "*\n");
        }
        let temp = tempfile::NamedTempFile::new_in(dir).ok()?;
        self.write_to(temp).ok()
    }

    /// The headers, as written: the files' payloads are placed first, then the entries'.
    fn headers(&self) -> DiskOut<'_> {
        DiskOut {
            version: env!("CARGO_PKG_VERSION"),
            files: Records {
                cache: self,
                records: &self.files,
                start: 0,
            },
            entries: Records {
                cache: self,
                records: &self.entries,
                start: self
                    .files
                    .iter()
                    .flat_map(FileRecord::payloads)
                    .map(|p| u64::from(p.len()))
                    .sum(),
            },
            indexes: &self.indexes,
        }
    }

    /// The cache file, into `temp`: its prefix, the headers, then every payload in the order
    /// the headers place them.
    fn write_to(&self, temp: tempfile::NamedTempFile) -> std::io::Result<tempfile::NamedTempFile> {
        use std::io::{Seek, SeekFrom, Write};
        let disk = self.headers();
        let mut out = std::io::BufWriter::with_capacity(256 * 1024, temp);
        // The headers' length, once they are written.
        out.write_all(&[0; PREFIX])?;
        options()
            .serialize_into(&mut out, &disk)
            .map_err(std::io::Error::other)?;
        let length = out.stream_position()? - PREFIX as u64;
        let files = self.files.iter().flat_map(FileRecord::payloads);
        for payload in files.chain(self.entries.iter().flat_map(EntryRecord::payloads)) {
            let bytes = self.payload_as_read(&payload).ok_or_else(|| {
                std::io::Error::other("a record cannot be read back: the cache is not written")
            })?;
            out.write_all(&bytes)?;
        }
        let mut temp = out.into_inner().map_err(|e| e.into_error())?;
        temp.seek(SeekFrom::Start(0))?;
        temp.write_all(&FORMAT.to_le_bytes())?;
        temp.write_all(&length.to_le_bytes())?;
        Ok(temp)
    }
}

fn slice<'a>(read: &'a [u8], bytes: &'a Bytes) -> &'a [u8] {
    match bytes {
        Bytes::Read(range) => &read[range.clone()],
        Bytes::New(bytes) => bytes,
    }
}

/// `old` (sorted) and `new` merged by path (records' strings in `read`), sorted; `new` wins.
fn merge<R>(read: &[u8], old: Vec<R>, mut new: Vec<R>, path: fn(&R) -> &Bytes) -> Vec<R> {
    fn key<'a, R>(read: &'a [u8], record: &'a R, path: fn(&R) -> &Bytes) -> &'a [u8] {
        slice(read, path(record))
    }
    // Stable: of two new records for one path, the last wins.
    new.sort_by(|a, b| key(read, a, path).cmp(key(read, b, path)));
    let mut merged: Vec<R> = Vec::with_capacity(old.len() + new.len());
    let mut old = old.into_iter().peekable();
    for record in new {
        let at = key(read, &record, path);
        while let Some(o) = old.next_if(|o| key(read, o, path) < at) {
            merged.push(o);
        }
        old.next_if(|o| key(read, o, path) == at);
        match merged.last() {
            Some(last) if key(read, last, path) == at => {
                let last = merged.len() - 1;
                merged[last] = record;
            }
            _ => merged.push(record),
        }
    }
    merged.extend(old);
    merged
}

/// Whether a record made now for a file with this time must have its content checked later.
pub fn is_racy(stamp: Stamp) -> bool {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    now.saturating_sub(stamp.mtime) < RACY.as_nanos() as u64
}

/// A hash that is the same from run to run of one build (SipHash with fixed keys).
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    hash_of(bytes)
}

/// [`hash_bytes`] of anything hashable.
pub fn hash_of(value: &(impl std::hash::Hash + ?Sized)) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::span::Span;

    fn findings(message: &str) -> Findings {
        Findings {
            diagnostics: vec![Diagnostic::new(
                "bom",
                Severity::Error,
                Span::new(0, 3),
                message,
            )],
            positions: vec![(
                LineCol { line: 1, column: 1 },
                LineCol { line: 1, column: 2 },
            )],
            fingerprints: vec![7],
        }
    }

    /// A file of this stamp and content, as recorded now.
    fn validity(content: &[u8], stamp: Stamp, racy: bool) -> Validity {
        Validity {
            size: stamp.size,
            mtime: stamp.mtime,
            content: hash_bytes(content),
            racy,
        }
    }

    /// The findings `cache` holds for `path`, unchanged since `stamp` (with settings 1, site 2).
    fn recorded(cache: &Cache, path: &str, stamp: Stamp) -> Findings {
        let hit = cache.lookup(Path::new(path), stamp, 1, 2, || None).unwrap();
        hit.findings().unwrap()
    }

    fn file(cache: &Cache, path: &str, content: &[u8], stamp: Stamp, racy: bool) -> NewFile {
        let validity = validity(content, stamp, racy);
        record(cache, path, validity, (&findings(path), None))
    }

    /// `lint` (findings, and perhaps a rendering) to record for `path` (with settings 1, site 2).
    fn record(
        cache: &Cache,
        path: &str,
        validity: Validity,
        lint: (&Findings, Option<(u64, &str)>),
    ) -> NewFile {
        cache
            .new_file(Path::new(path), validity, 1, 2, None, lint)
            .unwrap()
    }

    #[test]
    fn hits_only_what_still_holds() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path());
        let stamp = Stamp { size: 3, mtime: 10 };
        let path = PathBuf::from("a.md");
        cache.store_files(vec![file(&cache, "a.md", b"abc", stamp, false)]);
        let unread = || -> Option<u64> { panic!("an unchanged file is not read") };
        let hit = cache.lookup(&path, stamp, 1, 2, unread).unwrap();
        assert_eq!(hit.findings().unwrap(), findings("a.md"));
        assert_eq!(hit.refreshed(), None);
        // Other settings, another site, another size: misses without reading.
        assert!(cache.lookup(&path, stamp, 9, 2, unread).is_none());
        assert!(cache.lookup(&path, stamp, 1, 9, unread).is_none());
        let bigger = Stamp { size: 4, mtime: 10 };
        assert!(cache.lookup(&path, bigger, 1, 2, unread).is_none());
        // Touched: the content decides, and the record takes the new time.
        let touched = Stamp { size: 3, mtime: 11 };
        let hit = cache
            .lookup(&path, touched, 1, 2, || Some(hash_bytes(b"abc")))
            .unwrap();
        assert_eq!(hit.refreshed().unwrap().mtime, 11);
        assert!(cache
            .lookup(&path, touched, 1, 2, || Some(hash_bytes(b"abd")))
            .is_none());
        // Racy: the content is checked even with the same time.
        cache.store_files(vec![file(&cache, "a.md", b"abc", stamp, true)]);
        assert!(cache
            .lookup(&path, stamp, 1, 2, || Some(hash_bytes(b"xyz")))
            .is_none());
        let hit = cache
            .lookup(&path, stamp, 1, 2, || Some(hash_bytes(b"abc")))
            .unwrap();
        // Long past its time: no longer racy.
        assert!(!hit.refreshed().unwrap().racy);
        let refreshed = hit.refreshed().unwrap();
        cache.refresh(&path, refreshed);
        assert!(cache.lookup(&path, stamp, 1, 2, unread).is_some());
    }

    #[test]
    fn cross_file_findings_and_entries_hold_for_their_keys() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path());
        let stamp = Stamp { size: 3, mtime: 10 };
        let content = hash_bytes(b"abc");
        let validity = Validity {
            size: 3,
            mtime: 10,
            content,
            racy: false,
        };
        let canonical = Path::new("/site/content/a.md");
        let entry = Entry {
            path: canonical.to_path_buf(),
            title: Some("a".into()),
            ..Entry::default()
        };
        let new = |path: &str| {
            cache
                .new_file(
                    Path::new(path),
                    validity,
                    1,
                    2,
                    Some(canonical),
                    (&findings("x"), None),
                )
                .unwrap()
        };
        let files = vec![new("a.md"), new("b.md")];
        cache.store_files(files);
        let entries = vec![cache
            .new_entry(canonical, validity, 5, Some(&entry))
            .unwrap()];
        cache.store_entries(entries);
        // Read back from the tape before the cache is written.
        let taped = cache.entry_of(canonical, content, 5).unwrap().unwrap();
        assert_eq!(taped.title.as_deref(), Some("a"));
        let cross = |cache: &Cache, found: Option<ToRecord<'_>>| cache.new_cross(found).unwrap();
        let a = cross(&cache, Some((&findings("cross"), Some((9, "a.md: cross")))));
        cache.store_cross(Path::new("a.md"), content, 42, a);
        let b = cross(&cache, None);
        cache.store_cross(Path::new("b.md"), content, 42, b);
        // Another content: not recorded.
        let c = cross(&cache, None);
        cache.store_cross(Path::new("b.md"), content + 1, 43, c);
        cache.store_index_key(5, 100, 200);
        cache.save();

        let cache = Cache::open(dir.path());
        let hit = cache
            .lookup(Path::new("a.md"), stamp, 1, 2, || None)
            .unwrap();
        assert_eq!(hit.entry_path().unwrap(), canonical);
        assert_eq!(
            cache.cross(Path::new("a.md"), content, 42),
            Some(Some((
                findings("cross"),
                Some((9, "a.md: cross".to_string()))
            )))
        );
        assert_eq!(cache.cross(Path::new("b.md"), content, 42), Some(None));
        assert_eq!(cache.cross(Path::new("a.md"), content, 43), None);
        assert_eq!(cache.cross(Path::new("a.md"), content + 1, 42), None);
        assert_eq!(cache.index_key(5, 100), Some(200));
        assert_eq!(cache.index_key(5, 101), None);
        assert_eq!(cache.index_key(6, 100), None);
        assert_eq!(
            cache.entry(canonical, stamp, 5, || None),
            Some((content, None))
        );
        assert!(cache.entry(canonical, stamp, 6, || None).is_none());
        let found = cache.entry_of(canonical, content, 5).unwrap().unwrap();
        assert_eq!(found.title.as_deref(), Some("a"));
        assert!(cache.entry_of(canonical, content + 1, 5).is_none());
        let edited = Stamp { size: 3, mtime: 12 };
        assert!(cache
            .entry(canonical, edited, 5, || Some(hash_bytes(b"abd")))
            .is_none());

        // A rendering given to a record later replaces its findings' payload only, and only
        // for the content it was made from.
        let mut cache = cache;
        let rendering = cache.new_rendering(&findings("x"), (9, "a.md: x")).unwrap();
        cache.store_rendering(Path::new("a.md"), content, rendering);
        let stale = cache.new_rendering(&findings("y"), (9, "b.md: y")).unwrap();
        cache.store_rendering(Path::new("b.md"), content + 1, stale);
        cache.save();
        let cache = Cache::open(dir.path());
        assert_eq!(
            lint_of(&cache, "a.md", stamp),
            (findings("x"), Some((9, "a.md: x".to_string())))
        );
        assert_eq!(lint_of(&cache, "b.md", stamp), (findings("x"), None));
        assert!(matches!(
            cache.cross(Path::new("a.md"), content, 42),
            Some(Some((f, _))) if f == findings("cross")
        ));
    }

    #[test]
    fn merges_keep_paths_sorted_and_unique() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path());
        let stamp = Stamp { size: 3, mtime: 10 };
        cache.store_files(vec![
            file(&cache, "c.md", b"abc", stamp, false),
            file(&cache, "a.md", b"abc", stamp, false),
        ]);
        cache.save();
        let mut cache = Cache::open(dir.path());
        cache.store_files(vec![
            file(&cache, "b.md", b"abc", stamp, false),
            file(&cache, "c.md", b"abc", stamp, false),
            file(&cache, "d.md", b"abc", stamp, false),
        ]);
        let paths: Vec<&[u8]> = cache.files.iter().map(|r| cache.slice(&r.path)).collect();
        assert_eq!(paths, [&b"a.md"[..], b"b.md", b"c.md", b"d.md"]);
        cache.save();
        let cache = Cache::open(dir.path());
        assert_eq!(cache.files.len(), 4);
        for path in ["a.md", "b.md", "c.md", "d.md"] {
            assert_eq!(recorded(&cache, path, stamp), findings(path));
        }
    }

    #[test]
    fn records_on_the_tapes_file_are_written_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path());
        let stamp = Stamp { size: 3, mtime: 10 };
        // Long findings: the tape writes most of them to its temporary file.
        let long = |i: usize| findings(&format!("{i:04} {}", "x".repeat(4000)));
        let paths: Vec<String> = (0..200).map(|i| format!("{i:04}.md")).collect();
        let validity = validity(b"abc", stamp, false);
        let new: Vec<NewFile> = paths
            .iter()
            .enumerate()
            .map(|(i, path)| record(&cache, path, validity, (&long(i), None)))
            .collect();
        cache.store_files(new);
        assert!(matches!(cache.files[0].lint, Payload::Taped { .. }));
        cache.save();
        let cache = Cache::open(dir.path());
        for (i, path) in paths.iter().enumerate() {
            assert_eq!(recorded(&cache, path, stamp), long(i));
        }
    }

    #[test]
    fn headers_place_payloads_alike_however_often_serialized() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path());
        let stamp = Stamp { size: 3, mtime: 10 };
        let new = vec![
            file(&cache, "a.md", b"abc", stamp, false),
            file(&cache, "b.md", b"abc", stamp, false),
        ];
        cache.store_files(new);
        let once = options().serialize(&cache.headers()).unwrap();
        // A size limit makes bincode serialize twice: measuring, then writing.
        let limited = options().with_limit(1 << 20).serialize(&cache.headers());
        assert_eq!(limited.unwrap(), once);
        let disk: Disk = decode(&once).unwrap();
        let places: Vec<(u64, u32)> = disk.files.iter().map(|f| (f.lint.at, f.lint.len)).collect();
        let first = cache.files[0].lint.len();
        assert_eq!(
            places,
            [(0, first), (u64::from(first), cache.files[1].lint.len())]
        );
    }

    #[test]
    fn a_tape_that_cannot_be_read_back_writes_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path());
        let stamp = Stamp { size: 3, mtime: 10 };
        let new = file(&cache, "a.md", b"abc", stamp, false);
        cache.store_files(vec![new]);
        // A record whose payload is past the tape's end.
        cache.files[0].lint = Payload::Taped {
            at: 1 << 40,
            len: 8,
            sum: 0,
        };
        cache.save();
        let cache = Cache::open(dir.path());
        assert!(cache.files.is_empty());
        assert!(!dir
            .path()
            .join(format!("v{}.bin", env!("CARGO_PKG_VERSION")))
            .exists());
    }

    #[test]
    fn a_cache_replaced_while_open_is_still_read_as_opened() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp { size: 3, mtime: 10 };
        let mut first = Cache::open(dir.path());
        first.store_files(vec![file(&first, "a.md", b"abc", stamp, false)]);
        first.save();
        let opened = Cache::open(dir.path());
        // Another run writes its own cache meanwhile.
        let mut other = Cache::open(dir.path());
        let validity = validity(b"abc", stamp, false);
        let new = record(&other, "a.md", validity, (&findings("other"), None));
        other.store_files(vec![new]);
        other.save();
        assert_eq!(recorded(&opened, "a.md", stamp), findings("a.md"));
        let reopened = Cache::open(dir.path());
        assert_eq!(recorded(&reopened, "a.md", stamp), findings("other"));
    }

    #[test]
    fn a_file_of_another_layout_or_cut_short_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp { size: 3, mtime: 10 };
        let mut cache = Cache::open(dir.path());
        cache.store_files(vec![file(&cache, "a.md", b"abc", stamp, false)]);
        cache.save();
        let path = dir
            .path()
            .join(format!("v{}.bin", env!("CARGO_PKG_VERSION")));
        let whole = std::fs::read(&path).unwrap();
        let found = |bytes: &[u8]| {
            std::fs::write(&path, bytes).unwrap();
            let cache = Cache::open(dir.path());
            cache
                .lookup(Path::new("a.md"), stamp, 1, 2, || None)
                .is_some()
        };
        assert!(found(&whole));
        // The last payload's last byte is missing.
        assert!(!found(&whole[..whole.len() - 1]));
        // Another layout.
        let mut other = whole.clone();
        other[..4].copy_from_slice(&(FORMAT + 1).to_le_bytes());
        assert!(!found(&other));
        // Headers said to be longer than the file.
        let mut long = whole.clone();
        long[4..PREFIX].copy_from_slice(&(whole.len() as u64).to_le_bytes());
        assert!(!found(&long));
        assert!(!found(&[]));
    }

    #[test]
    fn a_files_rendering_is_kept_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp { size: 3, mtime: 10 };
        let mut cache = Cache::open(dir.path());
        let validity = validity(b"abc", stamp, false);
        let rendered = Some((9, "a.md: rendered"));
        let new =
            |path: &str, rendered| record(&cache, path, validity, (&findings(path), rendered));
        let files = vec![new("a.md", rendered), new("b.md", None)];
        cache.store_files(files);
        cache.save();
        let cache = Cache::open(dir.path());
        assert_eq!(
            lint_of(&cache, "a.md", stamp),
            (findings("a.md"), Some((9, "a.md: rendered".to_string())))
        );
        assert_eq!(lint_of(&cache, "b.md", stamp), (findings("b.md"), None));
    }

    /// What the record of `path` (settings 1, site 2) holds, rendering included, for a file of
    /// `stamp`.
    fn lint_of(cache: &Cache, path: &str, stamp: Stamp) -> Recorded {
        let hit = cache.lookup(Path::new(path), stamp, 1, 2, || None);
        hit.unwrap().lint().unwrap()
    }

    #[test]
    fn a_payload_changed_on_disk_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp { size: 3, mtime: 10 };
        let mut cache = Cache::open(dir.path());
        cache.store_files(vec![
            file(&cache, "a.md", b"abc", stamp, false),
            file(&cache, "b.md", b"abc", stamp, false),
        ]);
        cache.save();
        let path = dir
            .path()
            .join(format!("v{}.bin", env!("CARGO_PKG_VERSION")));
        let mut bytes = std::fs::read(&path).unwrap();
        // The message in a.md's findings (its payload, after the headers), changed so that it
        // still decodes.
        let at = bytes.windows(4).rposition(|w| w == b"a.md").unwrap();
        bytes[at + 3] = b'x';
        std::fs::write(&path, &bytes).unwrap();
        let mut cache = Cache::open(dir.path());
        let hit = cache
            .lookup(Path::new("a.md"), stamp, 1, 2, || None)
            .unwrap();
        assert_eq!(hit.findings(), None);
        assert_eq!(recorded(&cache, "b.md", stamp), findings("b.md"));
        // Written again by a run that records another file: copied as it is, still untrusted.
        cache.store_files(vec![file(&cache, "c.md", b"abc", stamp, false)]);
        cache.save();
        let cache = Cache::open(dir.path());
        let hit = cache
            .lookup(Path::new("a.md"), stamp, 1, 2, || None)
            .unwrap();
        assert_eq!(hit.findings(), None);
        assert_eq!(recorded(&cache, "b.md", stamp), findings("b.md"));
        assert_eq!(recorded(&cache, "c.md", stamp), findings("c.md"));
    }

    #[test]
    fn round_trips_and_ignores_corrupt_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path());
        let stamp = Stamp { size: 3, mtime: 10 };
        cache.store_files(vec![file(&cache, "a.md", b"abc", stamp, false)]);
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
