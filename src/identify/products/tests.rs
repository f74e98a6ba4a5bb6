use std::path::PathBuf;
use std::sync::OnceLock;

use super::os::Architecture;
use super::*;
use crate::catalog::{bulletin, cvrf};
use crate::inventory::{InstalledProgram, MachineReport, read};

const W10_22H2_X64: &str = "Windows 10 Version 22H2 for x64-based Systems";

fn fixture_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// Every product name of the seven fixture documents (six CVRF XML, the JSON one being the
/// twin of 2020-Dec) and of the two Bulletin Search CSVs, as an import would collect them.
fn fixture_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names = Vec::new();
        for id in [
            "2017-Feb", "2020-Dec", "2022-Dec", "2022-Nov", "2023-Jan", "Oct-OOB",
        ] {
            let path = fixture_path(&format!("msrc/cvrfDocument-{id}.xml"));
            let text = std::fs::read_to_string(&path).unwrap();
            let document = cvrf::parse_xml(&text).unwrap_or_else(|p| panic!("{id}: {p}"));
            names.extend(document.products.into_iter().map(|p| p.name));
        }
        for file in [
            "BulletinSearch_vuls_fixture.csv",
            "BulletinSearch2001-2008_vuls_fixture.csv",
        ] {
            let text = std::fs::read_to_string(fixture_path(&format!("bulletin/{file}"))).unwrap();
            let rows = bulletin::parse_csv(&text).unwrap();
            names.extend(rows.into_iter().map(|row| row.affected_product));
        }
        names
    })
}

fn fixture_catalog() -> &'static ProductCatalog {
    static CATALOG: OnceLock<ProductCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| ProductCatalog::new(fixture_names()))
}

/// The fixture names plus some the fixtures lack (newer releases, other spellings).
fn catalog_with(extra: &[&str]) -> ProductCatalog {
    let mut names = fixture_names().to_vec();
    names.extend(extra.iter().map(|name| name.to_string()));
    ProductCatalog::new(&names)
}

fn windows(build: &str, architecture: Option<&str>, installation_type: &str) -> MachineFacts {
    MachineFacts {
        machine_id: 1,
        hostname: "PC01".to_owned(),
        os_build: Some(build.parse().unwrap()),
        architecture: architecture.map(str::to_owned),
        installation_type: Some(installation_type.to_owned()),
        ..MachineFacts::default()
    }
}

fn with_programs(mut machine: MachineFacts, programs: &[(&str, &str)]) -> MachineFacts {
    machine.programs = Some(
        programs
            .iter()
            .map(|(name, version)| InstalledProgram {
                name: name.to_string(),
                version: Some(version.to_string()),
                publisher: Some("Microsoft Corporation".to_owned()),
            })
            .collect(),
    );
    machine
}

fn products(mappings: &[ProductMapping]) -> Vec<&str> {
    mappings.iter().map(|m| m.product.as_str()).collect()
}

fn os_products(mappings: &[ProductMapping]) -> Vec<&str> {
    mappings
        .iter()
        .filter(|m| m.product.starts_with("Windows") || m.product.starts_with("Microsoft Windows"))
        .map(|m| m.product.as_str())
        .collect()
}

fn os_reason(
    family: &str,
    version: Option<&str>,
    architecture: Option<&str>,
    server_core: bool,
    build: &str,
) -> MappingReason {
    MappingReason::Os {
        family: family.to_owned(),
        version: version.map(str::to_owned),
        architecture: architecture.map(str::to_owned),
        server_core,
        build: build.to_owned(),
    }
}

fn program_reason(name: &str, version: &str) -> MappingReason {
    MappingReason::Program {
        name: name.to_owned(),
        version: Some(version.to_owned()),
    }
}

fn facts_of(report: &MachineReport) -> MachineFacts {
    MachineFacts {
        machine_id: 1,
        hostname: report.hostname.clone(),
        os_name: report.os_name.clone(),
        os_edition: report.os_edition.clone(),
        os_display_version: report.os_display_version.clone(),
        os_build: report.os_build,
        architecture: report.architecture.clone(),
        installation_type: report.installation_type.clone(),
        installed_kbs: Some(report.updates.iter().map(|u| u.kb.clone()).collect()),
        programs: (!report.programs.is_empty()).then(|| report.programs.clone()),
    }
}

fn fixture_machine(relative: &str) -> MachineFacts {
    let bytes = std::fs::read(fixture_path(relative)).unwrap();
    let inventory = read::read(&bytes).unwrap_or_else(|p| panic!("{relative}: {p}"));
    facts_of(&inventory.parsed.machines[0])
}

