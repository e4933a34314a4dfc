//! Normalisation rules: line endings, BOM, whitespace, invisible characters. All fix safely, so
//! that `--fix` leaves LF line endings, no BOM and clean whitespace.

use crate::article::Article;
use crate::rules::Rule;
use crate::span::{trim_end_ascii, Span};

mod bom;
mod consecutive_blank_lines;
mod final_newline;
mod invisible_characters;
mod line_endings;
mod tab_indentation;
mod trailing_whitespace;

/// The rules of this group, in the order `contentlint rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &bom::Bom,
    &line_endings::LineEndings,
    &trailing_whitespace::TrailingWhitespace,
    &final_newline::FinalNewline,
    &consecutive_blank_lines::ConsecutiveBlankLines,
    &invisible_characters::InvisibleCharacters,
    &tab_indentation::TabIndentation,
];

/// One line of a source.
#[derive(Copy, Clone, Debug)]
struct Line<'a> {
    start: usize,
    /// The line without its line ending (`\n`, `\r\n`).
    text: &'a str,
    /// After the line ending.
    end: usize,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.text.trim_matches([' ', '\t']).is_empty()
    }
}

/// The lines of the article inside `within` (which starts at a line start), from its line index.
fn lines<'a, 'r>(
    article: &'r Article<'a>,
    within: Span,
) -> impl Iterator<Item = Line<'a>> + use<'a, 'r> {
    let source = article.source;
    article
        .lines()
        .lines_in(within)
        .map(move |(start, end)| Line {
            start,
            text: trim_end_ascii(&source[start..end], b"\n\r"),
            end,
        })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;
    use pulldown_cmark::{Event, Parser};

    use super::*;
    use crate::article::{markdown_options, Article};
    use crate::diagnostic::{Applicability, Diagnostic};
    use crate::registry::FileSettings;
    use crate::rules::Context;
    use crate::site::Site;

    proptest! {
        /// The byte prefilter of `consecutive-blank-lines` says yes wherever the article's
        /// lines hold two blank ones in a row.
        #[test]
        fn blank_run_prefilter_never_hides_a_run(text in "[a \t\r\n]{0,40}") {
            let article = Article::parse(Path::new("a.md"), &text);
            let blank: Vec<bool> = lines(&article, article.body).map(|l| l.is_blank()).collect();
            if blank.windows(2).any(|w| w[0] && w[1]) {
                let body = &text[article.body.range()];
                let newlines = article.lines().newlines_in(article.body);
                prop_assert!(consecutive_blank_lines::may_have_blank_run(body.as_bytes(), newlines));
            }
        }
    }

    proptest! {
        /// The byte prefilter of `trailing-whitespace` says yes wherever a line of the body
        /// ends in spaces or tabs.
        #[test]
        fn trailing_whitespace_prefilter_never_hides_a_line(text in "[a \t\r\n]{0,40}") {
            let article = Article::parse(Path::new("a.md"), &text);
            let any = lines(&article, article.body)
                .any(|l| l.text.ends_with([' ', '\t']));
            let body = &text[article.body.range()];
            let newlines = article.lines().newlines_in(article.body);
            prop_assert_eq!(
                trailing_whitespace::may_have_trailing_whitespace(body.as_bytes(), newlines),
                any
            );
        }
    }

    fn newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
        memchr::memchr_iter(b'\n', text.as_bytes())
    }

    #[test]
    fn blank_run_prefilter_lets_runs_through() {
        for text in ["a\n\n\nb", "a\n \n\t\nb\n", "a\r\n\r\n\r\nb", "a\n\n  "] {
            assert!(
                consecutive_blank_lines::may_have_blank_run(text.as_bytes(), newlines(text)),
                "{text:?}"
            );
        }
        for text in ["a\n\nb\n\nc\n", "", "a", "a\n \nb"] {
            assert!(
                !consecutive_blank_lines::may_have_blank_run(text.as_bytes(), newlines(text)),
                "{text:?}"
            );
        }
        assert!(lint("a\n\n\nb\n")
            .iter()
            .any(|d| d.rule == "consecutive-blank-lines"));
    }

    #[test]
    fn lines_drop_their_endings() {
        let src = "a\r\n\nb  \nc";
        let article = Article::parse(Path::new("a.md"), src);
        let got: Vec<(usize, &str, usize)> = lines(&article, Span::new(0, src.len()))
            .map(|l| (l.start, l.text, l.end))
            .collect();
        assert_eq!(got, [(0, "a", 3), (3, "", 4), (4, "b  ", 8), (8, "c", 9)]);
    }

    /// Lints `text` with this group's rules alone.
    fn lint(text: &str) -> Vec<Diagnostic> {
        let site = Site::without_files();
        let settings = FileSettings::default();
        let options = serde_json::Map::new();
        let article = Article::parse(Path::new("a.md"), text);
        let mut out = Vec::new();
        for rule in RULES {
            let meta = rule.meta();
            let mut cx = Context::new(meta.id, meta.severity, &options, &settings, &site, &mut out);
            rule.check(&article, &mut cx);
        }
        out
    }

    fn fix(text: &str) -> String {
        crate::fix::lint_fix(text, Applicability::Safe, lint)
            .expect("fixing converges")
            .text
    }

    /// What the reader sees, roughly: the parser's events with text whitespace collapsed and
    /// the invisible characters this group removes dropped.
    fn rendering(text: &str) -> String {
        // `bom` removes every mark at the start, even one the parser would read as text.
        let text = text.trim_start_matches('\u{feff}');
        let body = Article::parse(Path::new("a.md"), text).body;
        let mut out = String::new();
        for event in Parser::new_ext(&text[body.range()], markdown_options()) {
            match event {
                Event::Text(t) => out.push_str(&t),
                Event::SoftBreak => out.push(' '),
                Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
                Event::Code(t) => out.push_str(&format!(" <code> {t} ")),
                other => out.push_str(&format!(" {other:?} ")),
            }
        }
        let visible: String = out
            .chars()
            .filter(|c| {
                !matches!(
                    c,
                    '\u{200b}' | '\u{200d}' | '\u{ad}' | '\u{feff}' | '\u{200e}'
                )
            })
            .collect();
        visible.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// No lone CR and few tabs: pulldown-cmark reads a lone CR inconsistently (sometimes a line
    /// ending, sometimes not), and departs from CommonMark on some tabs (after a heading's
    /// closing `#`, before `>`), so it cannot judge whether a rendering changed there.
    /// `lone_carriage_returns_are_left_to_unsafe_fixes` covers lone CRs.
    const PIECES: &[&str] = &[
        "word", "mot", " ", "  ", "   ", "\n", "\n", "\n", "\r\n", "\n\n\n", "word\t", "- ", "2. ",
        "> ", "# ", "*", "`", "```\n", "    ", "\t- ", "<pre>\n", "</pre>\n", "\u{200b}",
        "\u{feff}", "\u{ad}", "\u{200d}", "\u{200e}", "\u{a0}", "[a](b)", "\\",
    ];

    fn document() -> impl Strategy<Value = String> {
        (
            prop::sample::select(&["", "\u{feff}"][..]),
            prop::sample::select(&["", "---\ntitle: T  \n---\n", "---\r\ntitle: T\r\n---\r\n"][..]),
            prop::collection::vec(prop::sample::select(PIECES), 0..40),
        )
            .prop_map(|(bom, front_matter, pieces)| {
                format!("{bom}{front_matter}{}", pieces.concat())
            })
    }

    #[test]
    fn lone_carriage_returns_are_left_to_unsafe_fixes() {
        let text = "a\r\r\nb  \r  \nc\r\u{200b}\nd\r\n";
        // Safe fixes convert the plain CRLF, and never glue a lone CR to an LF.
        assert_eq!(fix(text), "a\r\r\nb  \r  \nc\r\u{200b}\nd\n");
        let diagnostics = lint(text);
        let lone = diagnostics
            .iter()
            .find(|d| d.message.contains("lone CR"))
            .expect("lone CRs reported");
        assert!(lone.message.starts_with("3 lone CR"), "{}", lone.message);
        let edits: Vec<&str> = lone
            .fix
            .as_ref()
            .unwrap()
            .edits()
            .iter()
            .map(|e| e.content.as_str())
            .collect();
        // The lone CRs become LF; the CRLF right after the first one loses its CR with them.
        assert_eq!(edits, ["\n", "", "\n", "\n"]);
        let unsafe_fixed = crate::fix::lint_fix(text, Applicability::Unsafe, lint)
            .unwrap()
            .text;
        assert_eq!(unsafe_fixed, "a\n\nb\n\nc\n\nd\n");
    }

    proptest! {
        // No regression file: it would land outside this folder.
        #![proptest_config(ProptestConfig {
            cases: 500,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Safe fixes converge, are idempotent, leave no safe fix behind, and keep what the
        /// page shows.
        #[test]
        fn safe_fixes_keep_the_rendering(text in document()) {
            let fixed = fix(&text);
            prop_assert_eq!(&fix(&fixed), &fixed);
            prop_assert!(lint(&fixed).iter().all(|d| !d.has_safe_fix()), "{:?}", lint(&fixed));
            // Lone CRs (and a CRLF right after one) have an unsafe fix: parsers disagree on them.
            let clean_crlf = fixed
                .match_indices("\r\n")
                .all(|(at, _)| fixed[..at].ends_with('\r'));
            let normalised = clean_crlf && !fixed.starts_with('\u{feff}');
            prop_assert!(normalised, "{:?}", fixed);
            prop_assert_eq!(rendering(&fixed), rendering(&text), "{:?} -> {:?}", text, fixed);
        }
    }
}
