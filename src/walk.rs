//! Which files to lint: explicit files as given, folders walked for Markdown honouring .gitignore.

use std::path::{Path, PathBuf};

pub const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown"];

/// One file to lint, with the command-line path it came from (its site is discovered from it).
#[derive(Debug, Clone)]
pub struct Target {
    pub path: PathBuf,
    /// The folder named on the command line that led to this file: the site root when no
    /// generator config is found above the file.
    pub linted_dir: PathBuf,
    /// Found by walking a folder (config `exclude` applies), not named on the command line.
    pub walked: bool,
}

/// Expands `paths` into files, each once, in path order (as `Path` sorts). Paths that do not
/// exist are returned as errors.
pub fn collect(paths: &[PathBuf]) -> (Vec<Target>, Vec<String>) {
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_file() {
            // Named on the command line: linted even if ignored or oddly named, as typos does.
            let linted_dir = path
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            targets.push(Target {
                path: path.clone(),
                linted_dir,
                walked: false,
            });
        } else if path.is_dir() {
            walk_dir(path, &mut targets, &mut errors);
        } else {
            errors.push(format!("{}: no such file or directory", path.display()));
        }
    }
    if let [_] = paths {
        // One file, or one folder's files: no path twice, and one prefix for all.
        targets.sort_unstable_by(|a, b| walk_order(&a.path, &b.path));
    } else {
        targets.sort_by_cached_key(|t| order_key(&t.path));
        targets.dedup_by(|a, b| a.path == b.path);
    }
    (targets, errors)
}

fn walk_dir(dir: &Path, targets: &mut Vec<Target>, errors: &mut Vec<String>) {
    let (found, failed) = markdown_files(dir);
    targets.extend(found.into_iter().map(|path| Target {
        path: clean(&path),
        linted_dir: dir.to_path_buf(),
        walked: true,
    }));
    errors.extend(failed);
}

/// The Markdown files under `dir` (honouring `.gitignore`, not following symlinks), in walk
/// order (which depends on the file system), and the errors met on the way.
pub fn markdown_files(dir: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for entry in ignore::WalkBuilder::new(dir).build() {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_markdown(entry.path()) {
                    found.push(entry.into_path());
                }
            }
            Err(err) => errors.push(err.to_string()),
        }
    }
    (found, errors)
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
    match path.strip_prefix(".") {
        Ok(stripped) => stripped.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
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
        let found: Vec<PathBuf> = targets.into_iter().map(|t| t.path).collect();
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found, sorted);
        assert_eq!(found.len(), 8);
    }
}
