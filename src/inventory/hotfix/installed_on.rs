//! `InstalledOn` values as Windows prints them, turned into dates.
//!
//! The same property comes out in many shapes: `3/5/2019` (the raw WMI string, always
//! month first), `01d4dfd0fb4eb361` (Vista stored a hex FILETIME), `20190321`, and whatever
//! the local culture makes of a `DateTime` in `Export-Csv` (`3/5/2019 12:00:00 AM`,
//! `05.03.2019 00:00:00`, `05/03/2019 00:00:00`, `2019/03/05 0:00:00`). Day and month can only
//! be told apart by the file as a whole, so a [`DateReader`] is built from every value first.

use chrono::{DateTime, NaiveDate};

/// Which of the two leading numbers of `a/b/yyyy` is the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DayMonthOrder {
    MonthFirst,
    DayFirst,
}

/// Reads the `InstalledOn` values of one file with the day/month order that file settles.
#[derive(Clone, Debug, Default)]
pub(crate) struct DateReader {
    settled: Option<DayMonthOrder>,
    /// Some values only make sense day-first and others only month-first.
    pub(crate) mixed_orders: bool,
}

impl DateReader {
    /// Looks at every value of a file: one `13/1/2019` (or `1/13/2019`) decides the order of
    /// all the ambiguous ones, because one file comes from one culture.
    pub(crate) fn for_values<'a>(values: impl IntoIterator<Item = &'a str>) -> DateReader {
        let mut day_first_seen = false;
        let mut month_first_seen = false;
        for value in values {
            if let Some(DateShape::YearLast { first, second, .. }) = DateShape::of(value) {
                day_first_seen |= first > 12 && second <= 12;
                month_first_seen |= second > 12 && first <= 12;
            }
        }
        match (day_first_seen, month_first_seen) {
            (true, false) => DateReader {
                settled: Some(DayMonthOrder::DayFirst),
                mixed_orders: false,
            },
            (false, true) => DateReader {
                settled: Some(DayMonthOrder::MonthFirst),
                mixed_orders: false,
            },
            (true, true) => DateReader {
                settled: None,
                mixed_orders: true,
            },
            (false, false) => DateReader::default(),
        }
    }

    /// `Ok(None)` for an empty value, `Err` with the reason for one that is not a date.
    pub(crate) fn read(&self, value: &str) -> Result<Option<NaiveDate>, String> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        let not_a_date = || format!("InstalledOn {value:?} is not a date PatchDesk can read");
        let shape = DateShape::of(value).ok_or_else(not_a_date)?;
        let date = match shape {
            DateShape::FileTime(ticks) => date_from_filetime(ticks),
            DateShape::YearFirst { year, month, day } => NaiveDate::from_ymd_opt(year, month, day),
            DateShape::YearLast {
                first,
                second,
                year,
                default_order,
            } => {
                // A number above 12 cannot be a month, whatever the file says.
                let order = if first > 12 {
                    DayMonthOrder::DayFirst
                } else if second > 12 {
                    DayMonthOrder::MonthFirst
                } else {
                    self.settled.unwrap_or(default_order)
                };
                match order {
                    DayMonthOrder::MonthFirst => NaiveDate::from_ymd_opt(year, first, second),
                    DayMonthOrder::DayFirst => NaiveDate::from_ymd_opt(year, second, first),
                }
            }
        };
        date.map(Some).ok_or_else(not_a_date)
    }
}

/// What a value looks like before the day/month question is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateShape {
    /// 100-nanosecond intervals since 1601-01-01 UTC.
    FileTime(u64),
    YearFirst {
        year: i32,
        month: u32,
        day: u32,
    },
    YearLast {
        first: u32,
        second: u32,
        year: i32,
        /// What the culture most likely meant when nothing in the file says.
        default_order: DayMonthOrder,
    },
}

impl DateShape {
    fn of(value: &str) -> Option<DateShape> {
        let value = value.trim();
        let mut words = value.split_whitespace();
        let date_part = words.next()?;
        let time_part: Vec<&str> = words.collect();
        // `2019-03-05T00:00:00+01:00` (PowerShell 7, ISO): the date is what the machine saw.
        let date_part = date_part.split('T').next().unwrap_or(date_part);

        if is_filetime(date_part) {
            return u64::from_str_radix(date_part, 16)
                .ok()
                .map(DateShape::FileTime);
        }
        if date_part.len() == 8 && date_part.bytes().all(|b| b.is_ascii_digit()) {
            return Some(DateShape::YearFirst {
                year: date_part.get(0..4)?.parse().ok()?,
                month: date_part.get(4..6)?.parse().ok()?,
                day: date_part.get(6..8)?.parse().ok()?,
            });
        }

        let separator = ['/', '.', '-']
            .into_iter()
            .find(|separator| date_part.contains(*separator))?;
        // Some cultures end the date with the separator (`5.3.2019.` in hr-HR).
        let parts: Vec<&str> = date_part
            .trim_end_matches(separator)
            .split(separator)
            .collect();
        let [first, second, third] = parts.as_slice() else {
            return None;
        };
        let number = |text: &str| -> Option<u32> {
            (!text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse().ok())
                .flatten()
        };
        let (first_number, second_number, third_number) =
            (number(first)?, number(second)?, number(third)?);
        if first.len() == 4 {
            return Some(DateShape::YearFirst {
                year: i32::try_from(first_number).ok()?,
                month: second_number,
                day: third_number,
            });
        }
        let year = match third.len() {
            4 => i32::try_from(third_number).ok()?,
            // Short years (`3/5/19`) only exist for this century in a hotfix list.
            2 => 2000 + i32::try_from(third_number).ok()?,
            _ => return None,
        };
        Some(DateShape::YearLast {
            first: first_number,
            second: second_number,
            year,
            default_order: default_order(separator, &time_part),
        })
    }
}

