//! Files compiled into the binary, so that a fresh install looks the same everywhere.

/// Noto Sans CJK JP (OFL 1.1), subset to JIS X 0208 + JIS X 0213 + the CP932 extensions.
/// See `assets/fonts/README.md` for how the subset was cut.
pub static JAPANESE_FONT: &[u8] =
    include_bytes!("../assets/fonts/NotoSansCJKjp-Regular-subset.otf");

/// The name the bundled font is registered under, in the UI and in chart rendering.
pub const JAPANESE_FONT_NAME: &str = "Noto Sans CJK JP";
