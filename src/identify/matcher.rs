//! Is this machine missing a fix? For every product the machine maps to and every
//! vulnerability the catalog lists for it: `fixed`, `missing` or `unknown`, with the evidence.
//!
//! Fixed: the build is at or above the fix's FixedBuild, or a fix KB (any track) is installed
//! or superseded by an installed KB (transitively, across documents). Missing: the evidence
//! says the fix is not there (the build is below FixedBuild, or a complete list of installed
//! Windows updates lacks every fix KB). Anything else is unknown: no evidence is never "fixed".

use std::collections::HashMap;

use serde::Serialize;

use super::facts::MachineFacts;
use super::index::{CatalogEntry, CatalogIndex, Coverage, FixRow, SupersedencePath};
use super::products::{MappingReason, ProductMapping};
use crate::inventory::OsBuild;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Fixed,
    Missing,
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fixed => "fixed",
            Status::Missing => "missing",
            Status::Unknown => "unknown",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        match text {
            "fixed" => Some(Status::Fixed),
            "missing" => Some(Status::Missing),
            "unknown" => Some(Status::Unknown),
            _ => None,
        }
    }
}

/// Why PatchDesk decided what it did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// The fix KB itself is installed, or an installed KB supersedes it.
    KbCovered { fix: String, path: SupersedencePath },
    /// The machine's build is at or above FixedBuild.
    BuildAtLeast { build: String, fixed_build: String },
    /// An installed program's version is at or above the fixed version.
    VersionAtLeast {
        program: String,
        version: String,
        fixed_version: String,
    },
    /// The machine's build is below FixedBuild.
    BuildBelow { build: String, fixed_build: String },
    /// A program's version is below the fixed version.
    VersionBelow {
        program: String,
        version: String,
        fixed_version: String,
    },
    /// The machine's list of installed Windows updates has none of the fix KBs nor anything
    /// that supersedes them.
    KbsAbsent {
        fixes: Vec<String>,
        installed: usize,
    },
    /// No source of this machine lists installed updates, and its build has no revision (or the
    /// fix gives no FixedBuild): nothing to decide with.
    NoUpdateList,
    /// Updates of this product are not in Windows' installed-updates list (Office, SQL Server,
    /// Edge), and no version evidence decides.
    NotInUpdateList,
    /// The fix is not a KB (`Click to Run`, `Release Notes`) and no version evidence decides.
    NoKbToCheck,
}

/// One vulnerability × product judged for one machine.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub vulnerability_id: i64,
    pub product_id: i64,
    pub cve: String,
    pub status: Status,
    /// The fix to deploy as the catalog names it (the fix-set step collapses chains).
    pub kb: Option<String>,
    /// Index into `index.entries_for(product_id)`.
    #[serde(skip)]
    pub entry: usize,
    pub evidence: Evidence,
    /// Evidence pointing the other way that was outweighed (e.g. a build below FixedBuild
    /// while a superseding KB is installed but the machine has not restarted yet).
    pub also: Option<Evidence>,
}

/// Everything matching found for one machine.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MachineMatch {
    pub machine_id: i64,
    /// The products used (mapping plus the admin's overrides), with catalog ids.
    pub products: Vec<(i64, ProductMapping)>,
    pub findings: Vec<Finding>,
}

impl MachineMatch {
    pub fn count(&self, status: Status) -> usize {
        self.findings.iter().filter(|f| f.status == status).count()
    }
}

/// Products whose updates Windows lists as installed updates (QFE, Get-HotFix, systeminfo):
/// Windows itself and the .NET Framework. For the others, a missing KB proves nothing.
fn in_windows_update_list(mapping: &ProductMapping) -> bool {
    match &mapping.reason {
        MappingReason::Os { .. } => true,
        MappingReason::Program { .. } => mapping.product.contains(".NET Framework"),
        MappingReason::Override { .. } => {
            mapping.product.starts_with("Windows") || mapping.product.contains(".NET Framework")
        }
    }
}

