//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps).

use serde::Serialize;
use serde_json::{json, Value};

use crate::diagnostic::{Applicability, Severity};
use crate::registry::RuleSet;
use crate::render::json::Nested;
use crate::render::{located_in, rule_docs_url, FileReport, Located, DOCS_URL};

/// The document, with `results`.
fn document(rules: &RuleSet, results: Vec<Value>) -> Value {
    let driver_rules: Vec<Value> = rules
        .iter()
        .map(|(rule, _)| {
            let meta = rule.meta();
            let docs = crate::rules::docs(&meta);
            json!({
                "id": meta.id,
                "name": meta.id,
                "shortDescription": { "text": meta.summary },
                "fullDescription": { "text": docs },
                "help": { "text": docs, "markdown": docs },
                "helpUri": rule_docs_url(meta.id),
                "defaultConfiguration": { "level": level(meta.severity), "enabled": meta.default_on },
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "contentlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": DOCS_URL,
                "rules": driver_rules,
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// The document around its results: what comes before the first, and from the results
/// array's closing bracket, as
/// `serde_json::to_string_pretty` prints the whole (keys in order: the results come before
/// the tool's rules).
pub fn frame(rules: &RuleSet) -> (String, String) {
    let whole = serde_json::to_string_pretty(&document(rules, Vec::new())).unwrap_or_default();
    const EMPTY: &str = "\"results\": []";
    let at = whole.find(EMPTY).unwrap_or(whole.len());
    let (header, footer) = whole.split_at(at);
    let footer = footer.get(EMPTY.len() - 1..).unwrap_or_default();
    (format!("{header}\"results\": ["), format!("{footer}\n"))
}

/// The indent of the results array's closing bracket (the results' key's).
pub const INDENT: &[u8] = b"      ";

/// One report's results, each preceded by `,` and its line's indent (see [`frame`]); `ids`:
/// the rules in the order the document lists them.
pub fn render_report(report: &FileReport, ids: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for located in located_in(report) {
        out.extend_from_slice(b",\n        ");
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, Nested::at(4));
        result(located, ids)
            .serialize(&mut serializer)
            .expect("writing to memory does not fail");
    }
    out
}

fn result(l: Located<'_>, ids: &[&str]) -> Value {
    let d = l.diagnostic;
    let mut result = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": { "text": match &d.help {
            Some(help) => format!("{}\n{help}", d.message),
            None => d.message.clone(),
        } },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": l.path },
                "region": {
                    "startLine": l.start.line,
                    "startColumn": l.start.column,
                    "endLine": l.end.line,
                    "endColumn": l.end.column,
                    "byteOffset": d.span.start,
                    "byteLength": d.span.len(),
                }
            }
        }],
    });
    if let Some(index) = ids.iter().position(|id| *id == d.rule) {
        result["ruleIndex"] = json!(index);
    }
    if let Some(fix) = d
        .fix
        .as_ref()
        .filter(|f| f.applicability() >= Applicability::Unsafe)
    {
        let replacements: Vec<Value> = fix
            .edits()
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": { "byteOffset": e.span.start, "byteLength": e.span.len() },
                    "insertedContent": { "text": e.content },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": d.help.clone().unwrap_or_else(|| "Apply the fix".into()) },
            "artifactChanges": [{ "artifactLocation": { "uri": l.path }, "replacements": replacements }],
        }]);
    }
    result
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Format;
    use crate::render::stream::render;
    use crate::render::tests::report;
    use crate::render::Summary;

    /// The whole document as one value, printed at once: what the streamed one must print.
    fn render_whole(reports: &[FileReport], rules: &RuleSet) -> String {
        let ids: Vec<&str> = rules.ids().collect();
        let results = reports
            .iter()
            .flat_map(located_in)
            .map(|l| result(l, &ids))
            .collect();
        serde_json::to_string_pretty(&document(rules, results)).unwrap_or_default() + "\n"
    }

    #[test]
    fn streams_the_bytes_of_the_whole_document() {
        let rules = RuleSet::standard().unwrap();
        for reports in crate::render::tests::cases() {
            let summary = Summary::of(&reports);
            let document = crate::render::tests::plain(&summary, &rules);
            let streamed = render(Format::Sarif, &reports, document);
            assert_eq!(streamed, render_whole(&reports, &rules));
        }
        let one = [report("a.md", 1)];
        assert!(render_whole(&one, &rules).contains("\"ruleIndex\""));
    }
}
