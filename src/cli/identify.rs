//! `patchdesk findings`, `patchdesk fixes` and `patchdesk explain`: phase 2's answers for
//! scripts. Their JSON fields are a public contract (see the issue that introduced them).

use std::io::Write;
use std::path::Path;

use chrono::Utc;
use clap::Args;
use serde::Serialize;

use super::CliError;
use super::output::{json, table};
use crate::i18n::Lang;
use crate::identify::explain;
use crate::store::{FindingRow, FindingsQuery, Store};

#[derive(Debug, Args)]
pub struct FindingsArgs {
    /// Only this machine (hostname, case-insensitive)
    #[arg(long, value_name = "HOST")]
    machine: Option<String>,
    /// Print a JSON array (hostname, cve, product, kb, severity, exploited, kev, status,
    /// released, …), most urgent first
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV with a header row
    #[arg(long)]
    csv: bool,
    /// Include suppressed findings (marked in the `suppressed` field / column)
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Args)]
pub struct FixesArgs {
    /// The machine (hostname, case-insensitive)
    #[arg(long, value_name = "HOST", required = true)]
    machine: String,
    /// Print a JSON array of objects (kb, title, restart_required, clears, …)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The machine (hostname, case-insensitive)
    #[arg(long, value_name = "HOST", required = true)]
    machine: String,
    /// The CVE (or bulletin id, for pre-2003 bulletins)
    #[arg(long, value_name = "CVE", required = true)]
    cve: String,
    /// Print the same reasoning as a JSON array (one object per affected product)
    #[arg(long)]
    json: bool,
}

/// The machine a `--machine HOST` names, or the error every subcommand gives for an unknown one.
pub(super) fn machine_id(store: &Store, host: &str) -> Result<i64, CliError> {
    store.machine_id_by_host(host)?.ok_or_else(|| {
        CliError::Failed(format!(
            "there is no machine named {host} (see `patchdesk machines list`)"
        ))
    })
}

/// The `--csv` header: [`FindingOut`]'s fields in order (a test keeps them in step).
const FINDING_COLUMNS: [&str; 19] = [
    "hostname",
    "cve",
    "product",
    "kb",
    "severity",
    "exploited",
    "kev",
    "status",
    "released",
    "title",
    "impact",
    "cvss",
    "emergency",
    "days",
    "document",
    "ransomware",
    "kev_due",
    "suppressed",
    "suppression_reason",
];

/// One finding as `--json` and `--csv` print it.
#[derive(Serialize)]
struct FindingOut<'a> {
    hostname: &'a str,
    cve: &'a str,
    product: &'a str,
    kb: Option<&'a str>,
    severity: &'static str,
    exploited: bool,
    kev: bool,
    status: &'static str,
    released: String,
    title: &'a str,
    impact: Option<&'a str>,
    cvss: Option<f32>,
    emergency: bool,
    days: i64,
    document: &'a str,
    ransomware: bool,
    kev_due: Option<String>,
    suppressed: bool,
    suppression_reason: Option<&'a str>,
}

impl<'a> From<&'a FindingRow> for FindingOut<'a> {
    fn from(row: &'a FindingRow) -> FindingOut<'a> {
        FindingOut {
            hostname: &row.hostname,
            cve: &row.cve,
            product: &row.product,
            kb: row.kb.as_deref(),
            severity: row.severity.as_str(),
            exploited: row.exploited,
            kev: row.kev,
            status: row.status.as_str(),
            released: row.released.to_string(),
            title: &row.title,
            impact: row.impact.as_deref(),
            cvss: row.cvss,
            emergency: row.emergency,
            days: row.days,
            document: &row.document,
            ransomware: row.ransomware,
            kev_due: row.kev_due.map(|d| d.to_string()),
            suppressed: row.suppressed.is_some(),
            suppression_reason: row.suppressed.as_ref().map(|s| s.reason.as_str()),
        }
    }
}

