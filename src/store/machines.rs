//! Machines and their scans: storing what an inventory file said, and reading the current
//! state back. Identity: SMBIOS UUID, then serial number, then NetBIOS name.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::batch::{BatchFile, BatchStored};
use super::groups::apply_hostname_rules;
use super::{Store, StoreResult};
use crate::inventory::{MachineReport, host_key};

/// Where a batch of reports came from.
#[derive(Clone, Debug)]
pub struct ScanSource<'a> {
    /// The file as the admin named it (shown in the scan history).
    pub file: &'a str,
    /// The detected format id, e.g. `systeminfo-list`.
    pub format: &'a str,
    /// When the source was written, for reports that do not say (the file's modification time).
    pub written_at: DateTime<Utc>,
    /// Whether the format enumerates installed updates: then an empty list means "none", and
    /// this scan becomes the machine's update list. A format without the list leaves it alone.
    pub lists_updates: bool,
    /// The same for installed programs.
    pub lists_programs: bool,
}

/// What storing one file's reports did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StoredScans {
    pub machines_added: usize,
    pub machines_updated: usize,
    pub scans: usize,
    pub hostnames: Vec<String>,
    /// The machines written, for rematching them.
    #[serde(skip)]
    pub machine_ids: Vec<i64>,
}

/// One machine as the machines table and `patchdesk machines list --json` show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MachineSummary {
    pub id: i64,
    pub hostname: String,
    pub domain: Option<String>,
    pub os_name: Option<String>,
    pub os_display_version: Option<String>,
    pub os_build: Option<String>,
    pub architecture: Option<String>,
    pub installation_type: Option<String>,
    pub installed_kbs: Vec<String>,
    pub last_scan: Option<String>,
    pub groups: Vec<String>,
}

fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Serial numbers that firmware vendors leave in place of a real one: never an identity.
fn meaningful_serial(serial: &str) -> Option<String> {
    const PLACEHOLDERS: &[&str] = &[
        "to be filled by o.e.m.",
        "system serial number",
        "default string",
        "not specified",
        "not applicable",
        "chassis serial number",
        "none",
        "invalid",
        "0123456789",
        "n/a",
    ];
    let trimmed = serial.trim();
    let lower = trimmed.to_lowercase();
    let one_repeated_char = trimmed.chars().all(|c| trimmed.starts_with(c));
    (trimmed.len() >= 3 && !PLACEHOLDERS.contains(&lower.as_str()) && !one_repeated_char)
        .then(|| trimmed.to_owned())
}

/// SMBIOS UUIDs that are all zeros, all F's or the well-known OEM placeholder.
fn meaningful_uuid(uuid: &str) -> Option<String> {
    let upper = uuid.trim().to_uppercase();
    let hex: String = upper.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    let placeholder = hex.len() != 32
        || hex.chars().all(|c| c == '0')
        || hex.chars().all(|c| c == 'F')
        || hex == "03000200040005000006000700080009";
    (!placeholder).then_some(upper)
}

impl Store {
    /// Stores one file's reports in one transaction: all of them or, on any error, none.
    pub fn store_scans(
        &mut self,
        source: &ScanSource<'_>,
        reports: &[MachineReport],
    ) -> StoreResult<StoredScans> {
        self.transaction(|tx| {
            let stored = store_scans_of_file(tx, source, reports)?;
            super::matching::rematch(
                tx,
                &super::matching::RematchScope::Machines(stored.machine_ids.clone()),
            )?;
            Ok(stored)
        })
    }

