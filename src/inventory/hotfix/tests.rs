use chrono::NaiveDate;

use super::{parse, recognizes};
use crate::inventory::{MachineReport, Parsed};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/inventory");

fn fixture_bytes(path: &str) -> Vec<u8> {
    let path = format!("{FIXTURES}/{path}");
    std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// `wmic` writes UTF-16LE with a BOM; `inventory::decode` does this for real imports.
fn utf16_fixture(path: &str) -> String {
    let bytes = fixture_bytes(path);
    let body = bytes.strip_prefix(&[0xFF, 0xFE]).expect("UTF-16LE BOM");
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16(&units).expect("valid UTF-16")
}

fn utf8_fixture(path: &str) -> String {
    String::from_utf8(fixture_bytes(path)).expect("UTF-8 fixture")
}

fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn only_machine(parsed: &Parsed) -> &MachineReport {
    assert_eq!(parsed.machines.len(), 1, "{parsed:?}");
    &parsed.machines[0]
}

fn kbs(machine: &MachineReport) -> Vec<&str> {
    machine.updates.iter().map(|u| u.kb.as_str()).collect()
}

#[test]
fn wmic_qfe_without_computer_column_asks_for_the_name() {
    let text = utf16_fixture("wmic-qfe/10_1803_x64_proforworkstations_en-us_A_20190305_qfe.txt");
    assert!(recognizes(&text));
    let parsed = parse(&text).unwrap();
    let machine = only_machine(&parsed);
    assert_eq!(machine.hostname, "");
    assert_eq!(
        kbs(machine),
        ["KB4462930", "KB4485449", "KB4487038", "KB4487017"]
    );
    assert!(
        machine
            .updates
            .iter()
            .all(|u| u.installed_on == date(2019, 3, 2))
    );
    assert_eq!(machine.updates[0].description.as_deref(), Some("Update"));
    assert_eq!(
        machine.updates[1].description.as_deref(),
        Some("Security Update")
    );
    assert_eq!(parsed.problems.len(), 1);
    assert!(parsed.problems[0].message.contains("no computer column"));
}

#[test]
fn wmic_qfe_1809_education_dates_are_month_first() {
    let text = utf16_fixture("wmic-qfe/10_1809_x64_education_en-us_20190306_qfe.txt");
    let parsed = parse(&text).unwrap();
    let machine = only_machine(&parsed);
    assert_eq!(machine.updates.len(), 9);
    let first = &machine.updates[0];
    assert_eq!(
        (first.kb.as_str(), first.installed_on),
        ("KB2693643", date(2019, 3, 2))
    );
    let oldest = machine
        .updates
        .iter()
        .find(|u| u.kb == "KB4465477")
        .unwrap();
    assert_eq!(oldest.installed_on, date(2018, 10, 22));
    let last = machine.updates.last().unwrap();
    assert_eq!(
        (last.kb.as_str(), last.installed_on),
        ("KB4487044", date(2019, 2, 18))
    );
}

#[test]
fn wmic_qfe_1809_pro() {
    let text = utf16_fixture("wmic-qfe/10_1809_x64_pro_en-us_20190307_qfe.txt");
    let parsed = parse(&text).unwrap();
    let machine = only_machine(&parsed);
    assert_eq!(
        kbs(machine),
        [
            "KB4486553",
            "KB4470788",
            "KB4480056",
            "KB4487038",
            "KB4482887"
        ]
    );
    assert_eq!(machine.updates[0].installed_on, date(2019, 3, 7));
    assert_eq!(machine.updates[1].installed_on, date(2019, 3, 1));
}

#[test]
fn wmic_qfe_server_2012_r2_with_csname() {
    let text = utf16_fixture("wmic-qfe/srv_2012r2_u1_qfe.txt");
    assert!(recognizes(&text));
    let parsed = parse(&text).unwrap();
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let machine = only_machine(&parsed);
    assert_eq!(machine.hostname, "SRV12R2U1X64");
    assert_eq!(machine.updates.len(), 154);
    let first = &machine.updates[0];
    assert_eq!(
        (first.kb.as_str(), first.installed_on),
        ("KB2894852", date(2019, 3, 17))
    );
    let last = machine.updates.last().unwrap();
    assert_eq!(
        (last.kb.as_str(), last.installed_on),
        ("KB4489881", date(2019, 3, 17))
    );
    let update_2919355 = machine
        .updates
        .iter()
        .find(|u| u.kb == "KB2919355")
        .unwrap();
    assert_eq!(update_2919355.installed_on, date(2014, 3, 18));
    // `5/3/2018` is May 3rd: the file also has `3/17/2019`, so it is month first.
    let update_3045563 = machine
        .updates
        .iter()
        .find(|u| u.kb == "KB3045563")
        .unwrap();
    assert_eq!(update_3045563.installed_on, date(2018, 5, 3));
    let hotfixes = machine
        .updates
        .iter()
        .filter(|u| u.description.as_deref() == Some("Hotfix"))
        .count();
    assert_eq!(hotfixes, 3);
}

#[test]
fn wmic_qfe_vista_filetimes_guid_row_and_bare_numbers() {
    let text = utf16_fixture("wmic-qfe/vista_x64_sp1_qfe.txt");
    assert!(recognizes(&text));
    let parsed = parse(&text).unwrap();
    let machine = only_machine(&parsed);
    assert_eq!(machine.hostname, "WINVISTASP0X64");
    // 174 rows, one of them the `{7A068575-…}` component entry.
    assert_eq!(machine.updates.len(), 173);
    assert!(!kbs(machine).iter().any(|kb| kb.contains('{')));
    let first = &machine.updates[0];
    // 0x01d4dfd0fb4eb361 is 2019-03-21 10:29:36 UTC; every FILETIME of this file is that day.
    assert_eq!(
        (first.kb.as_str(), first.installed_on),
        ("KB937286", date(2019, 3, 21))
    );
    assert!(
        machine
            .updates
            .iter()
            .all(|u| u.installed_on == date(2019, 3, 21))
    );
    // Old rows print the bare number.
    assert!(kbs(machine).contains(&"KB943729"));
    let last = machine.updates.last().unwrap();
    assert_eq!(last.kb, "KB940157");
    let service_pack = machine.updates.iter().find(|u| u.kb == "KB936330").unwrap();
    assert_eq!(service_pack.description.as_deref(), Some("Service Pack"));

    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    assert_eq!(parsed.problems[0].line, Some(2));
    assert!(parsed.problems[0].message.contains("1 entry with a GUID"));
}

#[test]
fn empty_wmic_output_is_a_clear_error() {
    let text = utf16_fixture("wmic-qfe/10_1803_x64_proforworkstations_en-us_B_20190306_qfe.txt");
    assert!(!recognizes(&text));
    let problem = parse(&text).unwrap_err();
    assert!(problem.message.contains("empty"), "{problem}");
    assert!(parse("").is_err());
    assert!(parse("Description  HotFixID  InstalledOn\r\n\r\n").is_err());
}

#[test]
fn file_1_rows_are_skipped() {
    let text = "\
Caption  CSName  Description  HotFixID   InstalledOn\r
         XPPRO   Update       File 1                \r
         XPPRO   Update       File 1                \r
         XPPRO   Update       KB898461   3/1/2019   \r
         XPPRO   Update       Q147222               \r
";
    let parsed = parse(text).unwrap();
    let machine = only_machine(&parsed);
    assert_eq!(machine.hostname, "XPPRO");
    assert_eq!(kbs(machine), ["KB898461"]);
    assert_eq!(parsed.problems.len(), 2, "{:?}", parsed.problems);
    assert_eq!(parsed.problems[0].line, Some(5));
    assert!(parsed.problems[0].message.contains("Q147222"));
    assert_eq!(parsed.problems[1].line, Some(2));
    assert!(parsed.problems[1].message.contains("2 entries"));
}

#[test]
fn wmic_format_csv_groups_nodes() {
    let text = "\r\r\n\
Node,Caption,CSName,Description,FixComments,HotFixID,InstallDate,InstalledBy,InstalledOn,Name,ServicePackInEffect,Status\r\r\n\
PC-01,http://support.microsoft.com/?kbid=5022282,PC-01,Security Update,,KB5022282,,NT AUTHORITY\\SYSTEM,1/11/2023,,,\r\r\n\
PC-01,http://support.microsoft.com/?kbid=5021233,PC-01,Security Update,,KB5021233,,NT AUTHORITY\\SYSTEM,12/14/2022,,,\r\r\n\
PC-02,http://support.microsoft.com/?kbid=5021233,PC-02,Security Update,,KB5021233,,NT AUTHORITY\\SYSTEM,12/15/2022,,,\r\r\n";
    assert!(recognizes(text));
    let parsed = parse(text).unwrap();
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.machines.len(), 2);
    assert_eq!(parsed.machines[0].hostname, "PC-01");
    assert_eq!(kbs(&parsed.machines[0]), ["KB5022282", "KB5021233"]);
    assert_eq!(
        parsed.machines[0].updates[0].installed_on,
        date(2023, 1, 11)
    );
    assert_eq!(parsed.machines[1].hostname, "PC-02");
    assert_eq!(
        parsed.machines[1].updates[0].installed_on,
        date(2022, 12, 15)
    );
}

