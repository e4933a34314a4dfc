//! Fixing any text with every rule (unsafe fixes included) settles without an internal error,
//! and fixing the result again changes nothing.
#![no_main]

use std::sync::LazyLock;

use contentlint::diagnostic::Applicability;
use contentlint::registry::{FileSettings, RuleSet};
use contentlint::site::Site;
use libfuzzer_sys::fuzz_target;

mod common;

static SETUP: LazyLock<(Site, RuleSet, FileSettings)> = LazyLock::new(|| {
    let (rules, settings) = contentlint::all_rules();
    (common::site(), rules, settings)
});

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let (site, rules, settings) = &*SETUP;
    let fix = |text: &str| {
        contentlint::fix_source(
            common::path(),
            text,
            site,
            rules,
            settings,
            Applicability::Unsafe,
        )
        .unwrap_or_else(|err| panic!("{err}"))
    };
    let once = fix(source);
    common::assert_spans(&once.text, &once.remaining);
    let twice = fix(&once.text);
    assert_eq!(twice.text, once.text, "fixing the fixed text changed it");
});
