use crate::article::Article;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks that the front matter parses: YAML between `---` lines (or `...` to close), TOML
    /// between `+++` lines, closed by a fence line of its own, holding a mapping of keys.
    ///
    /// ## Why is this bad?
    /// A generator that cannot read the front matter fails the build or, worse, publishes the
    /// page without title and date. Common causes in CMS repositories are a closing fence with
    /// text glued to it (`---s`), an unquoted `: ` inside a title, and tabs used for indentation.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Ergo: the road ahead
    /// ---s
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Ergo: the road ahead"
    /// ---
    /// ```
    pub(crate) struct InvalidFrontMatter {
        id: "invalid-front-matter",
        summary: "Front matter that does not parse",
        severity: Error,
        fix: None,
    }
}

impl Rule for InvalidFrontMatter {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(fm) = &article.front_matter else {
            return;
        };
        let Err(error) = &fm.data else { return };
        let fence = &article.source[fm.span.start..fm.span.start + 3];
        let help = if fm.closed {
            "Fix the syntax; quote values that contain `: ` or start with a special character"
                .to_string()
        } else {
            match glued_fence_line(article, fence) {
                Some(line) => format!(
                    "The closing `{fence}` is glued to line {line}: put it on a line of its own"
                ),
                None => format!("Close the front matter with a line holding only `{fence}`"),
            }
        };
        cx.report(error.span, error.message.clone()).help(help);
    }
}

/// The 1-based line where a closing fence was glued to text (`---s`, `…html---`), if any.
fn glued_fence_line(article: &Article<'_>, fence: &str) -> Option<usize> {
    let fm = article.front_matter.as_ref()?;
    let mut offset = fm.inner.start;
    for line in article.text(fm.inner).split_inclusive('\n') {
        let content = line.trim_end();
        if content != fence && (content.starts_with(fence) || content.ends_with(fence)) {
            return Some(article.lines().line_col(article.source, offset).line);
        }
        offset += line.len();
    }
    None
}
