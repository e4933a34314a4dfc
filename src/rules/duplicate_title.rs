use crate::article::Article;
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::text::same_text;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

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
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: L'Arménie tourne le dos à Moscou
    /// ---
    /// Esseulée face à l'Azerbaïdjan, l'Arménie boycotte le sommet.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the heading's lines are removed with the blank line after them, and the reader
    /// still sees the title once. Unsafe when the heading carries an explicit id (`{#id}`,
    /// `id="…"`), which links may point at.
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
        if !same_text(&h1.text, title) {
            return;
        }
        // An explicit id (`{#id}`, `id="…"`) may be the target of links: removing it is a judgement call.
        let heading = article.text(h1.span);
        let has_id = heading.contains("{#")
            || heading.contains("{.")
            || heading
                .match_indices(" id")
                .any(|(at, _)| heading[at + 3..].trim_start().starts_with('='));
        let applicability = if has_id {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        cx.report(h1.span, "first H1 repeats the front-matter title")
            .label(title_span, "title defined here")
            .help("Remove the heading: the theme already prints the title")
            .fix(Fix::new(
                Edit::delete(removal(article, h1.span)),
                [],
                applicability,
            ));
    }
}

/// The heading's lines when nothing else is on them, else the heading alone
/// (`<h1>…</h1><!--EndFragment-->` keeps the comment for its own rule).
fn removal(article: &Article<'_>, heading: crate::span::Span) -> crate::span::Span {
    let first = article.line_content(heading.start);
    let last = article.line_content(heading.end.saturating_sub(1).max(heading.start));
    let alone = article.source[first.start..heading.start].trim().is_empty()
        && article.source[heading.end..last.end].trim().is_empty();
    if alone {
        article.line_removal(heading)
    } else {
        heading
    }
}
