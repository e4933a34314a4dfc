use crate::article::Article;
use crate::diagnostic::{Edit, Fix};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;
use crate::suppress::Kind;

declare_rule! {
    /// ## What it does
    /// Checks for `contentlint-disable…` comments that silence nothing, or that name a rule that
    /// does not exist. Opt-in: select it with `--extend-select unused-suppression` or a level in
    /// the configuration.
    ///
    /// ## Why is this bad?
    /// A suppression outlives the problem it silenced: left in place it hides the next real
    /// problem on that line, and a misspelt rule name silences nothing at all.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- contentlint-disable-next-line glued-words -->
    /// A sentence with nothing glued.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// A sentence with nothing glued.
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the comment renders to nothing; it is removed, with its line when it is alone on it.
    pub(crate) struct UnusedSuppression {
        id: "unused-suppression",
        summary: "Suppression comment that silences nothing",
        severity: Warning,
        fix: Always,
        default_on: false,
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(after) = cx.after() else { return };
        for directive in after.suppressions.unused() {
            let unknown: Vec<&str> = directive
                .rules
                .iter()
                .map(String::as_str)
                .filter(|r| after.rules.find(r).is_none())
                .collect();
            let message = if unknown.is_empty() {
                "suppression comment silences nothing".to_string()
            } else {
                format!(
                    "suppression comment names unknown rule `{}`",
                    unknown.join("`, `")
                )
            };
            let what = match directive.kind {
                Kind::File => "file",
                Kind::Line | Kind::NextLine => "line",
                Kind::Disable | Kind::Enable => "region",
            };
            cx.report(directive.span, message)
                .help(format!(
                    "Remove the comment: nothing in its {what} needs it"
                ))
                .fix(Fix::safe(Edit::delete(removal(article, directive.span))));
        }
    }
}

fn removal(article: &Article<'_>, comment: Span) -> Span {
    // A comment may span lines: what is before it on its first line, after it on its last.
    let first = article.line_content(comment.start);
    let last = article.line_content(comment.end.saturating_sub(1).max(comment.start));
    let after = article.source.get(comment.end..last.end).unwrap_or("");
    let alone =
        article.source[first.start..comment.start].trim().is_empty() && after.trim().is_empty();
    if alone {
        article.line_removal(comment)
    } else {
        comment
    }
}
