//! The MSRC API's JSON form of a CVRF document: strings wrapped as `{"Value": …}` and enums
//! as integers. Read into private raw structs, then mapped to the same domain values as XML.

use std::collections::HashSet;

use serde::Deserialize;

use super::model::*;
use super::xml::contains;
use crate::inventory::Problem;

/// `"text"` or `{"Value": "text"}` (either may be null or absent).
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Text {
    Plain(String),
    Wrapped {
        #[serde(rename = "Value", default)]
        value: Option<String>,
    },
    #[default]
    Null,
}

impl Text {
    /// Trimmed like the XML text, "" when absent.
    fn into_string(self) -> String {
        match self {
            Text::Plain(text) | Text::Wrapped { value: Some(text) } => trimmed(text),
            _ => String::new(),
        }
    }
}

fn trimmed(text: String) -> String {
    let t = text.trim();
    if t.len() == text.len() {
        text
    } else {
        t.to_string()
    }
}

/// A number, or a number written as a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Float(f64),
    Text(String),
}

impl Number {
    fn value(&self) -> Option<f32> {
        match self {
            Number::Float(f) => Some(*f as f32),
            Number::Text(t) => t.trim().parse().ok(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawDocument {
    #[serde(default)]
    document_title: Text,
    #[serde(default)]
    document_tracking: Option<RawTracking>,
    #[serde(default)]
    product_tree: Option<RawProductTree>,
    #[serde(default)]
    vulnerability: Option<Vec<RawVulnerability>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawTracking {
    #[serde(default)]
    identification: Option<RawIdentification>,
    #[serde(default)]
    initial_release_date: Text,
    #[serde(default)]
    current_release_date: Text,
}

#[derive(Deserialize)]
struct RawIdentification {
    #[serde(rename = "ID", default)]
    id: Text,
    #[serde(rename = "Alias", default)]
    alias: Text,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawProductTree {
    #[serde(default)]
    branch: Option<Vec<RawBranchItem>>,
    #[serde(default)]
    full_product_name: Option<Vec<RawBranchItem>>,
}

/// A `Branch` (with `Items`) or a `FullProductName` (with `ProductID` and `Value`).
#[derive(Deserialize)]
struct RawBranchItem {
    #[serde(rename = "Items", default)]
    items: Option<Vec<RawBranchItem>>,
    #[serde(rename = "ProductID", default)]
    product_id: Option<String>,
    #[serde(rename = "Value", default)]
    value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawVulnerability {
    #[serde(default)]
    title: Text,
    #[serde(rename = "CVE", default)]
    cve: Text,
    #[serde(default)]
    product_statuses: Option<Vec<RawStatus>>,
    #[serde(default)]
    threats: Option<Vec<RawThreat>>,
    #[serde(rename = "CVSSScoreSets", default)]
    cvss_score_sets: Option<Vec<RawScoreSet>>,
    #[serde(default)]
    remediations: Option<Vec<RawRemediation>>,
}

#[derive(Deserialize)]
struct RawStatus {
    #[serde(rename = "ProductID", default)]
    product_id: Option<Vec<String>>,
    #[serde(rename = "Type", default)]
    kind: Option<i64>,
}

#[derive(Deserialize)]
struct RawThreat {
    #[serde(rename = "Description", default)]
    description: Text,
    #[serde(rename = "ProductID", default)]
    product_id: Option<Vec<String>>,
    #[serde(rename = "Type", default)]
    kind: Option<i64>,
}

#[derive(Deserialize)]
struct RawScoreSet {
    #[serde(rename = "BaseScore", default)]
    base_score: Option<Number>,
    #[serde(rename = "TemporalScore", default)]
    temporal_score: Option<Number>,
    #[serde(rename = "Vector", default)]
    vector: Text,
    #[serde(rename = "ProductID", default)]
    product_id: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct RawRemediation {
    #[serde(rename = "Description", default)]
    description: Text,
    #[serde(rename = "URL", default)]
    url: Text,
    #[serde(rename = "Supercedence", default)]
    supercedence: Text,
    #[serde(rename = "ProductID", default)]
    product_id: Option<Vec<String>>,
    #[serde(rename = "Type", default)]
    kind: Option<i64>,
    #[serde(rename = "RestartRequired", default)]
    restart_required: Text,
    #[serde(rename = "SubType", default)]
    sub_type: Text,
    #[serde(rename = "FixedBuild", default)]
    fixed_build: Text,
}

/// Does this look like an MSRC CVRF JSON document? Only looks at the first few kilobytes.
pub fn recognizes_json(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('{') {
        return false;
    }
    let head = &text.as_bytes()[..text.len().min(16 * 1024)];
    contains(head, b"\"DocumentTracking\"")
}

fn ids(list: Option<Vec<String>>) -> Vec<String> {
    list.unwrap_or_default().into_iter().map(trimmed).collect()
}

fn collect_products(items: Vec<RawBranchItem>, seen: &mut HashSet<String>, out: &mut Vec<Product>) {
    for item in items {
        if let Some(id) = item.product_id {
            let id = trimmed(id);
            if !id.is_empty() && seen.insert(id.clone()) {
                let name = item.value.map(trimmed).unwrap_or_default();
                out.push(Product { id, name });
            }
        }
        if let Some(children) = item.items {
            collect_products(children, seen, out);
        }
    }
}

/// Reads the MSRC API's JSON form of a CVRF document.
pub fn parse_json(text: &str) -> Result<CvrfDocument, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawDocument = serde_json::from_str(text)
        .map_err(|e| Problem::at(e.line().max(1), format!("not a CVRF JSON document: {e}")))?;
    let tracking = raw
        .document_tracking
        .ok_or_else(|| Problem::general("no DocumentTracking"))?;
    let (id, alias) = match tracking.identification {
        Some(ident) => (ident.id.into_string(), ident.alias.into_string()),
        None => (String::new(), String::new()),
    };
    if id.is_empty() {
        return Err(Problem::general("no DocumentTracking.Identification.ID"));
    }
    let date = |field: Text, name: &str| {
        let text = field.into_string();
        parse_date(&text).ok_or_else(|| Problem::general(format!("{name} is not a date: {text:?}")))
    };
    let initial_release = date(tracking.initial_release_date, "InitialReleaseDate")?;
    let current_release = date(tracking.current_release_date, "CurrentReleaseDate")?;

    let mut products = Vec::new();
    if let Some(tree) = raw.product_tree {
        let mut seen = HashSet::new();
        collect_products(tree.branch.unwrap_or_default(), &mut seen, &mut products);
        collect_products(
            tree.full_product_name.unwrap_or_default(),
            &mut seen,
            &mut products,
        );
    }

    let mut vulnerabilities = Vec::new();
    for (index, v) in raw
        .vulnerability
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let cve = v.cve.into_string();
        if cve.is_empty() {
            return Err(Problem::general(format!(
                "vulnerability #{} has no CVE",
                index + 1
            )));
        }
        vulnerabilities.push(Vulnerability {
            cve,
            title: v.title.into_string(),
            threats: v
                .threats
                .unwrap_or_default()
                .into_iter()
                .map(threat)
                .collect(),
            cvss: v
                .cvss_score_sets
                .unwrap_or_default()
                .into_iter()
                .filter_map(score)
                .collect(),
            remediations: v
                .remediations
                .unwrap_or_default()
                .into_iter()
                .map(remediation)
                .collect(),
            known_affected: v
                .product_statuses
                .unwrap_or_default()
                .into_iter()
                .filter(|s| s.kind == Some(3))
                .flat_map(|s| ids(s.product_id))
                .collect(),
        });
    }

    Ok(CvrfDocument {
        id,
        alias,
        title: raw.document_title.into_string(),
        initial_release,
        current_release,
        products,
        vulnerabilities,
    })
}

fn threat(t: RawThreat) -> Threat {
    Threat {
        kind: t
            .kind
            .map(ThreatKind::from_json)
            .unwrap_or(ThreatKind::Other(String::new())),
        description: t.description.into_string(),
        product_ids: ids(t.product_id),
    }
}

fn score(s: RawScoreSet) -> Option<CvssScore> {
    Some(CvssScore {
        base: s.base_score.as_ref().and_then(Number::value)?,
        temporal: s.temporal_score.as_ref().and_then(Number::value),
        vector: non_empty(s.vector.into_string()),
        product_ids: ids(s.product_id),
    })
}

fn remediation(r: RawRemediation) -> Remediation {
    let description = r.description.into_string();
    Remediation {
        kind: r
            .kind
            .map(RemediationKind::from_json)
            .unwrap_or(RemediationKind::Other),
        kb: kb_from(&description),
        description,
        url: non_empty(r.url.into_string()),
        supercedes: split_supercedence(&r.supercedence.into_string()),
        sub_type: non_empty(r.sub_type.into_string()),
        restart_required: RestartRequired::parse(&r.restart_required.into_string()),
        fixed_build: non_empty(r.fixed_build.into_string()),
        product_ids: ids(r.product_id),
    }
}
