//! One harness for every rule: each `fixtures/<rule-id>/**/*.md` is linted in its site and the
//! diagnostics of that rule are snapshotted, with their labels, help and fix.

use std::path::Path;

use contentlint::diagnostic::{Applicability, Diagnostic};
use contentlint::fix::apply_fixes;
use contentlint::registry::{FileSettings, RuleSet, Selection};
use contentlint::site::Site;
use contentlint::span::{LineIndex, Span};

/// The standard rules at their defaults, plus `rule` even when it is opt-in.
fn setup(rule: &str) -> (RuleSet, FileSettings) {
    contentlint::selected_rules(&Selection {
        extend_select: vec![rule.to_string()],
        ..Selection::default()
    })
}

fn rule_of(path: &Path) -> String {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let relative = path
        .strip_prefix(&fixtures)
        .expect("fixture under fixtures/");
    relative
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .into_owned()
}

fn position(source: &str, index: &LineIndex, span: Span) -> String {
    let start = index.line_col(source, span.start);
    let end = index.line_col(source, span.end);
    format!(
        "{}:{}-{}:{}",
        start.line, start.column, end.line, end.column
    )
}

fn describe(d: &Diagnostic, source: &str, index: &LineIndex) -> String {
    let mut out = format!(
        "{} {}[{}] {}\n",
        position(source, index, d.span),
        d.severity.as_str(),
        d.rule,
        d.message
    );
    out.push_str(&format!("  | {:?}\n", &source[d.span.start..d.span.end]));
    for label in &d.labels {
        out.push_str(&format!(
            "  label {}: {}\n",
            position(source, index, label.span),
            label.message
        ));
    }
    if let Some(help) = &d.help {
        out.push_str(&format!("  help: {help}\n"));
    }
    if let Some(fix) = &d.fix {
        out.push_str(&format!("  fix ({:?}):\n", fix.applicability()));
        for edit in fix.edits() {
            out.push_str(&format!(
                "    {} {:?} -> {:?}\n",
                position(source, index, edit.span),
                &source[edit.span.start..edit.span.end],
                edit.content
            ));
        }
    }
    out
}

/// Spans and edits must be usable by any renderer and fixer: inside the text, on char
/// boundaries, edits sorted and disjoint.
fn assert_well_formed(d: &Diagnostic, source: &str) {
    let ok = |s: Span| {
        s.start <= s.end
            && s.end <= source.len()
            && source.is_char_boundary(s.start)
            && source.is_char_boundary(s.end)
    };
    assert!(ok(d.span), "{d:?}");
    assert!(d.labels.iter().all(|l| ok(l.span)), "{d:?}");
    if let Some(fix) = &d.fix {
        assert!(fix.edits().iter().all(|e| ok(e.span)), "{d:?}");
        assert!(
            fix.edits()
                .windows(2)
                .all(|w| w[0].span.end <= w[1].span.start),
            "{d:?}"
        );
    }
}

/// The unified diff of fixing `rule` alone (safe fixes, then unsafe ones when they differ).
/// Also checks that fixing the whole file with every rule converges and is idempotent.
fn fixed_diffs(path: &Path, source: &str, site: &Site, rule: &str) -> String {
    let mut out = String::new();
    let mut previous = source.to_string();
    for (label, required) in [
        ("--fix", Applicability::Safe),
        ("--fix --unsafe-fixes", Applicability::Unsafe),
    ] {
        let (rules, settings) = setup(rule);
        let all = contentlint::fix_source(path, source, site, &rules, &settings, required)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let again =
            contentlint::fix_source(path, &all.text, site, &rules, &settings, required).unwrap();
        assert_eq!(
            again.text,
            all.text,
            "{label} is not idempotent on {}",
            path.display()
        );
        assert!(again.fixed.is_empty());

        let fixed = fix_one_rule(path, source, site, rule, required);
        if fixed != previous {
            let diff = similar::TextDiff::from_lines(source, &fixed);
            out.push_str(&format!(
                "--- {label} ---\n{}",
                diff.unified_diff().context_radius(1)
            ));
            previous = fixed;
        }
    }
    out
}

fn fix_one_rule(
    path: &Path,
    source: &str,
    site: &Site,
    rule: &str,
    required: Applicability,
) -> String {
    let mut text = source.to_string();
    for _ in 0..contentlint::fix::MAX_PASSES {
        let (rules, settings) = setup(rule);
        let article = contentlint::article::Article::parse(path, &text);
        let mut diagnostics = contentlint::lint(&article, site, &rules, &settings);
        diagnostics.retain(|d| d.rule == rule);
        match apply_fixes(&text, &diagnostics, required) {
            Some(applied) => text = applied.output,
            None => return text,
        }
    }
    panic!("{rule} does not converge on {}", path.display());
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "*/**/*.md", |path| {
        let rule = rule_of(path);
        if rule == "sites" {
            return;
        }
        assert!(
            RuleSet::standard().unwrap().find(&rule).is_some(),
            "fixtures/{rule}/ is not named after a rule"
        );
        let bytes = std::fs::read(path).unwrap();
        let fixture_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(&rule);
        let site = Site::discover(path, &fixture_dir).unwrap();
        let (rules, settings) = setup(&rule);
        let report = contentlint::lint_bytes(path, bytes, &site, &rules, &settings);
        let index = LineIndex::new(&report.source);
        let mut snapshot = String::new();
        for d in &report.diagnostics {
            assert_well_formed(d, &report.source);
            if d.rule == rule {
                snapshot.push_str(&describe(d, &report.source, &index));
            }
        }
        if let Ok(source) = std::str::from_utf8(&std::fs::read(path).unwrap()) {
            snapshot.push_str(&fixed_diffs(path, source, &site, &rule));
        }
        let name = path.file_name().unwrap().to_string_lossy();
        if name.starts_with("bad") {
            // Site-level problems (orphan files) belong to the site, shown with its bad fixtures.
            let (rules, _) = setup(&rule);
            let (site_rule, _) = rules.find(&rule).unwrap();
            let root = std::fs::canonicalize(&fixture_dir).unwrap();
            for problem in site_rule.check_site(&site) {
                let relative = problem.path.strip_prefix(&root).unwrap_or(&problem.path);
                snapshot.push_str(&format!(
                    "site [{rule}] {}: {}\n",
                    relative.display(),
                    problem.message
                ));
            }
        }
        if name.starts_with("good") {
            assert!(
                snapshot.is_empty(),
                "{name} must not be flagged or fixed by {rule}:\n{snapshot}"
            );
        } else if name.starts_with("bad") {
            assert!(
                snapshot.contains(&format!("[{rule}]")),
                "{name} must be flagged by {rule}"
            );
        }
        insta::assert_snapshot!(snapshot);
    });
}
