//! The list layout (`systeminfo`, `systeminfo /fo list`):
//!
//! ```text
//! Host Name:                 WIN81U1X64
//! Virtual Memory: Max Size:  3,199 MB
//! Hotfix(s):                 6 Hotfix(s) Installed.
//!                            [01]: KB2919355
//! ```
//!
//! Every value starts on one column, wide enough for the longest label; lines that go on
//! with a value are indented. Labels may hold a colon themselves (`Virtual Memory: Max Size`,
//! French `Mémoire virtuelle : taille maximale`) and values often do (`C:\Windows`,
//! `18:56:01`), so the separator is the colon whose following spaces reach the value column.
//! The column is counted in display cells: ja-JP and zh-CN pad their labels for a console
//! where a full-width character takes two cells.

use super::labels::{self, Field};
use super::{ContinuationLine, Entry, Problem, Record, assign_fields, excerpt, is_os_version};

/// Whether the text holds at least one record.
pub(super) fn has_record(text: &str) -> bool {
    !record_starts(&numbered_lines(text)).is_empty()
}

/// Splits the text into records at each Host Name line and reads their fields.
pub(super) fn read_records(
    text: &str,
    problems: &mut Vec<Problem>,
) -> Result<Vec<Record>, Problem> {
    let lines = numbered_lines(text);
    let starts = record_starts(&lines);
    let Some(&first_start) = starts.first() else {
        return Err(Problem::general(
            "not systeminfo output: no Host Name line (no known label, and no OS Version two lines below a first field)",
        ));
    };
    report_ignored_preamble(lines.get(..first_start).unwrap_or_default(), problems);
    let mut records = Vec::new();
    for (number, &start) in starts.iter().enumerate() {
        let end = starts.get(number + 1).copied().unwrap_or(lines.len());
        if let Some(record_lines) = lines.get(start..end) {
            records.push(read_record(record_lines, problems));
        }
    }
    Ok(records)
}

/// A line and its 1-based number.
type NumberedLine<'a> = (usize, &'a str);

fn numbered_lines(text: &str) -> Vec<NumberedLine<'_>> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line))
        .collect()
}

/// A line's part in the layout.
enum LineKind {
    Blank,
    /// Goes on with the value above it (`[01]: KB…`, network card details).
    Continuation,
    /// Starts a field: `Label:   value`.
    Field,
}

fn kind(line: &str) -> LineKind {
    if line.trim().is_empty() {
        LineKind::Blank
    } else if line.starts_with(char::is_whitespace) {
        LineKind::Continuation
    } else {
        LineKind::Field
    }
}

/// A colon that may end a label: followed by whitespace or by the end of the line.
#[derive(Clone, Copy, Debug)]
struct Separator {
    colon: usize,
    /// Byte offset of the value (the line's length when the value is empty).
    value_start: usize,
    /// Display column of the value.
    value_column: usize,
}

fn separators(line: &str) -> Vec<Separator> {
    line.char_indices()
        .filter(|&(_, c)| c == ':' || c == '：')
        .filter_map(|(colon, c)| {
            let after = line.get(colon + c.len_utf8()..)?;
            if !after.is_empty() && !after.starts_with(char::is_whitespace) {
                return None;
            }
            let value_start = line.len() - after.trim_start().len();
            let value_column = display_width(line.get(..value_start)?);
            Some(Separator {
                colon,
                value_start,
                value_column,
            })
        })
        .collect()
}

fn label_before(line: &str, separator: Separator) -> &str {
    line.get(..separator.colon).unwrap_or_default().trim_end()
}

fn value_after(line: &str, separator: Separator) -> &str {
    line.get(separator.value_start..)
        .unwrap_or_default()
        .trim_end()
}

