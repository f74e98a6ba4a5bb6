//! PatchDesk's own collector output (`assets/collector/Collect-PatchDeskInventory.ps1`): one
//! UTF-8 JSON object per machine, `"schema": "patchdesk-inventory/1"` first.
//!
//! It is the only agentless source with the full build (`10.0.22631.2861`, the UBR from the
//! registry), the pending-reboot flags and the Windows Update service state. The fields are
//! described in `assets/collector/README.md`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::hotfix::add_update;
use super::powershell_json::{array_object_lines, nt_version_of_build};
use super::{
    InstalledProgram, InstalledUpdate, MachineReport, OsBuild, Parsed, Problem, normalize_kb,
};

const SCHEMA_PREFIX: &str = "patchdesk-inventory/";
const SCHEMA_VERSION: u32 = 1;

/// The file as the collector writes it. Every field is optional: a section the collector
/// could not read is `null`, with a line in `warnings`.
#[derive(Debug, Deserialize)]
struct CollectorFile {
    schema: String,
    hostname: Option<String>,
    domain: Option<String>,
    serial_number: Option<String>,
    smbios_uuid: Option<String>,
    registered_owner: Option<String>,
    os: Option<OsSection>,
    /// Lists are read entry by entry (see [`entries`]) so one odd entry is one problem.
    updates: Option<Value>,
    programs: Option<Value>,
    system_drive_free_bytes: Option<NumberOrText>,
    last_boot: Option<String>,
    pending_reboot: Option<bool>,
    windows_update_service: Option<ServiceSection>,
    collected_at: Option<String>,
    warnings: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct OsSection {
    /// `Win32_OperatingSystem.Caption`: says "Windows 11" where the registry does not.
    caption: Option<String>,
    /// Registry `ProductName`, still "Windows 10 …" on Windows 11.
    product_name: Option<String>,
    edition_id: Option<String>,
    display_version: Option<String>,
    /// `Win32_OperatingSystem.Version`, `10.0.22631`.
    version: Option<String>,
    current_build: Option<NumberOrText>,
    ubr: Option<NumberOrText>,
    /// `OSArchitecture`, localised ("64 ビット").
    architecture: Option<String>,
    /// `PROCESSOR_ARCHITECTURE` of the OS: `AMD64`, `ARM64`, `x86`, never localised.
    processor_architecture: Option<String>,
    installation_type: Option<String>,
}

#[derive(Debug, Deserialize)]
struct UpdateEntry {
    kb: Option<String>,
    /// `yyyy-MM-dd`, the machine's local day.
    installed_on: Option<String>,
    // `source` (`Get-HotFix` or `WindowsUpdateHistory`) is not read: both mean installed.
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ProgramEntry {
    name: Option<String>,
    version: Option<NumberOrText>,
    publisher: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ServiceSection {
    /// `Win32_Service.State`: `Running`, `Stopped`…
    status: Option<String>,
    /// `Win32_Service.StartMode`: `Auto`, `Manual`, `Disabled`.
    start_type: Option<String>,
}

/// Registry values come out as numbers or strings depending on their type.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum NumberOrText {
    Number(u64),
    Text(String),
}

impl NumberOrText {
    fn text(&self) -> String {
        match self {
            NumberOrText::Number(number) => number.to_string(),
            NumberOrText::Text(text) => text.trim().to_string(),
        }
    }

