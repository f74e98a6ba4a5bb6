//! `patchdesk import inventory FILE... [--dry-run] [--host NAME] [--json]` and
//! `patchdesk import catalog FILE... [--dry-run] [--json]`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::Serialize;

use super::CliError;
use super::output::json;
use crate::i18n::Lang;
use crate::importers::{
    CatalogSummary, FilePreview, ImporterRegistry, commit_all, display_name, preview_all,
};
use crate::inventory::Problem;
use crate::store::{DocumentOutcome, Store, StoredCatalog, StoredScans};

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
    /// Update catalogs (2 識別 Identify): MSRC CVRF documents (XML or JSON), the CISA KEV
    /// catalog (JSON), the Bulletin Search spreadsheet (.xlsx or .csv). A newer revision of a
    /// document replaces the stored one; machines are rematched
    Catalog {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Read and report, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Print a JSON array with one object per file
        #[arg(long)]
        json: bool,
    },
}

/// Which kind of file a subcommand takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Inventory,
    Catalog,
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
    /// Catalogs: what the file holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    catalog: Option<CatalogSummary>,
    /// Catalogs: what was stored (documents added, replaced, unchanged or older and ignored).
    #[serde(skip_serializing_if = "Option::is_none")]
    stored_catalog: Option<StoredCatalog>,
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
            catalog: preview.catalog().map(|c| c.summary()),
            stored_catalog: None,
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
            catalog: None,
            stored_catalog: None,
        }
    }
}

/// Imports each file on its own: a bad file is reported and writes nothing, the good ones go
/// in. Fails (non-zero exit) when any file failed.
pub fn execute(command: &ImportCommand, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let (kind, files, dry_run, host, as_json) = match command {
        ImportCommand::Inventory {
            files,
            dry_run,
            host,
            json,
        } => (Kind::Inventory, files, dry_run, host.as_ref(), json),
        ImportCommand::Catalog {
            files,
            dry_run,
            json,
        } => (Kind::Catalog, files, dry_run, None, json),
    };
    let registry = ImporterRegistry::with_builtin_importers();
    let mut previews = preview_all(&registry, files);
    if let Some(host) = host {
        for preview in previews.iter_mut().flatten() {
            preview.name_unnamed_machines(host);
        }
    }
    // Only files that read well and name their machines are stored, all in one transaction
    // with a savepoint each.
    let wrong_kind = |preview: &FilePreview| match kind {
        Kind::Inventory => preview.catalog().is_some(),
        Kind::Catalog => preview.catalog().is_none(),
    };
    let ready: Vec<&FilePreview> = previews
        .iter()
        .flatten()
        .filter(|p| p.unnamed_machines() == 0 && !wrong_kind(p))
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
            Ok(preview) if wrong_kind(preview) => FileReport::failed(
                path,
                match kind {
                    Kind::Inventory => format!(
                        "{}: this is an update catalog ({}); use `patchdesk import catalog`",
                        display_name(path),
                        preview.format_name()
                    ),
                    Kind::Catalog => format!(
                        "{}: this is an inventory ({}), not an update catalog; use `patchdesk import inventory`",
                        display_name(path),
                        preview.format_name()
                    ),
                },
            ),
            Ok(preview) if preview.unnamed_machines() > 0 => FileReport::failed(
                path,
                format!(
                    "{}: the file does not name its machine; say which machine it is with --host NAME",
                    display_name(path)
                ),
            ),
            Ok(preview) if *dry_run => FileReport::from_preview(path, preview, "checked"),
            Ok(preview) => match commits.next() {
                Some(Ok(imported)) if kind == Kind::Catalog => FileReport {
                    stored_catalog: imported.catalog,
                    ..FileReport::from_preview(path, preview, "imported")
                },
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
    if let Some(catalog) = &report.catalog {
        return print_catalog_text(out, report, catalog);
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

fn print_catalog_text(
    out: &mut dyn Write,
    report: &FileReport,
    catalog: &CatalogSummary,
) -> std::io::Result<()> {
    let outcome = |o: DocumentOutcome| match o {
        DocumentOutcome::Added => "added",
        DocumentOutcome::Replaced => "replaced by a newer revision",
        DocumentOutcome::Unchanged => "unchanged (this revision is already stored)",
        DocumentOutcome::OlderIgnored => "kept the stored newer revision",
    };
    let what = match &report.stored_catalog {
        None => "checked, nothing written (--dry-run)".to_owned(),
        Some(stored) => {
            let mut parts: Vec<String> = Vec::new();
            if let Some(kev) = &stored.kev {
                parts.push(format!("{} entries {}", kev.entries, outcome(kev.outcome)));
            }
            match stored.documents.as_slice() {
                [] => {}
                [one] => parts.push(outcome(one.outcome).to_owned()),
                many => {
                    let count = |o| many.iter().filter(|d| d.outcome == o).count();
                    parts.push(format!(
                        "{} bulletin(s): {} added, {} replaced",
                        many.len(),
                        count(DocumentOutcome::Added),
                        count(DocumentOutcome::Replaced)
                    ));
                }
            }
            parts.join(", ")
        }
    };
    writeln!(
        out,
        "{}: {} — {}, {} vulnerabilities — {what}",
        report.file,
        report.format_name.unwrap_or_default(),
        catalog.title,
        catalog.vulnerabilities,
    )
}
