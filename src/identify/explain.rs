//! Why PatchDesk says what it says about one CVE on one machine: the catalog row (document and
//! revision), the product mapping used, the evidence (build or KBs) and the supersedence path.
//! [`Explanation`] is the data (`patchdesk explain --json`, the UI panel); [`Explanation::lines`]
//! words it in the admin's language.

use chrono::NaiveDate;
use serde::Serialize;

use super::MachineFacts;
use super::fix_set::{FixItem, minimum_fix_set};
use super::index::{CatalogIndex, DocumentInfo, FixRow, KevInfo};
use super::matcher::{Evidence, MachineMatch, Status};
use super::products::{MappingReason, ProductMapping};
use super::urgency::{Severity, Urgency};
use crate::i18n::Lang;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub hostname: String,
    pub cve: String,
    pub title: String,
    pub status: Status,
    pub product: String,
    /// The document's own id of the product (`12097`).
    pub msrc_product_id: Option<String>,
    pub mapping: ProductMapping,
    pub document: DocumentInfo,
    pub severity: Severity,
    pub impact: Option<String>,
    pub cvss: Option<f32>,
    pub msrc_exploited: bool,
    pub kev: Option<KevInfo>,
    pub emergency: bool,
    pub released: NaiveDate,
    pub days: i64,
    pub fixes: Vec<FixRow>,
    pub evidence: Evidence,
    /// Evidence pointing the other way that was outweighed.
    pub also: Option<Evidence>,
    /// What to deploy to clear it: the fix-set item that covers it (the newest of its chain).
    pub deploy: Option<FixItem>,
    /// The machine facts the decision used.
    pub os_build: Option<String>,
    pub installed_updates: Option<usize>,
}

/// Every explanation of `cve` on the machine (one per product it affects there).
pub fn explain(
    index: &CatalogIndex,
    machine: &MachineFacts,
    result: &MachineMatch,
    cve: &str,
    today: NaiveDate,
) -> Vec<Explanation> {
    let fix_set = minimum_fix_set(index, &result.findings);
    let product_ids: Vec<i64> = result.products.iter().map(|(id, _)| *id).collect();
    result
        .findings
        .iter()
        .filter(|f| f.cve.eq_ignore_ascii_case(cve.trim()))
        .filter_map(|finding| {
            let entry = index.entries_for(finding.product_id).get(finding.entry)?;
            let mapping = result
                .products
                .iter()
                .find(|(id, _)| *id == finding.product_id)
                .map(|(_, m)| m.clone())?;
            let document = index.documents.get(entry.document)?.clone();
            let released = document.initial_release.date_naive();
            let kev = index.kev.get(&entry.cve).cloned();
            let urgency = Urgency::new(
                entry.severity,
                entry.exploited,
                kev.is_some(),
                entry.cvss,
                released,
                today,
            );
            // The fix-set item that clears this finding: the one whose KB is the fix or
            // replaces it.
            let deploy = (finding.status == Status::Missing)
                .then(|| {
                    let fix_kbs: Vec<&String> =
                        entry.fixes.iter().filter_map(|f| f.kb.as_ref()).collect();
                    fix_set.iter().find(|item| {
                        fix_kbs
                            .iter()
                            .any(|kb| index.replacements(kb, &product_ids).contains(&item.kb))
                    })
                })
                .flatten()
                .cloned();
            Some(Explanation {
                hostname: machine.hostname.clone(),
                cve: entry.cve.clone(),
                title: entry.title.clone(),
                status: finding.status,
                product: index.product_name(finding.product_id).to_owned(),
                msrc_product_id: entry.msrc_product_id.clone(),
                mapping,
                document,
                severity: entry.severity,
                impact: entry.impact.clone(),
                cvss: entry.cvss,
                msrc_exploited: entry.exploited,
                kev,
                emergency: urgency.is_emergency(),
                released,
                days: urgency.days,
                fixes: entry.fixes.clone(),
                evidence: finding.evidence.clone(),
                also: finding.also.clone(),
                deploy,
                os_build: machine.os_build.map(|b| b.to_string()),
                installed_updates: machine.installed_kbs.as_ref().map(Vec::len),
            })
        })
        .collect()
}

fn evidence_line(lang: Lang, evidence: &Evidence) -> String {
    match evidence {
        Evidence::KbCovered { fix, path } if path.kbs.len() <= 1 => {
            lang.trf("explain.evidence.kb_installed", &[("kb", fix)])
        }
        Evidence::KbCovered { fix, path } => {
            let installed = path.kbs.first().map(String::as_str).unwrap_or_default();
            lang.trf(
                "explain.evidence.kb_superseded",
                &[
                    ("kb", fix),
                    ("installed", &installed),
                    ("path", &path.kbs.join(" → ")),
                    ("documents", &path.documents.join(", ")),
                ],
            )
        }
        Evidence::BuildAtLeast { build, fixed_build } => lang.trf(
            "explain.evidence.build_at_least",
            &[("build", build), ("fixed", fixed_build)],
        ),
        Evidence::BuildBelow { build, fixed_build } => lang.trf(
            "explain.evidence.build_below",
            &[("build", build), ("fixed", fixed_build)],
        ),
        Evidence::VersionAtLeast {
            program,
            version,
            fixed_version,
        } => lang.trf(
            "explain.evidence.version_at_least",
            &[
                ("program", program),
                ("version", version),
                ("fixed", fixed_version),
            ],
        ),
        Evidence::VersionBelow {
            program,
            version,
            fixed_version,
        } => lang.trf(
            "explain.evidence.version_below",
            &[
                ("program", program),
                ("version", version),
                ("fixed", fixed_version),
            ],
        ),
        Evidence::KbsAbsent { fixes, installed } => lang.trf(
            "explain.evidence.kbs_absent",
            &[
                ("kbs", &fixes.join(", ")),
                ("count", &installed.to_string()),
            ],
        ),
        Evidence::NoUpdateList => lang.tr("explain.evidence.no_update_list").into_owned(),
        Evidence::NotInUpdateList => lang.tr("explain.evidence.not_in_update_list").into_owned(),
        Evidence::NoKbToCheck => lang.tr("explain.evidence.no_kb").into_owned(),
    }
}