/// `109.0.1518.61` → [109, 0, 1518, 61]; None for URLs and text.
fn dotted_version(text: &str) -> Option<Vec<u64>> {
    let text = text.trim();
    if text.is_empty() || !text.contains('.') {
        return None;
    }
    text.split('.').map(|part| part.parse().ok()).collect()
}

fn version_at_least(version: &[u64], fixed: &[u64]) -> bool {
    let width = version.len().max(fixed.len());
    let pad = |v: &[u64]| {
        let mut v = v.to_vec();
        v.resize(width, 0);
        v
    };
    pad(version) >= pad(fixed)
}

/// The KB a finding should name: a cumulative or rollup fix when the catalog offers tracks.
fn preferred_kb(fixes: &[FixRow]) -> Option<String> {
    let rank = |fix: &FixRow| match fix.sub_type.as_deref().unwrap_or("") {
        "Security Update" | "Cumulative Update" | "Monthly Rollup" => 0,
        "Security Only" => 2,
        _ => 1,
    };
    fixes
        .iter()
        .filter(|f| f.kb.is_some())
        .min_by_key(|f| rank(f))
        .and_then(|f| f.kb.clone())
}

struct Judge<'a> {
    index: &'a CatalogIndex,
    machine: &'a MachineFacts,
    coverage: Option<Coverage>,
}

impl Judge<'_> {
    fn judge(
        &self,
        entry: &CatalogEntry,
        mapping: &ProductMapping,
    ) -> (Status, Evidence, Option<Evidence>) {
        let kb_fixes: Vec<&String> = entry.fixes.iter().filter_map(|f| f.kb.as_ref()).collect();

        // 1. An installed KB that is the fix or supersedes it.
        if let Some(coverage) = &self.coverage {
            for fix in &kb_fixes {
                if coverage.covers(fix)
                    && let Some(path) = self.index.path_to(coverage, fix)
                {
                    let evidence = Evidence::KbCovered {
                        fix: (*fix).clone(),
                        path,
                    };
                    let against = self
                        .build_evidence(entry)
                        .filter(|e| matches!(e, Evidence::BuildBelow { .. }));
                    return (Status::Fixed, evidence, against);
                }
            }
        }

        // 2. The build (OS) or the program's version against FixedBuild.
        let build = match &mapping.reason {
            MappingReason::Program {
                name,
                version: Some(version),
            } => self.version_evidence(entry, name, version),
            _ => self.build_evidence(entry),
        };
        if let Some(evidence) = build {
            let status = match evidence {
                Evidence::BuildAtLeast { .. } | Evidence::VersionAtLeast { .. } => Status::Fixed,
                _ => Status::Missing,
            };
            return (status, evidence, None);
        }

        // 3. A complete list of installed Windows updates without any fix KB.
        if self.machine.installed_kbs.is_some() && !kb_fixes.is_empty() {
            if in_windows_update_list(mapping) {
                let mut fixes: Vec<String> = kb_fixes.iter().map(|kb| (*kb).clone()).collect();
                fixes.dedup();
                return (
                    Status::Missing,
                    Evidence::KbsAbsent {
                        fixes,
                        installed: self.machine.installed_kbs.as_ref().map_or(0, Vec::len),
                    },
                    None,
                );
            }
            return (Status::Unknown, Evidence::NotInUpdateList, None);
        }
        let evidence = if kb_fixes.is_empty() {
            Evidence::NoKbToCheck
        } else if self.machine.installed_kbs.is_none() {
            Evidence::NoUpdateList
        } else {
            Evidence::NotInUpdateList
        };
        (Status::Unknown, evidence, None)
    }

    /// Compares the machine's full build (with revision) with a FixedBuild of the same
    /// major.minor.build. A FixedBuild of another build family (a catalog slip seen in the
    /// 2022-Nov document) or a build without revision decides nothing.
    fn build_evidence(&self, entry: &CatalogEntry) -> Option<Evidence> {
        let build = self.machine.os_build?;
        let revision = build.revision?;
        let mut below: Option<Evidence> = None;
        for fix in &entry.fixes {
            let Some(fixed) = fix
                .fixed_build
                .as_deref()
                .and_then(|text| text.parse::<OsBuild>().ok())
            else {
                continue;
            };
            let Some(fixed_revision) = fixed.revision else {
                continue;
            };
            if (fixed.major, fixed.minor, fixed.build) != (build.major, build.minor, build.build) {
                continue;
            }
            if revision >= fixed_revision {
                return Some(Evidence::BuildAtLeast {
                    build: build.to_string(),
                    fixed_build: fixed.to_string(),
                });
            }
            below.get_or_insert(Evidence::BuildBelow {
                build: build.to_string(),
                fixed_build: fixed.to_string(),
            });
        }
        below
    }

    fn version_evidence(
        &self,
        entry: &CatalogEntry,
        program: &str,
        version: &str,
    ) -> Option<Evidence> {
        let installed = dotted_version(version)?;
        let mut below = None;
        for fix in &entry.fixes {
            let Some(fixed_text) = fix.fixed_build.as_deref() else {
                continue;
            };
            let Some(fixed) = dotted_version(fixed_text) else {
                continue;
            };
            let evidence = |at_least: bool| {
                let (program, version, fixed_version) = (
                    program.to_owned(),
                    version.to_owned(),
                    fixed_text.to_owned(),
                );
                if at_least {
                    Evidence::VersionAtLeast {
                        program,
                        version,
                        fixed_version,
                    }
                } else {
                    Evidence::VersionBelow {
                        program,
                        version,
                        fixed_version,
                    }
                }
            };
            if version_at_least(&installed, &fixed) {
                return Some(evidence(true));
            }
            below.get_or_insert(evidence(false));
        }
        below
    }
}

