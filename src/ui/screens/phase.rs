//! The four process phases' screens: 1 査定, 2 識別, 3 評価と計画, 4 展開.

use super::ScreenContext;
use crate::ui::command::UiCommand;
use crate::ui::nav::Section;
use crate::ui::theme;

pub fn show(
    ui: &mut egui::Ui,
    ctx: &ScreenContext<'_>,
    section: Section,
    commands: &mut Vec<UiCommand>,
) {
    let lang = ctx.lang;
    let key = section.screen_key();
    theme::card(ui, |ui| {
        ui.strong(lang.tr(&format!("{key}.steps_title")));
        for step in 1..=3 {
            ui.label(format!("・{}", lang.tr(&format!("{key}.step{step}"))));
        }
    });
    ui.add_space(theme::SPACE_L);
    if matches!(section, Section::Assess | Section::Identify) {
        ui.horizontal(|ui| {
            let label = lang.tr(&format!("{key}.import"));
            if ui.button(label).clicked() {
                commands.push(UiCommand::PickFilesToImport);
            }
            ui.weak(lang.tr("screen.import_hint"));
        });
    }
}
