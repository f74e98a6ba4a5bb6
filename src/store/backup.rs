//! Online backup to a new file, page by page, so a job can show progress and be cancelled.
//! The copy is a complete, consistent database even while other connections write.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};

use super::audit::AuditAction;
use super::{Store, StoreError, StoreResult};

/// Pages copied per step: small enough for smooth progress and prompt cancel.
const PAGES_PER_STEP: std::ffi::c_int = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupProgress {
    pub pages_done: u64,
    pub pages_total: u64,
}

impl BackupProgress {
    pub fn fraction(self) -> f32 {
        if self.pages_total == 0 {
            1.0
        } else {
            self.pages_done as f32 / self.pages_total as f32
        }
    }
}

impl Store {
    /// Copies the database to `target`, which must not exist yet. `on_progress` returns false to
    /// cancel; a cancelled or failed backup leaves no file behind. Audited.
    pub fn backup_to(
        &self,
        target: &Path,
        mut on_progress: impl FnMut(BackupProgress) -> bool,
    ) -> StoreResult<()> {
        if target.exists() {
            return Err(StoreError::BackupTargetExists(target.to_path_buf()));
        }
        let partial = partial_path(target);
        let result = self.copy_pages(&partial, &mut on_progress);
        match result {
            Ok(()) => {
                std::fs::rename(&partial, target).map_err(|err| StoreError::Backup {
                    path: target.to_path_buf(),
                    reason: err.to_string(),
                })?;
                self.record_audit(
                    AuditAction::DatabaseBackup,
                    &target.display().to_string(),
                    None,
                )?;
                Ok(())
            }
            Err(err) => {
                let _ = std::fs::remove_file(&partial);
                Err(err)
            }
        }
    }

    fn copy_pages(
        &self,
        partial: &Path,
        on_progress: &mut impl FnMut(BackupProgress) -> bool,
    ) -> StoreResult<()> {
        let backup_err = |reason: String| StoreError::Backup {
            path: partial.to_path_buf(),
            reason,
        };
        let _ = std::fs::remove_file(partial);
        let mut destination =
            Connection::open(partial).map_err(|err| backup_err(err.to_string()))?;
        {
            let backup = Backup::new(&self.conn, &mut destination)
                .map_err(|err| backup_err(err.to_string()))?;
            loop {
                let step = backup
                    .step(PAGES_PER_STEP)
                    .map_err(|err| backup_err(err.to_string()))?;
                let progress = backup.progress();
                let total = u64::try_from(progress.pagecount).unwrap_or(0);
                let remaining = u64::try_from(progress.remaining).unwrap_or(0);
                let keep_going = on_progress(BackupProgress {
                    pages_done: total.saturating_sub(remaining),
                    pages_total: total,
                });
                match step {
                    StepResult::Done => break,
                    _ if !keep_going => return Err(StoreError::Cancelled),
                    StepResult::More => {}
                    // Another connection holds a lock: wait briefly and continue.
                    StepResult::Busy | StepResult::Locked => {
                        std::thread::sleep(Duration::from_millis(50))
                    }
                    _ => {}
                }
            }
        }
        // The copy is a standalone file: no -wal beside it.
        destination
            .query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
            .map_err(|err| backup_err(err.to_string()))?;
        Ok(())
    }
}

fn partial_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    target.with_file_name(name)
}
