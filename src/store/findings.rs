//! Reading findings back: joined with the catalog (CVE, severity, release), CISA KEV and the
//! admin's suppressions, ranked by risk. Also the figures the dashboard shows.

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::suppressions::{Suppression, active_suppressions};
use super::{Store, StoreResult};
use crate::identify::{Severity, Status, Urgency};

/// One missing or unknown fix on one machine, as lists and `patchdesk findings` show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingRow {
    #[serde(skip)]
    pub machine_id: i64,
    pub hostname: String,
    pub cve: String,
    pub title: String,
    pub product: String,
    /// The update that fixes it (`KB5022282`); None when the catalog gives no KB.
    pub kb: Option<String>,
    pub severity: Severity,
    pub impact: Option<String>,
    pub cvss: Option<f32>,
    /// MSRC says exploited, or CISA KEV lists it.
    pub exploited: bool,
    pub kev: bool,
    /// KEV: known use in ransomware campaigns.
    pub ransomware: bool,
    /// KEV: the date CISA set for remediation.
    pub kev_due: Option<NaiveDate>,
    pub status: Status,
    /// When the catalog document was released.
    pub released: NaiveDate,
    pub document: String,
    pub days: i64,
    /// Critical and exploited: an emergency change.
    pub emergency: bool,
    /// The suppression hiding it from work lists, if any.
    pub suppressed: Option<Suppression>,
}

impl FindingRow {
    pub fn urgency(&self) -> Urgency {
        Urgency {
            severity: self.severity,
            exploited: self.exploited,
            kev: self.kev,
            cvss: self.cvss,
            days: self.days,
        }
    }
}

/// Which findings to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindingsQuery {
    pub machine_id: Option<i64>,
    /// Suppressed findings too (they are always counted in [`FindingsSummary`]).
    pub include_suppressed: bool,
    /// Only this status.
    pub status: Option<Status>,
}

const BASE: &str = "
    SELECT f.machine_id, m.hostname, v.cve, v.title, p.name, f.kb, a.severity, a.impact,
           a.cvss_base, coalesce(v.exploited, 0), k.cve IS NOT NULL, coalesce(k.ransomware, 0),
           k.due_date, f.status, d.initial_release, d.doc_key
    FROM findings f
    JOIN machines m ON m.id = f.machine_id
    JOIN catalog_vulnerabilities v ON v.id = f.vulnerability_id
    JOIN catalog_documents d ON d.id = v.document_id
    JOIN catalog_products p ON p.id = f.product_id
    LEFT JOIN catalog_affected a ON a.vulnerability_id = f.vulnerability_id
                                AND a.product_id = f.product_id
    LEFT JOIN kev_entries k ON k.cve = v.cve";

pub(crate) fn read_findings(
    conn: &Connection,
    query: &FindingsQuery,
    today: NaiveDate,
) -> StoreResult<Vec<FindingRow>> {
    let suppressions = active_suppressions(conn, today)?;
    let mut sql = format!("{BASE} WHERE (?1 IS NULL OR f.machine_id = ?1)");
    if query.status.is_some() {
        sql.push_str(" AND f.status = ?2");
    }
    let mut statement = conn.prepare(&sql)?;
    let status = query.status.map(Status::as_str);
    let mut rows = if query.status.is_some() {
        statement.query(params![query.machine_id, status])?
    } else {
        statement.query(params![query.machine_id])?
    };
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let machine_id: i64 = row.get(0)?;
        let cve: String = row.get(2)?;
        let kb: Option<String> = row.get(5)?;
        let suppressed = suppressions
            .iter()
            .find(|s| s.applies_to(machine_id, &cve, kb.as_deref()))
            .cloned();
        if suppressed.is_some() && !query.include_suppressed {
            continue;
        }
        let released_text: String = row.get(14)?;
        let released = NaiveDate::parse_from_str(released_text.get(..10).unwrap_or(""), "%Y-%m-%d")
            .unwrap_or_default();
        let severity = Severity::parse(row.get::<_, Option<String>>(6)?.as_deref());
        let kev: bool = row.get(10)?;
        let cvss = row.get::<_, Option<f64>>(8)?.map(|v| v as f32);
        let msrc_exploited = row.get::<_, i64>(9)? != 0;
        let urgency = Urgency::new(severity, msrc_exploited, kev, cvss, released, today);
        out.push(FindingRow {
            machine_id,
            hostname: row.get(1)?,
            cve,
            title: row.get(3)?,
            product: row.get(4)?,
            kb,
            severity,
            impact: row.get(7)?,
            cvss,
            exploited: urgency.exploited,
            kev,
            ransomware: row.get::<_, i64>(11)? != 0,
            kev_due: row
                .get::<_, Option<String>>(12)?
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            status: Status::parse(&row.get::<_, String>(13)?).unwrap_or(Status::Unknown),
            released,
            document: row.get(15)?,
            days: urgency.days,
            emergency: urgency.is_emergency(),
            suppressed,
        });
    }
    // Missing before unknown, then by risk, then by machine and CVE for a stable order.
    out.sort_by(|a, b| {
        (a.status != Status::Missing)
            .cmp(&(b.status != Status::Missing))
            .then_with(|| a.urgency().cmp_risk(&b.urgency()))
            .then_with(|| a.hostname.cmp(&b.hostname))
            .then_with(|| a.cve.cmp(&b.cve))
            .then_with(|| a.product.cmp(&b.product))
    });
    Ok(out)
}

