//! `--format github`: GitHub Actions workflow commands, which annotate the pull request.
//! `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`

use crate::diagnostic::Severity;
use crate::render::{located_in, FileReport};

/// One report's workflow commands, a line each.
pub fn render_report(report: &FileReport) -> Vec<u8> {
    let mut out = String::new();
    for l in located_in(report) {
        let d = l.diagnostic;
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push('\n');
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&l.path),
            l.start.line,
            l.start.column,
            l.end.line,
            l.end.column,
            escape_property(&d.rule),
            escape_data(&message)
        ));
    }
    out.into_bytes()
}

/// GitHub's escaping of a command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a property value: the message's, plus `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_specifies() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
    }
}
