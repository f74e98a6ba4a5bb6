use std::path::PathBuf;

/// What can go wrong with the database, worded for the admin who has to act on it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "no PatchDesk database at {0} (PatchDesk creates one when the window first opens, or pass --db to choose another file)"
    )]
    NotFound(PathBuf),

    #[error("cannot open {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error("cannot create the folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot read the drop folder {path}: {source}")]
    DropFolder {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{0} is not a PatchDesk database")]
    NotPatchDesk(PathBuf),

    #[error(
        "{path} was written by a newer PatchDesk (schema version {found}); this version understands up to {known}. Update PatchDesk to open it."
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        known: u32,
    },

    #[error("could not back up {path} before upgrading it: {source}")]
    PreMigrationBackup {
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error("upgrading the database to schema version {version} ({name}) failed: {source}")]
    Migration {
        version: u32,
        name: &'static str,
        source: rusqlite::Error,
    },

    #[error("{0} already exists; choose a new file name for the backup")]
    BackupTargetExists(PathBuf),

    #[error("could not write the backup {path}: {reason}")]
    Backup { path: PathBuf, reason: String },

    #[error("{0}")]
    InvalidName(String),

    #[error("a group named {0} already exists")]
    GroupExists(String),

    #[error("there is no group named {0} (see `patchdesk group list`)")]
    UnknownGroup(String),

    #[error("cancelled")]
    Cancelled,

    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;
