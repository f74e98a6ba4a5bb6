//! The machines table: virtualised (only visible rows are laid out), sortable, multi-select.

use egui_extras::{Column, TableBuilder};

use super::{AssessScreen, SortColumn};
use crate::store::MachineSummary;
use crate::ui::command::UiCommand;
use crate::ui::screens::ScreenContext;

const ROW_HEIGHT: f32 = 22.0;

pub fn show(
    ui: &mut egui::Ui,
    ctx: &ScreenContext<'_>,
    screen: &mut AssessScreen,
    machines: &[MachineSummary],
    visible: &[usize],
    scroll_to: Option<f32>,
    commands: &mut Vec<UiCommand>,
) {
    let lang = ctx.lang;
    let columns = [
        (SortColumn::Hostname, "assess.col.hostname"),
        (SortColumn::Os, "assess.col.os"),
        (SortColumn::Build, "assess.col.build"),
        (SortColumn::Updates, "assess.col.updates"),
        (SortColumn::LastScan, "assess.col.last_scan"),
        (SortColumn::Groups, "assess.col.groups"),
    ];
    let height = ui.available_height();
    // Selectable labels would take the click that selects the row.
    ui.style_mut().interaction.selectable_labels = false;
    let mut builder = TableBuilder::new(ui);
    if let Some(offset) = scroll_to {
        builder = builder.vertical_scroll_offset(offset);
    }
    builder
        .id_salt("machines_table")
        .striped(true)
        // Fixed widths and one flexible column, recomputed every frame, so that the table always
        // fits beside the details panel.
        .resizable(false)
        .sense(egui::Sense::click())
        .max_scroll_height(height)
        .column(Column::exact(140.0).clip(true))
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::exact(112.0).clip(true))
        .column(Column::exact(56.0))
        .column(Column::exact(118.0).clip(true))
        .column(Column::exact(110.0).clip(true))
        .header(ROW_HEIGHT + 4.0, |mut header| {
            for (column, key) in columns {
                header.col(|ui| {
                    let arrow = match (screen.sort == column, screen.descending) {
                        (true, false) => " ▲",
                        (true, true) => " ▼",
                        (false, _) => "",
                    };
                    let label = format!("{}{arrow}", lang.tr(key));
                    if ui
                        .add(egui::Button::new(egui::RichText::new(label).strong()).frame(false))
                        .clicked()
                    {
                        if screen.sort == column {
                            screen.descending = !screen.descending;
                        } else {
                            screen.sort = column;
                            screen.descending = false;
                        }
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, visible.len(), |mut row| {
                let position = row.index();
                let machine = &machines[visible[position]];
                row.set_selected(screen.selected.contains(&machine.id));
                row.col(|ui| {
                    ui.label(&machine.hostname);
                });
                row.col(|ui| {
                    ui.label(machine.os_name.as_deref().unwrap_or("—"));
                });
                row.col(|ui| {
                    ui.label(machine.os_build.as_deref().unwrap_or("—"));
                });
                row.col(|ui| {
                    ui.label(machine.installed_kbs.len().to_string());
                });
                row.col(|ui| {
                    ui.label(short_time(machine.last_scan.as_deref()));
                });
                row.col(|ui| {
                    ui.label(machine.groups.join(", "));
                });
                let response = row.response();
                if response.clicked() {
                    let modifiers = response.ctx.input(|i| i.modifiers);
                    click(screen, machines, visible, position, modifiers, commands);
                }
            });
        });
}

/// Click selects one machine (and opens its details); Ctrl/Cmd-click toggles; Shift-click
/// selects the range from the last click.
fn click(
    screen: &mut AssessScreen,
    machines: &[MachineSummary],
    visible: &[usize],
    position: usize,
    modifiers: egui::Modifiers,
    commands: &mut Vec<UiCommand>,
) {
    let id = machines[visible[position]].id;
    if modifiers.shift
        && let Some(anchor) = screen.anchor
    {
        let (from, to) = (anchor.min(position), anchor.max(position));
        screen.selected = visible[from..=to.min(visible.len() - 1)]
            .iter()
            .map(|&i| machines[i].id)
            .collect();
    } else if modifiers.command {
        if !screen.selected.remove(&id) {
            screen.selected.insert(id);
        }
        screen.anchor = Some(position);
    } else {
        screen.selected = [id].into();
        screen.anchor = Some(position);
    }
    let single = (screen.selected.len() == 1)
        .then(|| screen.selected.iter().next().copied())
        .flatten();
    commands.push(UiCommand::SelectMachine(single));
}

/// "2026-01-05 09:30" in local time.
pub fn short_time(rfc3339: Option<&str>) -> String {
    rfc3339
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "—".to_owned())
}
