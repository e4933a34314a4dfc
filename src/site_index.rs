//! What cross-file rules know about every article of a site: front matter only, read cheaply,
//! for all articles (not just the ones linted), so collisions with unchanged files are found.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;

use crate::article::Article;
use crate::front_matter::FrontMatter;
use crate::rules::text::normalize;
use crate::site::{Generator, Site};
use crate::spill::Tape;

/// One article, as cross-file rules see it.
#[derive(Clone, Debug, Default, Hash, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// Absolute (canonical) path. Encoded as its bytes: a file name need not be UTF-8.
    #[serde(with = "path_bytes")]
    pub path: PathBuf,
    /// Normalised title, for collisions.
    pub title: Option<Box<str>>,
    pub lang: Option<Box<str>>,
    /// The URL the article publishes at (from `url`, or its folder and `slug`/file name).
    pub url: Option<Box<str>>,
    pub aliases: Box<[Box<str>]>,
    pub date: Option<NaiveDate>,
    pub images: Box<[Box<str>]>,
    /// Articles with the same key are translations of one another.
    pub translation_key: Option<Box<str>>,
    pub draft: bool,
    /// The first folder under the content folder (`posts`, `blog`, `news`): Hugo's section.
    pub section: Option<Box<str>>,
    /// `date` is a date-time with a UTC offset.
    pub date_zoned: bool,
}

/// The site's articles as cross-file rules look them up. The entries themselves are on a
/// temporary file (a [`Tape`]), read back only for the articles that share a key with another;
/// in memory, the index holds where each is, what finds it (the hash of its normalised title,
/// URL, aliases and translation key) and what tells a same story apart (its language, section
/// and date): about 120 bytes an article, not its strings.
pub struct SiteIndex {
    tape: Arc<Tape>,
    /// Every entry, in index order.
    slots: Vec<Slot>,
    /// Entries by the hash of their normalised title, URL, alias and translation key: cross-file
    /// rules look an article's peers up instead of scanning the whole site for every article.
    /// Hashes, not copies of the strings: a lookup compares the entries it finds.
    by_title: Table,
    by_url: Table,
    by_alias: Table,
    by_translation: Table,
    /// Entries by the hash of their path ([`path_hash`]).
    by_path: Table,
    fingerprint: u64,
    /// Some article's `date` has a UTC offset.
    any_zoned: bool,
    /// An entry could not be read back from the tape: lookups missed it.
    unreadable: AtomicBool,
}

impl std::fmt::Debug for SiteIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteIndex")
            .field("entries", &self.slots.len())
            .finish_non_exhaustive()
    }
}

/// Where an entry is on the tape, and what [`SiteIndex::same_story`] filters on before it
/// reads an entry back.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Slot {
    at: u64,
    len: u32,
    /// The hashes of its language and section, truncated: equal for equal ones.
    lang: u32,
    section: u32,
    #[serde(with = "days")]
    date: Option<NaiveDate>,
    /// [`SiteIndex::has_peers`], worked out when the index is made.
    peers: bool,
    /// Its date has a time zone (here, not in [`Keys`]: the slot had room for it).
    zoned: bool,
}

/// An entry put on a tape, with its keys hashed: what the index is made of. A whole-site run
/// puts the linting pass's on a tape of their own too (see [`SiteIndex::of`]), rather than
/// holding them until the index is made.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Stored {
    slot: Slot,
    keys: Keys,
}

/// What the index's tables and its peer test need of an entry (not kept once it is made). A
/// key's hash is 0 when the entry has no such key (see [`some_hash`]).
#[derive(serde::Serialize, serde::Deserialize)]
struct Keys {
    path: u64,
    title: u64,
    url: u64,
    aliases: Box<[u64]>,
    translation: u64,
    lang: u64,
    /// The hash of its images (0: it names none).
    images: u64,
    /// The whole entry's hash, for the index's fingerprint.
    whole: u64,
}

/// The hash of a key the entry may lack, never 0 when it has it (a hash of 0 is taken for 1:
/// lookups compare the keys of the entries they find).
fn some_hash<T: std::hash::Hash + ?Sized>(key: Option<&T>) -> u64 {
    key.map_or(0, |key| key_hash(key).max(1))
}

/// The hash of a language or section, truncated: what a [`Slot`] keeps.
fn short_hash(key: Option<&str>) -> u32 {
    key_hash(&key) as u32
}

/// A key hash made by [`some_hash`], if the entry has the key.
fn present(hash: u64) -> Option<u64> {
    (hash != 0).then_some(hash)
}

impl Stored {
    /// The [`path_hash`] of the entry's path.
    pub fn path_hash(&self) -> u64 {
        self.keys.path
    }

    /// `entry`, put on `tape`; `None` if the tape cannot take it (its lock poisoned by a
    /// panic).
    pub fn put(tape: &Tape, entry: &Entry) -> Option<Stored> {
        let (at, len) = tape.put(entry)?;
        let hashed = |s: &Option<Box<str>>| some_hash(s.as_deref());
        let lang = key_hash(&entry.lang.as_deref());
        Some(Stored {
            slot: Slot {
                at,
                len,
                lang: lang as u32,
                section: short_hash(entry.section.as_deref()),
                date: entry.date,
                peers: false,
                zoned: entry.date_zoned,
            },
            keys: Keys {
                path: path_hash(&entry.path),
                title: hashed(&entry.title),
                url: hashed(&entry.url),
                aliases: entry
                    .aliases
                    .iter()
                    .map(|a| some_hash(Some(&**a)))
                    .collect(),
                translation: hashed(&entry.translation_key),
                lang,
                images: some_hash((!entry.images.is_empty()).then_some(&entry.images)),
                whole: key_hash(entry),
            },
        })
    }
}

