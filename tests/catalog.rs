//! The full catalog over the real sites of `../shared/corpus` (skipped when absent): no panic, no
//! tool error, and per-rule counts in a snapshot, so any change in what the rules find on real
//! sites shows up in review.

mod common;
use common::copy_dir;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

#[test]
fn every_rule_over_the_real_sites() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let work = tempfile::tempdir().unwrap();
    copy_dir(&corpus, work.path());
    let rules: Value = serde_json::from_slice(
        &Command::cargo_bin("contentlint")
            .unwrap()
            .args(["rules", "--format", "json", "--no-config"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let all: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut sites: Vec<_> = fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    sites.sort();
    for site in sites {
        // The sites' images are not shipped: ASSETS.txt lists them, recreate them empty.
        if let Ok(list) = fs::read_to_string(site.join("ASSETS.txt")) {
            for asset in list.lines().filter(|l| !l.trim().is_empty()) {
                let path = site.join(asset);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, b"").unwrap();
            }
        }
        let output = Command::cargo_bin("contentlint")
            .unwrap()
            .current_dir(&site)
            .args([
                "check",
                "--no-config",
                "--format",
                "json",
                "--select",
                &all.join(","),
                ".",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{}: {stderr}",
            site.display()
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        let name = site.file_name().unwrap().to_string_lossy().into_owned();
        let per_site = counts.entry(name).or_default();
        for d in json["diagnostics"].as_array().unwrap() {
            *per_site
                .entry(d["rule"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    insta::assert_json_snapshot!(counts);
}
