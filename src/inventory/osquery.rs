//! `osqueryi --json` results for one of the Windows tables `os_version`, `patches` or
//! `programs` (one file is one query's array; the table is told by the row's keys).
//!
//! osquery rows carry no computer name unless the query joined `system_info`, so `hostname`
//! (or `computer_name`) is read when present; `patches` rows also have `csname`.

use serde_json::{Map, Value};

use super::hotfix::installed_on::DateReader;
use super::hotfix::{add_update, machine_named};
use super::powershell_json::array_object_lines;
use super::{
    InstalledProgram, InstalledUpdate, MachineReport, OsBuild, Parsed, Problem, normalize_kb,
};

type Row = Map<String, Value>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Table {
    OsVersion,
    Patches,
    Programs,
}

impl Table {
    /// The table whose columns these are (`SELECT *` or a join that keeps them).
    fn of(has: impl Fn(&str) -> bool) -> Option<Table> {
        if has("hotfix_id") {
            Some(Table::Patches)
        } else if has("platform") && (has("major") || has("build")) {
            Some(Table::OsVersion)
        } else if has("publisher")
            && [
                "install_location",
                "uninstall_string",
                "identifying_number",
                "install_source",
            ]
            .iter()
            .any(|column| has(column))
        {
            Some(Table::Programs)
        } else {
            None
        }
    }

    /// The query to run so the result names its computer.
    fn query_with_hostname(self) -> &'static str {
        match self {
            Table::OsVersion => {
                "SELECT system_info.hostname, system_info.uuid, system_info.hardware_serial, \
                 os_version.* FROM system_info, os_version;"
            }
            Table::Patches => "SELECT system_info.hostname, patches.* FROM system_info, patches;",
            Table::Programs => {
                "SELECT system_info.hostname, programs.* FROM system_info, programs;"
            }
        }
    }
}

/// True for a JSON array of rows with the column names of one of the three tables. Only
/// names are looked for, so a result cut at 64 KB is still recognised.
pub fn recognizes(text: &str) -> bool {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let Some(rest) = trimmed.strip_prefix('[') else {
        return false;
    };
    if !rest.trim_start().starts_with('{') {
        return false;
    }
    // Column names are lower case; PowerShell's `HotFixID` or `Publisher` do not match.
    Table::of(|column| trimmed.contains(&format!("\"{column}\""))).is_some()
}

/// Reads one query's rows into one report per computer.
pub fn parse(text: &str) -> Result<Parsed, Problem> {
    let text = text.trim_start_matches('\u{feff}');
    let document: Value = serde_json::from_str(text)
        .map_err(|error| Problem::at(error.line(), format!("not valid JSON: {error}")))?;
    let Value::Array(items) = document else {
        return Err(Problem::general(
            "not an osquery result: osqueryi --json prints an array of rows",
        ));
    };
    let rows: Vec<&Row> = items.iter().filter_map(Value::as_object).collect();
    let table =
        Table::of(|column| rows.iter().any(|row| row.contains_key(column))).ok_or_else(|| {
            Problem::general(if rows.is_empty() {
                "the osquery result has no rows"
            } else {
                "the osquery result is not from os_version, patches or programs"
            })
        })?;

    let hostname_of = |row: &Row| {
        let mut names = ["hostname", "computer_name"].into_iter().chain(
            // The patches table has the name Windows gives itself.
            (table == Table::Patches).then_some("csname"),
        );
        names.find_map(|column| text_of(row, column))
    };
    if !rows.iter().any(|row| hostname_of(row).is_some()) {
        return Err(Problem::general(format!(
            "osquery results do not name their computer: run the query joined with \
             system_info, e.g. osqueryi --json \"{}\"",
            table.query_with_hostname()
        )));
    }

    let dates = DateReader::for_values(
        rows.iter()
            .filter_map(|row| row.get("installed_on")?.as_str()),
    );
    let lines = array_object_lines(text, None);
    let mut parsed = Parsed::default();
    for (index, row) in rows.iter().enumerate() {
        // osqueryi prints one row per line after the opening `[`.
        let line = lines.get(index).copied().unwrap_or(index + 2);
        let Some(hostname) = hostname_of(row) else {
            parsed
                .problems
                .push(Problem::at(line, "row without a hostname, skipped"));
            continue;
        };
        let machine = machine_named(&mut parsed.machines, &hostname);
        match table {
            Table::OsVersion => add_os_version(machine, row),
            Table::Patches => add_patch(machine, row, &dates, line, &mut parsed.problems),
            Table::Programs => add_program(machine, row, line, &mut parsed.problems),
        }
    }
    Ok(parsed)
}

