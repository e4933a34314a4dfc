//! Linting any bytes with every rule never panics, and every span fits the (decoded) text.
#![no_main]

use std::sync::LazyLock;

use contentlint::registry::{FileSettings, RuleSet};
use contentlint::site::Site;
use libfuzzer_sys::fuzz_target;

mod common;

static SETUP: LazyLock<(Site, RuleSet, FileSettings)> = LazyLock::new(|| {
    let (rules, settings) = contentlint::all_rules();
    (common::site(), rules, settings)
});

fuzz_target!(|data: &[u8]| {
    let (site, rules, settings) = &*SETUP;
    let report = contentlint::lint_bytes(common::path(), data.to_vec(), site, rules, settings);
    common::assert_spans(&report.source, &report.diagnostics);
});
