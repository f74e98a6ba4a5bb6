//! A hotfix listing read into named columns, whatever its layout (fixed-width `wmic` text or
//! a CSV export), so the rest of the parser does not care where a value came from.

/// A header and its data rows, each row with its 1-based line in the file.
#[derive(Debug, Default)]
pub(super) struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug)]
pub(super) struct TableRow {
    pub line: usize,
    pub cells: Vec<String>,
}

impl Table {
    /// The position of a column, ignoring case (`wmic` echoes what the admin typed).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|column| column.eq_ignore_ascii_case(name))
    }
}

impl TableRow {
    /// The trimmed cell of a column, empty when the row is shorter than the header.
    pub fn cell(&self, column: Option<usize>) -> &str {
        column
            .and_then(|index| self.cells.get(index))
            .map_or("", |cell| cell.trim())
    }
}

/// The properties of `Win32_QuickFixEngineering` (and the names `wmic`, `Get-HotFix` and
/// `Get-CimInstance` add) that a header may show. Recognising a header by these exact names
/// keeps us from claiming the `systeminfo` CSV (`Hotfix(s)`) or anything else.
pub(super) const QFE_COLUMNS: &[&str] = &[
    "Caption",
    "CSName",
    "Description",
    "FixComments",
    "HotFixID",
    "InstallDate",
    "InstalledBy",
    "InstalledOn",
    "Name",
    "ServicePackInEffect",
    "Status",
    "Node",
    "PSComputerName",
];

/// True when the names include `HotFixID` and, when there are others, at least one more
/// QFE property (a lone `HotFixID` column is what `wmic qfe get HotFixID` prints).
pub(super) fn is_qfe_header<'a>(names: impl IntoIterator<Item = &'a str>) -> bool {
    let names: Vec<&str> = names.into_iter().collect();
    let is_qfe = |name: &str| QFE_COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(name));
    let has_hotfix_id = names.iter().any(|n| n.eq_ignore_ascii_case("HotFixID"));
    let other_qfe_names = names
        .iter()
        .filter(|n| !n.eq_ignore_ascii_case("HotFixID") && is_qfe(n))
        .count();
    has_hotfix_id && (names.len() == 1 || other_qfe_names > 0)
}
