//! `Get-HotFix | ConvertTo-Json` and `Get-ComputerInfo | ConvertTo-Json` from Windows
//! PowerShell 5.1 (and 7, which writes ISO dates instead of `\/Date(…)\/`).
//!
//! PowerShell 5.1 writes one object for one result and an array for several, dates as
//! `"\/Date(1551744000000)\/"` or `{"value": "\/Date(…)\/", "DateTime": "…"}`, enum values as
//! integers, and `null` for whatever it could not read; all of that is accepted.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use serde_json::{Map, Value};

use super::hotfix::installed_on::DateReader;
use super::hotfix::{add_update, machine_named};
use super::{InstalledUpdate, MachineReport, OsBuild, Parsed, Problem, normalize_kb};

type Object = Map<String, Value>;

/// Properties only `Get-ComputerInfo` has; two of them make the file one of its outputs.
const COMPUTER_INFO_KEYS: &[&str] = &[
    "WindowsProductName",
    "WindowsBuildLabEx",
    "WindowsEditionId",
    "WindowsInstallationType",
    "CsName",
    "CsDNSHostName",
    "OsName",
    "OsVersion",
    "OsHotFixes",
    "BiosSeralNumber",
];

/// Properties a `Win32_QuickFixEngineering` object has besides `HotFixID`.
const HOTFIX_KEYS: &[&str] = &[
    "InstalledOn",
    "CSName",
    "PSComputerName",
    "__CLASS",
    "Description",
];

/// True for a JSON document with `Get-HotFix` or `Get-ComputerInfo` property names. Works on
/// the first 64 KB: only names are looked for, the JSON does not need to be complete.
pub fn recognizes(text: &str) -> bool {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return false;
    }
    let has_key = |key: &str| trimmed.contains(&format!("\"{key}\""));
    let is_hotfix = has_key("HotFixID") && HOTFIX_KEYS.iter().any(|key| has_key(key));
    let computer_info_keys = COMPUTER_INFO_KEYS.iter().filter(|key| has_key(key)).count();
    is_hotfix || computer_info_keys >= 2
}

/// Reads the machines of a `Get-HotFix` (one or many computers) or `Get-ComputerInfo` file.
pub fn parse(text: &str) -> Result<Parsed, Problem> {
    let text = text.trim_start_matches('\u{feff}');
    let document: Value = serde_json::from_str(text)
        .map_err(|error| Problem::at(error.line(), format!("not valid JSON: {error}")))?;
    // Each object with the line it starts on, when the file is an array of them.
    let objects: Vec<(Place, &Object)> = match &document {
        Value::Object(object) => vec![(Place::Whole, object)],
        Value::Array(items) => {
            let lines = array_object_lines(text, None);
            items
                .iter()
                .filter_map(Value::as_object)
                .enumerate()
                .map(|(index, object)| {
                    let place = lines
                        .get(index)
                        .map_or(Place::Whole, |&line| Place::Line(line));
                    (place, object)
                })
                .collect()
        }
        _ => Vec::new(),
    };

    let mut parsed = Parsed::default();
    let hotfix_objects: Vec<(Place, &Object)> = objects
        .iter()
        .copied()
        .filter(|(_, object)| object.contains_key("HotFixID"))
        .collect();
    if !hotfix_objects.is_empty() {
        add_hotfixes(&hotfix_objects, &mut parsed);
    }
    for (_, object) in objects
        .iter()
        .filter(|(_, object)| is_computer_info(object))
    {
        parsed
            .machines
            .push(computer_info(object, &mut parsed.problems));
    }
    if parsed.machines.is_empty() {
        return Err(Problem::general(
            "the JSON holds no Get-HotFix or Get-ComputerInfo object PatchDesk can read",
        ));
    }
    if parsed
        .machines
        .iter()
        .any(|machine| machine.hostname.is_empty())
    {
        parsed.problems.push(Problem::general(
            "the JSON does not name its computer (CsName, CSName and PSComputerName are empty \
             or were left out by Select-Object): the machine's name must be given when importing it",
        ));
    }
    Ok(parsed)
}

fn is_computer_info(object: &Object) -> bool {
    COMPUTER_INFO_KEYS
        .iter()
        .filter(|key| object.contains_key(**key))
        .count()
        >= 2
}

