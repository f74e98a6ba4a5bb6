//! The one module that owns SQLite. Parsers never touch it and the UI never runs SQL.
//!
//! Every connection runs with WAL, foreign keys and a busy timeout, so the window, a second
//! window and the CLI can share one database file safely: SQLite's own locking serialises
//! writers, and readers never block them.

mod audit;
mod backup;
mod batch;
mod catalog;
mod catalog_search;
mod drop_folder;
mod error;
mod findings;
mod groups;
mod info;
mod machine_detail;
mod machines;
pub(crate) mod matching;
mod migrations;
mod office;
mod overrides;
mod suppressions;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use audit::{AuditAction, AuditEntry, current_os_user};
pub use backup::BackupProgress;
pub use batch::{BatchFile, BatchStored, StoredCatalog};
pub use catalog::{CatalogDocumentRow, CatalogSource, DocumentOutcome, StoredDocument, StoredKev};
pub use catalog_search::{CatalogQuery, CatalogVulnerability};
pub use error::{StoreError, StoreResult};
pub use findings::{
    FindingRow, FindingsQuery, FindingsSummary, MachineFindings, MachineRisk, RiskOverview,
    UpdateRisk,
};
pub use groups::{Assignment, GroupSummary, hostname_matches};
pub use info::DbInfo;
pub use machine_detail::{MachineDetail, ScanEntry};
pub use machines::{MachineSummary, ScanSource, StoredScans};
pub use matching::{ProductOverride, RematchReport, RematchScope};
pub use migrations::LATEST_VERSION;
pub use office::OfficeProfile;
pub use overrides::OverrideAction;
pub use suppressions::{Suppression, SuppressionTarget};

/// `PRAGMA application_id` of a PatchDesk database ("PDsk"), so that we never migrate a
/// stranger's SQLite file.
const APPLICATION_ID: i32 = 0x5044_736B;

/// How long a connection waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What opening the file did to its schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationReport {
    pub from_version: u32,
    pub to_version: u32,
    /// The copy taken before an existing database was upgraded.
    pub backup: Option<PathBuf>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: String,
    migration: Option<MigrationReport>,
}

impl Store {
    /// Opens the database at `path`, creating it (and its folder) when missing, and brings its
    /// schema up to date. An existing file is backed up next to itself before any migration.
    pub fn open(path: impl AsRef<Path>) -> StoreResult<Store> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        Self::open_with(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
    }

    /// Opens an existing database; a missing file is an error rather than a new empty database,
    /// so that a mistyped `--db` path is noticed.
    pub fn open_existing(path: impl AsRef<Path>) -> StoreResult<Store> {
        let path = path.as_ref().to_path_buf();
        if !path.is_file() {
            return Err(StoreError::NotFound(path));
        }
        Self::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
    }

    fn open_with(path: PathBuf, flags: OpenFlags) -> StoreResult<Store> {
        let open_err = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        let conn = Connection::open_with_flags(&path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        check_is_patchdesk(&conn, &path)?;
        // WAL lets the window read while a job or the CLI writes; NORMAL is durable with WAL
        // except for the last commits on power loss, which an import can redo.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(open_err)?;
        debug_assert!(mode == "wal" || mode == "memory", "journal mode {mode}");
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            .map_err(open_err)?;

        let mut store = Store {
            conn,
            path,
            actor: current_os_user(),
            migration: None,
        };
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The user recorded in the audit log for actions taken through this connection.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Overrides the audit user (tests, and later an in-app "acting as" for shared accounts).
    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = actor.into();
    }

    /// What opening did to the schema, when it changed anything.
    pub fn migration_report(&self) -> Option<&MigrationReport> {
        self.migration.as_ref()
    }

    pub fn schema_version(&self) -> StoreResult<u32> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// Runs `f` in one IMMEDIATE transaction: everything it writes lands, or nothing does.
    pub fn transaction<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    fn migrate(&mut self) -> StoreResult<()> {
        let found = self.schema_version()?;
        if found > LATEST_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                known: LATEST_VERSION,
            });
        }
        if found == LATEST_VERSION {
            return Ok(());
        }
        let backup = if found > 0 {
            Some(self.backup_before_migration(found)?)
        } else {
            None
        };

        // IMMEDIATE takes the write lock first, so two instances opening an old file at the
        // same moment upgrade it once: the second sees the new version and does nothing.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: u32 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        for migration in migrations::MIGRATIONS
            .iter()
            .filter(|m| m.version > current)
        {
            tx.execute_batch(migration.sql)
                .and_then(|()| tx.pragma_update(None, "user_version", migration.version))
                .map_err(|source| StoreError::Migration {
                    version: migration.version,
                    name: migration.name,
                    source,
                })?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        if current > 0 && current < LATEST_VERSION {
            let backup_name = backup
                .as_deref()
                .map(|path| path.display().to_string())
                .unwrap_or_default();
            audit::record(
                &tx,
                &self.actor,
                AuditAction::DatabaseMigrated,
                &format!("schema v{current} → v{LATEST_VERSION} (backup: {backup_name})"),
                None,
            )?;
        }
        tx.commit()?;

        if current == LATEST_VERSION {
            // Another instance upgraded the file while we waited for the lock; it kept its own
            // backup of the old version.
            if let Some(copy) = backup {
                let _ = std::fs::remove_file(copy);
            }
        } else {
            self.migration = Some(MigrationReport {
                from_version: current,
                to_version: LATEST_VERSION,
                backup,
            });
        }
        Ok(())
    }

    /// Copies the file next to itself as `<name>.schema-v<N>-<time>[-k].bak`. Two instances
    /// opening an old file at once each get their own name; the one that then finds nothing
    /// left to migrate removes its copy.
    fn backup_before_migration(&self, version: u32) -> StoreResult<PathBuf> {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let file_name = self
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "patchdesk.db".to_owned());
        let mut attempt = 1;
        loop {
            let suffix = if attempt == 1 {
                String::new()
            } else {
                format!("-{attempt}")
            };
            let target = self
                .path
                .with_file_name(format!("{file_name}.schema-v{version}-{stamp}{suffix}.bak"));
            match self
                .conn
                .execute("VACUUM INTO ?1", [target.to_string_lossy()])
            {
                Ok(_) => return Ok(target),
                Err(_) if target.exists() && attempt < 100 => attempt += 1,
                Err(source) => {
                    return Err(StoreError::PreMigrationBackup {
                        path: target,
                        source,
                    });
                }
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Refuses SQLite files that belong to another program, and files that are not SQLite at all.
fn check_is_patchdesk(conn: &Connection, path: &Path) -> StoreResult<()> {
    let not_ours = || StoreError::NotPatchDesk(path.to_path_buf());
    let application_id: i32 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(|err| match err {
            rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::NotADatabase => {
                not_ours()
            }
            other => StoreError::Open {
                path: path.to_path_buf(),
                source: other,
            },
        })?;
    if application_id == APPLICATION_ID {
        return Ok(());
    }
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
        [],
        |row| row.get(0),
    )?;
    if application_id != 0 || tables > 0 {
        return Err(not_ours());
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests;