/// Entry numbers by the hash of a key, sorted, with where each hash starts: a lookup is one
/// probe of a hash table (a binary search over 100,000 articles' keys missed the cache at most
/// of its 17 steps), and the table holds about 13 bytes per key (a map of vectors held 70).
/// Hashes are kept to 32 bits: keys whose hashes agree on them share a run, as if they were
/// equal, which costs nothing but a read (lookups compare the keys of the entries they find,
/// and the peer test is an over-approximation).
#[derive(Debug, Default)]
struct Table {
    pairs: Vec<(u32, u32)>,
    /// The position in `pairs` of each hash's first pair, hashed by the hash itself.
    starts: hashbrown::HashTable<u32>,
}

/// A key's hash as a [`Table`] keeps it.
fn short(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

/// A [`Table`]'s hash of a key, spread over 64 bits for its hash table (which tells buckets
/// by the low bits and probes by the high ones).
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Table {
    fn new(mut pairs: Vec<(u32, u32)>) -> Table {
        pairs.sort_unstable();
        pairs.dedup();
        pairs.shrink_to_fit();
        let mut starts = hashbrown::HashTable::new();
        let firsts = (0..pairs.len()).filter(|&i| i == 0 || pairs[i - 1].0 != pairs[i].0);
        for first in firsts {
            // A table of more than u32::MAX keys is not made: its entries are numbered in u32.
            let Ok(at) = u32::try_from(first) else { break };
            starts.insert_unique(spread(pairs[first].0), at, |&at| {
                spread(pairs[at as usize].0)
            });
        }
        Table { pairs, starts }
    }

    /// The entries under `hash`, in index order.
    fn get(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        let hash = short(hash);
        let from = match self
            .starts
            .find(spread(hash), |&at| self.pairs[at as usize].0 == hash)
        {
            Some(&at) => at as usize,
            None => self.pairs.len(),
        };
        self.pairs[from..]
            .iter()
            .take_while(move |&&(h, _)| h == hash)
            .map(|&(_, i)| i as usize)
    }
}

fn key_hash<T: std::hash::Hash + ?Sized>(key: &T) -> u64 {
    crate::cache::hash_of(key)
}

/// A path's [`key_hash`], of its bytes: `Path`'s own hash walks its components, slower.
/// What the index keys an article's canonical path by.
pub(crate) fn path_hash(path: &Path) -> u64 {
    key_hash(path.as_os_str())
}

/// Two articles with one title published further apart are a series, not a double paste.
pub const SAME_STORY_DAYS: i64 = 31;

/// Two dates within [`SAME_STORY_DAYS`] of each other, or not both known.
fn near(a: Option<NaiveDate>, b: Option<NaiveDate>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).num_days().abs() <= SAME_STORY_DAYS,
        _ => true,
    }
}

const LANG_KEYS: &[&str] = &["lang", "language", "locale"];
pub const IMAGE_KEYS: &[&str] = &[
    "image",
    "images",
    "thumbnailImage",
    "coverImage",
    "featured_image",
    "featureImage",
    "banner",
    "og_image",
];

impl SiteIndex {
    /// The index of `site`, every article read from disk. (A whole-site run builds it from the
    /// entries the linting pass made instead, and reads the other articles in parallel.)
    pub fn build(site: &Site) -> SiteIndex {
        let tape = Arc::new(Tape::new());
        let stored: Vec<Stored> = article_paths(site)
            .iter()
            .filter_map(|path| Stored::put(&tape, &read_entry(site, path)?))
            .collect();
        SiteIndex::new(tape, &stored.iter().collect::<Vec<_>>())
    }

    /// The index of these entries (put on `tape`), in this order (the walk's: see
    /// [`article_paths`]), one per path.
    pub fn new(tape: Arc<Tape>, stored: &[&Stored]) -> SiteIndex {
        debug_assert!(one_entry_per_path(stored));
        SiteIndex::of(tape, stored.len(), |each| {
            stored.iter().enumerate().for_each(|(i, s)| each(i, s));
            true
        })
    }

