//! Front-matter rules: dates, whitespace, required keys, schemas, lengths.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::rules::Rule;

mod date_order;
mod date_without_timezone;
mod empty_value;
mod front_matter_whitespace;
mod invalid_date;
mod lengths;
mod required_keys;
mod schema;

/// The rules of this group, in the order `contentlint rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &invalid_date::InvalidDate,
    &date_order::LastmodBeforeDate,
    &date_order::ExpiryBeforePublish,
    &date_without_timezone::DateWithoutTimezone,
    &front_matter_whitespace::FrontMatterWhitespace,
    &empty_value::EmptyFrontMatterValue,
    &required_keys::RequiredKeys,
    &schema::FrontMatterSchema,
    &lengths::TitleLength,
    &lengths::DescriptionLength,
];

/// The date keys generators read.
pub(crate) const DATE_KEYS: &[&str] = &["date", "lastmod", "publishDate", "expiryDate"];

/// A front-matter date or date-time as written.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Written {
    /// `2024-09-01`
    Date(NaiveDate),
    /// `2024-09-01T10:00:00` (no zone)
    Local(NaiveDateTime),
    /// `2024-09-01T10:00:00+02:00`, `…Z`
    Zoned(DateTime<FixedOffset>),
}

impl Written {
    pub(crate) fn parse(value: &str) -> Option<Written> {
        let value = value.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(value) {
            return Some(Written::Zoned(dt));
        }
        for format in [
            "%Y-%m-%d %H:%M:%S %z",
            "%Y-%m-%d %H:%M:%S%.f %z",
            "%Y-%m-%d %H:%M %z",
            "%Y-%m-%dT%H:%M:%S%z",
        ] {
            if let Ok(dt) = DateTime::parse_from_str(value, format) {
                return Some(Written::Zoned(dt));
            }
        }
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(value, format) {
                return Some(Written::Local(dt));
            }
        }
        NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .map(Written::Date)
    }

    /// A point in time for ordering; unzoned values are taken as UTC, dates as midnight.
    pub(crate) fn instant(self) -> DateTime<Utc> {
        match self {
            Written::Zoned(dt) => dt.with_timezone(&Utc),
            Written::Local(dt) => Utc.from_utc_datetime(&dt),
            Written::Date(d) => Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()),
        }
    }

    /// Whether only the day is known (ordering then compares days).
    pub(crate) fn is_date_only(self) -> bool {
        matches!(self, Written::Date(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_generators_write() {
        assert!(matches!(
            Written::parse("2024-09-01"),
            Some(Written::Date(_))
        ));
        assert!(matches!(
            Written::parse("2023-11-22T22:14:02.647Z"),
            Some(Written::Zoned(_))
        ));
        assert!(matches!(
            Written::parse("2023-11-22 10:00:00 +0100"),
            Some(Written::Zoned(_))
        ));
        assert!(matches!(
            Written::parse("2023-11-22T10:00:00"),
            Some(Written::Local(_))
        ));
        assert_eq!(Written::parse("2021-13-03"), None);
        assert_eq!(Written::parse("yesterday"), None);
    }
}
