//! The golden cases of docs/domain.md on the real MSRC fixture documents, through the store
//! (import, match, read back) as the window and the CLI use it.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};

use crate::identify::{Evidence, Status, explain, minimum_fix_set};
use crate::importers::{FilePreview, ImporterRegistry, commit_all, preview};
use crate::inventory::{InstalledUpdate, MachineReport, OsBuild};
use crate::store::{FindingsQuery, ScanSource, Store};

const CVE: &str = "CVE-2023-21674";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn import(store: &mut Store, names: &[&str]) -> Vec<FilePreview> {
    let registry = ImporterRegistry::with_builtin_importers();
    let previews: Vec<FilePreview> = names
        .iter()
        .map(|n| preview(&registry, &fixture(n)).unwrap_or_else(|e| panic!("{n}: {e:?}")))
        .collect();
    let refs: Vec<&FilePreview> = previews.iter().collect();
    for result in commit_all(store, &refs).unwrap() {
        result.unwrap();
    }
    previews
}

const THREE_MONTHS: [&str; 3] = [
    "msrc/cvrfDocument-2022-Nov.xml",
    "msrc/cvrfDocument-2022-Dec.xml",
    "msrc/cvrfDocument-2023-Jan.xml",
];

fn win10(host: &str, revision: Option<u32>, kbs: Option<&[&str]>) -> MachineReport {
    MachineReport {
        hostname: host.to_owned(),
        os_name: Some("Microsoft Windows 10 Pro".to_owned()),
        os_build: Some(OsBuild::new(10, 0, 19045, revision)),
        architecture: Some("x64-based PC".to_owned()),
        installation_type: Some("Client".to_owned()),
        updates: kbs
            .unwrap_or_default()
            .iter()
            .map(|kb| InstalledUpdate {
                kb: (*kb).to_owned(),
                installed_on: None,
                description: None,
            })
            .collect(),
        ..MachineReport::default()
    }
}

/// Stores machines as one scan each; `lists_updates` says whether the source enumerates updates.
fn add_machines(store: &mut Store, machines: &[(MachineReport, bool)]) {
    for (report, lists_updates) in machines {
        store
            .store_scans(
                &ScanSource {
                    file: "test",
                    format: "test",
                    written_at: Utc.with_ymd_and_hms(2023, 2, 1, 9, 0, 0).unwrap(),
                    lists_updates: *lists_updates,
                    lists_programs: false,
                },
                std::slice::from_ref(report),
            )
            .unwrap();
    }
}

fn status_of(store: &Store, host: &str, cve: &str) -> (Status, Evidence, Option<String>) {
    let id = store.machine_id_by_host(host).unwrap().unwrap();
    let (result, _, _) = store.match_one(id).unwrap().unwrap();
    let finding = result
        .findings
        .iter()
        .find(|f| f.cve == cve)
        .unwrap_or_else(|| panic!("{host}: no finding for {cve}"));
    (finding.status, finding.evidence.clone(), finding.kb.clone())
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("t.db")).unwrap();
    (dir, store)
}

#[test]
fn build_below_fixed_build_is_missing_and_at_it_is_fixed() {
    let (_dir, mut store) = temp_store();
    import(&mut store, &THREE_MONTHS);
    add_machines(
        &mut store,
        &[
            (win10("OLD", Some(2364), None), false),
            (win10("NEW", Some(2486), None), false),
        ],
    );
    let (status, evidence, kb) = status_of(&store, "OLD", CVE);
    assert_eq!(status, Status::Missing);
    assert_eq!(kb.as_deref(), Some("KB5022282"));
    assert_eq!(
        evidence,
        Evidence::BuildBelow {
            build: "10.0.19045.2364".into(),
            fixed_build: "10.0.19045.2486".into()
        }
    );
    let (status, evidence, _) = status_of(&store, "NEW", CVE);
    assert_eq!(status, Status::Fixed);
    assert!(
        matches!(evidence, Evidence::BuildAtLeast { .. }),
        "{evidence:?}"
    );
}

