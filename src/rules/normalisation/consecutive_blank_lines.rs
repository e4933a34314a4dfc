use crate::article::{overlaps_any, Article};
use crate::diagnostic::{Edit, Fix};
use crate::rules::normalisation::lines;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks for two or more blank lines in a row in the Markdown body. Lines holding only
    /// spaces or tabs count as blank. Left alone: code blocks and code shortcodes, raw HTML blocks
    /// (a `<pre>` keeps its blank lines), the front matter (blank lines in a YAML block scalar are
    /// part of the value), and blank lines at the end of the file (`final-newline` handles those).
    ///
    /// ## Why is this bad?
    /// Markdown renders one blank line and ten the same way: the extra ones are debris of a
    /// copy-paste, a deleted paragraph or a rich-text editor, and authors who try to add
    /// vertical space with them are surprised that it does not show.
    ///
    /// ## Example
    /// ```markdown
    /// First paragraph.
    ///
    ///
    ///
    /// Second paragraph.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// First paragraph.
    ///
    /// Second paragraph.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the run is collapsed to one blank line, which separates blocks exactly as the run
    /// did.
    pub(crate) struct ConsecutiveBlankLines {
        id: "consecutive-blank-lines",
        summary: "More than one blank line in a row",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for ConsecutiveBlankLines {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let newlines = article.lines().newlines_in(article.body);
        if !may_have_blank_run(article.text(article.body).as_bytes(), newlines) {
            return;
        }
        // The blank lines of the current run: how many, and the span of all but the first.
        let mut run: Option<(usize, Span)> = None;
        for line in lines(article, article.body) {
            if line.is_blank() {
                run = Some(match run {
                    None => (1, Span::empty(line.end)),
                    Some((count, extra)) => (count + 1, Span::new(extra.start, line.end)),
                });
                continue;
            }
            let Some((count, extra)) = run.take() else {
                continue;
            };
            if count < 2 || article.in_code(extra) || overlaps_any(&article.html, extra) {
                continue;
            }
            cx.report(extra, format!("{count} blank lines in a row"))
                .help("Keep one blank line")
                .fix(Fix::safe(Edit::delete(extra)));
        }
    }
}

/// Whether `text` may hold two blank lines in a row: a byte scan (most lines are told from a
/// blank one by their first byte) that spares most articles the line-by-line check. Counts a
/// lone `\r` as blank too: it may only say yes too often.
/// `newlines`: the offsets of the `\n`s in `text`, in order (the article's line index has them).
pub(super) fn may_have_blank_run(text: &[u8], newlines: impl IntoIterator<Item = usize>) -> bool {
    let blank = |line: &[u8]| line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'));
    let mut run = 0;
    let mut start = 0;
    for end in newlines {
        run = if blank(&text[start..end]) { run + 1 } else { 0 };
        if run >= 2 {
            return true;
        }
        start = end + 1;
    }
    // The last line, when it has no line ending.
    start < text.len() && run >= 1 && blank(&text[start..])
}
