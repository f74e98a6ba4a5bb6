//! `patchdesk suppress add|list|lift`: "not applicable here", with a reason and an expiry.

use std::io::Write;
use std::path::Path;

use chrono::{NaiveDate, Utc};
use clap::Subcommand;

use super::CliError;
use super::identify::machine_id;
use super::output::{json, table};
use crate::store::{Store, SuppressionTarget};

#[derive(Debug, Subcommand)]
pub enum SuppressCommand {
    /// Hide a CVE or an update (KB) from work lists, on one machine or on all
    Add {
        #[arg(
            long,
            value_name = "CVE",
            required_unless_present = "kb",
            conflicts_with = "kb"
        )]
        cve: Option<String>,
        #[arg(long, value_name = "KB")]
        kb: Option<String>,
        /// Only on this machine (default: every machine)
        #[arg(long, value_name = "HOST")]
        machine: Option<String>,
        /// Why it does not apply (kept in the audit log)
        #[arg(long, value_name = "TEXT", required = true)]
        reason: String,
        /// Last day the suppression holds (YYYY-MM-DD); none means until lifted
        #[arg(long, value_name = "DATE")]
        until: Option<NaiveDate>,
    },
    /// Every suppression, with its state
    List {
        #[arg(long)]
        json: bool,
    },
    /// End a suppression (it stays in the list as lifted)
    Lift {
        id: i64,
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
}

pub fn execute(command: &SuppressCommand, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let mut store = Store::open_existing(db)?;
    match command {
        SuppressCommand::Add {
            cve,
            kb,
            machine,
            reason,
            until,
        } => {
            let machine_id = match machine {
                None => None,
                Some(host) => Some(machine_id(&store, host)?),
            };
            if until.is_some_and(|d| d < Utc::now().date_naive()) {
                return Err(CliError::Failed("--until is in the past".to_owned()));
            }
            let target = match (cve, kb) {
                (Some(cve), _) => SuppressionTarget::Cve(cve.clone()),
                (None, Some(kb)) => SuppressionTarget::Kb(
                    crate::inventory::normalize_kb(kb).unwrap_or_else(|| kb.clone()),
                ),
                (None, None) => return Err(CliError::Failed("give --cve or --kb".to_owned())),
            };
            let id = store.suppress(machine_id, target, reason, *until)?;
            writeln!(out, "suppression #{id} recorded")?;
            Ok(())
        }
        SuppressCommand::List { json: as_json } => {
            let list = store.suppressions()?;
            if *as_json {
                return json(out, &list);
            }
            let today = Utc::now().date_naive();
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|s| {
                    vec![
                        s.id.to_string(),
                        match &s.target {
                            SuppressionTarget::Cve(id) | SuppressionTarget::Kb(id) => id.clone(),
                        },
                        s.hostname.clone().unwrap_or_else(|| "(all)".to_owned()),
                        s.expires.map(|d| d.to_string()).unwrap_or_default(),
                        if s.is_active(today) {
                            "active"
                        } else if s.lifted_at.is_some() {
                            "lifted"
                        } else {
                            "expired"
                        }
                        .to_owned(),
                        s.actor.clone(),
                        s.reason.clone(),
                    ]
                })
                .collect();
            table(
                out,
                &["id", "cve/kb", "machine", "until", "state", "by", "reason"],
                &rows,
            )
        }
        SuppressCommand::Lift { id, reason } => {
            store.lift_suppression(*id, reason.as_deref())?;
            writeln!(out, "suppression #{id} lifted")?;
            Ok(())
        }
    }
}
