//! Which Windows a machine runs, in the catalogs' words.
//!
//! The build number decides the family and version (a Windows 11 machine's ProductName can
//! say "Windows 10"); "Server" in the OS name, the installation type or the edition decides
//! client or server. Windows 10 builds 14393 and 17763 are also Server 2016 and 2019, and
//! 26100 is both Windows 11 24H2 and Server 2025.

use super::{MappingReason, normalize};
use crate::identify::MachineFacts;
use crate::inventory::OsBuild;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Architecture {
    X64,
    X86,
    Arm64,
    /// 32-bit ARM: Windows RT.
    Arm32,
    Itanium,
}

impl Architecture {
    /// Reads the architecture text as sources print it: `x64-based PC`, `X86-based PC`,
    /// `ARM64-based PC`, `AMD64`, `x86`, `64-bit`, `32-bit`, `64 ビット`, `64 bits`,
    /// `ARM 64-bit Processor` … None when it says none of these.
    pub(super) fn parse(raw: &str) -> Option<Architecture> {
        // Letters and digits only: `x86_64`, `x86-64` and `x86 64` read alike.
        let text: String = raw
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if text.contains("itanium") || text.contains("ia64") {
            Some(Architecture::Itanium)
        } else if text.contains("arm") || text.contains("aarch64") {
            Some(if text.contains("64") {
                Architecture::Arm64
            } else {
                Architecture::Arm32
            })
        } else if text.contains("64") {
            // x64, AMD64, x86_64, EM64T and "64-bit" in any language.
            Some(Architecture::X64)
        } else if ["x86", "32", "i386", "i686"]
            .iter()
            .any(|marker| text.contains(marker))
        {
            Some(Architecture::X86)
        } else {
            None
        }
    }

    /// As explanations show it.
    pub(super) fn label(self) -> &'static str {
        match self {
            Architecture::X64 => "x64",
            Architecture::X86 => "32-bit",
            Architecture::Arm64 => "ARM64",
            Architecture::Arm32 => "ARM",
            Architecture::Itanium => "Itanium",
        }
    }

    /// The `for … Systems` of Windows 7 and later names. Windows RT has names of its own.
    fn systems(self) -> Option<&'static str> {
        match self {
            Architecture::X64 => Some("x64-based Systems"),
            Architecture::X86 => Some("32-bit Systems"),
            Architecture::Arm64 => Some("ARM64-based Systems"),
            Architecture::Itanium => Some("Itanium-based Systems"),
            Architecture::Arm32 => None,
        }
    }
}

/// Something the catalog names per OS (`Internet Explorer 11 on Windows 10 Version 1809 for
/// x64-based Systems`) that comes with Windows rather than as a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Component {
    InternetExplorer11,
    /// The first Edge, built into Windows 10 until the Chromium-based one replaced it.
    EdgeHtml,
}

/// The Windows a machine runs.
pub(super) struct OsIdentity {
    pub family: String,
    pub version: Option<String>,
    pub architecture: Option<Architecture>,
    pub server_core: bool,
    pub build: OsBuild,
    /// What the UI shows: the catalog's usual spelling, or the name without a service pack
    /// when the build cannot tell it.
    pub display_name: String,
    /// Every catalog name this Windows goes by, normalised: the usual spelling, each service
    /// pack the build cannot tell apart, and the same with the `Microsoft ` prefix of the
    /// 2001–2008 Bulletin Search spreadsheet (`Microsoft Windows XP Service Pack 3`).
    pub keys: Vec<String>,
    /// The .NET Framework versions this Windows ships with, as catalog rows write them.
    pub builtin_dotnet: &'static [&'static str],
}

impl OsIdentity {
    pub(super) fn reason(&self) -> MappingReason {
        MappingReason::Os {
            family: self.family.clone(),
            version: self.version.clone(),
            architecture: self.architecture.map(|a| a.label().to_owned()),
            server_core: self.server_core,
            build: self.build.to_string(),
        }
    }

    /// Whether this Windows comes with `component`. The catalog lists a component only on
    /// the OS products that have it, so the only doubt is Internet Explorer 11: before
    /// Windows 8.1 it was an optional upgrade over IE 8, 9 or 10.
    pub(super) fn ships(&self, component: Component) -> bool {
        match component {
            Component::InternetExplorer11 => self.build.build >= 9600,
            Component::EdgeHtml => true,
        }
    }
}