#[test]
fn windows_10_22h2_x64_maps_to_exactly_its_product_and_its_net_framework() {
    let machine = windows("10.0.19045.2364", Some("x64-based PC"), "Client");
    let reason = os_reason(
        "Windows 10",
        Some("22H2"),
        Some("x64"),
        false,
        "10.0.19045.2364",
    );
    assert_eq!(
        fixture_catalog().map(&machine),
        [
            ProductMapping {
                product: W10_22H2_X64.to_owned(),
                reason: reason.clone(),
            },
            // Windows 10 22H2 ships .NET Framework 4.8; 4.8.1 is an upgrade nothing shows.
            ProductMapping {
                product:
                    "Microsoft .NET Framework 4.8 on Windows 10 Version 22H2 for x64-based Systems"
                        .to_owned(),
                reason,
            },
        ]
    );
    assert_eq!(expected_os_product(&machine).as_deref(), Some(W10_22H2_X64));
}

#[test]
fn map_products_is_the_catalog_map() {
    let machine = windows("10.0.19045.2364", Some("x64-based PC"), "Client");
    assert_eq!(
        map_products(&machine, fixture_names()),
        fixture_catalog().map(&machine)
    );
}

#[test]
fn server_core_maps_to_the_core_variant_only_in_every_spelling() {
    let machine = windows("10.0.17763.3650", Some("x64-based PC"), "Server Core");
    let mappings = fixture_catalog().map(&machine);
    assert_eq!(
        products(&mappings),
        [
            // 2022-Nov and 2022-Dec put two spaces before the bracket.
            "Windows Server 2019  (Server Core installation)",
            "Windows Server 2019 (Server Core installation)",
            "Microsoft .NET Framework 3.5 AND 4.7.2 on Windows Server 2019 (Server Core installation)",
            "Microsoft .NET Framework 4.7.2 on Windows Server 2019 (Server Core installation)",
        ]
    );
    assert_eq!(
        mappings[0].reason,
        os_reason(
            "Windows Server 2019",
            None,
            Some("x64"),
            true,
            "10.0.17763.3650"
        )
    );
    assert_eq!(
        expected_os_product(&machine).as_deref(),
        Some("Windows Server 2019 (Server Core installation)")
    );
}

#[test]
fn a_full_server_maps_to_the_full_variant_and_what_it_ships() {
    // systeminfo cannot tell Server Core: the parsers say "Server".
    let mut machine = windows("10.0.17763", Some("x64-based PC"), "Server");
    machine.os_name = Some("Microsoft Windows Server 2019 Datacenter".to_owned());
    assert_eq!(
        products(&fixture_catalog().map(&machine)),
        [
            "Windows Server 2019",
            "Microsoft .NET Framework 3.5 AND 4.7.2 on Windows Server 2019",
            "Microsoft .NET Framework 4.7.2 on Windows Server 2019",
            "Microsoft Edge (EdgeHTML-based) on Windows Server 2019",
        ]
    );
}

#[test]
fn server_core_is_also_read_from_server_2008_core_editions() {
    let mut machine = windows("6.1.7601", Some("x64-based PC"), "Server");
    machine.os_edition = Some("ServerStandardCore".to_owned());
    assert_eq!(
        os_products(&fixture_catalog().map(&machine)),
        ["Windows Server 2008 R2 for x64-based Systems Service Pack 1 (Server Core installation)"]
    );
}

#[test]
fn windows_11_21h2_maps_to_both_spellings_of_version() {
    let machine = windows("10.0.22000.1335", Some("x64-based PC"), "Client");
    // The fixture documents all write "version" in lower case.
    assert_eq!(
        os_products(&fixture_catalog().map(&machine)),
        ["Windows 11 version 21H2 for x64-based Systems"]
    );
    let catalog = catalog_with(&["Windows 11 Version 21H2 for x64-based Systems"]);
    let mappings = catalog.map(&machine);
    assert_eq!(
        os_products(&mappings),
        [
            "Windows 11 Version 21H2 for x64-based Systems",
            "Windows 11 version 21H2 for x64-based Systems",
        ]
    );
    assert!(products(&mappings).contains(
        &"Microsoft .NET Framework 3.5 AND 4.8 on Windows 11 version 21H2 for x64-based Systems"
    ));
    assert!(!products(&mappings).iter().any(|p| p.contains("4.8.1")));
}

#[test]
fn catalog_spellings_differing_in_case_and_spaces_are_all_returned_as_spelled() {
    let names = [
        "WINDOWS 10 VERSION 22H2 FOR X64-BASED SYSTEMS",
        "Windows 10  Version 22H2\tfor x64-based Systems",
        W10_22H2_X64,
        W10_22H2_X64,
        "Windows 10 Version 22H2 for 32-bit Systems",
    ]
    .map(str::to_owned);
    let machine = windows("10.0.19045.2364", Some("x64-based PC"), "Client");
    assert_eq!(
        products(&map_products(&machine, &names)),
        [
            "WINDOWS 10 VERSION 22H2 FOR X64-BASED SYSTEMS",
            "Windows 10  Version 22H2\tfor x64-based Systems",
            W10_22H2_X64,
        ]
    );
}

