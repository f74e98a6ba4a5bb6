//! What each [`UiCommand`] does, and how finished jobs change the window's state.

use super::app::{DbState, PatchDeskApp};
use super::command::UiCommand;
use super::notices::NoticeLevel;
use super::tasks::{self, Finished};
use crate::importers::display_name;
use crate::jobs::JobOutcome;

impl PatchDeskApp {
    pub(super) fn handle(&mut self, ctx: &egui::Context, command: UiCommand) {
        let lang = self.prefs.lang;
        match command {
            UiCommand::Navigate(section) => self.prefs.section = section,
            UiCommand::PickFilesToImport => {
                let files = self
                    .dialogs
                    .pick_files_to_import(&lang.tr("dialog.import_title"));
                if !files.is_empty() {
                    self.handle(ctx, UiCommand::ImportFiles(files));
                }
            }
            UiCommand::ImportFiles(files) => {
                let job = tasks::import(&self.jobs, lang, self.importers.clone(), files);
                self.tasks.add(job);
            }
            UiCommand::BackupDatabase => {
                if self.db != DbState::Ready {
                    self.notices.error(lang.tr("notice.db_not_ready"));
                    return;
                }
                let suggested = format!(
                    "patchdesk-backup-{}.db",
                    chrono::Local::now().format("%Y%m%d-%H%M")
                );
                if let Some(target) = self
                    .dialogs
                    .choose_backup_target(&lang.tr("dialog.backup_title"), &suggested)
                {
                    let job = tasks::backup(&self.jobs, lang, self.db_path.clone(), target);
                    self.tasks.add(job);
                }
            }
            UiCommand::LoadSampleOffice => {
                if self.db == DbState::Ready && !self.tasks.is_loading_sample() {
                    let job = tasks::load_sample(&self.jobs, lang, self.db_path.clone());
                    self.tasks.add(job);
                }
            }
            UiCommand::SaveOfficeProfile(profile) => {
                if self.db == DbState::Ready {
                    let job = tasks::save_office(&self.jobs, lang, self.db_path.clone(), profile);
                    self.tasks.add(job);
                }
            }
            UiCommand::SetLanguage(new_lang) => self.prefs.lang = new_lang,
            UiCommand::ToggleLanguage => {
                self.prefs.lang = match lang {
                    crate::i18n::Lang::Ja => crate::i18n::Lang::En,
                    crate::i18n::Lang::En => crate::i18n::Lang::Ja,
                }
            }
            UiCommand::SetTheme(theme) => self.prefs.theme = theme,
            UiCommand::CycleTheme => self.prefs.theme = self.prefs.theme.next(),
            UiCommand::ToggleHelp => self.help_open = !self.help_open,
            UiCommand::CloseOverlays => {
                self.help_open = false;
                self.notices.details_open = false;
            }
            UiCommand::CancelJob(id) => self.jobs.cancel(id),
            UiCommand::DismissNotice => self.notices.dismiss(),
            UiCommand::ToggleNoticeDetails => {
                self.notices.details_open = !self.notices.details_open
            }
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    pub(super) fn on_finished(&mut self, finished: Finished) {
        let lang = self.prefs.lang;
        match finished {
            Finished::OpenDatabase(JobOutcome::Done(opened)) => {
                self.db = DbState::Ready;
                self.overview = Some(opened.overview);
                if let Some(migration) = opened.migration.filter(|m| m.from_version > 0) {
                    let backup = migration
                        .backup
                        .map(|path| path.display().to_string())
                        .unwrap_or_default();
                    self.notices.info(lang.trf(
                        "notice.db_upgraded",
                        &[
                            ("from", &migration.from_version),
                            ("to", &migration.to_version),
                            ("backup", &backup),
                        ],
                    ));
                }
            }
            Finished::OpenDatabase(outcome) => {
                let reason = outcome_reason(lang, outcome);
                self.notices
                    .error(lang.trf("notice.db_failed", &[("reason", &reason)]));
                self.db = DbState::Failed(reason);
            }
            Finished::RefreshOverview(JobOutcome::Done(overview)) => {
                self.overview = Some(overview);
            }
            Finished::RefreshOverview(outcome) => self.report_unfinished(outcome),
            Finished::LoadSample(JobOutcome::Done(report)) => {
                self.notices
                    .success(lang.trf("notice.sample_loaded", &[("office", &report.office.name)]));
                self.refresh_overview();
            }
            Finished::SaveOffice(JobOutcome::Done(profile)) => {
                self.notices
                    .success(lang.trf("notice.office_saved", &[("office", &profile.name)]));
                self.refresh_overview();
            }
            Finished::Backup(JobOutcome::Done(target)) => {
                self.notices
                    .success(lang.trf("notice.backup_done", &[("path", &target.display())]));
                self.refresh_overview();
            }
            Finished::Import(JobOutcome::Done(routing)) => {
                let refused: Vec<String> = routing
                    .iter()
                    .filter_map(|r| r.as_ref().err())
                    .map(|refused| refused.describe(lang))
                    .collect();
                let recognised: Vec<String> = routing
                    .iter()
                    .filter_map(|r| r.as_ref().ok())
                    .map(|routed| format!("{}: {}", display_name(&routed.path), routed.importer))
                    .collect();
                let text = lang.trf(
                    "notice.import_result",
                    &[
                        ("recognised", &recognised.len()),
                        ("refused", &refused.len()),
                    ],
                );
                let level = if refused.is_empty() {
                    NoticeLevel::Success
                } else {
                    NoticeLevel::Error
                };
                self.notices
                    .push(level, text, recognised.into_iter().chain(refused).collect());
            }
            // The Done cases are above: what reaches these arms failed or was cancelled.
            Finished::LoadSample(outcome) => self.report_unfinished(outcome),
            Finished::SaveOffice(outcome) => self.report_unfinished(outcome),
            Finished::Backup(outcome) => self.report_unfinished(outcome),
            Finished::Import(outcome) => self.report_unfinished(outcome),
        }
    }

    /// A job that failed is an error notice; one the admin cancelled is just noted.
    fn report_unfinished<T>(&mut self, outcome: JobOutcome<T>) {
        let lang = self.prefs.lang;
        match outcome {
            JobOutcome::Cancelled => self.notices.info(lang.tr("notice.cancelled")),
            other => {
                let reason = outcome_reason(lang, other);
                self.notices.error(reason);
            }
        }
    }

    fn refresh_overview(&mut self) {
        let job = tasks::refresh_overview(&self.jobs, self.prefs.lang, self.db_path.clone());
        self.tasks.add(job);
    }
}

/// The reason a job did not finish, in the admin's language.
fn outcome_reason<T>(lang: crate::i18n::Lang, outcome: JobOutcome<T>) -> String {
    match outcome {
        JobOutcome::Done(_) => String::new(),
        JobOutcome::Failed(message) => message,
        JobOutcome::Cancelled => lang.tr("notice.cancelled").into_owned(),
    }
}
