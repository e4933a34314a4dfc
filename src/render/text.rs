//! rustc-style diagnostics in miette's layout: file:line:col, the source line, labels, the
//! help. The usual diagnostic is laid out by `layout.rs`, in either theme; miette renders the
//! rest.

use std::fmt;
use std::sync::LazyLock;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use crate::diagnostic::{Diagnostic, Severity};
use crate::render::layout;
use crate::render::source::Source;
use crate::render::{display_path, FileReport};
use crate::span::floor_char_boundary;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Style {
    /// Unicode frames and colour, for terminals.
    Fancy,
    /// No colour: pipes, CI logs, NO_COLOR.
    Plain,
}

/// A report's rendering (made when it was settled, else now, from its text), preceded by the
/// blank line that separates it from the one before; nothing for a report without problems.
pub fn render_separated(report: &FileReport, style: Style) -> Vec<u8> {
    let rendered;
    let text = match report.settled.as_ref().and_then(|s| s.text.as_ref()) {
        Some(text) => text,
        None => {
            rendered = render_report(report, style);
            &rendered
        }
    };
    if text.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(text.len() + 1);
    out.push(b'\n');
    out.extend_from_slice(text.as_bytes());
    out
}

/// The summary line (unless empty), after a blank line if a report came before (`any`).
pub fn write_summary(
    out: &mut dyn std::io::Write,
    any: bool,
    summary: &str,
) -> std::io::Result<()> {
    if summary.is_empty() {
        return Ok(());
    }
    if any {
        out.write_all(b"\n")?;
    }
    out.write_all(summary.as_bytes())?;
    out.write_all(b"\n")
}

/// The width miette lays diagnostics out in.
const WIDTH: usize = 100;

/// miette's handlers for one style: one wraps the message and help (as miette does, to
/// [`WIDTH`] less 2 columns), the other leaves them as they are, which is the same output when they fit on their
/// line ([`fits_unwrapped`]) and spares textwrap's line breaking, the larger part of a short
/// diagnostic's rendering. Made once; miette's handlers are shared between threads.
struct Handlers {
    wrapping: GraphicalReportHandler,
    unwrapped: GraphicalReportHandler,
}

impl Handlers {
    fn new(theme: fn() -> GraphicalTheme) -> Handlers {
        let handler = |wrap| {
            GraphicalReportHandler::new_themed(theme())
                .with_context_lines(1)
                .with_width(WIDTH)
                .with_wrap_lines(wrap)
        };
        Handlers {
            wrapping: handler(true),
            unwrapped: handler(false),
        }
    }

    fn of(style: Style) -> &'static Handlers {
        static FANCY: LazyLock<Handlers> = LazyLock::new(|| Handlers::new(GraphicalTheme::unicode));
        static PLAIN: LazyLock<Handlers> =
            LazyLock::new(|| Handlers::new(GraphicalTheme::unicode_nocolor));
        match style {
            Style::Fancy => &FANCY,
            Style::Plain => &PLAIN,
        }
    }

    /// The handler for `d`: the one that does not wrap when wrapping would change nothing.
    fn for_diagnostic(&self, d: &Diagnostic) -> &GraphicalReportHandler {
        if fits(d) {
            &self.unwrapped
        } else {
            &self.wrapping
        }
    }
}

/// Whether `d`'s message and help fit their lines: miette wraps the message after its
/// severity's icon ("  × ", "  ⚠ ": 4 columns) and the help after "  help: ".
fn fits(d: &Diagnostic) -> bool {
    fits_unwrapped(&d.message, 4) && d.help.as_deref().is_none_or(|help| fits_unwrapped(help, 8))
}

/// Whether textwrap, filling `text` to miette's width after an indent `indent` columns wide,
/// gives back the indent and `text` unchanged (as miette does when it does not wrap): `text` is
/// one line, ends with no white space (textwrap drops spaces at a line's end; white space at
/// the start is refused too, which costs only a wrapped rendering of the same bytes), and
/// fits. Its length in bytes stands for its width: no character is wider than its UTF-8 bytes.
fn fits_unwrapped(text: &str, indent: usize) -> bool {
    // miette hands textwrap its width less 2 columns.
    indent + text.len() <= WIDTH - 2
        // Neither empty nor with white space at either end: what `trim` would leave alone.
        && text.starts_with(|c: char| !c.is_whitespace())
        && text.ends_with(|c: char| !c.is_whitespace())
        && memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none()
}

