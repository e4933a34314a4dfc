//! The fuzz targets of `fuzz/` as bounded property tests, so every CI run covers them: arbitrary
//! bytes and Markdown-ish text with every rule enabled never panic, every span a diagnostic or a
//! fix carries lies on character boundaries of the text, fixing settles (no internal error), and
//! fixing the fixed text changes nothing.

use std::path::Path;

use contentlint::all_rules;
use contentlint::article::Article;
use contentlint::diagnostic::{Applicability, Diagnostic};
use contentlint::site::Site;
use contentlint::span::Span;
use proptest::prelude::*;

fn site() -> Site {
    Site::without_files()
}

/// A dated file name, so that filename-date rules run too.
const PATH: &str = "content/posts/2023-11-22-article.md";

fn check_span(source: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start <= span.end
            && span.end <= source.len()
            && source.is_char_boundary(span.start)
            && source.is_char_boundary(span.end),
        "{} span {:?} is not a valid range of the {}-byte text {:?}",
        what,
        span,
        source.len(),
        source
    );
    Ok(())
}

fn check_spans(source: &str, diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    for d in diagnostics {
        check_span(source, d.span, &d.rule)?;
        for label in &d.labels {
            check_span(source, label.span, &format!("{} label", d.rule))?;
        }
        for edit in d.fix.iter().flat_map(|f| f.edits()) {
            check_span(source, edit.span, &format!("{} edit", d.rule))?;
        }
    }
    Ok(())
}

/// Lints `source`, checks its spans, fixes it (unsafe fixes included) and fixes the result again.
fn lint_and_fix_twice(source: &str) -> Result<(), TestCaseError> {
    let (rules, settings) = all_rules();
    let site = site();
    let path = Path::new(PATH);
    let diagnostics = contentlint::lint(&Article::parse(path, source), &site, &rules, &settings);
    check_spans(source, &diagnostics)?;
    let fix = |text: &str| {
        contentlint::fix_source(path, text, &site, &rules, &settings, Applicability::Unsafe)
    };
    let once = match fix(source) {
        Ok(outcome) => outcome,
        Err(err) => return Err(TestCaseError::fail(format!("{err} for {source:?}"))),
    };
    check_spans(&once.text, &once.remaining)?;
    let twice = match fix(&once.text) {
        Ok(outcome) => outcome,
        Err(err) => return Err(TestCaseError::fail(format!("{err} for {:?}", once.text))),
    };
    prop_assert_eq!(
        &twice.text,
        &once.text,
        "fixing the fixed text changed it; original {:?}",
        source
    );
    Ok(())
}