#[test]
fn get_hotfix_export_csv_sample() {
    let text = utf8_fixture("powershell/get-hotfix_select_export-csv_sample.csv");
    assert!(recognizes(&text));
    let parsed = parse(&text).unwrap();
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let machine = only_machine(&parsed);
    // The publisher masked the computer name.
    assert_eq!(machine.hostname, "XXXXXXXXXXXXXX");
    assert_eq!(kbs(machine), ["KB5013641", "KB5016623", "KB5015896"]);
    assert!(
        machine
            .updates
            .iter()
            .all(|u| u.installed_on == date(2022, 8, 6))
    );
    assert_eq!(
        machine.updates[1].description.as_deref(),
        Some("Security Update")
    );
}

/// `Get-HotFix | Export-Csv` in Windows PowerShell 5.1, all properties, `#TYPE` line first.
const GET_HOTFIX_FULL_EXPORT: &str = r#"#TYPE System.Management.ManagementObject#root\cimv2\Win32_QuickFixEngineering
"PSComputerName","InstalledOn","__GENUS","__CLASS","__SUPERCLASS","__DYNASTY","__RELPATH","__PROPERTY_COUNT","__DERIVATION","__SERVER","__NAMESPACE","__PATH","Caption","CSName","Description","FixComments","HotFixID","InstallDate","InstalledBy","Name","ServicePackInEffect","Status","Scope","Path","Options","ClassPath","Properties","SystemProperties","Qualifiers","Site","Container"
"KEIRI-PC01","1/11/2023 12:00:00 AM","2","Win32_QuickFixEngineering","CIM_LogicalElement","CIM_ManagedSystemElement","Win32_QuickFixEngineering.HotFixID=""KB5022282"",ServicePackInEffect=""""","11","System.String[]","KEIRI-PC01","root\cimv2","\\KEIRI-PC01\root\cimv2:Win32_QuickFixEngineering.HotFixID=""KB5022282"",ServicePackInEffect=""""","https://support.microsoft.com/help/5022282","KEIRI-PC01","Security Update","","KB5022282",,"NT AUTHORITY\SYSTEM",,"",,"System.Management.ManagementScope","\\KEIRI-PC01\root\cimv2:Win32_QuickFixEngineering.HotFixID=""KB5022282"",ServicePackInEffect=""""","System.Management.ObjectGetOptions","\\KEIRI-PC01\root\cimv2:Win32_QuickFixEngineering","System.Management.PropertyDataCollection","System.Management.PropertyDataCollection","System.Management.QualifierDataCollection",,
"KEIRI-PC01","12/14/2022 12:00:00 AM","2","Win32_QuickFixEngineering","CIM_LogicalElement","CIM_ManagedSystemElement","Win32_QuickFixEngineering.HotFixID=""KB5021233"",ServicePackInEffect=""""","11","System.String[]","KEIRI-PC01","root\cimv2","\\KEIRI-PC01\root\cimv2:Win32_QuickFixEngineering.HotFixID=""KB5021233"",ServicePackInEffect=""""","https://support.microsoft.com/help/5021233","KEIRI-PC01","Security Update","","KB5021233",,"NT AUTHORITY\SYSTEM",,"",,"System.Management.ManagementScope","\\KEIRI-PC01\root\cimv2:Win32_QuickFixEngineering.HotFixID=""KB5021233"",ServicePackInEffect=""""","System.Management.ObjectGetOptions","\\KEIRI-PC01\root\cimv2:Win32_QuickFixEngineering","System.Management.PropertyDataCollection","System.Management.PropertyDataCollection","System.Management.QualifierDataCollection",,
"#;

