//! CSV hotfix lists: `wmic qfe list /format:csv` (`Node,Caption,CSName,…`, unquoted) and
//! `Get-HotFix` / `Get-CimInstance Win32_QuickFixEngineering` piped to `Export-Csv` (quoted,
//! `#TYPE …` first unless `-NoTypeInformation`, `;` with `-UseCulture` in Europe).

use super::table::{Table, TableRow, is_qfe_header};
use crate::inventory::Problem;

/// The delimiter the header line uses: whichever of `,` `;` and tab it holds most outside
/// quotes. `-UseCulture` takes the culture's list separator, so it cannot be assumed.
pub(super) fn delimiter_of(header: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut inside_quotes = false;
    for byte in header.bytes() {
        if byte == b'"' {
            inside_quotes = !inside_quotes;
        } else if !inside_quotes && let Some(count) = counts.iter_mut().find(|(d, _)| *d == byte) {
            count.1 += 1;
        }
    }
    // `max_by_key` keeps the last of equal maxima; reversing makes a tie go to `,`.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, count)| *count)
        .map_or(b',', |(delimiter, _)| *delimiter)
}

/// The header's names with their quotes removed.
pub(super) fn header_names(header: &str) -> Vec<String> {
    let delimiter = char::from(delimiter_of(header));
    header
        .split(delimiter)
        .map(|name| name.trim().trim_matches('"').trim().to_string())
        .collect()
}

/// True for a CSV header of QFE properties (`HotFixID` plus another known one).
pub(super) fn is_csv_header(line: &str) -> bool {
    let delimiter = char::from(delimiter_of(line));
    line.contains(delimiter) && is_qfe_header(header_names(line).iter().map(String::as_str))
}

/// `Export-Csv` writes this line first unless told `-NoTypeInformation`.
pub(super) fn is_type_line(line: &str) -> bool {
    line.trim_start().starts_with("#TYPE")
}

/// Reads the rows after the header. `header_index` is the 0-based line index of the header
/// in `text`; line numbers in the table and in the problems are 1-based lines of `text`.
pub(super) fn read(text: &str, header_index: usize, problems: &mut Vec<Problem>) -> Table {
    let header_offset = byte_offset_of_line(text, header_index);
    let body = text.get(header_offset..).unwrap_or_default();
    let first_line = body.lines().next().unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter_of(first_line))
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());

    let mut table = Table::default();
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error
                    .position()
                    .map_or(header_index + 1, |p| line_at(body, p.byte(), header_index));
                problems.push(Problem::at(line, format!("unreadable CSV row: {error}")));
                continue;
            }
        };
        let cells: Vec<String> = record.iter().map(|cell| cell.trim().to_string()).collect();
        if index == 0 {
            table.columns = cells
                .iter()
                .map(|c| c.trim_matches('"').to_string())
                .collect();
            continue;
        }
        // `wmic /node:a,b … /format:csv` repeats the header for every computer.
        if cells.iter().all(String::is_empty) || cells == table.columns {
            continue;
        }
        let line = record
            .position()
            .map_or(header_index + 1, |p| line_at(body, p.byte(), header_index));
        table.rows.push(TableRow { line, cells });
    }
    table
}

/// The 1-based file line of a record that the CSV reader says starts at `byte` of `body`.
///
/// The reader reports the position where it resumed, which is before the previous record's
/// line ending and any blank lines (`wmic` ends lines with `\r\r\n`), so those are skipped.
fn line_at(body: &str, byte: u64, header_index: usize) -> usize {
    let start = usize::try_from(byte).unwrap_or(usize::MAX).min(body.len());
    let rest = body.get(start..).unwrap_or_default();
    let record_start = start + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
    let newlines_before = body
        .get(..record_start)
        .map_or(0, |before| before.matches('\n').count());
    header_index + newlines_before + 1
}

fn byte_offset_of_line(text: &str, line_index: usize) -> usize {
    if line_index == 0 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line_index - 1)
        .map_or(text.len(), |(offset, _)| offset + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_comes_from_the_header() {
        assert_eq!(
            delimiter_of(r#""PSComputerName";"HotFixID";"InstalledOn""#),
            b';'
        );
        assert_eq!(delimiter_of(r#""Host, Name","HotFixID""#), b',');
        assert_eq!(delimiter_of("HotFixID"), b',');
        assert_eq!(delimiter_of("Node\tHotFixID\tInstalledOn"), b'\t');
    }

    #[test]
    fn headers_are_recognised_by_exact_property_names() {
        assert!(is_csv_header(
            r#""PSComputerName","__PATH","Description","InstalledOn","HotFixID""#
        ));
        assert!(is_csv_header(
            "Node,Caption,CSName,Description,HotFixID,InstalledOn"
        ));
        assert!(!is_csv_header(r#""Host Name","OS Name","Hotfix(s)""#));
        assert!(!is_csv_header("HotFixID"));
    }

    #[test]
    fn rows_keep_their_file_line_numbers() {
        let text = "\r\n#TYPE x\r\n\"HotFixID\",\"CSName\"\r\n\"KB1234567\",\"PC1\"\r\n\r\n\"KB7654321\",\"PC1\"\r\n";
        let mut problems = Vec::new();
        let table = read(text, 2, &mut problems);
        assert_eq!(table.columns, ["HotFixID", "CSName"]);
        let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [4, 6]);
        assert!(problems.is_empty());
    }
}
