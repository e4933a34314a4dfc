//! `--fix` end to end: what it removes, what it keeps word for word, how it writes.

mod common;
use common::{copy_dir, hugo_site};

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn contentlint() -> Command {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn sample_article() -> String {
    fs::read_to_string(
        manifest().join("fixtures/sites/hugo-sample/content/posts/conseil-municipal.md"),
    )
    .unwrap()
}

/// Lines of the article that are content, not debris: what must survive a fix word for word.
fn content_lines(article: &str) -> Vec<String> {
    let body = article.splitn(3, "---\n").nth(2).unwrap();
    body.lines()
        .map(|l| l.trim_end_matches('\\').trim_end())
        .filter(|l| !l.is_empty() && !l.contains("Fragment-->") && !l.starts_with("# "))
        .map(String::from)
        .collect()
}

#[test]
fn fixing_the_french_article_keeps_every_word() {
    let original = sample_article();
    let site = hugo_site("a.md", original.as_bytes());
    let path = site.path().join("content/posts/a.md");
    contentlint()
        .current_dir(site.path())
        .args(["check", "--fix", "."])
        .assert()
        .code(1) // the missing images remain: errors no fix can remove
        .stdout(predicates::str::contains(
            "Fixed 10 problems in 1 file; 5 remaining",
        ));
    let fixed = fs::read_to_string(&path).unwrap();
    assert!(!fixed.contains("Fragment-->"), "{fixed}");
    assert!(!fixed.lines().any(|l| l.trim() == "\\"), "{fixed}");
    assert!(!fixed.contains("# À Lyon"), "{fixed}");
    assert!(!fixed.contains("\n\n\n"), "blank lines collapsed: {fixed}");
    // Front matter untouched, byte for byte.
    let front_matter_end = original.match_indices("---\n").nth(1).unwrap().0 + 4;
    assert!(fixed.starts_with(&original[..front_matter_end]));
    // Every paragraph, heading, link and the signature, in order, word for word.
    let mut rest = fixed.as_str();
    for line in content_lines(&original) {
        let at = rest
            .find(&line)
            .unwrap_or_else(|| panic!("lost or reordered: {line:?}\n{fixed}"));
        rest = &rest[at + line.len()..];
    }
    assert!(fixed.contains("[vélos-cargos](https://www.example.org/velos-cargos)"));
    assert!(fixed.ends_with("Claire Martin 14/03/2024  Source : Le Progrès\n"));
    // A second run changes nothing.
    contentlint()
        .current_dir(site.path())
        .args(["check", "--fix", "."])
        .assert()
        .stdout(predicates::str::contains(
            "Fixed 0 problems in 0 files; 5 remaining",
        ));
    assert_eq!(fs::read_to_string(&path).unwrap(), fixed);
}

#[test]
fn unsafe_fixes_only_when_asked() {
    let site = hugo_site("a.md", sample_article().as_bytes());
    let path = site.path().join("content/posts/a.md");
    contentlint()
        .current_dir(site.path())
        .args(["check", "--fix", "."])
        .assert()
        .code(1);
    assert!(fs::read_to_string(&path).unwrap().contains("18:45Mis"));
    contentlint()
        .current_dir(site.path())
        .args(["check", "--fix", "--unsafe-fixes", "."])
        .assert()
        .stdout(predicates::str::contains(
            "Fixed 2 problems in 1 file; 3 remaining",
        ));
    assert!(fs::read_to_string(&path).unwrap().contains("18:45 Mis"));
}

#[cfg(unix)]
#[test]
fn fix_on_the_sample_site_keeps_modes_and_untouched_files() {
    use std::os::unix::fs::PermissionsExt;
    let site = tempfile::tempdir().unwrap();
    copy_dir(&manifest().join("fixtures/sites/hugo-sample"), site.path());
    let posts = site.path().join("content/posts");
    let fixed = posts.join("conseil-municipal.md");
    fs::set_permissions(&fixed, fs::Permissions::from_mode(0o640)).unwrap();
    let clean_before = fs::read(posts.join("clean-article.md")).unwrap();
    contentlint()
        .current_dir(site.path())
        .args(["check", "--fix", "."])
        .assert()
        .code(1);
    assert_ne!(
        fs::read(&fixed).unwrap(),
        fs::read(manifest().join("fixtures/sites/hugo-sample/content/posts/conseil-municipal.md"))
            .unwrap()
    );
    assert_eq!(
        fs::metadata(&fixed).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(
        fs::read(posts.join("clean-article.md")).unwrap(),
        clean_before
    );
    let names: Vec<String> = fs::read_dir(&posts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "no temporary file left: {names:?}");
}

#[test]
fn diff_writes_nothing_and_says_whether_there_is_work() {
    let original = sample_article();
    let site = hugo_site("a.md", original.as_bytes());
    let output = contentlint()
        .current_dir(site.path())
        .args(["check", "--diff", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(
        diff.starts_with("--- a/content/posts/a.md\n+++ b/content/posts/a.md\n"),
        "{diff}"
    );
    assert!(diff.contains("\n-<!--StartFragment-->\n"), "{diff}");
    assert_eq!(
        fs::read_to_string(site.path().join("content/posts/a.md")).unwrap(),
        original
    );
    let clean = hugo_site("b.md", b"---\ntitle: T\n---\nClean.\n");
    contentlint()
        .current_dir(clean.path())
        .args(["check", "--diff", "."])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    let site = hugo_site("a.md", b"");
    contentlint()
        .current_dir(site.path())
        .args([
            "check",
            "--fix",
            "--stdin-filename",
            "content/posts/new.md",
            "-",
        ])
        .write_stdin("---\ntitle: T\n---\n<!--StartFragment-->\nText.\\\n")
        .assert()
        .code(0)
        .stdout("---\ntitle: T\n---\nText.\n");
    contentlint()
        .current_dir(site.path())
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "content/posts/new.md",
            "-",
        ])
        .write_stdin("---\ntitle: T\n---\n<!--StartFragment-->\n")
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "\"rule\": \"clipboard-fragment\"",
        ));
}

