use crate::article::Article;
use crate::rules::metadata::{Written, DATE_KEYS};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports date-times without a UTC offset (`2024-09-01T10:00:00`) on a site whose other
    /// articles write offsets (`…+02:00`, `…Z`). Date-only values need no zone. Opt-in.
    ///
    /// ## Why is this bad?
    /// A date-time without offset is read in the build machine's time zone: the same article
    /// sorts and dates differently on a laptop and in CI, and may publish a day early or late
    /// among its zoned neighbours.
    ///
    /// ## Example
    /// ```yaml
    /// date: 2024-09-01T10:00:00
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// date: 2024-09-01T10:00:00+02:00
    /// ```
    pub(crate) struct DateWithoutTimezone {
        id: "date-without-timezone",
        summary: "Date-time without a UTC offset on a site that writes offsets",
        severity: Warning,
        fix: None,
        default_on: false,
    }
}

impl Rule for DateWithoutTimezone {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(fm) = &article.front_matter else {
            return;
        };
        let unzoned: Vec<_> = DATE_KEYS
            .iter()
            .filter_map(|k| Some((fm.field(k)?, Written::parse(fm.str_value(k)?)?)))
            .filter(|(_, w)| matches!(w, Written::Local(_)))
            .collect();
        if unzoned.is_empty() || !cx.site().articles().any_zoned() {
            return;
        }
        for (field, _) in unzoned {
            cx.report(
                field.value_span,
                format!("`{}` has a time but no UTC offset", field.key),
            )
            .help("Add the offset (`+02:00`, `Z`), as the site's other articles do");
        }
    }
}
