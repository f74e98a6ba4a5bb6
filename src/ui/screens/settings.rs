//! Settings: language, theme, the office profile, the database.

use super::ScreenContext;
use crate::i18n::Lang;
use crate::store::OfficeProfile;
use crate::ui::app::DbState;
use crate::ui::app_state::{Prefs, ThemeChoice};
use crate::ui::command::UiCommand;
use crate::ui::theme;

/// The office form being edited; reset from the database whenever the saved profile changes.
#[derive(Default)]
pub struct SettingsScreen {
    form: OfficeProfile,
    loaded_from: Option<OfficeProfile>,
}

impl SettingsScreen {
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ScreenContext<'_>,
        prefs: &Prefs,
        commands: &mut Vec<UiCommand>,
    ) {
        let lang = ctx.lang;
        theme::card(ui, |ui| {
            ui.strong(lang.tr("settings.language"));
            ui.horizontal(|ui| {
                for option in Lang::ALL {
                    if ui
                        .radio(prefs.lang == option, option.native_name())
                        .clicked()
                    {
                        commands.push(UiCommand::SetLanguage(option));
                    }
                }
            });
            ui.add_space(theme::SPACE_M);
            ui.strong(lang.tr("settings.theme"));
            ui.horizontal(|ui| {
                for option in ThemeChoice::ALL {
                    if ui
                        .radio(prefs.theme == option, lang.tr(option.label_key()))
                        .clicked()
                    {
                        commands.push(UiCommand::SetTheme(option));
                    }
                }
            });
        });
        ui.add_space(theme::SPACE_L);

        let saved = ctx.overview.and_then(|o| o.office.clone());
        if self.loaded_from != saved {
            self.form = saved.clone().unwrap_or_default();
            self.loaded_from = saved.clone();
        }
        theme::card(ui, |ui| {
            ui.strong(lang.tr("settings.office"));
            ui.label(lang.tr("settings.office_hint"));
            egui::Grid::new("office_form")
                .num_columns(2)
                .spacing([theme::SPACE_L, theme::SPACE_M])
                .show(ui, |ui| {
                    text_field(ui, &lang.tr("settings.office_name"), &mut self.form.name);
                    text_field(
                        ui,
                        &lang.tr("settings.admin_name"),
                        &mut self.form.admin_name,
                    );
                    text_field(
                        ui,
                        &lang.tr("settings.admin_email"),
                        &mut self.form.admin_email,
                    );
                });
            let changed = self.form != saved.clone().unwrap_or_default();
            let can_save = changed
                && !self.form.name.trim().is_empty()
                && *ctx.db == DbState::Ready
                && !ctx.saving_office;
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(can_save, egui::Button::new(lang.tr("settings.save")))
                    .clicked()
                {
                    let trimmed = OfficeProfile {
                        name: self.form.name.trim().to_owned(),
                        admin_name: self.form.admin_name.trim().to_owned(),
                        admin_email: self.form.admin_email.trim().to_owned(),
                    };
                    commands.push(UiCommand::SaveOfficeProfile(trimmed));
                }
                if changed && self.form.name.trim().is_empty() {
                    ui.colored_label(theme::WARNING, lang.tr("settings.office_name_required"));
                }
            });
        });
        ui.add_space(theme::SPACE_L);

        theme::card(ui, |ui| {
            ui.strong(lang.tr("settings.drop_folder"));
            ui.label(lang.tr("settings.drop_folder_hint"));
            let folder = ctx.overview.and_then(|o| o.drop_folder.as_ref());
            let ready = *ctx.db == DbState::Ready;
            ui.horizontal(|ui| {
                match folder {
                    Some(folder) => ui.monospace(folder.display().to_string()),
                    None => ui.weak(lang.tr("settings.drop_folder_none")),
                };
            });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        ready,
                        egui::Button::new(lang.tr("settings.drop_folder_choose")),
                    )
                    .clicked()
                {
                    commands.push(UiCommand::ChooseDropFolder);
                }
                if folder.is_some()
                    && ui
                        .add_enabled(
                            ready,
                            egui::Button::new(lang.tr("settings.drop_folder_stop")),
                        )
                        .clicked()
                {
                    commands.push(UiCommand::StopDropFolder);
                }
            });
        });
        ui.add_space(theme::SPACE_L);

        theme::card(ui, |ui| {
            ui.strong(lang.tr("settings.database"));
            super::database_facts(ui, lang, ctx.db_path, ctx.overview.map(|o| &o.database));
            ui.label(lang.tr("settings.database_hint"));
            let ready = *ctx.db == DbState::Ready;
            if ui
                .add_enabled(ready, egui::Button::new(lang.tr("settings.backup")))
                .clicked()
            {
                commands.push(UiCommand::BackupDatabase);
            }
        });
        ui.add_space(theme::SPACE_L);
        if ui.button(lang.tr("settings.shortcuts")).clicked() {
            commands.push(UiCommand::ToggleHelp);
        }
    }
}

/// A labelled single-line text field; the label is also the field's accessible name.
fn text_field(ui: &mut egui::Ui, label: &str, value: &mut String) {
    let label_response = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(theme::FORM_FIELD_WIDTH))
        .labelled_by(label_response.id);
    ui.end_row();
}