    /// The index of `len` entries (put on `tape`), one per path, that `stored` gives with their
    /// number in index order: each number below `len` once, in any order, to the function it is
    /// called with (three times: the entries need not be held at once; it returns whether it
    /// could give every one). An entry missing makes the index [`SiteIndex::unreadable`].
    pub fn of(
        tape: Arc<Tape>,
        len: usize,
        stored: impl Fn(&mut dyn FnMut(usize, &Stored)) -> bool,
    ) -> SiteIndex {
        // Each key of an entry with the table that holds it: title, URL, aliases, translation
        // key, path.
        fn each_key(k: &Keys, mut f: impl FnMut(usize, u64)) {
            present(k.title).into_iter().for_each(|h| f(0, h));
            present(k.url).into_iter().for_each(|h| f(1, h));
            k.aliases.iter().for_each(|&h| f(2, h));
            present(k.translation).into_iter().for_each(|h| f(3, h));
            f(4, k.path);
        }
        // Counted first: the tables are made at once, and vectors grown by doubling would hold
        // up to three times their keys for a moment (15 MB more over 100,000 articles).
        let mut counts = [0; 5];
        let mut read = stored(&mut |_, s| each_key(&s.keys, |table, _| counts[table] += 1));
        let mut pairs = counts.map(Vec::with_capacity);
        let mut slots = vec![Slot::default(); len];
        let mut given = vec![false; len];
        // What the peer test reads of other entries with a translation key: their language
        // and images, by their number (few sites have translations).
        let mut theirs: Vec<(u32, u64, u64)> = Vec::new();
        let mut wholes = vec![0; len];
        read &= stored(&mut |i, s| {
            // Entries past u32::MAX are not numbered in the tables.
            let (Some(slot), Ok(n)) = (slots.get_mut(i), u32::try_from(i)) else {
                return;
            };
            *slot = s.slot;
            given[i] = true;
            if present(s.keys.translation).is_some() {
                theirs.push((n, s.keys.lang, s.keys.images));
            }
            wholes[i] = s.keys.whole;
            each_key(&s.keys, |table, k| pairs[table].push((short(k), n)));
        });
        theirs.sort_unstable_by_key(|&(n, _, _)| n);
        let [title, url, alias, translation, path] = pairs;
        // The tables are made at once.
        let ((by_title, by_url), ((by_alias, by_translation), by_path)) = join(
            || join(|| Table::new(title), || Table::new(url)),
            || {
                join(
                    || join(|| Table::new(alias), || Table::new(translation)),
                    || Table::new(path),
                )
            },
        );
        let mut index = SiteIndex {
            tape,
            any_zoned: slots.iter().any(|s| s.zoned),
            slots,
            by_title,
            by_url,
            by_alias,
            by_translation,
            by_path,
            fingerprint: crate::cache::hash_of(&wholes),
            unreadable: AtomicBool::new(!given.iter().all(|&g| g)),
        };
        let mut peers = vec![false; len];
        read &= stored(&mut |i, s| {
            if let Some(peers) = peers.get_mut(i) {
                *peers = index.peers_of(i, &s.keys, &theirs);
            }
        });
        for (slot, peers) in index.slots.iter_mut().zip(peers) {
            slot.peers = peers;
        }
        if !read {
            index.unreadable.store(true, Ordering::Relaxed);
        }
        index
    }

    /// Whether entry `i` (whose keys are `own`; `theirs`: the number, language and images of
    /// every entry with a translation key, by number) shares a key with another, as
    /// [`SiteIndex::has_peers`] says.
    fn peers_of(&self, i: usize, own: &Keys, theirs: &[(u32, u64, u64)]) -> bool {
        // The entries under `key` (if the entry has it) in `map`, but `i`.
        fn others(map: &Table, key: u64, i: usize) -> impl Iterator<Item = usize> + '_ {
            present(key)
                .map(|k| map.get(k))
                .into_iter()
                .flatten()
                .filter(move |&j| j != i)
        }
        let mine = &self.slots[i];
        others(&self.by_title, own.title, i).any(|j| {
            let slot = &self.slots[j];
            slot.lang == mine.lang && slot.section == mine.section && near(slot.date, mine.date)
        }) || others(&self.by_url, own.url, i).next().is_some()
            || others(&self.by_alias, own.url, i).next().is_some()
            || own
                .aliases
                .iter()
                .any(|&a| others(&self.by_url, a, i).next().is_some())
            || others(&self.by_translation, own.translation, i).any(|j| {
                let Ok(at) = theirs.binary_search_by_key(&j, |&(n, _, _)| n as usize) else {
                    // (Every entry in the table is listed.)
                    return false;
                };
                let (_, lang, images) = theirs[at];
                lang != own.lang
                    && (matches!((mine.date, self.slots[j].date), (Some(a), Some(b)) if a != b)
                        || own.images != 0 && images != 0 && own.images != images)
            })
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Entry `at`, read back; `None` past the end, or if the tape cannot be read (a temporary
    /// file that failed under the run: see [`SiteIndex::unreadable`]).
    pub fn entry(&self, at: usize) -> Option<Entry> {
        let slot = self.slots.get(at)?;
        let entry = self.tape.get(slot.at, slot.len).ok();
        if entry.is_none() {
            self.unreadable.store(true, Ordering::Relaxed);
        }
        entry
    }

    /// Some entry could not be read back: lookups made so far may have missed peers.
    pub fn unreadable(&self) -> bool {
        self.unreadable.load(Ordering::Relaxed)
    }

    /// The number of the entry whose path's [`path_hash`] is `hash`. `path` gives that path,
    /// asked for only when entries share the hash, to choose; with one entry under the hash,
    /// the caller confirms the path when it reads the entry back.
    pub fn position(&self, hash: u64, path: impl FnOnce() -> PathBuf) -> Option<usize> {
        let mut under = self.by_path.get(hash);
        let first = under.next()?;
        let Some(second) = under.next() else {
            return Some(first);
        };
        let path = path();
        [first, second]
            .into_iter()
            .chain(under)
            .find(|&i| self.entry(i).is_some_and(|e| e.path == path))
    }

    /// Every entry, hashed in order: cross-file results made with an index of the same
    /// fingerprint still hold.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Some article's `date` has a UTC offset.
    pub fn any_zoned(&self) -> bool {
        self.any_zoned
    }

    /// Every entry under `key` in `map` for which `keep` (of its slot) and `has_key` hold, but
    /// `own`'s (told by its path: the index holds one entry per path), read back.
    fn peers<'a>(
        &'a self,
        map: &'a Table,
        key: Option<&'a str>,
        own: &'a Entry,
        keep: impl Fn(&Slot) -> bool + 'a,
        has_key: fn(&Entry, &str) -> bool,
    ) -> impl Iterator<Item = Entry> + 'a {
        key.map(|k| map.get(some_hash(Some(k))))
            .into_iter()
            .flatten()
            .filter(move |&i| keep(&self.slots[i]))
            .filter_map(move |i| self.entry(i))
            .filter(move |e| key.is_some_and(|k| has_key(e, k)) && e.path != own.path)
    }

    /// Whether a cross-file rule may have something to say about entry `at`: another article
    /// has its title (and looks like the same story), its URL, one of its aliases as URL or its
    /// URL as alias, or is a translation with another date or other images. Told by hashes,
    /// when the index is made: an over-approximation (the rules decide), but for two lists of
    /// images whose hashes agree (one chance in 2^64), taken to be the same.
    pub fn has_peers(&self, at: usize) -> bool {
        self.slots.get(at).is_some_and(|slot| slot.peers)
    }

    /// Other articles that look like the same story as `own`: the same title, in the same
    /// language and section, published within [`SAME_STORY_DAYS`] of it (or undated).
    pub fn same_story<'a>(&'a self, own: &'a Entry) -> impl Iterator<Item = Entry> + 'a {
        let lang = short_hash(own.lang.as_deref());
        let section = short_hash(own.section.as_deref());
        let story = move |slot: &Slot| {
            slot.lang == lang && slot.section == section && near(slot.date, own.date)
        };
        self.peers(&self.by_title, own.title.as_deref(), own, story, |e, k| {
            e.title.as_deref() == Some(k)
        })
        .filter(move |e| e.lang == own.lang && e.section == own.section)
    }

    /// Other articles published at this URL.
    pub fn with_url<'a>(
        &'a self,
        url: Option<&'a str>,
        own: &'a Entry,
    ) -> impl Iterator<Item = Entry> + 'a {
        self.peers(
            &self.by_url,
            url,
            own,
            |_| true,
            |e, k| e.url.as_deref() == Some(k),
        )
    }

    /// Other articles with this URL among their aliases.
    pub fn aliasing<'a>(
        &'a self,
        url: Option<&'a str>,
        own: &'a Entry,
    ) -> impl Iterator<Item = Entry> + 'a {
        self.peers(
            &self.by_alias,
            url,
            own,
            |_| true,
            |e, k| e.aliases.iter().any(|a| &**a == k),
        )
    }

    /// Other articles with this translation key.
    pub fn translations<'a>(
        &'a self,
        key: Option<&'a str>,
        own: &'a Entry,
    ) -> impl Iterator<Item = Entry> + 'a {
        self.peers(
            &self.by_translation,
            key,
            own,
            |_| true,
            |e, k| e.translation_key.as_deref() == Some(k),
        )
    }
}

