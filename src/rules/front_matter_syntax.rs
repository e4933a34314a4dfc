use std::sync::LazyLock;

use regex::Regex;

use crate::article::Article;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks that the front matter parses: YAML between `---` lines (or `...` to close), TOML
    /// between `+++` lines, closed by a fence line of its own, holding a mapping of keys. The
    /// parser's line and column point into the file. Also reports a closing fence glued to
    /// text (`---s`, `https://x/y.html---`), whose body is still linted after it, and front
    /// matter commented out as `<!-- --- … --- -->`.
    ///
    /// ## Why is this bad?
    /// A generator that cannot read the front matter fails the build or, worse, publishes the
    /// page without title and date. Common causes in CMS repositories are a closing fence with
    /// text glued to it, an unquoted `: ` inside a title, and tabs used for indentation.
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
    pub(crate) struct FrontMatterSyntax {
        id: "front-matter-syntax",
        summary: "Front matter that does not parse, is never closed, or is commented out",
        severity: Error,
        fix: None,
    }
}

/// `<!--` then a fence on the next non-blank line, at the very top of the file.
static COMMENTED_OUT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\A\u{feff}?<!--\s*\n\s*(---|\+\+\+)[ \t]*\r?\n").unwrap());

impl Rule for FrontMatterSyntax {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        if let Some(found) = COMMENTED_OUT.find(article.source) {
            let start = found.as_str().find("<!--").unwrap_or(0);
            cx.report(
                Span::new(start, start + 4),
                "the front matter is commented out: the generator does not read it",
            )
            .help("Remove the `<!--` and `-->` around the front matter");
            return;
        }
        let Some(fm) = &article.front_matter else {
            return;
        };
        if fm.is_too_large() {
            let message = fm
                .data
                .as_ref()
                .err()
                .map_or_else(String::new, |e| e.message.clone());
            cx.report(Span::new(fm.span.start, fm.span.start + 3), message)
                .help("Move bulky data out of the front matter, into a data file or the body");
            return;
        }
        let Err(error) = &fm.data else { return };
        let fence = &article.source[fm.span.start..fm.span.start + 3];
        // Front matter that ends on a glued fence line has that line between `inner` and the body.
        if !fm.closed && fm.inner.end < fm.span.end {
            let line = article.line_content(fm.inner.end);
            let number = article.lines().line_col(article.source, line.start).line;
            cx.report(
                line,
                format!("the closing `{fence}` is glued to text on line {number}"),
            )
            .help(format!("Put `{fence}` on a line of its own"));
            return;
        }
        let help = if fm.closed {
            "Fix the syntax; quote values that contain `: ` or start with a special character"
                .to_string()
        } else {
            format!("Close the front matter with a line holding only `{fence}`")
        };
        cx.report(error.span, error.message.clone()).help(help);
    }
}
