//! The command line end to end: formats, exit codes, and the seed article's defects.

mod common;
use common::hugo_site;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn contentlint() -> Command {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn json_check(dir: &Path, args: &[&str]) -> (Value, i32) {
    let output = contentlint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {}", String::from_utf8_lossy(&output.stdout)));
    (json, output.status.code().unwrap())
}

fn counts(json: &Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for d in json["diagnostics"].as_array().unwrap() {
        *counts
            .entry(d["rule"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    counts
}

fn glued_tokens(json: &Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "glued-words")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

/// The seed's defects as issue #2 lists them, plus the outline's skipped level (`###` right
/// after the title) that the structure rules find in both articles.
fn expected_seed_counts() -> BTreeMap<String, usize> {
    [
        ("clipboard-fragment", 4),
        ("duplicate-title", 1),
        ("glued-words", 1),
        ("heading-increment", 1),
        ("missing-asset", 2),
        ("redundant-description", 1),
        ("stray-backslash", 5),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

#[test]
fn our_french_article_with_the_seed_defects() {
    let article =
        fs::read(manifest().join("fixtures/sites/hugo-sample/content/posts/conseil-municipal.md"))
            .unwrap();
    let site = hugo_site("conseil-municipal.md", &article);
    let (json, code) = json_check(site.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(counts(&json), expected_seed_counts());
    assert_eq!(
        glued_tokens(&json),
        ["number `18:45` glued to the word `Mis`"]
    );
    let missing: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-asset")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        missing[0].starts_with("`thumbnailImage` image"),
        "{missing:?}"
    );
    assert!(missing[1].starts_with("`image` image"), "{missing:?}");
}

/// The real article this tool exists for, from `../shared/seed/` (present beside the clone in CI).
#[test]
fn the_real_seed_article() {
    let seed = manifest().join("../shared/seed/000_f3b1cabb9cb03aef.txt");
    let article = fs::read(&seed).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (../shared must sit beside the clone)",
            seed.display()
        )
    });
    let site = hugo_site("seed.md", &article);
    let (json, code) = json_check(site.path(), &["."]);
    assert_eq!(code, 1);
    // The real article also has a padded `summary: " l'Arménie…"` and no final newline.
    let mut expected = expected_seed_counts();
    expected.insert("front-matter-whitespace".into(), 1);
    expected.insert("final-newline".into(), 1);
    assert_eq!(counts(&json), expected);
    assert_eq!(
        glued_tokens(&json),
        ["number `16:38` glued to the word `Mis`"]
    );
}

#[test]
fn clean_article_has_no_diagnostic() {
    let sample = manifest().join("fixtures/sites/hugo-sample");
    contentlint()
        .current_dir(&sample)
        .args(["check", "content/posts/clean-article.md"])
        .assert()
        .code(0)
        .stdout("No problems in 1 file\n");
}

#[test]
fn json_document_shape_and_relative_paths() {
    let sample = manifest().join("fixtures/sites/hugo-sample");
    let (json, code) = json_check(&sample, &["content/posts/bike-lanes.md"]);
    assert_eq!(code, 1);
    assert_eq!(json["version"], 1);
    let first = &json["diagnostics"][0];
    for key in [
        "rule",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "help",
        "fix",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(first["path"], "content/posts/bike-lanes.md");
    let missing = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "missing-asset" && d["line"] == 7)
        .expect("image in the body");
    assert_eq!(missing["column"], 17);
    assert_eq!(missing["fix"]["applicability"], "safe");
    assert_eq!(
        missing["fix"]["edits"][0]["content"],
        "/images/bike-lane.png"
    );
    let summary = &json["summary"];
    assert_eq!(summary["problems"], 4);
    assert_eq!(summary["errors"], 3);
    assert_eq!(summary["warnings"], 1);
    assert_eq!(summary["files"], 1);
}

#[test]
fn columns_count_characters_not_bytes() {
    let site = hugo_site(
        "a.md",
        "---\ntitle: T\n---\nÀ Lyon, é à minuit.Officiellement rien.\n".as_bytes(),
    );
    let (json, _) = json_check(site.path(), &[]);
    let d = &json["diagnostics"][0];
    assert_eq!(d["rule"], "glued-words");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(13))
    );
}

#[test]
fn exit_codes() {
    // Warnings only: exit 0.
    let warn = hugo_site(
        "w.md",
        b"---\ntitle: T\n---\nThey met at midnight.Officials said nothing.\n",
    );
    let (json, code) = json_check(warn.path(), &[]);
    assert_eq!(counts(&json).get("glued-words"), Some(&1));
    assert_eq!(code, 0);
    // An unknown path: exit 2, the other paths are still linted.
    let output = contentlint()
        .current_dir(warn.path())
        .args(["check", "--format", "json", "content", "no/such/dir"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no/such/dir: no such file or directory")
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 1);
}

#[test]
fn unreadable_site_config_is_exit_2() {
    let site = hugo_site("a.md", b"---\ntitle: T\n---\nText.\n");
    fs::write(
        site.path().join("hugo.toml"),
        "baseURL = \"https://example.org/\n",
    )
    .unwrap();
    contentlint()
        .current_dir(site.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("hugo.toml"));
}

#[test]
fn invalid_utf8_is_a_diagnostic_not_a_panic() {
    let site = hugo_site(
        "latin1.md",
        b"---\ntitle: T\n---\nPubli\xe9 le 22 nov. 2023\n",
    );
    let (json, code) = json_check(site.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(counts(&json), BTreeMap::from([("encoding".to_string(), 1)]));
    assert!(json["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("offset 22"));
    contentlint()
        .current_dir(site.path())
        .arg("check")
        .assert()
        .code(1);
}

#[test]
fn plain_text_output_when_piped() {
    let sample = manifest().join("fixtures/sites/hugo-sample");
    let output = contentlint()
        .current_dir(&sample)
        .args(["check", "content/posts/bike-lanes.md"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "no ANSI escapes: {text}");
    assert!(
        text.contains("[content/posts/bike-lanes.md:11:21]"),
        "{text}"
    );
    assert!(
        text.contains("midnight.Officials"),
        "the source line is shown: {text}"
    );
    assert!(text.contains("help: Insert a space"), "{text}");
    assert!(
        text.ends_with("4 problems (3 errors, 1 warning) in 1 file, 2 fixable with --fix\n"),
        "{text}"
    );
}

#[test]
fn whole_sample_site_summary() {
    let output = contentlint()
        .current_dir(manifest())
        .args(["check", "fixtures/sites/hugo-sample"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.ends_with("19 problems (15 errors, 4 warnings) in 2 files, 12 fixable with --fix\n"),
        "{text}"
    );
}

#[test]
fn rules_and_rule_docs() {
    let output = contentlint().arg("rules").output().unwrap();
    let list = String::from_utf8(output.stdout).unwrap();
    for id in [
        "clipboard-fragment",
        "stray-backslash",
        "duplicate-title",
        "redundant-description",
        "date-mismatch",
        "missing-asset",
        "glued-words",
    ] {
        assert!(list.contains(id), "{id} missing from {list}");
    }
    contentlint()
        .args(["rule", "duplicate-title"])
        .assert()
        .success()
        .stdout(predicates::str::contains("## Why is this bad?"));
    contentlint().args(["explain", "nope"]).assert().code(2);
}

#[test]
fn files_named_explicitly_are_linted_whatever_their_extension() {
    let site = hugo_site("a.md", b"");
    let odd: PathBuf = site.path().join("content/posts/notes.txt");
    fs::write(&odd, "---\ntitle: T\n---\n<!--StartFragment-->\n").unwrap();
    let (json, code) = json_check(site.path(), &["content/posts/notes.txt"]);
    assert_eq!(code, 1);
    assert_eq!(
        counts(&json),
        BTreeMap::from([("clipboard-fragment".to_string(), 1)])
    );
    // A walk skips it.
    let (json, _) = json_check(site.path(), &["content"]);
    assert_eq!(json["summary"]["files"], 1);
}
