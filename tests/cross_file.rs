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

/// `(path, rule)` of the title collisions `check --format concise ARGS` prints, run in `dir`.
fn collisions(dir: &std::path::Path, args: &[&str]) -> Vec<String> {
    let output = Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--no-cache", "--format", "concise"])
        .args(args)
        .output()
        .unwrap();
    let mut lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.contains("title-collision"))
        .map(|l| l.split(':').next().unwrap_or_default().to_string())
        .collect();
    lines.sort();
    lines
}

/// Two articles with one title: `a.md` and `b.md`.
fn colliding_site() -> tempfile::TempDir {
    let text = "---\ntitle: Same story\ndate: 2024-01-01\n---\nText.\n";
    let site = common::hugo_site("a.md", text.as_bytes());
    fs::write(site.path().join("content/posts/b.md"), text).unwrap();
    site
}

#[test]
fn every_job_of_one_article_gets_its_cross_file_problems() {
    let site = colliding_site();
    let dir = site.path();
    let absolute = dir.join("content/posts/a.md");
    let absolute = absolute.to_str().unwrap();
    // The same file named twice, as a relative and an absolute path.
    let found = collisions(dir, &["content/posts/a.md", absolute]);
    assert_eq!(found.len(), 2, "{found:?}");
    // And through a symbolic link.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("posts/a.md", dir.join("content/link.md")).unwrap();
        let found = collisions(dir, &["content/posts/a.md", "content/link.md"]);
        assert_eq!(found, ["content/link.md", "content/posts/a.md"]);
    }
}

#[test]
fn each_site_of_a_run_finds_its_own_collisions() {
    // Two sites (no configuration: a folder named on the command line is a site), one inside
    // the other; each has a pair of articles with one title.
    let top = tempfile::tempdir().unwrap();
    let text = "---\ntitle: Same story\ndate: 2024-01-01\n---\nText.\n";
    for dir in ["d", "d/sub"] {
        fs::create_dir_all(top.path().join(dir)).unwrap();
        for name in ["x.md", "y.md"] {
            fs::write(top.path().join(dir).join(name), text).unwrap();
        }
    }
    let whole = top.path().join("d");
    let found = collisions(top.path(), &[whole.to_str().unwrap(), "d/sub"]);
    // The articles of `d/sub` are linted once for each site.
    assert_eq!(
        found,
        [
            "d/sub/x.md",
            "d/sub/x.md",
            "d/sub/y.md",
            "d/sub/y.md",
            "d/x.md",
            "d/y.md"
        ]
    );
}

#[cfg(unix)]
#[test]
fn an_article_whose_name_is_not_utf8_is_in_the_index() {
    use std::os::unix::ffi::OsStrExt;
    let site = colliding_site();
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    let text = "---\ntitle: Same story\ndate: 2024-01-02\n---\nText.\n";
    fs::write(site.path().join("content/posts").join(odd), text).unwrap();
    let found = collisions(site.path(), &["."]);
    assert_eq!(found.len(), 3, "{found:?}");
}
