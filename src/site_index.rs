//! What cross-file rules know about every article of a site: front matter only, read cheaply,
//! for all articles (not just the ones linted), so collisions with unchanged files are found.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;

use crate::article::Article;
use crate::front_matter::FrontMatter;
use crate::rules::text::normalize;
use crate::site::{Generator, Site};

/// One article, as cross-file rules see it.
#[derive(Clone, Debug, Default, Hash, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// Absolute (canonical) path.
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

#[derive(Debug, Default)]
pub struct SiteIndex {
    /// Boxed: the index is made of the entries the linting pass boxed, moved, not copied.
    pub entries: Vec<Box<Entry>>,
    /// Entries by the hash of their path, normalised title, URL, alias and translation key:
    /// cross-file rules look an article's peers up instead of scanning the whole site for every
    /// article. Hashes, not copies of the strings: a lookup compares the entries it finds.
    by_path: Table,
    by_title: Table,
    by_url: Table,
    by_alias: Table,
    by_translation: Table,
}

/// Entry numbers by the hash of a key, sorted, with where each hash starts: a lookup is one
/// probe of a hash table (a binary search over 100,000 articles' keys missed the cache at most
/// of its 17 steps), and the table holds about 21 bytes per key (a map of vectors held 70).
#[derive(Debug, Default)]
struct Table {
    pairs: Vec<(u64, u32)>,
    /// The position in `pairs` of each hash's first pair, hashed by the hash itself.
    starts: hashbrown::HashTable<u32>,
}

impl Table {
    /// The table of the keys each entry has.
    fn of<'a, I: Iterator<Item = u64>>(
        entries: &'a [Box<Entry>],
        keys: impl Fn(&'a Entry) -> I,
    ) -> Table {
        Table::new(
            entries
                .iter()
                .zip(0u32..)
                .flat_map(|(e, i)| keys(e).map(move |k| (k, i)))
                .collect(),
        )
    }

    fn new(mut pairs: Vec<(u64, u32)>) -> Table {
        pairs.sort_unstable();
        pairs.dedup();
        let mut starts = hashbrown::HashTable::new();
        let firsts = (0..pairs.len()).filter(|&i| i == 0 || pairs[i - 1].0 != pairs[i].0);
        for first in firsts {
            // A table of more than u32::MAX keys is not made: its entries are numbered in u32.
            let Ok(at) = u32::try_from(first) else { break };
            starts.insert_unique(pairs[first].0, at, |&at| pairs[at as usize].0);
        }
        Table { pairs, starts }
    }

    /// The entries under `hash`, in index order.
    fn get(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        let from = match self
            .starts
            .find(hash, |&at| self.pairs[at as usize].0 == hash)
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
        let entries = article_paths(site)
            .iter()
            .filter_map(|path| read_entry(site, path).map(Box::new))
            .collect();
        SiteIndex::from_entries(entries)
    }

    /// The index of these entries, in this order (the walk's: see [`article_paths`]), one per
    /// path: an article's own entry is told from its peers by address when the index holds it.
    pub fn from_entries(entries: Vec<Box<Entry>>) -> SiteIndex {
        let e = entries.as_slice();
        let hashed = |s: &str| key_hash(s);
        // The five tables are made at once.
        let ((by_path, by_title), (by_url, (by_alias, by_translation))) = rayon::join(
            || {
                rayon::join(
                    || Table::of(e, |e| std::iter::once(path_hash(&e.path))),
                    || Table::of(e, |e| e.title.as_deref().map(hashed).into_iter()),
                )
            },
            || {
                rayon::join(
                    || Table::of(e, |e| e.url.as_deref().map(hashed).into_iter()),
                    || {
                        rayon::join(
                            || Table::of(e, |e| e.aliases.iter().map(|a| hashed(a))),
                            || {
                                Table::of(e, |e| {
                                    e.translation_key.as_deref().map(hashed).into_iter()
                                })
                            },
                        )
                    },
                )
            },
        );
        let index = SiteIndex {
            entries,
            by_path,
            by_title,
            by_url,
            by_alias,
            by_translation,
        };
        debug_assert!(index.one_entry_per_path());
        index
    }

