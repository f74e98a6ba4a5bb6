//! Chart rendering (plotters) shared by the window's exports and `patchdesk chart`.
//! Charts draw their text with the bundled Japanese font, so a PNG made on a machine without
//! any CJK font looks the same as one made on the admin's PC.

use std::sync::Once;

use plotters::style::FontStyle;

use crate::assets::{JAPANESE_FONT, JAPANESE_FONT_NAME};

/// The font family name charts use for every text.
pub const CHART_FONT: &str = JAPANESE_FONT_NAME;

/// Registers the bundled font with plotters' text renderer. Idempotent; call before drawing.
pub fn register_fonts() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        for style in [FontStyle::Normal, FontStyle::Bold] {
            plotters::style::register_font(CHART_FONT, style, JAPANESE_FONT)
                .unwrap_or_else(|_| panic!("bundled font {CHART_FONT} is not a valid font"));
        }
    });
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;

    use super::*;

    /// Counts dark pixels that `text` leaves on a white canvas.
    fn inked_pixels(text: &str) -> usize {
        register_fonts();
        let (width, height) = (400u32, 60u32);
        let mut buffer = vec![255u8; (width * height * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut buffer, (width, height)).into_drawing_area();
            root.draw_text(text, &(CHART_FONT, 32).into_font().color(&BLACK), (5, 10))
                .unwrap();
            root.present().unwrap();
        }
        buffer.chunks_exact(3).filter(|px| px[0] < 128).count()
    }

    #[test]
    fn japanese_chart_text_is_drawn_with_the_bundled_font() {
        let japanese = inked_pixels("展開の進捗 緊急 髙﨑");
        assert!(
            japanese > 500,
            "Japanese text left only {japanese} dark pixels"
        );
        assert!(inked_pixels("Deployment progress") > 500);
    }
}