/// `os_version`: `name` is the WMI caption, `version` is `major.minor.build`, and newer
/// osquery versions add the UBR as `revision`.
fn add_os_version(machine: &mut MachineReport, row: &Row) {
    let number = |column: &str| text_of(row, column).and_then(|text| text.parse::<u32>().ok());
    let revision = number("revision");
    let build = text_of(row, "version")
        .and_then(|version| version.parse::<OsBuild>().ok())
        .or_else(|| {
            Some(OsBuild::new(
                number("major")?,
                number("minor")?,
                number("build")?,
                None,
            ))
        });
    machine.os_build = build.map(|build| OsBuild {
        revision: build.revision.or(revision),
        ..build
    });
    machine.os_name = text_of(row, "name");
    machine.architecture = text_of(row, "arch");
    machine.smbios_uuid = text_of(row, "uuid");
    machine.serial_number = text_of(row, "hardware_serial");
}

fn add_patch(
    machine: &mut MachineReport,
    row: &Row,
    dates: &DateReader,
    line: usize,
    problems: &mut Vec<Problem>,
) {
    let hotfix_id = text_of(row, "hotfix_id").unwrap_or_default();
    let Some(kb) = normalize_kb(&hotfix_id) else {
        // GUID and `File 1` rows are component installs: not updates, nothing to say.
        if !(hotfix_id.starts_with('{') || hotfix_id.starts_with("File ")) {
            problems.push(Problem::at(
                line,
                format!("hotfix_id {hotfix_id:?} is not a KB number, row skipped"),
            ));
        }
        return;
    };
    let installed_on = dates
        .read(&text_of(row, "installed_on").unwrap_or_default())
        .unwrap_or_else(|reason| {
            problems.push(Problem::at(line, format!("{kb}: {reason}")));
            None
        });
    add_update(
        machine,
        InstalledUpdate {
            kb,
            installed_on,
            description: text_of(row, "description"),
        },
    );
}

fn add_program(machine: &mut MachineReport, row: &Row, line: usize, problems: &mut Vec<Problem>) {
    let Some(name) = text_of(row, "name") else {
        problems.push(Problem::at(line, "program without a name, skipped"));
        return;
    };
    machine.programs.push(InstalledProgram {
        name,
        version: text_of(row, "version"),
        publisher: text_of(row, "publisher"),
    });
}

