//! Installs the bundled Japanese font so text renders the same on every machine, with or
//! without CJK system fonts (and in tests, where a missing glyph is a failure).

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

use crate::assets::{JAPANESE_FONT, JAPANESE_FONT_NAME};

pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        JAPANESE_FONT_NAME.to_owned(),
        Arc::new(FontData::from_static(JAPANESE_FONT)),
    );
    // First for proportional text, so Latin and Japanese share one design; egui's own fonts
    // stay behind it for symbols Noto CJK lacks. Monospace keeps Hack and falls back to Noto.
    fonts
        .families
        .entry(FontFamily::Proportional)
        .or_default()
        .insert(0, JAPANESE_FONT_NAME.to_owned());
    fonts
        .families
        .entry(FontFamily::Monospace)
        .or_default()
        .push(JAPANESE_FONT_NAME.to_owned());
    ctx.set_fonts(fonts);
}