#[test]
fn get_hotfix_export_csv_with_type_line() {
    assert!(recognizes(GET_HOTFIX_FULL_EXPORT));
    let parsed = parse(GET_HOTFIX_FULL_EXPORT).unwrap();
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let machine = only_machine(&parsed);
    assert_eq!(machine.hostname, "KEIRI-PC01");
    assert_eq!(kbs(machine), ["KB5022282", "KB5021233"]);
    assert_eq!(machine.updates[0].installed_on, date(2023, 1, 11));
    assert_eq!(machine.updates[1].installed_on, date(2022, 12, 14));
}

#[test]
fn use_culture_semicolons_and_german_dates() {
    let text = "\
#TYPE System.Management.ManagementObject#root\\cimv2\\Win32_QuickFixEngineering\r
\"PSComputerName\";\"InstalledOn\";\"Description\";\"HotFixID\";\"InstalledBy\"\r
\"BUERO-PC3\";\"05.03.2019 00:00:00\";\"Update\";\"KB4483452\";\"NT-AUTORITÄT\\SYSTEM\"\r
\"BUERO-PC3\";\"14.02.2019 00:00:00\";\"Security Update\";\"KB4487038\";\"NT-AUTORITÄT\\SYSTEM\"\r
\"BUERO-PC4\";\"\";\"Update\";\"KB4480056\";\"\"\r
";
    assert!(recognizes(text));
    let parsed = parse(text).unwrap();
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.machines.len(), 2);
    let pc3 = &parsed.machines[0];
    assert_eq!(pc3.hostname, "BUERO-PC3");
    assert_eq!(pc3.updates[0].installed_on, date(2019, 3, 5));
    assert_eq!(pc3.updates[1].installed_on, date(2019, 2, 14));
    assert_eq!(parsed.machines[1].updates[0].installed_on, None);
}

