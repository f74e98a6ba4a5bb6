//! What an MSRC CVRF document says, whatever form (XML or JSON) it came in.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

/// One MSRC security update document (a month, or an out-of-band release).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CvrfDocument {
    /// Opaque document ID: usually `2022-Nov`, but also `Oct-OOB`, `2017-May-B`.
    pub id: String,
    pub alias: String,
    pub title: String,
    pub initial_release: DateTime<Utc>,
    /// Documents are revised after release: re-imports replace by this date.
    pub current_release: DateTime<Utc>,
    /// Deduplicated by id, in order of first appearance.
    pub products: Vec<Product>,
    pub vulnerabilities: Vec<Vulnerability>,
}

impl CvrfDocument {
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The id of the product with exactly this MSRC name.
    pub fn product_id(&self, name: &str) -> Option<&str> {
        self.products
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.id.as_str())
    }

    pub fn vulnerability(&self, cve: &str) -> Option<&Vulnerability> {
        self.vulnerabilities.iter().find(|v| v.cve == cve)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Product {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Vulnerability {
    pub cve: String,
    pub title: String,
    pub threats: Vec<Threat>,
    pub cvss: Vec<CvssScore>,
    pub remediations: Vec<Remediation>,
    /// Product ids with status "Known Affected".
    pub known_affected: Vec<String>,
}

impl Vulnerability {
    fn threat_for(&self, kind: &ThreatKind, product_id: &str) -> Option<&str> {
        self.threats
            .iter()
            .find(|t| &t.kind == kind && t.product_ids.iter().any(|p| p == product_id))
            .map(|t| t.description.as_str())
    }

    /// "Critical", "Important" … as MSRC rates this CVE for one product.
    pub fn severity_for(&self, product_id: &str) -> Option<&str> {
        self.threat_for(&ThreatKind::Severity, product_id)
    }

    /// "Remote Code Execution", "Elevation of Privilege" … for one product.
    pub fn impact_for(&self, product_id: &str) -> Option<&str> {
        self.threat_for(&ThreatKind::Impact, product_id)
    }

    /// The first Exploit Status threat, parsed; all fields None when there is none.
    pub fn exploit_status(&self) -> ExploitStatus {
        self.threats
            .iter()
            .find(|t| t.kind == ThreatKind::ExploitStatus)
            .map(|t| ExploitStatus::parse(&t.description))
            .unwrap_or_default()
    }

    /// Vendor fixes that apply to one product.
    pub fn vendor_fixes_for<'a>(
        &'a self,
        product_id: &'a str,
    ) -> impl Iterator<Item = &'a Remediation> + 'a {
        self.remediations.iter().filter(move |r| {
            r.kind == RemediationKind::VendorFix && r.product_ids.iter().any(|p| p == product_id)
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Threat {
    pub kind: ThreatKind,
    pub description: String,
    pub product_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ThreatKind {
    Impact,
    ExploitStatus,
    Severity,
    /// A type this parser does not know: the JSON integer.
    OtherCode(i64),
    /// A type this parser does not know: the XML string.
    Other(String),
}

impl ThreatKind {
    pub(crate) fn from_xml(text: &str) -> ThreatKind {
        match text {
            "Impact" => ThreatKind::Impact,
            "Exploit Status" => ThreatKind::ExploitStatus,
            "Severity" => ThreatKind::Severity,
            other => ThreatKind::Other(other.to_string()),
        }
    }

    pub(crate) fn from_json(code: i64) -> ThreatKind {
        match code {
            0 => ThreatKind::Impact,
            1 => ThreatKind::ExploitStatus,
            3 => ThreatKind::Severity,
            other => ThreatKind::OtherCode(other),
        }
    }
}

/// `Publicly Disclosed:No;Exploited:Yes;Latest Software Release:Exploitation Detected`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExploitStatus {
    pub publicly_disclosed: Option<bool>,
    pub exploited: Option<bool>,
    pub latest_release: Option<String>,
}

impl ExploitStatus {
    pub fn parse(text: &str) -> ExploitStatus {
        let mut status = ExploitStatus::default();
        let yes_no = |value: &str| match value.to_ascii_lowercase().as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        for part in text.split(';') {
            let Some((key, value)) = part.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim().to_ascii_lowercase().as_str() {
                "publicly disclosed" => status.publicly_disclosed = yes_no(value),
                "exploited" => status.exploited = yes_no(value),
                "latest software release" if !value.is_empty() && value != "N/A" => {
                    status.latest_release = Some(value.to_string())
                }
                _ => {}
            }
        }
        status
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CvssScore {
    pub base: f32,
    pub temporal: Option<f32>,
    pub vector: Option<String>,
    pub product_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Remediation {
    pub kind: RemediationKind,
    /// A KB number for most vendor fixes; `Click to Run`, `Release Notes`, a package name …
    pub description: String,
    /// `KB5022282` when the description is a KB number.
    pub kb: Option<String>,
    pub url: Option<String>,
    /// KBs this one replaces, normalised to `KB…` (the source spells it `Supercedence`).
    pub supercedes: Vec<String>,
    pub sub_type: Option<String>,
    pub restart_required: Option<RestartRequired>,
    /// As given: a Windows build (`10.0.19045.2486`), a URL (Click-to-Run), a version (Edge).
    pub fixed_build: Option<String>,
    pub product_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum RemediationKind {
    Workaround,
    Mitigation,
    VendorFix,
    KnownIssue,
    Other,
}

impl RemediationKind {
    pub(crate) fn from_xml(text: &str) -> RemediationKind {
        match text {
            "Workaround" => RemediationKind::Workaround,
            "Mitigation" => RemediationKind::Mitigation,
            "Vendor Fix" => RemediationKind::VendorFix,
            "Known Issue" => RemediationKind::KnownIssue,
            _ => RemediationKind::Other,
        }
    }

    pub(crate) fn from_json(code: i64) -> RemediationKind {
        match code {
            0 => RemediationKind::Workaround,
            1 => RemediationKind::Mitigation,
            2 => RemediationKind::VendorFix,
            5 => RemediationKind::KnownIssue,
            _ => RemediationKind::Other,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RestartRequired {
    Yes,
    No,
    Maybe,
}

impl RestartRequired {
    pub(crate) fn parse(text: &str) -> Option<RestartRequired> {
        match text.trim().to_ascii_lowercase().as_str() {
            "yes" => Some(RestartRequired::Yes),
            "no" => Some(RestartRequired::No),
            "maybe" => Some(RestartRequired::Maybe),
            _ => None,
        }
    }
}

/// `5022282` or `KB5022282` → `KB5022282`; anything else (`Click to Run`, `curl`) → None.
pub fn kb_from(text: &str) -> Option<String> {
    let text = text.trim();
    let digits = text
        .strip_prefix("KB")
        .or_else(|| text.strip_prefix("kb"))
        .unwrap_or(text);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("KB{digits}"))
}

/// `4499408; 4503867`, `4088875, 4100480`, `MS16-051, 3154070; MS16-063, 3160005` → KBs only,
/// without duplicates, in order.
pub fn split_supercedence(text: &str) -> Vec<String> {
    let mut kbs: Vec<String> = Vec::new();
    for token in text.split([';', ',', ' ', '\t', '\r', '\n']) {
        if let Some(kb) = kb_from(token)
            && !kbs.contains(&kb)
        {
            kbs.push(kb);
        }
    }
    kbs
}

/// `2022-12-13T08:00:00Z`, `2022-12-13T08:00:00` (no zone, read as UTC), with fractions.
pub(crate) fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc())
}

/// Empty strings mean "absent" in both forms.
pub(crate) fn non_empty(text: String) -> Option<String> {
    if text.trim().is_empty() {
        None
    } else {
        Some(text)
    }
}
