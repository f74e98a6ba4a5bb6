//! The inventory CLI contract of issue 2/7: `import inventory`, `machines list --json`,
//! `group create|assign|list`, run on the real fixture files.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::{patchdesk, stderr, stdout};

fn fixture(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/inventory")
        .join(path)
        .display()
        .to_string()
}

fn machines(db: &std::path::Path) -> Vec<Value> {
    let output = patchdesk(db, &["machines", "list", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str::<Value>(&stdout(&output))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn machine<'a>(machines: &'a [Value], hostname: &str) -> &'a Value {
    machines
        .iter()
        .find(|m| m["hostname"] == hostname)
        .unwrap_or_else(|| panic!("{hostname} not imported"))
}

fn kbs(machine: &Value) -> Vec<&str> {
    machine["installed_kbs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kb| kb.as_str().unwrap())
        .collect()
}

#[test]
fn real_systeminfo_outputs_in_many_languages_and_encodings_import_with_their_facts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let files = [
        "systeminfo/7_sp1_x64_enterprise_fr_systeminfo_powershell.txt",
        "systeminfo/10_1803_x64_pro_it_systeminfo.txt",
        "systeminfo/ja_10_22H2_x64_pro_cp932.txt",
        "systeminfo/srv_2019_rtm_datacenter_en-us_systeminfo.txt",
        "systeminfo/xp_sp3_x86_professional_en-us_systeminfo.txt",
    ]
    .map(fixture);
    let mut args = vec!["import", "inventory", "--json"];
    args.extend(files.iter().map(String::as_str));
    let output = patchdesk(&db, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let encodings: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["encoding"].as_str().unwrap())
        .collect();
    assert_eq!(
        encodings,
        ["UTF-16LE", "CP850", "Shift_JIS (CP932)", "UTF-8", "UTF-8"]
    );
    assert!(
        report
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["status"] == "imported")
    );

    let machines = machines(&db);
    assert_eq!(machines.len(), 5);
    let french = machine(&machines, "WIN-IDKKFN87EL8");
    assert_eq!(french["os_name"], "Microsoft Windows 7 Entreprise N");
    assert_eq!(french["os_build"], "6.1.7601");
    assert_eq!(french["architecture"], "x64-based PC");
    let french_kbs = kbs(french);
    assert_eq!(french_kbs.len(), 93);
    assert!(french_kbs.contains(&"KB2491683") && french_kbs.contains(&"KB4493472"));

    let italian = machine(&machines, "PC044");
    assert_eq!(italian["os_build"], "10.0.17134");
    assert_eq!(kbs(italian).len(), 10);

    let japanese = machine(&machines, "SOUMU-PC01");
    assert_eq!(japanese["os_build"], "10.0.19045");
    assert_eq!(
        kbs(japanese),
        ["KB5017264", "KB5020683", "KB5021233", "KB5022282"]
    );
    assert_eq!(japanese["domain"], "SAKURA");

    let server = machine(&machines, "WIN-O863JARO7CM");
    assert_eq!(server["os_build"], "10.0.17763");
    assert!(server["os_name"].as_str().unwrap().contains("Server 2019"));
    let xp = machine(&machines, "WINXPSP3");
    assert_eq!(xp["os_build"], "5.1.2600");
    assert!(xp["last_scan"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn one_machine_seen_through_several_sources_is_one_machine_with_the_newest_facts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    // The same PC printed twice (CP932 and UTF-16LE), then its collector JSON names it in
    // another case with its full build: still one machine, now with the revision (UBR).
    for file in [
        "systeminfo/ja_10_22H2_x64_pro_cp932.txt",
        "systeminfo/ja_10_22H2_x64_pro_utf16le.txt",
    ] {
        let output = patchdesk(&db, &["import", "inventory", &fixture(file)]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let machines = machines(&db);
    assert_eq!(machines.len(), 1);

    let collector = patchdesk(
        &db,
        &[
            "import",
            "inventory",
            &fixture("collector/SOUMU-PC02-20260105-093000.json"),
        ],
    );
    assert!(collector.status.success(), "{}", stderr(&collector));
    let machines = self::machines(&db);
    let pc02 = machine(&machines, "SOUMU-PC02");
    assert_eq!(pc02["os_build"], "10.0.22631.2861");
    assert_eq!(pc02["last_scan"], "2026-01-05T00:30:00Z");
}

#[test]
fn a_bad_file_fails_alone_and_writes_nothing_while_good_files_go_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let garbage = dir.path().join("notes.txt");
    std::fs::write(&garbage, "Meeting notes\nnothing to see\n").unwrap();
    let output = patchdesk(
        &db,
        &[
            "import",
            "inventory",
            garbage.to_str().unwrap(),
            &fixture("wmic-qfe/10_1803_x64_proforworkstations_en-us_B_20190306_qfe.txt"),
            &fixture("systeminfo/srv_2016_1607_datacenter_en-us_systeminfo.txt"),
        ],
    );
    assert!(
        !output.status.success(),
        "a failed file makes the exit code non-zero"
    );
    let text = stdout(&output);
    assert!(text.contains("notes.txt: FAILED"), "{text}");
    assert!(text.contains("the file is empty"), "{text}");
    assert!(stderr(&output).contains("2 of 3 file(s) could not be imported"));
    let machines = machines(&db);
    assert_eq!(machines.len(), 1);
    assert_eq!(machines[0]["hostname"], "MYSERVER");
}

#[test]
fn a_hotfix_list_without_a_computer_name_needs_host_and_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let qfe = fixture("wmic-qfe/10_1803_x64_proforworkstations_en-us_A_20190305_qfe.txt");
    let unnamed = patchdesk(&db, &["import", "inventory", &qfe]);
    assert!(!unnamed.status.success());
    assert!(
        stdout(&unnamed).contains("--host NAME"),
        "{}",
        stdout(&unnamed)
    );

    let dry = patchdesk(
        &db,
        &[
            "import",
            "inventory",
            "--dry-run",
            "--host",
            "DESKTOP-OOF6NB5",
            &qfe,
        ],
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("nothing written"));
    assert!(machines(&db).is_empty());

    let named = patchdesk(
        &db,
        &["import", "inventory", "--host", "DESKTOP-OOF6NB5", &qfe],
    );
    assert!(named.status.success(), "{}", stderr(&named));
    let machines = machines(&db);
    assert_eq!(
        kbs(&machines[0]),
        ["KB4462930", "KB4485449", "KB4487017", "KB4487038"]
    );
}

#[test]
fn groups_and_rings_keep_their_machines_across_reimports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let files = [
        fixture("systeminfo/ja_10_22H2_x64_pro_cp932.txt"),
        fixture("systeminfo/srv_2016_1607_datacenter_en-us_systeminfo.txt"),
        fixture("collector/SOUMU-PC02-20260105-093000.json"),
    ];
    let mut args = vec!["import", "inventory"];
    args.extend(files.iter().map(String::as_str));
    assert!(patchdesk(&db, &args).status.success());

    assert!(
        patchdesk(&db, &["group", "create", "pilot", "--ring"])
            .status
            .success()
    );
    assert!(
        patchdesk(&db, &["group", "create", "総務部", "--hosts", "SOUMU-*"])
            .status
            .success()
    );
    let assign = patchdesk(
        &db,
        &[
            "group",
            "assign",
            "pilot",
            "soumu-pc01.sakura.local",
            "MYSERVER",
        ],
    );
    assert!(assign.status.success(), "{}", stderr(&assign));
    let unknown = patchdesk(&db, &["group", "assign", "pilot", "NO-SUCH-PC"]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("NO-SUCH-PC"));
    let duplicate = patchdesk(&db, &["group", "create", "PILOT"]);
    assert!(stderr(&duplicate).contains("already exists"));

    // Re-importing changes nothing about membership.
    assert!(patchdesk(&db, &args).status.success());
    let groups: Value =
        serde_json::from_str(&stdout(&patchdesk(&db, &["group", "list", "--json"]))).unwrap();
    let groups = groups.as_array().unwrap();
    assert_eq!(groups[0]["name"], "pilot");
    assert_eq!(groups[0]["ring"], true);
    assert_eq!(
        groups[0]["machines"],
        serde_json::json!(["MYSERVER", "SOUMU-PC01"])
    );
    assert_eq!(groups[1]["name"], "総務部");
    assert_eq!(groups[1]["ring"], false);
    assert_eq!(
        groups[1]["machines"],
        serde_json::json!(["SOUMU-PC01", "SOUMU-PC02"])
    );

    let machines = machines(&db);
    assert_eq!(
        machine(&machines, "SOUMU-PC01")["groups"],
        serde_json::json!(["pilot", "総務部"])
    );

    let removed = patchdesk(&db, &["group", "unassign", "pilot", "MYSERVER"]);
    assert!(removed.status.success(), "{}", stderr(&removed));
    let groups: Value =
        serde_json::from_str(&stdout(&patchdesk(&db, &["group", "list", "--json"]))).unwrap();
    assert_eq!(groups[0]["machines"], serde_json::json!(["SOUMU-PC01"]));

    let audit = stdout(&patchdesk(&db, &["audit", "list", "--json"]));
    for action in ["group.create", "group.assign", "group.unassign"] {
        assert!(audit.contains(action), "{action} is audited");
    }
}