#[test]
fn day_first_slash_dates_settled_by_the_file() {
    let text = "\
\"PSComputerName\",\"HotFixID\",\"InstalledOn\"
\"PC-FR\",\"KB1111111\",\"05/03/2019 00:00:00\"
\"PC-FR\",\"KB2222222\",\"21/02/2019 00:00:00\"
\"PC-JP\",\"KB3333333\",\"2019/03/05 0:00:00\"
";
    let parsed = parse(text).unwrap();
    assert_eq!(parsed.machines[0].updates[0].installed_on, date(2019, 3, 5));
    assert_eq!(
        parsed.machines[0].updates[1].installed_on,
        date(2019, 2, 21)
    );
    assert_eq!(parsed.machines[1].updates[0].installed_on, date(2019, 3, 5));
}

#[test]
fn get_ciminstance_export_uses_csname_when_pscomputername_is_empty() {
    let text = r#"#TYPE Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_QuickFixEngineering
"Caption","Description","InstallDate","Name","Status","CSName","FixComments","HotFixID","InstalledBy","InstalledOn","ServicePackInEffect","PSComputerName","CimClass","CimInstanceProperties","CimSystemProperties"
"http://support.microsoft.com/?kbid=5017308","Security Update",,,,"SOUMU-PC01","","KB5017308","NT AUTHORITY\SYSTEM","9/14/2022 12:00:00 AM","",,"root/cimv2:Win32_QuickFixEngineering","Microsoft.Management.Infrastructure.CimInstancePropertyCollection","Microsoft.Management.Infrastructure.CimSystemProperties"
"#;
    assert!(recognizes(text));
    let parsed = parse(text).unwrap();
    let machine = only_machine(&parsed);
    assert_eq!(machine.hostname, "SOUMU-PC01");
    assert_eq!(machine.updates[0].installed_on, date(2022, 9, 14));
}