/// `Get-HotFix` objects, one machine per computer name.
fn add_hotfixes(objects: &[(Place, &Object)], parsed: &mut Parsed) {
    let dates = DateReader::for_values(
        objects
            .iter()
            .filter_map(|(_, o)| o.get("InstalledOn")?.as_str()),
    );
    for &(place, object) in objects {
        let computer = ["PSComputerName", "CSName", "__SERVER"]
            .iter()
            .find_map(|key| text(object, key))
            .unwrap_or_default();
        if let Some(update) = update_from(object, &dates, place, &mut parsed.problems) {
            add_update(machine_named(&mut parsed.machines, &computer), update);
        }
    }
}

/// Where an object is, for problems about it.
#[derive(Clone, Copy)]
enum Place {
    /// A line of the file (objects of a top-level array).
    Line(usize),
    /// The n-th (0-based) entry of `OsHotFixes`.
    OsHotFix(usize),
    /// The file is this one object.
    Whole,
}

impl Place {
    fn problem(self, message: String) -> Problem {
        match self {
            Place::Line(line) => Problem::at(line, message),
            Place::OsHotFix(index) => {
                Problem::general(format!("OsHotFixes #{}: {message}", index + 1))
            }
            Place::Whole => Problem::general(message),
        }
    }
}

/// One `HotFixID`/`InstalledOn`/`Description` object (Get-HotFix, or `OsHotFixes` of
/// Get-ComputerInfo).
fn update_from(
    object: &Object,
    dates: &DateReader,
    place: Place,
    problems: &mut Vec<Problem>,
) -> Option<InstalledUpdate> {
    let hotfix_id = text(object, "HotFixID").unwrap_or_default();
    let Some(kb) = normalize_kb(&hotfix_id) else {
        // GUID and `File 1` entries are component installs, not updates: nothing to report.
        if !(hotfix_id.starts_with('{') || hotfix_id.starts_with("File ")) {
            problems.push(place.problem(format!(
                "HotFixID {hotfix_id:?} is not a KB number, skipped"
            )));
        }
        return None;
    };
    let installed_on = match object.get("InstalledOn") {
        None | Some(Value::Null) => None,
        Some(value) => installed_date(value, dates).unwrap_or_else(|| {
            problems.push(place.problem(format!(
                "{kb}: InstalledOn {value} is not a date PatchDesk can read"
            )));
            None
        }),
    };
    Some(InstalledUpdate {
        kb,
        installed_on,
        description: text(object, "Description"),
    })
}

/// A `Get-ComputerInfo` object.
fn computer_info(object: &Object, problems: &mut Vec<Problem>) -> MachineReport {
    let field = |keys: &[&str]| keys.iter().find_map(|key| text(object, key));
    let hotfixes: Vec<&Object> = object
        .get("OsHotFixes")
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default();
    let dates = DateReader::for_values(
        hotfixes
            .iter()
            .filter_map(|o| o.get("InstalledOn")?.as_str()),
    );
    let mut report = MachineReport {
        hostname: field(&["CsName", "CsDNSHostName"]).unwrap_or_default(),
        domain: field(&["CsDomain"]),
        serial_number: field(&["BiosSeralNumber", "BiosSerialNumber"]),
        os_name: field(&["OsName", "WindowsProductName"]),
        os_edition: field(&["WindowsEditionId"]),
        os_display_version: display_version(object),
        os_build: os_build(object),
        architecture: field(&["OsArchitecture", "CsSystemType"])
            .or_else(|| architecture_from_build_lab(object)),
        installation_type: field(&["WindowsInstallationType"])
            .or_else(|| installation_type_from_server_level(object)),
        registered_owner: field(&["WindowsRegisteredOwner"]),
        last_boot: object.get("OsLastBootUpTime").and_then(instant),
        ..MachineReport::default()
    };
    for (index, hotfix) in hotfixes.iter().enumerate() {
        if let Some(update) = update_from(hotfix, &dates, Place::OsHotFix(index), problems) {
            add_update(&mut report, update);
        }
    }
    report
}

/// `OSDisplayVersion` (20H2 and later), else `WindowsVersion` (the registry `ReleaseId`).
/// `ReleaseId` stayed `2009` from 20H2 on, so that value says nothing and is dropped.
fn display_version(object: &Object) -> Option<String> {
    text(object, "OSDisplayVersion")
        .or_else(|| text(object, "WindowsVersion").filter(|release| release != "2009"))
}

