//! What the window remembers between runs (one serde struct, as in egui's demo app). Runtime
//! objects (jobs, the loaded overview) live in the app itself and are never saved.

use serde::{Deserialize, Serialize};

use super::nav::Section;
use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the OS setting.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn label_key(self) -> &'static str {
        match self {
            ThemeChoice::System => "settings.theme_system",
            ThemeChoice::Light => "settings.theme_light",
            ThemeChoice::Dark => "settings.theme_dark",
        }
    }

    /// The next choice, for the keyboard shortcut that cycles through them.
    pub fn next(self) -> ThemeChoice {
        match self {
            ThemeChoice::System => ThemeChoice::Light,
            ThemeChoice::Light => ThemeChoice::Dark,
            ThemeChoice::Dark => ThemeChoice::System,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub lang: Lang,
    pub theme: ThemeChoice,
    pub section: Section,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            lang: Lang::detect(),
            theme: ThemeChoice::default(),
            section: Section::Dashboard,
        }
    }
}

/// The key under which eframe stores [`Prefs`].
pub const PREFS_KEY: &str = "patchdesk.prefs";
