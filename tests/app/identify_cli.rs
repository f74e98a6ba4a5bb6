//! The identify CLI contract (phase 2 識別): `import catalog`, `findings`, `fixes`, `explain`,
//! `suppress`, `mapping` and `catalog fetch`, run as the real binary on a temporary database
//! with the real fixture files. Scripts parse these outputs, so the tests check the fields and
//! their JSON types, and the golden cases of docs/domain.md "Matching".

mod msrc_mirror;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use serde_json::Value;

use crate::support::{new_database, patchdesk, stderr, stdout};
use msrc_mirror::MsrcMirror;

/// The three monthly MSRC documents of the golden cases, the CISA KEV catalog and a Bulletin
/// Search spreadsheet.
const CATALOGS: [&str; 5] = [
    "msrc/cvrfDocument-2022-Nov.xml",
    "msrc/cvrfDocument-2022-Dec.xml",
    "msrc/cvrfDocument-2023-Jan.xml",
    "kev/known_exploited_vulnerabilities.json",
    "bulletin/BulletinSearch_vuls_fixture.xlsx",
];

/// DESKTOP: Windows 10 21H2 x64, build 10.0.19044 without a revision, updates of mid-2022.
const DESKTOP_21H2: &str = "inventory/systeminfo/10_21H2_x64_pro_systeminfo.txt";
/// SOUMU-PC01: Windows 10 22H2 x64 (Japanese, CP932) with KB5021233 and KB5022282 installed.
const SOUMU_22H2: &str = "inventory/systeminfo/ja_10_22H2_x64_pro_cp932.txt";

const GOLDEN_CVE: &str = "CVE-2023-21674";
const WINDOWS_21H2: &str = "Windows 10 Version 21H2 for x64-based Systems";
const WINDOWS_22H2: &str = "Windows 10 Version 22H2 for x64-based Systems";

/// The fields the issue promises in each `findings` object and CSV row.
const FINDING_FIELDS: [&str; 9] = [
    "hostname",
    "cve",
    "product",
    "kb",
    "severity",
    "exploited",
    "kev",
    "status",
    "released",
];

fn fixture(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
        .display()
        .to_string()
}

/// Runs a command that must succeed; returns its stdout.
fn run(db: &Path, args: &[&str]) -> String {
    let output = patchdesk(db, args);
    assert!(
        output.status.success(),
        "patchdesk {}: {}",
        args.join(" "),
        stderr(&output)
    );
    stdout(&output)
}

/// Runs a command that must succeed and print a JSON array.
fn run_json(db: &Path, args: &[&str]) -> Vec<Value> {
    let text = run(db, args);
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) => items,
        other => panic!("patchdesk {}: not a JSON array: {other:?}", args.join(" ")),
    }
}

fn import(db: &Path, kind: &str, files: &[String]) -> Vec<Value> {
    let mut args = vec!["import", kind, "--json"];
    args.extend(files.iter().map(String::as_str));
    run_json(db, &args)
}

fn findings(db: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["findings", "--json"];
    args.extend_from_slice(extra);
    run_json(db, &args)
}

fn find<'a>(findings: &'a [Value], host: &str, cve: &str) -> Option<&'a Value> {
    findings
        .iter()
        .find(|f| f["hostname"] == host && f["cve"] == cve)
}

fn audit_actions(db: &Path) -> Vec<Value> {
    run_json(db, &["audit", "list", "--json"])
}

