//! rustc-style diagnostics through miette: file:line:col, the source line, labels, the help.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use crate::diagnostic::{Diagnostic, Severity};
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

/// One report's diagnostics, each a miette block, separated by blank lines. Needs the text.
pub fn render_report(report: &FileReport, style: Style) -> String {
    let mut out = String::new();
    if report.diagnostics.is_empty() {
        return out;
    }
    let theme = match style {
        Style::Fancy => GraphicalTheme::unicode(),
        Style::Plain => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100);
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
        if handler.render_report(&mut out, &shown).is_err() {
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
    source: &'a Source<'a>,
    text: &'a str,
}

impl Shown<'_> {
    /// miette slices the source by bytes: keep spans on char boundaries and inside the text.
    fn span(&self, span: crate::span::Span) -> SourceSpan {
        let start = floor_char_boundary(self.text, span.start);
        let end = floor_char_boundary(self.text, span.end.max(start));
        (start, end - start).into()
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
        let primary = LabeledSpan::new_primary_with_span(None, self.span(self.diagnostic.span));
        let secondary = self
            .diagnostic
            .labels
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), self.span(l.span)));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}
