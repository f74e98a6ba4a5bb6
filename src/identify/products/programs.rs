//! Which installed programs the catalogs name, read from the names Windows' "Apps & features"
//! shows (uninstall registry keys, as the collector, osquery and GLPI list them). Names are
//! matched in their normalised form (see [`super::normalize`]); program versions are kept
//! only for explanations, except where the version is the product (.NET).

use super::normalize;
use super::os::Architecture;
use crate::inventory::InstalledProgram;

/// Office and SQL Server come in 32- and 64-bit builds, named apart in the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Bitness {
    B32,
    B64,
}

impl Bitness {
    /// `64-bit`, `(x64)`, `x64 edition`, `(32-bit)`, `(x86)` in a normalised program name.
    fn named_in(name: &str) -> Option<Bitness> {
        let says = |markers: &[&str]| markers.iter().any(|m| name.contains(m));
        let b64 = says(&["64-bit", "(x64)", " x64"]);
        let b32 = says(&["32-bit", "(x86)", " x86"]);
        match (b64, b32) {
            (true, false) => Some(Bitness::B64),
            (false, true) => Some(Bitness::B32),
            _ => None,
        }
    }

    /// As wide as Windows: what Office and SQL Server most likely are when nothing else says.
    fn of(architecture: Architecture) -> Bitness {
        match architecture {
            Architecture::X64 | Architecture::Arm64 | Architecture::Itanium => Bitness::B64,
            Architecture::X86 | Architecture::Arm32 => Bitness::B32,
        }
    }
}

/// The Office applications the catalog names by year: the suite (`Microsoft Office 2016 (64-bit
/// edition)`) and, for the MSI-installed versions up to 2016, each application of it
/// (`Microsoft Excel 2016 (64-bit edition)`), patched with KBs of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum OfficeApp {
    Suite,
    Word,
    Excel,
    PowerPoint,
    Outlook,
    Visio,
    Project,
    Access,
    Publisher,
}

impl OfficeApp {
    /// The application named by the word after `Microsoft ` (normalised).
    pub(super) fn named(word: &str) -> Option<OfficeApp> {
        Some(match word {
            "office" => OfficeApp::Suite,
            "word" => OfficeApp::Word,
            "excel" => OfficeApp::Excel,
            "powerpoint" => OfficeApp::PowerPoint,
            "outlook" => OfficeApp::Outlook,
            "visio" => OfficeApp::Visio,
            "project" => OfficeApp::Project,
            "access" => OfficeApp::Access,
            "publisher" => OfficeApp::Publisher,
            _ => return None,
        })
    }
}

/// What every Office suite contains, whatever its edition: Word, Excel, PowerPoint, and
/// Outlook except in the Home and Student editions. Access and Publisher depend on editions
/// whose names are localised (`Famille et Petite Entreprise`): not claimed.
const SUITE: [OfficeApp; 5] = [
    OfficeApp::Suite,
    OfficeApp::Word,
    OfficeApp::Excel,
    OfficeApp::PowerPoint,
    OfficeApp::Outlook,
];
const SUITE_WITHOUT_OUTLOOK: [OfficeApp; 4] = [
    OfficeApp::Suite,
    OfficeApp::Word,
    OfficeApp::Excel,
    OfficeApp::PowerPoint,
];

/// "Home and Student" as Office edition names say it in several languages.
const STUDENT_EDITIONS: [&str; 8] = [
    "student",
    "étudiant",
    "etudiant",
    "schüler",
    "studenti",
    "estudiante",
    "スチューデント",
    "学生",
];

/// An SQL Server release: `2019`, or `2008 R2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct SqlRelease {
    pub year: u16,
    pub r2: bool,
}