/// The dashboard's figures for phase 2.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FindingsSummary {
    /// Catalog documents stored.
    pub documents: usize,
    pub kev_version: Option<String>,
    pub machines_matched: usize,
    /// Machines with a missing Critical or exploited fix (not suppressed).
    pub machines_at_risk: usize,
    /// Machines with an emergency (Critical and exploited) finding.
    pub machines_emergency: usize,
    /// Missing findings by severity, Critical first (Critical, Important, Moderate, Low, Unrated).
    pub missing_by_severity: [usize; 5],
    pub unknown: usize,
    pub suppressed: usize,
    /// Days since the release of the oldest missing fix.
    pub oldest_missing_days: Option<i64>,
    /// Matched machines whose Windows no imported catalog covers (too old or too new for the
    /// catalogs, or too little known about the OS): their "nothing missing" means "not known".
    pub machines_os_uncovered: usize,
}

pub(crate) fn summarize(conn: &Connection, today: NaiveDate) -> StoreResult<FindingsSummary> {
    let rows = read_findings(
        conn,
        &FindingsQuery {
            include_suppressed: true,
            ..FindingsQuery::default()
        },
        today,
    )?;
    summarize_rows(conn, &rows)
}

/// The summary of already-read findings (suppressed ones included).
fn summarize_rows(conn: &Connection, rows: &[FindingRow]) -> StoreResult<FindingsSummary> {
    let mut summary = FindingsSummary {
        documents: conn.query_row("SELECT count(*) FROM catalog_documents", [], |row| {
            row.get::<_, i64>(0)
        })? as usize,
        kev_version: conn
            .query_row(
                "SELECT catalog_version FROM kev_catalog WHERE id = 1",
                [],
                |row| row.get(0),
            )
            .ok(),
        machines_matched: conn.query_row("SELECT count(*) FROM match_state", [], |row| {
            row.get::<_, i64>(0)
        })? as usize,
        machines_os_uncovered: conn.query_row(
            "SELECT count(*) FROM match_state s WHERE NOT EXISTS
                 (SELECT 1 FROM json_each(s.products)
                  WHERE json_extract(value, '$.reason.kind') = 'os')",
            [],
            |row| row.get::<_, i64>(0),
        )? as usize,
        ..FindingsSummary::default()
    };
    let mut at_risk = std::collections::HashSet::new();
    let mut emergency = std::collections::HashSet::new();
    for row in rows {
        if row.suppressed.is_some() {
            summary.suppressed += 1;
            continue;
        }
        if row.status == Status::Unknown {
            summary.unknown += 1;
            continue;
        }
        let slot = Severity::ALL
            .iter()
            .position(|s| *s == row.severity)
            .unwrap_or(4);
        summary.missing_by_severity[slot] += 1;
        if row.severity == Severity::Critical || row.exploited {
            at_risk.insert(row.machine_id);
        }
        if row.emergency {
            emergency.insert(row.machine_id);
        }
        summary.oldest_missing_days = Some(summary.oldest_missing_days.unwrap_or(0).max(row.days));
    }
    summary.machines_at_risk = at_risk.len();
    summary.machines_emergency = emergency.len();
    Ok(summary)
}

