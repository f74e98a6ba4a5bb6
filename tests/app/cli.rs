//! The CLI contract of issue 1/7: `--version`, `db info [--json]`, `db backup OUT`,
//! `audit list [--json]`, errors on stderr with a non-zero exit code.

use serde_json::Value;

use crate::support::{new_database, patchdesk, stderr, stdout};

#[test]
fn version_names_the_program_and_its_version() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_patchdesk"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        stdout(&output).trim(),
        format!("patchdesk {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn db_info_json_reports_schema_path_and_row_counts() {
    let (_dir, db) = new_database();
    let output = patchdesk(&db, &["db", "info", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let info: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        info["schema_version"].as_u64().unwrap(),
        u64::from(patchdesk::store::LATEST_VERSION)
    );
    assert_eq!(info["path"].as_str().unwrap(), db.to_str().unwrap());
    assert_eq!(info["journal_mode"], "wal");
    assert_eq!(info["tables"]["audit_log"], 0);
    assert!(info["size_bytes"].as_u64().unwrap() > 0);

    let text = stdout(&patchdesk(&db, &["db", "info"]));
    assert!(text.contains("Schema version:"), "{text}");
    assert!(text.contains("audit_log"), "{text}");
}

#[test]
fn backup_writes_a_usable_copy_and_is_audited() {
    let (dir, db) = new_database();
    let target = dir.path().join("before-rollout.db");
    let output = patchdesk(&db, &["db", "backup", target.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Backed up"));

    // The copy is a PatchDesk database in its own right.
    let copy_info = patchdesk(&target, &["db", "info", "--json"]);
    assert!(copy_info.status.success(), "{}", stderr(&copy_info));

    let audit: Value =
        serde_json::from_str(&stdout(&patchdesk(&db, &["audit", "list", "--json"]))).unwrap();
    let entries = audit.as_array().expect("a JSON array");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["action"], "database.backup");
    assert_eq!(entries[0]["user"], patchdesk::store::current_os_user());
    assert_eq!(entries[0]["object"], target.to_str().unwrap());
    for field in ["id", "at", "user", "action", "object", "reason"] {
        assert!(entries[0].get(field).is_some(), "missing {field}");
    }

    // Never overwrites an existing file.
    let again = patchdesk(&db, &["db", "backup", target.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn audit_list_prints_a_table_and_an_empty_json_array() {
    let (_dir, db) = new_database();
    let empty = stdout(&patchdesk(&db, &["audit", "list", "--json"]));
    assert_eq!(
        serde_json::from_str::<Value>(&empty).unwrap(),
        Value::Array(vec![])
    );
    assert!(stdout(&patchdesk(&db, &["audit", "list"])).contains("empty"));
}

#[test]
fn errors_go_to_stderr_with_a_non_zero_exit_and_a_readable_message() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.db");
    let output = patchdesk(&missing, &["db", "info"]);
    assert!(!output.status.success());
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains("no PatchDesk database at"),
        "{}",
        stderr(&output)
    );
    assert!(
        !missing.exists(),
        "a read-only command must not create a database"
    );

    let text_file = dir.path().join("notes.txt");
    std::fs::write(&text_file, "hello ".repeat(300)).unwrap();
    let output = patchdesk(&text_file, &["audit", "list"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("is not a PatchDesk database"),
        "{}",
        stderr(&output)
    );

    let output = patchdesk(&missing, &["frobnicate"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("unrecognized subcommand"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_database_can_be_chosen_with_an_environment_variable() {
    let (_dir, db) = new_database();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_patchdesk"))
        .args(["db", "info", "--json"])
        .env("PATCHDESK_DB", &db)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let info: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(info["path"].as_str().unwrap(), db.to_str().unwrap());
}
