//! Configuration, rule selection, inline suppression and user YAML rules, end to end.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

fn contentlint() -> Command {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A Hugo site in a git repository (so config discovery stops at its root).
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    fs::create_dir_all(dir.path().join("static")).unwrap();
    fs::write(
        dir.path().join("hugo.toml"),
        "baseURL = \"https://example.org/\"\n",
    )
    .unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn rules_found(dir: &Path, args: &[&str]) -> (Vec<(String, String, u64)>, i32) {
    let output = contentlint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    (found, output.status.code().unwrap())
}

const GLUED: &str = "---\ntitle: T\n---\nThey met at midnight.Officials said nothing.\n";

#[test]
fn config_is_found_from_a_nested_folder() {
    let dir = site(&[
        (".contentlint.yaml", "rules:\n  glued-words: off\n"),
        ("content/posts/deep/er/a.md", GLUED),
    ]);
    let (found, code) = rules_found(dir.path(), &["content/posts/deep/er/a.md"]);
    assert_eq!((found.len(), code), (0, 0));
    let (found, _) = rules_found(dir.path(), &["--no-config", "content"]);
    assert_eq!(found.len(), 1);
    // A config above the repository root is not used.
    let outer = tempfile::tempdir().unwrap();
    fs::write(
        outer.path().join(".contentlint.yaml"),
        "rules:\n  glued-words: off\n",
    )
    .unwrap();
    let inner = outer.path().join("repo");
    fs::create_dir_all(inner.join(".git")).unwrap();
    fs::write(inner.join("a.md"), GLUED).unwrap();
    let (found, _) = rules_found(&inner, &["."]);
    assert_eq!(found.len(), 1);
}

#[test]
fn levels_and_overrides() {
    let dir = site(&[
        (
            ".contentlint.yaml",
            "rules:\n  glued-words: error\noverrides:\n  - files: [\"content/fr/**\"]\n    rules: { glued-words: off, missing-asset: warning }\n",
        ),
        ("content/en/a.md", GLUED),
        ("content/fr/a.md", "---\ntitle: T\nimage: /img/none.jpg\n---\nà minuit.Officiellement rien.\n"),
    ]);
    let output = contentlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let summary: Vec<(&str, &str, &str)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap(),
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("content/en/a.md", "glued-words", "error"),
            ("content/fr/a.md", "missing-asset", "warning")
        ]
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn missing_asset_keys_option_and_exclude() {
    let dir = site(&[
        (".contentlint.yaml", "rules:\n  missing-asset: { level: error, keys: [hero] }\nexclude: [\"content/drafts/**\"]\n"),
        ("content/a.md", "---\ntitle: T\nimage: /img/ignored.jpg\nhero: /img/hero.jpg\n---\nText.\n"),
        ("content/drafts/b.md", GLUED),
    ]);
    let (found, _) = rules_found(dir.path(), &["."]);
    assert_eq!(
        found,
        [("missing-asset".to_string(), "content/a.md".to_string(), 4)]
    );
    // Named on the command line, an excluded file is still linted.
    let (found, _) = rules_found(dir.path(), &["content/drafts/b.md"]);
    assert_eq!(found.len(), 1);
}

#[test]
fn command_line_selection_and_exit_codes() {
    let dir = site(&[(
        "a.md",
        "---\ntitle: T\n---\n<!--StartFragment-->\nAt midnight.Officials said nothing.\n",
    )]);
    let (found, code) = rules_found(dir.path(), &["--select", "glued-words", "."]);
    assert_eq!((found.len(), code), (1, 0));
    let (_, code) = rules_found(
        dir.path(),
        &["--select", "glued-words", "--fail-on", "warning", "."],
    );
    assert_eq!(code, 1);
    let (found, code) = rules_found(
        dir.path(),
        &["--ignore", "glued-words,clipboard-fragment", "."],
    );
    assert_eq!((found.len(), code), (0, 0));
    let (_, code) = rules_found(dir.path(), &["--exit-zero", "."]);
    assert_eq!(code, 0);
    contentlint()
        .current_dir(dir.path())
        .args(["check", "--select", "glued-word", "."])
        .assert()
        .code(2)
        .stderr(contains(
            "unknown rule `glued-word`: did you mean `glued-words`?",
        ));
}

#[test]
fn every_suppression_comment_form() {
    let article =
        "---\ntitle: T\ncontentlint: { disable: [missing-asset] }\nimage: /img/none.jpg\n---\n\
<!-- contentlint-disable-next-line glued-words -->\n\
One at midnight.Officials said.\n\
\n\
Two at midnight.Officials said. <!-- contentlint-disable-line -->\n\
\n\
<!-- contentlint-disable glued-words -->\n\
Three at midnight.Officials said.\n\
<!-- contentlint-enable glued-words -->\n\
\n\
Four at midnight.Officials said.\n\
\n\
<!-- contentlint-disable-next-line stray-backslash -->\n\
Five at midnight.Officials said.\n";
    let dir = site(&[("a.md", article)]);
    let (found, _) = rules_found(dir.path(), &["."]);
    let lines: Vec<(String, u64)> = found.iter().map(|(r, _, l)| (r.clone(), *l)).collect();
    assert_eq!(
        lines,
        [
            ("glued-words".to_string(), 15),
            ("glued-words".to_string(), 18)
        ]
    );
    // The comment that silences nothing is reported by the opt-in rule, with a safe fix.
    let (found, _) = rules_found(dir.path(), &["--extend-select", "unused-suppression", "."]);
    assert!(
        found.contains(&("unused-suppression".to_string(), "a.md".to_string(), 17)),
        "{found:?}"
    );
    let file = tempfile::tempdir().unwrap();
    fs::create_dir_all(file.path().join(".git")).unwrap();
    fs::write(
        file.path().join("b.md"),
        format!("<!-- contentlint-disable-file -->\n{GLUED}"),
    )
    .unwrap();
    let (found, _) = rules_found(file.path(), &["."]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_user_yaml_rule_fires_and_fixes() {
    let dir = site(&[
        (".contentlint.yaml", "rule_dirs: [lint-rules]\nrules:\n  quant-aux: error\n"),
        (
            "lint-rules/quant-aux.yaml",
            "extends: substitution\nmessage: \"'{match}' should be '{replacement}'\"\ndescription: |\n  \"Quand aux\" is a misspelling of \"quant aux\".\nignorecase: true\nswap:\n  '\\b([Qq])uand aux\\b': '${1}uant aux'\nfix: safe\nexamples: { bad: 'Quand aux Etats-Unis', good: 'Quant aux Etats-Unis' }\n",
        ),
        ("content/a.md", "---\ntitle: T\n---\nQuand aux Etats-Unis, « ils ont revu » leur position.\n"),
    ]);
    let output = contentlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let d = &json["diagnostics"][0];
    assert_eq!(d["rule"], "quant-aux");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "'Quand aux' should be 'Quant aux'");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(1))
    );
    contentlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "."])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("content/a.md")).unwrap(),
        "---\ntitle: T\n---\nQuant aux Etats-Unis, « ils ont revu » leur position.\n"
    );
    let rules = contentlint()
        .current_dir(dir.path())
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: Value = serde_json::from_slice(&rules.stdout).unwrap();
    let listed = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "quant-aux")
        .unwrap();
    assert!(
        listed["source"].as_str().unwrap().starts_with("yaml:"),
        "{listed}"
    );
    assert!(
        listed["source"]
            .as_str()
            .unwrap()
            .ends_with("lint-rules/quant-aux.yaml"),
        "{listed}"
    );
    contentlint()
        .current_dir(dir.path())
        .args(["explain", "quant-aux"])
        .assert()
        .success()
        .stdout(contains("misspelling of \"quant aux\"").and(contains("Use instead:")));
}

