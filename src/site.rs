//! The site an article belongs to: its root, its generator, and how it resolves asset paths.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::front_matter::{parse_config, strings};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Generator {
    Hugo,
    Jekyll,
    /// No generator config found (e.g. Gatsby): assets resolve like Hugo's (`static/` at `/`).
    Unknown,
}

/// Files that mark a site root, nearest first wins; the generator they imply.
const ROOT_MARKERS: &[(&str, Generator)] = &[
    ("hugo.toml", Generator::Hugo),
    ("hugo.yaml", Generator::Hugo),
    ("hugo.yml", Generator::Hugo),
    ("config.toml", Generator::Hugo),
    ("config.yaml", Generator::Hugo),
    ("config.yml", Generator::Hugo),
    ("_config.yml", Generator::Jekyll),
    ("_config.yaml", Generator::Jekyll),
    (".contentlint.yaml", Generator::Unknown),
];

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub generator: Generator,
    pub config_file: Option<PathBuf>,
    /// Folders served at the site root, relative to `root`.
    pub static_dirs: Vec<PathBuf>,
    /// Folders holding content pages (one per language on multilingual Hugo sites).
    pub content_dirs: Vec<PathBuf>,
    /// The generator takes a post's date from a `YYYY-MM-DD-` file name prefix.
    pub dates_from_filename: bool,
    /// The site uses H1 for sections inside articles: Hugo's
    /// `markup.tableOfContents.startLevel = 1` says so.
    pub h1_sections: bool,
    /// Shared by the sites of one root (see [`Site::share_files`]).
    files: std::sync::Arc<OnceLock<FileIndex>>,
    articles: OnceLock<crate::site_index::SiteIndex>,
    cms: OnceLock<Option<(String, crate::cms::CmsConfig)>>,
}

/// What a reference resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    Found,
    /// No file. `case_variant` is the one file that matches but for letter case;
    /// `extension_variant` the one image that matches but for its extension (`.jpg`/`.png`/…).
    Missing {
        case_variant: Option<Variant>,
        extension_variant: Option<Variant>,
    },
    /// The reference leaves the site (`../../../../etc/passwd`, `C:\…`): it is never looked up.
    Outside,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The existing file, relative to the site root, `/`-separated.
    pub path: String,
    /// The reference rewritten to point at that file.
    pub corrected: String,
}

