//! The bottom bar: the database, the latest notice, and every running job with its progress
//! and a cancel button.

use super::app::{DbState, PatchDeskApp};
use super::command::UiCommand;
use super::notices::{NoticeLevel, Notices};
use super::theme;
use crate::i18n::Lang;
use crate::importers::display_name;

pub fn show(ui: &mut egui::Ui, lang: Lang, app: &PatchDeskApp, commands: &mut Vec<UiCommand>) {
    ui.horizontal(|ui| {
        let db_name = display_name(&app.db_path);
        match &app.db {
            DbState::Opening => {
                ui.spinner();
                ui.label(lang.trf("status.db_opening", &[("file", &db_name)]));
            }
            DbState::Ready => {
                let version = app
                    .overview
                    .as_ref()
                    .map_or(0, |o| o.database.schema_version);
                ui.label(lang.trf(
                    "status.db_ready",
                    &[("file", &db_name), ("version", &version)],
                ))
                .on_hover_text(app.db_path.display().to_string());
            }
            DbState::Failed(_) => {
                ui.colored_label(
                    theme::ERROR,
                    lang.trf("status.db_failed", &[("file", &db_name)]),
                );
            }
        }
        ui.separator();
        if let Some(notice) = app.notices.current() {
            let color = match notice.level {
                NoticeLevel::Info => ui.visuals().text_color(),
                NoticeLevel::Success => theme::SUCCESS,
                NoticeLevel::Error => theme::ERROR,
            };
            ui.colored_label(color, &notice.text);
            if !notice.details.is_empty() && ui.small_button(lang.tr("status.details")).clicked() {
                commands.push(UiCommand::ToggleNoticeDetails);
            }
            if ui
                .small_button("×")
                .on_hover_text(lang.tr("status.dismiss"))
                .clicked()
            {
                commands.push(UiCommand::DismissNotice);
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let running = app.jobs.running();
            if running.is_empty() {
                ui.weak(lang.tr("status.idle"));
                return;
            }
            if running.len() > 1 {
                ui.strong(lang.trf("status.jobs_running", &[("count", &running.len())]));
                ui.separator();
            }
            for job in running.iter().rev() {
                let cancel = egui::Button::new(lang.tr("status.cancel")).small();
                if ui
                    .add_enabled(!job.cancel_requested, cancel)
                    .on_hover_text(lang.trf("status.cancel_job", &[("job", &job.title)]))
                    .clicked()
                {
                    commands.push(UiCommand::CancelJob(job.id));
                }
                let text = if job.message.is_empty() {
                    job.title.clone()
                } else {
                    format!("{} — {}", job.title, job.message)
                };
                match job.fraction {
                    Some(fraction) => {
                        ui.add(
                            egui::ProgressBar::new(fraction)
                                .desired_width(theme::STATUS_PROGRESS_WIDTH)
                                .text(format!("{:.0}%", fraction * 100.0)),
                        );
                    }
                    None => {
                        ui.spinner();
                    }
                }
                ui.label(text);
            }
        });
    });
}

/// The list behind a notice's "Details" button (e.g. every file that was not imported, and why).
pub fn notice_details(ctx: &egui::Context, lang: Lang, notices: &mut Notices) {
    let Some(notice) = notices.current().cloned() else {
        return;
    };
    if !notices.details_open || notice.details.is_empty() {
        return;
    }
    let mut open = true;
    egui::Window::new(lang.tr("status.details_title"))
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(egui::RichText::new(&notice.text).strong());
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for line in &notice.details {
                        ui.label(line);
                    }
                });
        });
    if !open {
        notices.details_open = false;
    }
}
