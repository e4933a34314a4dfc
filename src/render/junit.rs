//! `--format junit`: one testsuite per file, one testcase with one failure per diagnostic, as
//! GitLab and Jenkins read it.

use crate::render::{display_path, located_in, FileReport, Summary};

/// The document up to its first file's testsuite: the counts of the whole run (`summary`).
pub fn write_header(out: &mut dyn std::io::Write, summary: &Summary) -> std::io::Result<()> {
    let failures = summary.problems;
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"contentlint\" tests=\"{}\" failures=\"{}\">\n",
        failures.max(summary.files),
        failures
    )
}

pub fn write_footer(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(b"</testsuites>\n")
}

/// One file's testsuite.
pub fn render_report(report: &FileReport) -> Vec<u8> {
    let mut out = String::new();
    let path = display_path(&report.path);
    let mine = located_in(report);
    out.push_str(&format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
        xml(&path),
        mine.len().max(1),
        mine.len()
    ));
    if mine.is_empty() {
        out.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"contentlint\"/>\n",
            xml(&path)
        ));
    }
    for l in &mine {
        let d = l.diagnostic;
        out.push_str(&format!(
            "    <testcase name=\"{}:{}:{} {}\" classname=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}[{}] {}{}</failure>\n    </testcase>\n",
            xml(&path),
            l.start.line,
            l.start.column,
            xml(&d.rule),
            xml(&d.rule),
            d.severity.as_str(),
            xml(&d.message),
            xml(&path),
            l.start.line,
            l.start.column,
            d.severity.as_str(),
            xml(&d.rule),
            xml(&d.message),
            d.help.as_ref().map(|h| format!("\n{}", xml(h))).unwrap_or_default()
        ));
    }
    out.push_str("  </testsuite>\n");
    out.into_bytes()
}

/// XML text and attribute escaping; characters XML 1.0 forbids are dropped.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
