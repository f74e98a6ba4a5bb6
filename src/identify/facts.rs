//! What matching needs to know about one machine: its newest OS facts, installed updates and
//! programs, as the store derives them from the scans.

use serde::Serialize;

use crate::inventory::{InstalledProgram, OsBuild};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MachineFacts {
    pub machine_id: i64,
    pub hostname: String,
    /// `Microsoft Windows 10 Pro`, `Microsoft Windows Server 2019 Datacenter` (may be localised:
    /// `Microsoft Windows 8.1 Professionnel`).
    pub os_name: Option<String>,
    /// `Professional`, `ServerDatacenter` … when the source says.
    pub os_edition: Option<String>,
    /// `22H2`, `23H2` when the source says (systeminfo does not).
    pub os_display_version: Option<String>,
    /// `10.0.19045` (systeminfo: no revision) or `10.0.19045.2486` (registry, collector).
    pub os_build: Option<OsBuild>,
    /// As the source printed it: `x64-based PC`, `X86-based PC`, `ARM64-based PC`, `AMD64`,
    /// `64-bit`, `64 ビット` …
    pub architecture: Option<String>,
    /// `Client`, `Server`, `Server Core` (normalised by the inventory parsers) or None.
    pub installation_type: Option<String>,
    /// Installed updates (`KB5022282`, upper case) from the newest scan that lists them; None
    /// when no source of this machine enumerates updates (then KBs are no evidence either way).
    pub installed_kbs: Option<Vec<String>>,
    /// Installed programs from the newest scan that lists them; None when none does.
    pub programs: Option<Vec<InstalledProgram>>,
}
