use super::*;
use crate::inventory::decode::decode;
use crate::inventory::model::MachineReport;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/inventory/systeminfo"
);

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).expect("fixture is readable")
}

fn fixture_text(name: &str) -> String {
    decode(&fixture_bytes(name)).text
}

fn parse_fixture(name: &str) -> Parsed {
    parse(&fixture_text(name)).unwrap_or_else(|problem| panic!("{name}: {problem}"))
}

fn kbs(machine: &MachineReport) -> Vec<&str> {
    machine
        .updates
        .iter()
        .map(|update| update.kb.as_str())
        .collect()
}

/// What each fixture says, read from the file itself.
struct Expected {
    file: &'static str,
    hostname: &'static str,
    os_name: &'static str,
    build: &'static str,
    architecture: &'static str,
    installation_type: &'static str,
    domain: &'static str,
    kb_count: usize,
    first_kbs: &'static [&'static str],
    last_kb: &'static str,
    /// Wall-clock boot time stored as UTC (systeminfo prints no offset).
    last_boot: Option<&'static str>,
    /// A fragment of each problem the parse must report, in line order.
    problems: &'static [&'static str],
}

const CLIENT: &str = "Client";
const SERVER: &str = "Server";
const X64: &str = "x64-based PC";

const EXPECTED: &[Expected] = &[
    Expected {
        file: "10_1803_x64_education_en-us_systeminfo.txt",
        hostname: "LAPTOP",
        os_name: "Microsoft Windows 10 Education",
        build: "10.0.17134",
        architecture: X64,
        installation_type: CLIENT,
        domain: "WORKGROUP",
        kb_count: 5,
        first_kbs: &["KB4100347", "KB4338832"],
        last_kb: "KB4343909",
        // `6-9-2018`: the install date `30-4-2018` shows the day comes first.
        last_boot: Some("2018-09-06T08:20:07Z"),
        problems: &[],
    },
    Expected {
        file: "10_1803_x64_pro_it_systeminfo.txt",
        hostname: "PC044",
        os_name: "Microsoft Windows 10 Pro",
        build: "10.0.17134",
        architecture: X64,
        installation_type: CLIENT,
        domain: "intranet.xxxxx.it",
        kb_count: 10,
        first_kbs: &["KB4100347", "KB4338853"],
        last_kb: "KB4487017",
        // Every date is ambiguous (`04/03/2019`); Italian labels mean day first.
        last_boot: Some("2019-03-04T08:34:58Z"),
        problems: &[],
    },
    Expected {
        file: "10_1803_x64_proforworkstations_en-us_A_20190305_systeminfo.txt",
        hostname: "DESKTOP-OOF6NB5",
        os_name: "Microsoft Windows 10 Pro for Workstations",
        build: "10.0.17134",
        architecture: X64,
        installation_type: CLIENT,
        domain: "WORKGROUP",
        kb_count: 4,
        first_kbs: &["KB4462930", "KB4485449"],
        last_kb: "KB4487017",
        // `05/03/2019`: the BIOS date `21/08/2018` shows the day comes first.
        last_boot: Some("2019-03-05T21:01:50Z"),
        problems: &[],
    },
    Expected {
        file: "10_1809_x64_education_es_systeminfo.txt",
        hostname: "...",
        os_name: "Microsoft Windows 10 Education",
        build: "10.0.17763",
        architecture: X64,
        installation_type: CLIENT,
        domain: "WORKGROUP",
        kb_count: 9,
        first_kbs: &["KB4486553", "KB4465477"],
        last_kb: "KB4482887",
        last_boot: None,
        problems: &["System Boot Time `...` is not a date"],
    },
    Expected {
        file: "10_1809_x64_pro_en-us_20190307_systeminfo.txt",
        hostname: "DESKTOP-LOQ9L09",
        os_name: "Microsoft Windows 10 Pro",
        build: "10.0.17763",
        architecture: X64,
        installation_type: CLIENT,
        domain: "WORKGROUP",
        kb_count: 5,
        first_kbs: &["KB4486553", "KB4470788"],
        last_kb: "KB4482887",
        last_boot: Some("2019-03-07T17:06:11Z"),
        problems: &[],
    },
    Expected {
        file: "10_21H2_x64_pro_systeminfo.txt",
        hostname: "DESKTOP",
        os_name: "Microsoft Windows 10 Pro",
        build: "10.0.19044",
        architecture: X64,
        installation_type: CLIENT,
        domain: "WORKGROUP",
        kb_count: 7,
        first_kbs: &["KB5012117", "KB4562830"],
        last_kb: "KB5005699",
        last_boot: Some("2022-06-06T16:43:45Z"),
        problems: &[],
    },
    Expected {
        file: "11_22H2_x64_home-single-language_systeminfo.txt",
        hostname: "test",
        os_name: "Microsoft Windows 11 Home Single Language",
        build: "10.0.22621",
        architecture: X64,
        installation_type: CLIENT,
        domain: "WORKGROUP",
        kb_count: 1,
        first_kbs: &["KB5008215"],
        last_kb: "KB5008215",
        // `10/2/2023, 3:58:12 PM`: the BIOS date `1/17/2023` shows the month comes first.
        last_boot: Some("2023-10-02T15:58:12Z"),
        problems: &[],
    },
    Expected {
        file: "7_sp1_x64_enterprise_en-us_A_systeminfo.txt",
        hostname: "WIN7SP1X64",
        os_name: "Microsoft Windows 7 Enterprise",
        build: "6.1.7601",
        architecture: X64,
        installation_type: CLIENT,
        domain: "WORKGROUP",
        kb_count: 219,
        first_kbs: &["KB2849697", "KB2849696"],
        last_kb: "KB982018",
        last_boot: Some("2018-09-06T11:12:27Z"),
        problems: &[],
    },
    Expected {
        file: "7_sp1_x64_enterprise_fr_systeminfo_powershell.txt",
        hostname: "WIN-IDKKFN87EL8",
        os_name: "Microsoft Windows 7 Entreprise N",
        build: "6.1.7601",
        architecture: X64,
        installation_type: CLIENT,
        domain: "WORKGROUP",
        kb_count: 93,
        first_kbs: &["KB2491683", "KB2506014"],
        last_kb: "KB4493472",
        last_boot: Some("2019-04-29T18:56:01Z"),
        problems: &[],
    },
    Expected {
        file: "8.1_u1_x64_enterprise_en-us_systeminfo.txt",
        hostname: "WIN81U1X64",
        os_name: "Microsoft Windows 8.1 Enterprise",
        build: "6.3.9600",
        architecture: X64,
        installation_type: CLIENT,
        domain: "WORKGROUP",
        kb_count: 6,
        first_kbs: &["KB2919355", "KB2919442"],
        last_kb: "KB2949621",
        last_boot: Some("2019-03-03T23:04:07Z"),
        problems: &[],
    },
    Expected {
        file: "ja_10_22H2_x64_pro_cp932.txt",
        hostname: "SOUMU-PC01",
        os_name: "Microsoft Windows 10 Pro",
        build: "10.0.19045",
        architecture: X64,
        installation_type: CLIENT,
        domain: "SAKURA",
        kb_count: 4,
        first_kbs: &["KB5017264", "KB5020683", "KB5021233"],
        last_kb: "KB5022282",
        last_boot: Some("2023-01-20T08:47:05Z"),
        problems: &[],
    },
    Expected {
        file: "ja_10_22H2_x64_pro_utf16le.txt",
        hostname: "SOUMU-PC01",
        os_name: "Microsoft Windows 10 Pro",
        build: "10.0.19045",
        architecture: X64,
        installation_type: CLIENT,
        domain: "SAKURA",
        kb_count: 4,
        first_kbs: &["KB5017264", "KB5020683", "KB5021233"],
        last_kb: "KB5022282",
        last_boot: Some("2023-01-20T08:47:05Z"),
        problems: &[],
    },
    Expected {
        file: "srv_2008r2_sp1_x64_standard_en-us_systeminfo.txt",
        hostname: "SRV2K8R2SP1X64",
        os_name: "Microsoft Windows Server 2008 R2 Standard",
        build: "6.1.7601",
        architecture: X64,
        installation_type: SERVER,
        domain: "WORKGROUP",
        kb_count: 2,
        first_kbs: &["KB958488", "KB976902"],
        last_kb: "KB976902",
        last_boot: Some("2019-03-04T09:04:37Z"),
        problems: &[],
    },
    Expected {
        file: "srv_2012r2_u1_systeminfo.txt",
        hostname: "SRV12R2U1X64",
        os_name: "Microsoft Windows Server 2012 R2 Standard",
        build: "6.3.9600",
        architecture: X64,
        installation_type: SERVER,
        domain: "nuggetlab.com",
        kb_count: 154,
        first_kbs: &["KB2894852", "KB2919355"],
        last_kb: "KB4489881",
        last_boot: Some("2019-03-20T21:58:25Z"),
        problems: &[],
    },
    Expected {
        file: "srv_2016_1607_datacenter_en-us_systeminfo.txt",
        hostname: "MYSERVER",
        os_name: "Microsoft Windows Server 2016 Datacenter",
        build: "10.0.14393",
        architecture: X64,
        installation_type: SERVER,
        domain: "WORKGROUP",
        kb_count: 5,
        first_kbs: &["KB4049065", "KB4091664"],
        last_kb: "KB4483229",
        // `1/5/2019`: the install date `3/3/2018` proves nothing, the BIOS date `7/17/2017` does.
        last_boot: Some("2019-01-05T09:52:19Z"),
        problems: &[],
    },
    Expected {
        file: "srv_2019_rtm_datacenter_en-us_systeminfo.txt",
        hostname: "WIN-O863JARO7CM",
        os_name: "Microsoft Windows Server 2019 Datacenter",
        build: "10.0.17763",
        architecture: X64,
        installation_type: SERVER,
        domain: "WORKGROUP",
        kb_count: 5,
        first_kbs: &["KB4462930", "KB4470788"],
        last_kb: "KB4480116",
        last_boot: Some("2019-01-13T13:52:11Z"),
        problems: &[],
    },
    Expected {
        file: "xp_sp3_x86_professional_en-us_systeminfo.txt",
        hostname: "WINXPSP3",
        os_name: "Microsoft Windows XP Professional",
        build: "5.1.2600",
        architecture: "X86-based PC",
        installation_type: CLIENT,
        domain: "WORKGROUP",
        // 220 entries listed of 262 announced: 128 `File 1`/`Q147222`, 92 distinct KBs.
        kb_count: 92,
        first_kbs: &["KB2378111", "KB2803821", "KB952069"],
        last_kb: "KB946648",
        // XP prints `System Up Time`, not a boot time.
        last_boot: None,
        problems: &[
            "262 hotfixes announced but 220 listed",
            "128 hotfix entries are not KB numbers (such as `File 1`)",
            "unreadable hotfix line `[221`",
        ],
    },
];

