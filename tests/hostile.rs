//! Hostile input: no panic, a clear diagnostic naming the file, the other files still linted,
//! and under `--fix` the bad file left byte-identical.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn contentlint() -> Command {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    write(
        dir.path(),
        "hugo.toml",
        b"baseURL = \"https://example.org/\"\n",
    );
    fs::create_dir_all(dir.path().join("static")).unwrap();
    write(
        dir.path(),
        "content/good.md",
        b"---\ntitle: Good\n---\nAt midnight.Officials said.\n",
    );
    dir
}

fn bomb() -> String {
    let mut text = String::from("---\na: &a [x, x, x, x, x, x, x, x, x]\n");
    let mut previous = "a".to_string();
    for i in 1..12 {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        text.push_str(&format!("b{i}: &b{i} [{refs}]\n"));
        previous = format!("b{i}");
    }
    text.push_str("title: bomb\n---\nbody\n");
    text
}

#[test]
fn bad_files_are_diagnosed_and_the_rest_is_linted() {
    let dir = site();
    let bad: Vec<(&str, Vec<u8>)> = vec![
        ("content/latin1.md", b"---\ntitle: T\n---\nPubli\xe9 le 22 nov.\n".to_vec()),
        ("content/binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00".to_vec()),
        ("content/empty.md", Vec::new()),
        ("content/unclosed.md", b"---\ntitle: T\nbody without a closing fence\n".to_vec()),
        ("content/toml.md", b"+++\ntitle = \"T\n+++\nbody\n".to_vec()),
        ("content/bomb.md", bomb().into_bytes()),
        ("content/escape.md", b"---\ntitle: T\nimage: ../../../../etc/passwd\n---\n![x](%2e%2e/%2e%2e/%2e%2e/etc/passwd)\n".to_vec()),
    ];
    for (name, bytes) in &bad {
        write(dir.path(), name, bytes);
    }
    fs::create_dir_all(dir.path().join("content/folder.md")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop", dir.path().join("content/loop")).unwrap();
        std::os::unix::fs::symlink("/nonexistent", dir.path().join("content/dangling.md")).unwrap();
    }
    let output = contentlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(String, String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().into(),
                d["rule"].as_str().unwrap().into(),
                d["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    let has = |path: &str, rule: &str, text: &str| {
        found
            .iter()
            .any(|(p, r, m)| p == path && r == rule && m.contains(text))
    };
    assert!(
        has("content/latin1.md", "encoding", "not valid UTF-8"),
        "{found:?}"
    );
    assert!(
        has("content/binary.md", "encoding", "offset 0"),
        "{found:?}"
    );
    assert!(
        has("content/empty.md", "required-keys", "no front matter"),
        "{found:?}"
    );
    assert!(
        has("content/unclosed.md", "front-matter-syntax", "never closed"),
        "{found:?}"
    );
    assert!(
        has("content/toml.md", "front-matter-syntax", "invalid TOML"),
        "{found:?}"
    );
    assert!(
        has("content/bomb.md", "front-matter-syntax", "repetition limit"),
        "{found:?}"
    );
    assert!(
        has("content/escape.md", "missing-asset", "outside the site"),
        "{found:?}"
    );
    assert!(
        has("content/good.md", "glued-words", "midnight"),
        "the other files are still linted: {found:?}"
    );

    contentlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "."])
        .assert()
        .code(1);
    for (name, bytes) in &bad {
        if *name == "content/empty.md" || *name == "content/escape.md" {
            continue; // valid UTF-8 with fixable problems of their own
        }
        assert_eq!(
            &fs::read(dir.path().join(name)).unwrap(),
            bytes,
            "{name} changed under --fix"
        );
    }
}

#[test]
fn huge_and_deeply_nested_articles_finish() {
    let dir = site();
    let paragraph = "Lorem ipsum dolor sit amet. ".repeat(40) + "\n\n";
    write(
        dir.path(),
        "content/big.md",
        format!("---\ntitle: Big\n---\n{}", paragraph.repeat(18_000)).as_bytes(),
    );
    write(
        dir.path(),
        "content/line.md",
        format!(
            "---\ntitle: Line\n---\n{}\n",
            "word ".repeat(2_000_000).trim_end()
        )
        .as_bytes(),
    );
    write(
        dir.path(),
        "content/quotes.md",
        format!("---\ntitle: Quotes\n---\n{} deep\n", ">".repeat(100_000)).as_bytes(),
    );
    let lists: String = (0..20_000)
        .map(|i| format!("{}- x\n", " ".repeat((i % 40) * 2)))
        .collect();
    write(
        dir.path(),
        "content/lists.md",
        format!("---\ntitle: Lists\n---\n{lists}").as_bytes(),
    );
    let output = contentlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 5);
}
