//! MSRC security update documents (CVRF 1.1), in the API's XML and JSON forms. Both parse to
//! the same [`CvrfDocument`]; see docs/domain.md, "Catalog: MSRC CVRF", for the traps.

mod json;
mod model;
mod xml;

#[cfg(test)]
mod tests;

pub use json::{parse_json, recognizes_json};
pub use model::{
    CvrfDocument, CvssScore, ExploitStatus, Product, Remediation, RemediationKind, RestartRequired,
    Threat, ThreatKind, Vulnerability, kb_from, split_supercedence,
};
pub use xml::{parse_xml, recognizes_xml};
