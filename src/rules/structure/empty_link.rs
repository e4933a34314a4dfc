use crate::article::{Article, LinkKind};
use crate::rules::structure::excerpt;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks for Markdown links with no text (`[](https://example.org)`, `[ ](…)`), and for
    /// links that lead nowhere: an empty destination (`[text]()`, `[text](<>)`) or a bare `#`
    /// (`[text](#)`), inline or in a reference definition. A link whose text is an image or
    /// inline HTML (an icon) is not empty. Autolinks and links in code are left alone.
    ///
    /// ## Why is this bad?
    /// A link without text is invisible: readers cannot see or click it, and screen readers
    /// announce only its address. A link without a destination reloads the page or jumps to
    /// its top: the target was lost when the text was pasted or converted.
    ///
    /// ## Example
    /// ```markdown
    /// Read [the announcement]() and [](https://ergoplatform.org/en/blog/).
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// Read [the announcement](https://ergoplatform.org/en/blog/) on our blog.
    /// ```
    pub(crate) struct EmptyLink {
        id: "empty-link",
        summary: "Link with no text, or with an empty or `#` destination",
        severity: Warning,
        fix: None,
    }
}

impl Rule for EmptyLink {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        for link in article
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Link && !l.autolink)
        {
            let content = link;
            let no_text = !content.has_text() && !content.has_media;
            let dest = link.dest.trim();
            let nowhere = dest.is_empty() || dest == "#";
            if !no_text && !nowhere {
                continue;
            }
            let name = if content.has_text() {
                format!("link `{}`", excerpt(content.text.trim()))
            } else {
                "link".to_string()
            };
            let (message, help) = match (no_text, nowhere) {
                (false, false) => continue,
                (true, false) => (
                    format!("link to `{dest}` has no text"),
                    "Give the link a text that says where it leads".to_string(),
                ),
                (true, true) => (
                    "link has no text and no destination".to_string(),
                    "Remove the link".to_string(),
                ),
                (false, true) if dest.is_empty() => (
                    format!("{name} has no destination"),
                    "Add the address the link should lead to, or remove the link".to_string(),
                ),
                (false, true) => (
                    format!("{name} points to `#`, the top of the page"),
                    "Add the address the link should lead to, or remove the link".to_string(),
                ),
            };
            let diagnostic = cx.report(link.span, message).help(help);
            if link.dest_span != link.span && !link.span.contains(link.dest_span) {
                diagnostic.label(link.dest_span, "destination defined here");
            }
        }
    }
}