#[test]
fn windows_7_sp1_x64_maps_with_its_service_pack_and_net_framework_3_5_1() {
    let machine = windows("6.1.7601", Some("x64-based PC"), "Client");
    let mappings = fixture_catalog().map(&machine);
    assert_eq!(
        products(&mappings),
        [
            "Windows 7 for x64-based Systems Service Pack 1",
            "Microsoft .NET Framework 3.5.1 on Windows 7 for x64-based Systems Service Pack 1",
        ]
    );
    assert_eq!(
        mappings[0].reason,
        os_reason(
            "Windows 7",
            Some("Service Pack 1"),
            Some("x64"),
            false,
            "6.1.7601"
        )
    );
}

#[test]
fn net_framework_4x_listed_on_windows_7_maps_to_the_rows_naming_that_version() {
    let machine = with_programs(
        windows("6.1.7601", Some("x64-based PC"), "Client"),
        &[
            ("Microsoft .NET Framework 4.7.2", "4.7.03062"),
            ("Microsoft .NET Framework 4.7.2 Targeting Pack", "4.7.03062"),
        ],
    );
    let mappings = fixture_catalog().map(&machine);
    let row = "Microsoft .NET Framework 4.6.2/4.7/4.7.1/4.7.2 on Windows 7 for x64-based Systems Service Pack 1";
    assert_eq!(
        products(&mappings),
        [
            "Windows 7 for x64-based Systems Service Pack 1",
            "Microsoft .NET Framework 3.5.1 on Windows 7 for x64-based Systems Service Pack 1",
            row,
        ]
    );
    assert_eq!(
        mappings[2].reason,
        program_reason("Microsoft .NET Framework 4.7.2", "4.7.03062")
    );

    // 4.x upgrades in place: with 4.8 listed too, only the 4.8 rows remain.
    let upgraded = with_programs(
        windows("6.1.7601", Some("x64-based PC"), "Client"),
        &[
            ("Microsoft .NET Framework 4.7.2", "4.7.03062"),
            ("Microsoft .NET Framework 4.8", "4.8.03761"),
        ],
    );
    let mappings = fixture_catalog().map(&upgraded);
    assert_eq!(
        products(&mappings)[2..],
        ["Microsoft .NET Framework 4.8 on Windows 7 for x64-based Systems Service Pack 1"]
    );
}

#[test]
fn a_listed_net_framework_newer_than_the_builtin_one_replaces_it() {
    let machine = with_programs(
        windows("10.0.19045.2364", Some("x64-based PC"), "Client"),
        &[("Microsoft .NET Framework 4.8.1", "4.8.09032")],
    );
    let mappings = fixture_catalog().map(&machine);
    assert_eq!(
        products(&mappings),
        [
            W10_22H2_X64,
            "Microsoft .NET Framework 4.8.1 on Windows 10 Version 22H2 for x64-based Systems",
        ]
    );
    assert_eq!(
        mappings[1].reason,
        program_reason("Microsoft .NET Framework 4.8.1", "4.8.09032")
    );
}

#[test]
fn windows_10_1809_maps_its_edgehtml_and_net_framework_4_7_2() {
    let machine = windows("10.0.17763.316", Some("x64-based PC"), "Client");
    assert_eq!(
        products(&fixture_catalog().map(&machine)),
        [
            "Windows 10 Version 1809 for x64-based Systems",
            "Microsoft .NET Framework 3.5 AND 4.7.2 on Windows 10 Version 1809 for x64-based Systems",
            "Microsoft .NET Framework 4.7.2 on Windows 10 Version 1809 for x64-based Systems",
            "Microsoft Edge (EdgeHTML-based) on Windows 10 Version 1809 for x64-based Systems",
        ]
    );
}

#[test]
fn windows_10_1507_has_no_version_in_its_name() {
    let machine = windows("10.0.10240.17236", Some("X86-based PC"), "Client");
    assert_eq!(
        products(&fixture_catalog().map(&machine)),
        [
            "Windows 10 for 32-bit Systems",
            "Microsoft .NET Framework 3.5 AND 4.6/4.6.2 on Windows 10 for 32-bit Systems",
            "Microsoft .NET Framework 4.6/4.6.2 on Windows 10 for 32-bit Systems",
        ]
    );
}

#[test]
fn server_2012_r2_has_no_architecture_in_its_name() {
    let mut machine = windows("6.3.9600", Some("x64-based PC"), "Server");
    machine.os_name = Some("Microsoft Windows Server 2012 R2 Standard".to_owned());
    let mappings = fixture_catalog().map(&machine);
    // Its built-in .NET Framework 4.5.1 is out of support: no catalog row names it.
    assert_eq!(products(&mappings), ["Windows Server 2012 R2"]);
    assert_eq!(
        mappings[0].reason,
        os_reason(
            "Windows Server 2012 R2",
            None,
            Some("x64"),
            false,
            "6.3.9600"
        )
    );
}

