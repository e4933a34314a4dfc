//! `--format json` (one document, `version` bumped on breaking changes) and `json-lines` (one
//! diagnostic object per line, for streaming tools).

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Applicability;
use crate::render::{located, located_in, FileReport, Located, Summary};

/// The whole document, as [`write`] prints it.
#[cfg(test)]
#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: &'a Summary,
}

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

pub fn render(reports: &[FileReport], summary: &Summary) -> String {
    let mut out = Vec::new();
    write(&mut out, reports, summary).expect("writing to memory does not fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// [`render`] as one serde_json document, which [`write`] must print byte for byte.
#[cfg(test)]
fn render_whole(reports: &[FileReport], summary: &Summary) -> String {
    let document = Document {
        version: 1,
        diagnostics: located(reports).into_iter().map(json_diagnostic).collect(),
        summary,
    };
    serde_json::to_string_pretty(&document).expect("serialising to memory does not fail") + "\n"
}

/// [`render`], streamed to `out`: the diagnostics are rendered in parallel, a slice of reports
/// at a time, while the slice before is written (the output is never held whole in memory).
/// Bytes are those of `serde_json::to_writer_pretty` over the whole document.
pub fn write(
    out: &mut dyn std::io::Write,
    reports: &[FileReport],
    summary: &Summary,
) -> std::io::Result<()> {
    write_loaded(out, reports, |report| report, summary)
}

/// [`write`] over items that `load` turns into reports, in parallel (read back from a spill).
pub fn write_loaded<T: Send, R: std::borrow::Borrow<FileReport>>(
    out: &mut dyn std::io::Write,
    reports: impl IntoIterator<Item = T, IntoIter: Send>,
    load: impl Fn(T) -> R + Send + Sync,
    summary: &Summary,
) -> std::io::Result<()> {
    /// Reports rendered at a time.
    const SLICE: usize = 256;
    out.write_all(b"{\n  \"version\": 1,\n  \"diagnostics\": [")?;
    let mut any = false;
    std::thread::scope(|scope| -> std::io::Result<()> {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let mut reports = reports.into_iter();
        scope.spawn(move || loop {
            let slice: Vec<T> = reports.by_ref().take(SLICE).collect();
            if slice.is_empty() {
                return;
            }
            let rendered: Vec<Vec<u8>> = slice
                .into_par_iter()
                .map(|item| render_report(load(item).borrow()))
                .collect();
            // The writer stopped (a closed pipe): so does rendering.
            if send.send(rendered.concat()).is_err() {
                return;
            }
        });
        for rendered in receive {
            // Every diagnostic comes with the comma that follows the one before it.
            let rendered = match (any, rendered.first()) {
                (false, Some(b',')) => &rendered[1..],
                _ => &rendered[..],
            };
            any |= !rendered.is_empty();
            out.write_all(rendered)?;
        }
        Ok(())
    })?;
    out.write_all(if any {
        b"\n  ],\n  \"summary\": "
    } else {
        b"],\n  \"summary\": "
    })?;
    summary.serialize(&mut serde_json::Serializer::with_formatter(
        &mut *out,
        Nested::at(1),
    ))?;
    out.write_all(b"\n}\n")
}

/// One report's diagnostics as elements of the document's `diagnostics` array, each preceded
/// by `,`.
fn render_report(report: &FileReport) -> Vec<u8> {
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
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn at(depth: usize) -> Nested {
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

pub fn render_lines(reports: &[FileReport]) -> String {
    located(reports)
        .into_iter()
        .map(|l| serde_json::to_string(&json_diagnostic(l)).unwrap_or_default() + "\n")
        .collect()
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
    use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
    use crate::span::Span;

    fn report(path: &str, diagnostics: usize) -> FileReport {
        let source = "line one\nline two \"quoted\" é\n".repeat(3);
        let diagnostics = (0..diagnostics)
            .map(|i| {
                let mut d = Diagnostic::new(
                    "trailing-whitespace",
                    Severity::Warning,
                    Span::new(i, i + 3),
                    format!("message {i} with \"quotes\"\nand a newline"),
                );
                if i % 2 == 0 {
                    d.help("a help");
                    d.fix(Fix::safe(Edit::delete(Span::new(i, i + 1))));
                }
                d
            })
            .collect();
        FileReport::new(path.into(), source, diagnostics)
    }

    #[test]
    fn streams_the_bytes_of_the_whole_document() {
        let cases = [
            vec![],
            vec![report("a.md", 0)],
            vec![report("a.md", 0), report("b.md", 2), report("c.md", 0)],
            (0..700)
                .map(|i| report(&format!("d/{i:04}.md"), i % 4))
                .collect::<Vec<_>>(),
        ];
        for reports in cases {
            let summary = Summary::of(&reports);
            assert_eq!(render(&reports, &summary), render_whole(&reports, &summary));
        }
    }
}
