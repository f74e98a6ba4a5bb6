//! The PatchDesk window. Screens draw state and push [`command::UiCommand`]s; the app handles
//! them after drawing and runs all real work as background jobs. Nothing here runs SQL.

mod app;
mod app_state;
mod bench;
mod command;
mod command_handling;
mod file_dialogs;
mod fonts;
mod help;
mod import_dialog;
mod nav;
mod notices;
mod screens;
mod status_bar;
mod tasks;
mod theme;

use std::path::PathBuf;

pub use app::{AppOptions, PatchDeskApp};
pub use app_state::{Prefs, ThemeChoice};
pub use bench::Bench;
pub use command::UiCommand;
pub use file_dialogs::{FileDialogs, NativeFileDialogs};
pub use nav::Section;

/// The app id: names the window for the OS and the folder of remembered window state.
pub const APP_ID: &str = "patchdesk";

/// Opens the window on `db_path` and runs until it is closed.
pub fn run(
    db_path: PathBuf,
    lang: Option<crate::i18n::Lang>,
    bench: Option<Bench>,
) -> eframe::Result {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!(
        "../../packaging/icons/patchdesk-256.png"
    ))
    .expect("bundled icon is a valid PNG");
    let native_options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("PatchDesk")
            .with_app_id(APP_ID)
            .with_inner_size([1200.0, 780.0])
            .with_min_inner_size([800.0, 520.0])
            .with_drag_and_drop(true)
            .with_icon(icon),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        native_options,
        Box::new(move |cc| {
            Ok(Box::new(PatchDeskApp::new(
                cc,
                AppOptions {
                    db_path,
                    dialogs: Box::new(NativeFileDialogs),
                    lang,
                    bench,
                },
            )))
        }),
    )
}