/// Runs `a` and `b`, in parallel unless on a rayon worker thread. An index may be made inside a
/// lock's initialiser ([`Site::articles`]) by a worker; while waiting for its half of a join,
/// that worker could take another job that waits for the same lock: a deadlock.
fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    if rayon::current_thread_index().is_some() {
        (a(), b())
    } else {
        rayon::join(a, b)
    }
}

/// A date as its day number (chrono's own encoding is its text, parsed again when read).
mod days {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        date.map(|d| d.num_days_from_ce()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<i32>::deserialize(d)? {
            None => Ok(None),
            Some(days) => NaiveDate::from_num_days_from_ce_opt(days)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("a day out of range")),
        }
    }
}

/// `Entry::path` as its bytes (serde's own encoding of a path fails on one that is not UTF-8);
/// for UTF-8 paths, bincode writes the same bytes as for a string.
mod path_bytes {
    use std::path::{Path, PathBuf};

    use serde::{Deserialize, Deserializer, Serializer};

    #[cfg(unix)]
    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()))
    }

    #[cfg(unix)]
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        let bytes = Vec::<u8>::deserialize(d)?;
        Ok(PathBuf::from(
            <std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(bytes),
        ))
    }

    #[cfg(not(unix))]
    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(path, s)
    }

    #[cfg(not(unix))]
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        PathBuf::deserialize(d)
    }
}

/// No two entries have one path (told by their paths' hashes).
fn one_entry_per_path(stored: &[&Stored]) -> bool {
    let mut paths: Vec<u64> = stored.iter().map(|s| s.keys.path).collect();
    paths.sort_unstable();
    paths.windows(2).all(|w| w[0] != w[1])
}

/// The site's articles (Markdown files under its content folders, honouring `.gitignore`), as
/// canonical paths, sorted by their bytes: each content folder is resolved once, and the walk
/// follows no symlink below it (a symlinked file is not an article of the index). The order is
/// the index's, and so that of the peers a cross-file message names: the same on every machine
/// (the walk's own order depends on the file system).
pub fn article_paths(site: &Site) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for root in content_roots(site) {
        paths.extend(crate::walk::markdown_files(&root).0);
    }
    in_index_order(&mut paths);
    paths
}