/// Judges every catalog entry of the machine's products. `products` are the mapped products
/// with their catalog ids (overrides applied); the index must hold their entries.
pub fn match_machine(
    index: &CatalogIndex,
    machine: &MachineFacts,
    products: Vec<(i64, ProductMapping)>,
) -> MachineMatch {
    let product_ids: Vec<i64> = products.iter().map(|(id, _)| *id).collect();
    let judge = Judge {
        index,
        machine,
        coverage: machine
            .installed_kbs
            .as_ref()
            .map(|kbs| index.coverage(kbs, &product_ids)),
    };
    let mut findings: Vec<Finding> = Vec::new();
    // (CVE, product) → position in `findings`: a CVE listed again in a later document (a
    // re-release, an out-of-band fix) is one finding, fixed when any listing's fix is there.
    let mut seen: HashMap<(&str, i64), usize> = HashMap::new();
    for (product_id, mapping) in &products {
        for (position, entry) in index.entries_for(*product_id).iter().enumerate() {
            if entry.fixes.is_empty() {
                // Affected with no fix published yet: nothing to deploy, nothing to judge.
                continue;
            }
            let (status, evidence, also) = judge.judge(entry, mapping);
            let finding = Finding {
                vulnerability_id: entry.vulnerability_id,
                product_id: *product_id,
                cve: entry.cve.clone(),
                status,
                kb: preferred_kb(&entry.fixes),
                entry: position,
                evidence,
                also,
            };
            match seen.get(&(entry.cve.as_str(), *product_id)) {
                None => {
                    seen.insert((entry.cve.as_str(), *product_id), findings.len());
                    findings.push(finding);
                }
                Some(&earlier) => {
                    let keep_new = better(&finding, &findings[earlier], index);
                    if keep_new {
                        findings[earlier] = finding;
                    }
                }
            }
        }
    }
    MachineMatch {
        machine_id: machine.machine_id,
        products,
        findings,
    }
}

/// Between two listings of one CVE on one product: fixed beats missing beats unknown; then
/// the newer document.
fn better(new: &Finding, old: &Finding, index: &CatalogIndex) -> bool {
    let rank = |s: Status| match s {
        Status::Fixed => 2,
        Status::Missing => 1,
        Status::Unknown => 0,
    };
    let released = |f: &Finding| {
        let entry = &index.entries_for(f.product_id)[f.entry];
        index.documents[entry.document].initial_release
    };
    (rank(new.status), released(new)) > (rank(old.status), released(old))
}
