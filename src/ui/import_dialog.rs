//! The import preview: what each file is (format, encoding, machines, problems) before
//! anything is written. Files that name no machine get a name field; bad files are listed with
//! their reason and are skipped.

use crate::i18n::Lang;
use crate::importers::{FileFailure, FilePreview, display_name};

use super::command::UiCommand;
use super::theme;

pub struct ImportDialog {
    pub files: Vec<Result<FilePreview, FileFailure>>,
    /// The name typed for each file that does not name its machine (same order as `files`).
    pub names: Vec<String>,
}

impl ImportDialog {
    pub fn new(files: Vec<Result<FilePreview, FileFailure>>) -> ImportDialog {
        let names = vec![String::new(); files.len()];
        ImportDialog { files, names }
    }

    /// The files that can be committed now, named as the admin typed.
    pub fn ready(&self) -> Vec<FilePreview> {
        self.files
            .iter()
            .zip(&self.names)
            .filter_map(|(file, name)| {
                let mut preview = file.as_ref().ok()?.clone();
                if preview.unnamed_machines() > 0 {
                    if name.trim().is_empty() {
                        return None;
                    }
                    preview.name_unnamed_machines(name);
                }
                Some(preview)
            })
            .collect()
    }

    pub fn show(&mut self, ctx: &egui::Context, lang: Lang, commands: &mut Vec<UiCommand>) {
        let ready = self.ready().len();
        let modal = egui::Modal::new(egui::Id::unique("import_dialog")).show(ctx, |ui| {
            ui.set_width(720.0);
            ui.heading(lang.tr("import.title"));
            ui.label(lang.tr("import.intro"));
            ui.add_space(theme::SPACE_M);
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    for (index, file) in self.files.iter().enumerate() {
                        theme::card(ui, |ui| match file {
                            Ok(preview) => preview_card(ui, lang, preview, &mut self.names[index]),
                            Err(failure) => {
                                ui.strong(display_name(failure.path()));
                                ui.colored_label(theme::ERROR, failure.describe(lang));
                            }
                        });
                        ui.add_space(theme::SPACE_S);
                    }
                });
            ui.add_space(theme::SPACE_M);
            ui.horizontal(|ui| {
                let label = lang.trf("import.commit", &[("count", &ready)]);
                if ui
                    .add_enabled(ready > 0, egui::Button::new(label))
                    .clicked()
                {
                    commands.push(UiCommand::CommitImport);
                }
                if ui.button(lang.tr("import.cancel")).clicked() {
                    commands.push(UiCommand::CloseImport);
                }
            });
        });
        // Escape or a click beside the dialog cancels, as the Cancel button does.
        if modal.should_close() {
            commands.push(UiCommand::CloseImport);
        }
    }
}

fn preview_card(ui: &mut egui::Ui, lang: Lang, preview: &FilePreview, name: &mut String) {
    ui.strong(display_name(&preview.path));
    ui.label(lang.trf(
        "import.detected",
        &[
            ("format", &preview.format_name()),
            ("encoding", &preview.encoding()),
        ],
    ));
    let hostnames: Vec<&str> = preview
        .machines()
        .iter()
        .map(|m| m.hostname.as_str())
        .filter(|h| !h.trim().is_empty())
        .collect();
    if !hostnames.is_empty() {
        ui.label(lang.trf(
            "import.machines",
            &[
                ("count", &hostnames.len()),
                ("names", &hostnames.join(", ")),
            ],
        ));
    }
    if let Some(catalog) = preview.catalog() {
        let summary = catalog.summary();
        ui.label(lang.trf(
            "import.catalog",
            &[
                ("title", &summary.title),
                ("vulnerabilities", &summary.vulnerabilities),
            ],
        ));
    }
    if preview.unnamed_machines() > 0 {
        ui.horizontal(|ui| {
            let label = ui.colored_label(theme::WARNING, lang.tr("import.name_needed"));
            ui.add(egui::TextEdit::singleline(name).desired_width(theme::FORM_FIELD_WIDTH))
                .labelled_by(label.id);
        });
    }
    for problem in preview.problems() {
        ui.colored_label(theme::WARNING, format!("⚠ {problem}"));
    }
}
