//! The screens of the phases whose tools are still to come (2 識別, 3 評価と計画, 4 展開): what
//! the admin does in the phase, from the process documents.

use super::ScreenContext;
use crate::ui::nav::Section;
use crate::ui::theme;

pub fn show(ui: &mut egui::Ui, ctx: &ScreenContext<'_>, section: Section) {
    let lang = ctx.lang;
    let key = section.screen_key();
    theme::card(ui, |ui| {
        ui.strong(lang.tr(&format!("{key}.steps_title")));
        for step in 1..=3 {
            ui.label(format!("・{}", lang.tr(&format!("{key}.step{step}"))));
        }
    });
}