/// The folders [`article_paths`] walks: those that exist, canonical.
pub fn content_roots(site: &Site) -> Vec<PathBuf> {
    let roots: Vec<PathBuf> = match site.generator {
        Generator::Hugo => site
            .content_dirs
            .iter()
            .map(|d| site.root.join(d))
            .collect(),
        Generator::Jekyll | Generator::Unknown => vec![site.root.clone()],
    };
    roots
        .into_iter()
        .filter(|r| r.is_dir())
        .map(|r| std::fs::canonicalize(&r).unwrap_or(r))
        .collect()
}

/// Sorts the paths of a site's articles as [`article_paths`] gives them: by their bytes, each
/// once (content folders that nest, `content` and `content/fr`, list an article once).
pub fn in_index_order(paths: &mut Vec<PathBuf>) {
    paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    paths.dedup();
}

/// The entry of the article at `path` from the file; `None` when it cannot be read as text.
pub fn read_entry(site: &Site, path: &Path) -> Option<Entry> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(Entry::from_text(site, path, &text))
}

impl Entry {
    pub fn from_text(site: &Site, path: &Path, text: &str) -> Entry {
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        match FrontMatter::split(text, start) {
            Some(fm) => Entry::from_front_matter(site, path, &fm),
            None => Entry {
                path: path.to_path_buf(),
                ..Entry::default()
            },
        }
    }

    /// Both articles are dated, on different days (what `translation-mismatch` reports).
    pub fn date_differs(&self, other: &Entry) -> bool {
        matches!((self.date, other.date), (Some(a), Some(b)) if a != b)
    }

    /// Both articles name images, not the same ones (what `translation-mismatch` reports).
    pub fn images_differ(&self, other: &Entry) -> bool {
        !self.images.is_empty() && !other.images.is_empty() && self.images != other.images
    }

    /// The entry of a parsed article, as [`Entry::from_text`] would make it from the file.
    pub fn of_article(site: &Site, article: &Article<'_>) -> Entry {
        match &article.front_matter {
            Some(fm) => Entry::from_front_matter(site, article.absolute_path(), fm),
            None => Entry {
                path: article.absolute_path().to_path_buf(),
                ..Entry::default()
            },
        }
    }

    pub fn from_front_matter(site: &Site, path: &Path, fm: &FrontMatter) -> Entry {
        let (relative, content_lang) = relative_to_content(site, path);
        let (file_lang, dir_lang) = languages_of(&relative, content_lang);
        let lang = LANG_KEYS
            .iter()
            .find_map(|k| fm.str_value(k))
            .map(primary)
            .or(file_lang.clone())
            .or(dir_lang.clone());
        let title = fm
            .str_value("title")
            .map(normalize)
            .filter(|t| !t.is_empty());
        let url = fm
            .str_value("url")
            .or_else(|| fm.str_value("permalink"))
            .map(normalize_url)
            .or_else(|| derived_url(fm, &relative, &file_lang, &dir_lang));
        let aliases = match fm.value("aliases") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str())
                .map(|url| normalize_url(url).into())
                .collect(),
            Some(Value::String(one)) => [normalize_url(one).into()].into(),
            _ => Box::default(),
        };
        let date = fm
            .str_value("date")
            .and_then(|d| crate::rules::calendar_day(d, None));
        let images = IMAGE_KEYS
            .iter()
            .flat_map(|k| crate::front_matter::strings(fm.value(k)))
            .map(String::into_boxed_str)
            .collect();
        // Strings and lists boxed to their length: a run holds one entry per article until the
        // end (a `String` and a `Vec` carry a capacity, and had room to grow).
        let boxed = |s: Option<String>| s.map(String::into_boxed_str);
        let mut path = path.to_path_buf();
        path.shrink_to_fit();
        Entry {
            path,
            title: boxed(title),
            lang: boxed(lang),
            url: boxed(url),
            aliases,
            date,
            images,
            translation_key: boxed(translation_key(&relative, &file_lang, &dir_lang)),
            section: boxed(section_of(&relative, &dir_lang)),
            date_zoned: fm
                .str_value("date")
                .and_then(crate::rules::metadata::Written::parse)
                .is_some_and(|w| matches!(w, crate::rules::metadata::Written::Zoned(_))),
            draft: fm.value("draft").and_then(Value::as_bool).unwrap_or(false),
        }
    }
}

/// The language an article's place says: `post.fr.md`, `fr/post.md`, or a language's content
/// folder (`contentDir = "content/fr"`).
pub fn path_language(site: &Site, path: &Path) -> Option<String> {
    let (relative, content_lang) = relative_to_content(site, path);
    let (file_lang, dir_lang) = languages_of(&relative, content_lang);
    file_lang.or(dir_lang)
}

/// `path` relative to the content folder holding it (or the site root), and the language of
/// that folder on multilingual Hugo sites (`contentDir = "content/fr"`).
fn relative_to_content(site: &Site, path: &Path) -> (PathBuf, Option<String>) {
    // `Site::discover` gives a canonical root, as `Article::absolute_path` is canonical.
    let relative = crate::site::strip_prefix(path, &site.root).unwrap_or(path);
    for dir in &site.content_dirs {
        if let Some(rest) = crate::site::strip_prefix(relative, dir) {
            let lang = dir
                .file_name()
                .and_then(|n| n.to_str())
                .filter(|n| site.content_dirs.len() > 1 && is_language(n))
                .map(primary);
            return (rest.to_path_buf(), lang);
        }
    }
    (relative.to_path_buf(), None)
}

