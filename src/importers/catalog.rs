//! The catalog importer: MSRC CVRF documents (XML and JSON), the CISA KEV catalog, and the
//! retired Bulletin Search spreadsheet (.xlsx or a CSV conversion).

use serde::Serialize;

use super::{FileContent, FileSample, Importer};
use crate::catalog::bulletin::{self, BulletinRow};
use crate::catalog::cvrf::{self, CvrfDocument};
use crate::catalog::{bulletin_xlsx, kev};
use crate::inventory::Problem;
use crate::store::{BatchFile, CatalogSource};

/// A catalog file once read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogFile {
    /// `cvrf-xml`, `cvrf-json`, `kev-json`, `bulletin-csv`, `bulletin-xlsx`.
    pub format: &'static str,
    pub format_name: &'static str,
    pub encoding: &'static str,
    #[serde(skip)]
    pub content: CatalogContent,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CatalogContent {
    Cvrf(Box<CvrfDocument>),
    Kev(Box<kev::KevCatalog>),
    Bulletins(Vec<BulletinRow>),
}

impl CatalogFile {
    /// What the store writes for this file, named `file` in the catalog list.
    pub fn batch_file<'a>(&'a self, file: &'a str) -> BatchFile<'a> {
        let source = CatalogSource {
            file,
            format: self.format,
        };
        match &self.content {
            CatalogContent::Cvrf(document) => BatchFile::Cvrf { source, document },
            CatalogContent::Kev(kev) => BatchFile::Kev {
                source,
                catalog: kev,
            },
            CatalogContent::Bulletins(rows) => BatchFile::Bulletins { source, rows },
        }
    }

    /// "2023-Jan: January 2023 Security Updates, 98 CVEs" and the like, for previews.
    pub fn summary(&self) -> CatalogSummary {
        match &self.content {
            CatalogContent::Cvrf(doc) => CatalogSummary {
                documents: 1,
                vulnerabilities: doc.vulnerabilities.len(),
                title: format!("{}: {}", doc.id, doc.title),
            },
            CatalogContent::Kev(kev) => CatalogSummary {
                documents: 1,
                vulnerabilities: kev.vulnerabilities.len(),
                title: format!("{} {}", kev.title, kev.catalog_version),
            },
            CatalogContent::Bulletins(rows) => {
                let mut bulletins: Vec<&str> =
                    rows.iter().map(|r| r.bulletin_id.as_str()).collect();
                bulletins.sort_unstable();
                bulletins.dedup();
                CatalogSummary {
                    documents: bulletins.len(),
                    vulnerabilities: rows.iter().map(|r| r.cves.len().max(1)).sum(),
                    title: match (bulletins.first(), bulletins.last()) {
                        (Some(first), Some(last)) if first != last => {
                            format!("Bulletin Search {first} … {last}")
                        }
                        (Some(first), _) => format!("Bulletin Search {first}"),
                        _ => "Bulletin Search".to_owned(),
                    },
                }
            }
        }
    }
}

/// What a catalog file holds, in figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CatalogSummary {
    pub title: String,
    pub documents: usize,
    pub vulnerabilities: usize,
}

pub struct CatalogImporter;

impl CatalogImporter {
    /// Reads a catalog held in memory (the bundled sample catalogs): what a dropped file
    /// with this name and content would give.
    pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<CatalogFile, Problem> {
        let sample = FileSample::new(name.into(), bytes.len() as u64, bytes.to_vec());
        match CatalogImporter.read(&sample)? {
            FileContent::Catalog(catalog) => Ok(catalog),
            FileContent::Inventory(_) => Err(Problem::general("not a catalog")),
        }
    }
}

impl Importer for CatalogImporter {
    fn id(&self) -> &'static str {
        "catalog"
    }

    fn recognizes(&self, sample: &FileSample) -> bool {
        if bulletin_xlsx::looks_like_xlsx(&sample.head) {
            return true;
        }
        let text = sample.text();
        cvrf::recognizes_xml(text)
            || cvrf::recognizes_json(text)
            || kev::recognizes(text)
            || bulletin::recognizes_csv(text)
    }

    fn read(&self, sample: &FileSample) -> Result<FileContent, Problem> {
        let file = |format, format_name, encoding, content| {
            FileContent::Catalog(CatalogFile {
                format,
                format_name,
                encoding,
                content,
            })
        };
        if bulletin_xlsx::looks_like_xlsx(&sample.head) {
            let rows = bulletin_xlsx::parse_xlsx(&sample.head)?;
            return Ok(file(
                "bulletin-xlsx",
                "Bulletin Search (.xlsx)",
                "Office Open XML",
                CatalogContent::Bulletins(rows),
            ));
        }
        let text = sample.text();
        let encoding = sample.encoding();
        if cvrf::recognizes_xml(text) {
            let doc = cvrf::parse_xml(text)?;
            Ok(file(
                "cvrf-xml",
                "MSRC CVRF (XML)",
                encoding,
                CatalogContent::Cvrf(Box::new(doc)),
            ))
        } else if cvrf::recognizes_json(text) {
            let doc = cvrf::parse_json(text)?;
            Ok(file(
                "cvrf-json",
                "MSRC CVRF (JSON)",
                encoding,
                CatalogContent::Cvrf(Box::new(doc)),
            ))
        } else if kev::recognizes(text) {
            let catalog = kev::parse(text)?;
            Ok(file(
                "kev-json",
                "CISA KEV (JSON)",
                encoding,
                CatalogContent::Kev(Box::new(catalog)),
            ))
        } else if bulletin::recognizes_csv(text) {
            let rows = bulletin::parse_csv(text)?;
            Ok(file(
                "bulletin-csv",
                "Bulletin Search (CSV)",
                encoding,
                CatalogContent::Bulletins(rows),
            ))
        } else {
            Err(Problem::general("not a catalog format PatchDesk knows"))
        }
    }
}
