//! Which files to lint: explicit files as given, folders walked for Markdown honouring .gitignore.

use std::path::{Path, PathBuf};

pub const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown"];

/// Paths one after the other in one buffer, each with a number that goes with it (what it means
/// is the owner's). A run holds each path's bytes and 16 of its own, not an allocation per path:
/// with 100,000 files, the walk's small allocations (each path made twice) stayed resident
/// once freed, about 100 bytes a file.
#[derive(Debug, Default)]
pub struct Paths {
    bytes: Vec<u8>,
    items: Vec<Item>,
}

/// Where a path of [`Paths`] is, and its number.
#[derive(Clone, Copy, Debug)]
struct Item {
    start: usize,
    len: u32,
    tag: u32,
}

impl Paths {
    /// `path` added last, with `tag`.
    pub fn push(&mut self, path: &Path, tag: u32) {
        let bytes = path.as_os_str().as_encoded_bytes();
        // No file system makes a path of 4 GiB (Linux's are at most 4 KiB, or 255-byte names
        // joined by a walk as deep as the tree).
        let len = u32::try_from(bytes.len()).expect("a path shorter than 4 GiB");
        let start = self.bytes.len();
        self.bytes.extend_from_slice(bytes);
        self.items.push(Item { start, len, tag });
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Path number `i`, and its tag.
    pub fn get(&self, i: usize) -> (&Path, u32) {
        let item = self.items[i];
        (self.path(item), item.tag)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&Path, u32)> + '_ {
        self.items.iter().map(|&item| (self.path(item), item.tag))
    }

    /// Keeps the paths `retag` gives a tag, with it, in order.
    pub fn retag(&mut self, mut retag: impl FnMut(&Path, u32) -> Option<u32>) {
        let bytes = &self.bytes;
        self.items.retain_mut(|item| {
            let kept = retag(path_in(bytes, *item), item.tag);
            item.tag = kept.unwrap_or(item.tag);
            kept.is_some()
        });
    }

    /// Sorts the paths by `order` (not stable).
    fn sort_unstable_by(&mut self, mut order: impl FnMut(&Path, &Path) -> std::cmp::Ordering) {
        let bytes = &self.bytes;
        self.items
            .sort_unstable_by(|a, b| order(path_in(bytes, *a), path_in(bytes, *b)));
    }

    /// Sorts the paths by `key`, each key made once (stable).
    fn sort_by_cached_key<K: Ord>(&mut self, mut key: impl FnMut(&Path) -> K) {
        let bytes = &self.bytes;
        self.items
            .sort_by_cached_key(|item| key(path_in(bytes, *item)));
    }

    /// Of paths equal to the one before them, keeps the first.
    fn dedup(&mut self) {
        let bytes = &self.bytes;
        self.items
            .dedup_by(|a, b| path_in(bytes, *a) == path_in(bytes, *b));
    }

    fn path(&self, item: Item) -> &Path {
        path_in(&self.bytes, item)
    }
}

/// The path of `item` in its buffer, `bytes`. Items are made only by [`Paths::push`], which
/// appends to the buffer, and are only reordered, retagged or removed within their own
/// [`Paths`]: each is the whole of what `as_encoded_bytes` gave for one `OsStr`.
fn path_in(bytes: &[u8], item: Item) -> &Path {
    let bytes = &bytes[item.start..item.start + item.len as usize];
    #[cfg(unix)]
    let path = <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(bytes);
    // SAFETY: `bytes` are one `OsStr`'s encoded bytes, whole (see above).
    #[cfg(not(unix))]
    let path = unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(bytes) };
    Path::new(path)
}

/// The files to lint, in path order (as `Path` sorts), each with the command-line path it came
/// from (its site is discovered from it).
#[derive(Debug, Default)]
pub struct Targets {
    /// Tagged with the number of their origin.
    paths: Paths,
    /// Each origin: the folder named on the command line, and whether its files were found by
    /// walking it (a file named on the command line is its own origin, with its folder).
    origins: Vec<(PathBuf, bool)>,
}

