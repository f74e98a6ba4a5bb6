//! Findings by update: which KB clears most, for how many machines, most urgent first.

use egui_extras::{Column, TableBuilder};

use super::{GroupLookup, IdentifyScreen, severity_label};
use crate::store::UpdateRisk;
use crate::ui::screens::ScreenContext;
use crate::ui::theme;

const ROW_HEIGHT: f32 = 22.0;

pub fn show(
    ui: &mut egui::Ui,
    ctx: &ScreenContext<'_>,
    screen: &mut IdentifyScreen,
    updates: &[UpdateRisk],
) {
    let lang = ctx.lang;
    let machines = ctx
        .identify
        .map(|v| v.risk.machines.as_slice())
        .unwrap_or_default();
    let groups = GroupLookup { machines };
    let visible: Vec<&UpdateRisk> = updates
        .iter()
        .filter(|u| screen.keeps_update(u, &groups))
        .collect();
    ui.label(lang.trf(
        "identify.updates_count",
        &[("shown", &visible.len()), ("total", &updates.len())],
    ));
    if let Some(kb) = &screen.selected_update
        && let Some(update) = updates.iter().find(|u| &u.kb == kb)
    {
        egui::Panel::right("identify_update")
            .resizable(true)
            .default_size(theme::DETAIL_PANEL_WIDTH)
            .size_range(theme::DETAIL_PANEL_MIN_WIDTH..=theme::DETAIL_PANEL_MAX_WIDTH)
            .show(ui, |ui| {
                ui.heading(&update.kb);
                for product in &update.products {
                    ui.label(product);
                }
                ui.add_space(theme::SPACE_S);
                ui.strong(lang.trf("identify.update_machines", &[("count", &update.machines)]));
                egui::ScrollArea::vertical()
                    .id_salt("identify_update_hosts")
                    .show(ui, |ui| {
                        for host in &update.hosts {
                            ui.label(host);
                        }
                    });
            });
    }
    egui::CentralPanel::no_frame().show(ui, |ui| {
        ui.style_mut().interaction.selectable_labels = false;
        let height = ui.available_height();
        TableBuilder::new(ui)
            .id_salt("identify_updates")
            .striped(true)
            .resizable(false)
            .sense(egui::Sense::click())
            .max_scroll_height(height)
            .column(Column::exact(96.0))
            .column(Column::exact(64.0))
            .column(Column::exact(72.0))
            .column(Column::exact(72.0))
            .column(Column::exact(72.0))
            .column(Column::exact(96.0))
            .column(Column::remainder().at_least(120.0).clip(true))
            .header(ROW_HEIGHT + 4.0, |mut header| {
                for key in [
                    "identify.col.kb",
                    "identify.col.severity",
                    "identify.col.machines",
                    "identify.col.findings",
                    "identify.col.exploited",
                    "identify.col.released",
                    "identify.col.products",
                ] {
                    header.col(|ui| {
                        ui.strong(lang.tr(key));
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, visible.len(), |mut row| {
                    let update = visible[row.index()];
                    row.set_selected(screen.selected_update.as_ref() == Some(&update.kb));
                    row.col(|ui| {
                        ui.label(&update.kb);
                    });
                    row.col(|ui| {
                        if let Some(top) = &update.top {
                            ui.label(severity_label(lang, top.severity));
                        }
                    });
                    row.col(|ui| {
                        ui.label(update.machines.to_string());
                    });
                    row.col(|ui| {
                        ui.label(update.findings.to_string());
                    });
                    row.col(|ui| {
                        if update.exploited > 0 {
                            ui.colored_label(theme::ERROR, update.exploited.to_string());
                        } else {
                            ui.weak("0");
                        }
                    });
                    row.col(|ui| {
                        ui.label(update.released.map(|d| d.to_string()).unwrap_or_default());
                    });
                    row.col(|ui| {
                        ui.label(update.products.join(", "));
                    });
                    if row.response().clicked() {
                        screen.selected_update = (screen.selected_update.as_ref()
                            != Some(&update.kb))
                        .then(|| update.kb.clone());
                    }
                });
            });
    });
}