impl Site {
    /// The site holding `path`: the nearest ancestor with a generator config or
    /// `.contentlint.yaml`; else `linted_dir` (the folder being linted) with an unknown generator.
    pub fn discover(path: &Path, linted_dir: &Path) -> Result<Site, String> {
        let start = if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        let start = if start.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            start
        };
        // A path that does not exist (stdin's --stdin-filename) is taken from the current folder.
        let absolute = std::fs::canonicalize(&start)
            .or_else(|_| std::env::current_dir().map(|cwd| cwd.join(&start)))
            .unwrap_or_else(|_| start.clone());
        for dir in absolute.ancestors() {
            for &(name, generator) in ROOT_MARKERS {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Site::from_config(dir, generator, &candidate);
                }
            }
            if dir.join("config").join("_default").is_dir() {
                return Ok(Site::new(
                    dir.to_path_buf(),
                    Generator::Hugo,
                    None,
                    &Map::new(),
                ));
            }
        }
        let fallback = std::fs::canonicalize(linted_dir).unwrap_or(absolute);
        Ok(Site::new(fallback, Generator::Unknown, None, &Map::new()))
    }

    fn from_config(root: &Path, generator: Generator, file: &Path) -> Result<Site, String> {
        let config = if file.file_name().is_some_and(|n| n == ".contentlint.yaml") {
            Map::new()
        } else {
            let shown = crate::render::display_path(file);
            let text = std::fs::read_to_string(file).map_err(|e| format!("{shown}: {e}"))?;
            let is_toml = file.extension().is_some_and(|e| e == "toml");
            parse_config(&text, is_toml).map_err(|e| format!("{shown}: {e}"))?
        };
        Ok(Site::new(
            root.to_path_buf(),
            generator,
            Some(file.to_path_buf()),
            &config,
        ))
    }

    /// A Hugo site without configuration nor files (its root does not exist): asset rules find
    /// nothing and every lookup stays in memory. For linting a text on its own (tests, fuzzers).
    pub fn without_files() -> Site {
        Site::new(
            PathBuf::from("/nonexistent-site"),
            Generator::Hugo,
            None,
            &Map::new(),
        )
    }

    pub fn new(
        root: PathBuf,
        generator: Generator,
        config_file: Option<PathBuf>,
        config: &Map<String, Value>,
    ) -> Site {
        let (static_dirs, content_dirs, dates_from_filename) = match generator {
            Generator::Jekyll => (vec![PathBuf::new()], Vec::new(), true),
            Generator::Hugo | Generator::Unknown => {
                let mut statics: Vec<PathBuf> = strings(get_ci(config, "staticDir"))
                    .into_iter()
                    .map(PathBuf::from)
                    .collect();
                if statics.is_empty() {
                    statics.push(PathBuf::from("static"));
                }
                statics.push(PathBuf::from("assets"));
                let mut contents: Vec<PathBuf> = strings(get_ci(config, "contentDir"))
                    .into_iter()
                    .map(PathBuf::from)
                    .collect();
                if let Some(Value::Object(languages)) = get_ci(config, "languages") {
                    for lang in languages.values().filter_map(Value::as_object) {
                        contents.extend(
                            strings(get_ci(lang, "contentDir"))
                                .into_iter()
                                .map(PathBuf::from),
                        );
                    }
                }
                if contents.is_empty() {
                    contents.push(PathBuf::from("content"));
                }
                let filename_dates = get_ci(config, "frontmatter")
                    .and_then(Value::as_object)
                    .and_then(|fm| get_ci(fm, "date"))
                    // Hugo takes the first source that gives a date: the name wins only when first.
                    .is_some_and(|v| {
                        strings(Some(v))
                            .first()
                            .is_some_and(|s| s.eq_ignore_ascii_case(":filename"))
                    });
                (statics, contents, filename_dates)
            }
        };
        let h1_sections = get_ci(config, "markup")
            .and_then(Value::as_object)
            .and_then(|m| get_ci(m, "tableOfContents"))
            .and_then(Value::as_object)
            .and_then(|t| get_ci(t, "startLevel"))
            .and_then(Value::as_i64)
            == Some(1);
        Site {
            root,
            generator,
            config_file,
            static_dirs,
            content_dirs,
            dates_from_filename,
            h1_sections,
            files: std::sync::Arc::default(),
            articles: OnceLock::new(),
            cms: OnceLock::new(),
        }
    }

    /// Lists the site's files now (the listing is otherwise made on first use).
    pub fn list_files(&self) {
        self.files();
    }

    /// Takes `other`'s listing of the files (made, being made or to be made) when both sites
    /// have the same root and generator, whose files it lists.
    pub fn share_files(&mut self, other: &Site) {
        if self.root == other.root && self.generator == other.generator {
            self.files = other.files.clone();
        }
    }

    /// The site as the configuration describes it (`site:` in `.contentlint.yaml`).
    pub fn with_settings(mut self, settings: &crate::config::SiteSettings) -> Site {
        use crate::config::GeneratorName;
        if let Some(generator) = settings.generator {
            self.generator = match generator {
                GeneratorName::Hugo => Generator::Hugo,
                GeneratorName::Jekyll => Generator::Jekyll,
                GeneratorName::None => Generator::Unknown,
            };
        }
        if let Some(dirs) = &settings.static_dirs {
            self.static_dirs = dirs.clone();
        }
        self
    }

    /// Whether `article` (a path as walked) takes its date from its file name.
    pub fn takes_date_from_filename(&self, article: &Path) -> bool {
        match self.generator {
            Generator::Jekyll => article.components().any(|c| c.as_os_str() == "_posts"),
            Generator::Hugo => self.dates_from_filename,
            Generator::Unknown => false,
        }
    }

    /// Resolves a local reference (`/img/a.png`, `assets/b.jpg`, `../c.pdf`) written in the
    /// article at `article`, root-relative as [`Site::relative`] gives it.
    pub fn resolve(&self, article: Option<&Path>, reference: &str) -> Resolution {
        if is_outside(article, reference) {
            return Resolution::Outside;
        }
        let index = self.files();
        // Candidates are made until one exists (most references are found at the first); all
        // of them again, kept, for the hints when none does.
        if self.candidates(article, reference, |candidate| index.contains(&candidate)) {
            return Resolution::Found;
        }
        let mut candidates = Vec::new();
        self.candidates(article, reference, |candidate| {
            candidates.push(candidate);
            false
        });
        let unique = |found: HashSet<String>| -> Option<Variant> {
            let mut found = found.into_iter();
            let (Some(path), None) = (found.next(), found.next()) else {
                return None;
            };
            corrected_reference(reference, &path).map(|corrected| Variant { path, corrected })
        };
        let case_variant = unique(
            candidates
                .iter()
                .filter_map(|c| index.case_insensitive(c))
                .collect(),
        );
        let extension_variant = if case_variant.is_none() {
            unique(
                candidates
                    .iter()
                    .flat_map(|c| index.other_image_extensions(c))
                    .collect(),
            )
        } else {
            None
        };
        Resolution::Missing {
            case_variant,
            extension_variant,
        }
    }

    /// Root-relative, `/`-separated paths where the generator could find `reference`, in
    /// turn to `found` until it says one is: whether one was.
    fn candidates(
        &self,
        article: Option<&Path>,
        reference: &str,
        mut found: impl FnMut(String) -> bool,
    ) -> bool {
        let article_dir = article.and_then(Path::parent);
        let mut at = |base: &Path, rest: &str| {
            normalize_join(base, rest.trim_start_matches('/')).is_some_and(&mut found)
        };
        let site_relative = reference.trim_start_matches('/');
        for dir in &self.static_dirs {
            if at(dir, site_relative) {
                return true;
            }
        }
        // The CMS stores uploads in `media_folder` and links them as `public_folder/…`.
        if let Some((_, cms)) = self.cms() {
            if let (Some(media), Some(public)) = (&cms.media_folder, &cms.public_folder) {
                let public = public.trim_matches('/');
                if let Some(rest) = site_relative
                    .strip_prefix(public)
                    .filter(|r| r.starts_with('/') && !public.is_empty())
                {
                    if at(Path::new(media.trim_matches('/')), rest) {
                        return true;
                    }
                }
            }
        }
        if reference.starts_with('/') {
            for dir in &self.content_dirs {
                if at(dir, site_relative) {
                    return true;
                }
            }
        } else if let (Some(dir), Some(article)) = (article_dir, article) {
            if at(dir, reference) {
                return true;
            }
            // A non-bundle page `posts/a.md` is published at `posts/a/`: relative links resolve there.
            if let (Some(stem), Some(name)) = (article.file_stem(), article.file_name()) {
                if name != "index.md" && name != "_index.md" && at(&dir.join(stem), reference) {
                    return true;
                }
            }
        }
        false
    }

    /// An absolute path (`Article::absolute_path`) relative to the site root; `None` outside.
    pub fn relative_to_root(&self, absolute: &Path) -> Option<PathBuf> {
        strip_prefix(absolute, &self.root).map(Path::to_path_buf)
    }

    /// `path` relative to the site root; `None` when it lies outside.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        let absolute = std::fs::canonicalize(path).ok()?;
        strip_prefix(&absolute, &self.root).map(Path::to_path_buf)
    }

    /// The site's Decap/Netlify CMS configuration (its path, relative to the root), if any.
    pub fn cms(&self) -> Option<&(String, crate::cms::CmsConfig)> {
        self.cms
            .get_or_init(|| crate::cms::CmsConfig::find(&self.root))
            .as_ref()
    }

    /// Every article of the site, front matter only, read on first use.
    pub fn articles(&self) -> &crate::site_index::SiteIndex {
        self.articles
            .get_or_init(|| crate::site_index::SiteIndex::build(self))
    }

    /// [`Site::articles`], from `build` if not built yet (the first index built wins).
    pub fn articles_or(
        &self,
        build: impl FnOnce() -> crate::site_index::SiteIndex,
    ) -> &crate::site_index::SiteIndex {
        self.articles.get_or_init(build)
    }

    /// What rules read of the site besides the article, hashed: its settings, the list of its
    /// files (not their content) and its CMS configuration. Cached results of a site are
    /// valid while this stays the same.
    pub fn fingerprint(&self) -> u64 {
        crate::cache::hash_of(&(self.settings_fingerprint(), self.files().hash))
    }

    /// What the site index reads of the site besides the articles: its settings and CMS
    /// configuration, not its list of files (a new image leaves every article's entry valid).
    pub fn settings_fingerprint(&self) -> u64 {
        let settings = format!(
            "{:?} {:?} {:?} {:?} {:?} {} {} {:?}",
            self.root,
            self.generator,
            self.config_file,
            self.static_dirs,
            self.content_dirs,
            self.dates_from_filename,
            self.h1_sections,
            self.cms()
        );
        crate::cache::hash_of(&settings)
    }

    /// Every file of the site but its Markdown pages, relative to the root and `/`-separated.
    pub fn all_files(&self) -> impl Iterator<Item = String> + '_ {
        self.files().paths()
    }

    fn files(&self) -> &FileIndex {
        self.files
            .get_or_init(|| FileIndex::build(&self.root, self.generator))
    }
}

