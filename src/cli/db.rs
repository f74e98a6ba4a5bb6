//! `patchdesk db info` and `patchdesk db backup`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::CliError;
use super::output::{human_size, json, table};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Schema version, file path, size and row counts
    Info {
        /// Print a JSON object instead of text
        #[arg(long)]
        json: bool,
    },
    /// Copy the database, consistently, to a new file (safe while the window is open)
    Backup {
        /// The backup file to create; it must not exist yet
        out: PathBuf,
    },
}

pub fn execute(command: &DbCommand, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let store = Store::open_existing(db)?;
    match command {
        DbCommand::Info { json: as_json } => {
            let info = store.info()?;
            if *as_json {
                return json(out, &info);
            }
            writeln!(out, "Database:        {}", info.path.display())?;
            writeln!(
                out,
                "Schema version:  {} (this PatchDesk: {})",
                info.schema_version, info.latest_schema_version
            )?;
            writeln!(
                out,
                "SQLite:          {} (journal: {})",
                info.sqlite_version, info.journal_mode
            )?;
            writeln!(out, "Size:            {}", human_size(info.size_bytes))?;
            writeln!(out)?;
            let rows: Vec<Vec<String>> = info
                .tables
                .iter()
                .map(|(name, count)| vec![name.clone(), count.to_string()])
                .collect();
            table(out, &["table", "rows"], &rows)
        }
        DbCommand::Backup { out: target } => {
            store.backup_to(target, |_| true)?;
            let size = std::fs::metadata(target).map(|m| m.len()).unwrap_or(0);
            writeln!(
                out,
                "Backed up {} to {} ({})",
                db.display(),
                target.display(),
                human_size(size)
            )?;
            Ok(())
        }
    }
}
