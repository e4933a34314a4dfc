use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate};
use regex::Regex;

use crate::article::Article;
use crate::diagnostic::{Edit, Fix};
use crate::front_matter::Field;
use crate::pubdate::{find_stated_dates, DateKind};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks that the front-matter `date` agrees with
    /// - the `YYYY-MM-DD-` prefix of the file name, where the generator takes the date from it
    ///   (Jekyll `_posts/`, or Hugo configured with `[frontmatter] date = [":filename", …]`);
    /// - a publication date stated in the first 15 lines of the body behind an explicit marker,
    ///   in English, French, German, Spanish, Italian, Portuguese or Dutch: "Publié le 22 nov.
    ///   2023 à 16:38", "Published March 5, 2024", "Veröffentlicht am 4. September 2024",
    ///   "Publicado el 3 de marzo de 2024", "Gepubliceerd op 3 maart 2024", "Posted 22/11/2023"
    ///   (numeric dates are day-first except after an English marker).
    ///
    /// Update statements ("Mis à jour le …", "Updated …") are compared with `lastmod` (or
    /// `modified`, `last_modified_at`) when present, never with `date`. Dates without a marker
    /// are not compared: near the top of an article they are mostly event dates. Calendar days
    /// are compared in the time zone written in the front-matter date, so
    /// `2023-11-22T22:14:02Z` agrees with "Publié le 22 nov. 2023 à 16:38"; a `site.timezone`
    /// in the configuration (e.g. `Europe/Paris`) is used instead when set.
    ///
    /// ## Why is this bad?
    /// CMS forms default the date to the moment of the paste; the article then sorts and shows
    /// under the wrong day, and feeds and sitemaps carry the wrong date.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// date: 2023-11-25T09:00:00Z
    /// ---
    /// Publié le 22 nov. 2023 à 16:38
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ---
    /// date: 2023-11-22T16:38:00+01:00
    /// ---
    /// Publié le 22 nov. 2023 à 16:38
    /// ```
    ///
    /// ## Fix safety
    /// Display only: the tool cannot know which of the two dates is right.
    pub(crate) struct DateMismatch {
        id: "date-mismatch",
        summary: "Front-matter date disagrees with the file name or the stated publication date",
        severity: Error,
        fix: None,
    }
}

const BODY_LINES: usize = 15;
const LASTMOD_KEYS: &[&str] = &["lastmod", "modified", "last_modified_at"];

/// "initially published on …" states when the text first appeared elsewhere, not this page's date.
static REPUBLICATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(originally|initially|first|initialement|originellement|d'abord",
        r"|ursprünglich|urspruenglich|erstmals|zuerst|originalmente|inicialmente",
        r"|originariamente|inizialmente|oorspronkelijk|eerder|eerst)\s*$"
    ))
    .unwrap()
});
static FILENAME_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{2})-(\d{2})-").unwrap());

impl Rule for DateMismatch {
    fn meta(&self) -> RuleMeta<'_> {
        Self::META
    }

    fn check(&self, article: &Article<'_>, cx: &mut Context<'_>) {
        let Some(fm) = &article.front_matter else {
            return;
        };
        let timezone = cx.settings().timezone;
        let date = fm
            .field("date")
            .and_then(|f| Some((f, calendar_day(fm.str_value("date")?, timezone)?)));
        if let Some((field, day)) = date {
            if cx.site().takes_date_from_filename(article.path) {
                check_filename(article, field, day, cx);
            }
        }
        let lastmod = LASTMOD_KEYS
            .iter()
            .find_map(|key| Some((fm.field(key)?, calendar_day(fm.str_value(key)?, timezone)?)));
        // Stated dates are compared with the front matter's: without either key, no need to
        // look for them.
        if date.is_none() && lastmod.is_none() {
            return;
        }
        let (mut published_done, mut updated_done) = (false, false);
        for line_span in first_body_lines(article) {
            let line = article.text(line_span);
            for stated in find_stated_dates(line) {
                let span = Span::from(stated.span.clone()).shift(line_span.start);
                if article.in_code(span) || REPUBLICATION.is_match(&line[..stated.span.start]) {
                    continue;
                }
                let (target, done, what) = match stated.kind {
                    DateKind::Published => (date, &mut published_done, "publication"),
                    DateKind::Updated => (lastmod, &mut updated_done, "update"),
                };
                let Some((field, day)) = target else { continue };
                if *done {
                    continue;
                }
                *done = true;
                if day == stated.date {
                    continue;
                }
                cx.report(
                    field.value_span,
                    format!(
                        "front-matter `{}` is {day} but the body states {what} on {}",
                        field.key, stated.date
                    ),
                )
                .label(span, format!("{what} date stated here"))
                .help(format!("Make `{}` and the stated date agree", field.key))
                .fix(Fix::display_only(replace_day(article, field, stated.date)));
            }
        }
    }
}