/// Indices (into `lines`) of the lines that start a record: a Host Name label in a language
/// we know, or, for other languages, a first field two field lines above an OS Version value.
fn record_starts(lines: &[NumberedLine<'_>]) -> Vec<usize> {
    let field_lines: Vec<usize> = (0..lines.len())
        .filter(|&index| {
            lines
                .get(index)
                .is_some_and(|&(_, line)| matches!(kind(line), LineKind::Field))
        })
        .collect();
    let first_separator = |index: usize| -> Option<(&str, Separator)> {
        let &(_, line) = lines.get(index)?;
        separators(line).first().map(|&separator| (line, separator))
    };
    let mut starts = Vec::new();
    for (order, &index) in field_lines.iter().enumerate() {
        let Some((line, separator)) = first_separator(index) else {
            continue;
        };
        let is_start = match labels::field_for_label(label_before(line, separator)) {
            Some((field, _)) => field == Field::HostName,
            None => field_lines
                .get(order + 2)
                .and_then(|&version_index| first_separator(version_index))
                .is_some_and(|(version_line, version_separator)| {
                    is_os_version(value_after(version_line, version_separator))
                        && version_separator.value_column == separator.value_column
                        && colon_follows_label(line, separator)
                        && colon_follows_label(version_line, version_separator)
                }),
        };
        if is_start {
            starts.push(index);
        }
    }
    starts
}

/// systeminfo writes `Label:`; `Format-List` output (`OsVersion : 10.0.19045`) pads before
/// the colon, which keeps it from passing for systeminfo in an unknown language.
fn colon_follows_label(line: &str, separator: Separator) -> bool {
    line.get(..separator.colon)
        .is_some_and(|label| !label.ends_with(char::is_whitespace))
}

/// Text before the first record (a banner, `Loading Hotfix Information…` progress lines) is
/// reported once rather than line by line.
fn report_ignored_preamble(lines: &[NumberedLine<'_>], problems: &mut Vec<Problem>) {
    let mut ignored = lines.iter().filter(|(_, line)| !line.trim().is_empty());
    if let Some(&(first, line)) = ignored.next() {
        let count = 1 + ignored.count();
        problems.push(Problem::at(
            first,
            format!(
                "{count} line(s) before the first Host Name line are not systeminfo fields; ignored (first: `{}`)",
                excerpt(line)
            ),
        ));
    }
}

fn read_record(lines: &[NumberedLine<'_>], problems: &mut Vec<Problem>) -> Record {
    let value_column = value_column(lines);
    let mut entries: Vec<Entry> = Vec::new();
    for &(number, line) in lines {
        match kind(line) {
            LineKind::Blank => {}
            LineKind::Continuation => match entries.last_mut() {
                Some(entry) => entry.continuation.push(ContinuationLine {
                    line: number,
                    text: line.trim().to_owned(),
                }),
                None => problems.push(Problem::at(
                    number,
                    "indented line before any field; ignored",
                )),
            },
            LineKind::Field => match split_label_value(line, value_column) {
                Some((label, value)) => entries.push(Entry {
                    line: number,
                    field: None,
                    label: label.to_owned(),
                    value: value.to_owned(),
                    continuation: Vec::new(),
                }),
                None => problems.push(Problem::at(
                    number,
                    format!("not a `label: value` line; ignored: `{}`", excerpt(line)),
                )),
            },
        }
    }
    let language = assign_fields(&mut entries, problems);
    Record {
        line: lines.first().map_or(0, |&(number, _)| number),
        language,
        entries,
    }
}

/// The record's value column: where the host name starts, or, if the Host Name line has no
/// value, the column most field lines use.
fn value_column(lines: &[NumberedLine<'_>]) -> Option<usize> {
    let host_value_column = lines
        .first()
        .and_then(|&(_, line)| first_value_column(line));
    host_value_column.or_else(|| {
        let mut counts = std::collections::HashMap::new();
        for &(_, line) in lines {
            if matches!(kind(line), LineKind::Field)
                && let Some(column) = first_value_column(line)
            {
                *counts.entry(column).or_insert(0usize) += 1;
            }
        }
        counts
            .into_iter()
            .max_by_key(|&(column, count)| (count, std::cmp::Reverse(column)))
            .map(|(column, _)| column)
    })
}

/// The value column after a line's first colon, when a value follows it.
fn first_value_column(line: &str) -> Option<usize> {
    separators(line)
        .first()
        .filter(|separator| separator.value_start < line.len())
        .map(|separator| separator.value_column)
}

/// Cuts a field line at the colon whose value starts on the record's value column; failing
/// that, at the colon that ends a known label, then at the last colon before the column
/// (an empty value), then at the first colon.
fn split_label_value(line: &str, value_column: Option<usize>) -> Option<(&str, &str)> {
    let candidates = separators(line);
    let on_column = |separator: &&Separator| {
        value_column == Some(separator.value_column) && separator.value_start < line.len()
    };
    let ends_known_label =
        |separator: &&Separator| labels::field_for_label(label_before(line, **separator)).is_some();
    let before_column = |separator: &&Separator| {
        value_column.is_some_and(|column| separator.value_column <= column)
    };
    let chosen = candidates
        .iter()
        .find(on_column)
        .or_else(|| candidates.iter().find(ends_known_label))
        .or_else(|| candidates.iter().rev().find(before_column))
        .or_else(|| candidates.first())?;
    Some((label_before(line, *chosen), value_after(line, *chosen)))
}

/// Width of `text` on a console: East Asian wide and full-width characters take two cells.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// The East Asian Wide and Fullwidth blocks a systeminfo label or value can contain.
fn is_wide(c: char) -> bool {
    matches!(
        c,
        '\u{1100}'..='\u{115F}'
            | '\u{2E80}'..='\u{303E}'
            | '\u{3041}'..='\u{33FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{A000}'..='\u{A4CF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF00}'..='\u{FF60}'
            | '\u{FFE0}'..='\u{FFE6}'
    )
}
