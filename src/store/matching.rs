//! Matching, as the store runs it: reads machine facts and the catalog for the products they
//! map to, runs `identify::match_machine`, and writes findings. Incremental: a new scan
//! rematches its machines only; a new catalog document rematches the machines that run one of
//! its products (or whose product mapping it changes); a KEV import or a suppression rematches
//! nothing (both are joined when findings are read).

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::catalog::{parse_rfc3339, rfc3339};
use super::{Store, StoreResult};
use crate::identify::index::{CatalogEntry, CatalogIndex, DocumentInfo, FixRow, KevInfo};
use crate::identify::products::{MappingReason, ProductCatalog, ProductMapping};
use crate::identify::urgency::Severity;
use crate::identify::{MachineFacts, MachineMatch, Status, match_machine};
use crate::inventory::InstalledProgram;

/// Which machines to rematch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RematchScope {
    All,
    Machines(Vec<i64>),
    /// Machines running any of these catalog products, or whose mapping changed.
    Products(Vec<i64>),
}

/// What a rematch did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RematchReport {
    pub machines: usize,
    pub missing: usize,
    pub unknown: usize,
    pub fixed: usize,
}

/// Every catalog product name, with its id.
fn product_names(conn: &Connection) -> StoreResult<Vec<(i64, String)>> {
    let mut statement = conn.prepare_cached("SELECT id, name FROM catalog_products ORDER BY id")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The facts of the machines in `ids` (all machines with None).
pub(crate) fn machine_facts(
    conn: &Connection,
    ids: Option<&[i64]>,
) -> StoreResult<Vec<MachineFacts>> {
    let filter = match ids {
        None => String::new(),
        Some(ids) => {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            format!("WHERE m.id IN ({})", list.join(","))
        }
    };
    let mut machines: Vec<MachineFacts> = Vec::new();
    let mut updates_scan: HashMap<i64, usize> = HashMap::new();
    let mut programs_scan: HashMap<i64, usize> = HashMap::new();
    let mut statement = conn.prepare(&format!(
        "SELECT m.id, m.hostname, m.os_name, m.os_edition, m.os_display_version, m.os_build,
                m.architecture, m.installation_type, m.updates_scan_id, m.programs_scan_id
         FROM machines m {filter} ORDER BY m.id"
    ))?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let build: Option<String> = row.get(5)?;
        let updates: Option<i64> = row.get(8)?;
        let programs: Option<i64> = row.get(9)?;
        if let Some(scan) = updates {
            updates_scan.insert(scan, machines.len());
        }
        if let Some(scan) = programs {
            programs_scan.insert(scan, machines.len());
        }
        machines.push(MachineFacts {
            machine_id: row.get(0)?,
            hostname: row.get(1)?,
            os_name: row.get(2)?,
            os_edition: row.get(3)?,
            os_display_version: row.get(4)?,
            os_build: build.and_then(|b| b.parse().ok()),
            architecture: row.get(6)?,
            installation_type: row.get(7)?,
            installed_kbs: updates.map(|_| Vec::new()),
            programs: programs.map(|_| Vec::new()),
        });
    }
    if !updates_scan.is_empty() {
        let mut statement = conn.prepare(&format!(
            "SELECT su.scan_id, su.kb FROM scan_updates su
             JOIN machines m ON m.updates_scan_id = su.scan_id {filter}"
        ))?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let scan: i64 = row.get(0)?;
            if let Some(kbs) = updates_scan
                .get(&scan)
                .and_then(|&i| machines[i].installed_kbs.as_mut())
            {
                kbs.push(row.get(1)?);
            }
        }
    }
    if !programs_scan.is_empty() {
        let mut statement = conn.prepare(&format!(
            "SELECT sp.scan_id, sp.name, sp.version, sp.publisher FROM scan_programs sp
             JOIN machines m ON m.programs_scan_id = sp.scan_id {filter}"
        ))?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let scan: i64 = row.get(0)?;
            if let Some(programs) = programs_scan
                .get(&scan)
                .and_then(|&i| machines[i].programs.as_mut())
            {
                programs.push(InstalledProgram {
                    name: row.get(1)?,
                    version: row.get(2)?,
                    publisher: row.get(3)?,
                });
            }
        }
    }
    Ok(machines)
}