#[test]
fn bad_rows_become_problems_with_their_line() {
    let text = "\
\"PSComputerName\",\"HotFixID\",\"InstalledOn\"
\"PC1\",\"KB5022282\",\"someday\"
\"PC1\",\"\",\"1/1/2023 12:00:00 AM\"
";
    let parsed = parse(text).unwrap();
    let machine = only_machine(&parsed);
    assert_eq!(machine.updates[0].installed_on, None);
    let lines: Vec<Option<usize>> = parsed.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [Some(2), Some(3)]);
    assert!(parsed.problems[0].message.contains("someday"));
}

#[test]
fn other_formats_are_not_claimed() {
    let systeminfo_csv = "\"Host Name\",\"OS Name\",\"OS Version\",\"Hotfix(s)\"\r\n";
    assert!(!recognizes(systeminfo_csv));
    assert!(!recognizes(
        "Host Name:                 PC01\r\nOS Name: Microsoft Windows 10 Pro\r\n"
    ));
    assert!(!recognizes("[{\"hotfix_id\":\"KB5022282\"}]"));
    assert!(!recognizes("{\"HotFixID\": \"KB5022282\"}"));
    assert!(!recognizes("<?xml version=\"1.0\"?><REQUEST/>"));
    assert!(!recognizes(""));
    assert!(parse("Host Name: PC01").is_err());
}

#[test]
fn truncated_and_garbled_fixtures_never_panic() {
    let texts = [
        utf16_fixture("wmic-qfe/vista_x64_sp1_qfe.txt"),
        utf16_fixture("wmic-qfe/srv_2012r2_u1_qfe.txt"),
        utf16_fixture("wmic-qfe/10_1809_x64_education_en-us_20190306_qfe.txt"),
        utf8_fixture("powershell/get-hotfix_select_export-csv_sample.csv"),
        GET_HOTFIX_FULL_EXPORT.to_string(),
    ];
    for text in &texts {
        // Every cut inside the header, then about 300 through the rows.
        let step = (text.len() / 300).max(1);
        let cuts: Vec<usize> = text
            .char_indices()
            .map(|(index, _)| index)
            .filter(|index| *index < 400 || index % step == 0)
            .collect();
        for cut in cuts {
            let truncated = &text[..cut];
            let _ = recognizes(truncated);
            let _ = parse(truncated);
            let garbled: String = text[cut..].chars().rev().collect();
            let _ = parse(&garbled);
        }
    }
}

/// Every inventory fixture is claimed by its own format's `recognizes` and by no other: the
/// plain-text hotfix list is the loosest of them, so the check lives here.
#[test]
fn each_fixture_is_recognised_by_exactly_its_own_format() {
    use crate::inventory::{collector, decode, glpi, osquery, powershell_json, systeminfo};
    type Recognizer = fn(&str) -> bool;
    let recognizers: [(&str, Recognizer); 6] = [
        ("systeminfo", systeminfo::recognizes),
        ("hotfix", recognizes),
        ("powershell_json", powershell_json::recognizes),
        ("osquery", osquery::recognizes),
        ("glpi", glpi::recognizes),
        ("collector", collector::recognizes),
    ];
    let expected_by_folder = [
        ("wmic-qfe", "hotfix"),
        ("glpi", "glpi"),
        ("collector", "collector"),
        ("systeminfo", "systeminfo"),
    ];
    let mut checked = 0;
    for (folder, expected) in expected_by_folder
        .iter()
        .copied()
        .chain([("powershell", "")])
    {
        let Ok(entries) = std::fs::read_dir(format!("{FIXTURES}/{folder}")) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") || name.ends_with(".py") {
                continue;
            }
            let text = decode::decode(&fixture_bytes(&format!("{folder}/{name}"))).text;
            let claimed: Vec<&str> = recognizers
                .iter()
                .filter(|(_, recognizes)| recognizes(&text))
                .map(|(id, _)| *id)
                .collect();
            let expected = match (folder, name.as_str()) {
                (_, "10_1803_x64_proforworkstations_en-us_B_20190306_qfe.txt") => vec![],
                ("powershell", name)
                    if name.ends_with(".csv") && name.starts_with("get-hotfix") =>
                {
                    vec!["hotfix"]
                }
                ("powershell", _) => vec!["powershell_json"],
                _ => vec![expected],
            };
            assert_eq!(claimed, expected, "{folder}/{name}");
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} fixtures found");
}