#[test]
fn every_list_fixture_gives_its_machine() {
    for expected in EXPECTED {
        let name = expected.file;
        let parsed = parse_fixture(name);
        assert_eq!(parsed.machines.len(), 1, "{name}");
        let machine = &parsed.machines[0];
        assert_eq!(machine.hostname, expected.hostname, "{name}");
        assert_eq!(machine.os_name.as_deref(), Some(expected.os_name), "{name}");
        let build = machine.os_build.map(|build| build.to_string());
        assert_eq!(build.as_deref(), Some(expected.build), "{name}");
        assert_eq!(
            machine.architecture.as_deref(),
            Some(expected.architecture),
            "{name}"
        );
        assert_eq!(
            machine.installation_type.as_deref(),
            Some(expected.installation_type),
            "{name}"
        );
        assert_eq!(machine.domain.as_deref(), Some(expected.domain), "{name}");
        let kbs = kbs(machine);
        assert_eq!(kbs.len(), expected.kb_count, "{name}");
        assert!(kbs.starts_with(expected.first_kbs), "{name}: {kbs:?}");
        assert_eq!(kbs.last().copied(), Some(expected.last_kb), "{name}");
        let boot = machine
            .last_boot
            .map(|boot| boot.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        assert_eq!(boot.as_deref(), expected.last_boot, "{name}");
        let problems: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems.len(),
            expected.problems.len(),
            "{name}: {problems:#?}"
        );
        for (problem, fragment) in problems.iter().zip(expected.problems) {
            assert!(
                problem.contains(fragment),
                "{name}: {problem:?} lacks {fragment:?}"
            );
        }
        assert!(recognizes(&fixture_text(name)), "{name}");
    }
}