fn get_ci<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A Windows path, or a relative path that climbs above the site root from the article's folder.
fn is_outside(article: Option<&Path>, reference: &str) -> bool {
    let windows = reference.len() > 2
        && reference.as_bytes()[1] == b':'
        && reference.as_bytes()[0].is_ascii_alphabetic();
    if windows || reference.starts_with("\\\\") || reference.contains('\\') {
        return true;
    }
    if reference.starts_with('/') {
        return false;
    }
    let base = article.and_then(Path::parent).unwrap_or(Path::new(""));
    normalize_join(base, reference).is_none()
}

/// `path` without its leading components `prefix`, as [`Path::strip_prefix`] gives it: see
/// [`strip_plain_prefix`] for the usual case, done without splitting both into components.
pub(crate) fn strip_prefix<'p>(path: &'p Path, prefix: &Path) -> Option<&'p Path> {
    strip_plain_prefix(path, prefix).or_else(|| path.strip_prefix(prefix).ok())
}

/// `path` cut after `prefix` and a `/` when both are plain (each `/`-separated segment, but a
/// leading `/`, neither empty nor `.`): `Path::strip_prefix`'s result then, found at a tenth
/// of the cost (for each article's path from the site root). `None` for any other path.
#[cfg(unix)]
fn strip_plain_prefix<'p>(path: &'p Path, prefix: &Path) -> Option<&'p Path> {
    use std::os::unix::ffi::OsStrExt;
    let plain = |bytes: &[u8]| {
        bytes
            .split(|&b| b == b'/')
            .all(|s| !s.is_empty() && s != b".")
    };
    let head = prefix.as_os_str().as_bytes();
    let rest = path
        .as_os_str()
        .as_bytes()
        .strip_prefix(head)?
        .strip_prefix(b"/")?;
    let rooted = head.strip_prefix(b"/").unwrap_or(head);
    (plain(rooted) && plain(rest)).then(|| Path::new(std::ffi::OsStr::from_bytes(rest)))
}

