//! The minimum fix set: the fewest updates whose installation clears every missing finding of
//! a machine. A finding is cleared by its fix KB or by any later KB that supersedes it
//! (transitively) on the same product, so forty findings of one product usually collapse into
//! its newest cumulative update; separate items (.NET, Office, servicing) stay separate.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::index::CatalogIndex;
use super::matcher::{Finding, Status};

/// One update to deploy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixItem {
    pub kb: String,
    /// `2023-01 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5022282)`.
    pub title: String,
    /// True when the catalog says Yes or Maybe: plan for a restart.
    pub restart_required: bool,
    /// `yes`, `no`, `maybe` or `unknown`, as the catalog says.
    pub restart: &'static str,
    /// How many missing findings this update clears.
    pub clears: usize,
    pub products: Vec<String>,
    /// The catalog document that releases it (`2023-Jan`).
    pub document: String,
    pub released: DateTime<Utc>,
}

/// What the catalog says about one KB as a fix for one product.
struct KbFacts {
    released: DateTime<Utc>,
    document: usize,
    sub_type: Option<String>,
    restart: BTreeSet<String>,
}

/// KB → facts, for the KBs that are fixes of `product_id` in the index.
fn fixes_of_product(index: &CatalogIndex, product_id: i64) -> HashMap<String, KbFacts> {
    let mut out: HashMap<String, KbFacts> = HashMap::new();
    for entry in index.entries_for(product_id) {
        let document = &index.documents[entry.document];
        for fix in &entry.fixes {
            let Some(kb) = &fix.kb else { continue };
            let facts = out.entry(kb.clone()).or_insert_with(|| KbFacts {
                released: document.initial_release,
                document: entry.document,
                sub_type: fix.sub_type.clone(),
                restart: BTreeSet::new(),
            });
            if document.initial_release < facts.released {
                facts.released = document.initial_release;
                facts.document = entry.document;
            }
            if let Some(restart) = &fix.restart_required {
                facts.restart.insert(restart.to_ascii_lowercase());
            }
        }
    }
    out
}

