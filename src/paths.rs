//! Where PatchDesk keeps its data on this machine.

use std::path::PathBuf;

/// The per-user data folder: `~/.local/share/patchdesk` on Linux,
/// `%APPDATA%\PatchDesk\data` on Windows, `~/Library/Application Support/PatchDesk` on macOS.
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "PatchDesk").map(|dirs| dirs.data_dir().to_path_buf())
}

/// The database used when `--db` is not given.
pub fn default_db_path() -> PathBuf {
    data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("patchdesk.db")
}
