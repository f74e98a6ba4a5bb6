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
    /// `msrc` or `bulletin`.
    pub source: String,
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
    /// KB → the KBs it directly replaces, and why.
    supersedes: HashMap<String, Vec<(String, Link)>>,
    /// KB → the KBs that directly replace it, and why.
    superseded_by: HashMap<String, Vec<(String, Link)>>,
    pub kev: HashMap<String, KevInfo>,
}

/// Why one KB replaces another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// The document (index) says so in its Supercedence field.
    Stated(usize),
    /// Both are the cumulative update of one Windows product (Windows 10/11 and Server 2016+
    /// cumulative updates, monthly rollups), the newer released in this document: cumulative
    /// updates contain every earlier one, even when the documents in between were never
    /// imported and the stated chain is broken. Followed only for machines running `product`,
    /// so a machine's verdicts never depend on which other machines were matched with it.
    Cumulative { document: usize, product: i64 },
}

impl Link {
    fn applies_to(&self, products: &[i64]) -> bool {
        match self {
            Link::Stated(_) => true,
            Link::Cumulative { product, .. } => products.contains(product),
        }
    }
}

/// How an installed update covers a fix KB: the chain from the installed KB down to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SupersedencePath {
    /// `[installed, …, fix]`; a single element when the fix itself is installed.
    pub kbs: Vec<String>,
    /// The documents stating each step (one fewer than `kbs`); a step implied by a cumulative
    /// track reads `2023-Jan (cumulative)`.
    pub documents: Vec<String>,
}

/// Every KB an installed set covers: the installed ones and all they supersede, transitively.
/// Remembers one way each was reached, for explanations.
#[derive(Debug, Default)]
pub struct Coverage {
    /// KB → (the KB that superseded it, why); None for installed ones.
    reached_from: HashMap<String, Option<(String, Link)>>,
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
        self.add_link(kb, old, Link::Stated(document));
    }

    /// One link per pair, except that two products' cumulative tracks may both link the same
    /// pair (a KB shared by Windows 10 1809 and Server 2019): each machine follows its own.
    fn add_link(&mut self, kb: &str, old: &str, link: Link) {
        let list = self.supersedes.entry(kb.to_owned()).or_default();
        let known = list.iter().any(|(k, existing)| {
            k == old && (matches!(existing, Link::Stated(_)) || *existing == link)
        });
        if !known {
            list.push((old.to_owned(), link));
            self.superseded_by
                .entry(old.to_owned())
                .or_default()
                .push((kb.to_owned(), link));
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
    /// is reached by a shortest chain. `products` are the machine's (cumulative links of other
    /// products are not followed).
    pub fn coverage<'a>(
        &self,
        installed: impl IntoIterator<Item = &'a String>,
        products: &[i64],
    ) -> Coverage {
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
            for (old, link) in older {
                if link.applies_to(products) && !coverage.reached_from.contains_key(old) {
                    coverage
                        .reached_from
                        .insert(old.clone(), Some((kb.clone(), *link)));
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
                Some((newer, link)) => {
                    documents.push(match link {
                        Link::Stated(document) => self.documents[*document].id.clone(),
                        Link::Cumulative { document, .. } => {
                            format!("{} (cumulative)", self.documents[*document].id)
                        }
                    });
                    kbs.push(newer.clone());
                    current = newer.clone();
                }
            }
        }
        kbs.reverse();
        documents.reverse();
        Some(SupersedencePath { kbs, documents })
    }

    /// `kb` and every KB that replaces it, transitively, on a machine running `products`
    /// (newest last is not guaranteed).
    pub fn replacements(&self, kb: &str, products: &[i64]) -> Vec<String> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        let mut queue = VecDeque::from([kb.to_owned()]);
        while let Some(current) = queue.pop_front() {
            if !seen.insert(current.clone()) {
                continue;
            }
            if let Some(newer) = self.superseded_by.get(&current) {
                queue.extend(
                    newer
                        .iter()
                        .filter(|(_, link)| link.applies_to(products))
                        .map(|(kb, _)| kb.clone()),
                );
            }
            out.push(current);
        }
        out
    }

    /// Links each cumulative update of a Windows product to the previous one (see
    /// [`Link::Cumulative`]). Per document, the product's cumulative update is the cumulative
    /// KB that fixes most of its vulnerabilities (an SSU or an out-of-band fix beside it does
    /// not count). Call after the entries are loaded; stated links are kept as they are.
    pub fn link_cumulative_updates(&mut self) {
        // Per product: (release, document, its cumulative KB), oldest first.
        type Track = Vec<(DateTime<Utc>, usize, String)>;
        let mut chains: Vec<(i64, Track)> = Vec::new();
        for (product_id, entries) in &self.entries {
            // Bulletin Search rows type every update "Security Update": no track to follow.
            let name = self
                .product_names
                .get(product_id)
                .map(String::as_str)
                .unwrap_or("");
            let mut per_document: HashMap<usize, HashMap<&str, usize>> = HashMap::new();
            for entry in entries {
                if self.documents[entry.document].source != "msrc" {
                    continue;
                }
                for fix in &entry.fixes {
                    let (Some(kb), Some(sub_type)) = (&fix.kb, &fix.sub_type) else {
                        continue;
                    };
                    if is_cumulative(name, sub_type) {
                        *per_document
                            .entry(entry.document)
                            .or_default()
                            .entry(kb.as_str())
                            .or_default() += 1;
                    }
                }
            }
            let mut chain: Track = per_document
                .into_iter()
                .filter_map(|(document, counts)| {
                    let (kb, _) = counts
                        .into_iter()
                        .max_by(|(a_kb, a), (b_kb, b)| a.cmp(b).then(b_kb.cmp(a_kb)))?;
                    Some((
                        self.documents[document].initial_release,
                        document,
                        kb.to_owned(),
                    ))
                })
                .collect();
            chain.sort();
            chains.push((*product_id, chain));
        }
        for (product, chain) in chains {
            for pair in chain.windows(2) {
                let (older, newer) = (&pair[0], &pair[1]);
                if older.2 != newer.2 {
                    let link = Link::Cumulative {
                        document: newer.1,
                        product,
                    };
                    self.add_link(&newer.2, &older.2, link);
                }
            }
        }
    }

    /// How many supersedence statements the index holds.
    pub fn supersedence_count(&self) -> usize {
        self.supersedes.values().map(Vec::len).sum()
    }
}

/// Windows products serviced by cumulative updates, and the update types that are cumulative:
/// every Windows 10/11 and Server 2016+ security update is the month's cumulative update;
/// monthly rollups are cumulative on every Windows that has them. Security-only updates and
/// older Windows' per-bulletin updates are not.
fn is_cumulative(product: &str, sub_type: &str) -> bool {
    const CUMULATIVE_WINDOWS: [&str; 7] = [
        "Windows 10",
        "Windows 11",
        "Windows Server 2016",
        "Windows Server 2019",
        "Windows Server 2022",
        "Windows Server 2025",
        "Windows Server, version",
    ];
    match sub_type {
        "Monthly Rollup" => product.starts_with("Windows"),
        "Security Update" | "Cumulative Update" => {
            CUMULATIVE_WINDOWS.iter().any(|p| product.starts_with(p))
        }
        _ => false,
    }
}
