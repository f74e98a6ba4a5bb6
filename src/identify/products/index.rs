//! The catalog's product names, classified once: by normalised name for exact look-ups, and
//! the families whose names carry parts the mapping chooses by (the OS under a .NET
//! Framework row, the year and bitness of Office, the release and architecture of SQL
//! Server).

use std::collections::HashMap;

use super::normalize;
use super::os::{Architecture, Component};
use super::programs::{self, Bitness, OfficeApp, SqlRelease};

/// The Chromium-based Edge, normalised. `… Extended Stable` (a slower channel the uninstall
/// entry cannot tell) and `… Updater` are other products.
pub(super) const EDGE_CHROMIUM: &str = "microsoft edge (chromium-based)";

/// `Microsoft .NET Framework 3.5 AND 4.8 on Windows 10 Version 21H2 for x64-based Systems`.
#[derive(Clone, Debug)]
pub(super) struct FrameworkRow {
    /// `3.5`, `4.8`: every version the row names, as [`programs::framework_version`] writes them.
    pub versions: Vec<String>,
    pub key: String,
}

/// `Internet Explorer 11 on Windows Server 2012 R2`.
#[derive(Clone, Debug)]
pub(super) struct ComponentRow {
    pub component: Component,
    pub key: String,
}

#[derive(Clone, Debug)]
struct OfficeRow {
    /// None: the name says no bitness (Office 2007), it fits both.
    bitness: Option<Bitness>,
    click_to_run: bool,
    key: String,
}

#[derive(Clone, Debug)]
struct SqlRow {
    /// None: the name says no architecture, it fits every one.
    architecture: Option<Architecture>,
    key: String,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Index {
    /// Normalised name → every spelling the catalog uses, sorted.
    spellings: HashMap<String, Vec<String>>,
    /// By the normalised OS product after ` on `.
    frameworks: HashMap<String, Vec<FrameworkRow>>,
    components: HashMap<String, Vec<ComponentRow>>,
    office: HashMap<(OfficeApp, u16), Vec<OfficeRow>>,
    microsoft_365: Vec<OfficeRow>,
    sql_server: HashMap<SqlRelease, Vec<SqlRow>>,
}

impl Index {
    pub(super) fn new(names: &[String]) -> Index {
        let mut index = Index::default();
        for name in names {
            let key = normalize(name);
            if key.is_empty() {
                continue;
            }
            match index.spellings.get_mut(&key) {
                Some(spellings) => spellings.push(name.clone()),
                None => {
                    index.classify(&key);
                    index.spellings.insert(key, vec![name.clone()]);
                }
            }
        }
        for spellings in index.spellings.values_mut() {
            spellings.sort();
            spellings.dedup();
        }
        index
    }

    pub(super) fn knows(&self, key: &str) -> bool {
        self.spellings.contains_key(key)
    }

    pub(super) fn spellings(&self, key: &str) -> &[String] {
        self.spellings.get(key).map_or(&[], Vec::as_slice)
    }

    pub(super) fn frameworks_on(&self, os_key: &str) -> &[FrameworkRow] {
        self.frameworks.get(os_key).map_or(&[], Vec::as_slice)
    }

    pub(super) fn components_on(&self, os_key: &str) -> &[ComponentRow] {
        self.components.get(os_key).map_or(&[], Vec::as_slice)
    }

    /// Office products of `apps` and `year` fitting the install. Up to 2016 the catalog
    /// names Click-to-Run installs apart (`Microsoft Office 2016 Click-to-Run (C2R) for …`)
    /// and their updates are not the MSI ones; from 2019 every install is Click-to-Run.
    pub(super) fn office_keys<'a>(
        &'a self,
        year: u16,
        apps: &'a [OfficeApp],
        click_to_run: bool,
        bitness: Option<Bitness>,
    ) -> impl Iterator<Item = &'a str> + 'a {
        apps.iter()
            .filter_map(move |app| self.office.get(&(*app, year)))
            .flatten()
            .filter(move |row| year >= 2019 || row.click_to_run == click_to_run)
            .filter(move |row| fits(row.bitness, bitness))
            .map(|row| row.key.as_str())
    }

    pub(super) fn microsoft_365_keys(
        &self,
        bitness: Option<Bitness>,
    ) -> impl Iterator<Item = &str> + '_ {
        self.microsoft_365
            .iter()
            .filter(move |row| fits(row.bitness, bitness))
            .map(|row| row.key.as_str())
    }

    /// Every servicing track of the release (`(GDR)`, `(CU 18)`, service packs): which one
    /// the machine follows is for matching to tell by KB.
    pub(super) fn sql_server_keys(
        &self,
        release: SqlRelease,
        architecture: Option<Architecture>,
    ) -> impl Iterator<Item = &str> + '_ {
        self.sql_server
            .get(&release)
            .into_iter()
            .flatten()
            .filter(move |row| fits(row.architecture, architecture))
            .map(|row| row.key.as_str())
    }

    /// Files a new normalised name under the family its form says.
    fn classify(&mut self, key: &str) {
        if let Some((os, row)) = framework_row(key) {
            self.frameworks.entry(os).or_default().push(row);
        } else if let Some((os, row)) = component_row(key) {
            self.components.entry(os).or_default().push(row);
        } else if let Some(row) = microsoft_365_row(key) {
            self.microsoft_365.push(row);
        } else if let Some((app_year, row)) = office_row(key) {
            self.office.entry(app_year).or_default().push(row);
        } else if let Some((release, row)) = sql_row(key) {
            self.sql_server.entry(release).or_default().push(row);
        }
    }
}

