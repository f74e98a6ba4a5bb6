//! What the dashboard shows about the office, read in one go by a background job.
//! Later phases add their figures here (machines, findings, rollouts).

use serde::Serialize;

use crate::store::{
    AuditEntry, DbInfo, FindingsSummary, MigrationReport, OfficeProfile, Store, StoreResult,
};

/// How many recent decisions the dashboard lists.
pub const RECENT_DECISIONS: usize = 8;

/// A scan older than this is stale: the machine may have changed since.
pub const STALE_AFTER_DAYS: i64 = 30;

#[derive(Clone, Debug, Serialize)]
pub struct Overview {
    pub database: DbInfo,
    pub office: Option<OfficeProfile>,
    pub recent_decisions: Vec<AuditEntry>,
    /// The folder watched for new inventory files, if one is set.
    pub drop_folder: Option<std::path::PathBuf>,
    pub machines: usize,
    /// Machines whose newest scan is older than [`STALE_AFTER_DAYS`].
    pub stale_machines: usize,
    /// Phase 2: catalogs and what matching found.
    pub findings: FindingsSummary,
}

impl Overview {
    pub fn load(store: &Store) -> StoreResult<Overview> {
        let stale_before = chrono::Utc::now() - chrono::Duration::days(STALE_AFTER_DAYS);
        let (machines, stale_machines) = store.machine_counts(stale_before)?;
        Ok(Overview {
            database: store.info()?,
            office: store.office_profile()?,
            recent_decisions: store.audit_entries(Some(RECENT_DECISIONS))?,
            drop_folder: store.drop_folder()?,
            machines,
            stale_machines,
            findings: store.findings_summary()?,
        })
    }

    /// A database nobody has put anything in yet: the window offers the sample office.
    pub fn is_first_run(&self) -> bool {
        self.office.is_none() && self.database.tables.values().all(|&rows| rows == 0)
    }
}

/// The result of opening the database when the window starts.
#[derive(Clone, Debug)]
pub struct OpenedDatabase {
    pub overview: Overview,
    pub migration: Option<MigrationReport>,
}

/// Opens (creating or upgrading) the database and reads the overview.
pub fn open_database(path: &std::path::Path) -> StoreResult<OpenedDatabase> {
    let store = Store::open(path)?;
    Ok(OpenedDatabase {
        overview: Overview::load(&store)?,
        migration: store.migration_report().cloned(),
    })
}
