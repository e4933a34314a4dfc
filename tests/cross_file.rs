//! The cross-file pass adds the cross-file rules' problems to the linting pass's report by
//! parsing only the front matter again, unless a suppression comment or a baseline could change
//! the report; then it lints the article again with every rule. Both must give the same output.

use assert_cmd::Command;
use std::fs;

mod common;

/// Problems before, at and after the title and slug lines, in articles that collide.
const ARTICLES: &[(&str, &str)] = &[
    (
        "a.md",
        "---\ndescription: Ergo roadmap\ntitle: Ergo roadmap\ndate: 2023-11-22\nslug: roadmap\n---\n# Ergo roadmap\n\n<!--StartFragment-->\nText \\\n\n\\\n16:38Mis à jour\n",
    ),
    (
        "b.md",
        "---\ntitle: Ergo roadmap\ndate: 2023-11-25\nslug: roadmap\nthumbnailImage: assets/img/x.jpeg\n---\nIntro.   \n\n### Deep\n\n<!--EndFragment-->\n",
    ),
    (
        "c.md",
        "---\ntitle: ergo  ROADMAP\ndate: 2023-12-01\naliases: [/posts/roadmap/]\n---\nBody\n\n\n\nEnd",
    ),
    ("d.md", "---\ntitle: Alone\ndate: 2020-01-01\n---\nClean.\n"),
];

fn run(dir: &std::path::Path, format: &str, extra: &[&str]) -> (String, i32) {
    let output = Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--no-cache", "--format", format])
        .args(extra)
        .arg(".")
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code().unwrap(),
    )
}

/// (path, rule) of every problem `check --format json` finds in `dir`.
fn found(dir: &std::path::Path) -> Vec<(String, String)> {
    let (json, _) = run(dir, "json", &[]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().into(),
                d["rule"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn merged_cross_file_problems_equal_a_full_lint() {
    let site = common::hugo_site(ARTICLES[0].0, ARTICLES[0].1.as_bytes());
    for (name, text) in &ARTICLES[1..] {
        fs::write(site.path().join("content/posts").join(name), text).unwrap();
    }
    // An empty baseline filters nothing, but makes the cross-file pass lint every article with
    // peers again with every rule.
    fs::write(site.path().join("empty.md"), "").unwrap();
    let written = Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(site.path())
        .args([
            "check",
            "--no-cache",
            "--write-baseline",
            "base.json",
            "empty.md",
        ])
        .output()
        .unwrap();
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    fs::remove_file(site.path().join("empty.md")).unwrap();
    for format in ["json", "text", "sarif"] {
        let merged = run(site.path(), format, &[]);
        let full = run(site.path(), format, &["--baseline", "base.json"]);
        assert_eq!(merged, full, "{format}");
        assert_eq!(merged.1, 1);
    }
    let rules = found(site.path());
    let rules: Vec<(&str, &str)> = rules.iter().map(|(p, r)| (&p[..], &r[..])).collect();
    // The cross-file problems are there, among the others, in each file's order.
    for (path, rule) in [
        ("content/posts/a.md", "title-collision"),
        ("content/posts/b.md", "title-collision"),
        ("content/posts/c.md", "title-collision"),
        ("content/posts/a.md", "slug-collision"),
        ("content/posts/a.md", "clipboard-fragment"),
        ("content/posts/a.md", "redundant-description"),
        ("content/posts/b.md", "missing-asset"),
    ] {
        assert!(rules.contains(&(path, rule)), "{path} {rule}: {rules:?}");
    }
    assert!(!rules.iter().any(|(path, _)| path.ends_with("d.md")));
}

#[test]
fn a_suppression_comment_still_applies_to_cross_file_problems() {
    let site = common::hugo_site(ARTICLES[0].0, ARTICLES[0].1.as_bytes());
    fs::write(
        site.path().join("content/posts/b.md"),
        "---\ntitle: Ergo roadmap\ndate: 2023-11-25\n---\n<!-- contentlint-disable-file title-collision -->\nText.\n",
    )
    .unwrap();
    let collisions: Vec<(String, String)> = found(site.path())
        .into_iter()
        .filter(|(_, rule)| rule == "title-collision")
        .collect();
    assert_eq!(
        collisions,
        [(
            "content/posts/a.md".to_string(),
            "title-collision".to_string()
        )]
    );
}
