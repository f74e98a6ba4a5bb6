//! The schema's history. A migration is never edited once released: add a new one.

pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "audit log",
        sql: include_str!("migrations/0001_audit_log.sql"),
    },
    Migration {
        version: 2,
        name: "settings",
        sql: include_str!("migrations/0002_settings.sql"),
    },
    Migration {
        version: 3,
        name: "inventory: machines, scans, groups",
        sql: include_str!("migrations/0003_inventory.sql"),
    },
    Migration {
        version: 4,
        name: "identify: catalogs, product overrides, suppressions, findings",
        sql: include_str!("migrations/0004_catalog_findings.sql"),
    },
];

/// The schema version this build creates and understands.
pub const LATEST_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version as usize, index + 1, "{}", migration.name);
        }
    }
}
