use crate::article::Article;
use crate::diagnostic::{Edit, Fix};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks for backslashes left by WYSIWYG editors as hard line breaks where they break
    /// nothing: a line holding only `\`, a `\` right after an HTML comment
    /// (`<!--EndFragment-->\`), and a `\` hard break at the end of a paragraph.
    /// A `\` inside code, or a hard break between two lines of one paragraph, is fine.
    ///
    /// ## Why is this bad?
    /// Rich-text editors emit `\` + newline for every press of Shift+Enter. On a line of its own it
    /// renders as an empty line break or a literal backslash; at the end of a paragraph Markdown
    /// prints the backslash itself.
    ///
    /// ## Example
    /// ```markdown
    /// <!--EndFragment-->\
    /// \
    /// Serge Tateossian
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// Serge Tateossian
    /// ```
    ///
    /// ## Fix safety
    /// Safe: a lone `\` line is removed with its line, and the blank lines around it are
    /// collapsed to one; a trailing `\` is removed alone.
    pub(crate) struct StrayBackslash {
        id: "stray-backslash",
        summary: "Backslash hard-break debris from a WYSIWYG editor",
        severity: Error,
        fix: Always,
    }
}

impl Rule for StrayBackslash {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let source = article.source;
        if memchr::memchr(b'\\', source[article.body.range()].as_bytes()).is_none() {
            return;
        }
        let mut lines = article
            .lines()
            .lines_in(article.body)
            .map(|(start, end)| (start, &source[start..end]))
            .peekable();
        while let Some((line_start, line)) = lines.next() {
            let content = line
                .trim_end_matches(['\n', '\r'])
                .trim_end_matches([' ', '\t']);
            if !content.ends_with('\\') || trailing_backslashes(content) % 2 == 0 {
                continue;
            }
            let at = line_start + content.len() - 1;
            let backslash = Span::new(at, at + 1);
            if article.in_code(backslash) {
                continue;
            }
            let before = content[..content.len() - 1].trim();
            if before.is_empty() {
                cx.report(
                    backslash,
                    "line holds only a `\\` left by a rich-text editor",
                )
                .help("Remove the line")
                .fix(Fix::safe(Edit::delete(article.line_removal(backslash))));
            } else if before.ends_with("-->") {
                cx.report(backslash, "`\\` after an HTML comment breaks no line")
                    .help("Remove the backslash")
                    .fix(Fix::safe(Edit::delete(backslash)));
            } else if lines.peek().is_none_or(|(_, next)| next.trim().is_empty())
                || ends_a_block(article, at + 1)
            {
                cx.report(
                    backslash,
                    "`\\` at the end of a paragraph breaks no line and is printed",
                )
                .help("Remove the backslash")
                .fix(Fix::safe(Edit::delete(backslash)));
            }
        }
    }
}

/// A paragraph or list item ends at `end`: the next line starts a heading, an item, a quote…
fn ends_a_block(article: &Article<'_>, end: usize) -> bool {
    article
        .blocks
        .iter()
        .any(|b| b.start + article.text(*b).trim_end().len() == end)
}

fn trailing_backslashes(s: &str) -> usize {
    s.bytes().rev().take_while(|&b| b == b'\\').count()
}