#[test]
fn bad_configs_and_rule_files_exit_2_naming_the_file() {
    let dir = site(&[
        (
            ".contentlint.yaml",
            "rules:\n  glued-words: off\n  missing-aset: off\n",
        ),
        ("a.md", GLUED),
    ]);
    contentlint()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(contains(
            ".contentlint.yaml:3: unknown rule `missing-aset`: did you mean `missing-asset`?",
        ));
    fs::write(dir.path().join(".contentlint.yaml"), "rulez: {}\n").unwrap();
    contentlint()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(contains("unknown key `rulez`"));
    fs::write(dir.path().join(".contentlint.yaml"), "rule_dirs: [r]\n").unwrap();
    fs::create_dir_all(dir.path().join("r")).unwrap();
    fs::write(
        dir.path().join("r/bad-regex.yaml"),
        "extends: existence\nmessage: m\ntokens: ['(unclosed']\n",
    )
    .unwrap();
    contentlint()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(contains("bad-regex.yaml:3: invalid regex"));
    fs::remove_file(dir.path().join("r/bad-regex.yaml")).unwrap();
    fs::write(
        dir.path().join("r/glued-words.yaml"),
        "extends: existence\nmessage: m\ntokens: ['x']\n",
    )
    .unwrap();
    contentlint()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(contains(
            "glued-words.yaml: rule id `glued-words` is already used by a built-in rule",
        ));
}

