use crate::article::Article;
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::text::same_text;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks for a first level-1 heading (`#`, setext `===`, or an HTML `<h1>` block) that
    /// repeats the front-matter `title`. Texts are compared after Unicode normalisation, case
    /// folding, collapsing spaces and making typographic quotes and apostrophes plain.
    ///
    /// ## Why is this bad?
    /// The theme renders `title` as the page's H1; a second, identical H1 shows the title twice
    /// and gives the page two top-level headings.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: L'Arménie tourne le dos à Moscou
    /// ---
    /// # L’Arménie tourne le dos à Moscou
    /// ```
    ///
    /// ## Fix safety
    /// Safe when heading and title are identical; unsafe when they match only after
    /// normalisation, since the heading may carry an intended variant.
    pub(crate) struct DuplicateTitle {
        id: "duplicate-title",
        summary: "First H1 repeats the front-matter title",
        severity: Error,
        fix: Always,
    }
}

impl Rule for DuplicateTitle {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some((title, title_span)) = article.title() else {
            return;
        };
        let Some(h1) = article.headings.iter().find(|h| h.level == 1) else {
            return;
        };
        if title.trim().is_empty() {
            return;
        }
        let applicability = if h1.text == title.trim() {
            Applicability::Safe
        } else if same_text(&h1.text, title) {
            Applicability::Unsafe
        } else {
            return;
        };
        cx.report(h1.span, "first H1 repeats the front-matter title")
            .label(title_span, "title defined here")
            .help("Remove the heading: the theme already prints the title")
            .fix(Fix::new(
                Edit::delete(removal_span(article, h1.span)),
                [],
                applicability,
            ));
    }
}

/// The heading's whole lines, and the blank line after it so no double blank line remains.
fn removal_span(article: &Article<'_>, heading: Span) -> Span {
    let start = article.line_span(heading.start).start;
    let mut end = article
        .line_span(heading.end.saturating_sub(1).max(heading.start))
        .end;
    if end < article.source.len() {
        let next = article.line_span(end);
        if article.text(next).trim().is_empty() {
            end = next.end;
        }
    }
    Span::new(start, end)
}