/// Greedy set cover over the updates that could clear each missing finding. Candidates of a
/// finding are its fix KBs and every KB that replaces one of them and is itself a fix of one
/// of the machine's products; the update clearing most findings is taken first (ties: the newest), which is
/// optimal for supersedence chains, the normal case.
pub fn minimum_fix_set(index: &CatalogIndex, findings: &[Finding]) -> Vec<FixItem> {
    let missing: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.status == Status::Missing)
        .collect();
    // Every product of the machine (all its findings, fixed ones too) with its fix KBs: a
    // finding may be cleared by a later update offered for another of its products (an
    // EdgeHTML fix by the Windows cumulative update that replaced it, once EdgeHTML left the
    // catalog).
    let machine_products: Vec<i64> = findings
        .iter()
        .map(|f| f.product_id)
        .collect::<BTreeSet<i64>>()
        .into_iter()
        .collect();
    let product_fixes: HashMap<i64, HashMap<String, KbFacts>> = machine_products
        .iter()
        .map(|&p| (p, fixes_of_product(index, p)))
        .collect();
    let offered = |kb: &str| -> BTreeSet<i64> {
        product_fixes
            .iter()
            .filter(|(_, fixes)| fixes.contains_key(kb))
            .map(|(p, _)| *p)
            .collect()
    };
    // KB → indexes of the findings it clears.
    let mut clears: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    // KB → product ids it is offered for here.
    let mut offered_for: HashMap<String, BTreeSet<i64>> = HashMap::new();
    for (i, finding) in missing.iter().enumerate() {
        let entry = &index.entries_for(finding.product_id)[finding.entry];
        let mut candidates: HashSet<String> = HashSet::new();
        for kb in entry.fixes.iter().filter_map(|f| f.kb.as_ref()) {
            for replacement in index.replacements(kb, &machine_products) {
                let products = offered(&replacement);
                if replacement == *kb || !products.is_empty() {
                    offered_for
                        .entry(replacement.clone())
                        .or_default()
                        .extend(products);
                    candidates.insert(replacement);
                }
            }
        }
        for kb in candidates {
            clears.entry(kb).or_default().insert(i);
        }
    }

    let released = |kb: &str| -> Option<DateTime<Utc>> {
        offered_for.get(kb).and_then(|products| {
            products
                .iter()
                .filter_map(|p| product_fixes.get(p).and_then(|f| f.get(kb)))
                .map(|facts| facts.released)
                .max()
        })
    };
    // Between updates that clear as much, a cumulative track (rollup) beats security-only:
    // it is what admins deploy, and next month's rollup replaces it.
    let cumulative = |kb: &str| -> bool {
        offered_for.get(kb).is_some_and(|products| {
            products
                .iter()
                .filter_map(|p| product_fixes.get(p).and_then(|f| f.get(kb)))
                .any(|facts| facts.sub_type.as_deref() != Some("Security Only"))
        })
    };

    let mut uncleared: BTreeSet<usize> = (0..missing.len())
        .filter(|i| clears.values().any(|set| set.contains(i)))
        .collect();
    let mut chosen: Vec<(String, usize)> = Vec::new();
    while !uncleared.is_empty() {
        let best = clears
            .iter()
            .map(|(kb, set)| (kb, set.intersection(&uncleared).count()))
            .filter(|(_, count)| *count > 0)
            .max_by(|(a_kb, a), (b_kb, b)| {
                a.cmp(b)
                    .then(cumulative(a_kb).cmp(&cumulative(b_kb)))
                    .then(released(a_kb).cmp(&released(b_kb)))
                    .then(b_kb.cmp(a_kb))
            });
        let Some((kb, _)) = best else { break };
        let kb = kb.clone();
        let cleared: Vec<usize> = clears[&kb].intersection(&uncleared).copied().collect();
        for i in &cleared {
            uncleared.remove(i);
        }
        chosen.push((kb, cleared.len()));
    }

    let mut items: Vec<FixItem> = chosen
        .into_iter()
        .map(|(kb, count)| {
            let products: Vec<i64> = offered_for
                .get(&kb)
                .map(|p| p.iter().copied().collect())
                .unwrap_or_default();
            let facts: Vec<&KbFacts> = products
                .iter()
                .filter_map(|p| product_fixes.get(p).and_then(|f| f.get(&kb)))
                .collect();
            let restarts: BTreeSet<&str> = facts
                .iter()
                .flat_map(|f| f.restart.iter().map(String::as_str))
                .collect();
            let restart = if restarts.contains("yes") {
                "yes"
            } else if restarts.contains("maybe") {
                "maybe"
            } else if restarts.contains("no") {
                "no"
            } else {
                "unknown"
            };
            let first = facts.iter().max_by_key(|f| f.released);
            let document = first.map(|f| &index.documents[f.document]);
            let product_names: Vec<String> = products
                .iter()
                .map(|p| index.product_name(*p).to_owned())
                .collect();
            let title = format!(
                "{} {} for {} ({kb})",
                document
                    .map(|d| d.initial_release.format("%Y-%m").to_string())
                    .unwrap_or_default(),
                first
                    .and_then(|f| f.sub_type.clone())
                    .filter(|s| !s.is_empty() && s != "None")
                    .unwrap_or_else(|| "Security Update".to_owned()),
                product_names.first().map(String::as_str).unwrap_or("?"),
            );
            FixItem {
                title: title.trim().to_owned(),
                restart_required: matches!(restart, "yes" | "maybe"),
                restart,
                clears: count,
                products: product_names,
                document: document.map(|d| d.id.clone()).unwrap_or_default(),
                released: document.map(|d| d.initial_release).unwrap_or_default(),
                kb,
            }
        })
        .collect();
    items.sort_by(|a, b| b.clears.cmp(&a.clears).then(a.kb.cmp(&b.kb)));
    items
}
