//! Which catalog products a machine runs: from [`MachineFacts`] to the exact product names the
//! update catalogs use (MSRC CVRF documents, the old Bulletin Search spreadsheets), so that
//! matching reads only the rows that concern the machine. See docs/domain.md, "Matching".
//!
//! Names are compared case-insensitively with whitespace collapsed, because the catalogs spell
//! one product several ways (`Windows 11 version 21H2 …` / `Windows 11 Version 21H2 …`,
//! `Windows Server 2016  (Server Core installation)` with two spaces); every spelling is
//! returned so that matching sees the rows of all documents.
//!
//! What the machine runs comes from two places:
//! - the OS facts (`os.rs`): the Windows product itself, and what that Windows always contains
//!   and the catalog names per OS: the .NET Framework it ships with, Internet Explorer 11,
//!   the EdgeHTML Edge;
//! - the installed programs (`programs.rs`), only when the inventory lists them: Edge,
//!   Office, Microsoft 365 Apps, SQL Server, .NET Framework, .NET.
//!
//! Products the catalog names per OS but that a machine may lack or have removed (Adobe Flash
//! Player, Raw Image Extension, Windows Terminal …) are not claimed.
//!
//! [`ProductCatalog`] classifies the catalog's names once (`index.rs`), so mapping one machine
//! is a handful of hash look-ups, not a scan of every name.

mod index;
mod os;
mod programs;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::MachineFacts;
use crate::inventory::InstalledProgram;
use index::Index;
use os::{Architecture, OsIdentity};
use programs::Recognized;

/// Why a machine maps to a catalog product: shown in explanations, so keep the facts used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MappingReason {
    /// From the OS facts: family ("Windows 10"), version ("22H2"), architecture ("x64"),
    /// installation type. Also the reason for what that Windows ships with (its .NET
    /// Framework, Internet Explorer 11).
    Os {
        family: String,
        version: Option<String>,
        architecture: Option<String>,
        server_core: bool,
        build: String,
    },
    /// From an installed program (name and version as the inventory listed them).
    Program {
        name: String,
        version: Option<String>,
    },
    /// Added by the admin (`patchdesk mapping add`, the Identify screen): the inventory cannot
    /// show it, or the automatic mapping missed it.
    Override { reason: String, actor: String },
}