#[test]
fn windows_8_1_x64_maps_to_the_lower_case_systems_of_msrc_and_the_bulletin_spelling() {
    let machine = windows("6.3.9600", Some("64-bit"), "Client");
    assert_eq!(
        products(&fixture_catalog().map(&machine)),
        ["Windows 8.1 for x64-based systems"]
    );
    let catalog = catalog_with(&["Windows 8.1 for x64-based Systems"]);
    assert_eq!(
        products(&catalog.map(&machine)),
        [
            "Windows 8.1 for x64-based Systems",
            "Windows 8.1 for x64-based systems"
        ]
    );
}

#[test]
fn architecture_texts_as_sources_print_them() {
    let cases = [
        ("x64-based PC", Some(Architecture::X64)),
        ("X86-based PC", Some(Architecture::X86)),
        ("ARM64-based PC", Some(Architecture::Arm64)),
        ("AMD64", Some(Architecture::X64)),
        ("x86", Some(Architecture::X86)),
        ("x86_64", Some(Architecture::X64)),
        ("ARM64", Some(Architecture::Arm64)),
        ("ARM 64-bit Processor", Some(Architecture::Arm64)),
        ("64-bit", Some(Architecture::X64)),
        ("32-bit", Some(Architecture::X86)),
        ("64 ビット", Some(Architecture::X64)),
        ("32 ビット", Some(Architecture::X86)),
        ("64 bits", Some(Architecture::X64)),
        ("64-Bit", Some(Architecture::X64)),
        ("64 位", Some(Architecture::X64)),
        ("ARM-based PC", Some(Architecture::Arm32)),
        ("Itanium-based PC", Some(Architecture::Itanium)),
        ("", None),
        ("N/A", None),
        ("Unknown", None),
    ];
    for (text, expected) in cases {
        assert_eq!(Architecture::parse(text), expected, "{text:?}");
    }
}

#[test]
fn localised_architecture_text_names_the_product() {
    for text in ["64 ビット", "AMD64", "64 bits", "x64-based PC"] {
        let machine = windows("10.0.19045.2486", Some(text), "Client");
        assert_eq!(
            expected_os_product(&machine).as_deref(),
            Some(W10_22H2_X64),
            "{text:?}"
        );
    }
    let arm = windows("10.0.19045.2486", Some("ARM64-based PC"), "Client");
    assert_eq!(
        os_products(&fixture_catalog().map(&arm)),
        ["Windows 10 Version 22H2 for ARM64-based Systems"]
    );
}

#[test]
fn the_build_decides_the_family_whatever_the_product_name_says() {
    // Windows 11 keeps "Windows 10 Pro" as its registry ProductName.
    let mut machine = windows("10.0.22631.2861", Some("AMD64"), "Client");
    machine.os_name = Some("Windows 10 Pro".to_owned());
    machine.os_display_version = Some("23H2".to_owned());
    let w11_23h2 = "Windows 11 Version 23H2 for x64-based Systems";
    assert_eq!(expected_os_product(&machine).as_deref(), Some(w11_23h2));
    // The fixtures predate 23H2: nothing to map to, and no Windows 10 name instead.
    assert!(os_products(&fixture_catalog().map(&machine)).is_empty());
    let catalog = catalog_with(&[w11_23h2, W10_22H2_X64]);
    let mappings = catalog.map(&machine);
    assert_eq!(os_products(&mappings), [w11_23h2]);
    assert_eq!(
        mappings[0].reason,
        os_reason(
            "Windows 11",
            Some("23H2"),
            Some("x64"),
            false,
            "10.0.22631.2861"
        )
    );
}

#[test]
fn a_windows_11_release_newer_than_the_table_is_named_by_its_display_version() {
    let mut machine = windows("10.0.26300.100", Some("x64-based PC"), "Client");
    assert_eq!(expected_os_product(&machine), None);
    machine.os_display_version = Some("26H2".to_owned());
    assert_eq!(
        expected_os_product(&machine).as_deref(),
        Some("Windows 11 Version 26H2 for x64-based Systems")
    );
    // A build between known ones is no release PatchDesk can name.
    machine.os_build = Some("10.0.22630".parse().unwrap());
    assert_eq!(expected_os_product(&machine), None);
}

