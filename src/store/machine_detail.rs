//! One machine in full: its current state, installed updates and programs, and the history of
//! its scans with what changed between them.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Store, StoreResult};
use crate::inventory::{InstalledProgram, InstalledUpdate};

/// One import of the machine, and how it differs from the scan before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScanEntry {
    pub id: i64,
    pub scanned_at: String,
    pub source_file: String,
    pub source_format: String,
    pub os_build: Option<String>,
    /// Set when the build differs from the previous scan that knew one.
    pub build_changed_from: Option<String>,
    pub lists_updates: bool,
    pub kbs_added: Vec<String>,
    pub kbs_removed: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MachineDetail {
    pub id: i64,
    pub hostname: String,
    pub domain: Option<String>,
    pub serial_number: Option<String>,
    pub smbios_uuid: Option<String>,
    pub os_name: Option<String>,
    pub os_edition: Option<String>,
    pub os_display_version: Option<String>,
    pub os_build: Option<String>,
    pub architecture: Option<String>,
    pub installation_type: Option<String>,
    pub first_seen: String,
    pub last_scan: Option<String>,
    pub updates: Vec<InstalledUpdate>,
    pub programs: Vec<InstalledProgram>,
    /// Newest first.
    pub scans: Vec<ScanEntry>,
    pub groups: Vec<String>,
}

impl Store {
    pub fn machine_detail(&self, machine_id: i64) -> StoreResult<Option<MachineDetail>> {
        let header = self
            .conn
            .query_row(
                "SELECT id, hostname, domain, serial_number, smbios_uuid, os_name, os_edition,
                        os_display_version, os_build, architecture, installation_type,
                        first_seen, last_scan, updates_scan_id, programs_scan_id
                 FROM machines WHERE id = ?1",
                [machine_id],
                |row| {
                    Ok((
                        MachineDetail {
                            id: row.get(0)?,
                            hostname: row.get(1)?,
                            domain: row.get(2)?,
                            serial_number: row.get(3)?,
                            smbios_uuid: row.get(4)?,
                            os_name: row.get(5)?,
                            os_edition: row.get(6)?,
                            os_display_version: row.get(7)?,
                            os_build: row.get(8)?,
                            architecture: row.get(9)?,
                            installation_type: row.get(10)?,
                            first_seen: row.get(11)?,
                            last_scan: row.get(12)?,
                            updates: Vec::new(),
                            programs: Vec::new(),
                            scans: Vec::new(),
                            groups: Vec::new(),
                        },
                        row.get::<_, Option<i64>>(13)?,
                        row.get::<_, Option<i64>>(14)?,
                    ))
                },
            )
            .optional()?;
        let Some((mut detail, updates_scan, programs_scan)) = header else {
            return Ok(None);
        };
        if let Some(scan) = updates_scan {
            detail.updates = self
                .conn
                .prepare(
                    "SELECT kb, installed_on, description FROM scan_updates WHERE scan_id = ?1
                     ORDER BY installed_on DESC, kb",
                )?
                .query_map([scan], |row| {
                    let installed_on: Option<String> = row.get(1)?;
                    Ok(InstalledUpdate {
                        kb: row.get(0)?,
                        installed_on: installed_on
                            .and_then(|day| NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()),
                        description: row.get(2)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
        }
        if let Some(scan) = programs_scan {
            detail.programs = self
                .conn
                .prepare(
                    "SELECT name, version, publisher FROM scan_programs WHERE scan_id = ?1
                     ORDER BY name COLLATE NOCASE",
                )?
                .query_map([scan], |row| {
                    Ok(InstalledProgram {
                        name: row.get(0)?,
                        version: row.get(1)?,
                        publisher: row.get(2)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
        }
        detail.groups = self
            .conn
            .prepare(
                "SELECT g.name FROM group_members gm JOIN groups g ON g.id = gm.group_id
                 WHERE gm.machine_id = ?1 ORDER BY g.is_ring DESC, g.ring_order, g.name",
            )?
            .query_map([machine_id], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        detail.scans = self.scan_history(machine_id)?;
        Ok(Some(detail))
    }

    /// Scans newest first, each compared with the previous scan that knew the same facts: a
    /// hotfix-only file is compared with the last update list, not with a scan that had none.
    fn scan_history(&self, machine_id: i64) -> StoreResult<Vec<ScanEntry>> {
        let mut statement = self.conn.prepare(
            "SELECT id, scanned_at, source_file, source_format, os_build, lists_updates
             FROM scans WHERE machine_id = ?1 ORDER BY scanned_at, id",
        )?;
        let scans: Vec<(i64, String, String, String, Option<String>, bool)> = statement
            .query_map(params![machine_id], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        let mut kbs_of = self
            .conn
            .prepare("SELECT kb FROM scan_updates WHERE scan_id = ?1")?;
        let mut history = Vec::with_capacity(scans.len());
        let mut previous_kbs: Option<BTreeSet<String>> = None;
        let mut previous_build: Option<String> = None;
        for (id, scanned_at, source_file, source_format, os_build, lists_updates) in scans {
            let (mut kbs_added, mut kbs_removed) = (Vec::new(), Vec::new());
            if lists_updates {
                let kbs: BTreeSet<String> = kbs_of
                    .query_map([id], |row| row.get(0))?
                    .collect::<Result<_, _>>()?;
                if let Some(before) = &previous_kbs {
                    kbs_added = kbs.difference(before).cloned().collect();
                    kbs_removed = before.difference(&kbs).cloned().collect();
                }
                previous_kbs = Some(kbs);
            }
            let build_changed_from = match (&previous_build, &os_build) {
                (Some(before), Some(now)) if before != now => Some(before.clone()),
                _ => None,
            };
            if os_build.is_some() {
                previous_build = os_build.clone();
            }
            history.push(ScanEntry {
                id,
                scanned_at,
                source_file,
                source_format,
                os_build,
                build_changed_from,
                lists_updates,
                kbs_added,
                kbs_removed,
            });
        }
        history.reverse();
        Ok(history)
    }
}