/// One file to lint, with the command-line path it came from.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub path: &'a Path,
    /// The folder named on the command line that led to this file: the site root when no
    /// generator config is found above the file.
    pub linted_dir: &'a Path,
    /// Found by walking a folder (config `exclude` applies), not named on the command line.
    pub walked: bool,
}

impl Targets {
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Target<'_>> + '_ {
        self.paths
            .iter()
            .map(|(path, origin)| target_of(&self.origins, path, origin))
    }

    /// Keeps the targets `keep` says to.
    pub fn retain(&mut self, mut keep: impl FnMut(Target<'_>) -> bool) {
        let origins = &self.origins;
        self.paths
            .retag(|path, origin| keep(target_of(origins, path, origin)).then_some(origin));
    }

    /// The paths of the targets `tag` gives a number, with it, in order.
    pub fn into_paths(self, mut tag: impl FnMut(Target<'_>) -> Option<u32>) -> Paths {
        let Targets { mut paths, origins } = self;
        paths.retag(|path, origin| tag(target_of(&origins, path, origin)));
        paths
    }
}

fn target_of<'a>(origins: &'a [(PathBuf, bool)], path: &'a Path, origin: u32) -> Target<'a> {
    let (linted_dir, walked) = &origins[origin as usize];
    Target {
        path,
        linted_dir,
        walked: *walked,
    }
}

/// Expands `paths` into files, each once, in path order (as `Path` sorts). Paths that do not
/// exist are returned as errors.
pub fn collect(paths: &[PathBuf]) -> (Targets, Vec<String>) {
    let mut targets = Targets::default();
    let mut errors = Vec::new();
    for path in paths {
        // Fewer than a command line can hold.
        let origin = u32::try_from(targets.origins.len()).expect("fewer than 2^32 paths");
        if path.is_file() {
            // Named on the command line: linted even if ignored or oddly named, as typos does.
            let linted_dir = path
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            targets.origins.push((linted_dir, false));
            targets.paths.push(path, origin);
        } else if path.is_dir() {
            targets.origins.push((path.clone(), true));
            let failed = for_each_markdown(path, |found| {
                targets.paths.push(clean_ref(found), origin);
            });
            errors.extend(failed);
        } else {
            errors.push(format!("{}: no such file or directory", path.display()));
        }
    }
    if let [_] = paths {
        // One file, or one folder's files: no path twice, and one prefix for all.
        targets.paths.sort_unstable_by(walk_order);
    } else {
        targets.paths.sort_by_cached_key(order_key);
        targets.paths.dedup();
    }
    (targets, errors)
}

/// The Markdown files under `dir` (honouring `.gitignore`, not following symlinks), in walk
/// order (which depends on the file system), and the errors met on the way.
pub fn markdown_files(dir: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let mut found = Vec::new();
    let errors = for_each_markdown(dir, |path| found.push(path.to_path_buf()));
    (found, errors)
}

/// Calls `found` with each Markdown file under `dir` (as [`markdown_files`] finds them), and
/// returns the errors met on the way.
fn for_each_markdown(dir: &Path, mut found: impl FnMut(&Path)) -> Vec<String> {
    let mut errors = Vec::new();
    for entry in ignore::WalkBuilder::new(dir).build() {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_markdown(entry.path()) {
                    found(entry.path());
                }
            }
            Err(err) => errors.push(err.to_string()),
        }
    }
    errors
}

/// The order of `Path` for paths found by one walk: they share their first components (the
/// walked folder, byte for byte) and below it are plain names joined by one separator, so
/// comparing bytes, a separator below any other byte, is comparing components (and ten times
/// faster than `Path`'s `Ord`).
fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let rank = |bytes: &[u8]| {
        bytes.get(common).map(|&c| {
            if std::path::is_separator(char::from(c)) {
                0
            } else {
                u16::from(c) + 1
            }
        })
    };
    rank(a).cmp(&rank(b))
}

