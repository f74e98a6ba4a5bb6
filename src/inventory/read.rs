//! One way in for every inventory file: decode the bytes, recognise the format from the
//! content, parse. The admin never picks a format.

use serde::Serialize;

use super::decode::decode;
use super::{Parsed, Problem, collector, glpi, hotfix, osquery, powershell_json, systeminfo};

/// Whether a format enumerates installed updates or programs. When it does, an empty list
/// means "none installed"; when it does not, the machine's previous list stays current.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    Always,
    /// Only files that contain entries (osquery: one file per table).
    WhenPresent,
    Never,
}

/// One inventory format PatchDesk reads.
pub struct InventoryFormat {
    /// Stable id, stored with each scan and printed by `import inventory --json`.
    pub id: &'static str,
    pub recognizes: fn(&str) -> bool,
    pub parse: fn(&str) -> Result<Parsed, Problem>,
    /// A more precise name for the preview, from the content.
    pub describe: fn(&str) -> &'static str,
    pub updates: Listing,
    pub programs: Listing,
}

/// In the order they are tried: the most specific first, so that a JSON or XML document is
/// never mistaken for text output.
pub const FORMATS: &[InventoryFormat] = &[
    InventoryFormat {
        id: "patchdesk-collector",
        recognizes: collector::recognizes,
        parse: collector::parse,
        describe: |_| "PatchDesk collector (JSON)",
        // A section that failed on the PC is null: "unknown", which must not read as "none".
        updates: Listing::WhenPresent,
        programs: Listing::WhenPresent,
    },
    InventoryFormat {
        id: "glpi-xml",
        recognizes: glpi::recognizes,
        parse: glpi::parse,
        describe: |_| "GLPI / FusionInventory agent (XML)",
        // KBs appear only as SOFTWARES entries, which newer Windows no longer lists.
        updates: Listing::WhenPresent,
        programs: Listing::Always,
    },
    InventoryFormat {
        id: "powershell-json",
        recognizes: powershell_json::recognizes,
        parse: powershell_json::parse,
        describe: |text| {
            if text.contains("\"OsHotFixes\"") || text.contains("\"CsName\"") {
                "Get-ComputerInfo | ConvertTo-Json"
            } else {
                "Get-HotFix | ConvertTo-Json"
            }
        },
        // Get-ComputerInfo's OsHotFixes is null when trimmed or not collected.
        updates: Listing::WhenPresent,
        programs: Listing::Never,
    },
    InventoryFormat {
        id: "osquery-json",
        recognizes: osquery::recognizes,
        parse: osquery::parse,
        describe: |_| "osquery (JSON)",
        updates: Listing::WhenPresent,
        programs: Listing::WhenPresent,
    },
    InventoryFormat {
        id: "systeminfo",
        recognizes: systeminfo::recognizes,
        parse: systeminfo::parse,
        describe: |text| {
            if text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('"')
            {
                "systeminfo /fo csv"
            } else {
                "systeminfo"
            }
        },
        updates: Listing::Always,
        programs: Listing::Never,
    },
    InventoryFormat {
        id: "hotfix-list",
        recognizes: hotfix::recognizes,
        parse: hotfix::parse,
        describe: |text| {
            let start = text.trim_start_matches('\u{feff}').trim_start();
            let header = start.lines().next().unwrap_or_default();
            if start.starts_with("Node,") {
                "wmic qfe /format:csv"
            } else if start.starts_with("#TYPE") {
                "Get-HotFix | Export-Csv"
            } else if !header.contains(',') && !header.contains(';') {
                "wmic qfe"
            } else {
                "Get-HotFix | Export-Csv"
            }
        },
        updates: Listing::Always,
        programs: Listing::Never,
    },
];

/// The format of `text`, if PatchDesk knows it.
pub fn detect(text: &str) -> Option<&'static InventoryFormat> {
    FORMATS.iter().find(|format| (format.recognizes)(text))
}

/// What one file holds, read but not yet stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadInventory {
    pub format: &'static str,
    pub format_name: &'static str,
    pub encoding: &'static str,
    #[serde(skip)]
    pub parsed: Parsed,
    pub lists_updates: bool,
    pub lists_programs: bool,
}

/// Decodes, recognises and parses a whole file.
pub fn read(bytes: &[u8]) -> Result<ReadInventory, Problem> {
    let decoded = decode(bytes);
    read_text(&decoded.text, decoded.encoding)
}

/// Recognises and parses a whole file already decoded from `encoding`.
pub fn read_text(text: &str, encoding: &'static str) -> Result<ReadInventory, Problem> {
    let format = detect(text).ok_or_else(|| {
        Problem::general("this is not an inventory format PatchDesk knows (systeminfo, wmic qfe, Get-HotFix, Get-ComputerInfo, osquery, GLPI, PatchDesk collector)")
    })?;
    let parsed = (format.parse)(text)?;
    if parsed.machines.is_empty() {
        return Err(parsed
            .problems
            .first()
            .cloned()
            .unwrap_or_else(|| Problem::general("the file describes no machine")));
    }
    let lists = |listing: Listing, present: bool| match listing {
        Listing::Always => true,
        Listing::WhenPresent => present,
        Listing::Never => false,
    };
    let any_updates = parsed.machines.iter().any(|m| !m.updates.is_empty());
    let any_programs = parsed.machines.iter().any(|m| !m.programs.is_empty());
    Ok(ReadInventory {
        format: format.id,
        format_name: (format.describe)(text),
        encoding,
        lists_updates: lists(format.updates, any_updates),
        lists_programs: lists(format.programs, any_programs),
        parsed,
    })
}