/// `OsVersion` (`10.0.17763`) when present, else the build from `OsBuildNumber` or
/// `WindowsBuildLabEx` (`17763.1.amd64fre…`); the UBR only from `WindowsUBR` (PowerShell 7).
/// `WindowsCurrentVersion` is not used: the registry keeps `6.3` there on Windows 10 and 11.
/// The `.1` of `WindowsBuildLabEx` is the build lab's revision, not the installed UBR.
fn os_build(object: &Object) -> Option<OsBuild> {
    let revision = text(object, "WindowsUBR").and_then(|ubr| ubr.parse().ok());
    if let Some(version) = text(object, "OsVersion").and_then(|v| v.parse::<OsBuild>().ok()) {
        return Some(OsBuild {
            revision: version.revision.or(revision),
            ..version
        });
    }
    let build: u32 = text(object, "OsBuildNumber")
        .or_else(|| {
            text(object, "WindowsBuildLabEx")
                .and_then(|lab| lab.split('.').next().map(str::to_string))
        })?
        .parse()
        .ok()?;
    let (major, minor) = nt_version_of_build(build)?;
    Some(OsBuild::new(major, minor, build, revision))
}

/// The NT version a build number belongs to (Vista 6.0 … 8.1 6.3, then 10.0 for Windows 10,
/// 11 and Server 2016 onwards).
pub(super) fn nt_version_of_build(build: u32) -> Option<(u32, u32)> {
    match build {
        6000..=6003 => Some((6, 0)),
        7600..=7601 => Some((6, 1)),
        9200 => Some((6, 2)),
        9600 => Some((6, 3)),
        10240.. => Some((10, 0)),
        _ => None,
    }
}

/// `amd64fre` in `WindowsBuildLabEx` when `OsArchitecture` was not read (trimmed output).
fn architecture_from_build_lab(object: &Object) -> Option<String> {
    let lab = text(object, "WindowsBuildLabEx")?.to_ascii_lowercase();
    let flavour = lab.split('.').nth(2)?;
    [("amd64", "AMD64"), ("arm64", "ARM64"), ("x86", "x86")]
        .iter()
        .find(|(prefix, _)| flavour.starts_with(prefix))
        .map(|(_, architecture)| architecture.to_string())
}

/// `OsServerLevel` is an enum PowerShell 5.1 writes as an integer: 2 and 3 are Server Core,
/// 4 the full server.
fn installation_type_from_server_level(object: &Object) -> Option<String> {
    match object.get("OsServerLevel")?.as_u64()? {
        2 | 3 => Some("Server Core".to_string()),
        4 => Some("Server".to_string()),
        _ => None,
    }
}

