//! `--format concise`: `path:line:col: severity[rule] message`, one line each (editors, grep).

use crate::render::{located, FileReport};

pub fn render(reports: &[FileReport]) -> String {
    located(reports)
        .into_iter()
        .map(|l| {
            format!(
                "{}:{}:{}: {}[{}] {}\n",
                l.path,
                l.start.line,
                l.start.column,
                l.diagnostic.severity.as_str(),
                l.diagnostic.rule,
                l.diagnostic.message.replace('\n', " ")
            )
        })
        .collect()
}
