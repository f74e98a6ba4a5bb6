//! `patchdesk import inventory FILE... [--dry-run] [--json]`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::Serialize;

use super::CliError;
use super::output::json;
use crate::i18n::Lang;
use crate::importers::{FilePreview, ImporterRegistry, commit_all, display_name, preview_all};
use crate::inventory::Problem;
use crate::store::{Store, StoredScans};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Machines from systeminfo, wmic qfe, Get-HotFix, Get-ComputerInfo, osquery, GLPI or
    /// PatchDesk collector files (format and encoding are detected)
    Inventory {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Read and report, write nothing
        #[arg(long)]
        dry_run: bool,
        /// The machine a file describes when the file does not name it (a `wmic qfe get …`
        /// without CSName, a `Get-ComputerInfo` trimmed by Select-Object)
        #[arg(long, value_name = "NAME")]
        host: Option<String>,
        /// Print a JSON array with one object per file
        #[arg(long)]
        json: bool,
    },
}

/// One file's outcome, as `--json` prints it.
#[derive(Debug, Serialize)]
struct FileReport {
    file: String,
    /// `imported`, `checked` (dry run) or `failed`.
    status: &'static str,
    format: Option<&'static str>,
    format_name: Option<&'static str>,
    encoding: Option<&'static str>,
    machines: Vec<String>,
    problems: Vec<Problem>,
    error: Option<String>,
    #[serde(flatten)]
    stored: Option<StoredScans>,
}

impl FileReport {
    fn from_preview(path: &Path, preview: &FilePreview, status: &'static str) -> FileReport {
        FileReport {
            file: path.display().to_string(),
            status,
            format: Some(preview.format_id()),
            format_name: Some(preview.format_name()),
            encoding: Some(preview.encoding()),
            machines: preview
                .machines()
                .iter()
                .map(|m| m.hostname.clone())
                .collect(),
            problems: preview.problems().to_vec(),
            error: None,
            stored: None,
        }
    }

    fn failed(path: &Path, error: String) -> FileReport {
        FileReport {
            file: path.display().to_string(),
            status: "failed",
            format: None,
            format_name: None,
            encoding: None,
            machines: Vec::new(),
            problems: Vec::new(),
            error: Some(error),
            stored: None,
        }
    }
}

/// Imports each file on its own: a bad file is reported and writes nothing, the good ones go
/// in. Fails (non-zero exit) when any file failed.
pub fn execute(command: &ImportCommand, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let ImportCommand::Inventory {
        files,
        dry_run,
        host,
        json: as_json,
    } = command;
    let registry = ImporterRegistry::with_builtin_importers();
    let mut previews = preview_all(&registry, files);
    if let Some(host) = host {
        for preview in previews.iter_mut().flatten() {
            preview.name_unnamed_machines(host);
        }
    }
    // Only files that read well and name their machines are stored, all in one transaction
    // with a savepoint each.
    let ready: Vec<&FilePreview> = previews
        .iter()
        .flatten()
        .filter(|p| p.unnamed_machines() == 0)
        .collect();
    let mut commits = if *dry_run {
        Vec::new().into_iter()
    } else {
        commit_all(&mut Store::open(db)?, &ready)?.into_iter()
    };
    let mut reports = Vec::with_capacity(files.len());
    for (path, previewed) in files.iter().zip(&previews) {
        let report = match previewed {
            Err(failure) => FileReport::failed(path, failure.describe(Lang::En)),
            Ok(preview) if preview.unnamed_machines() > 0 => FileReport::failed(
                path,
                format!(
                    "{}: the file does not name its machine; say which machine it is with --host NAME",
                    display_name(path)
                ),
            ),
            Ok(preview) if *dry_run => FileReport::from_preview(path, preview, "checked"),
            Ok(preview) => match commits.next() {
                Some(Ok(imported)) => FileReport {
                    stored: Some(imported.stored),
                    ..FileReport::from_preview(path, preview, "imported")
                },
                Some(Err(reason)) => FileReport::failed(path, reason),
                None => FileReport::failed(path, format!("{}: not stored", display_name(path))),
            },
        };
        if !*as_json {
            print_text(out, &report)?;
        }
        reports.push(report);
    }
    if *as_json {
        json(out, &reports)?;
    }
    let failed = reports.iter().filter(|r| r.status == "failed").count();
    if failed > 0 {
        return Err(CliError::Failed(format!(
            "{failed} of {} file(s) could not be imported",
            reports.len()
        )));
    }
    Ok(())
}

fn print_text(out: &mut dyn Write, report: &FileReport) -> std::io::Result<()> {
    if let Some(error) = &report.error {
        return writeln!(out, "{}: FAILED: {error}", report.file);
    }
    let what = match (&report.stored, report.status) {
        (Some(stored), _) => format!(
            "imported ({} new, {} updated)",
            stored.machines_added, stored.machines_updated
        ),
        (None, _) => "checked, nothing written (--dry-run)".to_owned(),
    };
    writeln!(
        out,
        "{}: {} [{}], {} machine(s): {} — {what}",
        report.file,
        report.format_name.unwrap_or_default(),
        report.encoding.unwrap_or_default(),
        report.machines.len(),
        report.machines.join(", "),
    )?;
    for problem in &report.problems {
        writeln!(out, "  {problem}")?;
    }
    Ok(())
}
