//! `patchdesk <subcommand>`: the same core as the window, for scripts and tests.
//! The subcommands and their JSON are public contracts: change them only by adding.

mod audit;
mod bench;
mod catalog;
mod db;
mod demo;
mod group;
mod identify;
mod import;
mod machines;
mod mapping;
mod output;
mod suppress;

pub use output::human_size;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::i18n::Lang;
use crate::store::StoreError;

#[derive(Debug, Parser)]
#[command(
    name = "patchdesk",
    version,
    about = "Patch management for a small office's Windows PCs.",
    long_about = "Patch management for a small office's Windows PCs: assess, identify, evaluate & plan, deploy.\n\nWithout a subcommand, opens the PatchDesk window."
)]
pub struct Cli {
    /// The database file [default: patchdesk.db in the per-user data folder]
    #[arg(long, global = true, value_name = "PATH", env = "PATCHDESK_DB")]
    pub db: Option<PathBuf>,

    /// The window's language (ja or en) for this run; by default the one chosen in Settings,
    /// at first the OS language. Subcommands' explanations use it too (default English)
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Measure the window, print the figures and exit (scripts/bench-startup.sh,
    /// scripts/bench-machines-table.sh)
    #[arg(long, hide = true, value_enum)]
    pub bench: Option<crate::ui::Bench>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The database file itself: schema, size, backups
    Db {
        #[command(subcommand)]
        command: db::DbCommand,
    },
    /// The audit log of admin decisions
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Read files into the database (1 査定 Assess: inventories; 2 識別 Identify: catalogs)
    Import {
        #[command(subcommand)]
        command: import::ImportCommand,
    },
    /// The machines PatchDesk knows
    Machines {
        #[command(subcommand)]
        command: machines::MachinesCommand,
    },
    /// Groups (role, location) and rollout rings
    Group {
        #[command(subcommand)]
        command: group::GroupCommand,
    },
    /// Update catalogs: list what is stored, fetch from the MSRC API (2 識別 Identify)
    Catalog {
        #[command(subcommand)]
        command: catalog::CatalogCommand,
    },
    /// Missing and unknown security fixes per machine, most urgent first (2 識別 Identify)
    Findings(identify::FindingsArgs),
    /// The minimum set of updates that clears a machine's missing fixes
    Fixes(identify::FixesArgs),
    /// Why PatchDesk thinks a machine is missing (or has) the fix for a CVE
    Explain(identify::ExplainArgs),
    /// Suppress findings that do not apply (with a reason and an expiry; audited)
    Suppress {
        #[command(subcommand)]
        command: suppress::SuppressCommand,
    },
    /// The catalog products each machine is matched against, and corrections (audited)
    Mapping {
        #[command(subcommand)]
        command: mapping::MappingCommand,
    },
    /// Performance figures (scripts/bench-identify.sh)
    #[command(hide = true)]
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
    /// Sample data: generate inventory files for demos and benchmarks
    Demo {
        #[command(subcommand)]
        command: demo::DemoCommand,
    },
}

/// A failed command, with the message the admin sees on stderr.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    #[error("{0}")]
    Failed(String),
}

fn parse_lang(value: &str) -> Result<Lang, String> {
    match value {
        "ja" => Ok(Lang::Ja),
        "en" => Ok(Lang::En),
        other => Err(format!("unknown language {other:?}: use ja or en")),
    }
}

impl Cli {
    pub fn db_path(&self) -> PathBuf {
        self.db
            .clone()
            .unwrap_or_else(crate::paths::default_db_path)
    }
}

/// Runs one subcommand, writing its normal output to `out`.
pub fn execute(
    command: &Command,
    db: &Path,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        Command::Db { command } => db::execute(command, db, out),
        Command::Audit { command } => audit::execute(command, db, out),
        Command::Import { command } => import::execute(command, db, out),
        Command::Machines { command } => machines::execute(command, db, out),
        Command::Group { command } => group::execute(command, db, out),
        Command::Catalog { command } => catalog::execute(command, db, out),
        Command::Suppress { command } => suppress::execute(command, db, out),
        Command::Mapping { command } => mapping::execute(command, db, out),
        Command::Findings(args) => identify::findings(args, db, out),
        Command::Fixes(args) => identify::fixes(args, db, out),
        Command::Explain(args) => identify::explain_command(args, db, lang, out),
        Command::Demo { command } => demo::execute(command, out),
        Command::Bench { command } => bench::execute(command, out),
    }
}
