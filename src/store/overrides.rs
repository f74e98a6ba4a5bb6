//! The admin's corrections to product mapping ("this PC also runs SQL Server 2019", "this is
//! not Server Core"). Each change is audited and rematches the machine in the same transaction.

use chrono::Utc;
use rusqlite::{OptionalExtension, params};

use super::audit::{self, AuditAction};
use super::catalog::rfc3339;
use super::matching::{RematchReport, RematchScope, rematch};
use super::{Store, StoreError, StoreResult};

/// Add a product to a machine's mapping, or remove one from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverrideAction {
    Add,
    Remove,
}

impl OverrideAction {
    pub fn as_str(self) -> &'static str {
        match self {
            OverrideAction::Add => "add",
            OverrideAction::Remove => "remove",
        }
    }
}

impl Store {
    /// Records an override (replacing an earlier one for the same product) and rematches the
    /// machine. The product must be a name the catalogs use.
    pub fn set_product_override(
        &mut self,
        machine_id: i64,
        product: &str,
        action: OverrideAction,
        reason: &str,
    ) -> StoreResult<RematchReport> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::InvalidName(
                "a mapping change needs a reason".to_owned(),
            ));
        }
        let actor = self.actor.clone();
        self.transaction(|tx| {
            let known: Option<String> = tx
                .query_row(
                    "SELECT name FROM catalog_products WHERE name = ?1 COLLATE NOCASE",
                    [product.trim()],
                    |row| row.get(0),
                )
                .optional()?;
            let Some(product) = known else {
                return Err(StoreError::InvalidName(format!(
                    "no imported catalog names the product {product:?}"
                )));
            };
            let hostname: String = tx
                .query_row("SELECT hostname FROM machines WHERE id = ?1", [machine_id], |row| {
                    row.get(0)
                })
                .optional()?
                .ok_or_else(|| StoreError::InvalidName(format!("no machine #{machine_id}")))?;
            tx.execute(
                "INSERT INTO product_overrides (machine_id, product, action, reason, created_at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(machine_id, product) DO UPDATE SET action = excluded.action,
                     reason = excluded.reason, created_at = excluded.created_at,
                     actor = excluded.actor",
                params![machine_id, product, action.as_str(), reason, rfc3339(Utc::now()), actor],
            )?;
            audit::record(
                tx,
                &actor,
                AuditAction::ProductMappingChanged,
                &format!("{hostname}: {} {product}", action.as_str()),
                Some(reason),
            )?;
            rematch(tx, &RematchScope::Machines(vec![machine_id]))
        })
    }

    /// Drops an override: the machine goes back to the automatic mapping for that product.
    pub fn clear_product_override(
        &mut self,
        machine_id: i64,
        product: &str,
        reason: &str,
    ) -> StoreResult<RematchReport> {
        let actor = self.actor.clone();
        self.transaction(|tx| {
            let removed = tx.execute(
                "DELETE FROM product_overrides WHERE machine_id = ?1 AND product = ?2 COLLATE NOCASE",
                params![machine_id, product.trim()],
            )?;
            if removed == 0 {
                return Err(StoreError::InvalidName(format!(
                    "no override of {product:?} on this machine"
                )));
            }
            let hostname: String = tx.query_row(
                "SELECT hostname FROM machines WHERE id = ?1",
                [machine_id],
                |row| row.get(0),
            )?;
            audit::record(
                tx,
                &actor,
                AuditAction::ProductMappingChanged,
                &format!("{hostname}: automatic mapping for {}", product.trim()),
                Some(reason.trim()).filter(|r| !r.is_empty()),
            )?;
            rematch(tx, &RematchScope::Machines(vec![machine_id]))
        })
    }

    /// The overrides of one machine.
    pub fn product_overrides_of(
        &self,
        machine_id: i64,
    ) -> StoreResult<Vec<super::ProductOverride>> {
        Ok(super::matching::product_overrides(&self.conn)?
            .remove(&machine_id)
            .unwrap_or_default())
    }
}