/// One admin override of the product mapping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProductOverride {
    pub machine_id: i64,
    pub product: String,
    /// `add` or `remove`.
    pub action: String,
    pub reason: String,
    pub created_at: String,
    pub actor: String,
}

pub(crate) fn product_overrides(
    conn: &Connection,
) -> StoreResult<HashMap<i64, Vec<ProductOverride>>> {
    let mut statement = conn.prepare_cached(
        "SELECT machine_id, product, action, reason, created_at, actor FROM product_overrides
         ORDER BY id",
    )?;
    let mut out: HashMap<i64, Vec<ProductOverride>> = HashMap::new();
    let rows = statement.query_map([], |row| {
        Ok(ProductOverride {
            machine_id: row.get(0)?,
            product: row.get(1)?,
            action: row.get(2)?,
            reason: row.get(3)?,
            created_at: row.get(4)?,
            actor: row.get(5)?,
        })
    })?;
    for row in rows {
        let row = row?;
        out.entry(row.machine_id).or_default().push(row);
    }
    Ok(out)
}

/// The products a machine is matched against: the automatic mapping, then the admin's
/// overrides (a removal drops a product, an addition adds one).
pub(crate) fn products_for(
    catalog: &ProductCatalog,
    ids_by_name: &HashMap<&str, i64>,
    machine: &MachineFacts,
    overrides: Option<&Vec<ProductOverride>>,
) -> Vec<(i64, ProductMapping)> {
    let mut mappings = catalog.map(machine);
    for o in overrides.into_iter().flatten() {
        match o.action.as_str() {
            "remove" => mappings.retain(|m| m.product != o.product),
            _ if !mappings.iter().any(|m| m.product == o.product) => {
                mappings.push(ProductMapping {
                    product: o.product.clone(),
                    reason: MappingReason::Override {
                        reason: o.reason.clone(),
                        actor: o.actor.clone(),
                    },
                })
            }
            _ => {}
        }
    }
    mappings
        .into_iter()
        .filter_map(|m| ids_by_name.get(m.product.as_str()).map(|&id| (id, m)))
        .collect()
}

/// Loads the catalog entries of `products`, all documents, the supersedence graph and KEV.
pub(crate) fn load_index(
    conn: &Connection,
    names: Vec<(i64, String)>,
    products: &BTreeSet<i64>,
) -> StoreResult<CatalogIndex> {
    let mut index = CatalogIndex::with_products(names.into_iter().collect());
    let mut document_pos: HashMap<i64, usize> = HashMap::new();
    let mut statement = conn.prepare_cached(
        "SELECT id, doc_key, title, initial_release, current_release, source_file, source
         FROM catalog_documents ORDER BY initial_release, doc_key",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let position = index.add_document(DocumentInfo {
            id: row.get(1)?,
            title: row.get(2)?,
            initial_release: parse_rfc3339(&row.get::<_, String>(3)?),
            current_release: parse_rfc3339(&row.get::<_, String>(4)?),
            source_file: row.get(5)?,
            source: row.get(6)?,
        });
        document_pos.insert(id, position);
    }
    drop(rows);

    let mut entries_sql = conn.prepare_cached(
        "SELECT a.vulnerability_id, v.document_id, v.cve, v.title, a.msrc_product_id,
                a.severity, a.impact, a.cvss_base, coalesce(v.exploited, 0)
         FROM catalog_affected a JOIN catalog_vulnerabilities v ON v.id = a.vulnerability_id
         WHERE a.product_id = ?1
         ORDER BY a.vulnerability_id",
    )?;
    let mut fixes_sql = conn.prepare_cached(
        "SELECT vulnerability_id, kb, description, sub_type, restart_required, fixed_build
         FROM catalog_fixes WHERE product_id = ?1 ORDER BY id",
    )?;
    for &product_id in products {
        let mut fixes: HashMap<i64, Vec<FixRow>> = HashMap::new();
        let mut rows = fixes_sql.query([product_id])?;
        while let Some(row) = rows.next()? {
            fixes.entry(row.get(0)?).or_default().push(FixRow {
                kb: row.get(1)?,
                description: row.get(2)?,
                sub_type: row.get(3)?,
                restart_required: row.get(4)?,
                fixed_build: row.get(5)?,
            });
        }
        let mut rows = entries_sql.query([product_id])?;
        while let Some(row) = rows.next()? {
            let vulnerability_id: i64 = row.get(0)?;
            let document_id: i64 = row.get(1)?;
            let Some(&document) = document_pos.get(&document_id) else {
                continue;
            };
            index.add_entry(CatalogEntry {
                vulnerability_id,
                product_id,
                document,
                cve: row.get(2)?,
                title: row.get(3)?,
                msrc_product_id: row.get(4)?,
                severity: Severity::parse(row.get::<_, Option<String>>(5)?.as_deref()),
                impact: row.get(6)?,
                cvss: row.get::<_, Option<f64>>(7)?.map(|v| v as f32),
                exploited: row.get::<_, i64>(8)? != 0,
                fixes: fixes.remove(&vulnerability_id).unwrap_or_default(),
            });
        }
    }

    let mut statement =
        conn.prepare_cached("SELECT kb, supersedes, document_id FROM catalog_supersedence")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let kb: String = row.get(0)?;
        let old: String = row.get(1)?;
        if let Some(&document) = document_pos.get(&row.get::<_, i64>(2)?) {
            index.add_supersedence(&kb, &old, document);
        }
    }
    drop(rows);
    index.link_cumulative_updates();

    let mut statement =
        conn.prepare_cached("SELECT cve, date_added, due_date, ransomware FROM kev_entries")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let date = |text: Option<String>| {
            text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
        };
        let Some(date_added) = date(row.get(1)?) else {
            continue;
        };
        index.kev.insert(
            row.get(0)?,
            KevInfo {
                date_added,
                due_date: date(row.get(2)?),
                ransomware: row.get::<_, i64>(3)? != 0,
            },
        );
    }
    Ok(index)
}