#[cfg(not(unix))]
fn strip_plain_prefix<'p>(_path: &'p Path, _prefix: &Path) -> Option<&'p Path> {
    None
}

/// `base` joined with the relative `rest`, lexically, `/`-separated: `.` and empty segments
/// dropped, `..` taking the previous one off; `None` when the path climbs above the root.
fn normalize_join(base: &Path, rest: &str) -> Option<String> {
    let base = base.to_string_lossy();
    let mut out = String::with_capacity(base.len() + rest.len() + 1);
    for segment in base.split('/').chain(rest.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                let cut = out.rfind('/').unwrap_or(0);
                if out.is_empty() {
                    return None;
                }
                out.truncate(cut);
            }
            name => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(name);
            }
        }
    }
    Some(out)
}

/// `reference` rewritten to name `found`, when the two differ only in ASCII letter case or in
/// an image extension: the reference's folders (`/`, `./`, `../`) are kept as written.
fn corrected_reference(reference: &str, found: &str) -> Option<String> {
    let mut tail = reference;
    while let Some(rest) = tail.strip_prefix("../").or_else(|| tail.strip_prefix("./")) {
        tail = rest;
    }
    let tail = tail.trim_start_matches('/');
    let prefix = &reference[..reference.len() - tail.len()];
    let (tail_stem, found_stem) = (strip_image_extension(tail), strip_image_extension(found));
    // Compare by characters: a case change may change a letter's width in bytes.
    let stem_chars = tail_stem.chars().count();
    let found_chars = found_stem.chars().count();
    let skip = found_chars.checked_sub(stem_chars)?;
    let found_tail_start = found
        .char_indices()
        .nth(skip)
        .map_or(found.len(), |(i, _)| i);
    let found_tail = &found[found_tail_start..];
    let same_path = found_stem[found_tail_start..].to_lowercase() == tail_stem.to_lowercase();
    let boundary = found_tail_start == 0 || found[..found_tail_start].ends_with('/');
    if !same_path || !boundary || found_tail == tail {
        return None;
    }
    Some(format!("{prefix}{found_tail}"))
}

pub const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif"];

/// `path` without its extension when that extension is an image's (any case).
/// The last `/`-separated part of `path`.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The hash of a file name lowercased: how the listing hashes the names it holds by case.
fn lowercase_hash(name: &str) -> u64 {
    if name.is_ascii() {
        crate::cache::hash_of(&name.to_ascii_lowercase())
    } else {
        crate::cache::hash_of(&name.to_lowercase())
    }
}

fn strip_image_extension(path: &str) -> &str {
    match path.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && !stem.ends_with('/')
                && IMAGE_EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)) =>
        {
            stem
        }
        _ => path,
    }
}