    /// No two entries have one path (entries under one path hash are compared).
    fn one_entry_per_path(&self) -> bool {
        self.by_path.pairs.windows(2).all(|w| {
            let [(h, i), (g, j)] = [w[0], w[1]];
            h != g || self.entries[i as usize].path != self.entries[j as usize].path
        })
    }

    /// Every entry, hashed in order: cross-file results made with an index of the same
    /// fingerprint still hold.
    pub fn fingerprint(&self) -> u64 {
        crate::cache::hash_of(&self.entries)
    }

    /// Every entry under `key` in `map` for which `has_key` holds, but `own`'s.
    fn peers<'a>(
        &'a self,
        map: &'a Table,
        key: Option<&'a str>,
        own: &'a Entry,
        has_key: fn(&Entry, &str) -> bool,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        // Whether `own` is one of the index's entries, found out only when needed: then no
        // other entry has its path (the index holds one per path), and entries are told apart
        // by address instead of by comparing paths component by component.
        let indexed = std::cell::OnceCell::new();
        let is_own = move |e: &Entry| {
            std::ptr::eq(e, own) || !*indexed.get_or_init(|| self.holds(own)) && e.path == own.path
        };
        key.map(|k| map.get(key_hash(k)))
            .into_iter()
            .flatten()
            .map(|i| &*self.entries[i])
            .filter(move |e| !is_own(e) && key.is_some_and(|k| has_key(e, k)))
    }

    /// Whether `entry` is one of the index's own (not an equal one made elsewhere).
    fn holds(&self, entry: &Entry) -> bool {
        self.by_path
            .get(path_hash(&entry.path))
            .any(|i| std::ptr::eq(&*self.entries[i], entry))
    }

    /// The entry of the article whose canonical path [`path_hash`] hashes to `hash`; `canonical`
    /// gives that path (a run keeps the hash, not the path), asked for only when an entry has
    /// the hash, to confirm it (or to choose, in a collision).
    pub fn entry_of_hash(&self, hash: u64, canonical: impl FnOnce() -> PathBuf) -> Option<&Entry> {
        let mut under = self.by_path.get(hash).map(|i| &*self.entries[i]).peekable();
        under.peek()?;
        let path = canonical();
        under.find(|e| e.path == path)
    }

    /// Whether a cross-file rule may have something to say about `own`: another article has
    /// its title, its URL, one of its aliases as URL or its URL as alias, or is a translation
    /// with another date or other images. An over-approximation: the rules decide.
    pub fn has_peers(&self, own: &Entry) -> bool {
        self.same_story(own).next().is_some()
            || self.with_url(own.url.as_deref(), own).next().is_some()
            || self.aliasing(own.url.as_deref(), own).next().is_some()
            || own
                .aliases
                .iter()
                .any(|a| self.with_url(Some(a), own).next().is_some())
            || self
                .translations(own.translation_key.as_deref(), own)
                .any(|e| e.lang != own.lang && (own.date_differs(e) || own.images_differ(e)))
    }

    /// Other articles that look like the same story as `own`: the same title, in the same
    /// language and section, published within [`SAME_STORY_DAYS`] of it (or undated).
    pub fn same_story<'a>(&'a self, own: &'a Entry) -> impl Iterator<Item = &'a Entry> + 'a {
        self.with_title(own.title.as_deref(), own)
            .filter(move |e| e.lang == own.lang && e.section == own.section)
            .filter(move |e| match (e.date, own.date) {
                (Some(a), Some(b)) => (a - b).num_days().abs() <= SAME_STORY_DAYS,
                _ => true,
            })
    }

    /// Other articles with this normalised title.
    pub fn with_title<'a>(
        &'a self,
        title: Option<&'a str>,
        own: &'a Entry,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        self.peers(&self.by_title, title, own, |e, k| {
            e.title.as_deref() == Some(k)
        })
    }

    /// Other articles published at this URL.
    pub fn with_url<'a>(
        &'a self,
        url: Option<&'a str>,
        own: &'a Entry,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        self.peers(&self.by_url, url, own, |e, k| e.url.as_deref() == Some(k))
    }

    /// Other articles with this URL among their aliases.
    pub fn aliasing<'a>(
        &'a self,
        url: Option<&'a str>,
        own: &'a Entry,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        self.peers(&self.by_alias, url, own, |e, k| {
            e.aliases.iter().any(|a| &**a == k)
        })
    }

    /// Other articles with this translation key.
    pub fn translations<'a>(
        &'a self,
        key: Option<&'a str>,
        own: &'a Entry,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        self.peers(&self.by_translation, key, own, |e, k| {
            e.translation_key.as_deref() == Some(k)
        })
    }
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
    let relative = path.strip_prefix(&site.root).unwrap_or(path);
    for dir in &site.content_dirs {
        if let Ok(rest) = relative.strip_prefix(dir) {
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

    fn entry(path: &str) -> Box<Entry> {
        Box::new(Entry {
            path: PathBuf::from(path),
            ..Entry::default()
        })
    }

    #[test]
    fn a_table_gives_every_entry_under_a_hash_in_index_order() {
        let pairs = vec![
            (7, 3),
            (2, 0),
            (7, 1),
            (9, 2),
            (7, 1),
            (u64::MAX, 4),
            (0, 5),
        ];
        let table = Table::new(pairs.clone());
        for hash in [0, 1, 2, 7, 8, 9, u64::MAX] {
            let mut expected: Vec<usize> = pairs
                .iter()
                .filter(|&&(h, _)| h == hash)
                .map(|&(_, i)| i as usize)
                .collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(table.get(hash).collect::<Vec<_>>(), expected, "hash {hash}");
        }
        assert_eq!(Table::new(Vec::new()).get(0).count(), 0);
    }

    #[test]
    fn peers_leave_out_the_article_itself_whether_its_entry_is_the_index_s_or_a_copy() {
        let titled = |path: &str| {
            let mut e = entry(path);
            e.title = Some("same".into());
            e
        };
        let index = SiteIndex::from_entries(vec![titled("/s/a.md"), titled("/s/b.md")]);
        let paths = |own: &Entry| -> Vec<PathBuf> {
            index
                .with_title(own.title.as_deref(), own)
                .map(|e| e.path.clone())
                .collect()
        };
        let (a, b) = (&*index.entries[0], &*index.entries[1]);
        assert_eq!(paths(a), [PathBuf::from("/s/b.md")]);
        assert_eq!(paths(b), [PathBuf::from("/s/a.md")]);
        assert_eq!(paths(&a.clone()), [PathBuf::from("/s/b.md")]);
        // An article the index does not hold has both for peers.
        assert_eq!(paths(&titled("/s/c.md")).len(), 2);
        assert!(index.has_peers(a) && index.has_peers(&b.clone()));
    }

    #[test]
    fn an_entry_is_found_by_the_hash_of_its_path_confirmed_by_the_path() {
        let mut index = SiteIndex::from_entries(vec![entry("/s/a.md"), entry("/s/b.md")]);
        let (a, b) = (Path::new("/s/a.md"), Path::new("/s/b.md"));
        let asked = std::cell::Cell::new(0);
        let of_hash = |index: &SiteIndex, hash: u64, canonical: &Path| {
            let entry = index.entry_of_hash(hash, || {
                asked.set(asked.get() + 1);
                canonical.to_path_buf()
            });
            entry.map(|e| e.path.clone())
        };
        assert_eq!(of_hash(&index, path_hash(a), a), Some(a.to_path_buf()));
        assert_eq!(of_hash(&index, path_hash(b), b), Some(b.to_path_buf()));
        // No entry has the hash: the path is not made.
        let c = Path::new("/s/c.md");
        assert_eq!(of_hash(&index, path_hash(c), c), None);
        assert_eq!(asked.get(), 2);
        // An article the index does not hold, whose path's hash is another's: not that one.
        assert_eq!(of_hash(&index, path_hash(a), Path::new("/s/x.md")), None);
        // A collision, forced: both entries under a's hash; the path tells them apart.
        index.by_path = Table::new(vec![(path_hash(a), 0), (path_hash(a), 1)]);
        assert_eq!(of_hash(&index, path_hash(a), b), Some(b.to_path_buf()));
        assert_eq!(of_hash(&index, path_hash(a), a), Some(a.to_path_buf()));
        assert!(index.one_entry_per_path());
        index.entries[1].path = a.to_path_buf();
        assert!(!index.one_entry_per_path());
    }
}