    fn number<N: TryFrom<u64>>(&self) -> Option<N> {
        let number = match self {
            NumberOrText::Number(number) => *number,
            NumberOrText::Text(text) => text.trim().parse().ok()?,
        };
        N::try_from(number).ok()
    }
}

/// Exact: the collector writes `schema` first, so the opening of the file decides.
pub fn recognizes(text: &str) -> bool {
    schema_value_start(text).is_some_and(|value| value.starts_with(SCHEMA_PREFIX))
}

/// The text just after `{ "schema": "`, when the file opens that way.
fn schema_value_start(text: &str) -> Option<&str> {
    let rest = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .strip_prefix('{')?;
    let rest = rest.trim_start().strip_prefix("\"schema\"")?;
    let rest = rest.trim_start().strip_prefix(':')?;
    rest.trim_start().strip_prefix('"')
}

pub fn parse(text: &str) -> Result<Parsed, Problem> {
    let text = text.trim_start_matches('\u{feff}');
    let file: CollectorFile = serde_json::from_str(text).map_err(|error| {
        Problem::at(
            error.line(),
            format!("not a readable PatchDesk collector file: {error}"),
        )
    })?;
    check_schema(&file.schema)?;

    let mut problems = Vec::new();
    let warnings: Vec<(Option<usize>, String)> =
        entries(file.warnings, "warnings", &[], &mut problems);
    for (_, warning) in warnings {
        problems.push(Problem::general(format!(
            "the collector could not read {warning}"
        )));
    }
    let update_lines = array_object_lines(text, Some("updates"));
    let updates: Vec<(Option<usize>, UpdateEntry)> =
        entries(file.updates, "updates", &update_lines, &mut problems);
    let program_lines = array_object_lines(text, Some("programs"));
    let programs: Vec<(Option<usize>, ProgramEntry)> =
        entries(file.programs, "programs", &program_lines, &mut problems);

    let os = file.os;
    let mut report = MachineReport {
        hostname: clean(file.hostname).unwrap_or_default(),
        domain: clean(file.domain),
        serial_number: clean(file.serial_number),
        smbios_uuid: clean(file.smbios_uuid),
        registered_owner: clean(file.registered_owner),
        system_drive_free_bytes: file.system_drive_free_bytes.and_then(|n| n.number()),
        last_boot: instant(file.last_boot, "last_boot", &mut problems),
        collected_at: instant(file.collected_at, "collected_at", &mut problems),
        pending_reboot: file.pending_reboot,
        update_service_state: file.windows_update_service.and_then(service_state),
        ..MachineReport::default()
    };
    if let Some(os) = os {
        add_os(&mut report, os);
    }
    for (line, entry) in updates {
        read_update(&mut report, entry, line, &mut problems);
    }
    for (line, entry) in programs {
        let Some(name) = clean(entry.name) else {
            problems.push(at_line(line, "program without a name, skipped"));
            continue;
        };
        report.programs.push(InstalledProgram {
            name,
            version: entry
                .version
                .map(|version| version.text())
                .filter(|v| !v.is_empty()),
            publisher: clean(entry.publisher),
        });
    }
    if report.hostname.is_empty() {
        problems.push(Problem::general(
            "the collector file has no hostname: the machine's name must be given when importing it",
        ));
    }
    Ok(Parsed {
        machines: vec![report],
        problems,
    })
}

/// The entries of a list field with the line each starts on (`lines` are the object lines
/// of that list). PowerShell 5.1 turns a one-element array into a bare value unless told
/// otherwise; the collector guards against it, a file edited by hand may not.
fn entries<T: DeserializeOwned>(
    value: Option<Value>,
    field: &str,
    lines: &[usize],
    problems: &mut Vec<Problem>,
) -> Vec<(Option<usize>, T)> {
    let items = match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(single) => vec![single],
    };
    let mut objects_seen = 0;
    let mut read = Vec::new();
    for item in items {
        let line = if item.is_object() {
            objects_seen += 1;
            lines.get(objects_seen - 1).copied()
        } else {
            None
        };
        match serde_json::from_value::<T>(item) {
            Ok(entry) => read.push((line, entry)),
            Err(error) => problems.push(at_line(
                line,
                format!("unreadable entry in {field}: {error}"),
            )),
        }
    }
    read
}

/// Version 1 is read; a later one was written by a newer collector whose fields may mean
/// something else, so it is refused rather than half-read.
fn check_schema(schema: &str) -> Result<(), Problem> {
    let version = schema.strip_prefix(SCHEMA_PREFIX).ok_or_else(|| {
        Problem::general(format!(
            "not a PatchDesk collector file (schema {schema:?})"
        ))
    })?;
    match version.parse::<u32>() {
        Ok(SCHEMA_VERSION) => Ok(()),
        Ok(newer) if newer > SCHEMA_VERSION => Err(Problem::general(format!(
            "this file was written by a newer PatchDesk collector (schema {schema}); update PatchDesk to read it"
        ))),
        _ => Err(Problem::general(format!(
            "unknown collector schema {schema:?}"
        ))),
    }
}

fn add_os(report: &mut MachineReport, os: OsSection) {
    let build: Option<u32> = os.current_build.as_ref().and_then(NumberOrText::number);
    let revision: Option<u32> = os.ubr.as_ref().and_then(NumberOrText::number);
    let version = os
        .version
        .as_deref()
        .and_then(|v| v.parse::<OsBuild>().ok());
    report.os_build = match (version, build) {
        (Some(version), build) => Some(OsBuild {
            build: build.unwrap_or(version.build),
            revision: revision.or(version.revision),
            ..version
        }),
        (None, Some(build)) => nt_version_of_build(build)
            .map(|(major, minor)| OsBuild::new(major, minor, build, revision)),
        (None, None) => None,
    };
    report.os_name = clean(os.caption)
        .or_else(|| clean(os.product_name).map(|name| windows_11_product_name(name, build)));
    report.os_edition = clean(os.edition_id);
    report.os_display_version = clean(os.display_version);
    report.architecture = clean(os.processor_architecture).or_else(|| clean(os.architecture));
    report.installation_type = clean(os.installation_type);
}

/// Microsoft never changed `ProductName` for Windows 11: builds from 22000 say "Windows 10".
fn windows_11_product_name(name: String, build: Option<u32>) -> String {
    match build {
        Some(build) if build >= 22000 && name.contains("Windows 10") => {
            name.replacen("Windows 10", "Windows 11", 1)
        }
        _ => name,
    }
}

/// Adds one update; the same KB from `Get-HotFix` and the update history is kept once.
fn read_update(
    report: &mut MachineReport,
    entry: UpdateEntry,
    line: Option<usize>,
    problems: &mut Vec<Problem>,
) {
    let raw_kb = entry.kb.unwrap_or_default();
    let Some(kb) = normalize_kb(&raw_kb) else {
        problems.push(at_line(
            line,
            format!("update {raw_kb:?} is not a KB number, skipped"),
        ));
        return;
    };
    let installed_on = clean(entry.installed_on).and_then(|date| {
        let parsed = NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok();
        if parsed.is_none() {
            problems.push(at_line(
                line,
                format!("{kb}: installed_on {date:?} is not a yyyy-MM-dd date"),
            ));
        }
        parsed
    });
    add_update(
        report,
        InstalledUpdate {
            kb,
            installed_on,
            description: clean(entry.description),
        },
    );
}

/// "Disabled" when the service cannot start at all, else its state ("Running", "Stopped").
fn service_state(service: ServiceSection) -> Option<String> {
    let start_type = clean(service.start_type);
    if start_type
        .as_deref()
        .is_some_and(|start| start.eq_ignore_ascii_case("Disabled"))
    {
        return Some("Disabled".to_string());
    }
    clean(service.status)
}

fn instant(
    text: Option<String>,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Option<DateTime<Utc>> {
    let text = clean(text)?;
    match DateTime::parse_from_rfc3339(&text) {
        Ok(time) => Some(time.with_timezone(&Utc)),
        Err(_) => {
            problems.push(Problem::general(format!(
                "{field} {text:?} is not an ISO 8601 time"
            )));
            None
        }
    }
}

fn clean(text: Option<String>) -> Option<String> {
    text.map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
}

fn at_line(line: Option<usize>, message: impl Into<String>) -> Problem {
    match line {
        Some(line) => Problem::at(line, message),
        None => Problem::general(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/inventory/collector/SOUMU-PC02-20260105-093000.json"
    );

    fn sample() -> String {
        std::fs::read_to_string(SAMPLE).expect("collector sample")
    }

    fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, month, day)
    }

    #[test]
    fn sample_windows_11_23h2_machine() {
        let text = sample();
        assert!(recognizes(&text));
        let parsed = parse(&text).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.machines.len(), 1);
        let machine = &parsed.machines[0];
        assert_eq!(machine.hostname, "SOUMU-PC02");
        assert_eq!(machine.domain.as_deref(), Some("kaisha.local"));
        assert_eq!(machine.serial_number.as_deref(), Some("JPH3281KQ7"));
        assert_eq!(
            machine.smbios_uuid.as_deref(),
            Some("6F3A9C12-4B7E-11EE-9A3D-5CFB3A2E41D7")
        );
        assert_eq!(machine.registered_owner.as_deref(), Some("総務部"));
        assert_eq!(machine.os_name.as_deref(), Some("Microsoft Windows 11 Pro"));
        assert_eq!(machine.os_edition.as_deref(), Some("Professional"));
        assert_eq!(machine.os_display_version.as_deref(), Some("23H2"));
        assert_eq!(
            machine.os_build,
            Some(OsBuild::new(10, 0, 22631, Some(2861)))
        );
        assert_eq!(
            machine.os_build.map(|b| b.to_string()).as_deref(),
            Some("10.0.22631.2861")
        );
        assert_eq!(machine.architecture.as_deref(), Some("AMD64"));
        assert_eq!(machine.installation_type.as_deref(), Some("Client"));
        assert_eq!(machine.system_drive_free_bytes, Some(48_203_358_208));
        assert_eq!(machine.pending_reboot, Some(false));
        assert_eq!(machine.update_service_state.as_deref(), Some("Disabled"));
        assert_eq!(
            machine.last_boot.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-01-04T23:41:12.500+00:00")
        );
        assert_eq!(
            machine.collected_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-01-05T00:30:00.187+00:00")
        );

        let kbs: Vec<&str> = machine.updates.iter().map(|u| u.kb.as_str()).collect();
        assert_eq!(
            kbs,
            [
                "KB5027397",
                "KB5033375",
                "KB5012170",
                "KB2267602",
                "KB4052623",
                "KB890830",
                "KB5032190"
            ]
        );
        // From Get-HotFix first; the history's copy of KB5033375 is merged into it.
        let cumulative = &machine.updates[1];
        assert_eq!(cumulative.installed_on, date(2023, 12, 13));
        assert_eq!(cumulative.description.as_deref(), Some("Security Update"));
        let november = machine.updates.last().unwrap();
        assert_eq!(november.installed_on, date(2023, 11, 15));
        assert!(
            november
                .description
                .as_deref()
                .unwrap()
                .contains("累積更新プログラム (KB5032190)")
        );

        assert_eq!(machine.programs.len(), 10);
        let office = &machine.programs[0];
        assert_eq!(office.name, "Microsoft 365 Apps for enterprise - ja-jp");
        assert_eq!(office.version.as_deref(), Some("16.0.17029.20108"));
        assert_eq!(office.publisher.as_deref(), Some("Microsoft Corporation"));
        assert!(
            machine
                .programs
                .iter()
                .any(|p| p.name == "弥生会計 24" && p.publisher.as_deref() == Some("弥生株式会社"))
        );
    }

