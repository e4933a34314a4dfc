//! `--format json` (one document, `version` bumped on breaking changes) and `json-lines` (one
//! diagnostic object per line, for streaming tools).

use serde::Serialize;

use crate::diagnostic::Applicability;
use crate::render::{located_in, FileReport, Located, Summary};

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'static str,
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start: usize,
    end: usize,
    content: &'a str,
}

/// The document up to its first diagnostic.
pub const HEADER: &[u8] = b"{\n  \"version\": 1,\n  \"diagnostics\": [";

/// The indent of the `diagnostics` array's closing bracket.
pub const INDENT: &[u8] = b"  ";

/// The document from the `diagnostics` array's closing bracket.
pub fn write_footer(out: &mut dyn std::io::Write, summary: &Summary) -> std::io::Result<()> {
    out.write_all(b"],\n  \"summary\": ")?;
    summary.serialize(&mut serde_json::Serializer::with_formatter(
        &mut *out,
        Nested::at(1),
    ))?;
    out.write_all(b"\n}\n")
}

/// One report's diagnostics as elements of the document's `diagnostics` array, each preceded
/// by `,`.
pub fn render_report(report: &FileReport) -> Vec<u8> {
    let mut out = Vec::new();
    for located in located_in(report) {
        out.extend_from_slice(b",\n    ");
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, Nested::at(2));
        json_diagnostic(located)
            .serialize(&mut serializer)
            .expect("writing to memory does not fail");
    }
    out
}

/// serde_json's pretty printer (two-space indent), starting `depth` levels in: a part of a
/// document rendered on its own prints exactly as it would inside the whole.
pub struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    pub fn at(depth: usize) -> Nested {
        Nested {
            depth,
            has_value: false,
        }
    }

    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// One report's diagnostics in `json-lines`: an object per line.
pub fn render_report_lines(report: &FileReport) -> Vec<u8> {
    let mut out = Vec::new();
    for located in located_in(report) {
        serde_json::to_writer(&mut out, &json_diagnostic(located))
            .expect("writing to memory does not fail");
        out.push(b'\n');
    }
    out
}

pub fn json_diagnostic(l: Located<'_>) -> JsonDiagnostic<'_> {
    let d = l.diagnostic;
    JsonDiagnostic {
        rule: &d.rule,
        severity: d.severity.as_str(),
        path: l.path,
        line: l.start.line,
        column: l.start.column,
        end_line: l.end.line,
        end_column: l.end.column,
        message: &d.message,
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            applicability: f.applicability(),
            edits: f
                .edits()
                .iter()
                .map(|e| JsonEdit {
                    start: e.span.start,
                    end: e.span.end,
                    content: &e.content,
                })
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Format;
    use crate::registry::RuleSet;
    use crate::render::stream::render;

    /// The whole document, as one value printed at once: what the streamed one must print.
    #[derive(Serialize)]
    struct Whole<'a> {
        version: u32,
        diagnostics: Vec<JsonDiagnostic<'a>>,
        summary: &'a Summary,
    }

    #[test]
    fn streams_the_bytes_of_the_whole_document() {
        let rules = RuleSet::standard().unwrap();
        for reports in crate::render::tests::cases() {
            let summary = Summary::of(&reports);
            let whole = Whole {
                version: 1,
                diagnostics: reports
                    .iter()
                    .flat_map(located_in)
                    .map(json_diagnostic)
                    .collect(),
                summary: &summary,
            };
            let whole = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            let document = crate::render::tests::plain(&summary, &rules);
            assert_eq!(render(Format::Json, &reports, document), whole);
        }
    }
}
