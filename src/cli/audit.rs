//! `patchdesk audit list`.

use std::io::Write;
use std::path::Path;

use chrono::Local;
use clap::Subcommand;

use super::CliError;
use super::output::{json, table};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Admin decisions, newest first
    List {
        /// Print a JSON array of objects (id, at, user, action, object, reason)
        #[arg(long)]
        json: bool,
        /// Show only the newest N entries
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
}

pub fn execute(command: &AuditCommand, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let store = Store::open_existing(db)?;
    match command {
        AuditCommand::List {
            json: as_json,
            limit,
        } => {
            let entries = store.audit_entries(*limit)?;
            if *as_json {
                return json(out, &entries);
            }
            if entries.is_empty() {
                writeln!(out, "The audit log is empty.")?;
                return Ok(());
            }
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    vec![
                        e.time()
                            .map(|t| {
                                t.with_timezone(&Local)
                                    .format("%Y-%m-%d %H:%M:%S")
                                    .to_string()
                            })
                            .unwrap_or_else(|| e.at.clone()),
                        e.user.clone(),
                        e.action.clone(),
                        e.object.clone(),
                        e.reason.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            table(out, &["time", "user", "action", "object", "reason"], &rows)
        }
    }
}
