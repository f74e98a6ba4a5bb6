//! The sections of the window, in the order of the patch-management process.

use serde::{Deserialize, Serialize};

use super::command::UiCommand;
use super::theme;
use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Section {
    #[default]
    Dashboard,
    Assess,
    Identify,
    Plan,
    Deploy,
    Settings,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Dashboard,
        Section::Assess,
        Section::Identify,
        Section::Plan,
        Section::Deploy,
        Section::Settings,
    ];

    /// The label in the navigation ("1 査定", "Settings").
    pub fn nav_key(self) -> &'static str {
        match self {
            Section::Dashboard => "nav.dashboard",
            Section::Assess => "nav.assess",
            Section::Identify => "nav.identify",
            Section::Plan => "nav.plan",
            Section::Deploy => "nav.deploy",
            Section::Settings => "nav.settings",
        }
    }

    /// The i18n key prefix of the section's screen texts (`<prefix>.title`, `<prefix>.intro`).
    pub fn screen_key(self) -> &'static str {
        match self {
            Section::Dashboard => "screen.dashboard",
            Section::Assess => "screen.assess",
            Section::Identify => "screen.identify",
            Section::Plan => "screen.plan",
            Section::Deploy => "screen.deploy",
            Section::Settings => "screen.settings",
        }
    }

    /// The process phase this section stands for (1..=4), if any.
    pub fn phase(self) -> Option<u8> {
        match self {
            Section::Assess => Some(1),
            Section::Identify => Some(2),
            Section::Plan => Some(3),
            Section::Deploy => Some(4),
            Section::Dashboard | Section::Settings => None,
        }
    }
}

/// The navigation column on the left.
pub fn side_nav(ui: &mut egui::Ui, lang: Lang, current: Section, commands: &mut Vec<UiCommand>) {
    ui.add_space(theme::SPACE_M);
    for section in Section::ALL {
        if section == Section::Settings {
            ui.separator();
        }
        let label = egui::RichText::new(lang.tr(section.nav_key())).size(theme::NAV_TEXT_SIZE);
        let button = egui::Button::selectable(current == section, label)
            .min_size(egui::vec2(ui.available_width(), theme::NAV_ROW_HEIGHT));
        if ui.add(button).clicked() {
            commands.push(UiCommand::Navigate(section));
        }
    }
}
