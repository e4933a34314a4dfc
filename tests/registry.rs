//! Every rule is documented, uniquely named, and has fixtures.

use std::collections::HashSet;
use std::path::Path;

use contentlint::registry::Origin;
use contentlint::rules::{docs, FixAvailability};

#[test]
fn ids_are_unique_and_kebab_case() {
    let mut seen = HashSet::new();
    let (rules, _) = contentlint::standard_rules();
    for (rule, _) in rules.iter() {
        let id = rule.meta().id;
        assert!(seen.insert(id), "duplicate rule id {id}");
        let kebab = !id.is_empty()
            && id.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        assert!(kebab, "{id} is not kebab-case");
    }
}

#[test]
fn every_rule_is_documented() {
    let (rules, _) = contentlint::standard_rules();
    for (rule, origin) in rules.iter() {
        let meta = rule.meta();
        let text = docs(&meta);
        assert!(text.starts_with("## What it does\n"), "{}: {text}", meta.id);
        assert!(text.contains("\n## Example\n"), "{}", meta.id);
        assert!(
            text.contains("Use instead"),
            "{} has no good example",
            meta.id
        );
        // A YAML rule's `description` says what and why in one text; built-ins split them.
        if *origin != Origin::Builtin {
            continue;
        }
        assert!(text.contains("\n## Why is this bad?\n"), "{}", meta.id);
        if !matches!(meta.fix, FixAvailability::None) {
            assert!(
                text.contains("\n## Fix safety\n"),
                "{} is fixable but says nothing of fix safety",
                meta.id
            );
        }
        assert!(
            !meta.summary.is_empty() && !meta.summary.ends_with('.'),
            "{}",
            meta.id
        );
    }
}

#[test]
fn every_rule_has_fixtures_that_flag_and_that_do_not() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let (rules, _) = contentlint::standard_rules();
    for (rule, _) in rules.iter() {
        let id = rule.meta().id;
        let dir = fixtures.join(id);
        let names: Vec<String> = walk(&dir);
        assert!(
            names.iter().any(|n| n.starts_with("bad")),
            "fixtures/{id}/ has no bad*.md"
        );
        assert!(
            names.iter().any(|n| n.starts_with("good")),
            "fixtures/{id}/ has no good*.md"
        );
    }
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    out
}
