//! `docs/rules.md` is generated from the rules' own documentation and must stay in sync.

use std::path::Path;

#[test]
fn rules_reference_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let (rules, _) = contentlint::standard_rules();
    let generated = rules.reference_markdown();
    if std::env::var_os("CONTENTLINT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/rules.md is out of date: run `CONTENTLINT_UPDATE_DOCS=1 cargo test --test docs`"
    );
}
