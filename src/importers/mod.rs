//! The importer registry: one way in for every file, whether dropped on the window, picked in
//! a dialog, found in the drop folder or named on the command line. Each importer recognises
//! its format from the file's content (the admin never picks a format); the registry says
//! clearly why a file was not taken.

mod catalog;
mod drop_folder;
mod inventory;
mod msrc_fetch;
mod pipeline;
mod sample;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use catalog::{CatalogContent, CatalogFile, CatalogImporter, CatalogSummary};
pub use drop_folder::{DropFolderRun, SETTLE_TIME, import_new_files};
pub use inventory::InventoryImporter;
pub use msrc_fetch::{FetchFailure, FetchProgress, FetchReport, fetch_updates};
pub use pipeline::{
    FileContent, FileFailure, FilePreview, Imported, commit, commit_all, commit_all_with_rematch,
    preview, preview_all,
};
pub use sample::FileSample;

use crate::i18n::Lang;

/// Files larger than this are refused before reading: no real inventory or catalog is this big,
/// and reading one would stall the machine.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// One kind of file PatchDesk can read (inventories, update catalogs).
pub trait Importer: Send + Sync {
    /// A stable identifier, e.g. `inventory` or `msrc-cvrf`.
    fn id(&self) -> &'static str;
    /// True when the sample's content is in one of this importer's formats.
    fn recognizes(&self, sample: &FileSample) -> bool;
    /// Reads what the whole file (decoded once, in `sample`) holds, writing nothing.
    fn read(&self, sample: &FileSample) -> Result<FileContent, crate::inventory::Problem>;
}

/// A file an importer has claimed.
#[derive(Debug)]
pub struct RoutedFile {
    pub path: PathBuf,
    pub importer: &'static str,
    pub size: u64,
}

/// Why a file was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotFound,
    IsDirectory,
    Unreadable(String),
    Empty,
    TooLarge { bytes: u64 },
    Binary,
    NotRecognized { first_line: String },
}

impl Refusal {
    /// The reason in the admin's language.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Refusal::NotFound => lang.tr("import.refusal.not_found").into_owned(),
            Refusal::IsDirectory => lang.tr("import.refusal.directory").into_owned(),
            Refusal::Unreadable(err) => lang.trf("import.refusal.unreadable", &[("error", err)]),
            Refusal::Empty => lang.tr("import.refusal.empty").into_owned(),
            Refusal::TooLarge { bytes } => lang.trf(
                "import.refusal.too_large",
                &[
                    ("size", &format_megabytes(*bytes)),
                    ("limit", &format_megabytes(MAX_FILE_BYTES)),
                ],
            ),
            Refusal::Binary => lang.tr("import.refusal.binary").into_owned(),
            Refusal::NotRecognized { first_line } if first_line.is_empty() => {
                lang.tr("import.refusal.not_recognized").into_owned()
            }
            Refusal::NotRecognized { first_line } => lang.trf(
                "import.refusal.not_recognized_with_line",
                &[("line", first_line)],
            ),
        }
    }
}

fn format_megabytes(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// A file that was not taken, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedFile {
    pub path: PathBuf,
    pub refusal: Refusal,
}

impl RefusedFile {
    /// "report.pdf: PatchDesk does not recognise …" in the admin's language.
    pub fn describe(&self, lang: Lang) -> String {
        format!(
            "{}: {}",
            display_name(&self.path),
            self.refusal.describe(lang)
        )
    }
}

/// The file's name as the admin knows it (no folder noise in messages).
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[derive(Default)]
pub struct ImporterRegistry {
    importers: Vec<Box<dyn Importer>>,
}

impl fmt::Debug for ImporterRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<_> = self.importers.iter().map(|i| i.id()).collect();
        f.debug_struct("ImporterRegistry")
            .field("importers", &ids)
            .finish()
    }
}

impl ImporterRegistry {
    /// Every importer this build of PatchDesk has.
    pub fn with_builtin_importers() -> ImporterRegistry {
        let mut registry = ImporterRegistry::default();
        // Catalogs first: their recognisers are strict, the inventory's JSON sniffing is broad.
        registry.register(Box::new(CatalogImporter));
        registry.register(Box::new(InventoryImporter));
        registry
    }

    /// Reads a whole file (within the size limit) and finds its importer: the text is decoded
    /// once, for recognising and for reading.
    pub(crate) fn load(&self, path: &Path) -> Result<(FileSample, &dyn Importer), RefusedFile> {
        let sample = self.sample(path, None)?;
        match self.importers.iter().find(|i| i.recognizes(&sample)) {
            Some(importer) => Ok((sample, importer.as_ref())),
            None => Err(RefusedFile {
                path: path.to_path_buf(),
                refusal: unrecognised(&sample),
            }),
        }
    }

    /// Checks the file and reads its first `limit` bytes (all of it with None).
    fn sample(&self, path: &Path, limit: Option<usize>) -> Result<FileSample, RefusedFile> {
        let refuse = |refusal| RefusedFile {
            path: path.to_path_buf(),
            refusal,
        };
        let metadata = std::fs::metadata(path).map_err(|err| {
            refuse(match err.kind() {
                std::io::ErrorKind::NotFound => Refusal::NotFound,
                _ => Refusal::Unreadable(err.to_string()),
            })
        })?;
        if metadata.is_dir() {
            return Err(refuse(Refusal::IsDirectory));
        }
        let size = metadata.len();
        if size > MAX_FILE_BYTES {
            return Err(refuse(Refusal::TooLarge { bytes: size }));
        }
        if size == 0 {
            return Err(refuse(Refusal::Empty));
        }
        let limit = limit.map_or(size, |limit| limit as u64);
        let mut bytes = Vec::with_capacity(usize::try_from(limit.min(size)).unwrap_or(0));
        std::fs::File::open(path)
            .and_then(|file| file.take(limit).read_to_end(&mut bytes))
            .map_err(|err| refuse(Refusal::Unreadable(err.to_string())))?;
        Ok(FileSample::new(path.to_path_buf(), size, bytes))
    }

    pub fn register(&mut self, importer: Box<dyn Importer>) {
        self.importers.push(importer);
    }

    pub fn importer_ids(&self) -> Vec<&'static str> {
        self.importers.iter().map(|i| i.id()).collect()
    }

    /// Finds the importer for one file, or says why there is none.
    pub fn route(&self, path: &Path) -> Result<RoutedFile, RefusedFile> {
        let sample = self.sample(path, Some(FileSample::HEAD_BYTES))?;
        match self.importers.iter().find(|i| i.recognizes(&sample)) {
            Some(importer) => Ok(RoutedFile {
                path: path.to_path_buf(),
                importer: importer.id(),
                size: sample.size,
            }),
            None => Err(RefusedFile {
                path: path.to_path_buf(),
                refusal: unrecognised(&sample),
            }),
        }
    }
}

/// Why no importer took a file that could be read.
fn unrecognised(sample: &FileSample) -> Refusal {
    if sample.looks_binary() {
        Refusal::Binary
    } else if sample.is_blank() {
        Refusal::Empty
    } else {
        Refusal::NotRecognized {
            first_line: sample.first_line(80),
        }
    }
}

#[cfg(test)]
mod tests;
