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

/// Date-time formats with a UTC offset that generators accept besides RFC 3339.
pub(crate) const ZONED_FORMATS: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%dT%H:%M:%S%z",
];

const LOCAL_FORMATS: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
];

/// A date format, compiled once: chrono's `parse_from_str` parses its format string on every
/// call, and a front-matter date may be tried against ten of them (2% of a run's time).
pub(crate) type Compiled = Vec<chrono::format::Item<'static>>;

fn compile(format: &str) -> Compiled {
    // The formats are constants (tested); one chrono rejected would match nothing.
    chrono::format::StrftimeItems::new(format)
        .parse_to_owned()
        .unwrap_or_default()
}

pub(crate) static ZONED: std::sync::LazyLock<[Compiled; 4]> =
    std::sync::LazyLock::new(|| ZONED_FORMATS.map(compile));
static LOCAL: std::sync::LazyLock<[Compiled; 4]> =
    std::sync::LazyLock::new(|| LOCAL_FORMATS.map(compile));
pub(crate) static DAY: std::sync::LazyLock<Compiled> =
    std::sync::LazyLock::new(|| compile("%Y-%m-%d"));

/// What `value` says in `format`, as chrono's `parse_from_str` reads it.
pub(crate) fn parsed(value: &str, format: &Compiled) -> Option<chrono::format::Parsed> {
    let mut parsed = chrono::format::Parsed::new();
    chrono::format::parse(&mut parsed, value, format.iter()).ok()?;
    Some(parsed)
}

impl Written {
    pub(crate) fn parse(value: &str) -> Option<Written> {
        let value = value.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(value) {
            return Some(Written::Zoned(dt));
        }
        for format in ZONED.iter() {
            if let Some(dt) = parsed(value, format).and_then(|p| p.to_datetime().ok()) {
                return Some(Written::Zoned(dt));
            }
        }
        for format in LOCAL.iter() {
            let local = parsed(value, format).and_then(|p| p.to_naive_datetime_with_offset(0).ok());
            if let Some(dt) = local {
                return Some(Written::Local(dt));
            }
        }
        parsed(value, &DAY)
            .and_then(|p| p.to_naive_date().ok())
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

#[cfg(test)]
mod compiled_format_tests {
    use super::*;

    /// The compiled formats read what chrono's `parse_from_str` reads, and refuse what it refuses.
    #[test]
    fn compiled_formats_read_as_parse_from_str() {
        let values = [
            "2024-09-01",
            "2024-09-01 10:00:00 +0200",
            "2024-09-01 10:00:00.123 +0200",
            "2024-09-01 10:00 -0500",
            "2024-09-01T10:00:00+0200",
            "2024-09-01T10:00:00.5",
            "2024-09-01 10:00:00",
            "2024-09-01T10:00",
            "2024-09-01 10:00",
            "2024-13-01",
            "2024-02-30",
            "22 nov. 2023",
            "",
            "2024-09-01x",
        ];
        for value in values {
            for (format, compiled) in ZONED_FORMATS.iter().zip(ZONED.iter()) {
                let ours = parsed(value, compiled).and_then(|p| p.to_datetime().ok());
                assert_eq!(
                    ours,
                    DateTime::parse_from_str(value, format).ok(),
                    "{value} {format}"
                );
            }
            for (format, compiled) in LOCAL_FORMATS.iter().zip(LOCAL.iter()) {
                let ours =
                    parsed(value, compiled).and_then(|p| p.to_naive_datetime_with_offset(0).ok());
                assert_eq!(
                    ours,
                    NaiveDateTime::parse_from_str(value, format).ok(),
                    "{value} {format}"
                );
            }
            let ours = parsed(value, &DAY).and_then(|p| p.to_naive_date().ok());
            assert_eq!(
                ours,
                NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
                "{value}"
            );
        }
        assert!(matches!(
            Written::parse("2024-09-01 10:00:00 +0200"),
            Some(Written::Zoned(_))
        ));
        assert!(matches!(
            Written::parse("2024-09-01 10:00"),
            Some(Written::Local(_))
        ));
        assert!(matches!(
            Written::parse(" 2024-09-01 "),
            Some(Written::Date(_))
        ));
        assert_eq!(Written::parse("2024-09-31"), None);
    }
}
