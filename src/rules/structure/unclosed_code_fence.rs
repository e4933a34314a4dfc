use crate::article::Article;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::{trim_end_ascii, Span};

declare_rule! {
    /// ## What it does
    /// Checks for a fenced code block (```` ``` ```` or `~~~`) that is never closed: Markdown
    /// then runs the block to the end of the article (or of the list item or quote holding
    /// it). The closing fence must use the opening character, at least as many times, and
    /// nothing else: ```` ```java ```` opens a block but never closes one. So a block that holds
    /// an opening fence with a language is reported too: its closing fence was forgotten before
    /// the next block, whose opening fence then shows as text.
    ///
    /// ## Why is this bad?
    /// Everything after the opening fence, prose, headings, images, renders as one grey block
    /// of code. It is usually a closing fence lost in an edit, or one too short (```` ``` ````
    /// cannot close ```` ```` ````), and it is easy to miss in the source.
    ///
    /// ## Example
    /// ````markdown
    /// ```bash
    /// kubectl apply -f cassandra.yaml
    ///
    /// ## Conclusion
    /// ````
    ///
    /// Use instead:
    /// ````markdown
    /// ```bash
    /// kubectl apply -f cassandra.yaml
    /// ```
    ///
    /// ## Conclusion
    /// ````
    pub(crate) struct UnclosedCodeFence {
        id: "unclosed-code-fence",
        summary: "Fenced code block never closed: it swallows the rest of the article",
        severity: Error,
        fix: None,
    }
}

impl Rule for UnclosedCodeFence {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        for &block in &article.fenced_code {
            let text = article.text(block);
            let opener = text.lines().next().unwrap_or_default().trim();
            let fence_char = opener.chars().next().unwrap_or('`');
            let fence_len = opener.len() - opener.trim_start_matches(fence_char).len();
            let fence = &opener[..fence_len];
            let opener_span = Span::new(block.start, article.line_content(block.start).end);
            let lines: Vec<(usize, &str)> = line_offsets(text).skip(1).collect();
            // An opening fence with a language inside the block: the block was meant to be closed
            // before it, and that fence closes nothing.
            let inner = lines
                .iter()
                .take(lines.len().saturating_sub(1))
                .find(|(_, line)| is_opening_fence(line, fence_char, fence_len));
            if let Some(&(at, line)) = inner {
                let inner_span = Span::new(block.start + at, block.start + at + line.len());
                let inner_line = article.lines().line_of(inner_span.start) + 1;
                let trimmed = line.trim_start_matches([' ', '\t', '>']).trim_end();
                cx.report(
                    opener_span,
                    format!(
                        "code block {opener} is not closed before {trimmed} on line {inner_line}: the lines between render as code"
                    ),
                )
                .label(inner_span, "an opening fence inside the code block")
                .help(format!("Close the code block with a {fence} line where its code ends"));
                continue;
            }
            // A closed block ends with its closing fence; an open one runs to the end of its
            // container.
            let closed = lines
                .last()
                .is_some_and(|(_, line)| is_closing_fence(line, fence_char, fence_len));
            if closed {
                continue;
            }
            let swallowed = lines.len();
            let diagnostic = cx
                .report(
                    opener_span,
                    format!(
                        "code block {opener} is never closed: the {swallowed} lines after it render as code"
                    ),
                )
                .help(format!("Close the code block with a {fence} line where the code ends"));
            let end = article.source.trim_end().len();
            if block.end >= end && end > opener_span.end {
                diagnostic.label(
                    Span::empty(end),
                    "the code block runs to the end of the article",
                );
            }
        }
    }
}

/// The lines of `text` with their offsets, line endings excluded.
fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, trim_end_ascii(line, b"\n\r")))
    })
}

/// A fence of `fence_len` or more `fence_char`s followed by a language (` ```java `).
fn is_opening_fence(line: &str, fence_char: char, fence_len: usize) -> bool {
    let line = line.trim_start_matches([' ', '\t', '>']);
    // Most lines of code start with no fence character.
    if fence_len > 0 && !line.starts_with(fence_char) {
        return false;
    }
    let rest = line.trim_start_matches(fence_char);
    let info = rest.trim();
    line.len() - rest.len() >= fence_len
        && info.starts_with(|c: char| c.is_alphabetic() || c == '{')
        && !(fence_char == '`' && info.contains('`'))
}

/// `fence_len` or more `fence_char`s and nothing but spaces, after indentation and quote markers.
fn is_closing_fence(line: &str, fence_char: char, fence_len: usize) -> bool {
    let line = line.trim_start_matches([' ', '\t', '>']);
    let rest = line.trim_start_matches(fence_char);
    line.len() - rest.len() >= fence_len && rest.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_closing_fences() {
        assert!(is_closing_fence("```", '`', 3));
        assert!(is_closing_fence("  ````  ", '`', 3));
        assert!(is_closing_fence("> ```", '`', 3));
        assert!(!is_closing_fence("```bash", '`', 3));
        assert!(!is_closing_fence("```", '`', 4));
        assert!(!is_closing_fence("~~~", '`', 3));
        assert!(is_opening_fence("```java", '`', 3));
        assert!(is_opening_fence("> ```{python}", '`', 3));
        assert!(!is_opening_fence("```", '`', 3));
        assert!(!is_opening_fence("```java", '`', 4));
        assert!(!is_opening_fence("```x` y", '`', 3));
    }
}
