//! Importing what collectors leave in the drop folder: each new or changed file once, never a
//! file still being written.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Imported, ImporterRegistry, commit, display_name, preview};
use crate::i18n::Lang;
use crate::store::{Store, StoreError};

/// A file modified more recently than this may still be being written (a collector on a slow
/// share): it is left for the next check.
pub const SETTLE_TIME: Duration = Duration::from_secs(3);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DropFolderRun {
    pub imported: Vec<Imported>,
    /// "file: reason" for each file that could not be imported.
    pub failed: Vec<String>,
}

/// Names that are not (yet) inventory files: hidden files, partial writes, editor backups.
fn is_candidate(path: &Path) -> bool {
    let name = display_name(path);
    !(name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with(".partial")
        || name.ends_with(".tmp")
        || name.ends_with('~'))
}

/// Imports every new or changed file of `folder`. An unreadable folder is an error; a bad file
/// is recorded (and not retried until it changes).
pub fn import_new_files(
    store: &mut Store,
    registry: &ImporterRegistry,
    folder: &Path,
    settle: Duration,
    lang: Lang,
) -> Result<DropFolderRun, StoreError> {
    let entries = std::fs::read_dir(folder).map_err(|source| StoreError::DropFolder {
        path: folder.to_path_buf(),
        source,
    })?;
    let mut files: Vec<(PathBuf, u64, SystemTime)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let metadata = entry.metadata().ok()?;
            let modified = metadata.modified().ok()?;
            (metadata.is_file() && is_candidate(&entry.path()))
                .then(|| (entry.path(), metadata.len(), modified))
        })
        .collect();
    files.sort();
    let now = SystemTime::now();
    let mut run = DropFolderRun::default();
    for (path, size, modified) in files {
        if now.duration_since(modified).unwrap_or_default() < settle {
            continue;
        }
        let stamp = DateTime::<Utc>::from(modified).to_rfc3339();
        if !store.is_new_drop_file(&path, size, &stamp)? {
            continue;
        }
        let outcome = match preview(registry, &path) {
            Err(failure) => Err(failure.describe(lang)),
            Ok(preview) if preview.unnamed_machines() > 0 => Err(format!(
                "{}: {}",
                display_name(&path),
                lang.tr("drop_folder.unnamed")
            )),
            Ok(preview) => commit(store, &preview),
        };
        match outcome {
            Ok(imported) => {
                store.record_drop_file(&path, size, &stamp, "imported")?;
                run.imported.push(imported);
            }
            Err(reason) => {
                store.record_drop_file(&path, size, &stamp, &reason)?;
                run.failed.push(reason);
            }
        }
    }
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/inventory/systeminfo")
                .join(name),
        )
        .unwrap()
    }

    #[test]
    fn imports_each_new_file_once_and_again_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("drop");
        std::fs::create_dir(&folder).unwrap();
        let mut store = Store::open(dir.path().join("db.sqlite")).unwrap();
        let registry = ImporterRegistry::with_builtin_importers();
        let check = |store: &mut Store| {
            import_new_files(store, &registry, &folder, Duration::ZERO, Lang::En).unwrap()
        };

        std::fs::write(
            folder.join("pc01.txt"),
            fixture("ja_10_22H2_x64_pro_cp932.txt"),
        )
        .unwrap();
        std::fs::write(folder.join("half.json.partial"), b"{\"schema\":").unwrap();
        std::fs::write(folder.join("notes.txt"), b"not an inventory\n").unwrap();
        let first = check(&mut store);
        assert_eq!(first.imported.len(), 1);
        assert_eq!(first.failed.len(), 1, "{:?}", first.failed);
        assert!(first.failed[0].starts_with("notes.txt:"));
        assert_eq!(store.machines().unwrap().len(), 1);

        // Nothing new: nothing happens, and the bad file is not reported again.
        assert_eq!(check(&mut store), DropFolderRun::default());

        // A new version of the file is imported again, as a new scan.
        std::fs::write(
            folder.join("pc01.txt"),
            fixture("ja_10_22H2_x64_pro_utf16le.txt"),
        )
        .unwrap();
        let modified = SystemTime::now() + Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(folder.join("pc01.txt"))
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert_eq!(check(&mut store).imported.len(), 1);
        let detail = store
            .machine_detail(store.machines().unwrap()[0].id)
            .unwrap()
            .unwrap();
        assert_eq!(detail.scans.len(), 2);
    }

    #[test]
    fn files_still_being_written_wait_for_the_next_check() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("db.sqlite")).unwrap();
        std::fs::write(
            dir.path().join("pc.txt"),
            fixture("srv_2016_1607_datacenter_en-us_systeminfo.txt"),
        )
        .unwrap();
        let registry = ImporterRegistry::with_builtin_importers();
        let run = import_new_files(
            &mut store,
            &registry,
            dir.path(),
            Duration::from_secs(60),
            Lang::En,
        )
        .unwrap();
        assert!(run.imported.is_empty());
    }
}
