use crate::article::Article;
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks for line endings other than LF (`\n`): CRLF (`\r\n`, Windows) and lone CR (`\r`,
    /// classic Mac OS), and files that mix them with LF. One diagnostic per file for the CRLF
    /// line endings, at the first one, and one for the lone CRs; code blocks and front matter
    /// are converted too.
    ///
    /// ## Why is this bad?
    /// Static sites live in Git repositories shared between systems. A file saved with CRLF
    /// shows every line as changed in diffs when someone saves it with LF, trips line-based
    /// scripts and regexes (`$` before `\r`), and a file that mixes both went through a
    /// copy-paste from another tool. One convention, LF, keeps diffs about the text.
    ///
    /// ## Example
    /// ```text
    /// ---\r\n
    /// title: Hello\r\n
    /// ---\r\n
    /// Text.\r\n
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// ---\n
    /// title: Hello\n
    /// ---\n
    /// Text.\n
    /// ```
    ///
    /// ## Fix safety
    /// Safe for CRLF: every CRLF becomes LF, which Markdown, YAML and TOML read as the same line
    /// ending, so nothing the reader sees changes. (Git's `core.autocrlf` can still give an
    /// editor CRLF in the working tree.) Unsafe for lone CRs: CommonMark reads them as line
    /// endings, but some parsers (pulldown-cmark among them) read them as part of the line, so
    /// turning them into LF can change what such a site shows.
    pub(crate) struct LineEndings {
        id: "line-endings",
        summary: "CRLF, CR or mixed line endings",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for LineEndings {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let source = article.source;
        if memchr::memchr(b'\r', source.as_bytes()).is_none() {
            return;
        }
        let mut crlf: Vec<Edit> = Vec::new();
        let mut cr: Vec<Edit> = Vec::new();
        // The CRLF after a lone CR goes with the lone CRs: deleting its CR alone would glue the
        // lone CR to the LF, and the next pass would take that for a CRLF.
        let mut crlf_after_cr = 0;
        for at in memchr::memchr_iter(b'\r', source.as_bytes()) {
            let carriage_return = Span::new(at, at + 1);
            if !source[at + 1..].starts_with('\n') {
                cr.push(Edit::replace(carriage_return, "\n"));
            } else if source[..at].ends_with('\r') {
                crlf_after_cr += 1;
                cr.push(Edit::delete(carriage_return));
            } else {
                crlf.push(Edit::delete(carriage_return));
            }
        }
        let lone = cr.len() - crlf_after_cr;
        let lf = article.lines().line_count() - 1 - crlf.len() - crlf_after_cr;
        let counts = [
            (crlf.len() + crlf_after_cr, "CRLF"),
            (lone, "CR"),
            (lf, "LF"),
        ];
        if let Some(first) = crlf.first() {
            let shown = Span::new(first.span.start, first.span.end + 1);
            let message = if lone == 0 && lf == 0 {
                format!("file uses CRLF line endings ({} lines)", crlf.len())
            } else {
                format!("file mixes line endings: {}", describe(&counts))
            };
            let mut edits = crlf.into_iter();
            let first_edit = edits.next().expect("at least one CRLF");
            cx.report(shown, message)
                .help("Convert the line endings to LF")
                .fix(Fix::new(first_edit, edits, Applicability::Safe));
        }
        if lone > 0 {
            let message = format!(
                "{lone} lone CR line ending{} (classic Mac OS), which not every parser reads",
                if lone == 1 { "" } else { "s" }
            );
            let shown = cr
                .iter()
                .find(|e| !e.content.is_empty())
                .expect("a lone CR")
                .span;
            let mut edits = cr.into_iter();
            let first_edit = edits.next().expect("at least one CR");
            cx.report(shown, message)
                .help("Convert them to LF, and check the text reads as intended")
                .fix(Fix::new(first_edit, edits, Applicability::Unsafe));
        }
    }
}

/// `3 CRLF, 2 LF`: the non-zero counts.
fn describe(counts: &[(usize, &str)]) -> String {
    counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect::<Vec<_>>()
        .join(", ")
}
