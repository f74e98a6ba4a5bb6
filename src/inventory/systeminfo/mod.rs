//! `systeminfo` output: the inventory any Windows machine prints without an agent.
//!
//! Two layouts: the list (default and `/fo list`), one `Label:   value` line per field, and
//! `/fo csv`, a header row of labels and one row per machine. Labels follow the display
//! language but the field order never changes, so a field is known by its label when the
//! language is one we list ([`labels`]) and by its position otherwise. Several outputs
//! appended to one file (`systeminfo /s A >> f`, `systeminfo /s B >> f`) give several
//! machines.

mod csv_format;
mod dates;
mod hotfixes;
mod labels;
mod list_format;
mod report;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use super::model::{Parsed, Problem};
use labels::{FIELD_ORDER, Field, Language};

/// Whether `text` looks like `systeminfo` output: a list with at least one Host Name record,
/// or a CSV with a systeminfo header or machine row (a header alone still deserves
/// [`parse`]'s "no machine row" rather than "unknown format").
pub fn recognizes(text: &str) -> bool {
    if csv_format::looks_like_csv(text) {
        csv_format::recognizes(text)
    } else {
        list_format::has_record(text)
    }
}

/// Reads every machine in a `systeminfo` output. Lines or fields it cannot use become
/// problems.
///
/// # Errors
///
/// A text without any Host Name record (in a known language or by field order), or a CSV
/// without a machine row.
pub fn parse(text: &str) -> Result<Parsed, Problem> {
    let mut problems = Vec::new();
    let records = if csv_format::looks_like_csv(text) {
        csv_format::read_records(text, &mut problems)?
    } else {
        list_format::read_records(text, &mut problems)?
    };
    let machines = records
        .iter()
        .filter_map(|record| report::machine_report(record, &mut problems))
        .collect();
    // Problems were found record by record, field by field; the preview lists them in file order.
    problems.sort_by_key(|problem| problem.line);
    Ok(Parsed { machines, problems })
}

/// One field of a record: its label line and the indented lines that continue its value.
#[derive(Clone, Debug)]
struct Entry {
    line: usize,
    /// None until [`assign_fields`] has recognised the label or the position.
    field: Option<Field>,
    label: String,
    value: String,
    continuation: Vec<ContinuationLine>,
}

#[derive(Clone, Debug)]
struct ContinuationLine {
    line: usize,
    text: String,
}

/// One machine's output, from its Host Name line (or CSV row) to the next.
#[derive(Clone, Debug)]
struct Record {
    line: usize,
    /// The language of the labels, when we know it: it tells how dates are written.
    language: Option<Language>,
    entries: Vec<Entry>,
}

impl Record {
    fn entry(&self, field: Field) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.field == Some(field))
    }
}

/// Names each entry's field by its label when a table knows the label. Otherwise by its
/// place in [`FIELD_ORDER`], but only where the order is certain: between two recognised
/// entries whose positions leave exactly that gap (a label our tables spell wrong), or
/// anywhere in a record with no recognised label at all (a language we have no table for).
/// A line after the last recognised field of a known language is a field we do not know.
/// Returns the language of the first recognised label.
fn assign_fields(entries: &mut [Entry], problems: &mut Vec<Problem>) -> Option<Language> {
    let by_label: Vec<Option<(Field, Language)>> = entries
        .iter()
        .map(|entry| labels::field_for_label(&entry.label))
        .collect();
    let language = by_label
        .iter()
        .flatten()
        .map(|&(_, language)| language)
        .next();
    let all_by_position = language.is_none();
    // (entry index, position in FIELD_ORDER) of the recognised entries. A record starts
    // with its Host Name whatever the label says, so entry 0 is position 0.
    let mut anchors: Vec<(usize, usize)> = by_label
        .iter()
        .enumerate()
        .filter_map(|(index, known)| Some((index, known.as_ref()?.0.position()?)))
        .collect();
    if anchors.first().map(|&(index, _)| index) != Some(0) {
        anchors.insert(0, (0, 0));
    }
    let mut seen = HashSet::new();
    for (index, entry) in entries.iter_mut().enumerate() {
        let field = match by_label.get(index).copied().flatten() {
            Some((field, _)) => field,
            None => match field_by_position(index, &anchors, all_by_position) {
                // The one guess we can check: an OS Version value has a shape of its own.
                Some(Field::OsVersion) if !is_os_version(&entry.value) => {
                    problems.push(Problem::at(
                        entry.line,
                        format!(
                            "`{}` stands where OS Version should, but `{}` is no Windows version; ignored",
                            excerpt(&entry.label),
                            excerpt(&entry.value)
                        ),
                    ));
                    continue;
                }
                Some(field) => field,
                None => {
                    problems.push(Problem::at(
                        entry.line,
                        format!("unknown field `{}`; ignored", excerpt(&entry.label)),
                    ));
                    continue;
                }
            },
        };
        if !seen.insert(field) {
            problems.push(Problem::at(
                entry.line,
                format!(
                    "`{}` appears twice in one record; the second is ignored",
                    excerpt(&entry.label)
                ),
            ));
            continue;
        }
        entry.field = Some(field);
    }
    language
}

/// The field an unrecognised entry stands for, when the recognised ones around it pin it.
fn field_by_position(
    index: usize,
    anchors: &[(usize, usize)],
    all_by_position: bool,
) -> Option<Field> {
    let previous = anchors.iter().rev().find(|&&(anchor, _)| anchor <= index);
    let next = anchors.iter().find(|&&(anchor, _)| anchor > index);
    let position = match (previous, next) {
        (Some(&(previous_index, previous_position)), _) if previous_index == index => {
            previous_position
        }
        (Some(&(previous_index, previous_position)), Some(&(next_index, next_position)))
            if next_position.checked_sub(previous_position)
                == Some(next_index - previous_index) =>
        {
            previous_position + (index - previous_index)
        }
        (Some(&(previous_index, previous_position)), None) if all_by_position => {
            previous_position + (index - previous_index)
        }
        _ => return None,
    };
    FIELD_ORDER.get(position).copied()
}

/// Whether a value starts like an OS Version: `10.0.19045 N/A Build 19045`, `5.1.2600
/// Service Pack 3 Build 2600`. Strict (NT major versions, one-digit minor, 4–5 digit build)
/// so that dates (`05.03.2019`) and sizes (`16.265 MB`) never pass.
fn is_os_version(value: &str) -> bool {
    let Some(token) = value.split_whitespace().next() else {
        return false;
    };
    let parts: Vec<&str> = token.split('.').collect();
    let [major, minor, build] = parts.as_slice() else {
        return false;
    };
    let digits = |text: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&text.len()) && text.bytes().all(|byte| byte.is_ascii_digit())
    };
    matches!(*major, "5" | "6" | "10") && digits(minor, 1..=1) && digits(build, 4..=5)
}

/// At most 60 characters of a line, for problem messages.
fn excerpt(text: &str) -> String {
    const LIMIT: usize = 60;
    let text = text.trim();
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_owned(),
    }
}
