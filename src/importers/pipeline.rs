//! Preview, then commit: what every import (window, CLI, drop folder) goes through. Preview
//! reads and parses without writing; commit stores one file in one transaction.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::catalog::CatalogFile;
use super::{ImporterRegistry, RefusedFile, display_name};
use crate::i18n::Lang;
use crate::inventory::read::ReadInventory;
use crate::inventory::{MachineReport, Problem};
use crate::store::{
    BatchFile, BatchStored, RematchReport, ScanSource, Store, StoreResult, StoredCatalog,
    StoredScans,
};

/// What a file holds once read.
#[derive(Clone, Debug, PartialEq)]
pub enum FileContent {
    Inventory(ReadInventory),
    Catalog(CatalogFile),
}

/// A file read and ready to commit.
#[derive(Clone, Debug, PartialEq)]
pub struct FilePreview {
    pub path: PathBuf,
    pub content: FileContent,
    /// The file's modification time: when a source does not date itself, its scan is dated so.
    pub written_at: DateTime<Utc>,
}

/// A file that cannot be imported, and why (with the line when the parser knows it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileFailure {
    Refused(RefusedFile),
    Unreadable { path: PathBuf, problem: Problem },
}

impl FileFailure {
    pub fn path(&self) -> &Path {
        match self {
            FileFailure::Refused(refused) => &refused.path,
            FileFailure::Unreadable { path, .. } => path,
        }
    }

    /// `systeminfo.txt: line 14: …` in the admin's language (parser details stay in English).
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            FileFailure::Refused(refused) => refused.describe(lang),
            FileFailure::Unreadable { path, problem } => {
                format!("{}: {problem}", display_name(path))
            }
        }
    }
}

/// What committing one file did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub file: String,
    /// Inventories: the machines and scans written.
    pub stored: StoredScans,
    /// Catalogs: the documents (or KEV catalog) written, replaced or kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog: Option<StoredCatalog>,
}

impl FilePreview {
    /// The machines an inventory names (none for a catalog).
    pub fn machines(&self) -> &[MachineReport] {
        match &self.content {
            FileContent::Inventory(inventory) => &inventory.parsed.machines,
            FileContent::Catalog(_) => &[],
        }
    }

    /// The catalog this file is, if it is one.
    pub fn catalog(&self) -> Option<&CatalogFile> {
        match &self.content {
            FileContent::Catalog(catalog) => Some(catalog),
            FileContent::Inventory(_) => None,
        }
    }

    pub fn problems(&self) -> &[Problem] {
        match &self.content {
            FileContent::Inventory(inventory) => &inventory.parsed.problems,
            FileContent::Catalog(_) => &[],
        }
    }

    pub fn format_name(&self) -> &'static str {
        match &self.content {
            FileContent::Inventory(inventory) => inventory.format_name,
            FileContent::Catalog(catalog) => catalog.format_name,
        }
    }

    pub fn format_id(&self) -> &'static str {
        match &self.content {
            FileContent::Inventory(inventory) => inventory.format,
            FileContent::Catalog(catalog) => catalog.format,
        }
    }

    /// How many machines the file does not name (a `wmic qfe get …` without CSName, a trimmed
    /// `Get-ComputerInfo`): the admin must say which machine it is before committing.
    pub fn unnamed_machines(&self) -> usize {
        self.machines()
            .iter()
            .filter(|m| m.hostname.trim().is_empty())
            .count()
    }

    /// Names the machines the file leaves unnamed.
    pub fn name_unnamed_machines(&mut self, hostname: &str) {
        let FileContent::Inventory(inventory) = &mut self.content else {
            return;
        };
        for machine in &mut inventory.parsed.machines {
            if machine.hostname.trim().is_empty() {
                machine.hostname = hostname.trim().to_owned();
            }
        }
    }

    pub fn encoding(&self) -> &'static str {
        match &self.content {
            FileContent::Inventory(inventory) => inventory.encoding,
            FileContent::Catalog(catalog) => catalog.encoding,
        }
    }
}