impl Store {
    /// Hostnames of matched machines whose Windows no imported catalog covers (their "no
    /// findings" means "not known"), optionally of one machine only.
    pub fn machines_os_uncovered(&self, machine_id: Option<i64>) -> StoreResult<Vec<String>> {
        let mut statement = self.conn.prepare(
            "SELECT m.hostname FROM match_state s JOIN machines m ON m.id = s.machine_id
             WHERE (?1 IS NULL OR s.machine_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM json_each(s.products)
                               WHERE json_extract(value, '$.reason.kind') = 'os')
             ORDER BY m.host_key",
        )?;
        let rows = statement.query_map([machine_id], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Findings as `query` says, most urgent first.
    pub fn findings(&self, query: &FindingsQuery) -> StoreResult<Vec<FindingRow>> {
        read_findings(&self.conn, query, Utc::now().date_naive())
    }

    /// Findings as of a given day (days since release and suppression expiry are relative to it).
    pub fn findings_on(
        &self,
        query: &FindingsQuery,
        today: NaiveDate,
    ) -> StoreResult<Vec<FindingRow>> {
        read_findings(&self.conn, query, today)
    }

    pub fn findings_summary(&self) -> StoreResult<FindingsSummary> {
        summarize(&self.conn, Utc::now().date_naive())
    }
}

/// One machine's findings in figures, for the Identify screen's machine list.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MachineRisk {
    pub machine_id: i64,
    pub hostname: String,
    pub groups: Vec<String>,
    /// Missing findings (not suppressed) by severity, Critical first.
    pub missing_by_severity: [usize; 5],
    pub missing: usize,
    pub exploited: usize,
    pub emergency: usize,
    pub unknown: usize,
    pub suppressed: usize,
    pub oldest_days: Option<i64>,
    /// The most urgent missing finding, for ordering the list by risk.
    pub top: Option<Urgency>,
    /// Some imported catalog covers the machine's Windows: without it, "nothing missing"
    /// means "nothing known", and the screen says so.
    pub os_covered: bool,
}

/// One update (KB) in figures: how many machines and findings it would clear.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct UpdateRisk {
    pub kb: String,
    pub products: Vec<String>,
    pub machines: usize,
    /// The machines that need it, by name.
    pub hosts: Vec<String>,
    pub findings: usize,
    pub exploited: usize,
    pub released: Option<NaiveDate>,
    pub top: Option<Urgency>,
}

/// Findings grouped by machine and by update, most urgent first.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RiskOverview {
    pub summary: FindingsSummary,
    pub machines: Vec<MachineRisk>,
    pub updates: Vec<UpdateRisk>,
}

