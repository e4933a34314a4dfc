use crate::article::{overlaps_any, Article};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::normalisation::lines;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

/// CommonMark reads tabs in indentation as reaching the next multiple of four columns.
const TAB_STOP: usize = 4;

declare_rule! {
    /// ## What it does
    /// Checks for Markdown lines whose indentation contains a tab: list items and their
    /// continuation lines, nested lists, lazy paragraph continuations. Lines of code blocks
    /// (where an indentation of a tab is what makes an indented code block), of code shortcodes
    /// and of raw HTML blocks are left alone, as is the front matter. Off by default: enable it
    /// with `--extend-select tab-indentation`.
    ///
    /// ## Why is this bad?
    /// Editors show a tab as 2, 4 or 8 columns, while Markdown counts it up to the next multiple
    /// of 4. A list nested with tabs therefore looks right in one editor and wrong in another,
    /// and mixing tabs with spaces makes the nesting that the page will show hard to predict
    /// from the source.
    ///
    /// ## Example
    /// ```markdown
    /// - Fruit
    /// →- Apples
    /// →- Pears
    /// ```
    /// (`→` is a tab.)
    ///
    /// Use instead:
    /// ```markdown
    /// - Fruit
    ///     - Apples
    ///     - Pears
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the indentation is rewritten with spaces up to the same 4-column tab stops that
    /// the CommonMark specification uses to read the block structure, so a conforming parser
    /// (Hugo's Goldmark) shows the same page. Parsers do not all follow the specification on
    /// tabs, though: pulldown-cmark reads `\t>` after a block quote as part of the quote, but
    /// four spaces as an indented code block. And the author may have meant the nesting their
    /// editor showed (a tab of 2 or 8 columns), not the one Markdown reads: check the result.
    /// Only the start of the line is changed; a tab inside the text is left alone.
    pub(crate) struct TabIndentation {
        id: "tab-indentation",
        summary: "Markdown line indented with a tab",
        severity: Warning,
        fix: Always,
        default_on: false,
    }
}

impl Rule for TabIndentation {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        for line in lines(article, article.body) {
            let content = line.text.trim_start_matches([' ', '\t']);
            let indent = &line.text[..line.text.len() - content.len()];
            if content.is_empty() || !indent.contains('\t') {
                continue;
            }
            // An indented code block starts after its indentation: look at the first character.
            let first = Span::new(line.start + indent.len(), line.start + indent.len() + 1);
            if article.in_code(first) || overlaps_any(&article.html, first) {
                continue;
            }
            let indent_span = Span::new(line.start, line.start + indent.len());
            cx.report(indent_span, "line indented with a tab")
                .help("Indent with spaces")
                .fix(Fix::new(
                    Edit::replace(indent_span, " ".repeat(columns(indent))),
                    [],
                    Applicability::Unsafe,
                ));
        }
    }
}

/// The width of `indent` (spaces and tabs) from the start of a line.
fn columns(indent: &str) -> usize {
    indent.chars().fold(0, |column, c| match c {
        '\t' => (column / TAB_STOP + 1) * TAB_STOP,
        _ => column + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_reach_the_next_stop() {
        assert_eq!(columns("\t"), 4);
        assert_eq!(columns("  \t"), 4);
        assert_eq!(columns("\t  \t"), 8);
        assert_eq!(columns("     \t"), 8);
    }
}
