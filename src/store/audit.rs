//! The audit log: who decided what, when, and why. Append-only (enforced by triggers).

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::{Store, StoreResult};

/// Every kind of admin decision PatchDesk records. The string forms are stable: scripts read
/// them from `patchdesk audit list --json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditAction {
    DatabaseBackup,
    DatabaseMigrated,
    DropFolderSet,
    FindingSuppressed,
    GroupAssigned,
    GroupCreated,
    GroupUnassigned,
    OfficeProfileChanged,
    ProductMappingChanged,
    SampleOfficeLoaded,
    SuppressionLifted,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::DatabaseBackup => "database.backup",
            AuditAction::DatabaseMigrated => "database.migrate",
            AuditAction::DropFolderSet => "drop_folder.set",
            AuditAction::FindingSuppressed => "finding.suppress",
            AuditAction::GroupAssigned => "group.assign",
            AuditAction::GroupCreated => "group.create",
            AuditAction::GroupUnassigned => "group.unassign",
            AuditAction::OfficeProfileChanged => "office.update",
            AuditAction::ProductMappingChanged => "product_mapping.override",
            AuditAction::SampleOfficeLoaded => "sample_office.load",
            AuditAction::SuppressionLifted => "finding.unsuppress",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub user: String,
    pub action: String,
    pub object: String,
    pub reason: Option<String>,
}

impl AuditEntry {
    pub fn time(&self) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(&self.at)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }
}

/// The OS account running PatchDesk, as the audit log's "user": the account itself (not an
/// environment variable a script could set), looked up once per process.
pub fn current_os_user() -> String {
    static USER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    USER.get_or_init(|| {
        whoami::username()
            .ok()
            .filter(|name| !name.trim().is_empty())
            .or_else(|| {
                ["USERNAME", "USER", "LOGNAME"]
                    .iter()
                    .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
            })
            .unwrap_or_else(|| "unknown".to_owned())
    })
    .clone()
}

/// Appends one entry. Takes a connection so that callers can record inside the transaction
/// that makes the change: the decision and its audit entry land together or not at all.
pub(crate) fn record(
    conn: &Connection,
    user: &str,
    action: AuditAction,
    object: &str,
    reason: Option<&str>,
) -> StoreResult<i64> {
    let at = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    conn.execute(
        "INSERT INTO audit_log (at, user, action, object, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at, user, action.as_str(), object, reason],
    )?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    /// Records one admin decision by this connection's user.
    pub fn record_audit(
        &self,
        action: AuditAction,
        object: &str,
        reason: Option<&str>,
    ) -> StoreResult<i64> {
        record(&self.conn, &self.actor, action, object, reason)
    }

    /// The newest entries first; `limit` None means all.
    pub fn audit_entries(&self, limit: Option<usize>) -> StoreResult<Vec<AuditEntry>> {
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let mut statement = self.conn.prepare(
            "SELECT id, at, user, action, object, reason FROM audit_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([limit], |row| {
            Ok(AuditEntry {
                id: row.get(0)?,
                at: row.get(1)?,
                user: row.get(2)?,
                action: row.get(3)?,
                object: row.get(4)?,
                reason: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