/// One report's diagnostics, each a miette block, separated by blank lines. Needs the text.
pub fn render_report(report: &FileReport, style: Style) -> String {
    if report.diagnostics.is_empty() {
        return String::new();
    }
    // Room for most problems (a rule, a message, three lines of context, a help line): the
    // text is pushed a few characters at a time, and growing it cost a tenth of the rendering.
    let mut out = String::with_capacity(640 * report.diagnostics.len());
    let handlers = Handlers::of(style);
    let theme = layout::theme(style);
    let source = Source::new(display_path(&report.path), &report.source);
    for d in &report.diagnostics {
        let shown = Shown {
            diagnostic: d,
            source: &source,
            text: &report.source,
        };
        if !out.is_empty() {
            out.push('\n');
        }
        if fits(d) && layout::render(&mut out, theme, d, &source, shown.marks()) {
            continue;
        }
        if handlers
            .for_diagnostic(d)
            .render_report(&mut out, &shown)
            .is_err()
        {
            out.push_str(&format!(
                "{}: {}: {}\n",
                display_path(&report.path),
                d.rule,
                d.message
            ));
        }
    }
    out
}

/// A diagnostic borrowed for miette, with its file.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a dyn miette::SourceCode,
    text: &'a str,
}

impl<'a> Shown<'a> {
    /// miette slices the source by bytes: keep spans on char boundaries and inside the text.
    fn span(&self, span: crate::span::Span) -> SourceSpan {
        let start = floor_char_boundary(self.text, span.start);
        let end = floor_char_boundary(self.text, span.end.max(start));
        (start, end - start).into()
    }

    /// The diagnostic's spans: what miette is given ([`miette::Diagnostic::labels`]) and what
    /// [`layout`] lays out.
    fn marks(&self) -> Vec<layout::Mark<'a>> {
        let primary = layout::Mark {
            span: self.span(self.diagnostic.span),
            label: None,
            primary: true,
        };
        let secondary = self.diagnostic.labels.iter().map(|l| layout::Mark {
            span: self.span(l.span),
            label: Some(l.message.as_str()),
            primary: false,
        });
        std::iter::once(primary).chain(secondary).collect()
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shown")
            .field("diagnostic", self.diagnostic)
            .finish()
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.diagnostic.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.diagnostic.help.as_ref()?;
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels = self.marks().into_iter().map(|mark| {
            if mark.primary {
                LabeledSpan::new_primary_with_span(None, mark.span)
            } else {
                LabeledSpan::new_with_span(mark.label.map(String::from), mark.span)
            }
        });
        Some(Box::new(labels))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use proptest::prelude::*;

    /// A warning with `message` and `help` on a two-line file, as `handler` renders it.
    fn rendered(handler: &GraphicalReportHandler, message: &str, help: Option<&str>) -> String {
        let text = "line one\nline two\n";
        let mut d = Diagnostic::new("a-rule", Severity::Warning, Span::new(5, 8), message);
        if let Some(help) = help {
            d.help(help);
        }
        let source = Source::new("a.md".to_string(), text);
        let shown = Shown {
            diagnostic: &d,
            source: &source,
            text,
        };
        let mut out = String::new();
        handler.render_report(&mut out, &shown).unwrap();
        out
    }

    /// Both handlers of both styles agree on `message` and `help` when they fit unwrapped.
    fn check_agree(message: &str, help: Option<&str>) {
        for style in [Style::Fancy, Style::Plain] {
            let handlers = Handlers::of(style);
            let mut d = Diagnostic::new("a-rule", Severity::Warning, Span::new(0, 1), message);
            if let Some(help) = help {
                d.help(help);
            }
            if std::ptr::eq(handlers.for_diagnostic(&d), &handlers.unwrapped) {
                assert_eq!(
                    rendered(&handlers.unwrapped, message, help),
                    rendered(&handlers.wrapping, message, help),
                    "{message:?} {help:?}"
                );
            }
        }
    }

    #[test]
    fn texts_up_to_the_width_are_left_unwrapped_and_unchanged() {
        // 94 bytes after the 4-column icon fill miette's 98 columns; 95 would be wrapped.
        let words = |n: usize| "word ".repeat(20)[..n].trim_end().to_string() + "x";
        let fits = words(93);
        assert_eq!(fits.len(), 94);
        assert!(fits_unwrapped(&fits, 4));
        check_agree(&fits, None);
        let over = words(94);
        assert!(!fits_unwrapped(&over, 4));
        let plain = &Handlers::of(Style::Plain);
        assert_ne!(
            rendered(&plain.unwrapped, &over, None),
            rendered(&plain.wrapping, &over, None),
            "a text one byte over the width is wrapped"
        );
        let help = "help ".repeat(20)[..89].to_string() + "x";
        assert!(fits_unwrapped(&help, 8) && !fits_unwrapped(&(help.clone() + "x"), 8));
        check_agree("message", Some(&help));
        for text in ["", " lead", "trail ", "two\nlines", "cr\r", "   "] {
            assert!(!fits_unwrapped(text, 4), "{text:?}");
        }
    }