/// Everything needed to match some machines: facts, their products, and the index.
pub(crate) struct MatchInputs {
    pub machines: Vec<(MachineFacts, Vec<(i64, ProductMapping)>)>,
    pub index: CatalogIndex,
}

/// Reads the facts of `ids` (all with None), maps their products, keeps the machines `keep`
/// accepts, and loads the index for their products only.
pub(crate) fn match_inputs(
    conn: &Connection,
    ids: Option<&[i64]>,
    keep: impl Fn(&MachineFacts, &[(i64, ProductMapping)]) -> bool,
) -> StoreResult<MatchInputs> {
    let names = product_names(conn)?;
    let machines = machine_facts(conn, ids)?;
    let overrides = product_overrides(conn)?;
    let name_list: Vec<String> = names.iter().map(|(_, n)| n.clone()).collect();
    let catalog = ProductCatalog::new(&name_list);
    let ids_by_name: HashMap<&str, i64> = names.iter().map(|(id, n)| (n.as_str(), *id)).collect();
    let machines: Vec<(MachineFacts, Vec<(i64, ProductMapping)>)> = machines
        .into_iter()
        .map(|m| {
            let products = products_for(&catalog, &ids_by_name, &m, overrides.get(&m.machine_id));
            (m, products)
        })
        .filter(|(m, products)| keep(m, products))
        .collect();
    let wanted: BTreeSet<i64> = machines
        .iter()
        .flat_map(|(_, products)| products.iter().map(|(id, _)| *id))
        .collect();
    let index = load_index(conn, names, &wanted)?;
    Ok(MatchInputs { machines, index })
}

/// A machine's inputs as match_state remembers them, to tell whether a mapping changed.
fn products_key(products: &[(i64, ProductMapping)]) -> String {
    let ids: Vec<String> = products.iter().map(|(id, _)| id.to_string()).collect();
    ids.join(",")
}

