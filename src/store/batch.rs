//! One import of many files, inventories and catalogs mixed: one transaction, a savepoint per
//! file (a file goes in whole or not at all, the others still land), then one incremental
//! rematch of what changed, inside the same transaction.

use serde::Serialize;

use super::catalog::{self, CatalogSource, StoredDocument, StoredKev};
use super::machines::{ScanSource, StoredScans, store_scans_of_file};
use super::matching::{RematchReport, RematchScope, rematch};
use super::{Store, StoreResult};
use crate::catalog::bulletin::BulletinRow;
use crate::catalog::cvrf::CvrfDocument;
use crate::catalog::kev::KevCatalog;
use crate::inventory::MachineReport;

/// One file's content, ready to store.
#[derive(Clone, Debug)]
pub enum BatchFile<'a> {
    Scans {
        source: ScanSource<'a>,
        reports: &'a [MachineReport],
    },
    Cvrf {
        source: CatalogSource<'a>,
        document: &'a CvrfDocument,
    },
    Bulletins {
        source: CatalogSource<'a>,
        rows: &'a [BulletinRow],
    },
    Kev {
        source: CatalogSource<'a>,
        catalog: &'a KevCatalog,
    },
}

/// What storing a catalog file did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StoredCatalog {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<StoredDocument>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kev: Option<StoredKev>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchStored {
    Scans(StoredScans),
    Catalog(StoredCatalog),
}

fn store_one(conn: &rusqlite::Connection, file: &BatchFile<'_>) -> StoreResult<BatchStored> {
    Ok(match file {
        BatchFile::Scans { source, reports } => {
            BatchStored::Scans(store_scans_of_file(conn, source, reports)?)
        }
        BatchFile::Cvrf { source, document } => BatchStored::Catalog(StoredCatalog {
            documents: vec![catalog::store_cvrf(conn, document, source)?],
            kev: None,
        }),
        BatchFile::Bulletins { source, rows } => BatchStored::Catalog(StoredCatalog {
            documents: catalog::store_bulletins(conn, rows, source)?,
            kev: None,
        }),
        BatchFile::Kev {
            source,
            catalog: kev,
        } => BatchStored::Catalog(StoredCatalog {
            documents: Vec::new(),
            kev: Some(catalog::store_kev(conn, kev, source)?),
        }),
    })
}

impl Store {
    /// Stores the files and rematches what they changed; see the module docs.
    pub fn store_batch(
        &mut self,
        files: &[BatchFile<'_>],
    ) -> StoreResult<(Vec<StoreResult<BatchStored>>, RematchReport)> {
        let mut tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut results = Vec::with_capacity(files.len());
        for file in files {
            let savepoint = tx.savepoint()?;
            let result = store_one(&savepoint, file);
            if result.is_ok() {
                savepoint.commit()?;
            }
            // Dropping an uncommitted savepoint rolls this file back.
            results.push(result);
        }
        let mut machines: Vec<i64> = Vec::new();
        let mut products: Vec<i64> = Vec::new();
        for stored in results.iter().filter_map(|r| r.as_ref().ok()) {
            match stored {
                BatchStored::Scans(scans) => machines.extend(&scans.machine_ids),
                BatchStored::Catalog(catalog) => {
                    for document in &catalog.documents {
                        products.extend(&document.product_ids);
                    }
                }
            }
        }
        machines.sort_unstable();
        machines.dedup();
        products.sort_unstable();
        products.dedup();
        // New scans change what those machines miss; new documents change what the machines
        // running their products miss. KEV only changes ranking, which is read at query time.
        let mut report = rematch(&tx, &RematchScope::Machines(machines))?;
        if !products.is_empty() {
            let by_catalog = rematch(&tx, &RematchScope::Products(products))?;
            report.machines += by_catalog.machines;
            report.fixed += by_catalog.fixed;
            report.missing += by_catalog.missing;
            report.unknown += by_catalog.unknown;
        }
        tx.commit()?;
        Ok((results, report))
    }
}