fn by_risk(a: &Option<Urgency>, b: &Option<Urgency>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp_risk(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

pub(crate) fn risk_overview(conn: &Connection, today: NaiveDate) -> StoreResult<RiskOverview> {
    use std::collections::{BTreeSet, HashMap};

    let rows = read_findings(
        conn,
        &FindingsQuery {
            include_suppressed: true,
            ..FindingsQuery::default()
        },
        today,
    )?;
    let summary = summarize_rows(conn, &rows)?;
    let mut groups: HashMap<i64, Vec<String>> = HashMap::new();
    let mut statement = conn.prepare_cached(
        "SELECT gm.machine_id, g.name FROM group_members gm JOIN groups g ON g.id = gm.group_id
         ORDER BY g.is_ring DESC, g.ring_order, g.name",
    )?;
    let mut result = statement.query([])?;
    while let Some(row) = result.next()? {
        groups.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    let mut machines: HashMap<i64, MachineRisk> = HashMap::new();
    // KB → the update's figures, the (hostname, id) of machines needing it, its products.
    type Needed = (UpdateRisk, BTreeSet<(String, i64)>, BTreeSet<String>);
    let mut updates: HashMap<String, Needed> = HashMap::new();
    // Machines matched with nothing missing still belong in the list.
    let mut statement = conn.prepare_cached(
        "SELECT s.machine_id, m.hostname, s.products FROM match_state s
         JOIN machines m ON m.id = s.machine_id",
    )?;
    let mut result = statement.query([])?;
    while let Some(row) = result.next()? {
        let id: i64 = row.get(0)?;
        let products: String = row.get(2)?;
        let os_covered =
            serde_json::from_str::<Vec<crate::identify::products::ProductMapping>>(&products)
                .unwrap_or_default()
                .iter()
                .any(|m| {
                    matches!(
                        m.reason,
                        crate::identify::products::MappingReason::Os { .. }
                    )
                });
        machines.insert(
            id,
            MachineRisk {
                machine_id: id,
                hostname: row.get(1)?,
                groups: groups.remove(&id).unwrap_or_default(),
                os_covered,
                ..MachineRisk::default()
            },
        );
    }
    for row in &rows {
        let machine = machines
            .entry(row.machine_id)
            .or_insert_with(|| MachineRisk {
                machine_id: row.machine_id,
                hostname: row.hostname.clone(),
                ..MachineRisk::default()
            });
        if row.suppressed.is_some() {
            machine.suppressed += 1;
            continue;
        }
        if row.status == Status::Unknown {
            machine.unknown += 1;
            continue;
        }
        let urgency = row.urgency();
        let slot = Severity::ALL
            .iter()
            .position(|s| *s == row.severity)
            .unwrap_or(4);
        machine.missing_by_severity[slot] += 1;
        machine.missing += 1;
        machine.exploited += usize::from(row.exploited);
        machine.emergency += usize::from(row.emergency);
        machine.oldest_days = Some(machine.oldest_days.unwrap_or(0).max(row.days));
        if by_risk(&Some(urgency.clone()), &machine.top).is_lt() {
            machine.top = Some(urgency.clone());
        }
        if let Some(kb) = &row.kb {
            let (update, hosts, products) = updates.entry(kb.clone()).or_insert_with(|| {
                (
                    UpdateRisk {
                        kb: kb.clone(),
                        ..UpdateRisk::default()
                    },
                    BTreeSet::new(),
                    BTreeSet::new(),
                )
            });
            update.findings += 1;
            update.exploited += usize::from(row.exploited);
            update.released = update.released.max(Some(row.released));
            hosts.insert((row.hostname.clone(), row.machine_id));
            products.insert(row.product.clone());
            if by_risk(&Some(urgency.clone()), &update.top).is_lt() {
                update.top = Some(urgency);
            }
        }
    }
    let mut machines: Vec<MachineRisk> = machines.into_values().collect();
    machines.sort_by(|a, b| by_risk(&a.top, &b.top).then_with(|| a.hostname.cmp(&b.hostname)));
    let mut updates: Vec<UpdateRisk> = updates
        .into_values()
        .map(|(mut update, hosts, products)| {
            update.machines = hosts.len();
            update.hosts = hosts.into_iter().map(|(name, _)| name).collect();
            update.products = products.into_iter().collect();
            update
        })
        .collect();
    updates.sort_by(|a, b| {
        by_risk(&a.top, &b.top)
            .then_with(|| b.machines.cmp(&a.machines))
            .then_with(|| a.kb.cmp(&b.kb))
    });
    Ok(RiskOverview {
        summary,
        machines,
        updates,
    })
}

impl Store {
    /// Findings by machine and by update, with the summary (one read of all findings).
    pub fn risk_overview(&self) -> StoreResult<RiskOverview> {
        risk_overview(&self.conn, Utc::now().date_naive())
    }
}

/// One machine's findings with its minimum fix set and product mapping, for the Identify
/// screen's machine panel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MachineFindings {
    pub machine_id: i64,
    pub hostname: String,
    /// Missing and unknown findings, suppressed ones included (marked), most urgent first.
    pub findings: Vec<FindingRow>,
    pub fixes: Vec<crate::identify::FixItem>,
    pub products: Vec<crate::identify::products::ProductMapping>,
    pub fixed: usize,
}

impl Store {
    pub fn machine_findings(&self, machine_id: i64) -> StoreResult<Option<MachineFindings>> {
        let Some((result, index, facts)) = self.match_one(machine_id)? else {
            return Ok(None);
        };
        let findings = self.findings(&FindingsQuery {
            machine_id: Some(machine_id),
            include_suppressed: true,
            status: None,
        })?;
        // The fix set covers what the work list shows: suppressed findings need no update.
        let today = Utc::now().date_naive();
        let suppressions = active_suppressions(&self.conn, today)?;
        let open: Vec<crate::identify::Finding> = result
            .findings
            .iter()
            .filter(|f| {
                !suppressions
                    .iter()
                    .any(|s| s.applies_to(machine_id, &f.cve, f.kb.as_deref()))
            })
            .cloned()
            .collect();
        Ok(Some(MachineFindings {
            machine_id,
            hostname: facts.hostname.clone(),
            fixes: crate::identify::minimum_fix_set(&index, &open),
            fixed: result.count(Status::Fixed),
            products: result.products.into_iter().map(|(_, m)| m).collect(),
            findings,
        }))
    }
}
