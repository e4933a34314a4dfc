use serde_json::Value;

use crate::article::Article;
use crate::rules::metadata::{Written, DATE_KEYS};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks that date keys (`date`, `lastmod`, `publishDate`, `expiryDate`; the `keys` option
    /// replaces the list) hold a valid date (`2024-09-01`) or date-time
    /// (`2024-09-01T10:00:00+02:00`, `2024-09-01 10:00:00 +0200`, `…Z`). Empty values are left to
    /// `empty-front-matter-value`.
    ///
    /// ## Why is this bad?
    /// Hugo fails the build on a date it cannot parse, other generators silently drop the page
    /// from date-sorted lists. Hand-edited dates such as `2021-13-03` (day and month swapped)
    /// are the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2021-13-03
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// date: 2021-03-13
    /// ```
    pub(crate) struct InvalidDate {
        id: "invalid-date",
        summary: "Date key whose value is not a valid date or date-time",
        severity: Error,
        fix: None,
        options: ["keys"],
    }
}

impl Rule for InvalidDate {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(fm) = &article.front_matter else {
            return;
        };
        let keys: Vec<String> = match cx.option("keys").and_then(Value::as_array) {
            Some(keys) => keys
                .iter()
                .filter_map(|k| k.as_str().map(String::from))
                .collect(),
            None => DATE_KEYS.iter().map(|k| k.to_string()).collect(),
        };
        for key in &keys {
            let (Some(field), Some(value)) = (fm.field(key), fm.value(key)) else {
                continue;
            };
            let written = match value {
                Value::Null => continue,
                Value::String(s) if s.trim().is_empty() => continue,
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if Written::parse(&written).is_none() {
                cx.report(field.value_span, format!("`{}` is not a valid date: `{written}`", field.key))
                    .help("Write the date as YYYY-MM-DD, or an RFC 3339 date-time such as 2024-09-01T10:00:00+02:00");
            }
        }
    }
}
