use super::*;
use crate::store::migrations::MIGRATIONS;

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office").join("patchdesk.db");
    (dir, path)
}

/// Builds a database as an older PatchDesk would have left it.
fn create_at_version(path: &Path, version: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let conn = Connection::open(path).unwrap();
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
        .unwrap();
    for migration in MIGRATIONS.iter().filter(|m| m.version <= version) {
        conn.execute_batch(migration.sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
}

#[test]
fn creates_a_new_database_at_the_latest_schema_with_wal_and_foreign_keys() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let info = store.info().unwrap();
    assert_eq!(info.journal_mode, "wal");
    assert!(info.tables.contains_key("audit_log"));
    assert!(info.tables.contains_key("settings"));
    let fk: i64 = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    // A new file has nothing to back up.
    let report = store.migration_report().unwrap();
    assert_eq!((report.from_version, report.backup.as_ref()), (0, None));
}

#[test]
fn reopening_an_up_to_date_database_changes_nothing() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    let store = Store::open(&path).unwrap();
    assert_eq!(store.migration_report(), None);
}

#[test]
fn upgrades_every_older_version_keeping_data_and_a_backup() {
    for old in 1..LATEST_VERSION {
        let (dir, path) = temp_db();
        create_at_version(&path, old);
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute(
                "INSERT INTO audit_log (at, user, action, object) VALUES ('2026-01-01T00:00:00Z', 'alice', 'database.backup', 'x')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
        let report = store.migration_report().unwrap().clone();
        assert_eq!(report.from_version, old);
        let backup = report.backup.expect("existing file is backed up");
        assert!(backup.starts_with(dir.path()));
        let entries = store.audit_entries(None).unwrap();
        assert_eq!(
            entries.len(),
            2,
            "data survives the upgrade, which is itself recorded"
        );
        assert_eq!(entries[0].action, "database.migrate");
        assert!(entries[0].object.contains(&backup.display().to_string()));
        // The backup is the old database, untouched.
        let old_copy = Connection::open(&backup).unwrap();
        let version: u32 = old_copy
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, old);
    }
}

#[test]
fn refuses_a_database_from_a_newer_patchdesk() {
    let (_dir, path) = temp_db();
    create_at_version(&path, LATEST_VERSION);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", LATEST_VERSION + 1)
        .unwrap();
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::TooNew { found, .. } if found == LATEST_VERSION + 1));
    assert!(err.to_string().contains("newer PatchDesk"));
}

#[test]
fn refuses_files_that_are_not_patchdesk_databases() {
    let (dir, _) = temp_db();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "this is not a database, just some text that is long enough to fill a header page "
            .repeat(20),
    )
    .unwrap();
    assert!(matches!(
        Store::open(&text),
        Err(StoreError::NotPatchDesk(_))
    ));

    let foreign = dir.path().join("other.sqlite");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE customers (id INTEGER)")
        .unwrap();
    assert!(matches!(
        Store::open(&foreign),
        Err(StoreError::NotPatchDesk(_))
    ));
}

#[test]
fn open_existing_does_not_create_a_file() {
    let (_dir, path) = temp_db();
    assert!(matches!(
        Store::open_existing(&path),
        Err(StoreError::NotFound(_))
    ));
    assert!(!path.exists());
}

#[test]
fn audit_log_keeps_time_user_action_object_reason_and_is_append_only() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store.set_actor("yamada");
    store
        .record_audit(
            AuditAction::DatabaseBackup,
            "/tmp/b.db",
            Some("before upgrade"),
        )
        .unwrap();
    store
        .record_audit(AuditAction::SampleOfficeLoaded, "sample", None)
        .unwrap();
    let entries = store.audit_entries(None).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].action, "sample_office.load", "newest first");
    assert_eq!(entries[1].user, "yamada");
    assert_eq!(entries[1].reason.as_deref(), Some("before upgrade"));
    assert!(
        entries[1].time().is_some(),
        "RFC 3339 time: {}",
        entries[1].at
    );
    assert_eq!(store.audit_entries(Some(1)).unwrap().len(), 1);

    let update = store.conn().execute("UPDATE audit_log SET user = 'x'", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = store.conn().execute("DELETE FROM audit_log", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn office_profile_round_trips_and_is_audited_atomically() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.office_profile().unwrap(), None);
    let profile = OfficeProfile {
        name: "髙橋会計事務所".into(),
        admin_name: "山﨑".into(),
        admin_email: "it@example.jp".into(),
    };
    store
        .set_office_profile(&profile, AuditAction::OfficeProfileChanged)
        .unwrap();
    assert_eq!(store.office_profile().unwrap(), Some(profile));
    let entries = store.audit_entries(None).unwrap();
    assert_eq!(entries[0].action, "office.update");
    assert_eq!(entries[0].object, "髙橋会計事務所");
}