fn check_filename(article: &Article<'_>, field: &Field, day: NaiveDate, cx: &mut Context<'_>) {
    let path = article.path;
    let name = match path.file_stem().and_then(|s| s.to_str()) {
        Some("index") => path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str()),
        other => other,
    };
    let Some(caps) = name.and_then(|n| FILENAME_DATE.captures(n)) else {
        return;
    };
    let parsed = (caps[1].parse(), caps[2].parse(), caps[3].parse());
    let (Ok(y), Ok(m), Ok(d)) = parsed else {
        return;
    };
    let Some(from_name) = NaiveDate::from_ymd_opt(y, m, d) else {
        return;
    };
    if from_name == day {
        return;
    }
    cx.report(
        field.value_span,
        format!(
            "front-matter `{}` is {day} but the file name says {from_name}",
            field.key
        ),
    )
    .help("Rename the file or correct the date; the generator reads the date from the name")
    .fix(Fix::display_only(replace_day(article, field, from_name)));
}

/// The calendar day of a front-matter date: in `timezone` when the configuration names one,
/// else in the offset written with the date (UTC when none). A date without a time is that day.
pub(crate) fn calendar_day(value: &str, timezone: Option<chrono_tz::Tz>) -> Option<NaiveDate> {
    let value = value.trim();
    if let Some(day) = crate::rules::metadata::plain_date(value) {
        return day;
    }
    let in_zone = |dt: DateTime<chrono::FixedOffset>| match timezone {
        Some(tz) => dt.with_timezone(&tz).date_naive(),
        None => dt.naive_local().date(),
    };
    if let Ok(dt) = DateTime::parse_from_rfc3339(value) {
        return Some(in_zone(dt));
    }
    // The zoned formats of `invalid-date` but the last (`T` and an offset without a colon).
    for format in &crate::rules::metadata::ZONED[..3] {
        let zoned =
            crate::rules::metadata::parsed(value, format).and_then(|p| p.to_datetime().ok());
        if let Some(dt) = zoned {
            return Some(in_zone(dt));
        }
    }
    let day = value.get(..10)?;
    let rest = &value[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    crate::rules::metadata::parsed(day, &crate::rules::metadata::DAY)
        .and_then(|p| p.to_naive_date().ok())
}

fn first_body_lines(article: &Article<'_>) -> Vec<Span> {
    let lines = article.lines();
    let first = lines.line_of(article.body.start);
    (first..lines.line_count().min(first + BODY_LINES))
        .map(|l| article.line_content(lines.line_start(l)))
        .filter(|s| s.start >= article.body.start && !s.is_empty())
        .collect()
}

/// An edit writing `day` over the `YYYY-MM-DD` part of the field's value.
fn replace_day(article: &Article<'_>, field: &Field, day: NaiveDate) -> Edit {
    let value = article.text(field.value_span);
    let offset = value.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    let start = field.value_span.start + offset;
    let end = (start + 10).min(field.value_span.end);
    Edit::replace(Span::new(start, end), day.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_day_uses_the_written_offset() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            calendar_day("2023-11-22T22:14:02.647Z", None),
            d(2023, 11, 22)
        );
        assert_eq!(
            calendar_day("2023-11-23T00:30:00+01:00", None),
            d(2023, 11, 23)
        );
        assert_eq!(calendar_day("2023-11-22", None), d(2023, 11, 22));
        assert_eq!(
            calendar_day("2023-11-22 10:00:00 +0200", None),
            d(2023, 11, 22)
        );
        assert_eq!(calendar_day("2021-13-03", None), None);
        assert_eq!(calendar_day("yesterday", None), None);
        let paris = Some(chrono_tz::Europe::Paris);
        assert_eq!(calendar_day("2023-11-22T23:30:00Z", paris), d(2023, 11, 23));
        assert_eq!(calendar_day("2023-11-22", paris), d(2023, 11, 22));
    }
}