#[test]
fn unknown_architecture_gives_no_name_where_the_name_needs_one() {
    for build in ["10.0.19045.2364", "10.0.22000.1335", "6.1.7601"] {
        for architecture in [None, Some("Unknown")] {
            let machine = windows(build, architecture, "Client");
            assert_eq!(
                expected_os_product(&machine),
                None,
                "{build} {architecture:?}"
            );
            // No OS product, and no .NET Framework row either: those are per OS product.
            assert!(fixture_catalog().map(&machine).is_empty(), "{build}");
        }
    }
    // Server 2012 and later exist for x64 only and their names carry no architecture.
    let server = windows("10.0.17763.3650", None, "Server");
    assert_eq!(
        expected_os_product(&server).as_deref(),
        Some("Windows Server 2019")
    );
    let mappings = fixture_catalog().map(&server);
    assert_eq!(mappings[0].product, "Windows Server 2019");
    assert_eq!(
        mappings[0].reason,
        os_reason("Windows Server 2019", None, None, false, "10.0.17763.3650")
    );
    // Server 2008 R2 also came for Itanium: its name needs the architecture.
    assert_eq!(
        expected_os_product(&windows("6.1.7601", None, "Server")),
        None
    );
}

#[test]
fn too_thin_os_facts_name_nothing() {
    let mut machine = windows("10.0.19045", Some("x64-based PC"), "Client");
    machine.os_build = None;
    machine.os_name = Some("Microsoft Windows 10 Pro".to_owned());
    assert_eq!(expected_os_product(&machine), None);
    assert!(fixture_catalog().map(&machine).is_empty());
    // A 32-bit Windows 11 does not exist.
    assert_eq!(
        expected_os_product(&windows("10.0.22621", Some("X86-based PC"), "Client")),
        None
    );
}

#[test]
fn semi_annual_servers_exist_as_server_core_only() {
    let machine = windows("10.0.18363.1256", Some("x64-based PC"), "Server");
    let mappings = fixture_catalog().map(&machine);
    assert_eq!(
        os_products(&mappings),
        ["Windows Server, version 1909 (Server Core installation)"]
    );
    assert_eq!(
        mappings[0].reason,
        os_reason(
            "Windows Server",
            Some("1909"),
            Some("x64"),
            true,
            "10.0.18363.1256"
        )
    );
    let server_2022_23h2 = windows("10.0.25398.584", Some("x64-based PC"), "Server");
    assert_eq!(
        expected_os_product(&server_2022_23h2).as_deref(),
        Some("Windows Server 2022, 23H2 Edition (Server Core installation)")
    );
}

#[test]
fn build_26100_is_windows_11_24h2_or_server_2025() {
    let client = windows("10.0.26100.2605", Some("x64-based PC"), "Client");
    assert_eq!(
        expected_os_product(&client).as_deref(),
        Some("Windows 11 Version 24H2 for x64-based Systems")
    );
    let mut server = windows("10.0.26100.2605", Some("x64-based PC"), "Server");
    server.os_name = Some("Microsoft Windows Server 2025 Standard".to_owned());
    assert_eq!(
        expected_os_product(&server).as_deref(),
        Some("Windows Server 2025")
    );
}

#[test]
fn old_windows_names_and_the_bulletin_microsoft_prefix() {
    // The 2001–2008 Bulletin Search fixture names `Microsoft Windows 2000 Service Pack 4`.
    let windows_2000 = windows("5.0.2195", Some("X86-based PC"), "Client");
    assert_eq!(
        products(&fixture_catalog().map(&windows_2000)),
        ["Microsoft Windows 2000 Service Pack 4"]
    );
    // The newer one names `Windows 10 Version 1511 for x64-based Systems`.
    let windows_1511 = windows("10.0.10586", Some("x64-based PC"), "Client");
    assert_eq!(
        os_products(&fixture_catalog().map(&windows_1511)),
        ["Windows 10 Version 1511 for x64-based Systems"]
    );

    // Windows XP keeps build 2600 across service packs: every serviced one is claimed.
    let xp = windows("5.1.2600", Some("X86-based PC"), "Client");
    assert_eq!(expected_os_product(&xp).as_deref(), Some("Windows XP"));
    let catalog = catalog_with(&[
        "Microsoft Windows XP Service Pack 2",
        "Windows XP Service Pack 3",
        "Windows XP Professional x64 Edition Service Pack 2",
    ]);
    assert_eq!(
        products(&catalog.map(&xp)),
        [
            "Microsoft Windows XP Service Pack 2",
            "Windows XP Service Pack 3"
        ]
    );

    let vista = windows("6.0.6002", Some("x64-based PC"), "Client");
    assert_eq!(
        expected_os_product(&vista).as_deref(),
        Some("Windows Vista x64 Edition Service Pack 2")
    );
    let server_2008 = windows("6.0.6003", Some("X86-based PC"), "Server");
    assert_eq!(
        products(&fixture_catalog().map(&server_2008)),
        ["Windows Server 2008 for 32-bit Systems Service Pack 2"]
    );
}

