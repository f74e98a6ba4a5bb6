//! Groups (by role or location) and rollout rings (pilot, wave 1 … n). Membership is by
//! machine id, so it survives re-imports and renames; a hostname pattern keeps adding the
//! machines that match it at every import.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::audit::{self, AuditAction};
use super::{Store, StoreError, StoreResult};
use crate::inventory::host_key;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupSummary {
    pub name: String,
    pub ring: bool,
    /// Position among the rings (1 = first to receive updates); None for plain groups.
    pub ring_order: Option<i64>,
    pub hostname_pattern: Option<String>,
    /// Hostnames of the members, sorted.
    pub machines: Vec<String>,
}

/// What `group assign` did with each name it was given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub assigned: Vec<String>,
    pub already_members: Vec<String>,
    pub unknown: Vec<String>,
}

/// `*` any run of characters, `?` one character; case-insensitive, on the NetBIOS name.
pub fn hostname_matches(pattern: &str, hostname: &str) -> bool {
    fn matches(pattern: &[char], text: &[char]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some(('*', rest)) => (0..=text.len()).any(|skip| matches(rest, &text[skip..])),
            Some(('?', rest)) => !text.is_empty() && matches(rest, &text[1..]),
            Some((c, rest)) => text.first() == Some(c) && matches(rest, &text[1..]),
        }
    }
    let pattern: Vec<char> = pattern.trim().to_uppercase().chars().collect();
    let text: Vec<char> = host_key(hostname).chars().collect();
    matches(&pattern, &text)
}

