//! Design tokens: every size and colour the screens use comes from here.

use egui::{Color32, FontFamily, FontId, TextStyle, ThemePreference};

use super::app_state::ThemeChoice;

pub const SPACE_S: f32 = 4.0;
pub const SPACE_M: f32 = 8.0;
pub const SPACE_L: f32 = 16.0;
pub const SPACE_XL: f32 = 24.0;

pub const NAV_WIDTH: f32 = 190.0;
pub const NAV_ROW_HEIGHT: f32 = 34.0;
pub const NAV_TEXT_SIZE: f32 = 16.0;
pub const CARD_RADIUS: u8 = 6;
pub const CARD_MAX_WIDTH: f32 = 760.0;
pub const FORM_FIELD_WIDTH: f32 = 320.0;
pub const DETAIL_PANEL_WIDTH: f32 = 330.0;
pub const DETAIL_PANEL_MIN_WIDTH: f32 = 260.0;
pub const DETAIL_PANEL_MAX_WIDTH: f32 = 560.0;
pub const GROUPS_PANEL_HEIGHT: f32 = 170.0;
pub const FINDINGS_PANEL_WIDTH: f32 = 420.0;
pub const FINDINGS_PANEL_MAX_WIDTH: f32 = 640.0;
pub const EXPLANATION_WIDTH: f32 = 620.0;
pub const STATUS_PROGRESS_WIDTH: f32 = 160.0;

pub const HEADING_SIZE: f32 = 24.0;
pub const BODY_SIZE: f32 = 15.0;
pub const SMALL_SIZE: f32 = 12.5;
pub const PHASE_NUMBER_SIZE: f32 = 30.0;

/// The accent of the process: the same colour marks the current phase everywhere.
pub const ACCENT: Color32 = Color32::from_rgb(0x1F, 0x6F, 0xEB);
pub const SUCCESS: Color32 = Color32::from_rgb(0x2E, 0x9E, 0x5B);
pub const WARNING: Color32 = Color32::from_rgb(0xD9, 0x8E, 0x04);
pub const ERROR: Color32 = Color32::from_rgb(0xD1, 0x3B, 0x3B);

/// Sets the theme and the text styles. Called at start and when the preference changes.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_theme(match choice {
        ThemeChoice::System => ThemePreference::System,
        ThemeChoice::Light => ThemePreference::Light,
        ThemeChoice::Dark => ThemePreference::Dark,
    });
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(HEADING_SIZE, FontFamily::Proportional),
            ),
            (
                TextStyle::Body,
                FontId::new(BODY_SIZE, FontFamily::Proportional),
            ),
            (
                TextStyle::Button,
                FontId::new(BODY_SIZE, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(SMALL_SIZE, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(BODY_SIZE - 1.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(SPACE_M, SPACE_M * 0.75);
        style.spacing.button_padding = egui::vec2(SPACE_M * 1.25, SPACE_S);
    });
}

/// A framed group for one topic on a screen.
pub fn card(ui: &mut egui::Ui, add_contents: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::group(ui.style())
        .corner_radius(CARD_RADIUS)
        .inner_margin(SPACE_L)
        .show(ui, |ui| {
            ui.set_max_width(CARD_MAX_WIDTH);
            ui.set_min_width(ui.available_width().min(CARD_MAX_WIDTH));
            add_contents(ui);
        });
}
