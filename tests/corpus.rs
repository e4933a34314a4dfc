//! The real sites of `../shared/corpus` (skipped when that folder is absent), with every rule
//! enabled: linting twice gives the same JSON, nothing crashes or reports an internal error, a
//! second `--fix` changes nothing, and no file that parsed before `--fix` fails to parse after.

mod common;
use common::copy_dir;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use contentlint::article::Article;
use contentlint::registry::RuleSet;

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
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
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

/// `--select` with every rule of the catalog, opt-in ones included.
fn every_rule() -> String {
    let rules = RuleSet::standard().unwrap();
    let ids: Vec<&str> = rules.ids().collect();
    assert!(ids.len() > 30, "{ids:?}");
    ids.join(",")
}

/// Runs `contentlint check` with every rule; fails on a crash or an internal error. Returns stdout.
fn run(dir: &Path, args: &[&str]) -> Vec<u8> {
    let output = Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args([
            "check",
            "--quiet",
            "--format",
            "json",
            "--select",
            &every_rule(),
        ])
        .args(args)
        .arg(".")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "contentlint check {args:?} exited with {:?}: {stderr}",
        output.status.code()
    );
    assert!(
        !stderr.contains("internal error") && !stderr.contains("panicked"),
        "{stderr}"
    );
    output.stdout
}

#[test]
fn every_rule_lints_real_sites_deterministically() {
    let Some(corpus) = corpus() else { return };
    let work = tempfile::tempdir().unwrap();
    copy_dir(&corpus, work.path());
    let mut articles = BTreeMap::new();
    markdown_files(work.path(), &mut articles);

    let first = run(work.path(), &[]);
    let second = run(work.path(), &[]);
    assert!(
        first == second,
        "two runs over the same files gave different JSON"
    );
    let json: serde_json::Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(
        json["summary"]["files"].as_u64(),
        Some(articles.len() as u64),
        "every article is linted"
    );
    let rules: std::collections::BTreeSet<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.len() > 15,
        "every rule ran, so many report something: {rules:?}"
    );
}

#[test]
fn fixing_real_sites_twice_changes_nothing_the_second_time() {
    let Some(corpus) = corpus() else { return };
    let work = tempfile::tempdir().unwrap();
    copy_dir(&corpus, work.path());
    let mut before = BTreeMap::new();
    markdown_files(work.path(), &mut before);

    for fix_args in [&["--fix"][..], &["--fix", "--unsafe-fixes"][..]] {
        run(work.path(), fix_args);
        let mut once = BTreeMap::new();
        markdown_files(work.path(), &mut once);
        run(work.path(), fix_args);
        let mut twice = BTreeMap::new();
        markdown_files(work.path(), &mut twice);
        let changed_again: Vec<&PathBuf> = once.keys().filter(|p| once[*p] != twice[*p]).collect();
        assert!(
            changed_again.is_empty(),
            "a second {fix_args:?} changed {changed_again:?}"
        );
        for (path, original) in &before {
            if parses(path, original) {
                assert!(
                    parses(path, &twice[path]),
                    "{} parsed before {fix_args:?} and not after",
                    path.display()
                );
            }
        }
    }
    let changed = before
        .iter()
        .filter(|(p, b)| fs::read(p).unwrap() != **b)
        .count();
    assert!(
        changed > 200,
        "the corpus has hundreds of pasted articles to fix; only {changed} changed"
    );
}
