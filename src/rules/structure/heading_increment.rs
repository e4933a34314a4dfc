use crate::article::{Article, Heading};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::structure::{has_content, relevel};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks for a heading more than one level deeper than the heading before it (an H4 right
    /// after an H2). When the front matter has a `title`, the theme prints it as the page's H1,
    /// so the first heading of the body should be an H2: an H3 there skips a level too.
    /// Markdown (`#`, setext) and HTML (`<h3>`) headings count; headings in code blocks and code
    /// shortcodes do not, nor do empty headings (`empty-heading` reports them).
    ///
    /// ## Why is this bad?
    /// Screen readers and tables of contents navigate the page by its outline: a skipped level
    /// is a missing section. It usually means the heading was picked for its font size, or was
    /// pasted from a document whose outline started elsewhere.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Le Haut-Karabakh
    /// ---
    /// ### Contexte
    ///
    /// #### Chronologie
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: Le Haut-Karabakh
    /// ---
    /// ## Contexte
    ///
    /// ### Chronologie
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the heading, and the deeper headings that follow it up to the next heading of a
    /// higher level, are moved up by the levels skipped. The outline is kept, but every moved
    /// heading renders in another size, and CSS or anchors may depend on the level. Offered for
    /// `#` and `<hN>` headings.
    pub(crate) struct HeadingIncrement {
        id: "heading-increment",
        summary: "Heading level skipped (H2 then H4; the title counts as the H1)",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for HeadingIncrement {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let headings: Vec<&Heading> = article
            .headings
            .iter()
            .filter(|h| has_content(article, h))
            .collect();
        let title = article.title().filter(|(t, _)| !t.trim().is_empty());
        // The level above the current heading, and the heading that set it (none: the title).
        let mut previous: Option<(u8, Option<&Heading>)> = title.map(|_| (1, None));
        for (i, heading) in headings.iter().enumerate() {
            let Some((above, above_heading)) = previous.replace((heading.level, Some(heading)))
            else {
                continue;
            };
            if heading.level <= above + 1 {
                continue;
            }
            let wanted = above + 1;
            let message = match above_heading {
                Some(_) => format!("H{} follows an H{above}: a level is skipped", heading.level),
                None => format!(
                    "first heading is an H{}: the title is the page's H1, so a level is skipped",
                    heading.level
                ),
            };
            let diagnostic = cx.report(heading.span, message);
            match (above_heading, title) {
                (Some(h), _) => diagnostic.label(h.span, format!("the H{above} before it")),
                (None, Some((_, title_span))) => {
                    diagnostic.label(title_span, "the title is the page's H1")
                }
                (None, None) => diagnostic,
            };
            // The heading and what it heads: the following headings at its level or deeper.
            let shift = heading.level - wanted;
            let levels = if shift == 1 { "level" } else { "levels" };
            diagnostic.help(format!(
                "Make it an H{wanted}, and the headings under it {shift} {levels} higher"
            ));
            let moved: Option<Vec<Vec<Edit>>> = headings[i..]
                .iter()
                .take_while(|h| h.level >= heading.level)
                .map(|h| relevel(article, h, h.level - shift))
                .collect();
            if let Some(mut edits) = moved.map(|e| e.concat()).filter(|e| !e.is_empty()) {
                let first = edits.remove(0);
                diagnostic.fix(Fix::new(first, edits, Applicability::Unsafe));
            }
        }
    }
}
