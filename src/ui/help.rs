//! The help overlay (F1 or `?`): every keyboard shortcut, read from the one shortcut table.

use super::command::{UiCommand, shortcuts};
use super::theme;
use crate::i18n::Lang;

pub fn show(ctx: &egui::Context, lang: Lang, commands: &mut Vec<UiCommand>) {
    let modal = egui::Modal::new(egui::Id::unique("help_overlay")).show(ctx, |ui| {
        ui.set_width(440.0);
        ui.heading(lang.tr("help.title"));
        ui.label(lang.tr("help.intro"));
        ui.add_space(theme::SPACE_M);
        egui::Grid::new("shortcut_table")
            .num_columns(2)
            .striped(true)
            .spacing([theme::SPACE_XL, theme::SPACE_S])
            .show(ui, |ui| {
                for shortcut in shortcuts() {
                    ui.monospace(ctx.format_shortcut(&shortcut.keys));
                    ui.label(lang.tr(shortcut.description_key));
                    ui.end_row();
                }
                ui.monospace("?");
                ui.label(lang.tr("shortcut.help"));
                ui.end_row();
            });
        ui.add_space(theme::SPACE_M);
        ui.label(lang.tr("help.drop"));
        ui.add_space(theme::SPACE_M);
        if ui.button(lang.tr("help.close")).clicked() {
            commands.push(UiCommand::ToggleHelp);
        }
    });
    if modal.should_close() {
        commands.push(UiCommand::CloseOverlays);
    }
}
