//! `patchdesk bench identify [--machines N]` (hidden): the figures of phase 2's performance
//! goals, measured on a fresh database in a temporary folder, with the bundled real catalogs
//! and a generated office. Used by scripts/bench-identify.sh.

use std::io::Write;
use std::time::{Duration, Instant};

use clap::Subcommand;

use super::CliError;
use crate::demo::generate::{DEFAULT_SEED, GenerateOptions, generate_into};
use crate::demo::sample_catalogs;
use crate::importers::{CatalogImporter, FilePreview, ImporterRegistry, commit_all, preview_all};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Catalog import speed, full matching of N machines, one machine's incremental rematch
    Identify {
        #[arg(long, value_name = "N", default_value_t = 5000)]
        machines: u32,
    },
}

fn failed(err: impl std::fmt::Display) -> CliError {
    CliError::Failed(err.to_string())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

pub fn execute(command: &BenchCommand, out: &mut dyn Write) -> Result<(), CliError> {
    let BenchCommand::Identify { machines } = command;
    let work = tempfile_dir()?;
    let mut store = Store::open(work.join("bench.db"))?;

    // 1. Catalog import: decode, parse and store every bundled MSRC XML document.
    let xml: Vec<(&str, &[u8])> = sample_catalogs()
        .iter()
        .copied()
        .filter(|(name, _)| name.ends_with(".xml"))
        .collect();
    let bytes: usize = xml.iter().map(|(_, b)| b.len()).sum();
    let started = Instant::now();
    let mut parsed = Vec::new();
    for (name, data) in &xml {
        parsed.push((
            *name,
            CatalogImporter::read_bytes(name, data).map_err(failed)?,
        ));
    }
    let parse_time = started.elapsed();
    let batch: Vec<_> = parsed.iter().map(|(n, c)| c.batch_file(n)).collect();
    store.store_batch(&batch)?;
    let import_time = started.elapsed();
    let megabytes = bytes as f64 / 1_000_000.0;
    writeln!(
        out,
        "catalog import: {} MSRC XML documents, {megabytes:.1} MB in {:.0} ms = {:.1} MB/s (parse alone {:.1} MB/s; goal ≥ 20 MB/s)",
        xml.len(),
        import_time.as_secs_f64() * 1000.0,
        megabytes / import_time.as_secs_f64(),
        megabytes / parse_time.as_secs_f64(),
    )?;

    // 2. A generated office, imported (which matches it too), then matched again in full.
    let inventory = work.join("inventory");
    generate_into(
        &inventory,
        GenerateOptions {
            machines: *machines as usize,
            seed: DEFAULT_SEED,
        },
    )
    .map_err(failed)?;
    let mut files: Vec<_> = std::fs::read_dir(&inventory)
        .map_err(failed)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let registry = ImporterRegistry::with_builtin_importers();
    let previews = preview_all(&registry, &files);
    let ready: Vec<&FilePreview> = previews.iter().flatten().collect();
    let started = Instant::now();
    commit_all(&mut store, &ready)?;
    let import_and_match = started.elapsed();

    let started = Instant::now();
    let report = store.rematch_all()?;
    let full = started.elapsed();
    writeln!(
        out,
        "full match: {} machines in {:.0} ms ({} missing, {} unknown, {} fixed findings; goal < 2,000 ms); import with matching took {:.0} ms",
        report.machines,
        full.as_secs_f64() * 1000.0,
        report.missing,
        report.unknown,
        report.fixed,
        import_and_match.as_secs_f64() * 1000.0,
    )?;

    // 3. One machine's incremental rematch (what a new scan of it triggers), median of 21.
    let id = store
        .machines()?
        .get(report.machines / 2)
        .map(|m| m.id)
        .ok_or_else(|| failed("no machines"))?;
    let mut samples = Vec::new();
    let mut one = Default::default();
    for _ in 0..21 {
        let started = Instant::now();
        one = store.rematch_machines(&[id])?;
        samples.push(started.elapsed());
    }
    writeln!(
        out,
        "incremental rematch of one machine: median {:.1} ms over 21 runs ({} findings; goal < 20 ms)",
        median(samples).as_secs_f64() * 1000.0,
        one.missing + one.unknown + one.fixed,
    )?;

    // 4. What the window reads after a change: the dashboard summary and the Identify lists.
    let started = Instant::now();
    let overview = store.risk_overview()?;
    writeln!(
        out,
        "findings read for the Identify screen: {} machines, {} updates in {:.0} ms",
        overview.machines.len(),
        overview.updates.len(),
        started.elapsed().as_secs_f64() * 1000.0,
    )?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// A fresh folder under the system temp dir (no dev-dependency in the binary).
fn tempfile_dir() -> Result<std::path::PathBuf, CliError> {
    let dir = std::env::temp_dir().join(format!(
        "patchdesk-bench-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_millis()
    ));
    std::fs::create_dir_all(&dir).map_err(failed)?;
    Ok(dir)
}
