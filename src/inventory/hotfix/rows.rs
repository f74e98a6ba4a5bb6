//! One hotfix row with only what PatchDesk keeps, taken from a [`Table`] by column name.

use super::table::Table;
use crate::inventory::Problem;

#[derive(Debug)]
pub(super) struct HotfixRow {
    pub line: usize,
    /// Empty when the listing has no computer column or the cell is blank.
    pub computer: String,
    pub hotfix_id: String,
    pub installed_on: String,
    pub description: String,
}

/// Where the computer name can be, best first. `Get-CimInstance` leaves `PSComputerName`
/// empty for the local machine, so every row falls back on the next column.
const COMPUTER_COLUMNS: &[&str] = &["PSComputerName", "CSName", "Node", "__SERVER"];

/// The rows of a table, or an `Err` when it has no `HotFixID` column at all.
pub(super) fn hotfix_rows(table: &Table) -> Result<(Vec<HotfixRow>, bool), Problem> {
    let hotfix_id = table.column("HotFixID").ok_or_else(|| {
        Problem::general("the hotfix list has no HotFixID column, so it names no update")
    })?;
    let computer_columns: Vec<usize> = COMPUTER_COLUMNS
        .iter()
        .filter_map(|name| table.column(name))
        .collect();
    let installed_on = table.column("InstalledOn");
    let description = table.column("Description");
    let rows = table
        .rows
        .iter()
        .map(|row| HotfixRow {
            line: row.line,
            computer: computer_columns
                .iter()
                .map(|&column| row.cell(Some(column)))
                .find(|name| !name.is_empty())
                .unwrap_or_default()
                .to_string(),
            hotfix_id: row.cell(Some(hotfix_id)).to_string(),
            installed_on: row.cell(installed_on).to_string(),
            description: row.cell(description).to_string(),
        })
        .collect();
    Ok((rows, !computer_columns.is_empty()))
}
