use crate::article::Article;
use crate::rules::cross_file::shown;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::site_index::IMAGE_KEYS;

declare_rule! {
    /// ## What it does
    /// Checks that translations of one article agree on their `date` (calendar day) and their
    /// front-matter images. Translations are `post.fr.md` beside `post.en.md`, or the same path
    /// under two language folders (`content/fr/…` and `content/en/…`).
    ///
    /// ## Why is this bad?
    /// Translations are the same article: a different date sorts them differently in each
    /// language and tells readers they were published on different days; a different image is
    /// usually a translation made from an older version.
    ///
    /// ## Example
    /// `post.en.md` has `date: 2023-11-22` and `post.fr.md` has `date: 2023-11-21`.
    ///
    /// Use instead: the same `date` in both.
    pub(crate) struct TranslationMismatch {
        id: "translation-mismatch",
        summary: "Translations of one article whose date or images disagree",
        severity: Warning,
        fix: None,
    }
}

impl Rule for TranslationMismatch {
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
        let Some(key) = &own.translation_key else {
            return;
        };
        let Some(fm) = &article.front_matter else {
            return;
        };
        let translations: Vec<_> = cx
            .site()
            .articles()
            .translations(Some(key), own)
            .filter(|e| e.lang != own.lang)
            .collect();
        for other in translations {
            let lang = other.lang.clone().unwrap_or_default();
            if let (Some(mine), Some(theirs), Some(field)) =
                (own.date, other.date, fm.field("date"))
            {
                if own.date_differs(&other) {
                    cx.report(
                        field.value_span,
                        format!(
                            "date {mine} differs from the `{lang}` translation `{}` ({theirs})",
                            shown(&other.path)
                        ),
                    )
                    .help("Give translations the date of the original");
                }
            }
            let image_field = IMAGE_KEYS.iter().find_map(|k| fm.field(k));
            if let Some(field) = image_field.filter(|_| own.images_differ(&other)) {
                cx.report(
                    field.value_span,
                    format!(
                        "images differ from the `{lang}` translation `{}` ({})",
                        shown(&other.path),
                        other.images.join(", ")
                    ),
                )
                .help("Use the same images in every translation");
            }
        }
    }
}
