//! Storing update catalogs: MSRC CVRF documents, Bulletin Search rows and the CISA KEV
//! catalog. A document is keyed by its id; a newer revision replaces it whole, an older or
//! identical one leaves it alone, so documents can be imported in any order, any number of
//! times, with the same result.

use std::collections::HashMap;

use chrono::{DateTime, NaiveTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::StoreResult;
use crate::catalog::bulletin::BulletinRow;
use crate::catalog::cvrf::{CvrfDocument, RemediationKind, RestartRequired};
use crate::catalog::kev::KevCatalog;

/// Where a catalog came from, for the document list and the explanations.
#[derive(Clone, Copy, Debug)]
pub struct CatalogSource<'a> {
    pub file: &'a str,
    /// `cvrf-xml`, `cvrf-json`, `bulletin-csv`, `bulletin-xlsx`, `kev-json`.
    pub format: &'a str,
}

/// What importing one document did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentOutcome {
    Added,
    /// A newer revision replaced the stored one.
    Replaced,
    /// The same revision was already stored.
    Unchanged,
    /// The stored revision is newer: it was kept.
    OlderIgnored,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredDocument {
    pub id: String,
    pub title: String,
    pub outcome: DocumentOutcome,
    pub vulnerabilities: usize,
    pub fixes: usize,
    /// Catalog product ids the document names (for incremental rematching).
    #[serde(skip)]
    pub product_ids: Vec<i64>,
}

/// What importing a KEV catalog did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredKev {
    pub catalog_version: String,
    pub entries: usize,
    pub outcome: DocumentOutcome,
}

pub(crate) fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads back what [`rfc3339`] wrote (the epoch for anything else, which the store never holds).
pub(crate) fn parse_rfc3339(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// The catalog id of a product name, creating it on first use.
struct ProductIds<'c> {
    conn: &'c Connection,
    known: HashMap<String, i64>,
}

