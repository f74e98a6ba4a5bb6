//! `patchdesk group create|assign|list`.

use std::io::Write;
use std::path::Path;

use clap::Subcommand;

use super::CliError;
use super::output::{json, table};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Create a group (role, location) or, with --ring, the next rollout ring
    Create {
        name: String,
        /// A rollout ring (pilot, wave 1 …); rings are ordered by creation
        #[arg(long)]
        ring: bool,
        /// Also add every machine whose name matches, now and at later imports (e.g. "SOUMU-*")
        #[arg(long, value_name = "PATTERN")]
        hosts: Option<String>,
    },
    /// Add machines (by hostname, NetBIOS or FQDN) to a group
    Assign {
        name: String,
        #[arg(required = true, value_name = "HOST")]
        hosts: Vec<String>,
    },
    /// Take machines out of a group
    Unassign {
        name: String,
        #[arg(required = true, value_name = "HOST")]
        hosts: Vec<String>,
    },
    /// Groups and rings with their machines
    List {
        /// Print a JSON array of objects (name, ring, machines, …)
        #[arg(long)]
        json: bool,
    },
}

pub fn execute(command: &GroupCommand, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        GroupCommand::Create { name, ring, hosts } => {
            let mut store = Store::open(db)?;
            let group = store.create_group(name, *ring, hosts.as_deref())?;
            let kind = if group.ring { "ring" } else { "group" };
            writeln!(
                out,
                "Created {kind} {} with {} machine(s)",
                group.name,
                group.machines.len()
            )?;
            Ok(())
        }
        GroupCommand::Assign { name, hosts } => {
            let mut store = Store::open_existing(db)?;
            let assignment = store.assign_to_group(name, hosts)?;
            if !assignment.assigned.is_empty() {
                writeln!(
                    out,
                    "Assigned to {name}: {}",
                    assignment.assigned.join(", ")
                )?;
            }
            if !assignment.already_members.is_empty() {
                writeln!(
                    out,
                    "Already in {name}: {}",
                    assignment.already_members.join(", ")
                )?;
            }
            if !assignment.unknown.is_empty() {
                return Err(CliError::Failed(format!(
                    "no machine named {} (see `patchdesk machines list`)",
                    assignment.unknown.join(", ")
                )));
            }
            Ok(())
        }
        GroupCommand::Unassign { name, hosts } => {
            let removed = Store::open_existing(db)?.remove_from_group(name, hosts)?;
            writeln!(out, "Removed {removed} machine(s) from {name}")?;
            Ok(())
        }
        GroupCommand::List { json: as_json } => {
            let groups = Store::open_existing(db)?.groups()?;
            if *as_json {
                return json(out, &groups);
            }
            let rows: Vec<Vec<String>> = groups
                .iter()
                .map(|g| {
                    vec![
                        g.name.clone(),
                        g.ring_order
                            .map(|order| format!("ring {order}"))
                            .unwrap_or_else(|| "group".to_owned()),
                        g.hostname_pattern.clone().unwrap_or_default(),
                        g.machines.join(", "),
                    ]
                })
                .collect();
            table(out, &["name", "kind", "hosts", "machines"], &rows)
        }
    }
}
