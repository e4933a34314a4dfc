//! The result cache: a cached run says exactly what an uncached one says, and anything that can
//! change the answer (a file's text, its settings, the site's files, a corrupt cache) is noticed.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// `check --format json` over `site`, with the cache in `cache` (or none), from `site`'s folder.
fn run(site: &Path, cache: Option<&Path>, extra: &[&str]) -> (String, i32) {
    let mut command = Command::cargo_bin("contentlint").unwrap();
    command
        .current_dir(site)
        .args(["check", "--no-config", "--format", "json", "."]);
    match cache {
        Some(dir) => command.arg("--cache-dir").arg(dir),
        None => command.arg("--no-cache"),
    };
    let out = command.args(extra).output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn sample_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sites/hugo-sample"),
        dir.path(),
    );
    dir
}

/// Every Markdown file under `dir`, with its text.
fn articles(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(articles(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn cached_runs_say_what_uncached_runs_say() {
    let site = sample_site();
    let cache = tempfile::tempdir().unwrap();
    let uncached = run(site.path(), None, &[]);
    assert!(
        uncached.0.contains("\"rule\""),
        "the sample site has problems"
    );
    assert!(
        fs::read_dir(cache.path()).unwrap().next().is_none(),
        "--no-cache writes nothing"
    );
    let first = run(site.path(), Some(cache.path()), &[]);
    assert_eq!(first, uncached);
    let written: Vec<_> = fs::read_dir(cache.path()).unwrap().flatten().collect();
    assert!(!written.is_empty(), "the first run fills the cache");
    assert_eq!(run(site.path(), Some(cache.path()), &[]), uncached);
    // The text format reads the source lines of cached problems.
    let text = |cache: Option<&Path>| {
        let mut command = Command::cargo_bin("contentlint").unwrap();
        command
            .current_dir(site.path())
            .args(["check", "--no-config", "."]);
        match cache {
            Some(dir) => command.arg("--cache-dir").arg(dir),
            None => command.arg("--no-cache"),
        };
        command.output().unwrap().stdout
    };
    assert_eq!(text(Some(cache.path())), text(None));
}

#[test]
fn edits_settings_and_site_files_are_noticed() {
    let site = sample_site();
    let cache = tempfile::tempdir().unwrap();
    let c = Some(cache.path());
    run(site.path(), c, &[]);

    // An edited article (same size, so only its time and content tell).
    let article = articles(site.path())
        .into_iter()
        .find(|p| fs::read_to_string(p).unwrap().contains("title"))
        .unwrap();
    let text = fs::read_to_string(&article).unwrap();
    let edited = text.replacen("title", "TITLE", 1);
    assert_eq!(edited.len(), text.len());
    fs::write(&article, &edited).unwrap();
    assert_eq!(
        run(site.path(), c, &[]),
        run(site.path(), None, &[]),
        "an edited file is linted again"
    );
    // Added trailing whitespace: a new problem at once.
    fs::write(&article, format!("{edited}trailing   \n")).unwrap();
    let (json, _) = run(site.path(), c, &[]);
    assert!(json.contains("trailing-whitespace"));
    assert_eq!(run(site.path(), c, &[]), run(site.path(), None, &[]));

    // Other settings: another answer, never the cached one.
    let ignored = run(site.path(), c, &["--ignore", "trailing-whitespace"]);
    assert!(!ignored.0.contains("trailing-whitespace"));
    assert_eq!(
        ignored,
        run(site.path(), None, &["--ignore", "trailing-whitespace"])
    );

    // A missing image that appears: missing-asset must see it.
    let (before, _) = run(site.path(), c, &[]);
    let missing: Vec<String> = serde_json::from_str::<serde_json::Value>(&before).unwrap()
        ["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-asset")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(!missing.is_empty(), "the sample site has a missing image");
    assert!(missing.iter().any(|m| m.contains("/images/Bike-Lane.png")));
    fs::create_dir_all(site.path().join("static/images")).unwrap();
    fs::write(site.path().join("static/images/Bike-Lane.png"), b"").unwrap();
    let (after, _) = run(site.path(), c, &[]);
    assert!(
        !after.contains("Bike-Lane.png` not found"),
        "the cached missing-asset result was used after the image appeared"
    );
    assert_eq!(run(site.path(), c, &[]), run(site.path(), None, &[]));
}

#[test]
fn a_corrupt_cache_is_ignored_and_rewritten() {
    let site = sample_site();
    let cache = tempfile::tempdir().unwrap();
    let c = Some(cache.path());
    let expected = run(site.path(), None, &[]);
    run(site.path(), c, &[]);
    let file = fs::read_dir(cache.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "bin"))
        .unwrap();
    let good = fs::read(&file).unwrap();
    let truncated = good[..good.len() / 2].to_vec();
    // A huge length prefix: must not make the reader allocate it.
    let mut huge = good.clone();
    huge[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
    for garbage in [truncated, b"\0\xff".to_vec(), Vec::new(), huge] {
        fs::write(&file, garbage).unwrap();
        assert_eq!(run(site.path(), c, &[]), expected);
        // Rewritten whole (entries may come in another order).
        assert!(
            fs::read(&file).unwrap().len() == good.len(),
            "the cache was not rewritten"
        );
    }
}
