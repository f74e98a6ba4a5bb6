//! The CSV layout (`systeminfo /fo csv`): a header row of labels, then one row per machine.
//! Appending several runs to one file repeats the header (or not, with `/nh`). Multi-line
//! values are joined with commas inside their cell:
//! `"2 Hotfix(s) Installed.,[01]: KB2919355,[02]: KB2919442"`.

use super::labels::{self, FIELD_ORDER, Field};
use super::{ContinuationLine, Entry, Problem, Record, assign_fields, is_os_version};

/// Whether the first non-blank line is a row of quoted, comma-separated cells.
pub(super) fn looks_like_csv(text: &str) -> bool {
    text.lines()
        .find(|line| !line.trim().is_empty())
        .is_some_and(|line| {
            let line = line.trim_start();
            line.starts_with('"') && line.contains("\",\"")
        })
}

/// Whether the CSV has a systeminfo header or a row the field order explains. A header
/// alone counts: its parse error ("no machine row") says more than "unknown format".
pub(super) fn recognizes(text: &str) -> bool {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .filter_map(Result::ok)
        .any(|row| {
            let cells: Vec<&str> = row.iter().collect();
            is_header(&cells) || is_headerless_machine_row(&cells)
        })
}

pub(super) fn read_records(
    text: &str,
    problems: &mut Vec<Problem>,
) -> Result<Vec<Record>, Problem> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut records = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                let line = error
                    .position()
                    .map(|position| line_number(position.line()));
                problems.push(Problem {
                    line,
                    message: format!("unreadable CSV row: {error}"),
                });
                continue;
            }
        };
        let line = row
            .position()
            .map_or(0, |position| line_number(position.line()));
        let cells: Vec<&str> = row.iter().collect();
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if is_header(&cells) {
            header = Some(cells.iter().map(|cell| (*cell).to_owned()).collect());
            continue;
        }
        // Without a header (`/nh`), the field order alone explains a full-width row whose
        // third cell is an OS Version; anything else is not a machine row.
        if header.is_none() && !is_headerless_machine_row(&cells) {
            problems.push(Problem::at(
                line,
                "row before any systeminfo header; ignored",
            ));
            continue;
        }
        records.push(record_from_row(&cells, header.as_deref(), line, problems));
    }
    if records.is_empty() {
        let message = if header.is_some() {
            "systeminfo CSV with a header but no machine row"
        } else {
            "not systeminfo CSV: no header with a Host Name column and no machine row"
        };
        return Err(Problem::general(message));
    }
    Ok(records)
}

/// The csv crate counts lines from 1, as a u64.
fn line_number(line: u64) -> usize {
    usize::try_from(line).unwrap_or(usize::MAX)
}

/// A row of `systeminfo /fo csv /nh`: one cell per field (XP prints as many as Windows 11,
/// a few to spare for versions we have not seen) and an OS Version third.
fn is_headerless_machine_row(cells: &[&str]) -> bool {
    const MINIMUM_CELLS: usize = FIELD_ORDER.len() - 3;
    cells.len() >= MINIMUM_CELLS && cells.get(2).is_some_and(|cell| is_os_version(cell))
}

fn is_header(cells: &[&str]) -> bool {
    cells
        .first()
        .and_then(|cell| labels::field_for_label(cell))
        .is_some_and(|(field, _)| field == Field::HostName)
}

fn record_from_row(
    cells: &[&str],
    header: Option<&[String]>,
    line: usize,
    problems: &mut Vec<Problem>,
) -> Record {
    if let Some(header) = header
        && header.len() != cells.len()
    {
        problems.push(Problem::at(
            line,
            format!(
                "row has {} cells but the header {}; extra cells ignored",
                cells.len(),
                header.len()
            ),
        ));
    }
    let column_count = header.map_or(cells.len(), |header| header.len().min(cells.len()));
    let mut entries: Vec<Entry> = cells
        .iter()
        .take(column_count)
        .enumerate()
        .map(|(column, cell)| Entry {
            line,
            field: None,
            // An empty label is unknown to the tables, so headerless rows go by position.
            label: header
                .and_then(|header| header.get(column))
                .cloned()
                .unwrap_or_default(),
            value: (*cell).to_owned(),
            continuation: Vec::new(),
        })
        .collect();
    let language = assign_fields(&mut entries, problems);
    for entry in &mut entries {
        if entry.field.is_some_and(Field::is_multi_line) {
            split_joined_lines(entry);
        }
    }
    Record {
        line,
        language,
        entries,
    }
}

/// `"6 Hotfix(s) Installed.,[01]: KB2919355"` → value `6 Hotfix(s) Installed.` and the
/// continuation `[01]: KB2919355`, as the list layout would have it.
fn split_joined_lines(entry: &mut Entry) {
    let joined = std::mem::take(&mut entry.value);
    let mut parts = joined.split(',');
    entry.value = parts.next().unwrap_or_default().trim().to_owned();
    entry.continuation = parts
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| ContinuationLine {
            line: entry.line,
            text: part.to_owned(),
        })
        .collect();
}
