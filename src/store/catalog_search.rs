//! The catalog browser: vulnerabilities by release, product, severity, KEV, or a CVE / KB /
//! title search. Reads only; a result is capped so that a broad search stays instant.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;

use super::catalog::parse_rfc3339;
use super::{Store, StoreResult};
use crate::identify::Severity;

/// What to look for. Empty text fields match everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogQuery {
    /// A CVE, a KB number or words of the title.
    pub text: String,
    /// One document (`2023-Jan`, `MS08-067`).
    pub document: Option<String>,
    /// Words of a product name (`22H2`, `Server 2019`).
    pub product: String,
    /// At least this severity on some product.
    pub min_severity: Option<Severity>,
    pub kev_only: bool,
    pub limit: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogVulnerability {
    pub document: String,
    pub released: DateTime<Utc>,
    pub cve: String,
    pub title: String,
    /// The highest severity MSRC gives it on any product.
    pub severity: Severity,
    pub exploited: bool,
    pub kev: bool,
    pub products: usize,
    pub kbs: Vec<String>,
}

impl Store {
    pub fn search_catalog(&self, query: &CatalogQuery) -> StoreResult<Vec<CatalogVulnerability>> {
        let like = |text: &str| {
            let text = text.trim();
            if text.is_empty() {
                String::new()
            } else {
                format!("%{}%", text.replace('%', "").replace('_', "\\_"))
            }
        };
        // Severity names are our own constants, never user text.
        let severities: Vec<String> = Severity::ALL
            .iter()
            .filter(|s| query.min_severity.is_none_or(|min| **s >= min))
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        let sql = format!(
            "SELECT d.doc_key, d.initial_release, v.cve, v.title, coalesce(v.exploited, 0),
                    k.cve IS NOT NULL,
                    (SELECT group_concat(DISTINCT a.severity) FROM catalog_affected a
                      WHERE a.vulnerability_id = v.id),
                    (SELECT count(*) FROM catalog_affected a WHERE a.vulnerability_id = v.id),
                    (SELECT group_concat(DISTINCT f.kb) FROM catalog_fixes f
                      WHERE f.vulnerability_id = v.id AND f.kb IS NOT NULL)
             FROM catalog_vulnerabilities v
             JOIN catalog_documents d ON d.id = v.document_id
             LEFT JOIN kev_entries k ON k.cve = v.cve
             WHERE (?1 = '' OR v.cve LIKE ?1 ESCAPE '\\' OR v.title LIKE ?1 ESCAPE '\\'
                    OR EXISTS (SELECT 1 FROM catalog_fixes f
                               WHERE f.vulnerability_id = v.id AND f.kb LIKE ?1 ESCAPE '\\'))
               AND (?2 IS NULL OR d.doc_key = ?2)
               AND (?3 = '' OR EXISTS (SELECT 1 FROM catalog_affected a
                                       JOIN catalog_products p ON p.id = a.product_id
                                       WHERE a.vulnerability_id = v.id
                                         AND p.name LIKE ?3 ESCAPE '\\'))
               AND (?4 = 0 OR k.cve IS NOT NULL)
               AND (?5 = 0 OR EXISTS (SELECT 1 FROM catalog_affected a
                                      WHERE a.vulnerability_id = v.id
                                        AND a.severity IN ({})))
             ORDER BY d.initial_release DESC,
                      (SELECT max(CASE a.severity WHEN 'Critical' THEN 4 WHEN 'Important' THEN 3
                                  WHEN 'Moderate' THEN 2 WHEN 'Low' THEN 1 ELSE 0 END)
                       FROM catalog_affected a WHERE a.vulnerability_id = v.id) DESC,
                      k.cve IS NULL, v.cve
             LIMIT ?6",
            severities.join(",")
        );
        let mut statement = self.conn.prepare(&sql)?;
        let limit = if query.limit == 0 { 500 } else { query.limit };
        let rows = statement.query_map(
            params![
                like(&query.text),
                query.document,
                like(&query.product),
                query.kev_only,
                query.min_severity.is_some(),
                limit as i64
            ],
            |row| {
                let released: String = row.get(1)?;
                let severities: Option<String> = row.get(6)?;
                let kbs: Option<String> = row.get(8)?;
                Ok(CatalogVulnerability {
                    document: row.get(0)?,
                    released: parse_rfc3339(&released),
                    cve: row.get(2)?,
                    title: row.get(3)?,
                    severity: severities
                        .unwrap_or_default()
                        .split(',')
                        .map(|s| Severity::parse(Some(s)))
                        .max()
                        .unwrap_or(Severity::Unrated),
                    exploited: row.get::<_, i64>(4)? != 0 || row.get::<_, bool>(5)?,
                    kev: row.get(5)?,
                    products: row.get::<_, i64>(7)? as usize,
                    kbs: kbs
                        .map(|k| k.split(',').map(str::to_owned).collect())
                        .unwrap_or_default(),
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