/// What the catalogs call an installed program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Recognized {
    /// `Microsoft Edge` → `Microsoft Edge (Chromium-based)`.
    Edge,
    /// An Office suite or application of one year. Bitness None: unknown, both are claimed.
    Office {
        year: u16,
        apps: &'static [OfficeApp],
        /// Installed by Click-to-Run (the name ends in a language: `… 2016 - en-us`), whose
        /// updates are not the MSI ones.
        click_to_run: bool,
        bitness: Option<Bitness>,
    },
    /// Microsoft 365 Apps (formerly Office 365 ProPlus).
    Microsoft365 { bitness: Option<Bitness> },
    /// The database engine; None architecture: unknown, every one is claimed.
    SqlServer {
        release: SqlRelease,
        architecture: Option<Architecture>,
    },
    /// `4.8`, `3.5 service pack 1`: a version as .NET Framework catalog rows write it.
    DotNetFramework { version: String },
    /// Normalised catalog names: `.net 6.0`, `asp.net core 6.0`.
    DotNet { products: Vec<String> },
}

/// The programs the catalogs name, with what they are. `architecture` is the machine's, the
/// fallback for Office and SQL Server bitness.
pub(super) fn recognize(
    programs: &[InstalledProgram],
    architecture: Option<Architecture>,
) -> Vec<(&InstalledProgram, Recognized)> {
    let names: Vec<String> = programs.iter().map(|p| normalize(&p.name)).collect();
    programs
        .iter()
        .zip(&names)
        .filter_map(|(program, name)| {
            let recognized = recognize_one(name)?;
            Some((program, resolve_bitness(recognized, &names, architecture)))
        })
        .collect()
}

fn recognize_one(name: &str) -> Option<Recognized> {
    if name == "microsoft edge" {
        return Some(Recognized::Edge);
    }
    if let Some(rest) = name.strip_prefix("microsoft .net framework ") {
        return dotnet_framework(rest);
    }
    dotnet(name)
        .or_else(|| sql_server(name))
        .or_else(|| microsoft_365(name))
        .or_else(|| office(name))
}

/// Words that make a `Microsoft Office …` entry a part, a tool or an update rather than the
/// product: `Microsoft Office Proofing Tools 2016 - en-us`, `Microsoft Office 64-bit Components
/// 2016`, `Microsoft Office File Validation Add-In`, `Microsoft Visio Viewer 2016`, `Microsoft
/// Access database engine 2016 (English)`, `Microsoft Project Server 2016`.
const OFFICE_PARTS: [&str; 20] = [
    "update",
    "proof",
    "language",
    " mui",
    "interop",
    "add-in",
    "addin",
    "runtime",
    "validation",
    "component",
    "viewer",
    "compatibility",
    "shared",
    "connector",
    "tools",
    "extensibility",
    "service pack",
    "web ",
    "database engine",
    "server",
];

fn office(name: &str) -> Option<Recognized> {
    let app = OfficeApp::named(name.strip_prefix("microsoft ")?.split(' ').next()?)?;
    if OFFICE_PARTS.iter().any(|part| name.contains(part)) {
        return None;
    }
    let year = office_year(name)?;
    let apps: &'static [OfficeApp] = match app {
        OfficeApp::Suite if STUDENT_EDITIONS.iter().any(|s| name.contains(s)) => {
            &SUITE_WITHOUT_OUTLOOK
        }
        OfficeApp::Suite => &SUITE,
        OfficeApp::Word => &[OfficeApp::Word],
        OfficeApp::Excel => &[OfficeApp::Excel],
        OfficeApp::PowerPoint => &[OfficeApp::PowerPoint],
        OfficeApp::Outlook => &[OfficeApp::Outlook],
        OfficeApp::Visio => &[OfficeApp::Visio],
        OfficeApp::Project => &[OfficeApp::Project],
        OfficeApp::Access => &[OfficeApp::Access],
        OfficeApp::Publisher => &[OfficeApp::Publisher],
    };
    Some(Recognized::Office {
        year,
        apps,
        click_to_run: ends_with_language(name),
        bitness: Bitness::named_in(name),
    })
}

/// The release year in an Office name: `2016` in `microsoft office professional plus 2016`.
pub(super) fn office_year(name: &str) -> Option<u16> {
    name.split(|c: char| !c.is_ascii_digit())
        .filter(|digits| digits.len() == 4)
        .filter_map(|digits| digits.parse::<u16>().ok())
        .find(|year| (2000..2100).contains(year))
}