#[test]
fn edge_and_microsoft_365_from_the_collector_fixture() {
    let machine = fixture_machine("inventory/collector/SOUMU-PC02-20260105-093000.json");
    assert_eq!(
        expected_os_product(&machine).as_deref(),
        Some("Windows 11 Version 23H2 for x64-based Systems")
    );
    let mappings = fixture_catalog().map(&machine);
    assert_eq!(
        mappings,
        [
            ProductMapping {
                product: "Microsoft 365 Apps for Enterprise for 64-bit Systems".to_owned(),
                reason: program_reason(
                    "Microsoft 365 Apps for enterprise - ja-jp",
                    "16.0.17029.20108"
                ),
            },
            ProductMapping {
                product: "Microsoft Edge (Chromium-based)".to_owned(),
                reason: program_reason("Microsoft Edge", "120.0.2210.91"),
            },
        ]
    );
}

#[test]
fn office_2010_from_the_glpi_fixture_maps_the_suite_and_its_applications() {
    let machine = fixture_machine("inventory/glpi/glpi_fusioninventory_win81_fr.xml");
    let office = "Microsoft Office Famille et Petite Entreprise 2010";
    let mappings = fixture_catalog().map(&machine);
    assert_eq!(
        products(&mappings),
        [
            "Windows 8.1 for x64-based systems",
            "Microsoft Excel 2010 Service Pack 2 (64-bit editions)",
            "Microsoft Office 2010 Service Pack 2 (64-bit editions)",
            "Microsoft Outlook 2010 Service Pack 2 (64-bit editions)",
            "Microsoft PowerPoint 2010 Service Pack 2 (64-bit editions)",
        ]
    );
    for mapping in &mappings[1..] {
        assert_eq!(mapping.reason, program_reason(office, "14.0.7015.1000"));
    }
}

#[test]
fn office_versions_and_bitness() {
    let x64 = || windows("10.0.19045.2364", Some("x64-based PC"), "Client");
    let office_products = |machine: &MachineFacts| -> Vec<String> {
        fixture_catalog()
            .map(machine)
            .into_iter()
            .filter(|m| matches!(m.reason, MappingReason::Program { .. }))
            .map(|m| m.product)
            .collect()
    };

    // Click-to-Run from 2019 on: the catalog names the suite only.
    let pro_plus_2019 = with_programs(
        x64(),
        &[(
            "Microsoft Office Professional Plus 2019 - ja-jp",
            "16.0.10393.20026",
        )],
    );
    assert_eq!(
        office_products(&pro_plus_2019),
        ["Microsoft Office 2019 for 64-bit editions"]
    );

    // Bitness follows Windows when nothing else says: 32-bit Windows, 32-bit Office.
    let ltsc_2021 = with_programs(
        windows("10.0.19045.2364", Some("X86-based PC"), "Client"),
        &[(
            "Microsoft Office LTSC Professional Plus 2021 - en-us",
            "16.0.14332.20447",
        )],
    );
    assert_eq!(
        office_products(&ltsc_2021),
        ["Microsoft Office LTSC 2021 for 32-bit editions"]
    );

    // MSI Office 2016, 32-bit on 64-bit Windows as its components entry says.
    let office_2016 = with_programs(
        x64(),
        &[
            ("Microsoft Office 2016", "16.0.4266.1001"),
            ("Microsoft Office 32-bit Components 2016", "16.0.4266.1001"),
            ("Microsoft Visio Viewer 2016", "16.0.4266.1001"),
        ],
    );
    assert_eq!(
        office_products(&office_2016),
        [
            "Microsoft Excel 2016 (32-bit edition)",
            "Microsoft Office 2016 (32-bit edition)",
            "Microsoft Outlook 2016 (32-bit edition)",
            "Microsoft PowerPoint 2016 (32-bit edition)",
            "Microsoft Word 2016 (32-bit edition)",
        ]
    );

    // Home and Student has no Outlook. A "(32-bit)" in the name wins over Windows' width,
    // and tells the Visio of the same year too.
    let student = with_programs(
        windows("10.0.19045.2364", Some("64-bit"), "Client"),
        &[
            (
                "Microsoft Office Home and Student 2016 (32-bit)",
                "16.0.4266.1001",
            ),
            ("Microsoft Visio Professional 2016", "16.0.4266.1001"),
        ],
    );
    assert_eq!(
        office_products(&student),
        [
            "Microsoft Excel 2016 (32-bit edition)",
            "Microsoft Office 2016 (32-bit edition)",
            "Microsoft PowerPoint 2016 (32-bit edition)",
            "Microsoft Visio 2016 (32-bit edition)",
            "Microsoft Word 2016 (32-bit edition)",
        ]
    );

    // Unknown architecture: both editions (they share their KBs).
    let mut unknown = with_programs(
        x64(),
        &[(
            "Microsoft Office Professional Plus 2019",
            "16.0.10393.20026",
        )],
    );
    unknown.architecture = None;
    assert_eq!(
        office_products(&unknown),
        [
            "Microsoft Office 2019 for 32-bit editions",
            "Microsoft Office 2019 for 64-bit editions",
        ]
    );
}

