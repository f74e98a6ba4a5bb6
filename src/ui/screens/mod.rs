//! One screen per section. Each draws from a [`ScreenContext`] and pushes commands.

mod assess;
mod dashboard;
mod identify;
mod phase;
mod settings;

use std::path::Path;

pub use assess::AssessScreen;
pub use identify::IdentifyScreen;
pub use settings::SettingsScreen;

use super::app::DbState;
use super::app_state::Prefs;
use super::command::UiCommand;
use super::nav::Section;
use super::tasks::{ExplanationView, IdentifyView, InventoryView};
use super::theme;
use crate::cli::human_size;
use crate::i18n::Lang;
use crate::overview::Overview;
use crate::store::{CatalogVulnerability, DbInfo, MachineDetail, MachineFindings};

/// What every screen may read.
pub struct ScreenContext<'a> {
    pub lang: Lang,
    pub db: &'a DbState,
    pub db_path: &'a Path,
    pub overview: Option<&'a Overview>,
    pub loading_sample: bool,
    pub saving_office: bool,
    pub inventory: Option<&'a InventoryView>,
    pub importing: bool,
    pub machine_detail: Option<&'a MachineDetail>,
    pub identify: Option<&'a IdentifyView>,
    /// The findings of the machine selected on the Identify screen, once loaded.
    pub machine_findings: Option<&'a MachineFindings>,
    pub explanation: Option<&'a ExplanationView>,
    pub catalog_results: Option<&'a [CatalogVulnerability]>,
    pub fetching_catalog: bool,
}

/// The screens that keep state of their own between frames.
pub struct ScreenStates<'a> {
    pub settings: &'a mut SettingsScreen,
    pub assess: &'a mut AssessScreen,
    pub identify: &'a mut IdentifyScreen,
}

pub fn show(
    ui: &mut egui::Ui,
    section: Section,
    ctx: &ScreenContext<'_>,
    states: ScreenStates<'_>,
    prefs: &Prefs,
    commands: &mut Vec<UiCommand>,
) {
    ui.add_space(theme::SPACE_M);
    heading(ui, ctx.lang, section);
    ui.add_space(theme::SPACE_M);
    // The machines and findings tables scroll themselves; the other screens scroll as a whole.
    if section == Section::Assess {
        states.assess.show(ui, ctx, commands);
        return;
    }
    if section == Section::Identify {
        states.identify.show(ui, ctx, commands);
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| match section {
            Section::Dashboard => dashboard::show(ui, ctx, commands),
            Section::Plan | Section::Deploy => phase::show(ui, ctx, section),
            Section::Assess | Section::Identify => {}
            Section::Settings => states.settings.show(ui, ctx, prefs, commands),
        });
}

/// The screen's title and the sentence that says what belongs there.
fn heading(ui: &mut egui::Ui, lang: Lang, section: Section) {
    let key = section.screen_key();
    ui.heading(lang.tr(&format!("{key}.title")));
    ui.label(lang.tr(&format!("{key}.intro")));
}

/// File, schema version and size of the database (size and version once it is open).
fn database_facts(ui: &mut egui::Ui, lang: Lang, path: &Path, info: Option<&DbInfo>) {
    egui::Grid::new("database_facts")
        .num_columns(2)
        .spacing([theme::SPACE_L, theme::SPACE_S])
        .show(ui, |ui| {
            ui.label(lang.tr("dashboard.database_file"));
            ui.label(path.display().to_string());
            ui.end_row();
            if let Some(info) = info {
                ui.label(lang.tr("dashboard.database_schema"));
                ui.label(info.schema_version.to_string());
                ui.end_row();
                ui.label(lang.tr("dashboard.database_size"));
                ui.label(human_size(info.size_bytes));
                ui.end_row();
            }
        });
}

/// "Group: [any ▾]": a filter by group or ring, as the Assess and Identify screens offer it.
fn group_filter(
    ui: &mut egui::Ui,
    lang: Lang,
    id: &str,
    groups: &[crate::store::GroupSummary],
    selected: &mut Option<String>,
) {
    let any = lang.tr("assess.any");
    ui.label(lang.tr("assess.group"));
    egui::ComboBox::from_id_salt(id)
        .selected_text(selected.clone().unwrap_or_else(|| any.to_string()))
        .show_ui(ui, |ui| {
            ui.selectable_value(selected, None, any.as_ref());
            for group in groups {
                ui.selectable_value(selected, Some(group.name.clone()), &group.name);
            }
        });
}
