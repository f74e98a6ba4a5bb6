//! The inventory importer: every format of `crate::inventory`.

use super::{FileContent, FileSample, Importer};
use crate::inventory::{Problem, read};

pub struct InventoryImporter;

impl Importer for InventoryImporter {
    fn id(&self) -> &'static str {
        "inventory"
    }

    fn recognizes(&self, sample: &FileSample) -> bool {
        read::detect(sample.text()).is_some()
    }

    fn read(&self, sample: &FileSample) -> Result<FileContent, Problem> {
        read::read_text(sample.text(), sample.encoding()).map(FileContent::Inventory)
    }
}
