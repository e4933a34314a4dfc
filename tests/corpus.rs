//! `--fix` on the real sites of `../shared/corpus` (skipped when that folder is absent): a second
//! run changes nothing, and no file that parsed before fails to parse after.

mod common;
use common::copy_dir;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use contentlint::article::Article;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn markdown_files(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown")
        {
            out.insert(path.clone(), fs::read(&path).unwrap());
        }
    }
}

fn parses(path: &Path, bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|text| {
        Article::parse(path, text)
            .front_matter
            .as_ref()
            .is_none_or(|fm| fm.data.is_ok())
    })
}

fn fix(dir: &Path, unsafe_fixes: bool) {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    cmd.current_dir(dir)
        .args(["check", "--fix", "--format", "json"]);
    if unsafe_fixes {
        cmd.arg("--unsafe-fixes");
    }
    let output = cmd.arg(".").output().unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn fixing_real_sites_twice_changes_nothing_the_second_time() {
    let Some(corpus) = corpus() else { return };
    let work = tempfile::tempdir().unwrap();
    copy_dir(&corpus, work.path());
    let mut before = BTreeMap::new();
    markdown_files(work.path(), &mut before);

    for unsafe_fixes in [false, true] {
        fix(work.path(), unsafe_fixes);
        let mut once = BTreeMap::new();
        markdown_files(work.path(), &mut once);
        fix(work.path(), unsafe_fixes);
        let mut twice = BTreeMap::new();
        markdown_files(work.path(), &mut twice);
        let changed_again: Vec<&PathBuf> = once.keys().filter(|p| once[*p] != twice[*p]).collect();
        assert!(
            changed_again.is_empty(),
            "a second --fix changed {changed_again:?}"
        );
        for (path, original) in &before {
            if parses(path, original) {
                assert!(
                    parses(path, &twice[path]),
                    "{} parsed before --fix and not after",
                    path.display()
                );
            }
        }
    }
    let changed = before.iter().filter(|(p, b)| twice_differs(p, b)).count();
    assert!(
        changed > 200,
        "the corpus has hundreds of pasted articles to fix; only {changed} changed"
    );
}

fn twice_differs(path: &Path, before: &[u8]) -> bool {
    fs::read(path).unwrap() != before
}
