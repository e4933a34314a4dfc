use crate::article::Article;
use crate::rules::cross_file::shown;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks that no two articles would publish at the same URL: the same `url` (or
    /// `permalink`), the same folder and `slug` (or file name), or an `aliases` entry equal to
    /// another article's URL. Every article of the site is compared, not only the ones linted.
    ///
    /// ## Why is this bad?
    /// The generator writes one page over the other (Hugo keeps whichever it renders last), or
    /// a redirect from an alias hides a live page. Nothing warns at build time.
    ///
    /// ## Example
    /// `content/posts/summit.md` and `content/posts/2023-summit.md` with `slug: summit`.
    ///
    /// Use instead: `slug: summit-2023` for the second one.
    pub(crate) struct SlugCollision {
        id: "slug-collision",
        summary: "Two articles that would publish at the same URL",
        severity: Error,
        fix: None,
    }
}

impl Rule for SlugCollision {
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
        let Some(fm) = &article.front_matter else {
            return;
        };
        let at = ["url", "permalink", "slug", "aliases", "title"]
            .iter()
            .find_map(|k| fm.field(k))
            .map_or(fm.span, |f| f.value_span);
        let mut clashes = Vec::new();
        let index = cx.site().articles();
        let url = own.url.as_deref();
        for other in index.with_url(url, own) {
            clashes.push(format!(
                "`{}` publishes at the same URL `{}`",
                shown(&other.path),
                url.unwrap_or("")
            ));
        }
        for other in index.aliasing(url, own) {
            clashes.push(format!(
                "`{}` redirects its alias `{}` here",
                shown(&other.path),
                url.unwrap_or("")
            ));
        }
        for alias in &own.aliases {
            for other in index.with_url(Some(alias), own) {
                clashes.push(format!(
                    "the alias `{alias}` is the URL of `{}`",
                    shown(&other.path)
                ));
            }
        }
        if clashes.is_empty() {
            return;
        }
        cx.report(at, clashes.join("; "))
            .help("Give each article its own `slug` or `url`");
    }
}
