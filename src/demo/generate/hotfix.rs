//! `Get-HotFix | Export-Csv` in Windows PowerShell 5.1: the `#TYPE` line, every property of
//! `Win32_QuickFixEngineering`, dates in the culture's format, and `;` where
//! `-UseCulture` takes the European list separator.

use chrono::NaiveDate;

use super::office::{DemoMachine, Locale, UpdateKind};

const TYPE_LINE: &str =
    "#TYPE System.Management.ManagementObject#root\\cimv2\\Win32_QuickFixEngineering";

const COLUMNS: [&str; 31] = [
    "PSComputerName",
    "InstalledOn",
    "__GENUS",
    "__CLASS",
    "__SUPERCLASS",
    "__DYNASTY",
    "__RELPATH",
    "__PROPERTY_COUNT",
    "__DERIVATION",
    "__SERVER",
    "__NAMESPACE",
    "__PATH",
    "Caption",
    "CSName",
    "Description",
    "FixComments",
    "HotFixID",
    "InstallDate",
    "InstalledBy",
    "Name",
    "ServicePackInEffect",
    "Status",
    "Scope",
    "Path",
    "Options",
    "ClassPath",
    "Properties",
    "SystemProperties",
    "Qualifiers",
    "Site",
    "Container",
];

/// The file, in ASCII as `Export-Csv` writes by default (other characters become `?`).
pub fn export_csv(machine: &DemoMachine) -> String {
    let (delimiter, installed_by) = match machine.locale() {
        Locale::Japanese | Locale::English => (",", "NT AUTHORITY\\SYSTEM"),
        Locale::German => (";", "NT-AUTORITÄT\\SYSTEM"),
        Locale::French => (";", "AUTORITE NT\\Système"),
    };
    let mut text = String::with_capacity(8192);
    text.push_str(TYPE_LINE);
    text.push_str("\r\n");
    let header: Vec<String> = COLUMNS.iter().map(|c| format!("\"{c}\"")).collect();
    text.push_str(&header.join(delimiter));
    text.push_str("\r\n");

    let host = machine.hostname.as_str();
    for update in machine.hotfixes() {
        let kb = update.kb;
        let number = kb.trim_start_matches("KB");
        let relative_path =
            format!("Win32_QuickFixEngineering.HotFixID=\"{kb}\",ServicePackInEffect=\"\"");
        let path = format!("\\\\{host}\\root\\cimv2:{relative_path}");
        let (caption, description) = match update.kind {
            UpdateKind::DotNet => (
                format!("http://support.microsoft.com/?kbid={number}"),
                "Update",
            ),
            _ => (
                format!("https://support.microsoft.com/help/{number}"),
                "Security Update",
            ),
        };
        let cells: [Option<String>; 31] = [
            Some(host.to_owned()),
            Some(installed_on(update.installed_on, machine.locale())),
            Some("2".to_owned()),
            Some("Win32_QuickFixEngineering".to_owned()),
            Some("CIM_LogicalElement".to_owned()),
            Some("CIM_ManagedSystemElement".to_owned()),
            Some(relative_path),
            Some("11".to_owned()),
            Some("System.String[]".to_owned()),
            Some(host.to_owned()),
            Some("root\\cimv2".to_owned()),
            Some(path.clone()),
            Some(caption),
            Some(host.to_owned()),
            Some(description.to_owned()),
            Some(String::new()),
            Some(kb.to_owned()),
            None,
            Some(installed_by.to_owned()),
            None,
            Some(String::new()),
            None,
            Some("System.Management.ManagementScope".to_owned()),
            Some(path),
            Some("System.Management.ObjectGetOptions".to_owned()),
            Some(format!("\\\\{host}\\root\\cimv2:Win32_QuickFixEngineering")),
            Some("System.Management.PropertyDataCollection".to_owned()),
            Some("System.Management.PropertyDataCollection".to_owned()),
            Some("System.Management.QualifierDataCollection".to_owned()),
            None,
            None,
        ];
        let row: Vec<String> = cells
            .iter()
            .map(|cell| match cell {
                Some(value) => format!("\"{}\"", value.replace('"', "\"\"")),
                None => String::new(),
            })
            .collect();
        text.push_str(&row.join(delimiter));
        text.push_str("\r\n");
    }
    text
}

/// A `DateTime` at midnight as `ToString()` prints it in the culture.
fn installed_on(date: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::English => format!("{} 12:00:00 AM", date.format("%-m/%-d/%Y")),
        Locale::Japanese => format!("{} 0:00:00", date.format("%Y/%m/%d")),
        Locale::German => format!("{} 00:00:00", date.format("%d.%m.%Y")),
        Locale::French => format!("{} 00:00:00", date.format("%d/%m/%Y")),
    }
}
