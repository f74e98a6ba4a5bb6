//! `wmic qfe` / `wmic qfe list` text: one header line of property names, then rows whose
//! values start at the same character positions as their header names.

use super::table::{QFE_COLUMNS, Table, TableRow};

/// True for a `wmic qfe` header line: nothing but QFE property names (`HotFixID` among
/// them), separated by spaces.
pub(super) fn is_wmic_header(line: &str) -> bool {
    let mut names = line.split_whitespace().peekable();
    let mut has_hotfix_id = false;
    if names.peek().is_none() {
        return false;
    }
    for name in names {
        has_hotfix_id |= name.eq_ignore_ascii_case("HotFixID");
        if !QFE_COLUMNS
            .iter()
            .any(|column| column.eq_ignore_ascii_case(name))
        {
            return false;
        }
    }
    has_hotfix_id
}

/// Splits the rows at the header's column starts. `header_index` is the 0-based index of the
/// header among `lines`.
pub(super) fn read(lines: &[&str], header_index: usize) -> Table {
    let Some(header) = lines.get(header_index) else {
        return Table::default();
    };
    let (columns, starts) = columns_and_starts(header);
    let rows = lines
        .iter()
        .enumerate()
        .skip(header_index + 1)
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| TableRow {
            line: index + 1,
            cells: cut(line, &starts),
        })
        .collect();
    Table { columns, rows }
}

/// Names and the character position each starts at. Positions are counted in characters,
/// not bytes: `wmic` pads with one space per UTF-16 unit, and names like `InstalledBy` can
/// hold accented or Japanese account names.
fn columns_and_starts(header: &str) -> (Vec<String>, Vec<usize>) {
    let mut columns = Vec::new();
    let mut starts = Vec::new();
    let mut previous_was_space = true;
    let mut current = String::new();
    for (position, character) in header.chars().enumerate() {
        if character.is_whitespace() {
            if !current.is_empty() {
                columns.push(std::mem::take(&mut current));
            }
            previous_was_space = true;
            continue;
        }
        if previous_was_space {
            starts.push(position);
        }
        current.push(character);
        previous_was_space = false;
    }
    if !current.is_empty() {
        columns.push(current);
    }
    (columns, starts)
}

fn cut(line: &str, starts: &[usize]) -> Vec<String> {
    let characters: Vec<char> = line.chars().collect();
    starts
        .iter()
        .enumerate()
        .map(|(index, &start)| {
            let end = starts
                .get(index + 1)
                .copied()
                .unwrap_or(characters.len())
                .min(characters.len());
            characters
                .get(start.min(end)..end)
                .map(|cell| cell.iter().collect::<String>().trim().to_string())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_follow_the_header_positions_even_when_short() {
        let lines = [
            "Description      HotFixID   InstalledBy          InstalledOn  ",
            "Security Update  KB4485449  NT AUTHORITY\\SYSTEM  3/2/2019     ",
            "Update           KB4462930",
            "",
        ];
        let table = read(&lines, 0);
        assert_eq!(
            table.columns,
            ["Description", "HotFixID", "InstalledBy", "InstalledOn"]
        );
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[0].cells[3], "3/2/2019");
        assert_eq!(table.rows[1].cells, ["Update", "KB4462930", "", ""]);
    }

    #[test]
    fn headers_are_told_apart_from_other_text() {
        assert!(is_wmic_header("HotFixID  "));
        assert!(is_wmic_header("Caption  CSName  HotFixID  InstalledOn"));
        assert!(!is_wmic_header("Node,Caption,CSName,HotFixID"));
        assert!(!is_wmic_header("HotFixID is missing here"));
        assert!(!is_wmic_header("Host Name:                 PC01"));
    }
}