#[test]
fn two_connections_write_concurrently_without_losing_rows() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let path = path.clone();
            std::thread::spawn(move || {
                let store = Store::open(&path).unwrap();
                for i in 0..100 {
                    store
                        .record_audit(AuditAction::DatabaseBackup, &format!("w{writer}-{i}"), None)
                        .unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.audit_entries(None).unwrap().len(), 200);
    let check: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn two_instances_opening_an_old_file_at_once_upgrade_it_once() {
    let (_dir, path) = temp_db();
    create_at_version(&path, 1);
    let openers: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || Store::open(&path).map(|s| s.schema_version().unwrap()))
        })
        .collect();
    for opener in openers {
        assert_eq!(opener.join().unwrap().unwrap(), LATEST_VERSION);
    }
    let backups = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".bak")
        })
        .count();
    assert_eq!(
        backups, 1,
        "one backup of the old version, not one per instance"
    );
}

/// About 2 MB of audit rows, so that a backup takes many steps.
fn fill_with_audit_rows(store: &Store, rows: usize) {
    for i in 0..rows {
        store
            .record_audit(
                AuditAction::DatabaseBackup,
                &format!("padding row {i} {}", "x".repeat(1000)),
                None,
            )
            .unwrap();
    }
}

#[test]
fn backup_copies_a_consistent_database_reports_progress_and_is_audited() {
    let (dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    fill_with_audit_rows(&store, 2000);
    let target = dir.path().join("copy.db");
    let mut seen = Vec::new();
    store
        .backup_to(&target, |p| {
            seen.push(p);
            true
        })
        .unwrap();
    assert!(seen.len() > 1, "several progress steps: {}", seen.len());
    assert_eq!(seen.last().unwrap().fraction(), 1.0);
    let copy = Store::open_existing(&target).unwrap();
    assert_eq!(copy.audit_entries(None).unwrap().len(), 2000);
    assert_eq!(
        store.audit_entries(Some(1)).unwrap()[0].action,
        "database.backup"
    );
    assert!(matches!(
        store.backup_to(&target, |_| true),
        Err(StoreError::BackupTargetExists(_))
    ));
}

#[test]
fn a_cancelled_backup_leaves_no_file() {
    let (dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    fill_with_audit_rows(&store, 2000);
    let target = dir.path().join("cancelled.db");
    let result = store.backup_to(&target, |p| p.pages_done < 10);
    assert!(matches!(result, Err(StoreError::Cancelled)));
    assert!(!target.exists());
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("partial"))
    );
}

mod inventory {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::inventory::{InstalledUpdate, MachineReport, OsBuild};

    fn report(hostname: &str, build: u32, revision: Option<u32>, kbs: &[&str]) -> MachineReport {
        MachineReport {
            hostname: hostname.to_owned(),
            os_name: Some("Microsoft Windows 10 Pro".into()),
            os_build: Some(OsBuild::new(10, 0, build, revision)),
            updates: kbs
                .iter()
                .map(|kb| InstalledUpdate {
                    kb: (*kb).to_owned(),
                    installed_on: None,
                    description: None,
                })
                .collect(),
            ..Default::default()
        }
    }

