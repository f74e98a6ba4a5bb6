//! What an inventory file says about a machine, whatever format it came in. Parsers produce
//! these values and never touch the database; the store keeps them as scans.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A Windows version as `major.minor.build`, with the update revision (UBR) when the source
/// knows it. `systeminfo` never does; the registry (our collector) does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OsBuild {
    pub major: u32,
    pub minor: u32,
    pub build: u32,
    pub revision: Option<u32>,
}

impl OsBuild {
    pub fn new(major: u32, minor: u32, build: u32, revision: Option<u32>) -> OsBuild {
        OsBuild {
            major,
            minor,
            build,
            revision,
        }
    }
}

impl fmt::Display for OsBuild {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.build)?;
        if let Some(revision) = self.revision {
            write!(f, ".{revision}")?;
        }
        Ok(())
    }
}

impl FromStr for OsBuild {
    type Err = String;

    /// `10.0.19045`, `10.0.19045.2486`, and the leading version of `6.1.7601 Service Pack 1`.
    fn from_str(text: &str) -> Result<OsBuild, String> {
        let token = text.split_whitespace().next().unwrap_or_default();
        let parts: Vec<&str> = token.split('.').collect();
        let number = |i: usize| -> Result<u32, String> {
            parts[i]
                .parse()
                .map_err(|_| format!("not a Windows build number: {text:?}"))
        };
        match parts.len() {
            3 => Ok(OsBuild::new(number(0)?, number(1)?, number(2)?, None)),
            4 => Ok(OsBuild::new(
                number(0)?,
                number(1)?,
                number(2)?,
                Some(number(3)?),
            )),
            _ => Err(format!("not a Windows build number: {text:?}")),
        }
    }
}

impl Serialize for OsBuild {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An installed update (hotfix), as `KB` + digits in upper case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstalledUpdate {
    pub kb: String,
    pub installed_on: Option<NaiveDate>,
    /// "Security Update", "Update", "Hotfix" … when the source says.
    pub description: Option<String>,
}

/// An installed program (uninstall registry key, GLPI SOFTWARES, osquery `programs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstalledProgram {
    pub name: String,
    pub version: Option<String>,
    pub publisher: Option<String>,
}

/// One machine as one file describes it. Every field but the hostname is optional: each
/// format knows a different part, and unknown must stay unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MachineReport {
    pub hostname: String,
    pub domain: Option<String>,
    pub serial_number: Option<String>,
    pub smbios_uuid: Option<String>,
    /// The OS name as the source printed it ("Microsoft Windows 10 Pro", "Microsoft Windows 7 Entreprise N").
    pub os_name: Option<String>,
    pub os_edition: Option<String>,
    /// "22H2", "21H2" … (registry `DisplayVersion`).
    pub os_display_version: Option<String>,
    pub os_build: Option<OsBuild>,
    /// As printed: "x64-based PC", "X86-based PC", "64-bit", "AMD64".
    pub architecture: Option<String>,
    /// "Client", "Server", "Server Core".
    pub installation_type: Option<String>,
    pub updates: Vec<InstalledUpdate>,
    pub programs: Vec<InstalledProgram>,
    pub system_drive_free_bytes: Option<u64>,
    pub last_boot: Option<DateTime<Utc>>,
    pub pending_reboot: Option<bool>,
    /// State of the Windows Update service ("Running", "Stopped", "Disabled").
    pub update_service_state: Option<String>,
    pub registered_owner: Option<String>,
    /// When the source was written, if it says.
    pub collected_at: Option<DateTime<Utc>>,
}

/// The key a machine is matched by when it reports no hardware id: the NetBIOS name in upper
/// case, so `pc01.sakura.local`, `PC01` and `pc01` are one machine.
pub fn host_key(hostname: &str) -> String {
    let trimmed = hostname.trim();
    let netbios = trimmed.split('.').next().unwrap_or_default();
    // A name that is all dots (redacted outputs print `...`) has no NetBIOS part: keep it whole.
    let key = if netbios.is_empty() { trimmed } else { netbios };
    key.to_uppercase()
}

/// Normalises a hotfix id to `KB1234567`: accepts `KB1234567`, `kb1234567`, `1234567`
/// (old wmic rows) and `KB1234567-v2`-style suffixes are cut. None when there is no number.
pub fn normalize_kb(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let digits_start = trimmed
        .strip_prefix("KB")
        .or_else(|| trimmed.strip_prefix("kb"))
        .or_else(|| trimmed.strip_prefix("Kb"))
        .unwrap_or(trimmed);
    let digits: String = digits_start
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    (digits.len() >= 5 && digits.len() <= 8).then(|| format!("KB{digits}"))
}

/// What a parser read from one file: the machines, and what it had to skip (problems that
/// did not stop it). A file it cannot read at all is an `Err(Problem)` instead.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub machines: Vec<MachineReport>,
    pub problems: Vec<Problem>,
}

/// A problem found while reading a file, for the preview: the line (1-based) when known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn at(line: usize, message: impl Into<String>) -> Problem {
        Problem {
            line: Some(line),
            message: message.into(),
        }
    }

    pub fn general(message: impl Into<String>) -> Problem {
        Problem {
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_parse_with_and_without_revision() {
        let build: OsBuild = "10.0.19045.2486".parse().unwrap();
        assert_eq!(build, OsBuild::new(10, 0, 19045, Some(2486)));
        assert_eq!(build.to_string(), "10.0.19045.2486");
        let sp1: OsBuild = "6.1.7601 Service Pack 1 Build 7601".parse().unwrap();
        assert_eq!(sp1.to_string(), "6.1.7601");
        assert!("N/A".parse::<OsBuild>().is_err());
        assert!(OsBuild::new(10, 0, 19045, Some(2364)) < OsBuild::new(10, 0, 19045, Some(2486)));
    }

    #[test]
    fn kb_ids_are_normalised() {
        assert_eq!(normalize_kb("kb5017264").as_deref(), Some("KB5017264"));
        assert_eq!(normalize_kb(" 943729 ").as_deref(), Some("KB943729"));
        assert_eq!(normalize_kb("KB2533552-v2").as_deref(), Some("KB2533552"));
        assert_eq!(normalize_kb("File 1"), None);
        assert_eq!(normalize_kb("{7A068575-C5DB-43D9-BE20-3895D0C69B17}"), None);
    }
}
