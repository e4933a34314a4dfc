use crate::article::Article;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks that the `title` is between `min` and `max` characters long (default 10 to 70,
    /// what search results show). Opt-in, with configurable bounds:
    /// `title-length: { level: warning, min: 20, max: 60 }`.
    ///
    /// ## Why is this bad?
    /// Search engines cut long titles mid-word and show short ones as vague; social cards do
    /// the same.
    ///
    /// ## Example
    /// ```yaml
    /// title: News
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// title: Ergo node 5.0 released with faster sync
    /// ```
    pub(crate) struct TitleLength {
        id: "title-length",
        summary: "Title shorter or longer than search results show well",
        severity: Warning,
        fix: None,
        default_on: false,
        options: ["min", "max"],
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that the `description` (or `summary`, `metaDescription`) is between `min` and
    /// `max` characters long (default 50 to 160, what search snippets show). Opt-in, with
    /// configurable bounds.
    ///
    /// ## Why is this bad?
    /// A long description is cut in search snippets; a short one is replaced by whatever text
    /// the search engine picks from the page.
    ///
    /// ## Example
    /// ```yaml
    /// description: Ergo news
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// description: Ergo node 5.0 syncs twice as fast and lowers the disk space a full node needs.
    /// ```
    pub(crate) struct DescriptionLength {
        id: "description-length",
        summary: "Description shorter or longer than search snippets show well",
        severity: Warning,
        fix: None,
        default_on: false,
        options: ["min", "max"],
    }
}

fn check_length(article: &Article<'_>, cx: &mut Context<'_>, keys: &[&str], default: (u64, u64)) {
    let Some(fm) = &article.front_matter else {
        return;
    };
    let Some((key, value, field)) = keys
        .iter()
        .find_map(|k| Some((*k, fm.str_value(k)?, fm.field(k)?)))
    else {
        return;
    };
    let min = cx
        .option("min")
        .and_then(|v| v.as_u64())
        .unwrap_or(default.0);
    let max = cx
        .option("max")
        .and_then(|v| v.as_u64())
        .unwrap_or(default.1);
    let length = value.trim().chars().count() as u64;
    let problem = if length < min {
        format!("`{key}` is {length} characters long, shorter than {min}")
    } else if length > max {
        format!("`{key}` is {length} characters long, longer than {max}")
    } else {
        return;
    };
    cx.report(field.value_span, problem)
        .help(format!("Aim for {min} to {max} characters"));
}

impl Rule for TitleLength {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        check_length(article, cx, &["title"], (10, 70));
    }
}

impl Rule for DescriptionLength {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        check_length(
            article,
            cx,
            &["description", "summary", "metaDescription"],
            (50, 160),
        );
    }
}