/// Every file under the site root (`/`-separated, relative), for exact and case-blind lookups.
/// Markdown pages are held by the hashes of their paths and lowercased names only: references
/// to files never name a page but in an image's place (`![](a.md)`), and a site's pages are
/// most of its files (a 100,000-article site kept 8 MB of their names). A case-blind lookup of
/// a page whose name some page has reads the folders on its way, as the listing found them.
#[derive(Debug, Default)]
struct FileIndex {
    /// The site root, for lookups of Markdown paths.
    root: PathBuf,
    /// The generator's output folders at the root, which are not listed.
    output_dirs: &'static [&'static str],
    /// The hashes of the Markdown pages' paths, and of their lowercased file names.
    pages: (Hashes, Hashes),
    /// Every file's name, one after the other; `ends` says where each ends.
    names: String,
    ends: Vec<usize>,
    /// Each folder with files (`/`-separated, relative; empty: the root) and the number of its
    /// first file: a folder's files are listed one after the other. Sites keep thousands of
    /// files in a few folders: the folder's part of their paths is held once (half the memory
    /// of whole paths).
    dirs: Vec<(usize, Box<str>)>,
    /// The list of files, in any order: the sum of each path's hash.
    hash: u64,
    /// Each path's number, in a hash table of numbers (not copies of the paths: a site with
    /// 15,000 images keeps 100 KB, not MBs), made on the first lookup (a cached run makes none).
    exact: OnceLock<(hashbrown::HashTable<u32>, hashbrown::DefaultHashBuilder)>,
    /// Each path's number by the hash of the lowercased path, sorted, made on the first
    /// case-blind lookup (a run whose references all resolve, or a cached one, never needs it).
    lowercase: OnceLock<Vec<(u64, u32)>>,
    /// The hashes of every path's lowercased file name, and of every image's file name without
    /// its extension: a reference whose name is not among them has no case or extension
    /// variant, whatever its folder (most missing files have none), and needs no lookup.
    /// Sorted lists, not hash sets: half the memory, for a lookup made only for a missing file.
    file_names: OnceLock<(Hashes, Hashes)>,
}

/// A set of hashes, as a sorted list.
#[derive(Debug, Default)]
struct Hashes(Box<[u64]>);

impl Hashes {
    fn new(hashes: impl Iterator<Item = u64>) -> Hashes {
        let mut hashes: Vec<u64> = hashes.collect();
        hashes.sort_unstable();
        hashes.dedup();
        Hashes(hashes.into_boxed_slice())
    }

    fn holds(&self, hash: u64) -> bool {
        self.0.binary_search(&hash).is_ok()
    }
}