/// The language named by the file (`post.fr.md`) and by its folder (`fr/post.md`, or the
/// language's content folder), when they look like language codes.
fn languages_of(relative: &Path, content_lang: Option<String>) -> (Option<String>, Option<String>) {
    let stem = relative
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let file_lang = stem
        .rsplit_once('.')
        .map(|(_, l)| l)
        .filter(|l| is_language(l))
        .map(primary);
    let dir_lang = relative
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .filter(|first| relative.components().count() > 1 && is_language(first))
        .map(primary);
    (file_lang, dir_lang.or(content_lang))
}

/// ISO 639-1 codes, optionally with a region (`pt-br`, `zh_CN`): a folder named `api` or `dev`
/// is not a language.
fn is_language(s: &str) -> bool {
    const CODES: &[&str] = &[
        "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en",
        "eo", "es", "et", "eu", "fa", "fi", "fr", "ga", "gl", "gu", "he", "hi", "hr", "hu", "hy",
        "id", "is", "it", "ja", "ka", "kk", "km", "kn", "ko", "ku", "ky", "lb", "lo", "lt", "lv",
        "mk", "ml", "mn", "mr", "ms", "mt", "my", "nb", "ne", "nl", "nn", "no", "pa", "pl", "ps",
        "pt", "ro", "ru", "si", "sk", "sl", "sq", "sr", "sv", "sw", "ta", "te", "th", "tl", "tr",
        "uk", "ur", "uz", "vi", "zh", "cn",
    ];
    let mut parts = s.split(['-', '_']);
    let first = parts.next().unwrap_or_default();
    let region_ok = parts
        .next()
        .is_none_or(|r| (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()));
    CODES.contains(&first.to_ascii_lowercase().as_str())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && region_ok
}

fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

fn normalize_url(url: &str) -> String {
    let trimmed = url.trim().trim_matches('/');
    let trimmed = trimmed
        .strip_suffix("index.html")
        .unwrap_or(trimmed)
        .trim_end_matches('/');
    format!("/{}", trimmed.to_lowercase())
}

/// Hugo's default: the folder of the article, then its `slug`, else its file name (or bundle
/// folder), under its language.
fn derived_url(
    fm: &FrontMatter,
    relative: &Path,
    file_lang: &Option<String>,
    dir_lang: &Option<String>,
) -> Option<String> {
    let name = relative.file_stem()?.to_str()?;
    let name = match file_lang {
        Some(lang) => name.strip_suffix(&format!(".{lang}")).unwrap_or(name),
        None => name,
    };
    let mut dir = relative.parent().map(Path::to_path_buf).unwrap_or_default();
    let leaf = if name == "index" || name == "_index" {
        let bundle = dir.file_name()?.to_str()?.to_string();
        dir.pop();
        bundle
    } else {
        name.to_string()
    };
    let leaf = fm.str_value("slug").map(String::from).unwrap_or(leaf);
    let lang = file_lang.clone().or(dir_lang.clone()).unwrap_or_default();
    let dir = dir.to_string_lossy().replace('\\', "/");
    let dir = match dir_lang {
        Some(l) => dir
            .strip_prefix(l.as_str())
            .unwrap_or(&dir)
            .trim_start_matches('/')
            .to_string(),
        None => dir,
    };
    Some(normalize_url(&format!("{lang}/{dir}/{leaf}")))
}

fn section_of(relative: &Path, dir_lang: &Option<String>) -> Option<String> {
    let mut parts = relative.iter().filter_map(|p| p.to_str());
    let first = parts.next()?;
    let section = if dir_lang.as_deref() == Some(first) {
        parts.next()?
    } else {
        first
    };
    // A file at the top of the content folder is in no section.
    (relative.iter().count() > 1)
        .then(|| section.to_string())
        .filter(|s| !s.ends_with(".md"))
}

