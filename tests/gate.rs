//! CI-gate options: statistics, quiet, warning budgets.

use std::path::Path;

use assert_cmd::Command;

fn sample() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/sites/hugo-sample"
    ))
}

fn run(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(sample())
        .env("NO_COLOR", "1")
        .args(["check", "--no-config"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn statistics_count_problems_per_rule() {
    let (table, code) = run(&["--statistics", "content"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(table);
    let (json, _) = run(&["--statistics", "--format", "json", "content"]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows[0]["rule"], "stray-backslash");
    assert_eq!(
        (rows[0]["count"].as_u64(), rows[0]["fixable"].as_u64()),
        (Some(5), Some(5))
    );
}

#[test]
fn quiet_prints_only_the_problems() {
    let (text, _) = run(&["--quiet", "--format", "concise", "content"]);
    assert_eq!(text.lines().count(), 19);
    let (text, _) = run(&["-q", "content"]);
    assert!(!text.contains("problems ("), "{text}");
    assert!(text.contains("clipboard marker"));
}

#[test]
fn max_warnings_is_a_budget() {
    let (_, code) = run(&["--select", "glued-words,redundant-description", "content"]);
    assert_eq!(code, 0, "warnings alone pass");
    let (_, code) = run(&[
        "--select",
        "glued-words,redundant-description",
        "--max-warnings",
        "3",
        "content",
    ]);
    assert_eq!(code, 0, "3 warnings are within a budget of 3");
    let (_, code) = run(&[
        "--select",
        "glued-words,redundant-description",
        "--max-warnings",
        "2",
        "content",
    ]);
    assert_eq!(code, 1);
}