#[test]
fn click_to_run_office_2016_is_not_the_msi_product() {
    let machine = with_programs(
        windows("10.0.19045.2364", Some("x64-based PC"), "Client"),
        &[(
            "Microsoft Office Professional Plus 2016 - en-us",
            "16.0.4266.1001",
        )],
    );
    // The fixtures only name the MSI Office 2016: nothing.
    assert_eq!(products(&fixture_catalog().map(&machine)).len(), 2);
    let c2r = "Microsoft Office 2016 Click-to-Run (C2R) for 64-bit editions";
    let catalog = catalog_with(&[c2r]);
    let mappings = catalog.map(&machine);
    assert_eq!(products(&mappings)[2..], [c2r]);
}

#[test]
fn sql_server_maps_to_every_servicing_track_of_its_release() {
    let catalog = catalog_with(&[
        "Microsoft SQL Server 2019 for x64-based Systems (GDR)",
        "Microsoft SQL Server 2019 for x64-based Systems (CU 18)",
        "Microsoft SQL Server 2017 for x64-based Systems (GDR)",
        "Microsoft SQL Server 2019 Integration Services for Visual Studio 2019",
        "Microsoft SQL Server 2014 Service Pack 3 for 32-bit Systems (GDR)",
        "Microsoft SQL Server 2014 Service Pack 3 for x64-based Systems (GDR)",
        "Microsoft SQL Server 2008 for x64-based Systems Service Pack 4 (QFE)",
        "Microsoft SQL Server 2008 R2 for x64-based Systems Service Pack 3 (QFE)",
    ]);
    let server = |programs: &[(&str, &str)]| {
        let machine = with_programs(
            windows("10.0.17763.3650", Some("x64-based PC"), "Server"),
            programs,
        );
        catalog
            .map(&machine)
            .into_iter()
            .filter(|m| matches!(m.reason, MappingReason::Program { .. }))
            .map(|m| m.product)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        server(&[
            ("Microsoft SQL Server 2019 (64-bit)", "15.0.4261.1"),
            ("Microsoft SQL Server 2019 Setup (English)", "15.0.4261.1"),
            (
                "Microsoft SQL Server Management Studio - 19.0",
                "16.100.47021.0"
            ),
            ("Microsoft SQL Server 2012 Native Client", "11.4.7462.6"),
        ]),
        [
            "Microsoft SQL Server 2019 for x64-based Systems (CU 18)",
            "Microsoft SQL Server 2019 for x64-based Systems (GDR)",
        ]
    );
    assert_eq!(
        server(&[("Microsoft SQL Server 2014 (32-bit)", "12.0.6024.0")]),
        ["Microsoft SQL Server 2014 Service Pack 3 for 32-bit Systems (GDR)"]
    );
    assert_eq!(
        server(&[("Microsoft SQL Server 2008 R2 (64-bit)", "10.53.6000.34")]),
        ["Microsoft SQL Server 2008 R2 for x64-based Systems Service Pack 3 (QFE)"]
    );
    assert_eq!(
        server(&[("Microsoft SQL Server 2008 (64-bit)", "10.4.6000.29")]),
        ["Microsoft SQL Server 2008 for x64-based Systems Service Pack 4 (QFE)"]
    );
}

#[test]
fn dotnet_runtimes_map_to_their_major_minor_once() {
    let machine = with_programs(
        windows("10.0.19045.2364", Some("x64-based PC"), "Client"),
        &[
            ("Microsoft .NET Runtime - 6.0.12 (x86)", "48.51.27655"),
            ("Microsoft .NET Runtime - 6.0.12 (x64)", "48.51.27655"),
            ("Microsoft .NET Host - 6.0.12 (x64)", "48.51.27655"),
            (
                "Microsoft Windows Desktop Runtime - 7.0.1 (x64)",
                "56.4.32003",
            ),
            ("Microsoft .NET Core Runtime - 3.1.32 (x64)", "24.96.31915"),
            ("Microsoft .NET Targeting Pack - 8.0.0 (x64)", "64.0.23532"),
            ("Microsoft .NET Framework 4.8 Targeting Pack", "4.8.03761"),
        ],
    );
    let mappings = fixture_catalog().map(&machine);
    let dotnet: Vec<&ProductMapping> = mappings
        .iter()
        .filter(|m| matches!(m.reason, MappingReason::Program { .. }))
        .collect();
    assert_eq!(
        dotnet,
        [
            &ProductMapping {
                product: ".NET 6.0".to_owned(),
                reason: program_reason("Microsoft .NET Host - 6.0.12 (x64)", "48.51.27655"),
            },
            &ProductMapping {
                product: ".NET 7.0".to_owned(),
                reason: program_reason(
                    "Microsoft Windows Desktop Runtime - 7.0.1 (x64)",
                    "56.4.32003"
                ),
            },
            &ProductMapping {
                product: ".NET Core 3.1".to_owned(),
                reason: program_reason("Microsoft .NET Core Runtime - 3.1.32 (x64)", "24.96.31915"),
            },
        ]
    );
}