pub fn findings(args: &FindingsArgs, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let store = Store::open_existing(db)?;
    let machine_id = args
        .machine
        .as_deref()
        .map(|host| machine_id(&store, host))
        .transpose()?;
    let rows = store.findings(&FindingsQuery {
        machine_id,
        include_suppressed: args.all,
        status: None,
    })?;
    let records: Vec<FindingOut<'_>> = rows.iter().map(FindingOut::from).collect();
    if args.json {
        return json(out, &records);
    }
    if args.csv {
        let mut writer = csv::Writer::from_writer(out);
        // serde writes the header with the first record: with no findings, scripts still get
        // the columns rather than an empty file.
        if records.is_empty() {
            writer
                .write_record(FINDING_COLUMNS)
                .map_err(|e| CliError::Failed(format!("cannot write CSV: {e}")))?;
        }
        for record in &records {
            writer
                .serialize(record)
                .map_err(|e| CliError::Failed(format!("cannot write CSV: {e}")))?;
        }
        writer.flush()?;
        return Ok(());
    }
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.hostname.clone(),
                r.cve.clone(),
                r.severity.as_str().to_owned(),
                match (r.emergency, r.kev, r.exploited) {
                    (true, _, _) => "EMERGENCY".to_owned(),
                    (_, true, _) => "KEV".to_owned(),
                    (_, _, true) => "yes".to_owned(),
                    _ => String::new(),
                },
                r.kb.clone().unwrap_or_default(),
                r.status.as_str().to_owned(),
                r.released.to_string(),
                r.product.clone(),
            ]
        })
        .collect();
    table(
        out,
        &[
            "hostname",
            "cve",
            "severity",
            "exploited",
            "kb",
            "status",
            "released",
            "product",
        ],
        &table_rows,
    )?;
    writeln!(out, "{} finding(s)", rows.len())?;
    let uncovered = store.machines_os_uncovered(machine_id)?;
    if !uncovered.is_empty() {
        writeln!(
            out,
            "not covered: no imported catalog lists the Windows of {} (no findings there means not known)",
            uncovered.join(", ")
        )?;
    }
    Ok(())
}

pub fn fixes(args: &FixesArgs, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let store = Store::open_existing(db)?;
    let id = machine_id(&store, &args.machine)?;
    let Some(machine) = store.machine_findings(id)? else {
        return Err(CliError::Failed(format!("no machine {}", args.machine)));
    };
    // Suppressed findings need no update: the fix set covers the work list.
    let items = machine.fixes;
    if args.json {
        return json(out, &items);
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            vec![
                i.kb.clone(),
                i.clears.to_string(),
                i.restart.to_owned(),
                i.title.clone(),
            ]
        })
        .collect();
    table(out, &["kb", "clears", "restart", "title"], &rows)
}

pub fn explain_command(
    args: &ExplainArgs,
    db: &Path,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let store = Store::open_existing(db)?;
    let id = machine_id(&store, &args.machine)?;
    let Some((result, index, facts)) = store.match_one(id)? else {
        return Err(CliError::Failed(format!("no machine {}", args.machine)));
    };
    let explanations = explain(&index, &facts, &result, &args.cve, Utc::now().date_naive());
    if explanations.is_empty() {
        let products: Vec<&str> = result
            .products
            .iter()
            .map(|(_, m)| m.product.as_str())
            .collect();
        return Err(CliError::Failed(format!(
            "{} on {}: no imported catalog lists it for this machine's products ({})",
            args.cve,
            facts.hostname,
            if products.is_empty() {
                "none mapped: see `patchdesk mapping show`".to_owned()
            } else {
                products.join("; ")
            }
        )));
    }
    if args.json {
        return json(out, &explanations);
    }
    for (i, explanation) in explanations.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        for line in explanation.lines(lang) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header written when there are no findings must be the one serde writes with the
    /// first record, or a script's columns would shift the day a field is added.
    #[test]
    fn the_empty_csv_header_matches_the_serialized_fields() {
        let record = FindingOut {
            hostname: "PC01",
            cve: "CVE-2023-21674",
            product: "Windows 10 Version 22H2 for x64-based Systems",
            kb: Some("KB5022282"),
            severity: "Important",
            exploited: true,
            kev: true,
            status: "missing",
            released: "2023-01-10".to_owned(),
            title: "Windows ALPC Elevation of Privilege Vulnerability",
            impact: None,
            cvss: Some(8.8),
            emergency: false,
            days: 1,
            document: "2023-Jan",
            ransomware: false,
            kev_due: None,
            suppressed: false,
            suppression_reason: None,
        };
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(&record).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(
            text.lines().next(),
            Some(FINDING_COLUMNS.join(",").as_str())
        );
    }
}