/// Bytes that sort as `path` does (component by component, as `Path`'s `Ord`), but compare
/// with one `memcmp`: each component as a tag in `Component`'s order, its bytes, and a NUL
/// (which no file name holds, so a name sorts before any longer name it begins).
pub fn order_key(path: &Path) -> Vec<u8> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for component in path.components() {
        let (tag, bytes) = match component {
            Component::Prefix(prefix) => (1, prefix.as_os_str().as_encoded_bytes()),
            Component::RootDir => (2, &[][..]),
            Component::CurDir => (3, &[][..]),
            Component::ParentDir => (4, &[][..]),
            Component::Normal(name) => (5, name.as_encoded_bytes()),
        };
        key.push(tag);
        key.extend_from_slice(bytes);
        key.push(0);
    }
    key
}

/// A Markdown page, by its extension (`md`, `markdown`, in any ASCII case), told from a
/// `/`-separated path's last part as [`is_markdown`] tells it from a path.
pub(crate) fn is_markdown_name(path: &str) -> bool {
    // Most paths looked up are images': their last letter tells them apart at once.
    if !matches!(path.as_bytes().last(), Some(b'd' | b'D' | b'n' | b'N')) {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    // As `Path::extension`: none for a name that only begins with a dot.
    match name.rfind('.') {
        Some(dot) if dot > 0 && name != ".." => MARKDOWN_EXTENSIONS
            .iter()
            .any(|m| m.eq_ignore_ascii_case(&name[dot + 1..])),
        _ => false,
    }
}

/// A Markdown page, by its extension (`md`, `markdown`, in any ASCII case).
fn is_markdown(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        MARKDOWN_EXTENSIONS
            .iter()
            .any(|m| m.eq_ignore_ascii_case(e))
    })
}

/// `./a/b.md` as `a/b.md`: paths as a user would type them.
pub fn clean(path: &Path) -> PathBuf {
    clean_ref(path).to_path_buf()
}