#[test]
fn every_fixture_has_an_expectation() {
    let mut listed: Vec<&str> = EXPECTED.iter().map(|expected| expected.file).collect();
    listed.push("systeminfo_fo_csv_header_en-us_win81.csv");
    listed.sort_unstable();
    let mut on_disk: Vec<String> = std::fs::read_dir(FIXTURES)
        .expect("fixture folder")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".txt") || name.ends_with(".csv"))
        .collect();
    on_disk.sort_unstable();
    assert_eq!(on_disk, listed);
}

#[test]
fn fields_other_than_the_patching_ones_are_read_too() {
    let french = &parse_fixture("7_sp1_x64_enterprise_fr_systeminfo_powershell.txt").machines[0];
    assert_eq!(
        french.registered_owner.as_deref(),
        Some("Utilisateur Windows")
    );
    // Italian `Proprietario registrato: N/D` means not available.
    let italian = &parse_fixture("10_1803_x64_pro_it_systeminfo.txt").machines[0];
    assert_eq!(italian.registered_owner, None);
    let japanese = &parse_fixture("ja_10_22H2_x64_pro_cp932.txt").machines[0];
    assert_eq!(japanese.registered_owner.as_deref(), Some("総務部"));
    // systeminfo never prints the update revision.
    assert_eq!(japanese.os_build.and_then(|build| build.revision), None);
}

