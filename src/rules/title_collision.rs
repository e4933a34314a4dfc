use crate::article::Article;
use crate::rules::cross_file::shown;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks that no two articles of one section (`posts/`, `news/`) in the same language,
    /// published within a month of each other, have the same title (compared after Unicode
    /// normalisation, case folding and collapsing spaces): the mark of one story pasted twice
    /// through the CMS. Every article of the site is compared, not only the ones linted, so a
    /// new article that repeats an old title is caught in a pre-commit hook; both are reported
    /// when both are linted, each naming the other. A title that recurs over the years
    /// ("Happy new year", "Weekly news") and the same title in two sections (a news item and
    /// its blog post) are deliberate and not reported.
    ///
    /// ## Why is this bad?
    /// Readers and search engines cannot tell the pages apart in lists, feeds and results; a
    /// CMS that derives slugs from titles may also publish one over the other.
    ///
    /// ## Example
    /// `content/posts/a.md` and `content/posts/b.md` both have `title: Ergo roadmap`.
    ///
    /// Use instead: `title: Ergo roadmap 2021` and `title: Ergo roadmap 2022`.
    pub(crate) struct TitleCollision {
        id: "title-collision",
        summary: "Two articles with the same title in the same language",
        severity: Warning,
        fix: None,
    }
}

impl Rule for TitleCollision {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn cross_file(&self) -> bool {
        true
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(own) = article.own_entry(cx.site()) else {
            return;
        };
        if own.title.is_none() {
            return;
        }
        let Some((_, title_span)) = article.title() else {
            return;
        };
        let others: Vec<String> = cx
            .site()
            .articles()
            .same_story(own)
            .map(|e| format!("`{}`", shown(&e.path)))
            .collect();
        if others.is_empty() {
            return;
        }
        cx.report(
            title_span,
            format!("the same title is used by {}", others.join(", ")),
        )
        .help("Give each article its own title");
    }
}