impl Store {
    /// Creates a group (or, with `ring`, the next rollout ring). With a hostname pattern, every
    /// matching machine joins now and at later imports. Audited.
    pub fn create_group(
        &mut self,
        name: &str,
        ring: bool,
        hostname_pattern: Option<&str>,
    ) -> StoreResult<GroupSummary> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::InvalidName("a group needs a name".into()));
        }
        let actor = self.actor.clone();
        self.transaction(|tx| {
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM groups WHERE name = ?1", [name], |r| {
                    r.get(0)
                })
                .optional()?;
            if exists.is_some() {
                return Err(StoreError::GroupExists(name.to_owned()));
            }
            let ring_order: Option<i64> = if ring {
                Some(tx.query_row(
                    "SELECT coalesce(max(ring_order), 0) + 1 FROM groups WHERE is_ring = 1",
                    [],
                    |r| r.get(0),
                )?)
            } else {
                None
            };
            tx.execute(
                "INSERT INTO groups (name, is_ring, ring_order, hostname_pattern, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    name,
                    ring,
                    ring_order,
                    hostname_pattern,
                    Utc::now().to_rfc3339()
                ],
            )?;
            if hostname_pattern.is_some() {
                let machine_ids: Vec<i64> = tx
                    .prepare("SELECT id FROM machines")?
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                for machine_id in machine_ids {
                    apply_hostname_rules(tx, machine_id)?;
                }
            }
            let what = match (ring, hostname_pattern) {
                (true, Some(p)) => format!("ring {name} (hostnames {p})"),
                (true, None) => format!("ring {name}"),
                (false, Some(p)) => format!("group {name} (hostnames {p})"),
                (false, None) => format!("group {name}"),
            };
            audit::record(tx, &actor, AuditAction::GroupCreated, &what, None)?;
            Ok(())
        })?;
        self.group(name)?
            .ok_or_else(|| StoreError::UnknownGroup(name.to_owned()))
    }

    /// Adds machines, named by hostname (NetBIOS or FQDN, any case), to a group. Audited.
    pub fn assign_to_group(
        &mut self,
        group: &str,
        hostnames: &[String],
    ) -> StoreResult<Assignment> {
        let actor = self.actor.clone();
        self.transaction(|tx| {
            let group_id: i64 = tx
                .query_row("SELECT id FROM groups WHERE name = ?1", [group.trim()], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| StoreError::UnknownGroup(group.trim().to_owned()))?;
            let mut assignment = Assignment::default();
            for hostname in hostnames {
                let machine_ids: Vec<i64> = tx
                    .prepare_cached("SELECT id FROM machines WHERE host_key = ?1")?
                    .query_map([host_key(hostname)], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                if machine_ids.is_empty() {
                    assignment.unknown.push(hostname.clone());
                    continue;
                }
                let mut added = 0;
                for machine_id in machine_ids {
                    added += tx
                        .prepare_cached(
                            "INSERT OR IGNORE INTO group_members (group_id, machine_id) VALUES (?1, ?2)",
                        )?
                        .execute([group_id, machine_id])?;
                }
                if added > 0 {
                    assignment.assigned.push(hostname.clone());
                } else {
                    assignment.already_members.push(hostname.clone());
                }
            }
            if !assignment.assigned.is_empty() {
                audit::record(
                    tx,
                    &actor,
                    AuditAction::GroupAssigned,
                    &format!("{}: {}", group.trim(), assignment.assigned.join(", ")),
                    None,
                )?;
            }
            Ok(assignment)
        })
    }

    /// Takes machines out of a group. A machine that matches the group's hostname pattern
    /// joins again at its next import: change the pattern to keep it out. Audited.
    pub fn remove_from_group(&mut self, group: &str, hostnames: &[String]) -> StoreResult<usize> {
        let actor = self.actor.clone();
        self.transaction(|tx| {
            let group_id: i64 = tx
                .query_row(
                    "SELECT id FROM groups WHERE name = ?1",
                    [group.trim()],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| StoreError::UnknownGroup(group.trim().to_owned()))?;
            let mut removed = Vec::new();
            for hostname in hostnames {
                let count = tx
                    .prepare_cached(
                        "DELETE FROM group_members WHERE group_id = ?1 AND machine_id IN
                            (SELECT id FROM machines WHERE host_key = ?2)",
                    )?
                    .execute(params![group_id, host_key(hostname)])?;
                if count > 0 {
                    removed.push(hostname.as_str());
                }
            }
            if !removed.is_empty() {
                audit::record(
                    tx,
                    &actor,
                    AuditAction::GroupUnassigned,
                    &format!("{}: {}", group.trim(), removed.join(", ")),
                    None,
                )?;
            }
            Ok(removed.len())
        })
    }

    /// Rings first in their order, then groups by name.
    pub fn groups(&self) -> StoreResult<Vec<GroupSummary>> {
        let mut statement = self.conn.prepare(
            "SELECT g.name, g.is_ring, g.ring_order, g.hostname_pattern,
                    (SELECT group_concat(hostname, char(31)) FROM
                        (SELECT m.hostname FROM group_members gm JOIN machines m ON m.id = gm.machine_id
                         WHERE gm.group_id = g.id ORDER BY m.host_key))
             FROM groups g ORDER BY g.is_ring DESC, g.ring_order, g.name",
        )?;
        let groups = statement
            .query_map([], |row| {
                let members: Option<String> = row.get(4)?;
                Ok(GroupSummary {
                    name: row.get(0)?,
                    ring: row.get(1)?,
                    ring_order: row.get(2)?,
                    hostname_pattern: row.get(3)?,
                    machines: members
                        .map(|m| m.split('\u{1f}').map(str::to_owned).collect())
                        .unwrap_or_default(),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(groups)
    }

    pub fn group(&self, name: &str) -> StoreResult<Option<GroupSummary>> {
        Ok(self
            .groups()?
            .into_iter()
            .find(|g| g.name.eq_ignore_ascii_case(name.trim())))
    }
}

/// Adds the machine to every group whose hostname pattern matches it.
pub(super) fn apply_hostname_rules(tx: &Connection, machine_id: i64) -> StoreResult<()> {
    let hostname: String = tx
        .prepare_cached("SELECT hostname FROM machines WHERE id = ?1")?
        .query_row([machine_id], |r| r.get(0))?;
    let rules: Vec<(i64, String)> = tx
        .prepare_cached(
            "SELECT id, hostname_pattern FROM groups WHERE hostname_pattern IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (group_id, pattern) in rules {
        if hostname_matches(&pattern, &hostname) {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO group_members (group_id, machine_id) VALUES (?1, ?2)",
            )?
            .execute([group_id, machine_id])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_netbios_names_case_insensitively() {
        assert!(hostname_matches("SOUMU-*", "soumu-pc01.sakura.local"));
        assert!(hostname_matches("pc-??", "PC-07"));
        assert!(!hostname_matches("pc-??", "PC-107"));
        assert!(!hostname_matches("SRV*", "PC01"));
        assert!(hostname_matches("*", "anything"));
    }
}
