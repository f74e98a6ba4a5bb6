//! systeminfo's date-times, printed in the user's short-date format: `29/04/2019, 18:56:01`,
//! `3/5/2019, 9:14:07 AM`, `2019/03/05, 9:14:07`, `05.03.2019, 09:14:07`, `30-4-2018,
//! 22:22:37`. Whether `3/5` is the 3rd of May or the 5th of March is told by the numbers
//! themselves (a 13 or more is a day), else by the record's other dates in the same format
//! (install date, BIOS date), else by the label language; English is printed both ways
//! around the world, so an English record can stay ambiguous, and then we say unknown.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::labels::{Field, Language};
use super::{Problem, Record, excerpt};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateOrder {
    YearMonthDay,
    DayMonthYear,
    MonthDayYear,
}

/// The record's System Boot Time, when it can be read without guessing.
///
/// systeminfo prints local wall-clock time with no offset (the Time Zone field gives the
/// standard offset but not whether daylight saving applied), so the wall-clock time is
/// stored as if it were UTC: right for display and for ordering one machine's scans, off by
/// the machine's offset for anything else.
pub(super) fn boot_time(record: &Record, problems: &mut Vec<Problem>) -> Option<DateTime<Utc>> {
    let entry = record.entry(Field::SystemBootTime)?;
    let value = entry.value.trim();
    if value.is_empty() {
        return None;
    }
    let Some((date, time)) = split_date_time(value) else {
        problems.push(Problem::at(
            entry.line,
            format!(
                "System Boot Time `{}` is not a date and time; boot time left unknown",
                excerpt(value)
            ),
        ));
        return None;
    };
    let order = date
        .evident_order()
        .or_else(|| {
            date.reads_the_same_either_way()
                .then_some(DateOrder::DayMonthYear)
        })
        .or_else(|| record_date_order(record))
        .or_else(|| record.language.and_then(language_date_order));
    let Some(order) = order else {
        problems.push(Problem::at(
            entry.line,
            format!(
                "System Boot Time `{}`: day and month cannot be told apart; boot time left unknown",
                excerpt(value)
            ),
        ));
        return None;
    };
    let Some(date) = date.date(order) else {
        problems.push(Problem::at(
            entry.line,
            format!("System Boot Time `{}` is not a valid date", excerpt(value)),
        ));
        return None;
    };
    Some(date.and_time(time).and_utc())
}

/// The order the record's other dates prove, when those that prove one agree.
fn record_date_order(record: &Record) -> Option<DateOrder> {
    let install_date = record
        .entry(Field::OriginalInstallDate)
        .and_then(|entry| split_date_time(&entry.value))
        .map(|(date, _)| date);
    // "HP N75 Ver. 01.29, 4-6-2018": the BIOS date follows the last comma.
    let bios_date = record
        .entry(Field::BiosVersion)
        .and_then(|entry| entry.value.rsplit_once(','))
        .and_then(|(_, date)| DateNumbers::parse(date));
    let mut orders = [install_date, bios_date]
        .into_iter()
        .flatten()
        .filter_map(|date| date.evident_order());
    let first = orders.next()?;
    orders.all(|order| order == first).then_some(first)
}

/// The short-date order of the locales that print these labels by default.
fn language_date_order(language: Language) -> Option<DateOrder> {
    match language {
        Language::English => None,
        Language::Japanese | Language::ChineseSimplified => Some(DateOrder::YearMonthDay),
        Language::German
        | Language::French
        | Language::Spanish
        | Language::Italian
        | Language::Dutch
        | Language::Russian => Some(DateOrder::DayMonthYear),
    }
}

/// `date, time` (or `date time`), both readable.
fn split_date_time(text: &str) -> Option<(DateNumbers, NaiveTime)> {
    let text = text.trim();
    let (date, time) = text
        .split_once(',')
        .or_else(|| text.split_once(char::is_whitespace))?;
    Some((DateNumbers::parse(date)?, time_of_day(time)?))
}

/// A date's three numbers as printed, before we know which is the day.
#[derive(Clone, Copy, Debug)]
struct DateNumbers {
    numbers: [u32; 3],
    year_first: bool,
}