/// Click-to-Run installs name their language last: `Microsoft Office Professional Plus 2016 -
/// en-us`, `Microsoft 365 Apps for enterprise - ja-jp`.
fn ends_with_language(name: &str) -> bool {
    name.rsplit_once(" - ").is_some_and(|(_, language)| {
        (5..=10).contains(&language.len())
            && language.contains('-')
            && language.chars().all(|c| c.is_ascii_lowercase() || c == '-')
    })
}

fn microsoft_365(name: &str) -> Option<Recognized> {
    let is_365 = name.starts_with("microsoft 365") || name.starts_with("microsoft office 365");
    if !is_365 || OFFICE_PARTS.iter().any(|part| name.contains(part)) {
        return None;
    }
    Some(Recognized::Microsoft365 {
        bitness: Bitness::named_in(name),
    })
}

/// The database engine as its setup lists it: `Microsoft SQL Server 2019 (64-bit)`, `Microsoft
/// SQL Server 2008 R2 (64-bit)`. The tools beside it (`… 2019 Setup (English)`, `… 2012 Native
/// Client`, `… Management Studio`, `… 2019 LocalDB`) are other products, or none in the
/// catalog.
fn sql_server(name: &str) -> Option<Recognized> {
    let rest = name.strip_prefix("microsoft sql server ")?;
    let (year, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let year: u16 = year.parse().ok().filter(|y| (2000..2100).contains(y))?;
    let (r2, rest) = match rest.strip_prefix("r2") {
        Some(after) if after.is_empty() || after.starts_with(' ') => (true, after.trim_start()),
        _ => (false, rest),
    };
    let architecture = match rest {
        "" => None,
        "(64-bit)" | "(x64)" => Some(Architecture::X64),
        "(32-bit)" | "(x86)" => Some(Architecture::X86),
        _ => return None,
    };
    Some(Recognized::SqlServer {
        release: SqlRelease { year, r2 },
        architecture,
    })
}

/// What a `Microsoft .NET Framework …` program says after the prefix: `4.8`, `4.7.2`,
/// `3.5 SP1`, `4.8 Language Pack`; not the developer packs (`4.7.2 Targeting Pack`,
/// `4.8 SDK`), which are no runtime.
fn dotnet_framework(rest: &str) -> Option<Recognized> {
    const DEVELOPER: [&str; 4] = ["targeting", "sdk", "developer", "tools"];
    if DEVELOPER.iter().any(|word| rest.contains(word)) {
        return None;
    }
    let mut words = rest.split(' ');
    let number = words.next()?;
    if !number.starts_with(|c: char| c.is_ascii_digit())
        || !number.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        return None;
    }
    let service_pack = match (words.next(), words.next(), words.next()) {
        (Some("service"), Some("pack"), Some(n)) => Some(n.to_owned()),
        (Some(sp), _, _) => sp.strip_prefix("sp").map(str::to_owned),
        _ => None,
    }
    .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let version = match service_pack {
        Some(n) => format!("{number} service pack {n}"),
        None => number.to_owned(),
    };
    Some(Recognized::DotNetFramework { version })
}