/// KEIRI-PC03 as the PatchDesk collector reports it: Windows 10 22H2 x64 at 10.0.19045.2364,
/// i.e. December's cumulative update (KB5021233) and not January's. The collector carries the
/// revision that systeminfo lacks, so this is the golden case decided by FixedBuild.
fn keiri_collector(dir: &Path) -> String {
    // Written out rather than built with json!: the collector puts `schema` first, and that
    // opening is how the file is recognised.
    const FILE: &str = r#"{
  "schema": "patchdesk-inventory/1",
  "collector_version": "1.0.0",
  "collected_at": "2023-01-05T09:30:00+09:00",
  "hostname": "KEIRI-PC03",
  "os": {
    "caption": "Microsoft Windows 10 Pro",
    "product_name": "Windows 10 Pro",
    "edition_id": "Professional",
    "display_version": "22H2",
    "version": "10.0.19045",
    "current_build": "19045",
    "ubr": 2364,
    "processor_architecture": "AMD64",
    "installation_type": "Client"
  },
  "updates": [
    {"kb": "KB5021233", "installed_on": "2022-12-14", "source": "Get-HotFix",
     "description": "Security Update"}
  ]
}"#;
    let path = dir.join("KEIRI-PC03-20230105.json");
    std::fs::write(&path, FILE).unwrap();
    path.display().to_string()
}

/// A database with the three machines and every catalog: DESKTOP and KEIRI-PC03 miss the fix
/// for CVE-2023-21674, SOUMU-PC01 has it.
fn office() -> (tempfile::TempDir, PathBuf) {
    let (dir, db) = new_database();
    let inventories = [
        fixture(DESKTOP_21H2),
        fixture(SOUMU_22H2),
        keiri_collector(dir.path()),
    ];
    import(&db, "inventory", &inventories);
    import(&db, "catalog", &CATALOGS.map(fixture));
    (dir, db)
}

