//! The drop folder: where collectors (a logon script, a scheduled task) write inventory files
//! that PatchDesk imports as they arrive.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{OptionalExtension, params};

use super::audit::{self, AuditAction};
use super::{Store, StoreResult};

const KEY: &str = "inventory.drop_folder";

impl Store {
    pub fn drop_folder(&self) -> StoreResult<Option<PathBuf>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [KEY], |row| {
                row.get::<_, String>(0)
            })
            .optional()?
            .map(PathBuf::from))
    }

    /// Sets (or, with None, stops watching) the drop folder. Audited.
    pub fn set_drop_folder(&mut self, folder: Option<&Path>) -> StoreResult<()> {
        let actor = self.actor.clone();
        self.transaction(|tx| {
            match folder {
                Some(folder) => {
                    let value = folder.display().to_string();
                    tx.execute(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2)
                         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        [KEY, value.as_str()],
                    )?;
                    audit::record(tx, &actor, AuditAction::DropFolderSet, &value, None)?;
                }
                None => {
                    tx.execute("DELETE FROM settings WHERE key = ?1", [KEY])?;
                    audit::record(tx, &actor, AuditAction::DropFolderSet, "", None)?;
                }
            }
            Ok(())
        })
    }

    /// True unless this exact version of the file (size and modification time) was seen.
    pub fn is_new_drop_file(&self, path: &Path, size: u64, modified: &str) -> StoreResult<bool> {
        let seen: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT size, modified FROM drop_folder_files WHERE path = ?1",
                [path.display().to_string()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        Ok(seen != Some((i64::try_from(size).unwrap_or(i64::MAX), modified.to_owned())))
    }

    pub fn record_drop_file(
        &self,
        path: &Path,
        size: u64,
        modified: &str,
        outcome: &str,
    ) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO drop_folder_files (path, size, modified, seen_at, outcome)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(path) DO UPDATE SET size = excluded.size, modified = excluded.modified,
                 seen_at = excluded.seen_at, outcome = excluded.outcome",
            params![
                path.display().to_string(),
                i64::try_from(size).unwrap_or(i64::MAX),
                modified,
                Utc::now().to_rfc3339(),
                outcome
            ],
        )?;
        Ok(())
    }
}