/// The order to assume when a file never shows a number above 12.
///
/// `/` with AM/PM is the US culture (and PowerShell's invariant one); `/` without any time is
/// the raw WMI string, which the QFE provider always writes month first; `/` with a 24-hour
/// time is en-GB, fr-FR, es-ES…; `.` and `-` cultures (de-DE, ru-RU, nl-NL…) put the day first.
fn default_order(separator: char, time_part: &[&str]) -> DayMonthOrder {
    let twelve_hour = time_part.iter().any(|word| {
        let word = word.to_ascii_uppercase();
        word == "AM" || word == "PM"
    });
    match separator {
        '/' if twelve_hour || time_part.is_empty() => DayMonthOrder::MonthFirst,
        _ => DayMonthOrder::DayFirst,
    }
}

/// Vista's QFE provider printed the raw FILETIME as 16 hex digits (`01d4dfd0fb4eb361`).
fn is_filetime(text: &str) -> bool {
    (13..=16).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The UTC day of a FILETIME (the machine's own time zone is not in the file).
fn date_from_filetime(ticks: u64) -> Option<NaiveDate> {
    const TICKS_PER_SECOND: u64 = 10_000_000;
    const SECONDS_FROM_1601_TO_1970: i64 = 11_644_473_600;
    let seconds_since_1601 = i64::try_from(ticks / TICKS_PER_SECOND).ok()?;
    let date =
        DateTime::from_timestamp(seconds_since_1601 - SECONDS_FROM_1601_TO_1970, 0)?.date_naive();
    // A garbled value would otherwise become a date in the 17th century or far future.
    (1995..=2100)
        .contains(&chrono::Datelike::year(&date))
        .then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, month, day)
    }

    fn read_alone(value: &str) -> Option<NaiveDate> {
        DateReader::for_values([value]).read(value).unwrap()
    }

    #[test]
    fn vista_filetimes_become_utc_days() {
        // 0x01d4dfd0fb4eb361 = 2019-03-21 10:29:36 UTC (checked with Python).
        assert_eq!(read_alone("01d4dfd0fb4eb361"), date(2019, 3, 21));
        assert_eq!(read_alone("01d4df7b9e04fef0"), date(2019, 3, 21));
        assert!(DateReader::default().read("0000000000000001").is_err());
    }

    #[test]
    fn ambiguous_forms_follow_the_culture_they_look_like() {
        assert_eq!(read_alone("3/5/2019"), date(2019, 3, 5));
        assert_eq!(read_alone("3/5/2019 12:00:00 AM"), date(2019, 3, 5));
        assert_eq!(read_alone("05.03.2019 00:00:00"), date(2019, 3, 5));
        assert_eq!(read_alone("05/03/2019 00:00:00"), date(2019, 3, 5));
        assert_eq!(read_alone("2019/03/05 0:00:00"), date(2019, 3, 5));
        assert_eq!(read_alone("2019-03-05T00:00:00+01:00"), date(2019, 3, 5));
        assert_eq!(read_alone("20190321"), date(2019, 3, 21));
        assert_eq!(read_alone("5.3.2019."), date(2019, 3, 5));
    }

    #[test]
    fn one_unambiguous_value_settles_the_whole_file() {
        let day_first =
            DateReader::for_values(["05/03/2019 12:00:00 AM", "13/03/2019 12:00:00 AM"]);
        assert_eq!(
            day_first.read("05/03/2019 12:00:00 AM").unwrap(),
            date(2019, 3, 5)
        );
        let month_first = DateReader::for_values(["05.03.2019", "12.13.2019"]);
        assert_eq!(month_first.read("05.03.2019").unwrap(), date(2019, 5, 3));
        let mixed = DateReader::for_values(["13/1/2019", "1/13/2019"]);
        assert!(mixed.mixed_orders);
        assert_eq!(mixed.read("13/1/2019").unwrap(), date(2019, 1, 13));
    }

    #[test]
    fn garbage_is_an_error_and_empty_is_unknown() {
        let reader = DateReader::default();
        assert_eq!(reader.read("  ").unwrap(), None);
        assert!(reader.read("yesterday").is_err());
        assert!(reader.read("31/31/2019").is_err());
        assert!(reader.read("1/2/3/4").is_err());
        assert!(reader.read("99999/1/1").is_err());
    }
}