/// A .NET Framework version token in the catalog's form: lower case, `SP1` spelled out.
pub(super) fn framework_version(token: &str) -> String {
    let token = normalize(token);
    match token.split_once(" sp") {
        Some((number, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
            format!("{number} service pack {n}")
        }
        _ => token,
    }
}

/// The version if it is a 4.x one (`4.8.1` → [4, 8, 1]), for telling the newest.
pub(super) fn framework_4x(version: &str) -> Option<Vec<u32>> {
    let numbers: Vec<u32> = version
        .split('.')
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    (numbers.first() == Some(&4)).then_some(numbers)
}

/// .NET (Core) installs: the runtimes, the SDK (which carries a runtime) and the hosting
/// bundle, each named with its version: `Microsoft .NET Runtime - 6.0.12 (x64)`, `Microsoft
/// Windows Desktop Runtime - 6.0.12 (x64)`, `Microsoft .NET SDK 7.0.101 (x64)`, `Microsoft
/// ASP.NET Core 6.0.12 - Shared Framework (x64)`, `Microsoft .NET 6.0.12 - Windows Server
/// Hosting`. The catalog names the major.minor: `.NET 6.0`, `.NET Core 3.1`, `ASP.NET Core
/// 6.0`.
fn dotnet(name: &str) -> Option<Recognized> {
    const RUNTIMES: [&str; 3] = [
        "microsoft .net ",
        "microsoft windows desktop runtime",
        "microsoft asp.net core ",
    ];
    // Developer parts without a runtime of their own, and the IIS module (another product).
    const NOT_A_RUNTIME: [&str; 8] = [
        "targeting",
        "apphost",
        "templates",
        "toolset",
        "manifest",
        "workload",
        "module",
        "documentation",
    ];
    if !RUNTIMES.iter().any(|prefix| name.starts_with(prefix))
        || NOT_A_RUNTIME.iter().any(|word| name.contains(word))
    {
        return None;
    }
    let version = name
        .split([' ', '(', ')'])
        .find(|word| word.starts_with(|c: char| c.is_ascii_digit()) && word.contains('.'))?;
    let mut numbers = version.split('.');
    let major: u32 = numbers.next()?.parse().ok()?;
    let minor: u32 = numbers.next()?.parse().ok()?;
    let hosting = name.contains("hosting");
    let asp_net = name.starts_with("microsoft asp.net core ");
    let mut products = Vec::new();
    if !asp_net || hosting {
        // .NET 5 dropped "Core" from the name.
        let family = if major >= 5 { ".net" } else { ".net core" };
        products.push(format!("{family} {major}.{minor}"));
    }
    if asp_net || hosting {
        products.push(format!("asp.net core {major}.{minor}"));
    }
    Some(Recognized::DotNet { products })
}

/// Settles Office, Microsoft 365 and SQL Server bitness: the program's own name, then the
/// Office parts installed beside it (`Microsoft Office 64-bit Components 2016`), then the
/// machine's architecture; None when nothing tells. Office was 32-bit by default up to 2016
/// even on 64-bit Windows, but the catalog gives both editions of one Office release the same
/// KB, so taking Windows' width names the right update either way.
fn resolve_bitness(
    recognized: Recognized,
    names: &[String],
    architecture: Option<Architecture>,
) -> Recognized {
    let from_windows = architecture.map(Bitness::of);
    match recognized {
        Recognized::Office {
            year,
            apps,
            click_to_run,
            bitness,
        } => Recognized::Office {
            year,
            apps,
            click_to_run,
            bitness: bitness
                .or_else(|| office_parts_bitness(names, year))
                .or(from_windows),
        },
        Recognized::Microsoft365 { bitness } => Recognized::Microsoft365 {
            bitness: bitness.or(from_windows),
        },
        Recognized::SqlServer {
            release,
            architecture: sql_architecture,
        } => Recognized::SqlServer {
            release,
            // SQL Server has no ARM build; on ARM64 Windows it runs as x64.
            architecture: sql_architecture.or(match architecture {
                Some(Architecture::Arm64) => Some(Architecture::X64),
                other => other,
            }),
        },
        other => other,
    }
}

/// The bitness the Office entries of `year` beside the product agree on.
fn office_parts_bitness(names: &[String], year: u16) -> Option<Bitness> {
    let mut found = None;
    for name in names {
        let office_part = name.starts_with("microsoft office ")
            || name.starts_with("update for microsoft office ")
            || name.starts_with("security update for microsoft office ");
        if !office_part || office_year(name) != Some(year) {
            continue;
        }
        match (found, Bitness::named_in(name)) {
            (_, None) => {}
            (None, bitness) => found = bitness,
            (Some(seen), Some(bitness)) if seen != bitness => return None,
            _ => {}
        }
    }
    found
}
