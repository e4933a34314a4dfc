use crate::article::Article;
use crate::diagnostic::{Edit, Fix};
use crate::rules::text::same_text;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks for a `description`, `summary`, `subtitle`, `metaDescription` or `excerpt` in the
    /// front matter that only repeats the `title` (compared after Unicode normalisation, case
    /// folding, collapsing spaces and plain quotes). One diagnostic per key.
    ///
    /// ## Why is this bad?
    /// Search engines and social cards show the description under the title: repeating it wastes
    /// the one line that should say what the article is about. CMS forms that require a
    /// description invite this copy of the title.
    ///
    /// ## Example
    /// ```yaml
    /// title: Après la débâcle du Haut-Karabakh
    /// description: Après la débâcle du Haut-Karabakh
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// title: Après la débâcle du Haut-Karabakh
    /// description: Esseulée face à l'Azerbaïdjan, l'Arménie boycotte le sommet de l'OTSC.
    /// ```
    ///
    /// ## Fix safety
    /// Display only: removing the key is suggested, never applied. It lets the theme fall back
    /// to its own summary, which changes the page's metadata; writing a real description is
    /// better, and only a person can do it.
    pub(crate) struct RedundantDescription {
        id: "redundant-description",
        summary: "Description or summary that repeats the title",
        severity: Warning,
        fix: None,
    }
}

const KEYS: &[&str] = &[
    "description",
    "summary",
    "subtitle",
    "metaDescription",
    "excerpt",
];

impl Rule for RedundantDescription {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(fm) = &article.front_matter else {
            return;
        };
        let Some((title, title_span)) = article.title() else {
            return;
        };
        if title.trim().is_empty() {
            return;
        }
        for key in KEYS {
            let (Some(value), Some(field)) = (fm.str_value(key), fm.field(key)) else {
                continue;
            };
            if !same_text(value, title) {
                continue;
            }
            cx.report(
                field.value_span,
                format!("`{}` repeats the title", field.key),
            )
            .label(title_span, "title defined here")
            .help(format!("Write a real {} or remove the key", field.key))
            .fix(Fix::display_only(Edit::delete(field.entry_span)));
        }
    }
}