    fn source(day: u32, lists_updates: bool) -> ScanSource<'static> {
        ScanSource {
            file: "scan.txt",
            format: "systeminfo",
            written_at: Utc.with_ymd_and_hms(2023, 1, day, 9, 0, 0).unwrap(),
            lists_updates,
            lists_programs: false,
        }
    }

    #[test]
    fn scan_history_shows_what_changed_between_imports() {
        let (_dir, path) = temp_db();
        let mut store = Store::open(&path).unwrap();
        store
            .store_scans(
                &source(1, true),
                &[report("PC01", 19045, None, &["KB5019959", "KB5020683"])],
            )
            .unwrap();
        store
            .store_scans(
                &source(20, true),
                &[report(
                    "pc01.sakura.local",
                    19045,
                    Some(2486),
                    &["KB5020683", "KB5022282"],
                )],
            )
            .unwrap();
        let machines = store.machines().unwrap();
        assert_eq!(machines.len(), 1, "NetBIOS and FQDN forms are one machine");
        assert_eq!(machines[0].os_build.as_deref(), Some("10.0.19045.2486"));
        assert_eq!(machines[0].installed_kbs, ["KB5020683", "KB5022282"]);

        let detail = store.machine_detail(machines[0].id).unwrap().unwrap();
        assert_eq!(detail.scans.len(), 2);
        let newest = &detail.scans[0];
        assert_eq!(newest.kbs_added, ["KB5022282"]);
        assert_eq!(newest.kbs_removed, ["KB5019959"]);
        assert_eq!(newest.build_changed_from.as_deref(), Some("10.0.19045"));
        assert!(
            detail.scans[1].kbs_added.is_empty(),
            "nothing to compare the first scan with"
        );
    }

    #[test]
    fn an_older_file_imported_later_does_not_hide_newer_facts() {
        let (_dir, path) = temp_db();
        let mut store = Store::open(&path).unwrap();
        store
            .store_scans(
                &source(20, true),
                &[report("PC01", 19045, Some(2486), &["KB5022282"])],
            )
            .unwrap();
        store
            .store_scans(
                &source(1, true),
                &[report("PC01", 19045, None, &["KB5019959"])],
            )
            .unwrap();
        let machine = &store.machines().unwrap()[0];
        assert_eq!(machine.os_build.as_deref(), Some("10.0.19045.2486"));
        assert_eq!(machine.installed_kbs, ["KB5022282"]);
        assert_eq!(machine.last_scan.as_deref(), Some("2023-01-20T09:00:00Z"));
    }

    #[test]
    fn hardware_ids_keep_identity_across_renames_and_split_namesakes() {
        let (_dir, path) = temp_db();
        let mut store = Store::open(&path).unwrap();
        let with_serial = |hostname: &str, serial: &str| MachineReport {
            serial_number: Some(serial.to_owned()),
            ..report(hostname, 19045, None, &[])
        };
        store
            .store_scans(&source(1, true), &[with_serial("PC01", "5CG1234XYZ")])
            .unwrap();
        // Renamed: same serial, new name → same machine.
        store
            .store_scans(&source(2, true), &[with_serial("KEIRI-PC01", "5CG1234XYZ")])
            .unwrap();
        // Same old name on different hardware → a second machine.
        store
            .store_scans(&source(3, true), &[with_serial("PC01", "5CG9999AAA")])
            .unwrap();
        let names: Vec<String> = store
            .machines()
            .unwrap()
            .into_iter()
            .map(|m| m.hostname)
            .collect();
        assert_eq!(names, ["KEIRI-PC01", "PC01"]);
    }

    #[test]
    fn a_failed_file_writes_nothing() {
        let (_dir, path) = temp_db();
        let mut store = Store::open(&path).unwrap();
        // A KB that violates no constraint, then a machine that makes the insert fail: the
        // transaction must leave no half-written machine behind.
        let good = report("PC01", 19045, None, &["KB5022282"]);
        let bad = MachineReport {
            hostname: "PC02".into(),
            ..Default::default()
        };
        store
            .conn()
            .execute_batch(
                "CREATE TRIGGER refuse_pc02 BEFORE INSERT ON machines WHEN NEW.host_key = 'PC02'
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .unwrap();
        assert!(store.store_scans(&source(1, true), &[good, bad]).is_err());
        assert!(store.machines().unwrap().is_empty());
        let scans: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM scans", [], |r| r.get(0))
            .unwrap();
        assert_eq!(scans, 0);
    }

    #[test]
    fn in_a_batch_a_failing_file_rolls_back_alone() {
        let (_dir, path) = temp_db();
        let mut store = Store::open(&path).unwrap();
        store
            .conn()
            .execute_batch(
                "CREATE TRIGGER refuse_pc02 BEFORE INSERT ON machines WHEN NEW.host_key = 'PC02'
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .unwrap();
        let first = [report("PC01", 19045, None, &["KB5022282"])];
        // The second file's first machine would go in, but its second one fails: neither stays.
        let second = [
            report("PC03", 19045, None, &["KB5022282"]),
            report("PC02", 19045, None, &[]),
        ];
        let third = [report("PC04", 22621, None, &["KB5022303"])];
        let files = [
            (source(1, true), first.as_slice()),
            (source(1, true), second.as_slice()),
            (source(1, true), third.as_slice()),
        ];
        let results = store.store_scans_batch(&files).unwrap();
        assert!(results[0].is_ok() && results[1].is_err() && results[2].is_ok());
        let names: Vec<String> = store
            .machines()
            .unwrap()
            .into_iter()
            .map(|m| m.hostname)
            .collect();
        assert_eq!(names, ["PC01", "PC04"]);
    }
}

/// The audit log's user is the OS account itself (a placeholder such as "anonymous" would make
/// every decision unattributable).
#[cfg(unix)]
#[test]
fn the_audit_user_is_the_os_account() {
    let output = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    let account = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    assert!(!account.is_empty());
    assert_eq!(current_os_user(), account);
}