fn clean_ref(path: &Path) -> &Path {
    path.strip_prefix(".").unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keys_sort_as_paths_do() {
        let paths = [
            "a/b.md",
            "a-b.md",
            "a.md",
            "a/b/c.md",
            "a/bc.md",
            "a/b",
            "/abs/x.md",
            "./a.md",
            "../a.md",
            "a//b.md",
            "a/./b.md",
            "a/b/",
            "Z.md",
            "é.md",
            "a/b\u{1}c.md",
            "a/b c.md",
            "",
        ];
        let mut by_path: Vec<&Path> = paths.iter().map(Path::new).collect();
        let mut by_key = by_path.clone();
        by_path.sort();
        by_key.sort_by_cached_key(|p| order_key(p));
        assert_eq!(by_key, by_path);
        for a in &paths {
            for b in &paths {
                let (a, b) = (Path::new(a), Path::new(b));
                assert_eq!(order_key(a).cmp(&order_key(b)), a.cmp(b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn markdown_names_are_told_as_paths_are() {
        for name in [
            "a.md",
            "a.MD",
            "a.Markdown",
            ".md",
            "..md",
            "a..md",
            "a.md.txt",
            "a.mdx",
            "md",
            ".",
            "..",
            "a.",
            "é.md",
            "a.ｍd",
            "dir.md/a.png",
            "x/.md",
            "x/y.markdown",
        ] {
            assert_eq!(
                is_markdown_name(name),
                is_markdown(Path::new(name)),
                "{name}"
            );
        }
    }

    #[test]
    fn walk_order_is_path_order_below_one_folder() {
        let names = [
            "a/b.md",
            "a-b.md",
            "a.md",
            "a/b/c.md",
            "a/bc.md",
            "a/b",
            "a b.md",
            "a!.md",
            "Z.md",
            "é.md",
            "a/b-c/d.md",
            "a/b.c/d.md",
            "a/b/c/d/e.md",
            "ab",
        ];
        for root in ["site", "./site", "/abs/site/", "s//x"] {
            let paths: Vec<PathBuf> = names.iter().map(|n| Path::new(root).join(n)).collect();
            for a in &paths {
                for b in &paths {
                    assert_eq!(walk_order(a, b), a.cmp(b), "{a:?} vs {b:?}");
                }
            }
        }
    }

    #[test]
    fn paths_come_back_as_pushed_and_retagged() {
        let mut paths = Paths::default();
        let names = ["a.md", "", "dir/é b.md", "/abs/x.markdown", "a.md"];
        for (i, name) in names.iter().enumerate() {
            paths.push(Path::new(name), i as u32);
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = Path::new(std::ffi::OsStr::from_bytes(b"bad\xff\xfe.md"));
            paths.push(odd, 9);
            assert_eq!(paths.get(5), (odd, 9));
        }
        for (i, name) in names.iter().enumerate() {
            assert_eq!(paths.get(i), (Path::new(name), i as u32));
        }
        // Every other path kept, with a new tag; the rest keep their paths.
        paths.retag(|path, tag| (tag % 2 == 0).then(|| tag + path.as_os_str().len() as u32));
        let kept: Vec<(&Path, u32)> = paths.iter().collect();
        assert_eq!(
            kept,
            [
                (Path::new("a.md"), 4),
                (Path::new("dir/é b.md"), 13),
                (Path::new("a.md"), 8)
            ]
        );
    }

    #[test]
    fn targets_keep_their_origin() {
        let dir = tempfile::tempdir().unwrap();
        let (site, other) = (dir.path().join("site"), dir.path().join("other"));
        // Enough files that they are not sorted by insertion (stable whatever the sort).
        let mut names: Vec<String> = (0..40).map(|i| format!("site/p{i:02}.md")).collect();
        names.extend(["site/sub/a.md", "site/c.txt", "other/x.md", "other/y.md"].map(String::from));
        for name in &names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let named = other.join("x.md");
        // A file named twice, or named and found by the walk, is linted once, as the first
        // named it: a folder, then files of another folder and of its own.
        let (mut targets, errors) = collect(&[
            site.clone(),
            named.clone(),
            site.join("p07.md"),
            site.join("c.txt"),
            site.join("p31.md"),
            named.clone(),
        ]);
        assert!(errors.is_empty());
        let found: Vec<(PathBuf, PathBuf, bool)> = targets
            .iter()
            .map(|t| (t.path.to_path_buf(), t.linted_dir.to_path_buf(), t.walked))
            .collect();
        let mut expected = vec![(named.clone(), other.clone(), false)];
        expected.extend((0..40).map(|i| (site.join(format!("p{i:02}.md")), site.clone(), true)));
        expected.insert(1, (site.join("c.txt"), site.clone(), false));
        expected.push((site.join("sub/a.md"), site.clone(), true));
        assert_eq!(found, expected);
        targets.retain(|t| t.walked);
        assert_eq!(targets.len(), 41);
        let paths = targets.into_paths(|t| t.path.ends_with("a.md").then_some(7));
        let kept: Vec<(&Path, u32)> = paths.iter().collect();
        assert_eq!(kept, [(site.join("sub/a.md").as_path(), 7)]);
    }

    #[test]
    fn walked_paths_lose_a_leading_dot() {
        assert_eq!(clean(Path::new("./a/b.md")), Path::new("a/b.md"));
        assert_eq!(clean(Path::new("../a.md")), Path::new("../a.md"));
        assert_eq!(clean(Path::new("a/./b.md")), Path::new("a/b.md"));
    }

    #[test]
    fn a_folder_comes_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "a.md", "a-b.md", "a/b.md", "a/c/d.md", "b.md", "a/a.md", "Z.md", "a.b/c.md",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let (targets, errors) = collect(&[dir.path().to_path_buf()]);
        assert!(errors.is_empty());
        let found: Vec<PathBuf> = targets.iter().map(|t| t.path.to_path_buf()).collect();
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found, sorted);
        assert_eq!(found.len(), 8);
    }
}