#[test]
fn bom_and_crlf_survive_a_fix() {
    let original = "\u{feff}---\r\ntitle: T\r\n---\r\n<!--StartFragment-->\r\n\r\nTexte accentué.\r\n\r\n\\\r\n\r\nFin.\r\n";
    // With the rules that normalise them turned off, the fixer keeps the BOM and CRLF.
    let site = hugo_site("a.md", original.as_bytes());
    contentlint()
        .current_dir(site.path())
        .args(["check", "--fix", "--ignore", "line-endings,bom", "."])
        .assert()
        .code(0);
    let fixed = fs::read_to_string(site.path().join("content/posts/a.md")).unwrap();
    assert_eq!(
        fixed,
        "\u{feff}---\r\ntitle: T\r\n---\r\nTexte accentué.\r\n\r\nFin.\r\n"
    );
    // By default `line-endings` and `bom` normalise them too.
    let site = hugo_site("a.md", original.as_bytes());
    contentlint()
        .current_dir(site.path())
        .args(["check", "--fix", "."])
        .assert()
        .code(0);
    let fixed = fs::read_to_string(site.path().join("content/posts/a.md")).unwrap();
    assert_eq!(fixed, "---\ntitle: T\n---\nTexte accentué.\n\nFin.\n");
}

#[test]
fn undecodable_files_are_never_written() {
    let bytes = b"---\ntitle: T\n---\n<!--StartFragment-->\nPubli\xe9\n";
    let site = hugo_site("a.md", bytes);
    contentlint()
        .current_dir(site.path())
        .args(["check", "--fix", "."])
        .assert()
        .code(1);
    assert_eq!(
        fs::read(site.path().join("content/posts/a.md")).unwrap(),
        bytes
    );
}

#[test]
fn json_after_fix_counts_what_was_fixed() {
    let site = hugo_site("a.md", sample_article().as_bytes());
    let output = contentlint()
        .current_dir(site.path())
        .args(["check", "--fix", "--format", "json", "."])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["summary"]["fixed"], 10);
    assert_eq!(json["summary"]["problems"], 5);
}
