use std::sync::LazyLock;

use regex::Regex;

use crate::article::Article;
use crate::diagnostic::{Edit, Fix};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks for the markers that the Windows clipboard wraps around copied HTML:
    /// `<!--StartFragment-->` and `<!--EndFragment-->` comments (any case and spacing), and the
    /// `Version:0.9` / `StartHTML:` / `EndHTML:` header lines of the clipboard's HTML format.
    /// Markers inside code blocks, inline code or code shortcodes are left alone.
    ///
    /// ## Why is this bad?
    /// They are debris of a copy-paste through a rich-text editor or CMS. The comments render to
    /// nothing but clutter the source, show up in diffs, and mark text that was pasted without
    /// review; the header lines are printed on the page.
    ///
    /// ## Example
    /// ```markdown
    /// <!--StartFragment-->
    /// Esseulée face à l'Azerbaïdjan, l'Arménie boycotte le sommet.
    /// <!--EndFragment-->
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// Esseulée face à l'Azerbaïdjan, l'Arménie boycotte le sommet.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the comments render to nothing, and a header line is never wanted. A marker alone on
    /// its line is removed with its line; otherwise only the marker is removed.
    pub(crate) struct ClipboardFragment {
        id: "clipboard-fragment",
        summary: "Clipboard `<!--StartFragment-->` / `<!--EndFragment-->` debris",
        severity: Error,
        fix: Always,
    }
}

static FRAGMENT_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<!--\s*(start|end)\s*fragment\s*-->").unwrap());
/// The clipboard's HTML-format header: `Version:0.9` then `StartHTML:0000000105` and friends.
static HEADER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Version:\d+\.\d+|(StartHTML|EndHTML|StartFragment|EndFragment|StartSelection|EndSelection):-?\d+|SourceURL:\S*)[ \t]*\r?\n?$").unwrap()
});

impl Rule for ClipboardFragment {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        for &html in &article.html {
            for found in FRAGMENT_COMMENT.find_iter(article.text(html)) {
                let span = Span::new(html.start + found.start(), html.start + found.end());
                if article.in_code(span) {
                    continue;
                }
                let name = if found.as_str().to_ascii_lowercase().contains("start") {
                    "StartFragment"
                } else {
                    "EndFragment"
                };
                cx.report(
                    span,
                    format!("clipboard marker `<!--{name}-->` left by a copy-paste"),
                )
                .help("Remove the marker")
                .fix(Fix::safe(Edit::delete(removal_span(article, span))));
            }
        }
        check_header(article, cx);
    }
}

/// The marker's whole line when nothing else is on it (a trailing `\` hard break is debris
/// too), else the marker alone.
fn removal_span(article: &Article<'_>, span: Span) -> Span {
    // `<!--\nStartFragment-->` spans lines: what is before it on its first line, after it on
    // its last.
    let first = article.line_content(span.start);
    let last = article.line_content(span.end.saturating_sub(1).max(span.start));
    let text = article.source;
    let before =
        text[first.start..span.start].trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let after = text.get(span.end..last.end).unwrap_or("").trim();
    if before.is_empty() && (after.is_empty() || after == "\\") {
        article.line_removal(span)
    } else {
        span
    }
}

/// Flags a run of header lines starting with `Version:N.N` and followed by at least one
/// `StartHTML:`-style line, outside code.
fn check_header(article: &Article<'_>, cx: &mut Context<'_>) {
    let body = article.text(article.body).as_bytes();
    if memchr::memmem::find(body, b"Version:").is_none() {
        return;
    }
    let lines = article.lines();
    let first = lines.line_of(article.body.start);
    let mut line = first;
    while line < lines.line_count() {
        let span = article.line_span(lines.line_start(line));
        let text = article.text(span);
        if !(text.starts_with("Version:") && HEADER_LINE.is_match(text)) || article.in_code(span) {
            line += 1;
            continue;
        }
        let mut end = line + 1;
        while end < lines.line_count() {
            let next = article.line_span(lines.line_start(end));
            if next.is_empty()
                || !HEADER_LINE.is_match(article.text(next))
                || next.start >= article.source.len()
            {
                break;
            }
            end += 1;
        }
        if end > line + 1 {
            let block = Span::new(span.start, article.line_span(lines.line_start(end - 1)).end);
            let shown = article.line_content(span.start);
            cx.report(shown, "clipboard HTML-format header left by a copy-paste")
                .help("Remove the header lines")
                .fix(Fix::safe(Edit::delete(article.line_removal(block))));
        }
        line = end;
    }
}
