//! A record's fields as a [`MachineReport`]: the parts of systeminfo that matter for
//! patching (name, OS and build, architecture, hotfixes, last boot).

use super::labels::Field;
use super::{Problem, Record, dates, excerpt, hotfixes};
use crate::inventory::model::{MachineReport, OsBuild};

/// None (with a problem) when the Host Name line has no value: a machine needs a name.
pub(super) fn machine_report(
    record: &Record,
    problems: &mut Vec<Problem>,
) -> Option<MachineReport> {
    let value = |field: Field| {
        record
            .entry(field)
            .map(|entry| clean(&entry.value))
            .filter(|value| !value.is_empty())
    };
    let Some(hostname) = value(Field::HostName) else {
        problems.push(Problem::at(
            record.line,
            "the Host Name field is empty; record skipped",
        ));
        return None;
    };
    let os_name = value(Field::OsName);
    // Server Core prints the same OS name as a full server, so "Server" is all we can say.
    let installation_type = os_name.as_deref().map(|name| {
        if name.contains("Server") {
            "Server"
        } else {
            "Client"
        }
        .to_owned()
    });
    Some(MachineReport {
        hostname,
        domain: value(Field::Domain).filter(|domain| !is_not_available(domain)),
        os_name,
        os_build: os_build(record, problems),
        architecture: value(Field::SystemType),
        installation_type,
        updates: hotfixes::installed_updates(record, problems),
        last_boot: dates::boot_time(record, problems),
        registered_owner: value(Field::RegisteredOwner).filter(|owner| !is_not_available(owner)),
        ..MachineReport::default()
    })
}

/// A value as printed, but with plain spaces: French output puts no-break spaces in names
/// (`Microsoft Windows 7 Entreprise N`), which would defeat matching against catalog names.
fn clean(value: &str) -> String {
    value.replace(['\u{A0}', '\u{202F}'], " ").trim().to_owned()
}

/// systeminfo's "not available" in the languages we know.
fn is_not_available(value: &str) -> bool {
    const MARKERS: &[&str] = &["N/A", "N/D", "Н/Д", "N.v.t.", "Nicht zutreffend", "暂缺"];
    MARKERS
        .iter()
        .any(|marker| value.eq_ignore_ascii_case(marker))
}

/// `10.0.19045 N/A Build 19045` → 10.0.19045. systeminfo never prints the revision (UBR).
fn os_build(record: &Record, problems: &mut Vec<Problem>) -> Option<OsBuild> {
    let entry = record.entry(Field::OsVersion)?;
    match entry.value.parse::<OsBuild>() {
        Ok(build) => Some(OsBuild {
            revision: None,
            ..build
        }),
        Err(_) => {
            problems.push(Problem::at(
                entry.line,
                format!(
                    "OS Version `{}` is not a Windows version number",
                    excerpt(&entry.value)
                ),
            ));
            None
        }
    }
}