#[test]
fn rules_json_lists_every_rule() {
    let output = contentlint()
        .args(["rules", "--format", "json", "--no-config"])
        .output()
        .unwrap();
    let rules: Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &rules[0];
    for key in ["name", "source", "level", "default", "fixable", "summary"] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    let unused = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "unused-suppression")
        .unwrap();
    assert_eq!(
        (unused["default"].as_str(), unused["source"].as_str()),
        (Some("off"), Some("builtin"))
    );
    let glued = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "glued-words")
        .unwrap();
    assert_eq!(
        (glued["level"].as_str(), glued["fixable"].as_str()),
        (Some("warning"), Some("always"))
    );
}

#[test]
fn init_then_config_show_the_detected_site() {
    let dir = site(&[("content/a.md", GLUED)]);
    contentlint()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .success();
    let text = fs::read_to_string(dir.path().join(".contentlint.yaml")).unwrap();
    assert!(text.contains("generator: hugo"), "{text}");
    contentlint()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(2);
    // The starter config is valid and changes nothing.
    let (found, _) = rules_found(dir.path(), &["."]);
    assert_eq!(found.len(), 1);
    fs::write(
        dir.path().join(".contentlint.yaml"),
        "rules: { glued-words: off }\nsite: { timezone: Europe/Paris, lang: fr }\n",
    )
    .unwrap();
    let output = contentlint()
        .current_dir(dir.path())
        .args(["config", "content/a.md"])
        .output()
        .unwrap();
    let effective: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(effective["generator"], "hugo");
    assert_eq!(effective["timezone"], "Europe/Paris");
    assert_eq!(effective["lang"], "fr");
    let glued = effective["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "glued-words")
        .unwrap();
    assert_eq!(glued["level"], "off");
}

#[test]
fn timezone_from_the_config_decides_the_day() {
    let article =
        "---\ntitle: T\ndate: 2023-11-22T23:30:00Z\n---\nPublié le 23 nov. 2023 à 00:30\n";
    let dir = site(&[("a.md", article)]);
    let (found, _) = rules_found(dir.path(), &["."]);
    assert_eq!(found.iter().filter(|f| f.0 == "date-mismatch").count(), 1);
    fs::write(
        dir.path().join(".contentlint.yaml"),
        "site:\n  timezone: Europe/Paris\n",
    )
    .unwrap();
    let (found, _) = rules_found(dir.path(), &["."]);
    assert_eq!(found.iter().filter(|f| f.0 == "date-mismatch").count(), 0);
}

#[test]
fn the_config_can_set_the_output_format() {
    let dir = site(&[(".contentlint.yaml", "format: concise\n"), ("a.md", GLUED)]);
    contentlint()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .stdout("a.md:4:13: warning[glued-words] sentence end `midnight.` glued to the word `Officials`\n");
    // The command line wins.
    contentlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .assert()
        .stdout(contains("\"version\": 1"));
}
