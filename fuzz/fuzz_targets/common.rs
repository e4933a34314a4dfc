//! What the targets share: a site and the span checks renderers rely on (every rule enabled is
//! `contentlint::all_rules`).
#![allow(dead_code)]

use std::path::Path;

use contentlint::diagnostic::Diagnostic;
use contentlint::site::Site;
use contentlint::span::Span;

/// A dated file name, so that filename-date rules run too.
pub const PATH: &str = "content/posts/2023-11-22-article.md";

pub fn path() -> &'static Path {
    Path::new(PATH)
}

/// A site without files: asset rules find nothing, every lookup stays in memory.
pub fn site() -> Site {
    Site::without_files()
}

fn assert_span(source: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end
            && span.end <= source.len()
            && source.is_char_boundary(span.start)
            && source.is_char_boundary(span.end),
        "{what}: span {span:?} is not a valid range of the {}-byte text",
        source.len()
    );
}

/// Every span a diagnostic, label or edit carries is a range of `source` on character boundaries.
pub fn assert_spans(source: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert_span(source, d.span, &d.rule);
        for label in &d.labels {
            assert_span(source, label.span, &d.rule);
        }
        for edit in d.fix.iter().flat_map(|f| f.edits()) {
            assert_span(source, edit.span, &d.rule);
        }
    }
}
