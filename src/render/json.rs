//! `--format json`: one document, stable field names, `version` bumped on breaking changes.

use serde::Serialize;

use crate::diagnostic::{Applicability, Diagnostic};
use crate::render::{display_path, FileReport, Summary};
use crate::span::LineIndex;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: &'a Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
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
    let mut diagnostics = Vec::new();
    for report in reports {
        let index = LineIndex::new(&report.source);
        let path = display_path(&report.path);
        for d in &report.diagnostics {
            diagnostics.push(json_diagnostic(d, &path, &report.source, &index));
        }
    }
    let document = Document {
        version: 1,
        diagnostics,
        summary,
    };
    let mut out = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

fn json_diagnostic<'a>(
    d: &'a Diagnostic,
    path: &str,
    source: &str,
    index: &LineIndex,
) -> JsonDiagnostic<'a> {
    let start = index.line_col(source, d.span.start);
    let end = index.line_col(source, d.span.end);
    JsonDiagnostic {
        rule: &d.rule,
        severity: d.severity.as_str(),
        path: path.to_string(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
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