#[test]
fn programs_are_mapped_only_when_listed_and_only_to_catalog_names() {
    let listed = with_programs(
        windows("10.0.19045.2364", Some("x64-based PC"), "Client"),
        &[
            ("Microsoft Edge", "120.0.2210.91"),
            ("Microsoft Edge Update", "1.3.183.29"),
            ("Microsoft Edge WebView2 Runtime", "120.0.2210.91"),
            ("Google Chrome", "120.0.6099.130"),
        ],
    );
    let mappings = fixture_catalog().map(&listed);
    assert_eq!(
        products(&mappings)[2..],
        ["Microsoft Edge (Chromium-based)"]
    );
    // An empty catalog knows nothing, however much the machine runs.
    assert!(map_products(&listed, &[]).is_empty());

    let mut unlisted = listed.clone();
    unlisted.programs = None;
    assert_eq!(products(&fixture_catalog().map(&unlisted)).len(), 2);
}

#[test]
fn expected_os_products_of_the_fixture_inventories() {
    let cases = [
        (
            "systeminfo/10_1803_x64_education_en-us_systeminfo.txt",
            Some("Windows 10 Version 1803 for x64-based Systems"),
        ),
        (
            "systeminfo/10_1809_x64_education_es_systeminfo.txt",
            Some("Windows 10 Version 1809 for x64-based Systems"),
        ),
        (
            "systeminfo/10_21H2_x64_pro_systeminfo.txt",
            Some("Windows 10 Version 21H2 for x64-based Systems"),
        ),
        (
            "systeminfo/11_22H2_x64_home-single-language_systeminfo.txt",
            Some("Windows 11 Version 22H2 for x64-based Systems"),
        ),
        (
            "systeminfo/7_sp1_x64_enterprise_fr_systeminfo_powershell.txt",
            Some("Windows 7 for x64-based Systems Service Pack 1"),
        ),
        (
            "systeminfo/8.1_u1_x64_enterprise_en-us_systeminfo.txt",
            Some("Windows 8.1 for x64-based systems"),
        ),
        (
            "systeminfo/ja_10_22H2_x64_pro_cp932.txt",
            Some(W10_22H2_X64),
        ),
        (
            "systeminfo/srv_2008r2_sp1_x64_standard_en-us_systeminfo.txt",
            Some("Windows Server 2008 R2 for x64-based Systems Service Pack 1"),
        ),
        (
            "systeminfo/srv_2012r2_u1_systeminfo.txt",
            Some("Windows Server 2012 R2"),
        ),
        (
            "systeminfo/srv_2016_1607_datacenter_en-us_systeminfo.txt",
            Some("Windows Server 2016"),
        ),
        (
            "systeminfo/srv_2019_rtm_datacenter_en-us_systeminfo.txt",
            Some("Windows Server 2019"),
        ),
        (
            "systeminfo/xp_sp3_x86_professional_en-us_systeminfo.txt",
            Some("Windows XP"),
        ),
        (
            "glpi/glpi_fusioninventory_win81_fr.xml",
            Some("Windows 8.1 for x64-based systems"),
        ),
        (
            "collector/SOUMU-PC02-20260105-093000.json",
            Some("Windows 11 Version 23H2 for x64-based Systems"),
        ),
    ];
    for (file, expected) in cases {
        let machine = fixture_machine(&format!("inventory/{file}"));
        assert_eq!(expected_os_product(&machine).as_deref(), expected, "{file}");
    }
}

#[test]
fn server_2016_in_the_fixtures_maps_both_spellings_of_its_core_variant() {
    let machine = windows("10.0.14393.5582", Some("x64-based PC"), "Server Core");
    assert_eq!(
        os_products(&fixture_catalog().map(&machine)),
        [
            "Windows Server 2016  (Server Core installation)",
            "Windows Server 2016 (Server Core installation)",
        ]
    );
}

#[test]
fn reasons_serialise_with_their_kind() {
    let machine = with_programs(
        windows("10.0.19045.2364", Some("x64-based PC"), "Client"),
        &[("Microsoft Edge", "120.0.2210.91")],
    );
    let mappings = fixture_catalog().map(&machine);
    let json = serde_json::to_value(&mappings).unwrap();
    assert_eq!(
        json[0],
        serde_json::json!({
            "product": W10_22H2_X64,
            "reason": {
                "kind": "os",
                "family": "Windows 10",
                "version": "22H2",
                "architecture": "x64",
                "server_core": false,
                "build": "10.0.19045.2364",
            },
        })
    );
    assert_eq!(
        json[2],
        serde_json::json!({
            "product": "Microsoft Edge (Chromium-based)",
            "reason": {"kind": "program", "name": "Microsoft Edge", "version": "120.0.2210.91"},
        })
    );
}
