//! The office profile: who the organisation and its administrator are. Later issues use it as
//! the sender of notification emails and in report headers.

use serde::{Deserialize, Serialize};

use super::audit::{self, AuditAction};
use super::{Store, StoreResult};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeProfile {
    pub name: String,
    pub admin_name: String,
    pub admin_email: String,
}

const KEY: &str = "office.profile";

impl Store {
    /// The saved profile, or None before the admin (or the sample office) has set one.
    pub fn office_profile(&self) -> StoreResult<Option<OfficeProfile>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [KEY], |row| {
                row.get(0)
            })
            .map(Some)
            .or_else(|err| match err {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                other => Err(other),
            })?;
        // A profile that no longer parses (hand-edited file) reads as unset rather than failing
        // every screen; saving a new one repairs it.
        Ok(json.and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Saves the profile and records the change in the audit log, atomically.
    pub fn set_office_profile(
        &mut self,
        profile: &OfficeProfile,
        action: AuditAction,
    ) -> StoreResult<()> {
        let json = serde_json::to_string(profile).expect("profile serialises");
        let actor = self.actor.clone();
        self.transaction(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [KEY, json.as_str()],
            )?;
            audit::record(tx, &actor, action, &profile.name, None)?;
            Ok(())
        })
    }
}