#[test]
fn kb_list_only_follows_the_chain_across_three_documents() {
    let (_dir, mut store) = temp_store();
    import(&mut store, &THREE_MONTHS);
    add_machines(
        &mut store,
        &[
            (win10("DEC", None, Some(&["KB5021233"])), true),
            (win10("JAN", None, Some(&["KB5022282"])), true),
            (win10("NOV", None, Some(&["KB5019959"])), true),
            (win10("NOLIST", None, None), false),
        ],
    );
    let (status, evidence, _) = status_of(&store, "DEC", CVE);
    assert_eq!(
        status,
        Status::Missing,
        "KB5021233 does not fix a January CVE"
    );
    assert!(
        matches!(evidence, Evidence::KbsAbsent { .. }),
        "{evidence:?}"
    );

    let (status, _, _) = status_of(&store, "JAN", CVE);
    assert_eq!(status, Status::Fixed);

    // A November CVE on the January machine: fixed through KB5022282 → KB5021233 → KB5019959.
    let id = store.machine_id_by_host("JAN").unwrap().unwrap();
    let (result, index, _) = store.match_one(id).unwrap().unwrap();
    let chained = result
        .findings
        .iter()
        .find_map(|f| match &f.evidence {
            Evidence::KbCovered { fix, path } if fix == "KB5019959" => Some(path.clone()),
            _ => None,
        })
        .expect("a November finding covered through the chain");
    assert_eq!(chained.kbs, ["KB5022282", "KB5021233", "KB5019959"]);
    assert_eq!(chained.documents, ["2023-Jan", "2022-Dec"]);
    let missing: Vec<(&str, &str)> = result
        .findings
        .iter()
        .filter(|f| f.status == Status::Missing)
        .map(|f| (f.cve.as_str(), index.product_name(f.product_id)))
        .collect();
    assert!(
        missing
            .iter()
            .all(|(_, product)| product.contains(".NET Framework")),
        "the newest CU clears every Windows finding; .NET has its own updates: {missing:?}"
    );

    // The November machine misses December's and January's fixes: one update clears them.
    let id = store.machine_id_by_host("NOV").unwrap().unwrap();
    let (result, index_nov, _) = store.match_one(id).unwrap().unwrap();
    let fixes = minimum_fix_set(&index_nov, &result.findings);
    let os_fix = fixes
        .iter()
        .find(|f| {
            f.products
                .iter()
                .any(|p| p.starts_with("Windows 10 Version 22H2"))
        })
        .expect("a Windows fix");
    assert_eq!(os_fix.kb, "KB5022282");
    assert!(os_fix.restart_required);
    assert_eq!(
        os_fix.clears,
        result
            .findings
            .iter()
            .filter(|f| f.status == Status::Missing
                && index_nov
                    .product_name(f.product_id)
                    .starts_with("Windows 10 Version 22H2"))
            .count()
    );
    drop(index);

    // No list and no revision: unknown, never fixed.
    let (status, evidence, _) = status_of(&store, "NOLIST", CVE);
    assert_eq!(status, Status::Unknown);
    assert_eq!(evidence, Evidence::NoUpdateList);
}

#[test]
fn kev_finding_ranks_above_unexploited_findings_of_its_severity() {
    let (_dir, mut store) = temp_store();
    import(&mut store, &THREE_MONTHS);
    import(&mut store, &["kev/known_exploited_vulnerabilities.json"]);
    add_machines(&mut store, &[(win10("PC", Some(2364), None), false)]);
    let today = NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
    let rows = store.findings_on(&FindingsQuery::default(), today).unwrap();
    let position = rows.iter().position(|r| r.cve == CVE).expect("listed");
    let ours = &rows[position];
    assert!(ours.kev && ours.exploited, "{ours:?}");
    for (i, other) in rows.iter().enumerate() {
        if other.severity == ours.severity && !other.exploited {
            assert!(i > position, "{} ranks above {CVE}", other.cve);
        }
    }
    assert_eq!(ours.kb.as_deref(), Some("KB5022282"));
    assert_eq!(ours.released, NaiveDate::from_ymd_opt(2023, 1, 10).unwrap());
    assert_eq!(ours.days, 22);
}

/// Every catalog row, without import bookkeeping (file, format, time), in a stable order.
fn catalog_rows(store: &Store) -> Vec<String> {
    let conn = store.conn();
    let mut out = Vec::new();
    for sql in [
        "SELECT d.doc_key, d.title, d.initial_release, d.current_release FROM catalog_documents d",
        "SELECT d.doc_key, v.cve, v.title, v.publicly_disclosed, v.exploited, v.latest_release
         FROM catalog_vulnerabilities v JOIN catalog_documents d ON d.id = v.document_id",
        "SELECT v.cve, p.name, a.msrc_product_id, a.severity, a.impact, a.cvss_base, a.cvss_vector
         FROM catalog_affected a JOIN catalog_vulnerabilities v ON v.id = a.vulnerability_id
         JOIN catalog_products p ON p.id = a.product_id",
        "SELECT v.cve, p.name, f.kb, f.description, f.sub_type, f.restart_required, f.fixed_build, f.url
         FROM catalog_fixes f JOIN catalog_vulnerabilities v ON v.id = f.vulnerability_id
         JOIN catalog_products p ON p.id = f.product_id",
        "SELECT kb, supersedes FROM catalog_supersedence",
    ] {
        let mut statement = conn.prepare(sql).unwrap();
        let columns = statement.column_count();
        let mut rows = statement.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..columns)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            out.push(cells.join("|"));
        }
    }
    out.sort();
    out
}