/// Translations share their path once the language is taken out of it.
fn translation_key(
    relative: &Path,
    file_lang: &Option<String>,
    dir_lang: &Option<String>,
) -> Option<String> {
    if file_lang.is_none() && dir_lang.is_none() {
        return None;
    }
    let mut text = relative.to_string_lossy().replace('\\', "/");
    if let Some(lang) = file_lang {
        text = text.replacen(&format!(".{lang}."), ".", 1);
    }
    if let Some(lang) = dir_lang {
        text = text
            .strip_prefix(&format!("{lang}/"))
            .map(String::from)
            .unwrap_or(text);
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        Entry {
            path: PathBuf::from(path),
            ..Entry::default()
        }
    }

    fn index_of(entries: &[Entry]) -> SiteIndex {
        let tape = Arc::new(Tape::new());
        let stored: Vec<Stored> = entries
            .iter()
            .map(|e| Stored::put(&tape, e).unwrap())
            .collect();
        SiteIndex::new(tape, &stored.iter().collect::<Vec<_>>())
    }

    #[test]
    fn a_table_gives_every_entry_under_a_hash_in_index_order() {
        let pairs: Vec<(u64, u32)> = vec![
            (7, 3),
            (2, 0),
            (7, 1),
            (9, 2),
            (7, 1),
            (u64::MAX, 4),
            (0, 5),
        ];
        let table = Table::new(pairs.iter().map(|&(h, i)| (short(h), i)).collect());
        for hash in [0, 1, 2, 7, 8, 9, u64::MAX] {
            // (u64::MAX and 0 agree on the bits kept.)
            let mut expected: Vec<usize> = pairs
                .iter()
                .filter(|&&(h, _)| short(h) == short(hash))
                .map(|&(_, i)| i as usize)
                .collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(table.get(hash).collect::<Vec<_>>(), expected, "hash {hash}");
        }
        assert_eq!(Table::new(Vec::new()).get(0).count(), 0);
    }

    #[test]
    fn entries_come_back_from_the_tape_as_they_went_in() {
        let mut full = entry("/s/a.md");
        full.title = Some("a title".into());
        full.aliases = ["/old/".into(), "/older/".into()].into();
        full.images = ["img/x.png".into()].into();
        full.date = NaiveDate::from_ymd_opt(2023, 11, 22);
        full.date_zoned = true;
        let entries = [full, entry("/s/b.md")];
        let index = index_of(&entries);
        assert_eq!(index.len(), 2);
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(format!("{:?}", index.entry(i).unwrap()), format!("{e:?}"));
        }
        assert!(index.entry(2).is_none());
        assert!(index.any_zoned());
        assert!(!index_of(&entries[1..]).any_zoned());
        assert_ne!(index.fingerprint(), index_of(&entries[1..]).fingerprint());
        assert_eq!(index.fingerprint(), index_of(&entries).fingerprint());
    }

    #[test]
    fn peers_leave_out_the_article_itself_by_its_path() {
        let titled = |path: &str| {
            let mut e = entry(path);
            e.title = Some("same".into());
            e
        };
        let index = index_of(&[titled("/s/a.md"), titled("/s/b.md")]);
        let paths =
            |own: &Entry| -> Vec<PathBuf> { index.same_story(own).map(|e| e.path).collect() };
        let (a, b) = (index.entry(0).unwrap(), index.entry(1).unwrap());
        assert_eq!(paths(&a), [PathBuf::from("/s/b.md")]);
        assert_eq!(paths(&b), [PathBuf::from("/s/a.md")]);
        // An article the index does not hold has both for peers.
        assert_eq!(paths(&titled("/s/c.md")).len(), 2);
        assert!(index.has_peers(0) && index.has_peers(1) && !index.has_peers(2));
    }

    /// Entries with every kind of peer, and without.
    fn with_peers() -> Vec<Entry> {
        let day = |d| NaiveDate::from_ymd_opt(2024, 1, d);
        let mut entries: Vec<Entry> = (0..9).map(|i| entry(&format!("/s/{i}.md"))).collect();
        // 0 and 1: one story; 2: the same title in another section; 3: a month later.
        for (i, section, date) in [(0, "a", 1), (1, "a", 3), (2, "b", 1)] {
            entries[i].title = Some("t".into());
            entries[i].section = Some(section.into());
            entries[i].date = day(date);
        }
        entries[3].title = Some("t".into());
        entries[3].section = Some("a".into());
        entries[3].date = NaiveDate::from_ymd_opt(2024, 3, 1);
        // 4 publishes at 5's alias.
        entries[4].url = Some("/x/".into());
        entries[5].aliases = ["/x/".into()].into();
        // 6 and 7: translations with other dates; 8: in 6's language, on 7's date.
        for (i, lang, date) in [(6, "en", 1), (7, "fr", 2), (8, "en", 2)] {
            entries[i].translation_key = Some("k".into());
            entries[i].lang = Some(lang.into());
            entries[i].date = day(date);
        }
        entries
    }

    /// What the rules' lookups find of entry `e`'s peers.
    fn found(index: &SiteIndex, e: &Entry) -> usize {
        index.same_story(e).count()
            + index.with_url(e.url.as_deref(), e).count()
            + index.aliasing(e.url.as_deref(), e).count()
            + e.aliases
                .iter()
                .map(|a| index.with_url(Some(a), e).count())
                .sum::<usize>()
            + index
                .translations(e.translation_key.as_deref(), e)
                .filter(|t| t.lang != e.lang && (e.date_differs(t) || e.images_differ(t)))
                .count()
    }

    #[test]
    fn has_peers_says_what_the_lookups_find() {
        let entries = with_peers();
        let index = index_of(&entries);
        let peers: Vec<bool> = (0..9).map(|i| index.has_peers(i)).collect();
        assert_eq!(
            peers,
            [true, true, false, false, true, true, true, true, false]
        );
        // What the rules' lookups find agrees.
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(found(&index, e) > 0, peers[i], "entry {i}");
        }
    }

    #[test]
    fn an_index_of_entries_given_in_any_order_is_the_index_of_them_in_order() {
        let entries = with_peers();
        let tape = Arc::new(Tape::new());
        let stored: Vec<Stored> = entries
            .iter()
            .map(|e| Stored::put(&tape, e).unwrap())
            .collect();
        let refs: Vec<&Stored> = stored.iter().collect();
        let in_order = SiteIndex::new(Arc::clone(&tape), &refs);
        let n = refs.len();
        // Every third first, backwards, then the rest.
        let order: Vec<usize> = (0..n)
            .rev()
            .filter(|i| i % 3 == 0)
            .chain((0..n).filter(|i| i % 3 != 0))
            .collect();
        let calls = std::cell::Cell::new(0);
        let given = SiteIndex::of(Arc::clone(&tape), n, |each| {
            calls.set(calls.get() + 1);
            order.iter().for_each(|&i| each(i, refs[i]));
            true
        });
        assert_eq!(calls.get(), 3);
        assert_eq!(given.len(), n);
        assert_eq!(given.fingerprint(), in_order.fingerprint());
        assert_eq!(given.any_zoned(), in_order.any_zoned());
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(given.has_peers(i), in_order.has_peers(i), "entry {i}");
            assert_eq!(found(&given, e), found(&in_order, e), "entry {i}");
            assert_eq!(
                format!("{:?}", given.entry(i)),
                format!("{:?}", in_order.entry(i))
            );
            let path = || e.path.clone();
            assert_eq!(given.position(path_hash(&e.path), path), Some(i));
        }
        assert!(!given.unreadable());
        // An entry not given, or a source that says it failed: lookups may miss peers.
        let short = SiteIndex::of(Arc::clone(&tape), n, |each| {
            (1..n).for_each(|i| each(i, refs[i]));
            true
        });
        assert!(short.unreadable());
        let failed = SiteIndex::of(tape, n, |each| {
            (0..n).for_each(|i| each(i, refs[i]));
            false
        });
        assert!(failed.unreadable());
    }

    #[test]
    fn an_entry_is_found_by_the_hash_of_its_path() {
        let index = index_of(&[entry("/s/a.md"), entry("/s/b.md")]);
        let (a, b) = (Path::new("/s/a.md"), Path::new("/s/b.md"));
        let asked = std::cell::Cell::new(0);
        let position = |hash: u64, path: &Path| {
            index.position(hash, || {
                asked.set(asked.get() + 1);
                path.to_path_buf()
            })
        };
        assert_eq!(position(path_hash(a), a), Some(0));
        assert_eq!(position(path_hash(b), b), Some(1));
        assert_eq!(position(path_hash(Path::new("/s/c.md")), a), None);
        // One entry under the hash: the path is not asked for (the caller confirms it).
        assert_eq!(asked.get(), 0);
        assert!(one_entry_per_path(&[]));
    }

    #[test]
    fn a_table_gives_every_entry_whose_hash_agrees_on_the_bits_it_keeps() {
        let (a, b) = ((1u64 << 32) | 2, (2u64 << 32) | 1);
        assert_ne!(a, b);
        assert_eq!(short(a), short(b));
        let table = Table::new(vec![(short(b), 1), (short(7), 2), (short(a), 0)]);
        assert_eq!(table.get(a).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(table.get(b).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(table.get(7).collect::<Vec<_>>(), [2]);
        assert_eq!(table.get(8).count(), 0);
    }

    #[test]
    fn entries_sharing_a_path_hash_are_told_apart_by_their_paths() {
        let tape = Arc::new(Tape::new());
        let mut stored: Vec<Stored> = ["/s/a.md", "/s/b.md", "/s/c.md"]
            .iter()
            .map(|p| Stored::put(&tape, &entry(p)).unwrap())
            .collect();
        // A collision, forced: b and c under a's hash.
        let hash = stored[0].keys.path;
        stored[1].keys.path = hash;
        stored[2].keys.path = hash;
        let refs: Vec<&Stored> = stored.iter().collect();
        let index = SiteIndex {
            by_path: Table::new(
                refs.iter()
                    .zip(0..)
                    .map(|(s, i)| (short(s.keys.path), i))
                    .collect(),
            ),
            ..SiteIndex::new(Arc::clone(&tape), &refs[..1])
        };
        let slots: Vec<Slot> = refs.iter().map(|s| s.slot).collect();
        let index = SiteIndex { slots, ..index };
        for (i, path) in ["/s/a.md", "/s/b.md", "/s/c.md"].iter().enumerate() {
            assert_eq!(index.position(hash, || PathBuf::from(path)), Some(i));
        }
        assert_eq!(index.position(hash, || PathBuf::from("/s/x.md")), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_goes_on_the_tape_and_comes_back() {
        use std::os::unix::ffi::OsStringExt;
        let odd = PathBuf::from(std::ffi::OsString::from_vec(b"/s/caf\xe9.md".to_vec()));
        let mut e = entry("/s/a.md");
        e.path = odd.clone();
        let index = index_of(&[e]);
        assert_eq!(index.entry(0).unwrap().path, odd);
        // A UTF-8 path is encoded as before (as a string): caches stay readable.
        let utf8 = entry("/s/é.md");
        #[derive(serde::Serialize)]
        struct Plain<'a> {
            path: &'a Path,
        }
        let plain = bincode::serialize(&Plain { path: &utf8.path }).unwrap();
        let ours = bincode::serialize(&utf8).unwrap();
        assert!(ours.starts_with(&plain));
    }

    #[test]
    fn an_entry_that_cannot_be_read_back_is_noted() {
        let mut index = index_of(&[entry("/s/a.md")]);
        assert!(index.entry(0).is_some() && !index.unreadable());
        index.slots[0].at += 1_000_000;
        assert!(index.entry(0).is_none());
        assert!(index.unreadable());
    }

    #[test]
    fn an_index_whose_tape_cannot_be_written_keeps_its_entries() {
        let tape = Arc::new(Tape::new());
        tape.fail_writes();
        let entries: Vec<Entry> = (0..5000).map(|i| entry(&format!("/s/{i}.md"))).collect();
        let stored: Vec<Stored> = entries
            .iter()
            .map(|e| Stored::put(&tape, e).unwrap())
            .collect();
        let index = SiteIndex::new(tape, &stored.iter().collect::<Vec<_>>());
        assert_eq!(index.entry(4999).unwrap().path, Path::new("/s/4999.md"));
    }
}
