use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use patchdesk::store::Store;

/// Runs the real `patchdesk` binary with `args` against `db`, as a script would.
pub fn patchdesk(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_patchdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PATCHDESK_DB")
        .output()
        .expect("run patchdesk")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh database in a temporary folder, created as the window would on first run.
pub fn new_database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("patchdesk.db");
    drop(Store::open(&path).unwrap());
    (dir, path)
}
