//! `catalog fetch`: asks the MSRC API which documents exist, downloads those that are new or
//! revised since the last import, and stores each one as it arrives (one transaction per
//! document, so a cancelled or failed fetch keeps what it finished and can simply be re-run).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::catalog::cvrf;
use crate::catalog::msrc_api::{FetchError, IndexEntry, MsrcClient, select_updates};
use crate::store::{BatchFile, BatchStored, CatalogSource, Store, StoreError, StoredDocument};

#[cfg(test)]
mod tests;

/// Where a fetch is, for a progress bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchProgress {
    ReadingIndex,
    /// Downloading document `number` (1-based) of `total`.
    Downloading {
        id: String,
        number: usize,
        total: usize,
        received: u64,
        size: Option<u64>,
    },
}

/// What a fetch did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FetchReport {
    /// Documents the index lists.
    pub listed: usize,
    /// Documents new or revised (and within `--since`).
    pub selected: usize,
    pub stored: Vec<StoredDocument>,
    pub bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum FetchFailure {
    #[error("{0}")]
    Network(#[from] FetchError),
    #[error("{id}: {problem}")]
    BadDocument { id: String, problem: String },
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl FetchFailure {
    /// True when the machine could not reach the server: say "offline, import files instead".
    pub fn is_offline(&self) -> bool {
        matches!(self, FetchFailure::Network(err) if err.is_offline())
    }
}

/// The stored CurrentReleaseDate of each MSRC document.
fn stored_revisions(store: &Store) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
    Ok(store
        .catalog_documents()?
        .into_iter()
        .filter(|d| d.source == "msrc")
        .map(|d| (d.id, d.current_release))
        .collect())
}

/// Fetches new and revised documents. `progress` returns false to cancel (between and during
/// downloads); what was stored before that stays.
pub fn fetch_updates(
    store: &mut Store,
    client: &MsrcClient,
    since: Option<(i32, u32)>,
    progress: &mut dyn FnMut(FetchProgress) -> bool,
) -> Result<FetchReport, FetchFailure> {
    if !progress(FetchProgress::ReadingIndex) {
        return Err(FetchError::Cancelled.into());
    }
    let index = client.index()?;
    let stored = stored_revisions(store)?;
    let known = |id: &str| {
        stored
            .iter()
            .find(|(stored_id, _)| stored_id == id)
            .map(|(_, date)| *date)
    };
    let selected: Vec<IndexEntry> = select_updates(&index, since, &known);
    let mut report = FetchReport {
        listed: index.len(),
        selected: selected.len(),
        ..FetchReport::default()
    };
    let total = selected.len();
    for (i, entry) in selected.iter().enumerate() {
        let mut on_bytes = |received: u64, size: Option<u64>| {
            progress(FetchProgress::Downloading {
                id: entry.id.clone(),
                number: i + 1,
                total,
                received,
                size,
            })
        };
        let bytes = client.document_xml(&entry.id, &mut on_bytes)?;
        report.bytes += bytes.len() as u64;
        let text = crate::inventory::decode::decode(&bytes).text;
        let document = cvrf::parse_xml(&text).map_err(|problem| FetchFailure::BadDocument {
            id: entry.id.clone(),
            problem: problem.to_string(),
        })?;
        let file = format!("{}/cvrf/{}", client.base_url(), entry.id);
        let (mut results, _) = store.store_batch(&[BatchFile::Cvrf {
            source: CatalogSource {
                file: &file,
                format: "msrc-api",
            },
            document: &document,
        }])?;
        match results.pop() {
            Some(Ok(BatchStored::Catalog(catalog))) => report.stored.extend(catalog.documents),
            Some(Err(err)) => return Err(err.into()),
            _ => {}
        }
    }
    Ok(report)
}
