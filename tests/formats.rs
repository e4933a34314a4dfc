//! Golden tests of every output format on the sample site, and checks that each is valid.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn sample() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/sites/hugo-sample"
    ))
}

fn output(format: &str) -> String {
    let out = Command::cargo_bin("contentlint")
        .unwrap()
        .current_dir(sample())
        .env("NO_COLOR", "1")
        .args(["check", "--no-config", "--format", format, "content"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// (path, line, column, rule) in output order, from the JSON document.
fn reference() -> Vec<(String, u64, u64, String)> {
    let json: Value = serde_json::from_str(&output("json")).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_format_is_golden_and_deterministic() {
    for format in [
        "text",
        "concise",
        "json",
        "json-lines",
        "github",
        "sarif",
        "junit",
    ] {
        let first = output(format);
        assert_eq!(
            first,
            output(format),
            "{format} output differs between two runs"
        );
        insta::assert_snapshot!(format!("format_{format}"), first);
    }
}

#[test]
fn machine_formats_carry_the_same_diagnostics_in_the_same_order() {
    let expected = reference();
    assert_eq!(expected.len(), 19);
    let mut sorted = expected.clone();
    sorted.sort_by(|a, b| (a.0.as_str(), a.1, a.2).cmp(&(b.0.as_str(), b.1, b.2)));
    assert_eq!(
        sorted.iter().map(|d| &d.0).collect::<Vec<_>>(),
        expected.iter().map(|d| &d.0).collect::<Vec<_>>()
    );

    let lines: Vec<(String, u64, u64, String)> = output("json-lines")
        .lines()
        .map(|l| {
            let d: Value = serde_json::from_str(l).unwrap();
            (
                d["path"].as_str().unwrap().into(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(lines, expected);

    let concise: Vec<(String, u64, u64, String)> = output("concise")
        .lines()
        .map(|l| {
            let mut parts = l.splitn(4, ':');
            let (path, line, col, rest) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            );
            let rule = rest.split('[').nth(1).unwrap().split(']').next().unwrap();
            (
                path.into(),
                line.parse().unwrap(),
                col.parse().unwrap(),
                rule.into(),
            )
        })
        .collect();
    assert_eq!(concise, expected);

    let github: Vec<(String, u64, u64, String)> = output("github")
        .lines()
        .map(|l| {
            let props = l.split("::").nth(1).unwrap().split_once(' ').unwrap().1;
            let get = |k: &str| {
                props
                    .split(',')
                    .find_map(|p| p.strip_prefix(&format!("{k}=")))
                    .unwrap()
                    .to_string()
            };
            (
                get("file"),
                get("line").parse().unwrap(),
                get("col").parse().unwrap(),
                get("title"),
            )
        })
        .collect();
    assert_eq!(github, expected);

    let sarif: Value = serde_json::from_str(&output("sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "clipboard-fragment"
        && r["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("#clipboard-fragment")));
    assert!(rules
        .iter()
        .all(|r| r["shortDescription"]["text"].is_string()
            && r["fullDescription"]["text"].is_string()));
    let results: Vec<(String, u64, u64, String)> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"];
            (
                region["artifactLocation"]["uri"].as_str().unwrap().into(),
                region["region"]["startLine"].as_u64().unwrap(),
                region["region"]["startColumn"].as_u64().unwrap(),
                r["ruleId"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(results, expected);
    let fixable = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("fixes").is_some())
        .count();
    assert!(fixable >= 10, "{fixable}");

    let junit = output("junit");
    let xml = roxmltree::Document::parse(&junit).expect("well-formed JUnit XML");
    let suites: Vec<_> = xml
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 3, "one testsuite per file");
    let failures = xml
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, expected.len());
}