/// Rematches machines as `scope` says, inside the caller's transaction.
pub(crate) fn rematch(conn: &Connection, scope: &RematchScope) -> StoreResult<RematchReport> {
    let has_catalog: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM catalog_documents)",
        [],
        |row| row.get(0),
    )?;
    if !has_catalog {
        // Nothing to match against: clear what an emptied catalog left.
        conn.execute("DELETE FROM findings", [])?;
        conn.execute("DELETE FROM match_state", [])?;
        return Ok(RematchReport::default());
    }
    let ids = match scope {
        RematchScope::All | RematchScope::Products(_) => None,
        RematchScope::Machines(ids) if ids.is_empty() => return Ok(RematchReport::default()),
        RematchScope::Machines(ids) => Some(ids.as_slice()),
    };
    let inputs = match scope {
        // Only machines running a changed product, or whose mapping the change altered, are
        // matched; the index is loaded for their products alone.
        RematchScope::Products(changed) => {
            let changed: BTreeSet<i64> = changed.iter().copied().collect();
            let mut previous: HashMap<i64, String> = HashMap::new();
            let mut statement =
                conn.prepare_cached("SELECT machine_id, inputs FROM match_state")?;
            let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            for row in rows {
                let (id, inputs): (i64, String) = row?;
                previous.insert(id, inputs);
            }
            match_inputs(conn, ids, |machine, products| {
                products.iter().any(|(id, _)| changed.contains(id))
                    || previous.get(&machine.machine_id) != Some(&products_key(products))
            })?
        }
        _ => match_inputs(conn, ids, |_, _| true)?,
    };
    write_matches(conn, &inputs)
}

/// Matches the machines of `inputs` and replaces their findings.
fn write_matches(conn: &Connection, inputs: &MatchInputs) -> StoreResult<RematchReport> {
    let mut report = RematchReport::default();
    let now = rfc3339(Utc::now());
    let mut delete = conn.prepare_cached("DELETE FROM findings WHERE machine_id = ?1")?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO findings (machine_id, vulnerability_id, product_id, status, kb)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
    )?;
    let mut state = conn.prepare_cached(
        "INSERT INTO match_state (machine_id, inputs, products, matched_at, fixed, missing, unknown)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(machine_id) DO UPDATE SET inputs = excluded.inputs,
             products = excluded.products, matched_at = excluded.matched_at,
             fixed = excluded.fixed, missing = excluded.missing, unknown = excluded.unknown",
    )?;
    for (machine, products) in &inputs.machines {
        let result: MachineMatch = match_machine(&inputs.index, machine, products.clone());
        delete.execute([machine.machine_id])?;
        let (mut fixed, mut missing, mut unknown) = (0usize, 0usize, 0usize);
        for finding in &result.findings {
            match finding.status {
                Status::Fixed => {
                    fixed += 1;
                    continue;
                }
                Status::Missing => missing += 1,
                Status::Unknown => unknown += 1,
            }
            insert.execute(params![
                machine.machine_id,
                finding.vulnerability_id,
                finding.product_id,
                finding.status.as_str(),
                finding.kb,
            ])?;
        }
        let mappings: Vec<&ProductMapping> = products.iter().map(|(_, m)| m).collect();
        state.execute(params![
            machine.machine_id,
            products_key(products),
            serde_json::to_string(&mappings).unwrap_or_default(),
            now,
            fixed as i64,
            missing as i64,
            unknown as i64,
        ])?;
        report.machines += 1;
        report.fixed += fixed;
        report.missing += missing;
        report.unknown += unknown;
    }
    Ok(report)
}

impl Store {
    /// Rematches every machine (after a schema upgrade, or on request).
    pub fn rematch_all(&mut self) -> StoreResult<RematchReport> {
        self.transaction(|tx| rematch(tx, &RematchScope::All))
    }

    /// Rematches some machines (the benchmark of one machine's incremental rematch uses this).
    pub fn rematch_machines(&mut self, ids: &[i64]) -> StoreResult<RematchReport> {
        self.transaction(|tx| rematch(tx, &RematchScope::Machines(ids.to_vec())))
    }

    /// Matches one machine in memory, with full evidence (explanations, the fix set).
    pub fn match_one(
        &self,
        machine_id: i64,
    ) -> StoreResult<Option<(MachineMatch, CatalogIndex, MachineFacts)>> {
        let mut inputs = match_inputs(&self.conn, Some(&[machine_id]), |_, _| true)?;
        let Some((facts, products)) = inputs.machines.pop() else {
            return Ok(None);
        };
        let result = match_machine(&inputs.index, &facts, products);
        Ok(Some((result, inputs.index, facts)))
    }

    /// The machine id for a hostname (case-insensitive; NetBIOS or full name).
    pub fn machine_id_by_host(&self, host: &str) -> StoreResult<Option<i64>> {
        let key = crate::inventory::host_key(host);
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM machines WHERE host_key = ?1 OR hostname = ?2 COLLATE NOCASE
                 ORDER BY id LIMIT 1",
                params![key, host.trim()],
                |row| row.get(0),
            )
            .optional()?)
    }
}