/// The Windows `machine` runs, or None when its facts cannot name it (see
/// [`super::expected_os_product`]).
pub(super) fn identify(machine: &MachineFacts) -> Option<OsIdentity> {
    let build = machine.os_build?;
    let architecture = machine
        .architecture
        .as_deref()
        .and_then(Architecture::parse);
    let server = is_server(machine);
    let release = if server {
        server_release(build.build, architecture, is_server_core(machine))?
    } else {
        client_release(
            build.build,
            architecture,
            machine.os_display_version.as_deref(),
        )?
    };
    let keys = release
        .names
        .iter()
        .flat_map(|name| [normalize(name), normalize(&format!("Microsoft {name}"))])
        .collect();
    Some(OsIdentity {
        family: release.family,
        version: release.version,
        architecture,
        server_core: release.server_core,
        build,
        display_name: release.display_name,
        keys,
        builtin_dotnet: builtin_dotnet(build.build, server),
    })
}

fn is_server(machine: &MachineFacts) -> bool {
    let says_server = |text: &Option<String>| {
        text.as_deref()
            .is_some_and(|t| t.to_lowercase().contains("server"))
    };
    says_server(&machine.os_name)
        || says_server(&machine.installation_type)
        || says_server(&machine.os_edition)
}

/// Server Core, from the installation type (registry `InstallationType`), or from the
/// edition on Server 2008 and 2008 R2, whose Core editions are `ServerStandardCore` and the
/// like. A server whose source cannot tell (systeminfo) counts as a full installation: the
/// catalog lists the Core variant beside the full one, with the same updates.
fn is_server_core(machine: &MachineFacts) -> bool {
    let installation_core = machine
        .installation_type
        .as_deref()
        .is_some_and(|t| normalize(t) == "server core");
    let edition_core = machine
        .os_edition
        .as_deref()
        .is_some_and(|e| e.to_lowercase().ends_with("core"));
    installation_core || edition_core
}

/// A Windows release as the catalogs name it.
struct Release {
    family: String,
    version: Option<String>,
    server_core: bool,
    display_name: String,
    /// Usual spelling first.
    names: Vec<String>,
}

impl Release {
    /// A release with one catalog name, shown as is.
    fn named(family: &str, version: Option<&str>, server_core: bool, name: String) -> Release {
        Release {
            family: family.to_owned(),
            version: version.map(str::to_owned),
            server_core,
            display_name: name.clone(),
            names: vec![name],
        }
    }
}

const WINDOWS_10: [(u32, &str); 14] = [
    (10240, "1507"),
    (10586, "1511"),
    (14393, "1607"),
    (15063, "1703"),
    (16299, "1709"),
    (17134, "1803"),
    (17763, "1809"),
    (18362, "1903"),
    (18363, "1909"),
    (19041, "2004"),
    (19042, "20H2"),
    (19043, "21H1"),
    (19044, "21H2"),
    (19045, "22H2"),
];

const WINDOWS_11: [(u32, &str); 5] = [
    (22000, "21H2"),
    (22621, "22H2"),
    (22631, "23H2"),
    (26100, "24H2"),
    (26200, "25H2"),
];

/// Semi-annual channel servers (Server Core only): `Windows Server, version 1903 (Server Core
/// installation)`.
const SERVER_SEMI_ANNUAL: [(u32, &str); 6] = [
    (16299, "1709"),
    (17134, "1803"),
    (18362, "1903"),
    (18363, "1909"),
    (19041, "2004"),
    (19042, "20H2"),
];

const SERVER_LONG_TERM: [(u32, &str); 6] = [
    (9200, "Windows Server 2012"),
    (9600, "Windows Server 2012 R2"),
    (14393, "Windows Server 2016"),
    (17763, "Windows Server 2019"),
    (20348, "Windows Server 2022"),
    (26100, "Windows Server 2025"),
];