fn mapping_line(lang: Lang, mapping: &ProductMapping) -> String {
    match &mapping.reason {
        MappingReason::Os {
            family,
            version,
            architecture,
            server_core,
            build,
        } => {
            let mut facts = vec![family.clone()];
            facts.extend(version.clone());
            facts.extend(architecture.clone());
            if *server_core {
                facts.push("Server Core".to_owned());
            }
            lang.trf(
                "explain.mapping.os",
                &[("build", build), ("facts", &facts.join(", "))],
            )
        }
        MappingReason::Program { name, version } => lang.trf(
            "explain.mapping.program",
            &[
                ("program", name),
                ("version", &version.as_deref().unwrap_or("?")),
            ],
        ),
        MappingReason::Override { reason, actor } => lang.trf(
            "explain.mapping.override",
            &[("actor", actor), ("reason", reason)],
        ),
    }
}

impl Explanation {
    /// The explanation as lines of text, first line the verdict.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let status = lang.tr(match self.status {
            Status::Fixed => "explain.status.fixed",
            Status::Missing => "explain.status.missing",
            Status::Unknown => "explain.status.unknown",
        });
        let mut lines = vec![
            format!("{} — {} — {status}", self.cve, self.hostname),
            format!("  {}", self.title),
            lang.trf(
                "explain.catalog",
                &[
                    ("id", &self.document.id),
                    ("title", &self.document.title),
                    (
                        "revision",
                        &self.document.current_release.format("%Y-%m-%d").to_string(),
                    ),
                    ("file", &self.document.source_file),
                ],
            ),
            lang.trf(
                "explain.product",
                &[
                    ("product", &self.product),
                    ("id", &self.msrc_product_id.as_deref().unwrap_or("-")),
                ],
            ),
            format!("    {}", mapping_line(lang, &self.mapping)),
        ];
        let mut rating = vec![lang.tr(self.severity.label_key()).into_owned()];
        rating.extend(self.impact.clone());
        if let Some(cvss) = self.cvss {
            rating.push(format!("CVSS {cvss:.1}"));
        }
        lines.push(lang.trf("explain.rating", &[("rating", &rating.join(", "))]));
        let mut exploited = Vec::new();
        if self.msrc_exploited {
            exploited.push(lang.tr("explain.exploited_msrc").into_owned());
        }
        if let Some(kev) = &self.kev {
            exploited.push(
                lang.trf(
                    "explain.exploited_kev",
                    &[
                        ("added", &kev.date_added.to_string()),
                        (
                            "due",
                            &kev.due_date
                                .map(|d| d.to_string())
                                .unwrap_or_else(|| "-".into()),
                        ),
                    ],
                ),
            );
            if kev.ransomware {
                exploited.push(lang.tr("explain.ransomware").into_owned());
            }
        }
        if exploited.is_empty() {
            exploited.push(lang.tr("explain.not_exploited").into_owned());
        }
        lines.push(lang.trf("explain.exploited", &[("what", &exploited.join("; "))]));
        lines.push(lang.trf(
            "explain.released",
            &[
                ("date", &self.released.to_string()),
                ("days", &self.days.to_string()),
            ],
        ));
        if self.emergency {
            lines.push(lang.tr("explain.emergency").into_owned());
        }
        for fix in &self.fixes {
            lines.push(lang.trf(
                "explain.fix",
                &[
                    ("kb", &fix.kb.as_deref().unwrap_or(&fix.description)),
                    ("type", &fix.sub_type.as_deref().unwrap_or("-")),
                    ("restart", &fix.restart_required.as_deref().unwrap_or("-")),
                    ("fixed", &fix.fixed_build.as_deref().unwrap_or("-")),
                ],
            ));
        }
        lines.push(
            lang.trf(
                "explain.machine",
                &[
                    ("build", &self.os_build.as_deref().unwrap_or("-")),
                    (
                        "updates",
                        &self
                            .installed_updates
                            .map(|n| n.to_string())
                            .unwrap_or_else(|| lang.tr("explain.no_list").into_owned()),
                    ),
                ],
            ),
        );
        lines.push(format!(
            "{} {}",
            lang.tr("explain.evidence.label"),
            evidence_line(lang, &self.evidence)
        ));
        if let Some(also) = &self.also {
            lines.push(format!(
                "{} {}",
                lang.tr("explain.evidence.also"),
                evidence_line(lang, also)
            ));
        }
        if let Some(deploy) = &self.deploy {
            lines.push(lang.trf(
                "explain.deploy",
                &[("kb", &deploy.kb), ("title", &deploy.title)],
            ));
        }
        lines
    }
}
