//! `patchdesk mapping show|add|remove|reset`: which catalog products a machine is matched
//! against, and the admin's corrections (audited).

use std::io::Write;
use std::path::Path;

use clap::Subcommand;

use super::CliError;
use super::identify::machine_id;
use super::output::{json, table};
use crate::identify::products::MappingReason;
use crate::store::{OverrideAction, Store};

#[derive(Debug, Subcommand)]
pub enum MappingCommand {
    /// The products a machine maps to, and why
    Show {
        #[arg(long, value_name = "HOST", required = true)]
        machine: String,
        #[arg(long)]
        json: bool,
    },
    /// Match the machine against this catalog product too
    Add {
        #[arg(long, value_name = "HOST", required = true)]
        machine: String,
        #[arg(long, value_name = "NAME", required = true)]
        product: String,
        #[arg(long, value_name = "TEXT", required = true)]
        reason: String,
    },
    /// Do not match the machine against this product
    Remove {
        #[arg(long, value_name = "HOST", required = true)]
        machine: String,
        #[arg(long, value_name = "NAME", required = true)]
        product: String,
        #[arg(long, value_name = "TEXT", required = true)]
        reason: String,
    },
    /// Drop an override: back to the automatic mapping for that product
    Reset {
        #[arg(long, value_name = "HOST", required = true)]
        machine: String,
        #[arg(long, value_name = "NAME", required = true)]
        product: String,
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
    },
}

pub fn execute(command: &MappingCommand, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let mut store = Store::open_existing(db)?;
    let host = match command {
        MappingCommand::Show { machine, .. }
        | MappingCommand::Add { machine, .. }
        | MappingCommand::Remove { machine, .. }
        | MappingCommand::Reset { machine, .. } => machine,
    };
    let id = machine_id(&store, host)?;
    let report = match command {
        MappingCommand::Show { json: as_json, .. } => {
            let Some((result, _, _)) = store.match_one(id)? else {
                return Err(CliError::Failed(format!("no machine {host}")));
            };
            let mappings: Vec<_> = result.products.iter().map(|(_, m)| m).collect();
            if *as_json {
                return json(out, &mappings);
            }
            let rows: Vec<Vec<String>> = mappings
                .iter()
                .map(|m| {
                    let why = match &m.reason {
                        MappingReason::Os { build, .. } => format!("OS build {build}"),
                        MappingReason::Program { name, version } => {
                            format!("program {name} {}", version.as_deref().unwrap_or(""))
                        }
                        MappingReason::Override { reason, actor } => {
                            format!("added by {actor}: {reason}")
                        }
                    };
                    vec![m.product.clone(), why]
                })
                .collect();
            table(out, &["product", "why"], &rows)?;
            for o in store.product_overrides_of(id)? {
                if o.action == "remove" {
                    writeln!(out, "removed by {}: {} ({})", o.actor, o.product, o.reason)?;
                }
            }
            return Ok(());
        }
        MappingCommand::Add {
            product, reason, ..
        } => store.set_product_override(id, product, OverrideAction::Add, reason)?,
        MappingCommand::Remove {
            product, reason, ..
        } => store.set_product_override(id, product, OverrideAction::Remove, reason)?,
        MappingCommand::Reset {
            product, reason, ..
        } => store.clear_product_override(id, product, reason)?,
    };
    writeln!(
        out,
        "{host} rematched: {} missing, {} unknown, {} fixed",
        report.missing, report.unknown, report.fixed
    )?;
    Ok(())
}
