//! One screen per section. Each draws from a [`ScreenContext`] and pushes commands.

mod dashboard;
mod phase;
mod settings;

use std::path::Path;

pub use settings::SettingsScreen;

use super::app::DbState;
use super::app_state::Prefs;
use super::command::UiCommand;
use super::nav::Section;
use super::theme;
use crate::i18n::Lang;
use crate::overview::Overview;

/// What every screen may read.
pub struct ScreenContext<'a> {
    pub lang: Lang,
    pub db: &'a DbState,
    pub db_path: &'a Path,
    pub overview: Option<&'a Overview>,
    pub loading_sample: bool,
    pub saving_office: bool,
}

pub fn show(
    ui: &mut egui::Ui,
    section: Section,
    ctx: &ScreenContext<'_>,
    settings: &mut SettingsScreen,
    prefs: &Prefs,
    commands: &mut Vec<UiCommand>,
) {
    ui.add_space(theme::SPACE_M);
    heading(ui, ctx.lang, section);
    ui.add_space(theme::SPACE_L);
    match section {
        Section::Dashboard => dashboard::show(ui, ctx, commands),
        Section::Assess | Section::Identify | Section::Plan | Section::Deploy => {
            phase::show(ui, ctx, section, commands)
        }
        Section::Settings => settings.show(ui, ctx, prefs, commands),
    }
}

/// The screen's title and the sentence that says what belongs there.
fn heading(ui: &mut egui::Ui, lang: Lang, section: Section) {
    let key = section.screen_key();
    ui.heading(lang.tr(&format!("{key}.title")));
    ui.label(lang.tr(&format!("{key}.intro")));
}