/// A column as text: osqueryi prints every value as a string, but `--json` of newer
/// versions may print numbers for integer columns.
fn text_of(row: &Row, column: &str) -> Option<String> {
    match row.get(column)? {
        Value::String(text) => Some(text.trim().to_string()).filter(|text| !text.is_empty()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    // Shaped like `osqueryi --json` output (5.x, Windows): one row per line, keys sorted.
    const OS_VERSION_WITH_HOSTNAME: &str = r#"[
  {"arch":"64-bit","build":"19045","codename":"Microsoft Windows 10 Pro","hardware_serial":"5CG1234XYZ","hostname":"KEIRI-PC01","install_date":"1667260800","major":"10","minor":"0","name":"Microsoft Windows 10 Pro","patch":"","platform":"windows","platform_like":"windows","revision":"2486","uuid":"4C4C4544-0042-3510-8052-B4C04F4E3332","version":"10.0.19045"}
]
"#;

    const OS_VERSION_ALONE: &str = r#"[
  {"arch":"64-bit","build":"19045","codename":"Microsoft Windows 10 Pro","install_date":"1667260800","major":"10","minor":"0","name":"Microsoft Windows 10 Pro","patch":"","platform":"windows","platform_like":"windows","version":"10.0.19045"}
]
"#;

    const PATCHES: &str = r#"[
  {"caption":"http://support.microsoft.com/?kbid=5022282","csname":"KEIRI-PC01","description":"Security Update","fix_comments":"","hotfix_id":"KB5022282","install_date":"","installed_by":"NT AUTHORITY\\SYSTEM","installed_on":"1/11/2023"},
  {"caption":"http://support.microsoft.com/?kbid=5020372","csname":"KEIRI-PC01","description":"Update","fix_comments":"","hotfix_id":"KB5020372","install_date":"","installed_by":"NT AUTHORITY\\SYSTEM","installed_on":"12/14/2022"},
  {"caption":"","csname":"KEIRI-PC01","description":"","fix_comments":"","hotfix_id":"{7A068575-C5DB-43D9-BE20-3895D0C69B17}","install_date":"","installed_by":"","installed_on":""},
  {"caption":"","csname":"KEIRI-PC01","description":"Update","fix_comments":"","hotfix_id":"KB5012170","install_date":"","installed_by":"","installed_on":"tomorrow"}
]
"#;

    const PROGRAMS_WITH_HOSTNAME: &str = r#"[
  {"hostname":"SOUMU-PC02","identifying_number":"","install_date":"20231201","install_location":"C:\\Program Files\\7-Zip\\","install_source":"","language":"","name":"7-Zip 23.01 (x64)","publisher":"Igor Pavlov","uninstall_string":"\"C:\\Program Files\\7-Zip\\Uninstall.exe\"","version":"23.01"},
  {"hostname":"SOUMU-PC02","identifying_number":"{90160000-008C-0000-1000-0000000FF1CE}","install_date":"20231114","install_location":"","install_source":"","language":"1041","name":"Microsoft 365 Apps for enterprise - ja-jp","publisher":"Microsoft Corporation","uninstall_string":"","version":"16.0.17029.20108"},
  {"hostname":"SOUMU-PC02","identifying_number":"","install_date":"","install_location":"","install_source":"","language":"","name":"","publisher":"","uninstall_string":"","version":""}
]
"#;

    #[test]
    fn os_version_joined_with_system_info() {
        assert!(recognizes(OS_VERSION_WITH_HOSTNAME));
        let parsed = parse(OS_VERSION_WITH_HOSTNAME).unwrap();
        assert!(parsed.problems.is_empty());
        let machine = &parsed.machines[0];
        assert_eq!(machine.hostname, "KEIRI-PC01");
        assert_eq!(machine.os_name.as_deref(), Some("Microsoft Windows 10 Pro"));
        assert_eq!(
            machine.os_build,
            Some(OsBuild::new(10, 0, 19045, Some(2486)))
        );
        assert_eq!(machine.architecture.as_deref(), Some("64-bit"));
        assert_eq!(machine.serial_number.as_deref(), Some("5CG1234XYZ"));
        assert_eq!(
            machine.smbios_uuid.as_deref(),
            Some("4C4C4544-0042-3510-8052-B4C04F4E3332")
        );
    }

    #[test]
    fn os_version_without_hostname_explains_the_query_to_run() {
        assert!(recognizes(OS_VERSION_ALONE));
        let problem = parse(OS_VERSION_ALONE).unwrap_err();
        assert!(
            problem
                .message
                .contains("SELECT system_info.hostname, system_info.uuid, system_info.hardware_serial, os_version.* FROM system_info, os_version;"),
            "{problem}"
        );
        let programs = PROGRAMS_WITH_HOSTNAME.replace("\"hostname\":\"SOUMU-PC02\",", "");
        let problem = parse(&programs).unwrap_err();
        assert!(
            problem.message.contains("FROM system_info, programs;"),
            "{problem}"
        );
    }

    #[test]
    fn patches_use_csname_and_skip_component_rows() {
        assert!(recognizes(PATCHES));
        let parsed = parse(PATCHES).unwrap();
        let machine = &parsed.machines[0];
        assert_eq!(machine.hostname, "KEIRI-PC01");
        let kbs: Vec<_> = machine
            .updates
            .iter()
            .map(|u| (u.kb.as_str(), u.installed_on))
            .collect();
        assert_eq!(
            kbs,
            [
                ("KB5022282", NaiveDate::from_ymd_opt(2023, 1, 11)),
                ("KB5020372", NaiveDate::from_ymd_opt(2022, 12, 14)),
                ("KB5012170", None),
            ]
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].line, Some(5));
        assert!(parsed.problems[0].message.contains("tomorrow"));
    }

    #[test]
    fn programs_with_hostname() {
        assert!(recognizes(PROGRAMS_WITH_HOSTNAME));
        let parsed = parse(PROGRAMS_WITH_HOSTNAME).unwrap();
        let machine = &parsed.machines[0];
        assert_eq!(machine.hostname, "SOUMU-PC02");
        assert_eq!(machine.programs.len(), 2);
        assert_eq!(
            machine.programs[1].name,
            "Microsoft 365 Apps for enterprise - ja-jp"
        );
        assert_eq!(
            machine.programs[1].version.as_deref(),
            Some("16.0.17029.20108")
        );
        assert_eq!(
            machine.programs[0].publisher.as_deref(),
            Some("Igor Pavlov")
        );
        assert_eq!(
            parsed.problems,
            [Problem::at(4, "program without a name, skipped")]
        );
    }

    #[test]
    fn several_hosts_and_numbers_as_values() {
        let text = r#"[
  {"hostname":"PC-01","hotfix_id":"KB5022282","installed_on":"1/11/2023"},
  {"hostname":"PC-02","hotfix_id":5021233,"installed_on":""}
]"#;
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.machines.len(), 2);
        assert_eq!(parsed.machines[1].updates[0].kb, "KB5021233");
    }

    #[test]
    fn other_formats_are_not_claimed() {
        assert!(!recognizes("[]"));
        assert!(!recognizes(r#"[{"HotFixID":"KB1","CSName":"PC"}]"#));
        assert!(!recognizes(
            r#"{"schema":"patchdesk-inventory/1","programs":[{"name":"x","publisher":"y","install_location":""}]}"#
        ));
        assert!(!recognizes("Caption  CSName  HotFixID\r\n"));
        assert!(parse("[]").is_err());
        assert!(parse("{}").is_err());
        assert!(parse(r#"[{"name":"x"}]"#).is_err());
    }

    #[test]
    fn truncated_and_garbled_inputs_never_panic() {
        for text in [
            OS_VERSION_WITH_HOSTNAME,
            OS_VERSION_ALONE,
            PATCHES,
            PROGRAMS_WITH_HOSTNAME,
        ] {
            for (cut, _) in text.char_indices() {
                let _ = recognizes(&text[..cut]);
                let _ = parse(&text[..cut]);
                let _ = parse(&text[..cut].replace(':', ","));
            }
        }
    }
}
