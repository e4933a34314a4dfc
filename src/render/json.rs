//! `--format json` (one document, `version` bumped on breaking changes) and `json-lines` (one
//! diagnostic object per line, for streaming tools).

use serde::Serialize;

use crate::diagnostic::Applicability;
use crate::render::{located, FileReport, Located, Summary};

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

/// [`render`], streamed to `out`.
pub fn write(
    out: &mut dyn std::io::Write,
    reports: &[FileReport],
    summary: &Summary,
) -> std::io::Result<()> {
    let document = Document {
        version: 1,
        diagnostics: located(reports).into_iter().map(json_diagnostic).collect(),
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
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
