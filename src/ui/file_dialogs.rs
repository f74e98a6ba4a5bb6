//! Native file dialogs behind a trait, so tests (and the drop folder) never open one.

use std::path::PathBuf;

pub trait FileDialogs {
    /// Files the admin chose to import; empty when the dialog was cancelled.
    fn pick_files_to_import(&self, title: &str) -> Vec<PathBuf>;
    /// Where to write a database backup; None when cancelled.
    fn choose_backup_target(&self, title: &str, suggested_name: &str) -> Option<PathBuf>;
    /// A folder (the drop folder); None when cancelled.
    fn pick_folder(&self, title: &str) -> Option<PathBuf>;
}

/// The OS's own dialogs (XDG portal on Linux). They are modal: the OS owns the interaction
/// until the admin answers, which is how every desktop app behaves.
pub struct NativeFileDialogs;

impl FileDialogs for NativeFileDialogs {
    fn pick_files_to_import(&self, title: &str) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .pick_files()
            .unwrap_or_default()
    }

    fn choose_backup_target(&self, title: &str, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(suggested_name)
            .add_filter("SQLite", &["db", "sqlite"])
            .save_file()
    }

    fn pick_folder(&self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title(title).pick_folder()
    }
}
