use crate::article::{Article, Heading};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::structure::{has_content, lines_of_alone};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks for headings with nothing in them: `#` or `## ` alone on a line, or an HTML heading
    /// holding only spaces (`<h2>&nbsp;</h2>`, a common leftover of rich-text editors). A
    /// heading that shows an image is not empty. A `#` that starts a line of a code block is
    /// code, not a heading.
    ///
    /// ## Why is this bad?
    /// An empty heading renders as a blank gap, and screen readers and tables of contents list
    /// it as a section with no name. A lone `#` is often a hashtag or a comment that slipped out
    /// of a code block: CommonMark reads it as an empty H1.
    ///
    /// ## Example
    /// ```markdown
    /// ## Installation
    ///
    /// ##
    ///
    /// Run the installer.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ## Installation
    ///
    /// Run the installer.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the heading's lines are removed with a blank line next to them, and the page
    /// loses only a blank gap (a `#` line between two paragraphs becomes a blank line, so they
    /// stay apart). Unsafe when the heading carries an id or an anchor
    /// (`## {#setup}`, `<h2 id="setup">`, `## <a name="setup"></a>`), which links may point at.
    /// No fix when the heading shares its line with other text (in a list item or a quote).
    pub(crate) struct EmptyHeading {
        id: "empty-heading",
        summary: "Heading with no text",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for EmptyHeading {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        for heading in &article.headings {
            if has_content(article, heading) {
                continue;
            }
            let diagnostic = cx
                .report(heading.span, format!("empty H{}", heading.level))
                .help("Remove the empty heading");
            let Some(lines) = lines_of_alone(article, heading.span) else {
                continue;
            };
            let applicability = if is_anchor(article, heading) {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            // A `#` line between two lines of text separates two paragraphs: keep them apart.
            let text_around = |at: usize| !article.text(article.line_span(at)).trim().is_empty();
            let between_text = lines.start > article.body.start
                && lines.end < article.source.len()
                && text_around(lines.start - 1)
                && text_around(lines.end);
            let replacement = if between_text { "\n" } else { "" };
            diagnostic.fix(Fix::new(
                Edit::replace(lines, replacement),
                [],
                applicability,
            ));
        }
    }
}

/// The heading carries an id or an anchor, which a link may target.
fn is_anchor(article: &Article<'_>, heading: &Heading) -> bool {
    let written = article.text(heading.span).to_ascii_lowercase();
    written.contains("{#") || written.contains("id=") || written.contains("name=")
}