#[test]
fn both_japanese_fixtures_give_identical_reports() {
    let cp932 = parse_fixture("ja_10_22H2_x64_pro_cp932.txt");
    let utf16 = parse_fixture("ja_10_22H2_x64_pro_utf16le.txt");
    assert_eq!(cp932, utf16);
    assert!(cp932.problems.is_empty(), "{:?}", cp932.problems);
}

#[test]
fn concatenated_outputs_give_one_machine_each() {
    // `systeminfo /s A >> f` then `systeminfo /s B >> f` in one console: same code page.
    let mut bytes = fixture_bytes("srv_2016_1607_datacenter_en-us_systeminfo.txt");
    bytes.extend(fixture_bytes("8.1_u1_x64_enterprise_en-us_systeminfo.txt"));
    let parsed = parse(&decode(&bytes).text).expect("two records");
    let hosts: Vec<&str> = parsed
        .machines
        .iter()
        .map(|m| m.hostname.as_str())
        .collect();
    assert_eq!(hosts, ["MYSERVER", "WIN81U1X64"]);
    assert_eq!(kbs(&parsed.machines[0]).len(), 5);
    assert_eq!(kbs(&parsed.machines[1]).len(), 6);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);

    // Records in different languages keep their own value columns.
    let mixed = [
        fixture_text("7_sp1_x64_enterprise_fr_systeminfo_powershell.txt"),
        fixture_text("ja_10_22H2_x64_pro_utf16le.txt"),
        fixture_text("10_1803_x64_pro_it_systeminfo.txt"),
    ]
    .concat();
    let parsed = parse(&mixed).expect("three records");
    let summary: Vec<(&str, usize)> = parsed
        .machines
        .iter()
        .map(|machine| (machine.hostname.as_str(), machine.updates.len()))
        .collect();
    assert_eq!(
        summary,
        [("WIN-IDKKFN87EL8", 93), ("SOUMU-PC01", 4), ("PC044", 10)]
    );
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
}

/// The win81 CSV fixture is a header only; this is the row `systeminfo /fo csv` writes for
/// the machine of `8.1_u1_x64_enterprise_en-us_systeminfo.txt`.
const WIN81_CSV_ROW: &str = concat!(
    r#""WIN81U1X64","Microsoft Windows 8.1 Enterprise","6.3.9600 N/A Build 9600","Microsoft Corporation","#,
    r#""Standalone Workstation","Multiprocessor Free","User","","00261-30000-00000-AA825","#,
    r#""8/9/2014, 12:46:22 PM","3/3/2019, 11:04:07 PM","VMware, Inc.","VMware Virtual Platform","x64-based PC","#,
    r#""1 Processor(s) Installed.,[01]: Intel64 Family 6 Model 78 Stepping 3 GenuineIntel ~2496 Mhz","#,
    r#""Phoenix Technologies LTD 6.00, 4/13/2018","C:\Windows","C:\Windows\system32","\Device\HarddiskVolume1","#,
    r#""en-us;English (United States)","en-us;English (United States)","(UTC-08:00) Pacific Time (US & Canada)","#,
    r#""2,047 MB","1,023 MB","3,199 MB","2,104 MB","1,095 MB","C:\pagefile.sys","WORKGROUP","\\WIN81U1X64","#,
    r#""6 Hotfix(s) Installed.,[01]: KB2919355,[02]: KB2919442,[03]: KB2937220,[04]: KB2938772,[05]: KB2939471,[06]: KB2949621","#,
    r#""1 NIC(s) Installed.,[01]: Intel(R) 82574L Gigabit Network Connection,      Connection Name: Ethernet0,"#,
    r#"      DHCP Enabled:    Yes,      DHCP Server:     192.168.159.254,      IP address(es),"#,
    r#"      [01]: 192.168.159.197,      [02]: fe80::d544:db2:380:5993","#,
    r#""A hypervisor has been detected. Features required for Hyper-V will not be displayed.""#,
    "\r\n"
);

