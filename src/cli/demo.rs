//! `patchdesk demo generate --machines N --out DIR [--seed S]`.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

use super::{CliError, human_size};
use crate::demo::generate::{DEFAULT_SEED, GenerateOptions, generate_into};

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Write one inventory file per machine of a made-up office (systeminfo, systeminfo
    /// /fo csv, Get-HotFix CSV, collector JSON; Japanese, English, German, French; CP932,
    /// UTF-16LE, CP850, UTF-8), with real Windows builds and KB numbers; the same seed gives
    /// the same files
    Generate {
        /// How many machines (one file each)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
        machines: u32,
        /// The folder to write into (created if missing; files of the same name are replaced)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Seed of the generator
        #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED)]
        seed: u64,
    },
}

/// Needs no database: the files are imported afterwards like any others.
pub fn execute(command: &DemoCommand, out: &mut dyn Write) -> Result<(), CliError> {
    let DemoCommand::Generate {
        machines,
        out: dir,
        seed,
    } = command;
    let options = GenerateOptions {
        machines: *machines as usize,
        seed: *seed,
    };
    let summary = generate_into(dir, options)
        .map_err(|err| CliError::Failed(format!("cannot write to {}: {err}", dir.display())))?;
    let layouts: Vec<String> = summary
        .layouts
        .iter()
        .map(|(layout, count)| format!("{count} {}", layout.name()))
        .collect();
    let encodings: Vec<String> = summary
        .encodings
        .iter()
        .map(|(name, count)| format!("{count} {name}"))
        .collect();
    writeln!(
        out,
        "Wrote {} inventory file(s) ({}) to {} with seed {seed}: {}; encodings: {}",
        summary.files,
        human_size(summary.bytes),
        dir.display(),
        layouts.join(", "),
        encodings.join(", ")
    )?;
    Ok(())
}
