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

/// Expands `paths` into files. Paths that do not exist are returned as errors.
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
    targets.sort_by(|a, b| a.path.cmp(&b.path));
    targets.dedup_by(|a, b| a.path == b.path);
    (targets, errors)
}

fn walk_dir(dir: &Path, targets: &mut Vec<Target>, errors: &mut Vec<String>) {
    for entry in ignore::WalkBuilder::new(dir).build() {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_markdown(entry.path()) {
                    targets.push(Target {
                        path: clean(entry.path()),
                        linted_dir: dir.to_path_buf(),
                        walked: true,
                    });
                }
            }
            Err(err) => errors.push(err.to_string()),
        }
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        MARKDOWN_EXTENSIONS
            .iter()
            .any(|m| m.eq_ignore_ascii_case(e))
    })
}

/// `./a/b.md` as `a/b.md`: paths as a user would type them.
fn clean(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}