    #[test]
    fn only_our_schema_is_recognised() {
        assert!(recognizes(
            "\u{feff}{\r\n    \"schema\":  \"patchdesk-inventory/1\",\r\n"
        ));
        assert!(!recognizes(
            "{\"hostname\": \"PC\", \"schema\": \"patchdesk-inventory/1\"}"
        ));
        assert!(!recognizes("{\"schema\": \"other/1\"}"));
        assert!(!recognizes("[{\"schema\": \"patchdesk-inventory/1\"}]"));
        assert!(!recognizes(
            "{\"HotFixID\": \"KB5022282\", \"CSName\": \"PC\"}"
        ));
    }

    #[test]
    fn newer_or_unknown_schemas_are_refused() {
        let newer = parse(r#"{"schema": "patchdesk-inventory/2", "hostname": "PC"}"#).unwrap_err();
        assert!(
            newer.message.contains("newer PatchDesk collector"),
            "{newer}"
        );
        assert!(parse(r#"{"schema": "patchdesk-inventory/beta", "hostname": "PC"}"#).is_err());
        assert!(parse(r#"{"schema": "someone-else/1"}"#).is_err());
        assert!(parse("").is_err());
        let broken = parse("{\n\"schema\": \"patchdesk-inventory/1\",\n\"os\": [\n}").unwrap_err();
        assert_eq!(broken.line, Some(4));
        let odd =
            parse("{\"schema\": \"patchdesk-inventory/1\", \"hostname\": \"PC\", \"updates\": 12}")
                .unwrap();
        assert_eq!(odd.problems.len(), 1);
        assert!(
            odd.problems[0]
                .message
                .contains("unreadable entry in updates")
        );
    }

    #[test]
    fn failed_sections_and_bad_rows_become_problems() {
        let text = r#"{
    "schema":  "patchdesk-inventory/1",
    "hostname":  "KEIRI-PC01",
    "os":  {
               "product_name":  "Windows 10 Pro",
               "current_build":  "22621",
               "ubr":  "3007"
           },
    "updates":  [
                    {
                        "kb":  "KB5034765",
                        "installed_on":  "2024-02-14",
                        "source":  "Get-HotFix"
                    },
                    {
                        "kb":  "{7A068575-C5DB-43D9-BE20-3895D0C69B17}",
                        "installed_on":  null
                    },
                    {
                        "kb":  "KB5034467",
                        "installed_on":  "14.02.2024"
                    }
                ],
    "programs":  {
                     "name":  "7-Zip 23.01 (x64)",
                     "version":  "23.01",
                     "publisher":  "Igor Pavlov"
                 },
    "windows_update_service":  null,
    "warnings":  [
                     "WindowsUpdateHistory: Exception from HRESULT: 0x80240438"
                 ]
}"#;
        let parsed = parse(text).unwrap();
        let machine = &parsed.machines[0];
        assert_eq!(machine.os_name.as_deref(), Some("Windows 11 Pro"));
        assert_eq!(
            machine.os_build.map(|b| b.to_string()).as_deref(),
            Some("10.0.22621.3007")
        );
        assert_eq!(machine.updates.len(), 2);
        assert_eq!(machine.updates[1].installed_on, None);
        assert_eq!(machine.programs.len(), 1);
        assert_eq!(machine.update_service_state, None);
        let lines: Vec<Option<usize>> = parsed.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [None, Some(15), Some(19)]);
        assert!(parsed.problems[0].message.contains("0x80240438"));
        assert!(parsed.problems[1].message.contains("{7A068575"));
        assert!(parsed.problems[2].message.contains("14.02.2024"));
    }

    #[test]
    fn truncated_and_garbled_inputs_never_panic() {
        let text = sample();
        let step = (text.len() / 400).max(1);
        for (cut, _) in text
            .char_indices()
            .filter(|(index, _)| index % step == 0 || *index < 200)
        {
            let _ = recognizes(&text[..cut]);
            let _ = parse(&text[..cut]);
            let _ = parse(&text[..cut].replace("\"kb\"", "\"kb\": null, \"x\""));
            let _ = parse(&format!("{}}}", &text[..cut]));
        }
    }
}
