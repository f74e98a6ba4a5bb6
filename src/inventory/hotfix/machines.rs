//! Hotfix rows grouped into one [`MachineReport`] per computer.

use super::installed_on::DateReader;
use super::rows::HotfixRow;
use crate::inventory::{InstalledUpdate, MachineReport, Parsed, Problem, normalize_kb};

/// What a `HotFixID` is.
enum HotfixId {
    Kb(String),
    /// `{7A068575-…}` and `File 1`: Windows lists component installs this way; no KB exists.
    NotAnUpdate,
    Unreadable,
}

fn classify(hotfix_id: &str) -> HotfixId {
    if let Some(kb) = normalize_kb(hotfix_id) {
        HotfixId::Kb(kb)
    } else if hotfix_id.starts_with('{') || hotfix_id.starts_with("File ") {
        HotfixId::NotAnUpdate
    } else {
        HotfixId::Unreadable
    }
}

/// Groups rows by computer name (ignoring case) in the order computers first appear.
pub(super) fn machines_from_rows(
    rows: Vec<HotfixRow>,
    has_computer_column: bool,
    mut problems: Vec<Problem>,
) -> Result<Parsed, Problem> {
    if rows.is_empty() {
        return Err(Problem::general(
            "the hotfix list has a header but no rows: nothing was installed, or the command \
             was run without rights to read it",
        ));
    }
    let dates = DateReader::for_values(rows.iter().map(|row| row.installed_on.as_str()));
    if dates.mixed_orders {
        problems.push(Problem::general(
            "InstalledOn dates mix day-first and month-first forms; dates that fit both were \
             read in the order their form usually has",
        ));
    }

    let mut machines: Vec<MachineReport> = Vec::new();
    let mut not_updates: Vec<usize> = Vec::new();
    for row in rows {
        let kb = match classify(&row.hotfix_id) {
            HotfixId::Kb(kb) => kb,
            HotfixId::NotAnUpdate => {
                not_updates.push(row.line);
                continue;
            }
            HotfixId::Unreadable if row.hotfix_id.is_empty() => {
                problems.push(Problem::at(row.line, "row without a HotFixID, skipped"));
                continue;
            }
            HotfixId::Unreadable => {
                problems.push(Problem::at(
                    row.line,
                    format!(
                        "HotFixID {:?} is not a KB number, row skipped",
                        row.hotfix_id
                    ),
                ));
                continue;
            }
        };
        let installed_on = dates.read(&row.installed_on).unwrap_or_else(|reason| {
            problems.push(Problem::at(row.line, format!("{kb}: {reason}")));
            None
        });
        let machine = machine_named(&mut machines, &row.computer);
        add_update(
            machine,
            InstalledUpdate {
                kb,
                installed_on,
                description: (!row.description.is_empty()).then_some(row.description),
            },
        );
    }

    if let Some(&first_line) = not_updates.first() {
        problems.push(Problem::at(
            first_line,
            format!(
                "{} entr{} with a GUID or \"File 1\" instead of a KB number skipped (Windows \
                 lists component installs this way; they are not updates)",
                not_updates.len(),
                if not_updates.len() == 1 { "y" } else { "ies" },
            ),
        ));
    }
    if machines.is_empty() {
        return Err(Problem::general(
            "the hotfix list names no KB number: every row was skipped",
        ));
    }
    if machines.iter().any(|machine| machine.hostname.is_empty()) {
        problems.push(Problem::general(if has_computer_column {
            "some rows have no computer name; their updates are listed under a machine \
             without a name"
        } else {
            "the hotfix list has no computer column (CSName, PSComputerName or Node): \
             the machine's name must be given when importing it"
        }));
    }
    Ok(Parsed { machines, problems })
}

/// The report of the computer with this name (any case), added at the end when new. Shared by
/// every parser whose files can list several computers.
pub(crate) fn machine_named<'a>(
    machines: &'a mut Vec<MachineReport>,
    computer: &str,
) -> &'a mut MachineReport {
    let index = match machines
        .iter()
        .position(|machine| machine.hostname.eq_ignore_ascii_case(computer))
    {
        Some(index) => index,
        None => {
            machines.push(MachineReport {
                hostname: computer.to_string(),
                ..MachineReport::default()
            });
            machines.len() - 1
        }
    };
    &mut machines[index]
}

/// Keeps one entry per KB, filling what the first one lacked: `wmic` lists a KB once per
/// package it touched on old systems, the collector once per source.
pub(crate) fn add_update(machine: &mut MachineReport, update: InstalledUpdate) {
    match machine
        .updates
        .iter_mut()
        .find(|known| known.kb == update.kb)
    {
        Some(known) => {
            known.installed_on = known.installed_on.or(update.installed_on);
            known.description = known.description.take().or(update.description);
        }
        None => machine.updates.push(update),
    }
}
