//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps).

use serde_json::{json, Value};

use crate::diagnostic::{Applicability, Severity};
use crate::registry::RuleSet;
use crate::render::{located, rule_docs_url, FileReport, DOCS_URL};

pub fn render(reports: &[FileReport], rules: &RuleSet) -> String {
    let ids: Vec<&str> = rules.ids().collect();
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
    let results: Vec<Value> = located(reports)
        .into_iter()
        .map(|l| {
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
            if let Some(fix) = d.fix.as_ref().filter(|f| f.applicability() >= Applicability::Unsafe) {
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
        })
        .collect();
    let document = json!({
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
    });
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
