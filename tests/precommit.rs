//! The pre-commit hooks, with the real `pre-commit` tool: a dirty article fails the hook with its
//! diagnostic, a clean one passes. Skipped when `pre-commit` is not installed, unless
//! `CONTENTLINT_REQUIRE_PRECOMMIT` is set (as `.ci/run` does).

mod common;
use common::git;

use std::path::Path;
use std::process::Command;

fn pre_commit_available() -> bool {
    let found = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CONTENTLINT_REQUIRE_PRECOMMIT").is_none(),
            "pre-commit is required (pip install pre-commit)"
        );
        eprintln!("skipped: pre-commit is not installed");
    }
    found
}

#[test]
fn hooks_fail_on_a_dirty_article_and_pass_on_a_clean_one() {
    if !pre_commit_available() {
        return;
    }
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q"]);
    std::fs::create_dir_all(dir.join("content/posts")).unwrap();
    std::fs::create_dir_all(dir.join("static")).unwrap();
    std::fs::write(
        dir.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/posts/dirty.md"),
        "---\ntitle: Dirty\n---\n<!--StartFragment-->\nPasted text.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/posts/clean.md"),
        "---\ntitle: Clean\n---\nWritten text.\n",
    )
    .unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "articles"]);
    let this_repo = env!("CARGO_MANIFEST_DIR");
    // Each try-repo installs the hook afresh (`cargo install`): share one target folder and a
    // quick profile so the dependencies are built once.
    let target = Path::new(this_repo).join("target").join("pre-commit");
    let run = |hook: &str, file: &str| {
        Command::new("pre-commit")
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
            .args(["try-repo", this_repo, hook, "--files", file])
            .output()
            .unwrap()
    };
    let dirty = run("contentlint", "content/posts/dirty.md");
    let out = String::from_utf8_lossy(&dirty.stdout);
    assert!(!dirty.status.success(), "{out}");
    assert!(
        out.contains("clipboard-fragment") && out.contains("content/posts/dirty.md"),
        "{out}"
    );

    let clean = run("contentlint", "content/posts/clean.md");
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );

    let fixed = run("contentlint-fix", "content/posts/dirty.md");
    assert!(
        !fixed.status.success(),
        "pre-commit fails a hook that modified files"
    );
    let text = std::fs::read_to_string(dir.join("content/posts/dirty.md")).unwrap();
    assert_eq!(text, "---\ntitle: Dirty\n---\nPasted text.\n");
}
