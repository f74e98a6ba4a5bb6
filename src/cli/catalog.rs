//! `patchdesk catalog list` and `patchdesk catalog fetch [--since YYYY-MM] [--url BASE]`.

use std::io::Write;
use std::path::Path;

use clap::Subcommand;

use super::CliError;
use super::output::{json, table};
use crate::catalog::msrc_api::{DEFAULT_BASE_URL, MsrcClient};
use crate::importers::{FetchProgress, fetch_updates};
use crate::store::{DocumentOutcome, Store};

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// The catalog documents stored (MSRC releases, security bulletins) and the KEV version
    List {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Download new and revised MSRC documents from the MSRC API (or a mirror)
    Fetch {
        /// Only documents released in or after this month (YYYY-MM)
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        since: Option<(i32, u32)>,
        /// The API's base URL
        #[arg(long, value_name = "BASE", default_value = DEFAULT_BASE_URL)]
        url: String,
        /// Print what was stored as JSON
        #[arg(long)]
        json: bool,
    },
}

fn parse_month(text: &str) -> Result<(i32, u32), String> {
    let bad = || format!("{text:?} is not a month: use YYYY-MM, e.g. 2023-01");
    let (year, month) = text.trim().split_once('-').ok_or_else(bad)?;
    let year: i32 = year.parse().map_err(|_| bad())?;
    let month: u32 = month.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&month) || !(1990..=2100).contains(&year) {
        return Err(bad());
    }
    Ok((year, month))
}

pub fn execute(command: &CatalogCommand, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        CatalogCommand::List { json: as_json } => {
            let documents = Store::open_existing(db)?.catalog_documents()?;
            if *as_json {
                return json(out, &documents);
            }
            let rows: Vec<Vec<String>> = documents
                .iter()
                .map(|d| {
                    vec![
                        d.id.clone(),
                        d.initial_release.format("%Y-%m-%d").to_string(),
                        d.current_release.format("%Y-%m-%d").to_string(),
                        d.vulnerabilities.to_string(),
                        d.title.clone(),
                    ]
                })
                .collect();
            table(
                out,
                &["id", "released", "revision", "vulns", "title"],
                &rows,
            )
        }
        CatalogCommand::Fetch {
            since,
            url,
            json: as_json,
        } => {
            let client = MsrcClient::new(url).map_err(|e| CliError::Failed(e.to_string()))?;
            let mut store = Store::open(db)?;
            let mut last_id = String::new();
            let mut stderr = std::io::stderr();
            let report = fetch_updates(&mut store, &client, *since, &mut |progress| {
                if let FetchProgress::Downloading {
                    id, number, total, ..
                } = &progress
                    && *id != last_id
                {
                    let _ = writeln!(stderr, "downloading {id} ({number}/{total})");
                    last_id = id.clone();
                }
                true
            })
            .map_err(|failure| {
                if failure.is_offline() {
                    CliError::Failed(format!(
                        "{failure}\nPatchDesk cannot reach the MSRC API: download the documents elsewhere and use `patchdesk import catalog FILE...`"
                    ))
                } else {
                    CliError::Failed(failure.to_string())
                }
            })?;
            if *as_json {
                return json(out, &report);
            }
            for document in &report.stored {
                let what = match document.outcome {
                    DocumentOutcome::Added => "added",
                    DocumentOutcome::Replaced => "replaced by a newer revision",
                    DocumentOutcome::Unchanged => "unchanged",
                    DocumentOutcome::OlderIgnored => "kept the stored newer revision",
                };
                writeln!(
                    out,
                    "{}: {} ({} vulnerabilities) — {what}",
                    document.id, document.title, document.vulnerabilities
                )?;
            }
            writeln!(
                out,
                "{} document(s) listed, {} new or revised, {} stored ({})",
                report.listed,
                report.selected,
                report.stored.len(),
                super::human_size(report.bytes)
            )?;
            Ok(())
        }
    }
}