#[test]
fn csv_gives_the_same_report_as_the_list() {
    let header = fixture_text("systeminfo_fo_csv_header_en-us_win81.csv");
    assert!(recognizes(&header));
    let error = parse(&header).expect_err("a header without rows describes no machine");
    assert!(error.message.contains("no machine row"), "{error}");

    let csv = format!("{header}{WIN81_CSV_ROW}");
    assert!(recognizes(&csv));
    let from_csv = parse(&csv).expect("one row");
    let from_list = parse_fixture("8.1_u1_x64_enterprise_en-us_systeminfo.txt");
    assert_eq!(from_csv.machines, from_list.machines);
    assert!(from_csv.problems.is_empty(), "{:?}", from_csv.problems);
}

#[test]
fn csv_with_repeated_headers_or_none_gives_every_row() {
    let header = fixture_text("systeminfo_fo_csv_header_en-us_win81.csv");
    let second_row = WIN81_CSV_ROW.replace("WIN81U1X64", "WIN81-B");
    // `/fo csv >> f` twice repeats the header; `/fo csv /nh` leaves it out.
    for csv in [
        format!("{header}{WIN81_CSV_ROW}{header}{second_row}"),
        format!("{WIN81_CSV_ROW}{second_row}"),
    ] {
        let parsed = parse(&csv).expect("two rows");
        let hosts: Vec<&str> = parsed
            .machines
            .iter()
            .map(|m| m.hostname.as_str())
            .collect();
        assert_eq!(hosts, ["WIN81U1X64", "WIN81-B"]);
        assert!(
            parsed
                .machines
                .iter()
                .all(|machine| machine.updates.len() == 6)
        );
    }
}

#[test]
fn unknown_languages_are_read_by_field_order() {
    // The 8.1 output with every label replaced by one no table knows.
    let text = fixture_text("8.1_u1_x64_enterprise_en-us_systeminfo.txt");
    let relabelled: String = text
        .lines()
        .enumerate()
        .map(|(number, line)| match line.get(27..) {
            Some(value) if !line.starts_with(' ') && !line.is_empty() => {
                format!("{:<27}{value}\n", format!("Etykieta {number}:"))
            }
            _ => format!("{line}\n"),
        })
        .collect();
    assert!(!relabelled.contains("Host Name"));
    assert!(recognizes(&relabelled));
    let parsed = parse(&relabelled).expect("one record");
    let expected = &parse_fixture("8.1_u1_x64_enterprise_en-us_systeminfo.txt").machines[0];
    let machine = &parsed.machines[0];
    assert_eq!(machine.hostname, "WIN81U1X64");
    assert_eq!(machine.os_build, expected.os_build);
    assert_eq!(machine.updates, expected.updates);
    // `3/3/2019` reads the same either way round.
    assert_eq!(machine.last_boot, expected.last_boot);
}

#[test]
fn cut_short_output_says_what_is_missing() {
    let text = fixture_text("8.1_u1_x64_enterprise_en-us_systeminfo.txt");
    let cut = text.find("System Boot Time").expect("label");
    let parsed = parse(&text[..cut]).expect("the record starts");
    let machine = &parsed.machines[0];
    assert_eq!(machine.hostname, "WIN81U1X64");
    assert_eq!(
        machine.os_build.map(|b| b.to_string()).as_deref(),
        Some("6.3.9600")
    );
    assert!(machine.updates.is_empty());
    assert!(
        parsed
            .problems
            .iter()
            .any(|p| p.message.contains("no Hotfix(s) field")),
        "{:?}",
        parsed.problems
    );
}