/// The 1-based line where each object of an array starts, in order, so a problem with the
/// n-th object can name its line (`serde_json` values keep no positions). `key: None` is the
/// top-level array (osquery, `Get-HotFix`); `Some(key)` the array under that key of the
/// top-level object (the collector's `updates`).
pub(super) fn array_object_lines(text: &str, key: Option<&str>) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut line = 1;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut string = String::new();
    let mut last_root_string = String::new();
    // The depth of the wanted array's items, while inside it.
    let mut items_depth: Option<usize> = None;
    for character in text.chars() {
        if character == '\n' {
            line += 1;
        }
        if in_string {
            match (escaped, character) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => {
                    in_string = false;
                    if depth == 1 {
                        last_root_string = std::mem::take(&mut string);
                    }
                }
                _ if depth == 1 => string.push(character),
                _ => {}
            }
            continue;
        }
        match character {
            '"' => {
                in_string = true;
                string.clear();
            }
            '[' | '{' => {
                if character == '{' && items_depth == Some(depth) {
                    lines.push(line);
                }
                let opens_wanted_array = character == '['
                    && match key {
                        None => depth == 0,
                        Some(key) => depth == 1 && last_root_string == key,
                    };
                depth += 1;
                if opens_wanted_array {
                    items_depth = Some(depth);
                }
            }
            ']' | '}' => {
                if character == ']' && items_depth == Some(depth) {
                    items_depth = None;
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    lines
}

/// A property as text: trimmed non-empty strings, and numbers (PowerShell writes some
/// properties, like `WindowsUBR`, as numbers).
fn text(object: &Object, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(text) => Some(text.trim().to_string()).filter(|text| !text.is_empty()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// A point in time: `\/Date(ms)\/` (UTC milliseconds, maybe with `+0200`), an ISO 8601
/// string, or PowerShell 5.1's `{"value": …, "DateTime": …}` wrapper.
fn instant(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::String(text) => {
            if let Some((utc, _)) = ms_date(text) {
                Some(utc)
            } else {
                DateTime::parse_from_rfc3339(text.trim())
                    .ok()
                    .map(|date| date.with_timezone(&Utc))
            }
        }
        Value::Object(wrapper) => wrapper.get("value").and_then(instant),
        _ => None,
    }
}

/// The day an update was installed. `InstalledOn` is a local midnight, but PowerShell 5.1
/// writes it as UTC milliseconds without the offset; the nearest midnight is the local day
/// for every offset from −11:59 to +12:00 (`1567807200000` = 2019-09-06 22:00 UTC is the
/// 7th in UTC+2).
fn installed_date(value: &Value, dates: &DateReader) -> Option<Option<NaiveDate>> {
    match value {
        Value::String(text) if text.trim().is_empty() => Some(None),
        Value::String(text) => {
            if let Some((utc, offset)) = ms_date(text) {
                let local_day = match offset {
                    Some(offset) => utc.with_timezone(&offset).date_naive(),
                    None => (utc + TimeDelta::hours(12)).date_naive(),
                };
                return Some(Some(local_day));
            }
            // ISO strings and the raw WMI `3/5/2019` carry the local day as written.
            dates.read(text).ok()
        }
        Value::Object(wrapper) => match wrapper.get("value") {
            Some(inner) if !inner.is_null() => installed_date(inner, dates),
            _ => wrapper
                .get("DateTime")
                .and_then(Value::as_str)
                .and_then(long_date),
        },
        Value::Null => Some(None),
        _ => None,
    }
}

/// `"Saturday, September 7, 2019 12:00:00 AM"`, the en-US long form PowerShell adds as
/// `DateTime`. Other cultures' long forms are not read.
fn long_date(text: &str) -> Option<Option<NaiveDate>> {
    let without_weekday = text.split_once(", ").map_or(text, |(_, rest)| rest);
    let date_words: Vec<&str> = without_weekday.split_whitespace().take(3).collect();
    NaiveDate::parse_from_str(&date_words.join(" "), "%B %d, %Y")
        .ok()
        .map(Some)
}

/// `/Date(1551744000000)/` or `/Date(1551744000000+0100)/` → UTC instant and offset.
fn ms_date(text: &str) -> Option<(DateTime<Utc>, Option<FixedOffset>)> {
    let inner = text
        .trim()
        .trim_matches(|c| c == '\\' || c == '/')
        .strip_prefix("Date(")?
        .strip_suffix(')')?;
    // A leading `-` is a date before 1970; only a later sign starts an offset.
    let sign_at = inner
        .char_indices()
        .skip(1)
        .find(|(_, c)| *c == '+' || *c == '-')
        .map(|(index, _)| index);
    let (milliseconds, offset) = match sign_at {
        Some(index) => inner.split_at(index),
        None => (inner, ""),
    };
    let utc = DateTime::from_timestamp_millis(milliseconds.parse().ok()?)?;
    let offset = if offset.len() == 5 {
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let hours: i32 = offset.get(1..3)?.parse().ok()?;
        let minutes: i32 = offset.get(3..5)?.parse().ok()?;
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
    } else {
        None
    };
    Some((utc, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/inventory/powershell"
    );

    fn fixture(name: &str) -> String {
        let path = format!("{FIXTURES}/{name}");
        std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
    }

    fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, month, day)
    }

    #[test]
    fn get_hotfix_single_object_fixture() {
        let text = fixture("get-hotfix_ps51_convertto-json_one_object.json");
        assert!(recognizes(&text));
        let parsed = parse(&text).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.machines.len(), 1);
        let machine = &parsed.machines[0];
        assert_eq!(machine.hostname, "PWSH-BD");
        assert_eq!(machine.updates.len(), 1);
        let update = &machine.updates[0];
        assert_eq!(update.kb, "KB4512578");
        assert_eq!(update.description.as_deref(), Some("Security Update"));
        // 1567807200000 ms = 2019-09-06 22:00 UTC: local midnight of the 7th (UTC+2).
        assert_eq!(update.installed_on, date(2019, 9, 7));
    }

    #[test]
    fn get_computerinfo_server_2019_fixture() {
        let text = fixture("get-computerinfo_ws2019_ps51_convertto-json.json");
        assert!(recognizes(&text));
        let parsed = parse(&text).unwrap();
        let machine = &parsed.machines[0];
        // The publisher's output has `"CsName": null`.
        assert_eq!(machine.hostname, "");
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.problems[0].message.contains("name must be given"));
        assert_eq!(
            machine.os_name.as_deref(),
            Some("Windows Server 2019 Standard")
        );
        assert_eq!(machine.os_edition.as_deref(), Some("ServerStandard"));
        assert_eq!(machine.os_display_version.as_deref(), Some("1809"));
        // Not 6.3 (`WindowsCurrentVersion`) and no revision (`17763.1` is the build lab's).
        assert_eq!(machine.os_build, Some(OsBuild::new(10, 0, 17763, None)));
        assert_eq!(machine.architecture.as_deref(), Some("AMD64"));
        assert_eq!(machine.installation_type.as_deref(), Some("Server"));
        assert_eq!(machine.registered_owner.as_deref(), Some("Windows User"));
        assert_eq!(machine.serial_number, None);
        assert!(machine.updates.is_empty());
    }

    const FULL_COMPUTER_INFO: &str = r#"{
    "WindowsBuildLabEx":  "19041.1.amd64fre.vb_release.191206-1406",
    "WindowsCurrentVersion":  "6.3",
    "WindowsEditionId":  "Professional",
    "WindowsInstallationType":  "Client",
    "WindowsProductName":  "Windows 10 Pro",
    "WindowsRegisteredOwner":  "総務部",
    "WindowsVersion":  "2009",
    "OSDisplayVersion":  "22H2",
    "BiosSeralNumber":  "5CG1234XYZ",
    "CsDNSHostName":  "keiri-pc01",
    "CsDomain":  "KAISHA.local",
    "CsName":  "KEIRI-PC01",
    "CsSystemType":  "x64-based PC",
    "OsName":  "Microsoft Windows 10 Pro",
    "OsVersion":  "10.0.19045",
    "OsBuildNumber":  "19045",
    "OsHotFixes":  [
                       {
                           "HotFixID":  "KB5022282",
                           "Description":  "Security Update",
                           "InstalledOn":  "1/11/2023",
                           "FixComments":  ""
                       },
                       {
                           "HotFixID":  "KB5012170",
                           "Description":  "Security Update",
                           "InstalledOn":  "8/13/2022",
                           "FixComments":  ""
                       }
                   ],
    "OsArchitecture":  "64 ビット",
    "OsLastBootUpTime":  "\/Date(1673395200000)\/",
    "OsServerLevel":  null
}"#;

    #[test]
    fn get_computerinfo_with_every_field() {
        assert!(recognizes(FULL_COMPUTER_INFO));
        let parsed = parse(FULL_COMPUTER_INFO).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let machine = &parsed.machines[0];
        assert_eq!(machine.hostname, "KEIRI-PC01");
        assert_eq!(machine.domain.as_deref(), Some("KAISHA.local"));
        assert_eq!(machine.serial_number.as_deref(), Some("5CG1234XYZ"));
        assert_eq!(machine.os_name.as_deref(), Some("Microsoft Windows 10 Pro"));
        assert_eq!(machine.os_display_version.as_deref(), Some("22H2"));
        assert_eq!(machine.os_build, Some(OsBuild::new(10, 0, 19045, None)));
        assert_eq!(machine.architecture.as_deref(), Some("64 ビット"));
        assert_eq!(machine.registered_owner.as_deref(), Some("総務部"));
        assert_eq!(
            machine.last_boot.map(|boot| boot.to_rfc3339()),
            Some("2023-01-11T00:00:00+00:00".to_string())
        );
        let kbs: Vec<_> = machine
            .updates
            .iter()
            .map(|u| (u.kb.as_str(), u.installed_on))
            .collect();
        assert_eq!(
            kbs,
            [
                ("KB5022282", date(2023, 1, 11)),
                ("KB5012170", date(2022, 8, 13))
            ]
        );
    }

    #[test]
    fn get_hotfix_array_from_several_computers_with_wrapped_dates() {
        let text = r#"[
    {
        "InstalledOn":  {
                            "value":  "\/Date(1673395200000)\/",
                            "DateTime":  "Wednesday, January 11, 2023 12:00:00 AM"
                        },
        "PSComputerName":  "PC-01",
        "CSName":  "PC-01",
        "Description":  "Security Update",
        "HotFixID":  "KB5022282"
    },
    {
        "InstalledOn":  { "DateTime":  "Wednesday, December 14, 2022 12:00:00 AM" },
        "PSComputerName":  "PC-02",
        "CSName":  "PC-02",
        "Description":  "Security Update",
        "HotFixID":  "KB5021233"
    },
    {
        "InstalledOn":  "\/Date(1670943600000+0900)\/",
        "PSComputerName":  "pc-01",
        "CSName":  "PC-01",
        "Description":  "Update",
        "HotFixID":  "KB5020372"
    },
    {
        "InstalledOn":  "2022-11-09T00:00:00+09:00",
        "PSComputerName":  "PC-02",
        "HotFixID":  "{7A068575-C5DB-43D9-BE20-3895D0C69B17}"
    }
]"#;
        assert!(recognizes(text));
        let parsed = parse(text).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.machines.len(), 2);
        let pc1 = &parsed.machines[0];
        assert_eq!(pc1.hostname, "PC-01");
        assert_eq!(pc1.updates[0].installed_on, date(2023, 1, 11));
        // 1670943600000 = 2022-12-13 15:00 UTC = 2022-12-14 00:00 at +09:00.
        assert_eq!(
            (pc1.updates[1].kb.as_str(), pc1.updates[1].installed_on),
            ("KB5020372", date(2022, 12, 14))
        );
        let pc2 = &parsed.machines[1];
        assert_eq!(pc2.updates.len(), 1);
        assert_eq!(pc2.updates[0].installed_on, date(2022, 12, 14));
    }

    #[test]
    fn problems_in_an_array_name_the_object_line() {
        let text = "[\n  {\"HotFixID\": \"KB5022282\", \"CSName\": \"PC\", \"InstalledOn\": \"x\"},\n  {\n    \"HotFixID\": \"Q12\", \"CSName\": \"PC\"\n  }\n]";
        let parsed = parse(text).unwrap();
        let lines: Vec<_> = parsed.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(3)]);
        assert_eq!(array_object_lines("[{\"a\": \"[{\"}, {}]\n", None), [1, 1]);
        assert_eq!(
            array_object_lines("{\"a\": [{}]}", None),
            Vec::<usize>::new()
        );
        let nested = "{\n\"os\": {\"b\": [{}]},\n\"a\": [\n{}, \"a\",\n{\"a\": [{}]}\n]}";
        assert_eq!(array_object_lines(nested, Some("a")), [4, 5]);
        assert_eq!(array_object_lines(nested, Some("b")), Vec::<usize>::new());
    }

    #[test]
    fn ms_dates_read_offsets_and_negative_values() {
        let (utc, offset) = ms_date("/Date(1551744000000)/").unwrap();
        assert_eq!(utc.to_rfc3339(), "2019-03-05T00:00:00+00:00");
        assert_eq!(offset, None);
        let (_, offset) = ms_date("\\/Date(1551744000000-0500)\\/").unwrap();
        assert_eq!(offset, FixedOffset::west_opt(5 * 3600));
        assert!(ms_date("/Date(-86400000)/").is_some());
        assert!(ms_date("/Date(soon)/").is_none());
        assert!(ms_date("/Date(99999999999999999999)/").is_none());
    }

    #[test]
    fn other_formats_are_not_claimed() {
        assert!(!recognizes(
            "[{\"hotfix_id\":\"KB5022282\",\"csname\":\"PC\"}]"
        ));
        assert!(!recognizes(
            "{\"schema\": \"patchdesk-inventory/1\", \"updates\": [{\"kb\": \"KB1\"}]}"
        ));
        assert!(!recognizes(
            "\"PSComputerName\",\"HotFixID\",\"InstalledOn\""
        ));
        assert!(!recognizes("<REQUEST><HotFixID/></REQUEST>"));
    }

    #[test]
    fn unusable_json_is_an_error() {
        assert!(parse("").is_err());
        assert!(parse("[]").is_err());
        assert!(parse("{\"Name\": \"x\"}").is_err());
        let problem = parse("{\n\"HotFixID\": ").unwrap_err();
        assert_eq!(problem.line, Some(2));
    }

    #[test]
    fn truncated_and_garbled_inputs_never_panic() {
        let texts = [
            fixture("get-hotfix_ps51_convertto-json_one_object.json"),
            fixture("get-computerinfo_ws2019_ps51_convertto-json.json"),
            FULL_COMPUTER_INFO.to_string(),
        ];
        for text in &texts {
            for (cut, _) in text.char_indices() {
                let _ = recognizes(&text[..cut]);
                let _ = parse(&text[..cut]);
                let garbled = text[..cut].replace('"', "").replace("\\/", "/");
                let _ = parse(&garbled);
            }
        }
        // Wrong types where strings are expected.
        let odd = r#"{"HotFixID": 5022282, "InstalledOn": [1], "CSName": {"a": 1}}"#;
        let parsed = parse(odd).unwrap();
        assert_eq!(parsed.machines[0].updates[0].kb, "KB5022282");
        assert!(!parsed.problems.is_empty());
    }
}
