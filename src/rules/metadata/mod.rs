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

/// A value written `YYYY-MM-DD` in ASCII digits, as `%Y-%m-%d` ([`DAY`]) reads it: `Some(None)`
/// for a day that does not exist, `None` for any other shape. No date-time format reads this
/// shape, so most front-matter dates need not be tried against them all.
pub(crate) fn plain_date(value: &str) -> Option<Option<NaiveDate>> {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let (year, month, day) = (number(&b[..4])?, number(&b[5..7])?, number(&b[8..])?);
    Some(NaiveDate::from_ymd_opt(year as i32, month, day))
}

impl Written {
    pub(crate) fn parse(value: &str) -> Option<Written> {
        let value = value.trim();
        if let Some(day) = plain_date(value) {
            return day.map(Written::Date);
        }
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
    use proptest::prelude::*;

    proptest! {
        /// A plain date is read as the formats read it, and no date-time format reads it.
        #[test]
        fn plain_dates_are_read_as_the_formats_read_them(
            value in "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
        ) {
            let day = parsed(&value, &DAY).and_then(|p| p.to_naive_date().ok());
            prop_assert_eq!(plain_date(&value), Some(day));
            for format in ZONED.iter().chain(LOCAL.iter()) {
                prop_assert!(parsed(&value, format).is_none());
            }
            prop_assert!(DateTime::parse_from_rfc3339(&value).is_err());
        }
    }

    #[test]
    fn plain_date_shapes() {
        assert_eq!(
            plain_date("2024-02-29"),
            Some(NaiveDate::from_ymd_opt(2024, 2, 29))
        );
        assert_eq!(plain_date("2023-02-29"), Some(None));
        for other in [
            "2024-2-29",
            "2024-02-29T10:00",
            "+024-02-29",
            "2024/02/29",
            "２０２４-02-29",
        ] {
            assert_eq!(plain_date(other), None, "{other}");
        }
    }

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