    /// `d` on `text` as miette's handler of `style` that does not wrap renders it (reading the
    /// text with its own reader), and as [`layout::render`] does when it takes it.
    fn layout_and_miette(style: Style, text: &str, d: &Diagnostic) -> (Option<String>, String) {
        let theirs_source = miette::NamedSource::new("dir/a.md", text.to_string());
        let shown = Shown {
            diagnostic: d,
            source: &theirs_source,
            text,
        };
        let source = Source::new("dir/a.md".to_string(), text);
        let mut theirs = String::new();
        Handlers::of(style)
            .unwrapped
            .render_report(&mut theirs, &shown)
            .unwrap();
        let mut ours = "kept".to_string();
        let taken = layout::render(&mut ours, layout::theme(style), d, &source, shown.marks());
        if !taken {
            assert_eq!(
                ours, "kept",
                "a diagnostic it does not take leaves the output alone"
            );
        }
        (taken.then(|| ours["kept".len()..].to_string()), theirs)
    }

    #[test]
    fn layout_renders_every_fixture_as_miette_does() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let (rules, settings) = crate::all_rules();
        let (mut taken, mut labelled, mut left) = (0, 0, 0);
        for entry in ignore::WalkBuilder::new(&fixtures).hidden(false).build() {
            let path = entry.unwrap().into_path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let relative = path.strip_prefix(&fixtures).unwrap();
            let fixture_dir = fixtures.join(relative.components().next().unwrap());
            let Ok(site) = crate::site::Site::discover(&path, &fixture_dir) else {
                continue;
            };
            let bytes = std::fs::read(&path).unwrap();
            let report = crate::lint_bytes(&path, bytes, &site, &rules, &settings);
            for d in report.diagnostics.iter().filter(|d| fits(d)) {
                for style in [Style::Plain, Style::Fancy] {
                    match layout_and_miette(style, &report.source, d) {
                        (Some(ours), theirs) => {
                            assert_eq!(ours, theirs, "{} {} {style:?}", path.display(), d.rule);
                            taken += 1;
                            labelled += usize::from(!d.labels.is_empty());
                        }
                        (None, _) => left += 1,
                    }
                }
            }
        }
        // Most diagnostics of the fixtures are laid out directly, labelled ones too.
        assert!(
            taken > 800 && labelled > 40 && left < taken / 10,
            "{taken} {labelled} {left}"
        );
    }

    /// A text of a few lines, with tabs, ANSI escapes, wide and combining characters and line
    /// ends of every kind; a span within it on char boundaries.
    fn text_and_spans() -> impl Strategy<Value = (String, Vec<(usize, usize)>)> {
        "[ab \t\x1bm\u{e9}\u{301}語\n\r]{0,60}".prop_flat_map(|text| {
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let span = proptest::sample::select(boundaries.clone()).prop_flat_map(move |start| {
                let ends: Vec<usize> = boundaries.iter().copied().filter(|&e| e >= start).collect();
                (Just(start), proptest::sample::select(ends))
            });
            // Up to 5 marks: miette's three colours for marks cycle.
            (Just(text), proptest::collection::vec(span, 1..6))
        })
    }

    proptest! {
        #[test]
        fn layout_rendering_is_miettes(
            (text, spans) in text_and_spans(),
            labels in proptest::collection::vec(
                proptest::sample::select(vec!["", " ", "\x1b[31mred\x1b[0m", "a\tb", "cr\r", "é語\u{301}", "a label"]),
                5,
            ),
            error in any::<bool>(),
            help in proptest::option::of("[a-z ]{1,10}x"),
        ) {
            let severity = if error { Severity::Error } else { Severity::Warning };
            let (start, end) = spans[0];
            let mut d = Diagnostic::new("a-rule", severity, Span::new(start, end), "a message");
            if let Some(help) = &help {
                d.help(help.as_str());
            }
            for (&(start, end), label) in spans[1..].iter().zip(labels) {
                d.label(Span::new(start, end), label);
            }
            for style in [Style::Plain, Style::Fancy] {
                if let (Some(ours), theirs) = layout_and_miette(style, &text, &d) {
                    prop_assert_eq!(ours, theirs, "{:?}", style);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn fits_is_what_trimming_and_measuring_say(
            text in "[a \t\n\ré\u{a0}\u{2003}]{0,12}",
            indent in 80usize..100,
        ) {
            let trimmed = text.trim();
            let expected = !trimmed.is_empty()
                && trimmed.len() == text.len()
                && !text.contains(['\n', '\r'])
                && indent + text.len() <= WIDTH - 2;
            prop_assert_eq!(fits_unwrapped(&text, indent), expected);
        }
    }

    proptest! {
        #[test]
        fn unwrapped_rendering_is_miettes(
            message in "[a-z -]{0,40}[ a-zé語\u{301}\t🎉-]{0,70}",
            help in proptest::option::of("[a-z ,`-]{0,60}[ a-zé語\u{301}🎉]{0,40}"),
        ) {
            check_agree(&message, help.as_deref());
        }
    }
}
