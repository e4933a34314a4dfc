use crate::article::Article;
use crate::front_matter::{Field, FrontMatter};
use crate::rules::metadata::Written;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks that `lastmod` is not earlier than `date`. When either holds only a day, days are
    /// compared.
    ///
    /// ## Why is this bad?
    /// An update cannot precede the publication: the page shows "updated" before "published",
    /// and sitemaps tell search engines the page has not changed since before it existed.
    /// CMS forms that copy an old entry keep its `lastmod`.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2024-03-05
    /// lastmod: 2024-03-01
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// date: 2024-03-05
    /// lastmod: 2024-03-08
    /// ```
    pub(crate) struct LastmodBeforeDate {
        id: "lastmod-before-date",
        summary: "`lastmod` earlier than `date`",
        severity: Warning,
        fix: None,
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that `expiryDate` is later than `publishDate` (or `date` when there is no
    /// `publishDate`).
    ///
    /// ## Why is this bad?
    /// A page that expires before it is published is never shown: Hugo drops it from the build
    /// without a word.
    ///
    /// ## Example
    /// ```yaml
    /// publishDate: 2024-06-01
    /// expiryDate: 2024-05-01
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// publishDate: 2024-06-01
    /// expiryDate: 2025-05-01
    /// ```
    pub(crate) struct ExpiryBeforePublish {
        id: "expiry-before-publish",
        summary: "`expiryDate` not later than the publication date",
        severity: Error,
        fix: None,
    }
}

fn dated<'f>(fm: &'f FrontMatter, key: &str) -> Option<(&'f Field, Written)> {
    Some((fm.field(key)?, Written::parse(fm.str_value(key)?)?))
}

/// `a` is before `b`, comparing days when either knows only its day.
fn before(a: Written, b: Written) -> bool {
    if a.is_date_only() || b.is_date_only() {
        a.instant().date_naive() < b.instant().date_naive()
    } else {
        a.instant() < b.instant()
    }
}

impl Rule for LastmodBeforeDate {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(fm) = &article.front_matter else {
            return;
        };
        let (Some((date_field, date)), Some((lastmod_field, lastmod))) =
            (dated(fm, "date"), dated(fm, "lastmod"))
        else {
            return;
        };
        if before(lastmod, date) {
            cx.report(lastmod_field.value_span, "`lastmod` is earlier than `date`")
                .label(date_field.value_span, "published here")
                .help("Set `lastmod` to the date of the last change, or remove it");
        }
    }
}

impl Rule for ExpiryBeforePublish {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(fm) = &article.front_matter else {
            return;
        };
        let Some((expiry_field, expiry)) = dated(fm, "expiryDate") else {
            return;
        };
        let Some((publish_field, publish)) = dated(fm, "publishDate").or_else(|| dated(fm, "date"))
        else {
            return;
        };
        if !before(publish, expiry) {
            cx.report(
                expiry_field.value_span,
                format!(
                    "`{}` is not later than `{}`",
                    expiry_field.key, publish_field.key
                ),
            )
            .label(publish_field.value_span, "published here")
            .help("Move the expiry date after the publication, or remove it");
        }
    }
}
