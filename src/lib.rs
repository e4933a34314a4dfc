//! contentlint: a linter for Markdown content with front matter (Hugo, Jekyll, Decap CMS sites).
//!
//! Each article is parsed once into an [`article::Article`]; every rule of [`rules::builtins`]
//! reads it with its [`site::Site`] and reports [`diagnostic::Diagnostic`]s; [`render`] prints them.

pub mod article;
pub mod baseline;
pub mod cache;
pub mod cli;
pub mod cms;
mod commands;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod front_matter;
pub(crate) mod glued;
pub(crate) mod pubdate;
pub mod registry;
pub mod render;
pub mod rules;
mod simple_yaml;
pub mod site;
pub mod site_index;
pub mod span;
pub mod spill;
pub mod suppress;
pub mod walk;
pub mod write;
pub(crate) mod yaml;

use std::path::Path;

use crate::article::Article;
use crate::cli::Cli;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::registry::{FileSettings, RuleSet, Selection};
use crate::render::FileReport;
use crate::rules::unused_suppression::UnusedSuppression;
use crate::rules::{After, Context, Encoding};
use crate::site::Site;
use crate::span::Span;
use crate::suppress::Suppressions;

/// Exit codes, as ruff: clean, problems found, the tool could not do its job.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Runs the active rules over one parsed article, drops what suppression comments silence, and
/// sorts the rest by position, then rule.
pub fn lint(
    article: &Article<'_>,
    site: &Site,
    rules: &RuleSet,
    settings: &FileSettings,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut after_others = Vec::new();
    for active in &settings.rules {
        let rule = rules.get(active.index);
        if rule.meta().id == UnusedSuppression::META.id {
            after_others.push(active);
            continue;
        }
        let mut cx = Context::new(
            rule.meta().id,
            active.severity,
            &active.options,
            settings,
            site,
            &mut out,
        );
        rule.check(article, &mut cx);
    }
    let suppressions = Suppressions::from_article(article);
    out.retain(|d| !suppressions.suppresses(d));
    for active in after_others {
        let rule = rules.get(active.index);
        let after = After {
            suppressions: &suppressions,
            rules,
        };
        let mut cx = Context::new(
            rule.meta().id,
            active.severity,
            &active.options,
            settings,
            site,
            &mut out,
        )
        .with_after(after);
        rule.check(article, &mut cx);
    }
    out.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
    out
}

/// `String::from_utf8`, with the validation done by SIMD (several times faster on the valid
/// text that nearly every file and rendering is); invalid bytes take the standard path for
/// its error.
pub(crate) fn into_text(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `bytes` was just validated as UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

/// Decodes and lints one file's bytes. Bytes that are not UTF-8 give one `encoding` diagnostic.
pub fn lint_bytes(
    path: &Path,
    bytes: Vec<u8>,
    site: &Site,
    rules: &RuleSet,
    settings: &FileSettings,
) -> FileReport {
    match into_text(bytes) {
        Ok(source) => {
            let diagnostics = lint(&Article::parse(path, &source), site, rules, settings);
            FileReport::new(path.to_path_buf(), source, diagnostics)
        }
        Err(err) => {
            let utf8_error = err.utf8_error();
            let source = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let mut diagnostic = Encoding::invalid_utf8(&utf8_error);
            // Shown against the lossy text, where the bad run became one U+FFFD.
            let at = utf8_error.valid_up_to();
            diagnostic.span = Span::new(at, at + '\u{fffd}'.len_utf8());
            FileReport::new(path.to_path_buf(), source, vec![diagnostic])
        }
    }
}

/// Lints and fixes `source` (the text of `path`) until no fix of `required` applicability is left.
pub fn fix_source(
    path: &Path,
    source: &str,
    site: &Site,
    rules: &RuleSet,
    settings: &FileSettings,
    required: Applicability,
) -> Result<fix::FixOutcome, fix::FixError> {
    fix::lint_fix(source, required, |text| {
        lint(&Article::parse(path, text), site, rules, settings)
    })
}

/// The shipped rules at their default levels: a run without configuration.
pub fn standard_rules() -> (RuleSet, FileSettings) {
    selected_rules(&Selection::default())
}

/// The shipped rules as `selection` (the command line's `--select`, `--extend-select`,
/// `--ignore`) activates them, without configuration.
pub fn selected_rules(selection: &Selection) -> (RuleSet, FileSettings) {
    let rules = RuleSet::standard().expect("the shipped rules are valid (tests/registry.rs)");
    let settings = FileSettings {
        rules: rules.activate(&Default::default(), selection),
        ..FileSettings::default()
    };
    (rules, settings)
}

/// Every shipped rule, opt-in ones included.
pub fn all_rules() -> (RuleSet, FileSettings) {
    let ids = RuleSet::standard()
        .expect("the shipped rules are valid (tests/registry.rs)")
        .ids()
        .map(String::from)
        .collect();
    selected_rules(&Selection {
        select: Some(ids),
        ..Selection::default()
    })
}

/// The whole command line: returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    commands::run(cli)
}