#[test]
fn text_without_a_host_record_is_an_error() {
    for text in [
        "",
        "\n\n   \n",
        "hello world",
        "Caption  CSName  Description  HotFixID  InstalledOn\nhttp://support.microsoft.com/?kbid=4486553  PC01  Update  KB4486553  3/6/2019",
        "{\"HotFixID\": \"KB5017264\"}",
        "\"Source\",\"Description\",\"HotFixID\"\n\"PC01\",\"Update\",\"KB5017264\"",
        "OS Name:   Microsoft Windows 10 Pro\nOS Version:   10.0.19045 N/A Build 19045",
        // Get-ComputerInfo | Format-List: "Label : value", not systeminfo.
        "CsName             : PC01\nOsName             : Microsoft Windows 10 Pro\n\
         OsVersion          : 10.0.19045\nOsBuildNumber      : 19045",
        "\"PC01\",\"Microsoft Windows 10 Pro\",\"10.0.19045\"",
    ] {
        assert!(!recognizes(text), "{text:?}");
        let problem = parse(text).expect_err("no record");
        assert_eq!(problem.line, None);
    }
}

#[test]
fn odd_lines_inside_a_record_become_problems() {
    let text = "Loading Hotfix Information...\n\
                Host Name:                 PC01\n\
                OS Name:                   Microsoft Windows 10 Pro\n\
                OS Version:                10.0.19045 N/A Build 19045\n\
                no separator on this line\n\
                Hotfix(s):                 2 Hotfix(s) Installed.\n\
                \x20                          [01]: KB5017264\n\
                \x20                          [01]: KB5017264\n\
                Favourite Colour:          blue\n";
    let parsed = parse(text).expect("one record");
    let machine = &parsed.machines[0];
    assert_eq!(kbs(machine), ["KB5017264"]);
    let problems: Vec<(Option<usize>, &str)> = parsed
        .problems
        .iter()
        .map(|problem| (problem.line, problem.message.as_str()))
        .collect();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert_eq!(problems[0].0, Some(1));
    assert!(problems[0].1.contains("before the first Host Name line"));
    assert_eq!(problems[1].0, Some(5));
    assert!(problems[1].1.contains("not a `label: value` line"));
    assert_eq!(problems[2].0, Some(9));
    assert!(problems[2].1.contains("unknown field `Favourite Colour`"));
}

/// A small deterministic generator (xorshift) so the fuzz loops need no dependency.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % bound.max(1) as u64).unwrap_or(0)
    }
}

fn fixture_names() -> Vec<String> {
    std::fs::read_dir(FIXTURES)
        .expect("fixture folder")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".txt") || name.ends_with(".csv"))
        .collect()
}

/// Parses whatever the bytes decode to; the point is that nothing panics.
fn parse_anything(bytes: &[u8]) {
    let text = decode(bytes).text;
    let _ = recognizes(&text);
    if let Ok(parsed) = parse(&text) {
        assert!(
            parsed
                .machines
                .iter()
                .all(|machine| !machine.hostname.is_empty())
        );
    }
}

#[test]
fn truncated_and_garbled_fixtures_never_panic() {
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    for name in fixture_names() {
        let bytes = fixture_bytes(&name);
        let step = (bytes.len() / 150).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            parse_anything(&bytes[..cut]);
            parse_anything(&bytes[cut..]);
        }
        for _ in 0..40 {
            let mut garbled = bytes.clone();
            for _ in 0..=noise.below(12) {
                let index = noise.below(garbled.len());
                if let Some(byte) = garbled.get_mut(index) {
                    *byte = noise.next().to_le_bytes()[0];
                }
            }
            parse_anything(&garbled);
        }
    }
    // Text pieces systeminfo is made of, shuffled into lines.
    const PIECES: &[&str] = &[
        "Host Name:",
        "ホスト名:",
        "OS Version:",
        "10.0.19045 N/A Build 19045",
        "Hotfix(s):",
        "[01]:",
        "[",
        "]",
        ":",
        " : ",
        "KB5017264",
        "   ",
        "\u{a0}",
        "\n",
        "\n  ",
        "\"",
        "\",\"",
        ",",
        "3/5/2019, 9:14:07 AM",
        "2019/13/45, 25:61:61",
        "PM",
        "仮想メモリ: 最大サイズ:",
        "x",
        "é",
        "\t",
        "Host Name:                 PC\n",
    ];
    for _ in 0..3000 {
        let text: String = (0..noise.below(60))
            .map(|_| PIECES[noise.below(PIECES.len())])
            .collect();
        let _ = recognizes(&text);
        let _ = parse(&text);
    }
    for length in 0..400 {
        let bytes: Vec<u8> = (0..length).map(|_| noise.next().to_le_bytes()[0]).collect();
        parse_anything(&bytes);
    }
}