/// (document id, outcome) of each document the `import catalog --json` reports stored.
fn document_outcomes(reports: &[Value]) -> Vec<(String, String)> {
    reports
        .iter()
        .flat_map(|r| r["stored_catalog"]["documents"].as_array().cloned())
        .flatten()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_owned(),
                d["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn import_catalog_reports_each_file_and_a_second_import_changes_nothing() {
    let (_dir, db) = new_database();
    let files = CATALOGS.map(fixture);

    let first = import(&db, "catalog", &files);
    assert_eq!(first.len(), 5, "one object per file");
    for (report, file) in first.iter().zip(&files) {
        assert_eq!(report["file"], file.as_str());
        assert_eq!(report["status"], "imported", "{report}");
    }
    let formats: Vec<&str> = first
        .iter()
        .map(|r| r["format"].as_str().unwrap())
        .collect();
    assert_eq!(
        formats,
        [
            "cvrf-xml",
            "cvrf-xml",
            "cvrf-xml",
            "kev-json",
            "bulletin-xlsx"
        ]
    );
    assert_eq!(
        document_outcomes(&first),
        pairs(&[
            ("2022-Nov", "added"),
            ("2022-Dec", "added"),
            ("2023-Jan", "added"),
            ("MS17-023", "added"),
        ])
    );
    assert_eq!(first[3]["stored_catalog"]["kev"]["outcome"], "added");

    let second = import(&db, "catalog", &files);
    assert!(
        second.iter().all(|r| r["status"] == "imported"),
        "{second:?}"
    );
    // MSRC documents and KEV carry a revision: the same revision again is left alone.
    assert_eq!(
        document_outcomes(&second[..3]),
        pairs(&[
            ("2022-Nov", "unchanged"),
            ("2022-Dec", "unchanged"),
            ("2023-Jan", "unchanged"),
        ])
    );
    assert_eq!(second[3]["stored_catalog"]["kev"]["outcome"], "unchanged");
    // Bulletin Search rows have no revision, and the spreadsheet is their only source, so a
    // re-import replaces each bulletin by design (store::catalog::store_bulletins).
    assert_eq!(
        document_outcomes(&second[4..]),
        pairs(&[("MS17-023", "replaced")])
    );

    // Either way, one copy of each document.
    let listed = run_json(&db, &["catalog", "list", "--json"]);
    let mut ids: Vec<&str> = listed.iter().map(|d| d["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["2022-Dec", "2022-Nov", "2023-Jan", "MS17-023"]);
}

#[test]
fn each_import_refuses_the_other_kind_of_file_and_names_the_right_command() {
    let (_dir, db) = new_database();

    let output = patchdesk(&db, &["import", "catalog", &fixture(DESKTOP_21H2)]);
    assert!(!output.status.success());
    let text = stdout(&output);
    assert!(
        text.contains("10_21H2_x64_pro_systeminfo.txt: this is an inventory")
            && text.contains("use `patchdesk import inventory`"),
        "{text}"
    );
    assert!(
        stderr(&output).contains("1 of 1 file(s) could not be imported"),
        "{}",
        stderr(&output)
    );
    assert!(
        run_json(&db, &["machines", "list", "--json"]).is_empty(),
        "the refused inventory was not stored"
    );

    let output = patchdesk(
        &db,
        &["import", "inventory", "--json", &fixture(CATALOGS[2])],
    );
    assert!(!output.status.success());
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report[0]["status"], "failed");
    let error = report[0]["error"].as_str().unwrap();
    assert!(
        error.starts_with("cvrfDocument-2023-Jan.xml: this is an update catalog")
            && error.contains("use `patchdesk import catalog`"),
        "{error}"
    );
    assert!(
        run_json(&db, &["catalog", "list", "--json"]).is_empty(),
        "the refused catalog was not stored"
    );
}

#[test]
fn findings_json_carries_the_contract_fields_with_their_types() {
    let (_dir, db) = office();
    let all = findings(&db, &[]);
    assert!(!all.is_empty());
    for f in &all {
        for field in [
            "hostname", "cve", "product", "severity", "status", "released",
        ] {
            assert!(f[field].is_string(), "{field} in {f}");
        }
        assert!(f["exploited"].is_boolean() && f["kev"].is_boolean(), "{f}");
        match &f["kb"] {
            Value::Null => {}
            Value::String(kb) => assert!(
                kb.len() > 2 && kb.starts_with("KB") && kb[2..].bytes().all(|b| b.is_ascii_digit()),
                "{f}"
            ),
            other => panic!("kb is {other} in {f}"),
        }
        let status = f["status"].as_str().unwrap();
        assert!(status == "missing" || status == "unknown", "{f}");
        let severity = f["severity"].as_str().unwrap();
        assert!(
            ["Critical", "Important", "Moderate", "Low", "Unrated"].contains(&severity),
            "{f}"
        );
        let released = f["released"].as_str().unwrap();
        assert!(
            released.len() == 10 && NaiveDate::parse_from_str(released, "%Y-%m-%d").is_ok(),
            "released {released:?} is not YYYY-MM-DD"
        );
    }

    // The golden case: 21H2 with only mid-2022 updates listed, and 22H2 at 10.0.19045.2364,
    // both miss January's fix; the 22H2 machine with KB5022282 installed does not.
    for (host, product) in [("DESKTOP", WINDOWS_21H2), ("KEIRI-PC03", WINDOWS_22H2)] {
        let golden = find(&all, host, GOLDEN_CVE)
            .unwrap_or_else(|| panic!("{host} should miss the fix for {GOLDEN_CVE}"));
        assert_eq!(golden["product"], product);
        assert_eq!(golden["kb"], "KB5022282");
        assert_eq!(golden["status"], "missing");
        assert_eq!(golden["severity"], "Important");
        assert_eq!(golden["kev"], true, "CISA KEV lists {GOLDEN_CVE}");
        assert_eq!(golden["exploited"], true);
        assert_eq!(golden["released"], "2023-01-10");
    }
    assert!(
        find(&all, "SOUMU-PC01", GOLDEN_CVE).is_none(),
        "KB5022282 is installed on SOUMU-PC01"
    );
}

#[test]
fn findings_rank_exploited_before_unexploited_of_the_same_severity() {
    let (_dir, db) = office();
    let all = findings(&db, &[]);

    // Within one status and severity, once an unexploited finding has been listed, no
    // exploited (or KEV) one may follow.
    let mut unexploited_seen: HashSet<(String, String)> = HashSet::new();
    for f in &all {
        let group = (f["status"].to_string(), f["severity"].to_string());
        if f["exploited"] == true || f["kev"] == true {
            assert!(
                !unexploited_seen.contains(&group),
                "{} on {} ({group:?}, exploited) ranks below an unexploited finding",
                f["cve"],
                f["hostname"]
            );
        } else {
            unexploited_seen.insert(group);
        }
    }

    // Concretely, on DESKTOP: CVE-2022-41049 (Important, KEV, CVSS 5.4) before CVE-2022-41047
    // (Important, not exploited, CVSS 8.8), so a higher score does not outrank exploitation.
    let position = |cve: &str| {
        all.iter()
            .position(|f| f["hostname"] == "DESKTOP" && f["cve"] == cve)
            .unwrap_or_else(|| panic!("DESKTOP misses {cve}"))
    };
    assert_eq!(
        find(&all, "DESKTOP", "CVE-2022-41049").unwrap()["kev"],
        true
    );
    assert_eq!(
        find(&all, "DESKTOP", "CVE-2022-41047").unwrap()["exploited"],
        false
    );
    assert!(position("CVE-2022-41049") < position("CVE-2022-41047"));
    assert!(position(GOLDEN_CVE) < position("CVE-2022-41047"));
}

#[test]
fn findings_filter_by_machine_print_csv_and_refuse_an_unknown_machine() {
    let (_dir, db) = office();
    let all = findings(&db, &[]);
    let key = |f: &Value| (f["cve"].to_string(), f["product"].to_string());

    // Hostnames are case-insensitive; the filter keeps that machine's findings, in order.
    let desktop = findings(&db, &["--machine", "desktop"]);
    assert!(!desktop.is_empty());
    assert!(desktop.iter().all(|f| f["hostname"] == "DESKTOP"));
    let expected: Vec<_> = all
        .iter()
        .filter(|f| f["hostname"] == "DESKTOP")
        .map(key)
        .collect();
    assert_eq!(desktop.iter().map(key).collect::<Vec<_>>(), expected);
    assert!(all.iter().any(|f| f["hostname"] != "DESKTOP"));

    let text = run(&db, &["findings", "--csv", "--machine", "DESKTOP"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column in {headers:?}"))
    };
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), desktop.len(), "one line per finding");
    for (record, f) in records.iter().zip(&desktop) {
        for field in FINDING_FIELDS {
            let expected = match &f[field] {
                Value::String(text) => text.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            assert_eq!(record[column(field)], expected, "{field} of {f}");
        }
    }

    let output = patchdesk(&db, &["findings", "--json", "--machine", "NO-SUCH-PC"]);
    assert!(!output.status.success());
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains("there is no machine named NO-SUCH-PC"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn findings_csv_without_findings_is_still_a_header_row() {
    // A machine but no catalog yet: nothing to report, yet a script reading the CSV needs the
    // columns (serde only writes a header with the first record).
    let (_dir, db) = new_database();
    import(&db, "inventory", &[fixture(DESKTOP_21H2)]);
    assert!(findings(&db, &[]).is_empty());

    let text = run(&db, &["findings", "--csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    for field in FINDING_FIELDS {
        assert!(headers.iter().any(|h| h == field), "{field} in {text:?}");
    }
    assert_eq!(reader.records().count(), 0);
}

#[test]
fn fixes_collapse_the_windows_findings_into_the_january_cumulative_update() {
    let (_dir, db) = office();
    for (host, product) in [("DESKTOP", WINDOWS_21H2), ("KEIRI-PC03", WINDOWS_22H2)] {
        let fixes = run_json(&db, &["fixes", "--machine", host, "--json"]);
        for fix in &fixes {
            assert!(
                fix["kb"].as_str().is_some_and(|kb| kb.starts_with("KB")),
                "{fix}"
            );
            assert!(
                fix["title"].as_str().is_some_and(|t| !t.is_empty()),
                "{fix}"
            );
            assert!(fix["restart_required"].is_boolean(), "{fix}");
            assert!(fix["clears"].as_u64().is_some_and(|n| n > 0), "{fix}");
        }

        let machine_findings = findings(&db, &["--machine", host]);
        let windows_findings = machine_findings
            .iter()
            .filter(|f| f["product"] == product)
            .count();
        let cumulative = fixes
            .iter()
            .find(|fix| fix["kb"] == "KB5022282")
            .unwrap_or_else(|| panic!("{host}: no KB5022282 in {fixes:?}"));
        assert!(
            cumulative["title"].as_str().unwrap().contains(product),
            "{cumulative}"
        );
        assert_eq!(cumulative["restart_required"], true);
        // One cumulative update clears every Windows finding, November's and December's too.
        assert!(windows_findings > 1);
        assert_eq!(cumulative["clears"], windows_findings, "{host}");
        // And the whole set clears every missing finding (all of them name a KB here).
        let cleared: u64 = fixes.iter().map(|f| f["clears"].as_u64().unwrap()).sum();
        let missing = machine_findings
            .iter()
            .filter(|f| f["status"] == "missing")
            .count();
        assert_eq!(cleared, missing as u64, "{host}");
    }
}

#[test]
fn explain_gives_the_document_the_product_the_fix_and_the_evidence() {
    let (_dir, db) = office();
    let explain = |host: &str| run(&db, &["explain", "--machine", host, "--cve", GOLDEN_CVE]);
    let evidence = |text: &str| -> String {
        text.lines()
            .map(str::trim)
            .find(|line| line.starts_with("Evidence:"))
            .unwrap_or_else(|| panic!("no evidence in {text}"))
            .to_owned()
    };

    let text = explain("DESKTOP");
    assert!(
        text.starts_with("CVE-2023-21674 — DESKTOP — missing"),
        "{text}"
    );
    for expected in ["2023-Jan", WINDOWS_21H2, "KB5022282", "CISA KEV"] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
    // Only a KB list to go on: none of the fix's KBs (nor a newer one) among the 7 installed.
    let line = evidence(&text);
    assert!(
        line.contains("KB5022282") && line.contains("7 installed"),
        "{line}"
    );

    let line = evidence(&explain("KEIRI-PC03"));
    assert!(
        line.contains("10.0.19045.2364") && line.contains("below FixedBuild 10.0.19045.2486"),
        "{line}"
    );

    let text = explain("SOUMU-PC01");
    assert!(
        text.starts_with("CVE-2023-21674 — SOUMU-PC01 — fixed"),
        "{text}"
    );
    assert!(evidence(&text).contains("KB5022282 is installed"), "{text}");

    // The same reasoning as data: one object per affected product of the machine.
    for (host, status, product, kind) in [
        ("DESKTOP", "missing", WINDOWS_21H2, "kbs_absent"),
        ("KEIRI-PC03", "missing", WINDOWS_22H2, "build_below"),
        ("SOUMU-PC01", "fixed", WINDOWS_22H2, "kb_covered"),
    ] {
        let explained = run_json(
            &db,
            &["explain", "--machine", host, "--cve", GOLDEN_CVE, "--json"],
        );
        assert_eq!(explained.len(), 1, "{host}: {explained:?}");
        let e = &explained[0];
        assert_eq!(e["status"], status, "{host}");
        assert_eq!(e["product"], product, "{host}");
        assert_eq!(e["document"]["id"], "2023-Jan", "{host}");
        assert_eq!(e["evidence"]["kind"], kind, "{host}");
    }

    let output = patchdesk(
        &db,
        &["explain", "--machine", "DESKTOP", "--cve", "CVE-1999-0001"],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no imported catalog lists it"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_suppression_hides_a_finding_until_lifted_and_both_are_audited() {
    let (_dir, db) = office();
    let reason = "isolated lab PC, scheduled for reinstall";
    let recorded = run(
        &db,
        &[
            "suppress",
            "add",
            "--cve",
            GOLDEN_CVE,
            "--machine",
            "DESKTOP",
            "--reason",
            reason,
        ],
    );
    let id = recorded
        .trim()
        .strip_prefix("suppression #")
        .and_then(|rest| rest.strip_suffix(" recorded"))
        .unwrap_or_else(|| panic!("{recorded}"));

    let visible = findings(&db, &[]);
    assert!(find(&visible, "DESKTOP", GOLDEN_CVE).is_none());
    assert!(
        find(&visible, "KEIRI-PC03", GOLDEN_CVE).is_some(),
        "the suppression is for DESKTOP only"
    );

    let everything = findings(&db, &["--all"]);
    assert_eq!(everything.len(), visible.len() + 1);
    let hidden = find(&everything, "DESKTOP", GOLDEN_CVE).unwrap();
    assert_eq!(hidden["suppressed"], true);
    assert_eq!(hidden["suppression_reason"], reason);
    assert_eq!(
        everything
            .iter()
            .filter(|f| f["suppressed"] == true)
            .count(),
        1
    );

    let audit = audit_actions(&db);
    assert!(
        audit
            .iter()
            .any(|e| e["action"] == "finding.suppress" && e["reason"] == reason),
        "{audit:?}"
    );

    assert_eq!(
        run(&db, &["suppress", "lift", id]).trim(),
        format!("suppression #{id} lifted")
    );
    let back = find(&findings(&db, &[]), "DESKTOP", GOLDEN_CVE).cloned();
    assert_eq!(back.expect("visible again")["suppressed"], false);
    assert!(
        audit_actions(&db)
            .iter()
            .any(|e| e["action"] == "finding.unsuppress")
    );
}

#[test]
fn mapping_shows_the_windows_product_and_an_added_product_brings_its_findings() {
    let (_dir, db) = office();
    let shown = run(&db, &["mapping", "show", "--machine", "DESKTOP"]);
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with(WINDOWS_21H2) && l.contains("OS build 10.0.19044")),
        "{shown}"
    );

    // Nothing in a systeminfo says Office is installed; the admin knows it is.
    const OFFICE: &str = "Microsoft Office 2019 for 64-bit editions";
    let office_findings = |db: &Path| -> Vec<Value> {
        findings(db, &["--machine", "DESKTOP"])
            .into_iter()
            .filter(|f| f["product"] == OFFICE)
            .collect()
    };
    assert!(office_findings(&db).is_empty());

    let reason = "Office 2019 from volume media, not in the inventory";
    let added = run(
        &db,
        &[
            "mapping",
            "add",
            "--machine",
            "DESKTOP",
            "--product",
            OFFICE,
            "--reason",
            reason,
        ],
    );
    assert!(added.starts_with("DESKTOP rematched:"), "{added}");
    let found = office_findings(&db);
    assert!(
        !found.is_empty(),
        "the override adds Office 2019's findings"
    );
    // Click-to-Run updates have no KB, and nothing says which Office build runs: unknown,
    // not guessed either way.
    assert!(
        found
            .iter()
            .all(|f| f["status"] == "unknown" && f["kb"].is_null()),
        "{found:?}"
    );
    let shown = run(&db, &["mapping", "show", "--machine", "DESKTOP"]);
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with(OFFICE) && l.contains(reason)),
        "{shown}"
    );

    let audit = audit_actions(&db);
    let entry = audit
        .iter()
        .find(|e| e["action"] == "product_mapping.override")
        .unwrap_or_else(|| panic!("not audited: {audit:?}"));
    assert_eq!(entry["reason"], reason);
    let object = entry["object"].as_str().unwrap();
    assert!(
        object.contains("DESKTOP") && object.contains(OFFICE),
        "{object}"
    );

    // A name no catalog uses (a typo) is refused, and nothing is audited.
    let output = patchdesk(
        &db,
        &[
            "mapping",
            "add",
            "--machine",
            "DESKTOP",
            "--product",
            "Windows 99 Ultimate",
            "--reason",
            "typo",
        ],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("\"Windows 99 Ultimate\""),
        "{}",
        stderr(&output)
    );
    assert_eq!(audit_actions(&db).len(), audit.len());
}

/// `patchdesk catalog fetch`, without the proxy settings a developer's shell may have, so the
/// requests go straight to 127.0.0.1.
fn catalog_fetch(db: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_patchdesk"));
    command
        .arg("--db")
        .arg(db)
        .args(["catalog", "fetch"])
        .args(args)
        .env_remove("PATCHDESK_DB");
    for proxy in ["http_proxy", "https_proxy", "all_proxy"] {
        command
            .env_remove(proxy)
            .env_remove(proxy.to_ascii_uppercase());
    }
    command.output().expect("run patchdesk")
}

#[test]
fn catalog_fetch_stores_new_documents_from_a_mirror_and_rematches_the_machines() {
    let mirror = MsrcMirror::start();
    let url = mirror.url();
    let (_dir, db) = new_database();
    import(&db, "inventory", &[fixture(DESKTOP_21H2)]);
    assert!(findings(&db, &[]).is_empty(), "no catalog yet");

    let output = catalog_fetch(&db, &["--url", &url]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes: usize = msrc_mirror::IDS
        .iter()
        .map(|id| msrc_mirror::document_bytes(id).len())
        .sum();
    let summary = format!(
        "3 document(s) listed, 3 new or revised, 3 stored ({})",
        patchdesk::cli::human_size(bytes as u64)
    );
    assert_eq!(
        stdout(&output).lines().collect::<Vec<_>>(),
        [
            "2022-Nov: November 2022 Security Updates (75 vulnerabilities) — added",
            "2022-Dec: December 2022 Security Updates (79 vulnerabilities) — added",
            "2023-Jan: January 2023 Security Updates (127 vulnerabilities) — added",
            summary.as_str(),
        ]
    );
    assert!(
        stderr(&output).contains("downloading 2023-Jan (3/3)"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        mirror.take_requests(),
        [
            "/updates",
            "/cvrf/2022-Nov",
            "/cvrf/2022-Dec",
            "/cvrf/2023-Jan"
        ]
    );
    // The machine already there was matched against what arrived.
    let golden = findings(&db, &[]);
    let golden = find(&golden, "DESKTOP", GOLDEN_CVE).expect("DESKTOP misses the fix");
    assert_eq!(golden["kb"], "KB5022282");

    // Run again: the index says nothing is new, so nothing is downloaded.
    let again = catalog_fetch(&db, &["--url", &url]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        stdout(&again).trim(),
        "3 document(s) listed, 0 new or revised, 0 stored (0 B)"
    );
    assert_eq!(mirror.take_requests(), ["/updates"]);

    // --since: only documents first released in or after that month.
    let (_dir, fresh) = new_database();
    let since = catalog_fetch(&fresh, &["--since", "2023-01", "--url", &url]);
    assert!(since.status.success(), "{}", stderr(&since));
    let text = stdout(&since);
    assert!(text.starts_with("2023-Jan: "), "{text}");
    assert!(
        text.contains("3 document(s) listed, 1 new or revised, 1 stored"),
        "{text}"
    );

    let bad = catalog_fetch(&fresh, &["--since", "2023-13", "--url", &url]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("is not a month"), "{}", stderr(&bad));
}

#[test]
fn catalog_fetch_without_a_network_fails_and_suggests_importing_files() {
    // A port nobody listens on: the connection is refused, as when offline.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let (_dir, db) = new_database();
    let output = catalog_fetch(&db, &["--url", &format!("http://127.0.0.1:{port}")]);
    assert!(!output.status.success());
    assert!(stdout(&output).is_empty());
    let message = stderr(&output);
    assert!(
        message.contains(&format!("cannot reach 127.0.0.1:{port}")),
        "{message}"
    );
    assert!(message.contains("patchdesk import catalog"), "{message}");
    assert!(run_json(&db, &["catalog", "list", "--json"]).is_empty());
}