impl<'c> ProductIds<'c> {
    fn new(conn: &'c Connection) -> ProductIds<'c> {
        ProductIds {
            conn,
            known: HashMap::new(),
        }
    }

    fn id(&mut self, name: &str) -> StoreResult<i64> {
        if let Some(&id) = self.known.get(name) {
            return Ok(id);
        }
        self.conn.execute(
            "INSERT INTO catalog_products (name) VALUES (?1) ON CONFLICT(name) DO NOTHING",
            [name],
        )?;
        let id: i64 = self.conn.query_row(
            "SELECT id FROM catalog_products WHERE name = ?1",
            [name],
            |row| row.get(0),
        )?;
        self.known.insert(name.to_owned(), id);
        Ok(id)
    }
}

/// Decides whether an incoming revision replaces the stored document; deletes the old rows
/// when it does. Returns the outcome and whether to insert.
fn make_room(
    conn: &Connection,
    doc_key: &str,
    current_release: &str,
    always_replace: bool,
) -> StoreResult<DocumentOutcome> {
    let stored: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, current_release FROM catalog_documents WHERE doc_key = ?1",
            [doc_key],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((id, stored_release)) = stored else {
        return Ok(DocumentOutcome::Added);
    };
    // RFC 3339 UTC strings of one format compare as times.
    let outcome = match current_release.cmp(stored_release.as_str()) {
        std::cmp::Ordering::Greater => DocumentOutcome::Replaced,
        std::cmp::Ordering::Equal if always_replace => DocumentOutcome::Replaced,
        std::cmp::Ordering::Equal => DocumentOutcome::Unchanged,
        std::cmp::Ordering::Less => DocumentOutcome::OlderIgnored,
    };
    if outcome == DocumentOutcome::Replaced {
        // The old revision's findings go first (they have no foreign key to the catalog, see
        // the schema); the caller rematches the machines the document concerns.
        conn.execute(
            "DELETE FROM findings WHERE vulnerability_id IN
                 (SELECT id FROM catalog_vulnerabilities WHERE document_id = ?1)",
            [id],
        )?;
        conn.execute("DELETE FROM catalog_documents WHERE id = ?1", [id])?;
    }
    Ok(outcome)
}

fn insert_document(
    conn: &Connection,
    source_kind: &str,
    doc_key: &str,
    title: &str,
    initial: &str,
    current: &str,
    source: &CatalogSource<'_>,
) -> StoreResult<i64> {
    conn.execute(
        "INSERT INTO catalog_documents
             (source, doc_key, title, initial_release, current_release, source_file,
              source_format, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            source_kind,
            doc_key,
            title,
            initial,
            current,
            source.file,
            source.format,
            rfc3339(Utc::now())
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

fn restart_text(restart: Option<RestartRequired>) -> Option<&'static str> {
    restart.map(|r| match r {
        RestartRequired::Yes => "Yes",
        RestartRequired::No => "No",
        RestartRequired::Maybe => "Maybe",
    })
}

/// Stores one MSRC document (XML and JSON forms give identical rows).
pub(crate) fn store_cvrf(
    conn: &Connection,
    doc: &CvrfDocument,
    source: &CatalogSource<'_>,
) -> StoreResult<StoredDocument> {
    let current = rfc3339(doc.current_release);
    let outcome = make_room(conn, &doc.id, &current, false)?;
    let mut stored = StoredDocument {
        id: doc.id.clone(),
        title: doc.title.clone(),
        outcome,
        vulnerabilities: 0,
        fixes: 0,
        product_ids: Vec::new(),
    };
    if !matches!(outcome, DocumentOutcome::Added | DocumentOutcome::Replaced) {
        return Ok(stored);
    }
    let document_id = insert_document(
        conn,
        "msrc",
        &doc.id,
        &doc.title,
        &rfc3339(doc.initial_release),
        &current,
        source,
    )?;

    let mut products = ProductIds::new(conn);
    // MSRC product id ("12097") → catalog product id.
    let mut product_of: HashMap<&str, i64> = HashMap::with_capacity(doc.products.len());
    for product in &doc.products {
        product_of.insert(product.id.as_str(), products.id(&product.name)?);
    }
    stored.product_ids = product_of.values().copied().collect();
    stored.product_ids.sort_unstable();
    stored.product_ids.dedup();

    let mut insert_vuln = conn.prepare_cached(
        "INSERT INTO catalog_vulnerabilities
             (document_id, cve, title, publicly_disclosed, exploited, latest_release)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(document_id, cve) DO NOTHING",
    )?;
    let mut insert_affected = conn.prepare_cached(
        "INSERT INTO catalog_affected
             (vulnerability_id, product_id, msrc_product_id, severity, impact, cvss_base, cvss_vector)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT DO NOTHING",
    )?;
    let mut insert_fix = conn.prepare_cached(
        "INSERT INTO catalog_fixes
             (vulnerability_id, product_id, kb, description, sub_type, restart_required,
              fixed_build, url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut insert_supersedence = conn.prepare_cached(
        "INSERT INTO catalog_supersedence (document_id, kb, supersedes) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
    )?;

    for vuln in &doc.vulnerabilities {
        let exploit = vuln.exploit_status();
        if insert_vuln.execute(params![
            document_id,
            vuln.cve,
            vuln.title,
            exploit.publicly_disclosed,
            exploit.exploited,
            exploit.latest_release,
        ])? == 0
        {
            // A CVE listed twice in one document: the first entry wins.
            continue;
        }
        let vulnerability_id = conn.last_insert_rowid();
        stored.vulnerabilities += 1;

        // Products with a vendor fix are affected even when ProductStatuses omits them.
        let mut affected: Vec<&str> = vuln.known_affected.iter().map(String::as_str).collect();
        for remediation in &vuln.remediations {
            if remediation.kind == RemediationKind::VendorFix {
                affected.extend(remediation.product_ids.iter().map(String::as_str));
            }
        }
        for msrc_id in affected {
            let Some(&product_id) = product_of.get(msrc_id) else {
                continue;
            };
            let cvss = vuln
                .cvss
                .iter()
                .filter(|s| s.product_ids.iter().any(|p| p == msrc_id))
                .max_by(|a, b| a.base.total_cmp(&b.base));
            insert_affected.execute(params![
                vulnerability_id,
                product_id,
                msrc_id,
                vuln.severity_for(msrc_id),
                vuln.impact_for(msrc_id),
                cvss.map(|s| s.base),
                cvss.and_then(|s| s.vector.as_deref()),
            ])?;
        }

        for remediation in &vuln.remediations {
            if remediation.kind != RemediationKind::VendorFix {
                continue;
            }
            for msrc_id in &remediation.product_ids {
                let Some(&product_id) = product_of.get(msrc_id.as_str()) else {
                    continue;
                };
                insert_fix.execute(params![
                    vulnerability_id,
                    product_id,
                    remediation.kb,
                    remediation.description,
                    remediation.sub_type,
                    restart_text(remediation.restart_required),
                    remediation.fixed_build,
                    remediation.url,
                ])?;
                stored.fixes += 1;
            }
            if let Some(kb) = &remediation.kb {
                for old in &remediation.supercedes {
                    if old != kb {
                        insert_supersedence.execute(params![document_id, kb, old])?;
                    }
                }
            }
        }
    }
    Ok(stored)
}

/// Stores Bulletin Search rows: one document per bulletin (`MS08-067`). The spreadsheet is the
/// only source of these, so a re-import replaces each bulletin it lists.
pub(crate) fn store_bulletins(
    conn: &Connection,
    rows: &[BulletinRow],
    source: &CatalogSource<'_>,
) -> StoreResult<Vec<StoredDocument>> {
    let mut by_bulletin: Vec<(&str, Vec<&BulletinRow>)> = Vec::new();
    for row in rows {
        match by_bulletin
            .iter_mut()
            .find(|(id, _)| *id == row.bulletin_id)
        {
            Some((_, list)) => list.push(row),
            None => by_bulletin.push((&row.bulletin_id, vec![row])),
        }
    }
    let mut products = ProductIds::new(conn);
    let mut out = Vec::with_capacity(by_bulletin.len());
    for (bulletin_id, rows) in by_bulletin {
        let first = rows[0];
        let posted = first
            .date_posted
            .map(|d| rfc3339(d.and_time(NaiveTime::MIN).and_utc()))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned());
        let outcome = make_room(conn, bulletin_id, &posted, true)?;
        let mut stored = StoredDocument {
            id: bulletin_id.to_owned(),
            title: first.title.clone(),
            outcome,
            vulnerabilities: 0,
            fixes: 0,
            product_ids: Vec::new(),
        };
        if !matches!(outcome, DocumentOutcome::Added | DocumentOutcome::Replaced) {
            out.push(stored);
            continue;
        }
        let document_id = insert_document(
            conn,
            "bulletin",
            bulletin_id,
            &first.title,
            &posted,
            &posted,
            source,
        )?;
        let mut vuln_ids: HashMap<String, i64> = HashMap::new();
        for row in &rows {
            // Bulletins before 2003 name no CVE: the bulletin itself is the finding's id.
            let ids: Vec<String> = if row.cves.is_empty() {
                vec![bulletin_id.to_owned()]
            } else {
                row.cves.clone()
            };
            let product_id = products.id(row.affected_product.trim())?;
            stored.product_ids.push(product_id);
            let kb = row.component_kb.clone().or_else(|| row.bulletin_kb.clone());
            let severity = non_empty(&row.component_severity).or(non_empty(&row.severity));
            let impact = non_empty(&row.component_impact).or(non_empty(&row.impact));
            for id in ids {
                let vulnerability_id = match vuln_ids.get(&id) {
                    Some(&v) => v,
                    None => {
                        conn.execute(
                            "INSERT INTO catalog_vulnerabilities (document_id, cve, title)
                             VALUES (?1, ?2, ?3)",
                            params![document_id, id, row.title],
                        )?;
                        let v = conn.last_insert_rowid();
                        vuln_ids.insert(id.clone(), v);
                        stored.vulnerabilities += 1;
                        v
                    }
                };
                conn.execute(
                    "INSERT INTO catalog_affected (vulnerability_id, product_id, severity, impact)
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                    params![vulnerability_id, product_id, severity, impact],
                )?;
                let description = kb.clone().unwrap_or_else(|| bulletin_id.to_owned());
                conn.execute(
                    "INSERT INTO catalog_fixes
                         (vulnerability_id, product_id, kb, description, sub_type, restart_required)
                     VALUES (?1, ?2, ?3, ?4, 'Security Update', ?5)",
                    params![vulnerability_id, product_id, kb, description, row.reboot],
                )?;
                stored.fixes += 1;
            }
            if let Some(kb) = &kb {
                for old in row.supersedes.iter().filter_map(|s| s.kb.as_ref()) {
                    if old != kb {
                        conn.execute(
                            "INSERT INTO catalog_supersedence (document_id, kb, supersedes)
                             VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                            params![document_id, kb, old],
                        )?;
                    }
                }
            }
        }
        stored.product_ids.sort_unstable();
        stored.product_ids.dedup();
        out.push(stored);
    }
    Ok(out)
}

fn non_empty(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

/// Stores a KEV catalog: a newer catalog version replaces all entries (the feed is cumulative).
pub(crate) fn store_kev(
    conn: &Connection,
    kev: &KevCatalog,
    source: &CatalogSource<'_>,
) -> StoreResult<StoredKev> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT catalog_version FROM kev_catalog WHERE id = 1",
            [],
            |row| row.get(0),
        )
        .optional()?;
    // Versions are `2025.08.25`: they compare as text.
    let outcome = match stored.as_deref() {
        None => DocumentOutcome::Added,
        Some(old) if kev.catalog_version.as_str() > old => DocumentOutcome::Replaced,
        Some(old) if kev.catalog_version.as_str() == old => DocumentOutcome::Unchanged,
        Some(_) => DocumentOutcome::OlderIgnored,
    };
    let result = StoredKev {
        catalog_version: kev.catalog_version.clone(),
        entries: kev.vulnerabilities.len(),
        outcome,
    };
    if !matches!(outcome, DocumentOutcome::Added | DocumentOutcome::Replaced) {
        return Ok(result);
    }
    conn.execute("DELETE FROM kev_entries", [])?;
    conn.execute(
        "INSERT INTO kev_catalog (id, catalog_version, date_released, entries, source_file, imported_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET catalog_version = excluded.catalog_version,
             date_released = excluded.date_released, entries = excluded.entries,
             source_file = excluded.source_file, imported_at = excluded.imported_at",
        params![
            kev.catalog_version,
            kev.date_released.map(rfc3339),
            kev.vulnerabilities.len() as i64,
            source.file,
            rfc3339(Utc::now())
        ],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO kev_entries
             (cve, vendor_project, product, name, date_added, due_date, ransomware, required_action)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(cve) DO NOTHING",
    )?;
    for entry in &kev.vulnerabilities {
        insert.execute(params![
            entry.cve_id,
            entry.vendor_project,
            entry.product,
            entry.vulnerability_name,
            entry.date_added.to_string(),
            entry.due_date.map(|d| d.to_string()),
            entry.known_ransomware_campaign_use,
            entry.required_action,
        ])?;
    }
    Ok(result)
}

/// One stored catalog document, as the catalog list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CatalogDocumentRow {
    pub id: String,
    /// `msrc` or `bulletin`.
    pub source: String,
    pub title: String,
    pub initial_release: DateTime<Utc>,
    pub current_release: DateTime<Utc>,
    pub source_file: String,
    pub source_format: String,
    pub imported_at: String,
    pub vulnerabilities: usize,
}

impl super::Store {
    /// Every product name the catalogs use, sorted (for choosing a mapping override).
    pub fn catalog_product_names(&self) -> StoreResult<Vec<String>> {
        let mut statement = self
            .conn
            .prepare("SELECT name FROM catalog_products ORDER BY name")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every stored document, newest release first.
    pub fn catalog_documents(&self) -> StoreResult<Vec<CatalogDocumentRow>> {
        let mut statement = self.conn.prepare(
            "SELECT d.doc_key, d.source, d.title, d.initial_release, d.current_release,
                    d.source_file, d.source_format, d.imported_at,
                    (SELECT count(*) FROM catalog_vulnerabilities v WHERE v.document_id = d.id)
             FROM catalog_documents d ORDER BY d.initial_release DESC, d.doc_key",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(CatalogDocumentRow {
                id: row.get(0)?,
                source: row.get(1)?,
                title: row.get(2)?,
                initial_release: parse_rfc3339(&row.get::<_, String>(3)?),
                current_release: parse_rfc3339(&row.get::<_, String>(4)?),
                source_file: row.get(5)?,
                source_format: row.get(6)?,
                imported_at: row.get(7)?,
                vulnerabilities: row.get::<_, i64>(8)? as usize,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