/// Reads one file through the registry. Nothing is written.
pub fn preview(registry: &ImporterRegistry, path: &Path) -> Result<FilePreview, FileFailure> {
    let (sample, importer) = registry.load(path).map_err(FileFailure::Refused)?;
    let content = importer
        .read(&sample)
        .map_err(|problem| FileFailure::Unreadable {
            path: path.to_path_buf(),
            problem,
        })?;
    let written_at = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map(DateTime::<Utc>::from)
        .unwrap_or_else(|_| Utc::now());
    Ok(FilePreview {
        path: path.to_path_buf(),
        content,
        written_at,
    })
}

/// Previews many files on all cores (reading and parsing is most of an import's work); the
/// results keep the order of `paths`.
pub fn preview_all(
    registry: &ImporterRegistry,
    paths: &[PathBuf],
) -> Vec<Result<FilePreview, FileFailure>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(paths.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<FilePreview, FileFailure>>>> =
        Mutex::new((0..paths.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(index) else { break };
                    let result = preview(registry, path);
                    results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .zip(paths)
        .map(|(result, path)| {
            result.unwrap_or_else(|| {
                Err(FileFailure::Unreadable {
                    path: path.clone(),
                    problem: Problem::general("internal error: the file was not read"),
                })
            })
        })
        .collect()
}

/// Stores many previewed files in one transaction with a savepoint each: every file goes in
/// whole or not at all, and one commit makes a large import fast. Machines with new scans,
/// and machines running products of new catalog documents, are rematched in the same
/// transaction.
pub fn commit_all(
    store: &mut Store,
    previews: &[&FilePreview],
) -> StoreResult<Vec<Result<Imported, String>>> {
    Ok(commit_all_with_rematch(store, previews)?.0)
}

/// [`commit_all`], also saying what rematching did.
pub fn commit_all_with_rematch(
    store: &mut Store,
    previews: &[&FilePreview],
) -> StoreResult<(Vec<Result<Imported, String>>, RematchReport)> {
    let names: Vec<String> = previews.iter().map(|p| display_name(&p.path)).collect();
    // Unnamed machines never reach the store: their files fail alone.
    let unnamed: Vec<bool> = previews.iter().map(|p| p.unnamed_machines() > 0).collect();
    let mut batch = Vec::with_capacity(previews.len());
    for ((preview, file), unnamed) in previews.iter().zip(&names).zip(&unnamed) {
        if *unnamed {
            continue;
        }
        batch.push(match &preview.content {
            FileContent::Inventory(inventory) => BatchFile::Scans {
                source: ScanSource {
                    file,
                    format: inventory.format,
                    written_at: preview.written_at,
                    lists_updates: inventory.lists_updates,
                    lists_programs: inventory.lists_programs,
                },
                reports: inventory.parsed.machines.as_slice(),
            },
            FileContent::Catalog(catalog) => catalog.batch_file(file),
        });
    }
    let (results, report) = store.store_batch(&batch)?;
    let mut stored = results.into_iter();
    let imported = names
        .into_iter()
        .zip(unnamed)
        .map(|(file, unnamed)| {
            if unnamed {
                return Err(format!(
                    "{file} does not name its machine; say which machine it is (--host NAME)"
                ));
            }
            match stored.next() {
                Some(Ok(BatchStored::Scans(stored))) => Ok(Imported {
                    file,
                    stored,
                    catalog: None,
                }),
                Some(Ok(BatchStored::Catalog(catalog))) => Ok(Imported {
                    file,
                    stored: StoredScans::default(),
                    catalog: Some(catalog),
                }),
                Some(Err(err)) => Err(format!("{file}: {err}")),
                None => Err(format!("{file}: not stored")),
            }
        })
        .collect();
    Ok((imported, report))
}

/// Stores one previewed file: all of its machines, or nothing. The error is the reason to
/// show, starting with the file's name.
pub fn commit(store: &mut Store, preview: &FilePreview) -> Result<Imported, String> {
    commit_all(store, &[preview])
        .map_err(|err| format!("{}: {err}", display_name(&preview.path)))?
        .pop()
        .unwrap_or_else(|| Err(format!("{}: not stored", display_name(&preview.path))))
}
