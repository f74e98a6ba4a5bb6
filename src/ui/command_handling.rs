//! What each [`UiCommand`] does, and how finished jobs change the window's state.

use super::app::{DbState, PatchDeskApp};
use super::command::UiCommand;
use super::import_dialog::ImportDialog;
use super::notices::NoticeLevel;
use super::tasks::{self, Finished};
use crate::jobs::JobOutcome;
use crate::store::DocumentOutcome;

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
                let job = tasks::preview_import(&self.jobs, lang, self.importers.clone(), files);
                self.tasks.add(job);
            }
            UiCommand::CommitImport => {
                if let Some(dialog) = self.import_dialog.take() {
                    let ready = dialog.ready();
                    if self.db == DbState::Ready && !ready.is_empty() {
                        let job =
                            tasks::commit_import(&self.jobs, lang, self.db_path.clone(), ready);
                        self.tasks.add(job);
                    }
                }
            }
            UiCommand::CloseImport => self.import_dialog = None,
            UiCommand::SelectFindingsMachine(machine) => {
                self.findings_machine = machine;
                self.explanation = None;
                if let Some(id) = machine {
                    let job =
                        tasks::load_machine_findings(&self.jobs, lang, self.db_path.clone(), id);
                    self.tasks.add(job);
                }
            }
            UiCommand::ExplainFinding { machine_id, cve } => {
                let job = tasks::explain(&self.jobs, lang, self.db_path.clone(), machine_id, cve);
                self.tasks.add(job);
            }
            UiCommand::CloseExplanation => self.explanation = None,
            UiCommand::SearchCatalog(query) => {
                if self.db == DbState::Ready {
                    let job = tasks::search_catalog(&self.jobs, lang, self.db_path.clone(), query);
                    self.tasks.add(job);
                }
            }
            UiCommand::Suppress {
                machine_id,
                target,
                reason,
                expires,
            } => {
                let change = tasks::IdentifyDecision::Add {
                    machine_id,
                    target,
                    reason,
                    expires,
                };
                let job = tasks::record_decision(&self.jobs, lang, self.db_path.clone(), change);
                self.tasks.add(job);
            }
            UiCommand::LiftSuppression(id) => {
                let change = tasks::IdentifyDecision::Lift(id);
                let job = tasks::record_decision(&self.jobs, lang, self.db_path.clone(), change);
                self.tasks.add(job);
            }
            UiCommand::OverrideProduct {
                machine_id,
                product,
                action,
                reason,
            } => {
                let change = tasks::IdentifyDecision::Mapping {
                    machine_id,
                    product,
                    action,
                    reason,
                };
                let job = tasks::record_decision(&self.jobs, lang, self.db_path.clone(), change);
                self.tasks.add(job);
            }
            UiCommand::FetchCatalog => {
                if self.db == DbState::Ready && !self.tasks.is_fetching_catalog() {
                    let job = tasks::fetch_catalog(&self.jobs, lang, self.db_path.clone());
                    self.tasks.add(job);
                }
            }
            UiCommand::ChooseDropFolder => {
                if let Some(folder) = self
                    .dialogs
                    .pick_folder(&lang.tr("dialog.drop_folder_title"))
                {
                    let job = tasks::set_drop_folder(
                        &self.jobs,
                        lang,
                        self.db_path.clone(),
                        Some(folder),
                    );
                    self.tasks.add(job);
                }
            }
            UiCommand::StopDropFolder => {
                let job = tasks::set_drop_folder(&self.jobs, lang, self.db_path.clone(), None);
                self.tasks.add(job);
            }
            UiCommand::SelectMachine(machine) => {
                self.selected_machine = machine;
                // The previous details stay until the new ones arrive, so the panel does not
                // vanish and reappear (and the table jump) on every click.
                if machine.is_none() {
                    self.machine_detail = None;
                }
                if let Some(id) = machine {
                    let job = tasks::load_machine(&self.jobs, lang, self.db_path.clone(), id);
                    self.tasks.add(job);
                }
            }
            UiCommand::CreateGroup {
                name,
                ring,
                pattern,
            } => {
                let change = tasks::GroupChange::Create {
                    name,
                    ring,
                    pattern,
                };
                let job = tasks::change_groups(&self.jobs, lang, self.db_path.clone(), change);
                self.tasks.add(job);
            }
            UiCommand::RemoveFromGroup { group, hostnames } => {
                let change = tasks::GroupChange::Remove { group, hostnames };
                let job = tasks::change_groups(&self.jobs, lang, self.db_path.clone(), change);
                self.tasks.add(job);
            }
            UiCommand::AssignToGroup { group, hostnames } => {
                let change = tasks::GroupChange::Assign { group, hostnames };
                let job = tasks::change_groups(&self.jobs, lang, self.db_path.clone(), change);
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
                // One overlay at a time: help first, then the import preview (Esc = Cancel).
                if self.help_open {
                    self.help_open = false;
                } else {
                    self.import_dialog = None;
                }
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
                let job = tasks::load_inventory(&self.jobs, lang, self.db_path.clone());
                self.tasks.add(job);
                let job = tasks::load_identify(&self.jobs, lang, self.db_path.clone());
                self.tasks.add(job);
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
                self.notices.success(lang.trf(
                    "notice.sample_loaded",
                    &[
                        ("office", &report.office.name),
                        ("machines", &report.machines),
                        ("catalogs", &report.catalogs),
                    ],
                ));
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
            Finished::PreviewImport(JobOutcome::Done(previews)) => {
                self.import_dialog = Some(ImportDialog::new(previews));
            }
            Finished::CommitImport(JobOutcome::Done(results)) => {
                let (imported, failed): (Vec<_>, Vec<_>) =
                    results.into_iter().partition(Result::is_ok);
                let imported: Vec<_> = imported.into_iter().flatten().collect();
                let details = failed
                    .into_iter()
                    .filter_map(Result::err)
                    .collect::<Vec<_>>();
                let level = if details.is_empty() {
                    NoticeLevel::Success
                } else {
                    NoticeLevel::Error
                };
                let (catalogs, inventories): (Vec<_>, Vec<_>) =
                    imported.iter().partition(|i| i.catalog.is_some());
                let text = if inventories.is_empty() && !catalogs.is_empty() {
                    let documents = catalogs.iter().flat_map(|i| {
                        let catalog = i.catalog.as_ref();
                        catalog
                            .into_iter()
                            .flat_map(|c| c.documents.iter().map(|d| d.outcome))
                            .chain(catalog.and_then(|c| c.kev.as_ref()).map(|k| k.outcome))
                    });
                    let (changed, unchanged): (Vec<_>, Vec<_>) = documents.partition(|o| {
                        matches!(o, DocumentOutcome::Added | DocumentOutcome::Replaced)
                    });
                    lang.trf(
                        "notice.catalog_import_done",
                        &[
                            ("files", &catalogs.len()),
                            ("documents", &changed.len()),
                            ("unchanged", &unchanged.len()),
                            ("failed", &details.len()),
                        ],
                    )
                } else {
                    let added: usize = imported.iter().map(|i| i.stored.machines_added).sum();
                    let updated: usize = imported.iter().map(|i| i.stored.machines_updated).sum();
                    lang.trf(
                        "notice.import_done",
                        &[
                            ("files", &imported.len()),
                            ("added", &added),
                            ("updated", &updated),
                            ("failed", &details.len()),
                        ],
                    )
                };
                self.notices.push(level, text, details);
                self.refresh_overview();
            }
            Finished::LoadIdentify(JobOutcome::Done(view)) => self.identify = Some(view),
            Finished::LoadMachineFindings(JobOutcome::Done(findings)) => {
                if findings.as_ref().map(|f| f.machine_id) == self.findings_machine {
                    self.machine_findings = findings;
                }
            }
            Finished::Explain(JobOutcome::Done(view)) => self.explanation = Some(view),
            Finished::SearchCatalog(JobOutcome::Done(results)) => {
                self.catalog_results = Some(results)
            }
            Finished::Decide(JobOutcome::Done(message)) => {
                self.notices.success(message);
                self.refresh_overview();
            }
            Finished::FetchCatalog(JobOutcome::Done(report)) => {
                self.notices.success(lang.trf(
                    "notice.fetch_done",
                    &[("listed", &report.listed), ("stored", &report.stored.len())],
                ));
                self.refresh_overview();
            }
            Finished::LoadInventory(JobOutcome::Done(view)) => self.inventory = Some(view),
            Finished::LoadMachine(JobOutcome::Done(detail)) => {
                if detail.as_ref().map(|d| d.id) == self.selected_machine {
                    self.machine_detail = detail;
                }
            }
            Finished::SetDropFolder(JobOutcome::Done(folder)) => {
                match folder {
                    Some(folder) => self.notices.success(
                        lang.trf("notice.drop_folder_set", &[("folder", &folder.display())]),
                    ),
                    None => self.notices.info(lang.tr("notice.drop_folder_stopped")),
                }
                // Look at the new folder now rather than in a minute.
                self.last_drop_folder_check = None;
                self.refresh_overview();
            }
            Finished::CheckDropFolder(JobOutcome::Done(run)) => {
                if !run.imported.is_empty() || !run.failed.is_empty() {
                    let machines: usize = run.imported.iter().map(|i| i.stored.scans).sum();
                    let level = if run.failed.is_empty() {
                        NoticeLevel::Success
                    } else {
                        NoticeLevel::Error
                    };
                    let text = lang.trf(
                        "notice.drop_folder_run",
                        &[
                            ("files", &run.imported.len()),
                            ("machines", &machines),
                            ("failed", &run.failed.len()),
                        ],
                    );
                    self.notices.push(level, text, run.failed);
                    self.refresh_overview();
                }
            }
            Finished::ChangeGroups(JobOutcome::Done(message)) => {
                self.notices.success(message);
                self.refresh_overview();
            }
            // The Done cases are above: what reaches these arms failed or was cancelled.
            Finished::LoadSample(outcome) => self.report_unfinished(outcome),
            Finished::SaveOffice(outcome) => self.report_unfinished(outcome),
            Finished::Backup(outcome) => self.report_unfinished(outcome),
            Finished::PreviewImport(outcome) => self.report_unfinished(outcome),
            Finished::CommitImport(outcome) => self.report_unfinished(outcome),
            Finished::LoadInventory(outcome) => self.report_unfinished(outcome),
            Finished::LoadMachine(outcome) => self.report_unfinished(outcome),
            Finished::ChangeGroups(outcome) => self.report_unfinished(outcome),
            Finished::SetDropFolder(outcome) => self.report_unfinished(outcome),
            Finished::CheckDropFolder(outcome) => self.report_unfinished(outcome),
            Finished::LoadIdentify(outcome) => self.report_unfinished(outcome),
            Finished::LoadMachineFindings(outcome) => self.report_unfinished(outcome),
            Finished::Explain(outcome) => self.report_unfinished(outcome),
            Finished::SearchCatalog(outcome) => self.report_unfinished(outcome),
            Finished::Decide(outcome) => self.report_unfinished(outcome),
            Finished::FetchCatalog(outcome) => self.report_unfinished(outcome),
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

    /// After any change: the dashboard, the machines and groups, and the open machine.
    pub(super) fn refresh_overview(&mut self) {
        let lang = self.prefs.lang;
        let job = tasks::refresh_overview(&self.jobs, lang, self.db_path.clone());
        self.tasks.add(job);
        let job = tasks::load_inventory(&self.jobs, lang, self.db_path.clone());
        self.tasks.add(job);
        if let Some(id) = self.selected_machine {
            let job = tasks::load_machine(&self.jobs, lang, self.db_path.clone(), id);
            self.tasks.add(job);
        }
        let job = tasks::load_identify(&self.jobs, lang, self.db_path.clone());
        self.tasks.add(job);
        if let Some(id) = self.findings_machine {
            let job = tasks::load_machine_findings(&self.jobs, lang, self.db_path.clone(), id);
            self.tasks.add(job);
        }
        // An open explanation may have changed (a suppression, new scans, a new catalog).
        if let Some(view) = &self.explanation {
            let job = tasks::explain(
                &self.jobs,
                lang,
                self.db_path.clone(),
                view.machine_id,
                view.cve.clone(),
            );
            self.tasks.add(job);
        }
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
