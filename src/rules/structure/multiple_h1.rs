use crate::article::{Article, Heading, HeadingKind};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::structure::{excerpt, has_content, relevel};
use crate::rules::text::same_text;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks for level-1 headings (`#`, setext `===`, `<h1>`) in the body of an article whose
    /// front matter has a `title`: the theme prints the title as the page's H1, so every H1 of
    /// the body is a second one. The first H1 is left to `duplicate-title` when it repeats the
    /// title, and empty headings to `empty-heading`. Headings in code blocks and code shortcodes
    /// do not count.
    ///
    /// A Hugo site that declares H1 sections (`markup.tableOfContents.startLevel = 1`) uses them
    /// on purpose and is not checked; a site whose theme does not print the title should turn
    /// this rule off.
    ///
    /// ## Why is this bad?
    /// A page has one top-level heading, its title. Section H1s flatten the outline that screen
    /// readers, tables of contents and search engines read, and render as large as the title.
    /// They are typical of posts migrated from WordPress or pasted from a word processor.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Running Cassandra on Kubernetes
    /// ---
    /// # Performances
    ///
    /// # Statefulset
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: Running Cassandra on Kubernetes
    /// ---
    /// ## Performances
    ///
    /// ## Statefulset
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the H1 becomes an H2, and the headings of its section (up to the next H1) move
    /// one level down with it, so the outline is kept; but each of them renders in another
    /// size, and CSS or a table of contents may depend on the level. Offered for `#`, setext
    /// `===` and `<h1>` headings whose section has no H6 and no setext H2.
    pub(crate) struct MultipleH1 {
        id: "multiple-h1",
        summary: "H1 in the body of an article whose title is already the page's H1",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for MultipleH1 {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some((title, title_span)) = article.title() else {
            return;
        };
        if title.trim().is_empty() || cx.site().h1_sections {
            return;
        }
        let headings: Vec<&Heading> = article
            .headings
            .iter()
            .filter(|h| has_content(article, h))
            .collect();
        // `duplicate-title` reports the first H1 when it repeats the title.
        let first_h1 = article.headings.iter().find(|h| h.level == 1);
        let duplicate = first_h1.filter(|h| same_text(&h.text, title));
        for (i, h1) in headings.iter().enumerate() {
            if h1.level != 1 || duplicate.is_some_and(|d| d.span == h1.span) {
                continue;
            }
            let diagnostic = cx
                .report(
                    h1.span,
                    format!(
                        "H1 `{}` is a second H1: the theme prints the title as the page's H1",
                        excerpt(&h1.text)
                    ),
                )
                .label(title_span, "title defined here")
                .help("Make it an H2, and the headings of its section one level deeper");
            let section = headings[i + 1..].iter().take_while(|h| h.level > 1);
            if let Some(mut edits) = demote(article, std::iter::once(h1).chain(section)) {
                let first = edits.remove(0);
                diagnostic.fix(Fix::new(first, edits, Applicability::Unsafe));
            }
        }
    }
}

/// The edits that move every heading one level down, when their markup allows it.
fn demote<'h>(
    article: &Article<'_>,
    headings: impl Iterator<Item = &'h &'h Heading>,
) -> Option<Vec<Edit>> {
    let mut edits = Vec::new();
    for heading in headings {
        if heading.level >= 6 {
            return None;
        }
        match heading.kind {
            HeadingKind::Setext if heading.level == 1 => {
                // `===` becomes `---`: the underline is the heading's last line.
                let text = article.text(heading.span);
                let underline = text.rfind('\n').map_or(0, |i| i + 1);
                let marks = text[underline..].trim_end();
                let at = heading.span.start + underline;
                edits.push(Edit::replace(
                    Span::new(at, at + marks.len()),
                    marks.replace('=', "-"),
                ));
            }
            _ => edits.extend(relevel(article, heading, heading.level + 1)?),
        }
    }
    (!edits.is_empty()).then_some(edits)
}
