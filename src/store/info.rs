//! What `patchdesk db info` and the dashboard say about the database itself.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::{LATEST_VERSION, Store, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DbInfo {
    pub path: PathBuf,
    pub schema_version: u32,
    pub latest_schema_version: u32,
    pub sqlite_version: String,
    pub journal_mode: String,
    pub size_bytes: u64,
    /// Row count of every PatchDesk table.
    pub tables: BTreeMap<String, i64>,
}

impl Store {
    pub fn info(&self) -> StoreResult<DbInfo> {
        let table_names: Vec<String> = self
            .conn
            .prepare(
                "SELECT name FROM sqlite_schema
                 WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut tables = BTreeMap::new();
        for name in table_names {
            // Names come from sqlite_schema, not from the user; quoting guards odd characters.
            let quoted = name.replace('"', "\"\"");
            let count: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |row| {
                        row.get(0)
                    })?;
            tables.insert(name, count);
        }
        let page_count: i64 = self
            .conn
            .query_row("PRAGMA page_count", [], |row| row.get(0))?;
        let page_size: i64 = self
            .conn
            .query_row("PRAGMA page_size", [], |row| row.get(0))?;
        Ok(DbInfo {
            path: self.path.clone(),
            schema_version: self.schema_version()?,
            latest_schema_version: LATEST_VERSION,
            sqlite_version: rusqlite::version().to_owned(),
            journal_mode: self
                .conn
                .query_row("PRAGMA journal_mode", [], |row| row.get(0))?,
            size_bytes: u64::try_from(page_count * page_size).unwrap_or(0),
            tables,
        })
    }
}