impl FileIndex {
    /// Every file on disk under `root`, ignored ones included (they exist for the build), but
    /// not the generators' own output folders at the root, nor VCS and dependency folders, nor
    /// contentlint's own cache (which a run in the site root writes there: the next run would
    /// see another list of files). Symlinks are listed, not followed, as `ignore`'s walker does.
    fn build(root: &Path, generator: Generator) -> FileIndex {
        let mut index = FileIndex {
            root: root.to_path_buf(),
            output_dirs: match generator {
                Generator::Hugo | Generator::Unknown => &["public", "resources"],
                Generator::Jekyll => &["_site"],
            },
            ..FileIndex::default()
        };
        let mut pending: Vec<(PathBuf, String)> = vec![(root.to_path_buf(), String::new())];
        let mut path = String::new();
        let (mut pages, mut page_names) = (Vec::new(), Vec::new());
        while let Some((dir, prefix)) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut listed = false;
            for entry in entries.flatten() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if index.unlisted(&name, prefix.is_empty()) {
                    continue;
                }
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                path.clear();
                path.push_str(&prefix);
                if !prefix.is_empty() {
                    path.push('/');
                }
                path.push_str(&name);
                if kind.is_dir() {
                    pending.push((entry.path(), path.clone()));
                } else if kind.is_file() || kind.is_symlink() {
                    let hash = crate::cache::hash_of(path.as_str());
                    index.hash = index.hash.wrapping_add(hash);
                    if crate::walk::is_markdown_name(&name) {
                        pages.push(hash);
                        page_names.push(lowercase_hash(&name));
                        continue;
                    }
                    if !listed {
                        index.dirs.push((index.ends.len(), prefix.as_str().into()));
                        listed = true;
                    }
                    index.names.push_str(&name);
                    index.ends.push(index.names.len());
                }
            }
        }
        index.pages = (
            Hashes::new(pages.into_iter()),
            Hashes::new(page_names.into_iter()),
        );
        // Held for the whole run: not with the slack of growing (up to half of it).
        index.names.shrink_to_fit();
        index.ends.shrink_to_fit();
        index.dirs.shrink_to_fit();
        index
    }

    /// Whether the walk leaves out an entry named `name` (in the root folder: `at_root`).
    fn unlisted(&self, name: &str, at_root: bool) -> bool {
        matches!(name, ".git" | "node_modules" | crate::cache::DEFAULT_DIR)
            || (at_root && self.output_dirs.contains(&name))
    }

    /// The files the walk finds at `path` but for case, read from the disk folder by folder:
    /// what a listing with Markdown pages would hold.
    fn on_disk(&self, path: &str) -> Vec<String> {
        let lower = |s: &str| s.to_lowercase();
        let parts: Vec<&str> = path.split('/').collect();
        if parts.iter().any(|p| matches!(*p, "" | "." | "..")) {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut folders = vec![(self.root.clone(), String::new())];
        for (depth, part) in parts.iter().enumerate() {
            let last = depth + 1 == parts.len();
            let wanted = lower(part);
            let mut next = Vec::new();
            for (dir, prefix) in &folders {
                let Ok(entries) = std::fs::read_dir(dir) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let name = entry.file_name();
                    let name = name.to_string_lossy();
                    if lower(&name) != wanted || self.unlisted(&name, prefix.is_empty()) {
                        continue;
                    }
                    let Ok(kind) = entry.file_type() else {
                        continue;
                    };
                    let path = if prefix.is_empty() {
                        name.into_owned()
                    } else {
                        format!("{prefix}/{name}")
                    };
                    if !last && kind.is_dir() {
                        next.push((entry.path(), path));
                    } else if last && (kind.is_file() || kind.is_symlink()) {
                        found.push(path);
                    }
                }
            }
            folders = next;
        }
        found
    }

    /// Every path, in the order they were found.
    fn paths(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.ends.len()).map(|i| self.path(i))
    }

    /// The name of file number `i`.
    fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.names[start..self.ends[i]]
    }

    /// The folder of file number `i`.
    fn dir(&self, i: usize) -> &str {
        let after = self.dirs.partition_point(|&(first, _)| first <= i);
        self.dirs
            .get(after.wrapping_sub(1))
            .map_or("", |(_, dir)| dir)
    }

    /// Path number `i`.
    fn path(&self, i: usize) -> String {
        match (self.dir(i), self.name(i)) {
            ("", name) => name.to_string(),
            (dir, name) => format!("{dir}/{name}"),
        }
    }

    fn exact(&self) -> &(hashbrown::HashTable<u32>, hashbrown::DefaultHashBuilder) {
        self.exact.get_or_init(|| {
            let hasher = hashbrown::DefaultHashBuilder::default();
            let key = |i: u32| hasher.hash_one((self.dir(i as usize), self.name(i as usize)));
            let mut table = hashbrown::HashTable::with_capacity(self.ends.len());
            for i in (0..self.ends.len()).filter_map(|i| u32::try_from(i).ok()) {
                table.insert_unique(key(i), i, |&j| key(j));
            }
            (table, hasher)
        })
    }

    fn lowercase(&self) -> &[(u64, u32)] {
        self.lowercase
            .get_or_init(|| self.table(|path| crate::cache::hash_of(&path.to_lowercase())))
    }

    /// Every path's `key` and number, sorted by key.
    fn table(&self, key: impl Fn(&str) -> u64) -> Vec<(u64, u32)> {
        let mut table: Vec<(u64, u32)> = self
            .paths()
            .zip(0u32..)
            .map(|(path, i)| (key(&path), i))
            .collect();
        table.sort_unstable();
        table
    }

    /// The paths whose key in `table` is `key` (and maybe others: compare them).
    fn with_key<'a>(
        &'a self,
        table: &'a [(u64, u32)],
        key: u64,
    ) -> impl Iterator<Item = String> + 'a {
        let from = table.partition_point(|&(k, _)| k < key);
        table[from..]
            .iter()
            .take_while(move |&&(k, _)| k == key)
            .map(|&(_, i)| self.path(i as usize))
    }

    /// Whether `path` is listed.
    fn contains(&self, path: &str) -> bool {
        if crate::walk::is_markdown_name(path) {
            // (Two paths whose 64-bit hashes agree are taken for one.)
            return self.pages.0.holds(crate::cache::hash_of(path));
        }
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        let (table, hasher) = self.exact();
        table
            .find(hasher.hash_one((dir, name)), |&i| {
                self.name(i as usize) == name && self.dir(i as usize) == dir
            })
            .is_some()
    }

    /// Files named like `path` (exact case) with another image extension.
    fn other_image_extensions<'a>(&'a self, path: &'a str) -> impl Iterator<Item = String> + 'a {
        let stem = strip_image_extension(path);
        // Such a file is an image whose name without its extension is `stem`'s.
        let possible = stem.len() != path.len()
            && self
                .file_names()
                .1
                .holds(crate::cache::hash_of(file_name(stem)));
        IMAGE_EXTENSIONS
            .iter()
            .filter(move |_| possible)
            .map(move |ext| format!("{stem}.{ext}"))
            .filter(move |other| other != path && self.contains(other))
    }

    /// See [`FileIndex::file_names`].
    fn file_names(&self) -> &(Hashes, Hashes) {
        self.file_names.get_or_init(|| {
            let names = || (0..self.ends.len()).map(|i| self.name(i));
            let lowercase = names().map(lowercase_hash);
            let image_stems = names().filter_map(|name| {
                let stem = strip_image_extension(name);
                (stem.len() != name.len()).then(|| crate::cache::hash_of(stem))
            });
            (Hashes::new(lowercase), Hashes::new(image_stems))
        })
    }

    /// The one file named `path` but for case.
    fn case_insensitive(&self, path: &str) -> Option<String> {
        let lower = path.to_lowercase();
        // A file whose lowercased path is a Markdown page's is one (its extension is
        // `md` or `markdown` in some ASCII case): looked for on disk, if a page has its name.
        if crate::walk::is_markdown_name(&lower) {
            if !self.pages.1.holds(crate::cache::hash_of(file_name(&lower))) {
                return None;
            }
            let found = self.on_disk(path);
            return match <[String; 1]>::try_from(found) {
                Ok([only]) => Some(only),
                Err(_) => None,
            };
        }
        // Equal lowercased paths have equal lowercased file names.
        if !self
            .file_names()
            .0
            .holds(crate::cache::hash_of(file_name(&lower)))
        {
            return None;
        }
        let mut found = self
            .with_key(self.lowercase(), crate::cache::hash_of(&lower))
            .filter(|p| p.to_lowercase() == lower);
        let only = found.next()?;
        found.next().is_none().then_some(only)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Paths of a few segments, some empty, `.` or `..`, with or without a leading `/`.
    fn path() -> impl Strategy<Value = String> {
        let segment = prop_oneof![
            Just(""),
            Just("."),
            Just(".."),
            Just("a"),
            Just("b.md"),
            Just("é")
        ];
        (any::<bool>(), proptest::collection::vec(segment, 0..5))
            .prop_map(|(rooted, s)| format!("{}{}", if rooted { "/" } else { "" }, s.join("/")))
    }

    proptest! {
        #[test]
        fn strip_prefix_is_paths(prefix in path(), rest in path(), sep in "/|//|") {
            let whole = format!("{prefix}{sep}{rest}");
            let (whole, prefix) = (Path::new(&whole), Path::new(&prefix));
            let expected = whole.strip_prefix(prefix).ok();
            let got = strip_prefix(whole, prefix);
            prop_assert_eq!(got.map(|p| p.as_os_str()), expected.map(|p| p.as_os_str()));
        }
    }

    #[test]
    fn strip_prefix_cuts_plain_paths() {
        // On bytes, for plain paths; through `Path::strip_prefix` for the others.
        fn plain(path: &'static str, prefix: &str) -> Option<&'static Path> {
            strip_plain_prefix(Path::new(path), Path::new(prefix))
        }
        if cfg!(unix) {
            assert_eq!(
                plain("/site/content/a.md", "/site"),
                Some(Path::new("content/a.md"))
            );
            assert_eq!(plain("content/a.md", "content"), Some(Path::new("a.md")));
        }
        for (path, prefix) in [
            ("/site//a.md", "/site"),
            ("/site/./a.md", "/site"),
            ("/a/", "/"),
        ] {
            assert_eq!(plain(path, prefix), None, "{path} {prefix}");
        }
        let p = Path::new("/site/content/posts/a.md");
        assert_eq!(
            strip_prefix(p, Path::new("/site")),
            Some(Path::new("content/posts/a.md"))
        );
        assert_eq!(strip_prefix(p, Path::new("/sit")), None);
        assert_eq!(
            strip_prefix(Path::new("content/a.md"), Path::new("content")),
            Some(Path::new("a.md"))
        );
    }

    #[test]
    fn normalizes_lexically() {
        assert_eq!(
            normalize_join(Path::new("content/posts/../img"), "./a.png").unwrap(),
            "content/img/a.png"
        );
        assert_eq!(normalize_join(Path::new(""), "../a"), None);
        assert_eq!(
            normalize_join(Path::new("/a//b"), "./c/..").as_deref(),
            Some("a/b")
        );
        assert_eq!(
            normalize_join(Path::new("x/y"), "../../z").as_deref(),
            Some("z")
        );
        assert_eq!(normalize_join(Path::new("x"), "../../z"), None);
        assert_eq!(normalize_join(Path::new(""), "").as_deref(), Some(""));
    }

    #[test]
    fn corrects_case_keeping_the_prefix() {
        assert_eq!(
            corrected_reference("/img/Photo.JPG", "static/img/photo.jpg").unwrap(),
            "/img/photo.jpg"
        );
        assert_eq!(
            corrected_reference("../Img/a.png", "content/img/a.png").unwrap(),
            "../img/a.png"
        );
        assert_eq!(corrected_reference("a.png", "static/a.png"), None);
        assert_eq!(
            corrected_reference("img/a.jpeg", "static/img/a.jpg").unwrap(),
            "img/a.jpg"
        );
        assert_eq!(corrected_reference("/img/ba.png", "static/img/a.png"), None);
        assert_eq!(
            corrected_reference("/img/Été.png", "static/img/été.png").unwrap(),
            "/img/été.png"
        );
    }

    #[test]
    fn file_index_holds_each_folder_once_and_every_path_whole() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            "config.toml",
            "a/x.png",
            "a/y.png",
            "a/b/x.png",
            "a/b/c/z.jpg",
            "c/x.png",
            "README",
        ];
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        std::fs::create_dir_all(dir.path().join("empty/deeper")).unwrap();
        // Pages: counted in the hash, not held, found on disk.
        let pages = ["a/page.md", "d/post.MARKDOWN", "index.md", "a/b/c.md/d.md"];
        // Where the walk does not go: not found.
        let unwalked = ["public/x.md", ".git/y.md", "a/node_modules/z.md"];
        for file in pages.iter().chain(&unwalked) {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("link")).unwrap();
        let index = FileIndex::build(dir.path(), Generator::Hugo);
        let mut paths: Vec<String> = index.paths().collect();
        paths.sort();
        let mut expected = files.map(String::from).to_vec();
        #[cfg(unix)]
        expected.push("link".into());
        expected.sort();
        assert_eq!(paths, expected);
        // Five folders with files (the root, a, a/b, a/b/c, c), each held once; `d` and
        // `a/b/c.md` hold only a page.
        assert_eq!(index.dirs.len(), 5);
        for file in files.iter().chain(&pages) {
            assert!(index.contains(file), "{file}");
        }
        for absent in [
            "x.png",
            "a/z.jpg",
            "a/b/y.png",
            "b/x.png",
            "a/b",
            "empty",
            "a//x.png",
            "a/Page.md",
            "a/page.MD",
            "a//page.md",
            "./a/page.md",
            "a/../a/page.md",
            "link/page.md",
            "a/b/c.md",
            "d",
        ]
        .iter()
        .chain(&unwalked)
        {
            assert!(!index.contains(absent), "{absent}");
        }
        // Pages are known by the listing, not looked for on disk: as they were when listed.
        std::fs::remove_file(dir.path().join("a/page.md")).unwrap();
        std::fs::write(dir.path().join("a/new.md"), "").unwrap();
        assert!(index.contains("a/page.md"));
        assert!(!index.contains("a/new.md"));
        let sum = files
            .iter()
            .chain(&pages)
            .chain(cfg!(unix).then_some(&"link"))
            .fold(0u64, |sum, f| sum.wrapping_add(crate::cache::hash_of(*f)));
        assert_eq!(index.hash, sum);
    }

    #[test]
    fn file_index_finds_exact_other_extension_and_unique_case_blind_matches() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "static/img/Logo.png",
            "static/img/photo.jpg",
            "static/img/Photo.JPG",
            "static/img/chart.webp",
            "content/a.md",
            "content/Posts/B.md",
            "content/two.md",
            "content/Two.md",
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let index = FileIndex::build(dir.path(), Generator::Hugo);
        assert_eq!(index.paths().count(), 4);
        // Pages are looked for on disk, with the same answers.
        assert_eq!(
            index.case_insensitive("CONTENT/posts/b.MD").as_deref(),
            Some("content/Posts/B.md")
        );
        assert_eq!(
            index.case_insensitive("content/A.md").as_deref(),
            Some("content/a.md")
        );
        assert_eq!(index.case_insensitive("content/TWO.md"), None);
        assert_eq!(index.case_insensitive("content/c.md"), None);
        assert!(index.contains("static/img/Logo.png"));
        assert!(!index.contains("static/img/logo.png"));
        assert!(!index.contains("static/img"));
        assert_eq!(
            index.case_insensitive("static/img/LOGO.PNG").as_deref(),
            Some("static/img/Logo.png")
        );
        // Two files differ only by case: no single correction.
        assert_eq!(index.case_insensitive("static/img/PHOTO.jpg"), None);
        assert_eq!(index.case_insensitive("static/img/none.png"), None);
        assert_eq!(
            index
                .other_image_extensions("static/img/chart.png")
                .collect::<Vec<_>>(),
            ["static/img/chart.webp"]
        );
    }
}