impl DateNumbers {
    /// Three numbers separated by `/`, `-` or `.`, with a four-digit year first or last
    /// (two-digit years are too ambiguous to read).
    fn parse(text: &str) -> Option<DateNumbers> {
        let text = text.trim().trim_end_matches('.');
        let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
        let [first, second, third] = parts.as_slice() else {
            return None;
        };
        let year_first = first.len() == 4;
        if year_first == (third.len() == 4) {
            return None;
        }
        Some(DateNumbers {
            numbers: [number(first, 4)?, number(second, 4)?, number(third, 4)?],
            year_first,
        })
    }

    /// The order these numbers prove on their own: a year first, or a number above 12,
    /// which can only be the day.
    fn evident_order(&self) -> Option<DateOrder> {
        let [first, second, _] = self.numbers;
        if self.year_first {
            Some(DateOrder::YearMonthDay)
        } else if first > 12 {
            Some(DateOrder::DayMonthYear)
        } else if second > 12 {
            Some(DateOrder::MonthDayYear)
        } else {
            None
        }
    }

    /// `3/3/2019`: day and month are equal, so both readings give the same date (but prove
    /// nothing about the other dates).
    fn reads_the_same_either_way(&self) -> bool {
        let [first, second, _] = self.numbers;
        first == second
    }

    fn date(&self, order: DateOrder) -> Option<NaiveDate> {
        let order = if self.year_first {
            DateOrder::YearMonthDay
        } else {
            order
        };
        let [first, second, third] = self.numbers;
        let (year, month, day) = match order {
            DateOrder::YearMonthDay => (first, second, third),
            DateOrder::DayMonthYear => (third, second, first),
            DateOrder::MonthDayYear => (third, first, second),
        };
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
    }
}

/// Markers of a 12-hour clock, in the languages that use one.
const MORNING: &[&str] = &["A.M.", "AM", "午前", "上午", "오전"];
const AFTERNOON: &[&str] = &["P.M.", "PM", "午後", "下午", "오후"];

/// `18:56:01`, `9:14:07 AM`, `午後 3:58:12`.
fn time_of_day(text: &str) -> Option<NaiveTime> {
    let mut clock = text.trim().to_uppercase();
    let mut afternoon = None;
    for (markers, is_afternoon) in [(MORNING, false), (AFTERNOON, true)] {
        for marker in markers {
            if clock.contains(marker) {
                clock = clock.replace(marker, " ");
                afternoon = Some(is_afternoon);
            }
        }
    }
    let parts: Vec<&str> = clock.trim().split(':').collect();
    let (hour, minute, second) = match parts.as_slice() {
        [hour, minute, second] => (number(hour, 2)?, number(minute, 2)?, number(second, 2)?),
        [hour, minute] => (number(hour, 2)?, number(minute, 2)?, 0),
        _ => return None,
    };
    let hour = match afternoon {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(is_afternoon) => hour % 12 + if is_afternoon { 12 } else { 0 },
    };
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// A number of 1 to `max_digits` ASCII digits.
fn number(text: &str, max_digits: usize) -> Option<u32> {
    let text = text.trim();
    let well_formed =
        (1..=max_digits).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    well_formed.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(hour: u32, minute: u32, second: u32) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(hour, minute, second)
    }

    #[test]
    fn clocks_in_12_and_24_hours() {
        assert_eq!(time_of_day("18:56:01"), time(18, 56, 1));
        assert_eq!(time_of_day("9:14:07 AM"), time(9, 14, 7));
        assert_eq!(time_of_day("12:05:00 AM"), time(0, 5, 0));
        assert_eq!(time_of_day("12:05:00 PM"), time(12, 5, 0));
        assert_eq!(time_of_day("3:58:12 PM"), time(15, 58, 12));
        assert_eq!(time_of_day("午後 3:58:12"), time(15, 58, 12));
        assert_eq!(time_of_day("13:00:00 PM"), None);
        assert_eq!(time_of_day("0 Hours"), None);
    }

    #[test]
    fn dates_prove_their_order_when_they_can() {
        let order = |text: &str| DateNumbers::parse(text).and_then(|date| date.evident_order());
        assert_eq!(order("2019/03/05"), Some(DateOrder::YearMonthDay));
        assert_eq!(order("29/04/2019"), Some(DateOrder::DayMonthYear));
        assert_eq!(order("1/13/2019"), Some(DateOrder::MonthDayYear));
        assert_eq!(order("3/3/2019"), None);
        assert_eq!(order("05.03.2019"), None);
        assert!(DateNumbers::parse("05.03.19").is_none());
        assert!(DateNumbers::parse("...").is_none());
    }
}