fn looked_up(table: &[(u32, &'static str)], build: u32) -> Option<&'static str> {
    table
        .iter()
        .find(|(known, _)| *known == build)
        .map(|(_, value)| *value)
}

fn client_release(
    build: u32,
    architecture: Option<Architecture>,
    display_version: Option<&str>,
) -> Option<Release> {
    use Architecture::*;
    let release = match (build, architecture) {
        (2195, _) => windows_2000(),
        // Windows XP (32-bit) and XP Professional x64 Edition (build 3790, like Server 2003)
        // keep their build across service packs; only the newest two still got fixes when
        // the catalogs name them, and the same KB serves both.
        (2600, None | Some(X86)) => Release {
            family: "Windows XP".to_owned(),
            version: None,
            server_core: false,
            display_name: "Windows XP".to_owned(),
            names: vec![
                "Windows XP Service Pack 3".to_owned(),
                "Windows XP Service Pack 2".to_owned(),
            ],
        },
        (3790, Some(X64)) => Release {
            family: "Windows XP Professional x64 Edition".to_owned(),
            version: None,
            server_core: false,
            display_name: "Windows XP Professional x64 Edition".to_owned(),
            names: vec!["Windows XP Professional x64 Edition Service Pack 2".to_owned()],
        },
        (6000..=6003, Some(arch @ (X86 | X64))) => {
            let edition = if arch == X64 { " x64 Edition" } else { "" };
            let service_pack = vista_service_pack(build);
            let name = format!("Windows Vista{edition}{}", suffix(service_pack));
            Release::named("Windows Vista", service_pack, false, name)
        }
        (7600 | 7601, Some(arch @ (X86 | X64))) => {
            let service_pack = (build == 7601).then_some("Service Pack 1");
            let name = format!("Windows 7 for {}{}", arch.systems()?, suffix(service_pack));
            Release::named("Windows 7", service_pack, false, name)
        }
        (9200, Some(Arm32)) => Release::named("Windows RT", None, false, "Windows RT".into()),
        (9200, Some(arch @ (X86 | X64))) => {
            let name = format!("Windows 8 for {}", arch.systems()?);
            Release::named("Windows 8", None, false, name)
        }
        (9600, Some(Arm32)) => {
            Release::named("Windows RT 8.1", None, false, "Windows RT 8.1".into())
        }
        // MSRC writes `systems` in lower case for Windows 8.1 only; the UI shows its spelling.
        (9600, Some(arch @ (X86 | X64))) => {
            let name = format!("Windows 8.1 for {}", arch.systems()?.to_lowercase());
            Release::named("Windows 8.1", None, false, name)
        }
        (10240.., _) => windows_10_or_11(build, architecture?, display_version)?,
        _ => return None,
    };
    Some(release)
}

/// Windows 10 and 11 come for several architectures and the name says which: without the
/// architecture there is no name, rather than a guess (Windows 11 runs on ARM64 too).
fn windows_10_or_11(
    build: u32,
    architecture: Architecture,
    display_version: Option<&str>,
) -> Option<Release> {
    let newest_windows_11 = WINDOWS_11[WINDOWS_11.len() - 1].0;
    let (family, version) = if let Some(version) = looked_up(&WINDOWS_10, build) {
        ("Windows 10", version)
    } else if let Some(version) = looked_up(&WINDOWS_11, build) {
        ("Windows 11", version)
    } else if build > newest_windows_11 {
        // A feature update newer than this table: its DisplayVersion names it.
        (
            "Windows 11",
            display_version.filter(|v| is_feature_version(v))?,
        )
    } else {
        return None;
    };
    let supported = match family {
        "Windows 11" => [Architecture::X64, Architecture::Arm64].as_slice(),
        _ => &[Architecture::X64, Architecture::X86, Architecture::Arm64],
    };
    if !supported.contains(&architecture) {
        return None;
    }
    let systems = architecture.systems()?;
    // The first Windows 10 (1507) has no version in its name.
    let name = if version == "1507" {
        format!("Windows 10 for {systems}")
    } else {
        format!("{family} Version {version} for {systems}")
    };
    Some(Release::named(family, Some(version), false, name))
}

/// `22H2`, `24H2`, `1809`.
fn is_feature_version(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 4
        && bytes[0].is_ascii_digit()
        && bytes[1].is_ascii_digit()
        && (bytes[2] == b'H' || bytes[2].is_ascii_digit())
        && bytes[3].is_ascii_digit()
}

fn server_release(
    build: u32,
    architecture: Option<Architecture>,
    server_core: bool,
) -> Option<Release> {
    use Architecture::*;
    let core = |name: String| {
        if server_core {
            format!("{name} (Server Core installation)")
        } else {
            name
        }
    };
    let release = match (build, architecture) {
        (2195, _) => windows_2000(),
        // Like Windows XP, the build does not tell the service pack.
        (3790, Some(arch @ (X86 | X64))) => {
            let base = if arch == X64 {
                "Windows Server 2003 x64 Edition"
            } else {
                "Windows Server 2003"
            };
            Release {
                family: "Windows Server 2003".to_owned(),
                version: None,
                server_core: false,
                display_name: base.to_owned(),
                names: vec![
                    format!("{base} Service Pack 2"),
                    format!("{base} Service Pack 1"),
                ],
            }
        }
        // Server 2008 shipped at the Service Pack 1 level (6001) without saying so in its name.
        (6001..=6003, Some(arch @ (X86 | X64 | Itanium))) => {
            let service_pack = (build >= 6002).then_some("Service Pack 2");
            let name = format!(
                "Windows Server 2008 for {}{}",
                arch.systems()?,
                suffix(service_pack)
            );
            Release::named("Windows Server 2008", service_pack, server_core, core(name))
        }
        (7600 | 7601, Some(arch @ (X64 | Itanium))) => {
            let service_pack = (build == 7601).then_some("Service Pack 1");
            let name = format!(
                "Windows Server 2008 R2 for {}{}",
                arch.systems()?,
                suffix(service_pack)
            );
            Release::named(
                "Windows Server 2008 R2",
                service_pack,
                server_core,
                core(name),
            )
        }
        // 25398 came only as Server Core.
        (25398, _) => Release::named(
            "Windows Server",
            Some("23H2"),
            true,
            "Windows Server 2022, 23H2 Edition (Server Core installation)".to_owned(),
        ),
        // Server 2012 and later are x64 only, and their names carry no architecture: even
        // unknown, the architecture cannot change the name.
        _ => {
            if let Some(family) = looked_up(&SERVER_LONG_TERM, build) {
                Release::named(family, None, server_core, core(family.to_owned()))
            } else if let Some(version) = looked_up(&SERVER_SEMI_ANNUAL, build) {
                Release::named(
                    "Windows Server",
                    Some(version),
                    true,
                    format!("Windows Server, version {version} (Server Core installation)"),
                )
            } else {
                return None;
            }
        }
    };
    Some(release)
}

/// Windows 2000 (Professional and Server alike): only Service Pack 4 was still serviced when
/// the catalogs name it.
fn windows_2000() -> Release {
    Release {
        family: "Windows 2000".to_owned(),
        version: None,
        server_core: false,
        display_name: "Windows 2000".to_owned(),
        names: vec!["Windows 2000 Service Pack 4".to_owned()],
    }
}

fn vista_service_pack(build: u32) -> Option<&'static str> {
    match build {
        6001 => Some("Service Pack 1"),
        6002 | 6003 => Some("Service Pack 2"),
        _ => None,
    }
}

fn suffix(service_pack: Option<&str>) -> String {
    service_pack.map_or_else(String::new, |sp| format!(" {sp}"))
}

/// The .NET Framework a Windows release ships with (Microsoft's ".NET Framework versions and
/// dependencies"), which Windows 8 and later never list as a program. A newer 4.x installed
/// over it shows only when the inventory lists it; 3.5 on Windows 8 and later is an optional
/// feature and is not claimed. Server 2008 and 2008 R2 ship their frameworks as features.
/// Builds missing here (25398, Insider builds) claim nothing.
fn builtin_dotnet(build: u32, server: bool) -> &'static [&'static str] {
    match (build, server) {
        (6000, false) => &["2.0", "3.0"],
        (6001, false) => &["2.0 service pack 1", "3.0 service pack 1"],
        (6002 | 6003, false) => &["2.0 service pack 2", "3.0 service pack 2"],
        (7600 | 7601, false) => &["3.5.1"],
        (9200, _) => &["4.5"],
        (9600, _) => &["4.5.1"],
        (10240, _) => &["4.6"],
        (10586, _) => &["4.6.1"],
        (14393, _) => &["4.6.2"],
        (15063, _) => &["4.7"],
        (16299, _) => &["4.7.1"],
        (17134 | 17763, _) => &["4.7.2"],
        (18362 | 18363 | 19041..=19045 | 20348 | 22000, _) => &["4.8"],
        (22621 | 22631 | 26100 | 26200, _) => &["4.8.1"],
        _ => &[],
    }
}
