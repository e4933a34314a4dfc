//! `--format concise`: `path:line:col: severity[rule] message`, one line each (editors, grep).

use crate::render::{located_in, FileReport};

/// One report's lines.
pub fn render_report(report: &FileReport) -> Vec<u8> {
    let mut out = String::new();
    for l in located_in(report) {
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            l.path,
            l.start.line,
            l.start.column,
            l.diagnostic.severity.as_str(),
            l.diagnostic.rule,
            l.diagnostic.message.replace('\n', " ")
        ));
    }
    out.into_bytes()
}