#[test]
fn xml_and_json_twins_import_to_identical_rows() {
    let (_d1, mut from_xml) = temp_store();
    let (_d2, mut from_json) = temp_store();
    import(&mut from_xml, &["msrc/cvrfDocument-2020-Dec.xml"]);
    import(&mut from_json, &["msrc/cvrf-2020-Dec.json"]);
    let (xml, json) = (catalog_rows(&from_xml), catalog_rows(&from_json));
    assert!(xml.len() > 1000, "{} rows", xml.len());
    assert_eq!(xml, json);
}

#[test]
fn import_order_and_repeats_do_not_change_the_result() {
    let machines = [
        (win10("A", Some(2364), None), false),
        (win10("B", None, Some(&["KB5019959"])), true),
    ];
    let (_d1, mut forward) = temp_store();
    add_machines(&mut forward, &machines);
    import(&mut forward, &THREE_MONTHS);
    let (_d2, mut backward) = temp_store();
    let mut reversed = THREE_MONTHS;
    reversed.reverse();
    import(&mut backward, &reversed);
    add_machines(&mut backward, &machines);
    import(&mut backward, &THREE_MONTHS); // again: unchanged
    assert_eq!(catalog_rows(&forward), catalog_rows(&backward));
    let findings = |store: &Store| {
        let mut rows: Vec<String> = store
            .findings(&FindingsQuery::default())
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{}|{}|{}|{:?}|{:?}",
                    r.hostname, r.cve, r.product, r.kb, r.status
                )
            })
            .collect();
        rows.sort();
        rows
    };
    assert!(!findings(&forward).is_empty());
    assert_eq!(findings(&forward), findings(&backward));
}

#[test]
fn a_revised_document_replaces_the_stored_one_and_an_older_one_is_ignored() {
    use crate::importers::CatalogContent;
    use crate::importers::FileContent;
    use crate::store::DocumentOutcome;

    let (_dir, mut store) = temp_store();
    let registry = ImporterRegistry::with_builtin_importers();
    let original = preview(&registry, &fixture("msrc/cvrfDocument-2023-Jan.xml")).unwrap();
    let revised_at = |preview: &FilePreview, days: i64| {
        let mut copy = preview.clone();
        if let FileContent::Catalog(catalog) = &mut copy.content
            && let CatalogContent::Cvrf(doc) = &mut catalog.content
        {
            doc.current_release += chrono::Duration::days(days);
        }
        copy
    };
    let outcome = |store: &mut Store, preview: &FilePreview| {
        let result = commit_all(store, &[preview])
            .unwrap()
            .pop()
            .unwrap()
            .unwrap();
        result.catalog.unwrap().documents[0].outcome
    };
    assert_eq!(outcome(&mut store, &original), DocumentOutcome::Added);
    let rows = catalog_rows(&store).len();
    assert_eq!(
        outcome(&mut store, &revised_at(&original, 3)),
        DocumentOutcome::Replaced
    );
    assert_eq!(
        outcome(&mut store, &original),
        DocumentOutcome::OlderIgnored
    );
    assert_eq!(
        outcome(&mut store, &revised_at(&original, 3)),
        DocumentOutcome::Unchanged
    );
    assert_eq!(catalog_rows(&store).len(), rows, "replaced, not duplicated");
    assert_eq!(store.catalog_documents().unwrap().len(), 1);
}

