//! The catalog as matching needs it, in memory: for each product, the vulnerabilities that
//! affect it and their fixes; the supersedence graph across all documents; KEV entries. The
//! store fills it with only the products the machines map to, so its size follows the office,
//! not the ten years of catalog history.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::urgency::Severity;

/// One catalog document as explanations cite it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentInfo {
    /// `2023-Jan`, `Oct-OOB`, `MS08-067`.
    pub id: String,
    pub title: String,
    pub initial_release: DateTime<Utc>,
    /// The revision stored.
    pub current_release: DateTime<Utc>,
    pub source_file: String,
}

/// One update that fixes a vulnerability on a product.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FixRow {
    /// `KB5022282`; None for `Click to Run`, `Release Notes` …
    pub kb: Option<String>,
    pub description: String,
    pub sub_type: Option<String>,
    /// `Yes`, `No`, `Maybe`.
    pub restart_required: Option<String>,
    pub fixed_build: Option<String>,
}

/// One vulnerability on one product, with everything needed to judge and rank it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogEntry {
    pub vulnerability_id: i64,
    pub product_id: i64,
    /// Index into [`CatalogIndex::documents`].
    pub document: usize,
    pub cve: String,
    pub title: String,
    pub msrc_product_id: Option<String>,
    pub severity: Severity,
    pub impact: Option<String>,
    pub cvss: Option<f32>,
    /// MSRC's own Exploit Status says `Exploited:Yes`.
    pub exploited: bool,
    pub fixes: Vec<FixRow>,
}

/// A CISA KEV entry, as urgency and explanations use it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KevInfo {
    pub date_added: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub ransomware: bool,
}

#[derive(Debug, Default)]
pub struct CatalogIndex {
    /// Every product name the catalogs know (for mapping), by catalog product id.
    pub product_names: HashMap<i64, String>,
    pub documents: Vec<DocumentInfo>,
    /// Entries of the loaded products only.
    pub entries: HashMap<i64, Vec<CatalogEntry>>,
    /// KB → the KBs it directly replaces, with the document index that says so.
    supersedes: HashMap<String, Vec<(String, usize)>>,
    /// KB → the KBs that directly replace it.
    superseded_by: HashMap<String, Vec<String>>,
    pub kev: HashMap<String, KevInfo>,
}

/// How an installed update covers a fix KB: the chain from the installed KB down to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SupersedencePath {
    /// `[installed, …, fix]`; a single element when the fix itself is installed.
    pub kbs: Vec<String>,
    /// The documents stating each step (one fewer than `kbs`).
    pub documents: Vec<String>,
}

/// Every KB an installed set covers: the installed ones and all they supersede, transitively.
/// Remembers one way each was reached, for explanations.
#[derive(Debug, Default)]
pub struct Coverage {
    /// KB → (the KB that superseded it, the document saying so); None for installed ones.
    reached_from: HashMap<String, Option<(String, usize)>>,
}

impl Coverage {
    pub fn covers(&self, kb: &str) -> bool {
        self.reached_from.contains_key(kb)
    }

    pub fn len(&self) -> usize {
        self.reached_from.len()
    }

    pub fn is_empty(&self) -> bool {
        self.reached_from.is_empty()
    }
}

impl CatalogIndex {
    /// An empty index that knows every catalog product name (entries are added per product).
    pub fn with_products(product_names: HashMap<i64, String>) -> CatalogIndex {
        CatalogIndex {
            product_names,
            ..CatalogIndex::default()
        }
    }

    pub fn add_document(&mut self, document: DocumentInfo) -> usize {
        self.documents.push(document);
        self.documents.len() - 1
    }

    pub fn add_entry(&mut self, entry: CatalogEntry) {
        self.entries
            .entry(entry.product_id)
            .or_default()
            .push(entry);
    }

    /// Records "`kb` replaces `old`" as `document` states it.
    pub fn add_supersedence(&mut self, kb: &str, old: &str, document: usize) {
        let list = self.supersedes.entry(kb.to_owned()).or_default();
        if !list.iter().any(|(k, _)| k == old) {
            list.push((old.to_owned(), document));
            self.superseded_by
                .entry(old.to_owned())
                .or_default()
                .push(kb.to_owned());
        }
    }

    pub fn product_name(&self, product_id: i64) -> &str {
        self.product_names
            .get(&product_id)
            .map(String::as_str)
            .unwrap_or("?")
    }

    pub fn entries_for(&self, product_id: i64) -> &[CatalogEntry] {
        self.entries
            .get(&product_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Breadth-first from the installed KBs down the supersedence graph, so each covered KB
    /// is reached by a shortest chain.
    pub fn coverage<'a>(&self, installed: impl IntoIterator<Item = &'a String>) -> Coverage {
        let mut coverage = Coverage::default();
        let mut queue = VecDeque::new();
        for kb in installed {
            if coverage.reached_from.insert(kb.clone(), None).is_none() {
                queue.push_back(kb.clone());
            }
        }
        while let Some(kb) = queue.pop_front() {
            let Some(older) = self.supersedes.get(&kb) else {
                continue;
            };
            for (old, document) in older {
                if !coverage.reached_from.contains_key(old) {
                    coverage
                        .reached_from
                        .insert(old.clone(), Some((kb.clone(), *document)));
                    queue.push_back(old.clone());
                }
            }
        }
        coverage
    }

    /// The chain by which `coverage` reaches `kb`, installed KB first.
    pub fn path_to(&self, coverage: &Coverage, kb: &str) -> Option<SupersedencePath> {
        let mut kbs = vec![kb.to_owned()];
        let mut documents = Vec::new();
        let mut current = kb.to_owned();
        loop {
            match coverage.reached_from.get(&current)? {
                None => break,
                Some((newer, document)) => {
                    documents.push(self.documents[*document].id.clone());
                    kbs.push(newer.clone());
                    current = newer.clone();
                }
            }
        }
        kbs.reverse();
        documents.reverse();
        Some(SupersedencePath { kbs, documents })
    }

    /// `kb` and every KB that replaces it, transitively (newest last is not guaranteed).
    pub fn replacements(&self, kb: &str) -> Vec<String> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        let mut queue = VecDeque::from([kb.to_owned()]);
        while let Some(current) = queue.pop_front() {
            if !seen.insert(current.clone()) {
                continue;
            }
            if let Some(newer) = self.superseded_by.get(&current) {
                queue.extend(newer.iter().cloned());
            }
            out.push(current);
        }
        out
    }

    /// How many supersedence statements the index holds.
    pub fn supersedence_count(&self) -> usize {
        self.supersedes.values().map(Vec::len).sum()
    }
}