    /// Stores many files in one transaction, each under its own savepoint: a file that fails
    /// leaves nothing behind and the others still go in (one commit instead of one per file
    /// makes large imports several times faster). The outer error is for the batch itself.
    pub fn store_scans_batch(
        &mut self,
        files: &[(ScanSource<'_>, &[MachineReport])],
    ) -> StoreResult<Vec<StoreResult<StoredScans>>> {
        let batch: Vec<BatchFile<'_>> = files
            .iter()
            .map(|(source, reports)| BatchFile::Scans {
                source: source.clone(),
                reports,
            })
            .collect();
        let (results, _) = self.store_batch(&batch)?;
        Ok(results
            .into_iter()
            .map(|result| {
                result.map(|stored| match stored {
                    BatchStored::Scans(scans) => scans,
                    BatchStored::Catalog(_) => StoredScans::default(),
                })
            })
            .collect())
    }

    /// How many machines there are, and how many of them were last scanned before `stale_before`
    /// (or never).
    pub fn machine_counts(&self, stale_before: DateTime<Utc>) -> StoreResult<(usize, usize)> {
        let (total, stale): (i64, i64) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(last_scan IS NULL OR last_scan < ?1), 0) FROM machines",
            [rfc3339(stale_before)],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        Ok((
            usize::try_from(total).unwrap_or(0),
            usize::try_from(stale).unwrap_or(0),
        ))
    }

    /// Every machine with its current state, ordered by name.
    pub fn machines(&self) -> StoreResult<Vec<MachineSummary>> {
        let mut kbs_by_scan: HashMap<i64, Vec<String>> = HashMap::new();
        let mut statement = self.conn.prepare(
            "SELECT su.scan_id, su.kb FROM scan_updates su
             JOIN machines m ON m.updates_scan_id = su.scan_id ORDER BY su.scan_id, su.kb",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            kbs_by_scan
                .entry(row.get(0)?)
                .or_default()
                .push(row.get(1)?);
        }
        let mut groups_by_machine: HashMap<i64, Vec<String>> = HashMap::new();
        let mut statement = self.conn.prepare(
            "SELECT gm.machine_id, g.name FROM group_members gm JOIN groups g ON g.id = gm.group_id
             ORDER BY g.is_ring DESC, g.ring_order, g.name",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            groups_by_machine
                .entry(row.get(0)?)
                .or_default()
                .push(row.get(1)?);
        }
        let mut statement = self.conn.prepare(
            "SELECT id, hostname, domain, os_name, os_display_version, os_build, architecture,
                    installation_type, last_scan, updates_scan_id
             FROM machines ORDER BY host_key, id",
        )?;
        let machines = statement
            .query_map([], |row| {
                let id: i64 = row.get(0)?;
                let updates_scan: Option<i64> = row.get(9)?;
                Ok(MachineSummary {
                    id,
                    hostname: row.get(1)?,
                    domain: row.get(2)?,
                    os_name: row.get(3)?,
                    os_display_version: row.get(4)?,
                    os_build: row.get(5)?,
                    architecture: row.get(6)?,
                    installation_type: row.get(7)?,
                    last_scan: row.get(8)?,
                    installed_kbs: updates_scan
                        .and_then(|scan| kbs_by_scan.remove(&scan))
                        .unwrap_or_default(),
                    groups: groups_by_machine.remove(&id).unwrap_or_default(),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(machines)
    }
}

pub(crate) fn store_scans_of_file(
    tx: &Connection,
    source: &ScanSource<'_>,
    reports: &[MachineReport],
) -> StoreResult<StoredScans> {
    let imported_at = rfc3339(Utc::now());
    let mut stored = StoredScans::default();
    for report in reports {
        let (machine_id, added) = find_or_add_machine(tx, report, &imported_at)?;
        if added {
            stored.machines_added += 1;
        } else {
            stored.machines_updated += 1;
        }
        insert_scan(tx, machine_id, source, report, &imported_at)?;
        refresh_machine_state(tx, machine_id)?;
        apply_hostname_rules(tx, machine_id)?;
        stored.scans += 1;
        stored.hostnames.push(report.hostname.clone());
        stored.machine_ids.push(machine_id);
    }
    Ok(stored)
}

fn find_or_add_machine(
    tx: &Connection,
    report: &MachineReport,
    now: &str,
) -> StoreResult<(i64, bool)> {
    let key = host_key(&report.hostname);
    let uuid = report.smbios_uuid.as_deref().and_then(meaningful_uuid);
    let serial = report.serial_number.as_deref().and_then(meaningful_serial);
    let by = |sql: &str, value: &str| -> StoreResult<Option<i64>> {
        Ok(tx
            .prepare_cached(sql)?
            .query_row([value], |row| row.get(0))
            .optional()?)
    };
    let mut existing = None;
    if let Some(uuid) = &uuid {
        existing = by("SELECT id FROM machines WHERE smbios_uuid = ?1", uuid)?;
    }
    if existing.is_none()
        && let Some(serial) = &serial
    {
        existing = by("SELECT id FROM machines WHERE serial_number = ?1", serial)?;
    }
    if existing.is_none() {
        // By name only a machine that has no hardware id, or the same one: two PCs that share
        // a name but report different serials stay two machines.
        existing = tx
            .prepare_cached(
                "SELECT id FROM machines WHERE host_key = ?1
                   AND (?2 IS NULL OR smbios_uuid IS NULL OR smbios_uuid = ?2)
                   AND (?3 IS NULL OR serial_number IS NULL OR serial_number = ?3)
                 ORDER BY id LIMIT 1",
            )?
            .query_row(params![key, uuid, serial], |row| row.get(0))
            .optional()?;
    }
    match existing {
        Some(id) => {
            tx.prepare_cached(
                "UPDATE machines SET hostname = ?2, host_key = ?3,
                        domain = coalesce(?4, domain),
                        serial_number = coalesce(?5, serial_number),
                        smbios_uuid = coalesce(?6, smbios_uuid)
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                report.hostname,
                key,
                report.domain,
                serial,
                uuid
            ])?;
            Ok((id, false))
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO machines (hostname, host_key, domain, serial_number, smbios_uuid, first_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![report.hostname, key, report.domain, serial, uuid, now])?;
            Ok((tx.last_insert_rowid(), true))
        }
    }
}

fn insert_scan(
    tx: &Connection,
    machine_id: i64,
    source: &ScanSource<'_>,
    report: &MachineReport,
    imported_at: &str,
) -> StoreResult<()> {
    let scanned_at = rfc3339(report.collected_at.unwrap_or(source.written_at));
    tx.prepare_cached(
        "INSERT INTO scans (machine_id, scanned_at, imported_at, source_file, source_format,
            hostname, os_name, os_edition, os_display_version, os_build, architecture,
            installation_type, lists_updates, lists_programs, system_drive_free_bytes, last_boot,
            pending_reboot, update_service_state, registered_owner)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?
    .execute(params![
        machine_id,
        scanned_at,
        imported_at,
        source.file,
        source.format,
        report.hostname,
        report.os_name,
        report.os_edition,
        report.os_display_version,
        report.os_build.map(|b| b.to_string()),
        report.architecture,
        report.installation_type,
        source.lists_updates,
        source.lists_programs,
        report
            .system_drive_free_bytes
            .and_then(|b| i64::try_from(b).ok()),
        report.last_boot.map(rfc3339),
        report.pending_reboot,
        report.update_service_state,
        report.registered_owner,
    ])?;
    let scan_id = tx.last_insert_rowid();
    let mut add_update = tx.prepare_cached(
        "INSERT OR IGNORE INTO scan_updates (scan_id, kb, installed_on, description)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for update in &report.updates {
        add_update.execute(params![
            scan_id,
            update.kb,
            update.installed_on.map(|d| d.to_string()),
            update.description
        ])?;
    }
    let mut add_program = tx.prepare_cached(
        "INSERT INTO scan_programs (scan_id, name, version, publisher) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for program in &report.programs {
        add_program.execute(params![
            scan_id,
            program.name,
            program.version,
            program.publisher
        ])?;
    }
    Ok(())
}

/// Derives the machine's current state from its scans: for each field, the newest scan that
/// knows it. Importing an old file later therefore never hides newer facts.
fn refresh_machine_state(tx: &Connection, machine_id: i64) -> StoreResult<()> {
    let newest = |column: &str| {
        format!(
            "(SELECT {column} FROM scans WHERE machine_id = ?1 AND {column} IS NOT NULL
              ORDER BY scanned_at DESC, id DESC LIMIT 1)"
        )
    };
    let sql = format!(
        "UPDATE machines SET
            last_scan = (SELECT max(scanned_at) FROM scans WHERE machine_id = ?1),
            os_name = {}, os_edition = {}, os_display_version = {}, os_build = {},
            architecture = {}, installation_type = {},
            updates_scan_id = (SELECT id FROM scans WHERE machine_id = ?1 AND lists_updates = 1
                               ORDER BY scanned_at DESC, id DESC LIMIT 1),
            programs_scan_id = (SELECT id FROM scans WHERE machine_id = ?1 AND lists_programs = 1
                                ORDER BY scanned_at DESC, id DESC LIMIT 1)
         WHERE id = ?1",
        newest("os_name"),
        newest("os_edition"),
        newest("os_display_version"),
        newest("os_build"),
        newest("architecture"),
        newest("installation_type"),
    );
    tx.prepare_cached(&sql)?.execute([machine_id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_hardware_ids_are_not_identities() {
        assert_eq!(meaningful_serial("To be filled by O.E.M."), None);
        assert_eq!(meaningful_serial("0000000"), None);
        assert_eq!(
            meaningful_serial("VMware-56 4d 2e 1f").as_deref(),
            Some("VMware-56 4d 2e 1f")
        );
        assert_eq!(
            meaningful_uuid("00000000-0000-0000-0000-000000000000"),
            None
        );
        assert_eq!(
            meaningful_uuid("03000200-0400-0500-0006-000700080009"),
            None
        );
        assert_eq!(
            meaningful_uuid("4c4c4544-0042-3510-8054-b7c04f4d3632").as_deref(),
            Some("4C4C4544-0042-3510-8054-B7C04F4D3632")
        );
    }
}
