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

/// `contentlint check --format json .` in `dir`, which must exit with one of `codes`: its JSON.
fn check_json(dir: &Path, codes: &[i32]) -> Value {
    let output = contentlint()
        .current_dir(dir)
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    assert!(
        output
            .status
            .code()
            .is_some_and(|code| codes.contains(&code)),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
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
    let json = check_json(dir.path(), &[1]);
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
    let json = check_json(dir.path(), &[0, 1]);
    assert_eq!(json["summary"]["files"], 5);
}

/// Front matter of `size` bytes between the fences, then a body with fixable problems.
fn oversized_front_matter(size: usize) -> String {
    let head = "title: Huge\nblob: ";
    let blob = "x".repeat(size - head.len() - 1);
    format!("---\n{head}{blob}\n---\n<!--StartFragment-->\nBody text.  \n")
}

#[test]
fn front_matter_over_one_mebibyte_is_not_parsed_and_never_fixed() {
    let dir = site();
    let huge = oversized_front_matter((1 << 20) + 1);
    write(dir.path(), "content/huge.md", huge.as_bytes());
    // At the limit exactly: parsed and fixed as usual.
    let at_limit = oversized_front_matter(1 << 20);
    write(dir.path(), "content/limit.md", at_limit.as_bytes());
    let started = std::time::Instant::now();
    let json = check_json(dir.path(), &[1]);
    let rules_of = |path: &str| -> Vec<(String, String)> {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"] == path)
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let huge_found = rules_of("content/huge.md");
    assert!(
        huge_found
            .iter()
            .any(|(r, m)| r == "front-matter-syntax" && m.contains("over the limit")),
        "{huge_found:?}"
    );
    assert!(
        huge_found.iter().any(|(r, _)| r == "clipboard-fragment")
            && huge_found.iter().any(|(r, _)| r == "trailing-whitespace"),
        "the body is still linted: {huge_found:?}"
    );
    let limit_found = rules_of("content/limit.md");
    assert!(
        !limit_found.iter().any(|(r, _)| r == "front-matter-syntax"),
        "{limit_found:?}"
    );
    assert!(
        !rules_of("content/good.md").is_empty(),
        "the other files are still linted"
    );

    let output = contentlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "."])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("content/huge.md")).unwrap(),
        huge,
        "a file whose front matter was not parsed is never rewritten"
    );
    let fixed_limit = fs::read_to_string(dir.path().join("content/limit.md")).unwrap();
    assert!(
        !fixed_limit.contains("StartFragment") && fixed_limit.ends_with("Body text.\n"),
        "the file at the limit is fixed"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

/// Files that vanish or fail between discovery and reading: a path named on the command line
/// that does not exist, a dangling symlink, and (Linux) a file that exists at discovery but
/// whose read fails, as a file deleted after the walk does. Each is an error naming the file,
/// the exit code is 2, and every other file is still linted.
#[test]
fn files_that_cannot_be_read_are_errors_and_the_rest_is_linted() {
    let dir = site();
    write(
        dir.path(),
        "content/other.md",
        b"---\ntitle: Other\n---\nText.  \n",
    );
    let mut args = vec![
        "check",
        "--format",
        "json",
        "content/gone.md",
        "content/good.md",
        "content/other.md",
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("vanished.md", dir.path().join("content/dangling.md")).unwrap();
        args.push("content/dangling.md");
    }
    // `/proc/self/mem` is a regular file whose read at offset 0 fails (EIO), even for root.
    let unreadable = cfg!(target_os = "linux") && Path::new("/proc/self/mem").is_file();
    #[cfg(unix)]
    if unreadable {
        std::os::unix::fs::symlink("/proc/self/mem", dir.path().join("content/unreadable.md"))
            .unwrap();
        args.push("content/unreadable.md");
    }
    let output = contentlint()
        .current_dir(dir.path())
        .args(&args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: content/gone.md: no such file"),
        "{stderr}"
    );
    if cfg!(unix) {
        assert!(
            stderr.contains("error: content/dangling.md: no such file"),
            "{stderr}"
        );
    }
    if unreadable {
        assert!(
            stderr.contains("error: content/unreadable.md: Input/output error"),
            "{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"content/good.md"), "{paths:?}");
    assert!(paths.contains(&"content/other.md"), "{paths:?}");
}

/// Whether this process may create files in a folder without write permission (root, or
/// CAP_DAC_OVERRIDE): then a read-only folder cannot make a write fail.
#[cfg(unix)]
fn permissions_are_enforced() -> bool {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    let enforced = fs::write(locked.join("probe"), "x").is_err();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    enforced
}

fn temporaries_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".contentlint-"))
        .collect()
}

const FIXABLE: &[u8] = b"---\ntitle: Fixable\n---\n<!--StartFragment-->\nText.  \n";
const FIXED: &[u8] = b"---\ntitle: Fixable\n---\nText.\n";

/// A read-only folder under `--fix`: its file is reported by name and left intact, the files of
/// the other folders are fixed. Needs a user whose permissions are enforced (not root).
#[cfg(unix)]
#[test]
fn a_file_in_a_read_only_folder_is_an_error_and_the_rest_is_fixed() {
    use std::os::unix::fs::PermissionsExt;
    if !permissions_are_enforced() {
        eprintln!(
            "skipped: permissions are not enforced for this user (root); see the RLIMIT_FSIZE test"
        );
        return;
    }
    let dir = site();
    write(dir.path(), "content/locked/a.md", FIXABLE);
    write(dir.path(), "content/open/b.md", FIXABLE);
    let locked = dir.path().join("content/locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    let output = contentlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "."])
        .output()
        .unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: content/locked/a.md: cannot write the fixed file"),
        "{stderr}"
    );
    assert_eq!(fs::read(locked.join("a.md")).unwrap(), FIXABLE);
    assert!(temporaries_in(&locked).is_empty());
    assert_eq!(
        fs::read(dir.path().join("content/open/b.md")).unwrap(),
        FIXED,
        "the rest of the run is done"
    );
}

/// A write that fails part-way, as on a full disk, simulated for any user (root included) with a
/// file size limit: `ulimit -f` makes writing the temporary copy of the big file fail with EFBIG
/// (SIGXFSZ ignored), while the small files still fit. The big file is reported and left intact,
/// no temporary file remains, and the small files are fixed.
#[cfg(unix)]
#[test]
fn a_failed_write_leaves_the_original_and_the_rest_is_fixed() {
    let binary = env!("CARGO_BIN_EXE_contentlint");
    let dir = site();
    let mut big = b"---\ntitle: Big\n---\n".to_vec();
    big.extend("Some words in a paragraph.\n\n".repeat(20_000).bytes());
    big.extend(b"Trailing space.  \n");
    write(dir.path(), "content/big/big.md", &big);
    write(dir.path(), "content/small/a.md", FIXABLE);
    write(dir.path(), "content/small/b.md", FIXABLE);
    // 64 blocks: 32 or 64 KiB depending on the shell's unit; the big file is over 500 KiB.
    let output = std::process::Command::new("sh")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 64 && exec \"$0\" check --fix .",
            binary,
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: content/big/big.md: cannot write the fixed file"),
        "{stderr}"
    );
    assert_eq!(
        fs::read(dir.path().join("content/big/big.md")).unwrap(),
        big
    );
    assert!(temporaries_in(&dir.path().join("content/big")).is_empty());
    for name in ["a.md", "b.md"] {
        assert_eq!(
            fs::read(dir.path().join("content/small").join(name)).unwrap(),
            FIXED,
            "{name}: the rest of the run is done"
        );
    }
}
