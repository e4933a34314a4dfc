//! Runs on a git repository: changed-only runs, baselines, and cross-file rules that see the
//! whole site when only some files are passed.

mod common;
use common::git;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    fs::write(
        dir.path().join("hugo.toml"),
        "baseURL = \"https://example.org/\"\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("static")).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "start"]);
    dir
}

fn found(dir: &Path, args: &[&str]) -> (Vec<(String, String)>, i32) {
    let out = Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let list = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (list, out.status.code().unwrap())
}

const DIRTY: &str = "---\ntitle: Old\n---\n<!--StartFragment-->\nOld text.\n";

#[test]
fn changed_since_lints_only_changed_and_untracked_articles() {
    let dir = repo(&[
        ("content/old.md", DIRTY),
        ("content/edited.md", "---\ntitle: Edited\n---\nText.\n"),
    ]);
    fs::write(
        dir.path().join("content/edited.md"),
        "---\ntitle: Edited\n---\n<!--EndFragment-->\nText.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("content/new.md"),
        "---\ntitle: New\n---\nAt midnight.Officials said.\n",
    )
    .unwrap();
    let (list, _) = found(dir.path(), &["--changed-since", "HEAD", "."]);
    assert_eq!(
        list,
        [
            (
                "content/edited.md".to_string(),
                "clipboard-fragment".to_string()
            ),
            ("content/new.md".to_string(), "glued-words".to_string())
        ]
    );
    let (list, _) = found(dir.path(), &["."]);
    assert_eq!(list.len(), 3);
    Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--changed-since", "no-such-ref", "."])
        .assert()
        .code(2);
}

#[test]
fn cross_file_rules_see_the_files_that_were_not_passed() {
    let dir = repo(&[
        (
            "content/posts/summit.md",
            "---\ntitle: Summit\nslug: summit\ndate: 2023-11-22\n---\nText.\n",
        ),
        (
            "content/posts/new.md",
            "---\ntitle: Summit\nslug: summit\ndate: 2023-11-23\n---\nText.\n",
        ),
    ]);
    let (list, code) = found(dir.path(), &["content/posts/new.md"]);
    assert_eq!(
        list,
        [
            (
                "content/posts/new.md".to_string(),
                "title-collision".to_string()
            ),
            (
                "content/posts/new.md".to_string(),
                "slug-collision".to_string()
            )
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn baseline_round_trip_fails_only_on_new_problems() {
    let dir = repo(&[
        ("content/a.md", DIRTY),
        (
            "content/b.md",
            "---\ntitle: B\nimage: /img/none.jpg\n---\nText.\n",
        ),
    ]);
    let baseline = dir.path().join("contentlint-baseline.json");
    Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "check",
            "--write-baseline",
            "contentlint-baseline.json",
            ".",
        ])
        .assert()
        .code(0);
    let (list, code) = found(
        dir.path(),
        &["--baseline", "contentlint-baseline.json", "."],
    );
    assert_eq!((list.len(), code), (0, 0));
    // Lines added above the old problems do not revive them; a new problem fails.
    fs::write(
        dir.path().join("content/a.md"),
        "---\ntitle: Old\n---\nA new first paragraph.\n\n<!--StartFragment-->\nOld text.\n\n<!--EndFragment-->\n",
    )
    .unwrap();
    let (list, code) = found(
        dir.path(),
        &["--baseline", "contentlint-baseline.json", "."],
    );
    assert_eq!(
        list,
        [("content/a.md".to_string(), "clipboard-fragment".to_string())]
    );
    assert_eq!(code, 1);
    let saved: Value = serde_json::from_str(&fs::read_to_string(baseline).unwrap()).unwrap();
    assert_eq!(saved["entries"].as_array().unwrap().len(), 2);
}
