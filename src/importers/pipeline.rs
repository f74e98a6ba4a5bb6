//! Preview, then commit: what every import (window, CLI, drop folder) goes through. Preview
//! reads and parses without writing; commit stores one file in one transaction.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{ImporterRegistry, RefusedFile, display_name};
use crate::i18n::Lang;
use crate::inventory::read::ReadInventory;
use crate::inventory::{MachineReport, Problem};
use crate::store::{ScanSource, Store, StoreError, StoreResult, StoredScans};

/// What a file holds once read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileContent {
    Inventory(ReadInventory),
}

/// A file read and ready to commit.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    pub stored: StoredScans,
}

impl FilePreview {
    pub fn machines(&self) -> &[MachineReport] {
        match &self.content {
            FileContent::Inventory(inventory) => &inventory.parsed.machines,
        }
    }

    pub fn problems(&self) -> &[Problem] {
        match &self.content {
            FileContent::Inventory(inventory) => &inventory.parsed.problems,
        }
    }

    pub fn format_name(&self) -> &'static str {
        match &self.content {
            FileContent::Inventory(inventory) => inventory.format_name,
        }
    }

    pub fn format_id(&self) -> &'static str {
        match &self.content {
            FileContent::Inventory(inventory) => inventory.format,
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
        let FileContent::Inventory(inventory) = &mut self.content;
        for machine in &mut inventory.parsed.machines {
            if machine.hostname.trim().is_empty() {
                machine.hostname = hostname.trim().to_owned();
            }
        }
    }

    pub fn encoding(&self) -> &'static str {
        match &self.content {
            FileContent::Inventory(inventory) => inventory.encoding,
        }
    }
}

/// Reads one file through the registry. Nothing is written.
pub fn preview(registry: &ImporterRegistry, path: &Path) -> Result<FilePreview, FileFailure> {
    let routed = registry.route(path).map_err(FileFailure::Refused)?;
    let unreadable = |problem| FileFailure::Unreadable {
        path: path.to_path_buf(),
        problem,
    };
    let bytes = std::fs::read(path).map_err(|err| unreadable(Problem::general(err.to_string())))?;
    let importer = registry
        .importer(routed.importer)
        .ok_or_else(|| unreadable(Problem::general("no importer")))?;
    let content = importer.read(&bytes).map_err(unreadable)?;
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

/// Stores one previewed file: all of its machines in one transaction, or nothing.
pub fn commit(store: &mut Store, preview: &FilePreview) -> StoreResult<Imported> {
    let file = display_name(&preview.path);
    if preview.unnamed_machines() > 0 {
        return Err(StoreError::InvalidName(format!(
            "{file} does not name its machine; say which machine it is (--host NAME)"
        )));
    }
    let stored = match &preview.content {
        FileContent::Inventory(inventory) => store.store_scans(
            &ScanSource {
                file: &file,
                format: inventory.format,
                written_at: preview.written_at,
                lists_updates: inventory.lists_updates,
                lists_programs: inventory.lists_programs,
            },
            &inventory.parsed.machines,
        )?,
    };
    Ok(Imported { file, stored })
}