impl MappingReason {
    fn of(program: &InstalledProgram) -> MappingReason {
        MappingReason::Program {
            name: program.name.clone(),
            version: program.version.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductMapping {
    /// Exactly as the catalog spells it.
    pub product: String,
    pub reason: MappingReason,
}

/// Every product name the imported catalogs know, classified once for mapping many machines.
#[derive(Clone, Debug, Default)]
pub struct ProductCatalog {
    index: Index,
}

impl ProductCatalog {
    pub fn new(names: &[String]) -> Self {
        ProductCatalog {
            index: Index::new(names),
        }
    }

    /// The catalog products this machine runs, each spelling the catalog uses. Order: the
    /// Windows product, then what that Windows ships with, then products of installed
    /// programs; names sorted within each group, each product once.
    pub fn map(&self, machine: &MachineFacts) -> Vec<ProductMapping> {
        let os = os::identify(machine);
        let architecture = machine
            .architecture
            .as_deref()
            .and_then(Architecture::parse);
        let programs = machine.programs.as_deref().unwrap_or_default();
        let recognized = programs::recognize(programs, architecture);

        let mut found = Found::default();
        if let Some(os) = &os {
            self.add_os(os, &mut found);
        }
        self.add_dotnet_framework(os.as_ref(), &recognized, &mut found);
        for (program, what) in &recognized {
            let reason = MappingReason::of(program);
            for key in self.program_keys(what) {
                found.programs.push((key, reason.clone()));
            }
        }
        found.into_mappings(&self.index)
    }

    fn add_os(&self, os: &OsIdentity, found: &mut Found) {
        let reason = os.reason();
        for key in &os.keys {
            if self.index.knows(key) {
                found.os.push((key.clone(), reason.clone()));
            }
            for component in self.index.components_on(key) {
                if os.ships(component.component) {
                    found.shipped.push((component.key.clone(), reason.clone()));
                }
            }
        }
    }

    /// .NET Framework rows name the framework versions and the OS they run on: the machine's
    /// versions are what its Windows ships with, and what the programs list adds. 4.x
    /// versions replace each other in place, so only the newest 4.x counts; 2.0 to 3.5 live
    /// side by side.
    fn add_dotnet_framework(
        &self,
        os: Option<&OsIdentity>,
        recognized: &[(&InstalledProgram, Recognized)],
        found: &mut Found,
    ) {
        let Some(os) = os else {
            // Rows are per OS product: without one there is nothing to look up.
            return;
        };
        let mut versions: Vec<(&str, Source)> = os
            .builtin_dotnet
            .iter()
            .map(|version| (*version, Source::Os))
            .collect();
        for (program, what) in recognized {
            if let Recognized::DotNetFramework { version } = what {
                versions.push((version.as_str(), Source::Program(program)));
            }
        }
        let newest_4x = versions
            .iter()
            .filter_map(|(version, _)| programs::framework_4x(version))
            .max();
        versions.retain(|(version, _)| {
            programs::framework_4x(version).is_none_or(|v| Some(v) == newest_4x)
        });

        let os_reason = os.reason();
        for key in &os.keys {
            for row in self.index.frameworks_on(key) {
                // The first matching version gives the reason: the OS's own before programs.
                let Some((_, source)) = versions
                    .iter()
                    .find(|(version, _)| row.versions.iter().any(|v| v == version))
                else {
                    continue;
                };
                match source {
                    Source::Os => found.shipped.push((row.key.clone(), os_reason.clone())),
                    Source::Program(program) => found
                        .programs
                        .push((row.key.clone(), MappingReason::of(program))),
                }
            }
        }
    }

    /// Normalised catalog names for one recognised program (.NET Framework is handled with
    /// the OS, above).
    fn program_keys(&self, what: &Recognized) -> Vec<String> {
        let index = &self.index;
        match what {
            Recognized::Edge => vec![index::EDGE_CHROMIUM.to_owned()],
            Recognized::Office {
                year,
                apps,
                click_to_run,
                bitness,
            } => index
                .office_keys(*year, apps, *click_to_run, *bitness)
                .map(str::to_owned)
                .collect(),
            Recognized::Microsoft365 { bitness } => index
                .microsoft_365_keys(*bitness)
                .map(str::to_owned)
                .collect(),
            Recognized::SqlServer {
                release,
                architecture,
            } => index
                .sql_server_keys(*release, *architecture)
                .map(str::to_owned)
                .collect(),
            Recognized::DotNet { products } => products.clone(),
            Recognized::DotNetFramework { .. } => Vec::new(),
        }
        .into_iter()
        .filter(|key| index.knows(key))
        .collect()
    }
}

/// The catalog products this machine runs, chosen among `catalog_products` (every product name
/// the imported catalogs know, in any case). Names are returned exactly as the catalog spells
/// them; comparison is case-insensitive and whitespace-normalised. When the catalog spells one
/// product two ways (`Windows 11 version 21H2 …` / `Windows 11 Version 21H2 …`), return every
/// spelling (matching then sees rows from all documents). For many machines, build one
/// [`ProductCatalog`] and call [`ProductCatalog::map`].
pub fn map_products(machine: &MachineFacts, catalog_products: &[String]) -> Vec<ProductMapping> {
    ProductCatalog::new(catalog_products).map(machine)
}

/// What the machine is, for the UI even when the catalog has no matching name yet:
/// e.g. Some("Windows 10 Version 22H2 for x64-based Systems"). None when the OS facts are too
/// thin: no build, a build PatchDesk does not know, or an architecture that the name needs but
/// the facts do not tell (Windows 10 and 11 come in several). When the build cannot tell the
/// service pack (Windows XP, Server 2003), the name without one: `Windows XP`.
pub fn expected_os_product(machine: &MachineFacts) -> Option<String> {
    os::identify(machine).map(|os| os.display_name)
}

/// How names are compared: case-insensitive, runs of whitespace as one space.
fn normalize(name: &str) -> String {
    let mut normalized = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        normalized.extend(word.chars().flat_map(char::to_lowercase));
    }
    normalized
}

/// Where a .NET Framework version comes from.
enum Source<'a> {
    Os,
    Program(&'a InstalledProgram),
}

/// Normalised catalog names found for one machine, by group, before spelling and ordering.
#[derive(Default)]
struct Found {
    os: Vec<(String, MappingReason)>,
    shipped: Vec<(String, MappingReason)>,
    programs: Vec<(String, MappingReason)>,
}

impl Found {
    fn into_mappings(self, index: &Index) -> Vec<ProductMapping> {
        let mut mappings = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for group in [self.os, self.shipped, self.programs] {
            let mut spelled: Vec<ProductMapping> = group
                .into_iter()
                .flat_map(|(key, reason)| {
                    index
                        .spellings(&key)
                        .iter()
                        .map(move |name| ProductMapping {
                            product: name.clone(),
                            reason: reason.clone(),
                        })
                })
                .collect();
            // Several programs can give one product (the x64 and x86 .NET runtimes): the
            // first by name and version explains it, whatever order the inventory used.
            spelled.sort_by(|a, b| {
                a.product
                    .cmp(&b.product)
                    .then_with(|| reason_order(&a.reason).cmp(&reason_order(&b.reason)))
            });
            spelled.dedup_by(|later, first| later.product == first.product);
            spelled.retain(|mapping| seen.insert(mapping.product.clone()));
            mappings.extend(spelled);
        }
        mappings
    }
}

fn reason_order(reason: &MappingReason) -> (&str, Option<&str>) {
    match reason {
        MappingReason::Os { .. } => ("", None),
        MappingReason::Program { name, version } => (name, version.as_deref()),
        // Never produced by mapping itself (overrides are applied by the store afterwards).
        MappingReason::Override { reason, .. } => (reason, None),
    }
}
