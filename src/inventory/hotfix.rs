//! Hotfix lists without OS data: `wmic qfe` (fixed-width text), `wmic qfe list /format:csv`,
//! and `Get-HotFix` / `Get-CimInstance Win32_QuickFixEngineering` piped to `Export-Csv`.
//!
//! They only tell which KBs a computer has and when they were installed; a file may cover
//! several computers (`Get-HotFix -ComputerName a,b`), which become several reports.

mod delimited;
mod fixed_width;
pub(crate) mod installed_on;
mod machines;
mod rows;
mod table;

#[cfg(test)]
mod tests;

pub(crate) use machines::{add_update, machine_named};

use super::{Parsed, Problem};

/// True when the first meaningful line is a QFE header (fixed-width or CSV), or the
/// `#TYPE` line `Export-Csv` writes for `Win32_QuickFixEngineering` objects.
pub fn recognizes(text: &str) -> bool {
    let mut lines = meaningful_lines(text);
    let Some((_, first)) = lines.next() else {
        return false;
    };
    if delimited::is_type_line(first) {
        return first.contains("Win32_QuickFixEngineering")
            || lines
                .next()
                .is_some_and(|(_, header)| delimited::is_csv_header(header));
    }
    fixed_width::is_wmic_header(first) || delimited::is_csv_header(first)
}

/// Reads every computer's KBs. `Err` when the file holds no KB at all (empty `wmic` output,
/// a header without rows, an unknown layout).
pub fn parse(text: &str) -> Result<Parsed, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = meaningful_lines(text);
    let Some((mut header_index, mut header)) = lines.next() else {
        return Err(Problem::general(
            "the hotfix list is empty: wmic printed nothing (run it from an elevated prompt, \
             and redirect with `> file.txt` only after checking it lists hotfixes on screen)",
        ));
    };
    if delimited::is_type_line(header) {
        (header_index, header) = lines.next().ok_or_else(|| {
            Problem::general("the Export-Csv file has a #TYPE line but no header or rows")
        })?;
    }

    let mut problems = Vec::new();
    let table = if fixed_width::is_wmic_header(header) {
        let all_lines: Vec<&str> = text.lines().collect();
        fixed_width::read(&all_lines, header_index)
    } else if delimited::is_csv_header(header) {
        delimited::read(text, header_index, &mut problems)
    } else {
        return Err(Problem::at(
            header_index + 1,
            "not a hotfix list: expected a header with HotFixID (wmic qfe, Get-HotFix | Export-Csv)",
        ));
    };
    let (rows, has_computer_column) = rows::hotfix_rows(&table)?;
    machines::machines_from_rows(rows, has_computer_column, problems)
}

/// Non-blank lines with their 0-based index, the byte-order mark removed.
fn meaningful_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .map(|line| line.trim_start_matches('\u{feff}'))
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
}
