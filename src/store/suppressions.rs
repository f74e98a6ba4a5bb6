//! "Not applicable here": the admin suppresses a finding (a CVE) or an update (a KB), on one
//! machine or on all, with a reason and an optional expiry. Suppressed findings leave the work
//! lists but stay counted and listed. Every suppression and lift is audited.

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::audit::{self, AuditAction};
use super::catalog::rfc3339;
use super::{Store, StoreError, StoreResult};

/// What a suppression covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionTarget {
    Cve(String),
    Kb(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppression {
    pub id: i64,
    /// None: on every machine.
    #[serde(skip)]
    pub machine_id: Option<i64>,
    pub hostname: Option<String>,
    pub target: SuppressionTarget,
    pub reason: String,
    pub expires: Option<NaiveDate>,
    pub created_at: String,
    pub actor: String,
    pub lifted_at: Option<String>,
}

impl Suppression {
    pub fn applies_to(&self, machine_id: i64, cve: &str, kb: Option<&str>) -> bool {
        self.machine_id.is_none_or(|m| m == machine_id)
            && match &self.target {
                SuppressionTarget::Cve(c) => c.eq_ignore_ascii_case(cve),
                SuppressionTarget::Kb(k) => kb.is_some_and(|kb| k.eq_ignore_ascii_case(kb)),
            }
    }

    /// In force on `today`: not lifted and not expired (the expiry day still counts).
    pub fn is_active(&self, today: NaiveDate) -> bool {
        self.lifted_at.is_none() && self.expires.is_none_or(|e| e >= today)
    }
}

fn read_all(conn: &Connection) -> StoreResult<Vec<Suppression>> {
    let mut statement = conn.prepare_cached(
        "SELECT s.id, s.machine_id, m.hostname, s.cve, s.kb, s.reason, s.expires, s.created_at,
                s.actor, s.lifted_at
         FROM suppressions s LEFT JOIN machines m ON m.id = s.machine_id ORDER BY s.id",
    )?;
    let rows = statement.query_map([], |row| {
        let cve: Option<String> = row.get(3)?;
        let kb: Option<String> = row.get(4)?;
        Ok(Suppression {
            id: row.get(0)?,
            machine_id: row.get(1)?,
            hostname: row.get(2)?,
            target: match (cve, kb) {
                (Some(cve), _) => SuppressionTarget::Cve(cve),
                (None, kb) => SuppressionTarget::Kb(kb.unwrap_or_default()),
            },
            reason: row.get(5)?,
            expires: row
                .get::<_, Option<String>>(6)?
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            created_at: row.get(7)?,
            actor: row.get(8)?,
            lifted_at: row.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn active_suppressions(
    conn: &Connection,
    today: NaiveDate,
) -> StoreResult<Vec<Suppression>> {
    Ok(read_all(conn)?
        .into_iter()
        .filter(|s| s.is_active(today))
        .collect())
}

impl Store {
    /// Suppresses a CVE or a KB, on one machine or all (`machine_id` None). Audited.
    pub fn suppress(
        &mut self,
        machine_id: Option<i64>,
        target: SuppressionTarget,
        reason: &str,
        expires: Option<NaiveDate>,
    ) -> StoreResult<i64> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::InvalidName(
                "a suppression needs a reason".to_owned(),
            ));
        }
        let actor = self.actor.clone();
        self.transaction(|tx| {
            let hostname: Option<String> = match machine_id {
                None => None,
                Some(id) => tx
                    .query_row("SELECT hostname FROM machines WHERE id = ?1", [id], |row| {
                        row.get(0)
                    })
                    .optional()?,
            };
            let (cve, kb) = match &target {
                SuppressionTarget::Cve(cve) => (Some(cve.trim().to_ascii_uppercase()), None),
                SuppressionTarget::Kb(kb) => (None, Some(kb.trim().to_ascii_uppercase())),
            };
            tx.execute(
                "INSERT INTO suppressions (machine_id, cve, kb, reason, expires, created_at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    machine_id,
                    cve,
                    kb,
                    reason,
                    expires.map(|d| d.to_string()),
                    rfc3339(Utc::now()),
                    actor
                ],
            )?;
            let id = tx.last_insert_rowid();
            let what = cve.or(kb).unwrap_or_default();
            let scope = hostname.unwrap_or_else(|| "all machines".to_owned());
            let until = expires.map(|d| format!(" until {d}")).unwrap_or_default();
            audit::record(
                tx,
                &actor,
                AuditAction::FindingSuppressed,
                &format!("{what} on {scope}{until} (#{id})"),
                Some(reason),
            )?;
            Ok(id)
        })
    }

    /// Lifts a suppression (the row stays, for the record). Audited.
    pub fn lift_suppression(&mut self, id: i64, reason: Option<&str>) -> StoreResult<()> {
        let actor = self.actor.clone();
        self.transaction(|tx| {
            let changed = tx.execute(
                "UPDATE suppressions SET lifted_at = ?2 WHERE id = ?1 AND lifted_at IS NULL",
                params![id, rfc3339(Utc::now())],
            )?;
            if changed == 0 {
                return Err(StoreError::InvalidName(format!(
                    "there is no suppression #{id} in force (see `patchdesk suppress list`)"
                )));
            }
            audit::record(
                tx,
                &actor,
                AuditAction::SuppressionLifted,
                &format!("#{id}"),
                reason,
            )?;
            Ok(())
        })
    }

    /// Every suppression, lifted and expired ones included, oldest first.
    pub fn suppressions(&self) -> StoreResult<Vec<Suppression>> {
        read_all(&self.conn)
    }
}
