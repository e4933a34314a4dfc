//! Helpers shared by the integration tests (each test crate uses a part of them).
#![allow(dead_code)]

use std::fs;
use std::path::Path;

/// A bare Hugo site with an empty `static/`, holding `article` as content/posts/<name>.
pub fn hugo_site(name: &str, article: &[u8]) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    fs::create_dir_all(site.path().join("content/posts")).unwrap();
    fs::create_dir_all(site.path().join("static")).unwrap();
    fs::write(
        site.path().join("hugo.toml"),
        "baseURL = \"https://example.org/\"\n",
    )
    .unwrap();
    fs::write(site.path().join("content/posts").join(name), article).unwrap();
    site
}

/// Copies a folder tree (the corpus is never modified in place).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs git in `dir` with a fixed identity; fails the test when git fails.
pub fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.email=ci@example.org", "-c", "user.name=CI"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}
