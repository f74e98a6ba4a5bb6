//! `patchdesk machines list`.

use std::io::Write;
use std::path::Path;

use clap::Subcommand;

use super::CliError;
use super::output::{json, table};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum MachinesCommand {
    /// Every machine with OS, build, installed updates, last scan and groups
    List {
        /// Print a JSON array of objects (hostname, os_name, os_build, architecture,
        /// installed_kbs, last_scan, groups, …)
        #[arg(long)]
        json: bool,
    },
}

pub fn execute(command: &MachinesCommand, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let MachinesCommand::List { json: as_json } = command;
    let machines = Store::open_existing(db)?.machines()?;
    if *as_json {
        return json(out, &machines);
    }
    let rows: Vec<Vec<String>> = machines
        .iter()
        .map(|m| {
            vec![
                m.hostname.clone(),
                m.os_name.clone().unwrap_or_default(),
                m.os_build.clone().unwrap_or_default(),
                m.installed_kbs.len().to_string(),
                m.last_scan.clone().unwrap_or_default(),
                m.groups.join(", "),
            ]
        })
        .collect();
    table(
        out,
        &["hostname", "os", "build", "updates", "last scan", "groups"],
        &rows,
    )
}