/// Unknown on either side fits.
fn fits<T: PartialEq>(named: Option<T>, wanted: Option<T>) -> bool {
    match (named, wanted) {
        (Some(named), Some(wanted)) => named == wanted,
        _ => true,
    }
}

/// `microsoft .net framework 3.5 and 4.6/4.6.2 on windows 10 for x64-based systems` →
/// (`windows 10 for x64-based systems`, [`3.5`, `4.6`, `4.6.2`]).
fn framework_row(key: &str) -> Option<(String, FrameworkRow)> {
    let (versions, os) = key
        .strip_prefix("microsoft .net framework ")?
        .split_once(" on ")?;
    let versions = versions
        .split(" and ")
        .flat_map(|part| part.split('/'))
        .map(programs::framework_version)
        .collect();
    Some((
        os.to_owned(),
        FrameworkRow {
            versions,
            key: key.to_owned(),
        },
    ))
}

fn component_row(key: &str) -> Option<(String, ComponentRow)> {
    const COMPONENTS: [(&str, Component); 2] = [
        ("internet explorer 11 on ", Component::InternetExplorer11),
        ("microsoft edge (edgehtml-based) on ", Component::EdgeHtml),
    ];
    COMPONENTS.iter().find_map(|(prefix, component)| {
        let os = key.strip_prefix(prefix)?;
        Some((
            os.to_owned(),
            ComponentRow {
                component: *component,
                key: key.to_owned(),
            },
        ))
    })
}

/// The words of a normalised name, without brackets and commas.
fn words(key: &str) -> impl Iterator<Item = &str> {
    key.split([' ', '(', ')', ','])
        .filter(|word| !word.is_empty())
}

fn bitness_named(key: &str) -> Option<Bitness> {
    words(key).find_map(|word| match word {
        "64-bit" => Some(Bitness::B64),
        "32-bit" => Some(Bitness::B32),
        _ => None,
    })
}

/// Office products for another platform or a server: `… for Mac`, `… RT Service Pack 1`,
/// `… for Android`, `Microsoft Office Web Apps Server 2013`, `Microsoft Office Online Server`.
fn for_other_platforms(key: &str) -> bool {
    const OTHER: [&str; 9] = [
        "mac",
        "rt",
        "android",
        "ios",
        "web",
        "online",
        "server",
        "viewer",
        "compatibility",
    ];
    words(key).any(|word| OTHER.contains(&word))
}

/// `Microsoft 365 Apps for Enterprise for 64-bit Systems`, and the older `Office 365 ProPlus
/// for 32-bit Systems`.
fn microsoft_365_row(key: &str) -> Option<OfficeRow> {
    let named = [
        "microsoft 365 apps",
        "office 365 proplus",
        "microsoft office 365",
    ]
    .iter()
    .any(|prefix| key.starts_with(prefix));
    (named && !for_other_platforms(key)).then(|| OfficeRow {
        bitness: bitness_named(key),
        click_to_run: true,
        key: key.to_owned(),
    })
}

/// `Microsoft Office 2019 for 64-bit editions`, `Microsoft Office LTSC 2021 for 32-bit
/// editions`, `Microsoft Excel 2016 (64-bit edition)`, `Microsoft Office 2010 Service Pack 2
/// (32-bit editions)`.
fn office_row(key: &str) -> Option<((OfficeApp, u16), OfficeRow)> {
    let app = OfficeApp::named(key.strip_prefix("microsoft ")?.split(' ').next()?)?;
    if for_other_platforms(key) {
        return None;
    }
    let year = programs::office_year(key)?;
    let click_to_run = key.contains("click-to-run") || words(key).any(|word| word == "c2r");
    Some((
        (app, year),
        OfficeRow {
            bitness: bitness_named(key),
            click_to_run,
            key: key.to_owned(),
        },
    ))
}

/// The database engine of one release: `Microsoft SQL Server 2019 for x64-based Systems (CU
/// 18)`, `Microsoft SQL Server 2014 Service Pack 3 for x64-based Systems (GDR)`, `Microsoft
/// SQL Server 2008 R2 for x64-based Systems Service Pack 3 (QFE)`; not the tools and packs
/// around it, which a machine with the engine need not have.
fn sql_row(key: &str) -> Option<(SqlRelease, SqlRow)> {
    const NOT_THE_ENGINE: [&str; 13] = [
        "native client",
        "management studio",
        "reporting services",
        "integration services",
        "analysis services",
        "data tools",
        "feature pack",
        "odbc",
        "ole db",
        "visual studio",
        "linux",
        "container",
        "power bi",
    ];
    let rest = key
        .strip_prefix("microsoft sql server ")
        .or_else(|| key.strip_prefix("sql server "))?;
    if NOT_THE_ENGINE.iter().any(|part| rest.contains(part)) {
        return None;
    }
    let (year, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let year: u16 = year.parse().ok().filter(|y| (2000..2100).contains(y))?;
    let r2 = words(rest).next() == Some("r2");
    let architecture = if rest.contains("x64-based") {
        Some(Architecture::X64)
    } else if rest.contains("32-bit") {
        Some(Architecture::X86)
    } else if rest.contains("itanium") {
        Some(Architecture::Itanium)
    } else {
        None
    };
    Some((
        SqlRelease { year, r2 },
        SqlRow {
            architecture,
            key: key.to_owned(),
        },
    ))
}