#[test]
fn explanation_names_document_product_evidence_and_kev() {
    let (_dir, mut store) = temp_store();
    import(&mut store, &THREE_MONTHS);
    import(&mut store, &["kev/known_exploited_vulnerabilities.json"]);
    add_machines(
        &mut store,
        &[(win10("PC", Some(2364), Some(&["KB5021233"])), true)],
    );
    let id = store.machine_id_by_host("PC").unwrap().unwrap();
    let (result, index, facts) = store.match_one(id).unwrap().unwrap();
    let today = NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
    let explanations = explain(&index, &facts, &result, CVE, today);
    let [one] = explanations.as_slice() else {
        panic!("{explanations:?}")
    };
    assert_eq!(one.document.id, "2023-Jan");
    assert_eq!(one.product, "Windows 10 Version 22H2 for x64-based Systems");
    assert_eq!(one.msrc_product_id.as_deref(), Some("12097"));
    assert!(one.kev.is_some());
    assert_eq!(
        one.deploy.as_ref().map(|d| d.kb.as_str()),
        Some("KB5022282")
    );
    let text = one.lines(crate::i18n::Lang::En).join("\n");
    for expected in [
        "2023-Jan",
        "12097",
        "KB5022282",
        "10.0.19045.2364",
        "10.0.19045.2486",
        "CISA KEV",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    let ja = one.lines(crate::i18n::Lang::Ja).join("\n");
    assert!(ja.contains("未適用"), "{ja}");
}

#[test]
fn suppressed_findings_leave_the_list_but_are_counted() {
    use crate::store::SuppressionTarget;
    let (_dir, mut store) = temp_store();
    import(&mut store, &THREE_MONTHS);
    add_machines(&mut store, &[(win10("PC", Some(2364), None), false)]);
    let before = store.findings(&FindingsQuery::default()).unwrap();
    let id = store.machine_id_by_host("PC").unwrap();
    store
        .suppress(
            id,
            SuppressionTarget::Cve(CVE.into()),
            "mitigated by AppLocker",
            None,
        )
        .unwrap();
    let after = store.findings(&FindingsQuery::default()).unwrap();
    assert_eq!(after.len() + 1, before.len());
    assert!(after.iter().all(|r| r.cve != CVE));
    let summary = store.findings_summary().unwrap();
    assert_eq!(summary.suppressed, 1);
    let audit = store.audit_entries(Some(1)).unwrap();
    assert_eq!(audit[0].action, "finding.suppress");
    // Expired suppressions no longer hide anything.
    let past = NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
    store
        .suppress(
            None,
            SuppressionTarget::Kb("KB5022282".into()),
            "test",
            Some(past),
        )
        .unwrap();
    assert_eq!(
        store.findings(&FindingsQuery::default()).unwrap().len(),
        after.len()
    );
}

#[test]
fn risk_overview_groups_by_machine_and_update_most_urgent_first() {
    let (_dir, mut store) = temp_store();
    import(&mut store, &THREE_MONTHS);
    import(&mut store, &["kev/known_exploited_vulnerabilities.json"]);
    add_machines(
        &mut store,
        &[
            (win10("BEHIND", Some(2364), None), false),
            (win10("CURRENT", Some(2486), None), false),
        ],
    );
    let overview = store.risk_overview().unwrap();
    let hosts: Vec<&str> = overview
        .machines
        .iter()
        .map(|m| m.hostname.as_str())
        .collect();
    assert_eq!(hosts, ["BEHIND", "CURRENT"], "the machine at risk first");
    let behind = &overview.machines[0];
    assert!(behind.missing > 0 && behind.exploited > 0, "{behind:?}");
    assert_eq!(overview.machines[1].missing, 0);
    let update = overview
        .updates
        .iter()
        .find(|u| u.kb == "KB5022282")
        .expect("January's CU listed");
    assert_eq!(update.machines, 1);
    assert!(update.exploited >= 1);
    assert_eq!(overview.summary.machines_at_risk, 1);
}

#[test]
fn catalog_search_finds_by_cve_kb_product_severity_and_kev() {
    use crate::store::CatalogQuery;
    let (_dir, mut store) = temp_store();
    import(&mut store, &THREE_MONTHS);
    import(&mut store, &["kev/known_exploited_vulnerabilities.json"]);
    let search = |query: CatalogQuery| store.search_catalog(&query).unwrap();
    let by_cve = search(CatalogQuery {
        text: CVE.into(),
        ..CatalogQuery::default()
    });
    assert_eq!(by_cve.len(), 1);
    assert!(by_cve[0].kev && by_cve[0].kbs.contains(&"KB5022282".to_owned()));
    let by_kb = search(CatalogQuery {
        text: "5022282".into(),
        ..CatalogQuery::default()
    });
    assert!(by_kb.iter().any(|v| v.cve == CVE) && by_kb.len() > 10);
    let kev_jan = search(CatalogQuery {
        document: Some("2023-Jan".into()),
        kev_only: true,
        ..CatalogQuery::default()
    });
    assert!(!kev_jan.is_empty() && kev_jan.iter().all(|v| v.kev && v.document == "2023-Jan"));
    let critical = search(CatalogQuery {
        product: "Windows 10 Version 22H2".into(),
        min_severity: Some(crate::identify::Severity::Critical),
        ..CatalogQuery::default()
    });
    assert!(!critical.is_empty());
    assert!(
        critical
            .iter()
            .all(|v| v.severity == crate::identify::Severity::Critical)
    );
}

#[test]
fn a_windows_no_catalog_covers_is_flagged_not_shown_as_up_to_date() {
    let (_dir, mut store) = temp_store();
    import(&mut store, &THREE_MONTHS);
    let mut newer = win10("W11-23H2", Some(2861), Some(&["KB5033375"]));
    newer.os_name = Some("Microsoft Windows 11 Pro".into());
    newer.os_build = Some(OsBuild::new(10, 0, 22631, Some(2861)));
    add_machines(
        &mut store,
        &[(newer, true), (win10("COVERED", Some(2486), None), false)],
    );
    let overview = store.risk_overview().unwrap();
    let flag = |host: &str| {
        overview
            .machines
            .iter()
            .find(|m| m.hostname == host)
            .unwrap()
            .os_covered
    };
    assert!(
        !flag("W11-23H2"),
        "Windows 11 23H2 is newer than January 2023's catalog"
    );
    assert!(flag("COVERED"));
    assert_eq!(overview.summary.machines_os_uncovered, 1);
    assert_eq!(store.machines_os_uncovered(None).unwrap(), ["W11-23H2"]);
}

#[test]
fn cumulative_updates_cover_earlier_ones_across_a_gap_in_the_imported_documents() {
    // 2020-Dec and 2022-Nov…2023-Jan are imported, nothing in between: the stated chain from
    // January 2023's cumulative update stops at 2022-Nov, yet it contains December 2020's.
    let (_dir, mut store) = temp_store();
    import(&mut store, &["msrc/cvrfDocument-2020-Dec.xml"]);
    import(&mut store, &THREE_MONTHS);
    let mut current = win10("W1809-JAN23", None, Some(&["KB5022286"]));
    current.os_build = Some(OsBuild::new(10, 0, 17763, None));
    let mut old = win10("W1809-NOV22", None, Some(&["KB5019966"]));
    old.os_build = Some(OsBuild::new(10, 0, 17763, None));
    add_machines(&mut store, &[(current, true), (old, true)]);

    let id = store.machine_id_by_host("W1809-JAN23").unwrap().unwrap();
    let (result, index, _) = store.match_one(id).unwrap().unwrap();
    let windows = |f: &&crate::identify::Finding| {
        index.product_name(f.product_id) == "Windows 10 Version 1809 for x64-based Systems"
    };
    assert_eq!(
        result
            .findings
            .iter()
            .filter(windows)
            .filter(|f| f.status == Status::Missing)
            .count(),
        0,
        "the newest cumulative update leaves no Windows finding"
    );
    let december_2020 = result
        .findings
        .iter()
        .filter(windows)
        .find_map(|f| match &f.evidence {
            Evidence::KbCovered { fix, path } if fix == "KB4592440" => Some(path.clone()),
            _ => None,
        })
        .expect("a December 2020 finding covered by January 2023's update");
    assert_eq!(
        december_2020.kbs.first().map(String::as_str),
        Some("KB5022286")
    );
    assert!(
        december_2020
            .documents
            .iter()
            .any(|d| d.ends_with("(cumulative)")),
        "{december_2020:?}"
    );

    // One update clears a machine that stopped in November 2022, December 2020 included.
    let id = store.machine_id_by_host("W1809-NOV22").unwrap().unwrap();
    let fixes = store.machine_findings(id).unwrap().unwrap().fixes;
    let windows_fixes: Vec<&str> = fixes
        .iter()
        .filter(|f| {
            f.products
                .iter()
                .any(|p| p.starts_with("Windows 10 Version 1809"))
        })
        .map(|f| f.kb.as_str())
        .collect();
    assert_eq!(windows_fixes, ["KB5022286"]);
    // EdgeHTML left the catalog after 2020; its December 2020 fix (the Windows update of then)
    // is cleared by the Windows cumulative update of now, not listed on its own.
    assert!(fixes.iter().all(|f| f.kb != "KB4592440"), "{fixes:?}");
}