/// Pieces that steer the text into the parsers' and rules' corners.
const FRAGMENTS: &[&str] = &[
    "---\n",
    "---\r\n",
    "+++\n",
    "...\n",
    "----\n",
    "---s\n",
    "title: T\n",
    "title: \"a: b\"\n",
    "title: a: b\n",
    "title = \"T\"\n",
    "date: 2023-11-22\n",
    "date: 2023-11-22T25:61:00Z\n",
    "date: 2023-13-45\n",
    "lastmod: 2020-01-01\n",
    "publishDate: 2024-01-01\n",
    "expiryDate: 2001-01-01\n",
    "description: T\n",
    "description: \n",
    "tags:\n  - a\n",
    "  - b\n",
    "lang: fr\n",
    "slug: a\n",
    "image: ../../../x.png\n",
    "cover:\n  image: c.jpg\n",
    "draft: true\n",
    "key: &a [x]\n",
    "ref: *a\n",
    "title: T\ntitle: U\n",
    "\ttitle: T\n",
    "# T\n",
    "# Heading\n",
    "## \n",
    "#### H\n",
    "###### H ####\n",
    "Heading\n===\n",
    "text",
    "Text.\n",
    "\n",
    "\n\n\n",
    "\r\n",
    "\r",
    "title: A\rB\n",
    "\u{feff}",
    "  \n",
    " ",
    "\t",
    "\\\n",
    "\\",
    "<!--StartFragment-->",
    "<!--EndFragment-->\\\n",
    "<!-- EndFragment -->\n",
    "<!-- contentlint-disable -->\n",
    "<!-- contentlint-enable -->\n",
    "<!-- contentlint-disable-next-line trailing-whitespace -->\n",
    "<!-- contentlint-disable-file nope -->\n",
    "<!--",
    "-->",
    "<!--\nStartFragment-->",
    "<!-- contentlint-disable-next-line glued-words\n-->\n",
    "```\n",
    "```html\n",
    "~~~\n",
    "    code\n",
    "> ",
    ">",
    "- ",
    "1. ",
    "* ",
    "+ ",
    "[link](x)",
    "[](y)",
    "[x]()",
    "![img](/a.png)",
    "![](b.jpg)",
    "![x](%2e%2e/etc/passwd)",
    "![x](C:\\a.png)",
    "<img src=\"c.png\">",
    "<div>",
    "</div>",
    "<br>",
    "|a|b|\n|-|-|\n|c|d|\n",
    "[^1]",
    "[^1]: note\n",
    "[x]: /y\n",
    "é",
    "e\u{301}",
    "\u{200b}",
    "\u{a0}",
    "\u{202f}",
    "«\u{a0}x\u{a0}»",
    "word.Word",
    "midnight.Officials",
    "10:30PM",
    "16:38Mis",
    "naïve",
    "œuvre",
    "🎉",
    "\u{0}",
    "{{< figure src=\"z.png\" >}}",
    "{% raw %}",
    "&nbsp;",
    "<",
    ">",
    "`",
    "*",
    "_",
    "#",
    ":",
    "\"",
    "'",
    "=",
    "[",
    "]",
    "(",
    ")",
];

fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => prop::sample::select(FRAGMENTS).prop_map(String::from),
        1 => "\\PC{0,8}",
        1 => "[ -~\t\n\r]{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Starts like an article, with front matter, most of the time.
fn article() -> impl Strategy<Value = String> {
    (
        prop::bool::weighted(0.7),
        markdownish(),
        markdownish(),
        prop::sample::select(&["---\n", "+++\n", "---\r\n", "\u{feff}---\n"][..]),
    )
        .prop_map(|(fenced, head, body, fence)| {
            if fenced {
                let close = fence.trim_start_matches('\u{feff}');
                format!("{fence}{head}{close}{body}")
            } else {
                format!("{head}{body}")
            }
        })
}

/// What the fuzzers found, kept as plain cases.
#[test]
fn inputs_found_by_fuzzing() {
    for source in [
        // Removing the marker made `---` the first line: front matter out of nothing.
        "<!--StartFragment-->---\n----\n",
        "<!--StartFragment-->\n\\\n---\n----\n",
        "\\\n---\n----\n",
        // Comments spanning lines made the rules slice backwards (panic).
        "---\ntitle: T\n---\nText <!--\nStartFragment--> more\n",
        "---\ntitle: T\n---\n<!-- contentlint-disable-next-line gludj\n---\ned-word -->\nText.\n",
        // A lone `\r` ended a line for YAML but not for the key scan: fixing line endings
        // turned front matter that parsed into front matter that did not.
        "---\r\ntitle: Ad\rL\ntitle: Whpae\n---",
    ] {
        if let Err(err) = lint_and_fix_twice(source) {
            panic!("{source:?}: {err}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn markdownish_text_lints_and_fixes_idempotently(source in article()) {
        lint_and_fix_twice(&source)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let (rules, settings) = all_rules();
        let report = contentlint::lint_bytes(Path::new(PATH), bytes.clone(), &site(), &rules, &settings);
        check_spans(&report.source, &report.diagnostics)?;
        if let Ok(text) = std::str::from_utf8(&bytes) {
            lint_and_fix_twice(text)?;
        }
    }

    #[test]
    fn arbitrary_text_lints_and_fixes_idempotently(source in "\\PC{0,200}") {
        lint_and_fix_twice(&source)?;
    }
}
