//! The `eframe::App`: what the window holds, and the frame loop. Drawing is in the screens,
//! what commands do is in `command_handling`.

use std::path::PathBuf;
use std::sync::Arc;

use super::app_state::{PREFS_KEY, Prefs, ThemeChoice};
use super::bench::{Bench, BenchRun};
use super::command::{self, UiCommand};
use super::file_dialogs::FileDialogs;
use super::import_dialog::ImportDialog;
use super::nav::{self, Section};
use super::notices::Notices;
use super::screens::{self, AssessScreen, IdentifyScreen, ScreenContext, SettingsScreen};
use super::tasks::{self, ExplanationView, IdentifyView, InventoryView, Tasks};
use super::{fonts, help, status_bar, theme};
use crate::importers::ImporterRegistry;
use crate::jobs::JobRunner;
use crate::overview::Overview;
use crate::store::{CatalogVulnerability, MachineDetail, MachineFindings};

/// How often the drop folder is looked at.
pub const DROP_FOLDER_INTERVAL: std::time::Duration = std::time::Duration::from_secs(10);

pub struct AppOptions {
    pub db_path: PathBuf,
    pub dialogs: Box<dyn FileDialogs>,
    /// Start in this language instead of the remembered one (`patchdesk --lang ja`).
    pub lang: Option<crate::i18n::Lang>,
    /// Measure something, print it and close (scripts/bench-*.sh).
    pub bench: Option<Bench>,
}

/// Where the database stands. The window opens at once and the database is opened (and
/// migrated, if needed) by a job, so a slow disk never freezes the first frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbState {
    Opening,
    Ready,
    Failed(String),
}

pub struct PatchDeskApp {
    pub(super) prefs: Prefs,
    pub(super) db_path: PathBuf,
    pub(super) db: DbState,
    pub(super) overview: Option<Overview>,
    pub(super) jobs: JobRunner,
    pub(super) tasks: Tasks,
    pub(super) importers: Arc<ImporterRegistry>,
    pub(super) dialogs: Box<dyn FileDialogs>,
    pub(super) notices: Notices,
    pub(super) help_open: bool,
    pub(super) settings_screen: SettingsScreen,
    pub(super) assess_screen: AssessScreen,
    pub(super) inventory: Option<InventoryView>,
    pub(super) selected_machine: Option<i64>,
    pub(super) machine_detail: Option<MachineDetail>,
    pub(super) identify_screen: IdentifyScreen,
    pub(super) identify: Option<IdentifyView>,
    /// The machine whose findings the Identify screen shows, and what was loaded for it.
    pub(super) findings_machine: Option<i64>,
    pub(super) machine_findings: Option<MachineFindings>,
    pub(super) explanation: Option<ExplanationView>,
    pub(super) catalog_results: Option<Vec<CatalogVulnerability>>,
    pub(super) import_dialog: Option<ImportDialog>,
    /// When the drop folder was last looked at (None: look now).
    pub(super) last_drop_folder_check: Option<std::time::Instant>,
    applied_theme: Option<ThemeChoice>,
    keyboard_commands: Vec<UiCommand>,
    bench: Option<BenchRun>,
}

impl PatchDeskApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> PatchDeskApp {
        fonts::install(&cc.egui_ctx);
        let mut prefs: Prefs = cc
            .storage
            .and_then(|storage| eframe::get_value(storage, PREFS_KEY))
            .unwrap_or_default();
        if let Some(lang) = options.lang {
            prefs.lang = lang;
        }

        let jobs = JobRunner::new().expect("cannot start the background job runtime");
        let repaint = cc.egui_ctx.clone();
        jobs.set_waker(move || repaint.request_repaint());

        let mut app = PatchDeskApp {
            prefs,
            db_path: options.db_path,
            db: DbState::Opening,
            overview: None,
            jobs,
            tasks: Tasks::default(),
            importers: Arc::new(ImporterRegistry::with_builtin_importers()),
            dialogs: options.dialogs,
            notices: Notices::default(),
            help_open: false,
            settings_screen: SettingsScreen::default(),
            assess_screen: AssessScreen::default(),
            inventory: None,
            selected_machine: None,
            machine_detail: None,
            identify_screen: IdentifyScreen::default(),
            identify: None,
            findings_machine: None,
            machine_findings: None,
            explanation: None,
            catalog_results: None,
            import_dialog: None,
            last_drop_folder_check: None,
            applied_theme: None,
            keyboard_commands: Vec::new(),
            bench: options.bench.map(BenchRun::new),
        };
        if app
            .bench
            .as_ref()
            .is_some_and(BenchRun::wants_machines_table)
        {
            app.prefs.section = Section::Assess;
        }
        let opening = tasks::open_database(&app.jobs, app.prefs.lang, app.db_path.clone());
        app.tasks.add(opening);
        app
    }

    /// The background job runner (tests use it to start a job and watch the status bar).
    pub fn jobs(&self) -> &JobRunner {
        &self.jobs
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    pub fn section(&self) -> Section {
        self.prefs.section
    }

    pub fn db_state(&self) -> &DbState {
        &self.db
    }

    pub fn overview(&self) -> Option<&Overview> {
        self.overview.as_ref()
    }

    /// The text of the notice shown in the status bar, if any.
    pub fn current_notice(&self) -> Option<&str> {
        self.notices.current().map(|n| n.text.as_str())
    }

    /// The machines and groups last loaded for the Assess screen.
    pub fn inventory(&self) -> Option<&InventoryView> {
        self.inventory.as_ref()
    }

    pub fn machine_detail(&self) -> Option<&MachineDetail> {
        self.machine_detail.as_ref()
    }

    /// Looks at the drop folder at the next frame instead of waiting for the interval.
    pub fn check_drop_folder_now(&mut self) {
        self.last_drop_folder_check = None;
    }

    /// True while the import preview is open.
    pub fn is_import_preview_open(&self) -> bool {
        self.import_dialog.is_some()
    }

    /// True while any job the window started is still running.
    pub fn is_busy(&self) -> bool {
        !self.jobs.running().is_empty()
    }

    /// Looks at the drop folder every [`DROP_FOLDER_INTERVAL`] while one is set.
    fn watch_drop_folder(&mut self, ctx: &egui::Context) {
        let Some(folder) = self.overview.as_ref().and_then(|o| o.drop_folder.clone()) else {
            return;
        };
        if self.db != DbState::Ready || self.tasks.is_checking_drop_folder() {
            return;
        }
        let due = self
            .last_drop_folder_check
            .is_none_or(|at| at.elapsed() >= DROP_FOLDER_INTERVAL);
        if due {
            self.last_drop_folder_check = Some(std::time::Instant::now());
            let job = tasks::check_drop_folder(
                &self.jobs,
                self.prefs.lang,
                self.db_path.clone(),
                self.importers.clone(),
                folder,
            );
            self.tasks.add(job);
        }
        ctx.request_repaint_after(DROP_FOLDER_INTERVAL);
    }

    fn draw(&mut self, ui: &mut egui::Ui, commands: &mut Vec<UiCommand>) {
        let lang = self.prefs.lang;
        egui::Panel::top("top_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading(egui::RichText::new("PatchDesk").strong());
                if let Some(office) = self.overview.as_ref().and_then(|o| o.office.as_ref()) {
                    ui.separator();
                    ui.label(&office.name);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .button(lang.tr("top.help"))
                        .on_hover_text(lang.tr("shortcut.help"))
                        .clicked()
                    {
                        commands.push(UiCommand::ToggleHelp);
                    }
                });
            });
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            status_bar::show(ui, lang, self, commands);
        });
        egui::Panel::left("navigation")
            .resizable(false)
            .exact_size(theme::NAV_WIDTH)
            .show(ui, |ui| {
                nav::side_nav(ui, lang, self.prefs.section, commands)
            });
        egui::CentralPanel::default().show(ui, |ui| {
            let context = ScreenContext {
                lang,
                db: &self.db,
                db_path: &self.db_path,
                overview: self.overview.as_ref(),
                loading_sample: self.tasks.is_loading_sample(),
                saving_office: self.tasks.is_saving_office(),
                inventory: self.inventory.as_ref(),
                importing: self.tasks.is_importing(),
                machine_detail: self.machine_detail.as_ref(),
                identify: self.identify.as_ref(),
                machine_findings: self
                    .machine_findings
                    .as_ref()
                    .filter(|m| Some(m.machine_id) == self.findings_machine),
                explanation: self.explanation.as_ref(),
                catalog_results: self.catalog_results.as_deref(),
                fetching_catalog: self.tasks.is_fetching_catalog(),
            };
            screens::show(
                ui,
                self.prefs.section,
                &context,
                screens::ScreenStates {
                    settings: &mut self.settings_screen,
                    assess: &mut self.assess_screen,
                    identify: &mut self.identify_screen,
                },
                &self.prefs,
                commands,
            );
        });
        if let Some(dialog) = &mut self.import_dialog {
            dialog.show(ui.ctx(), lang, commands);
        }
        if self.help_open {
            help::show(ui.ctx(), lang, commands);
        }
        status_bar::notice_details(ui.ctx(), lang, &mut self.notices);
        drop_hint(ui.ctx(), lang);
    }
}

/// While files are dragged over the window, say what dropping them will do.
fn drop_hint(ctx: &egui::Context, lang: crate::i18n::Lang) {
    let hovering = ctx.input(|input| !input.raw.hovered_files.is_empty());
    if !hovering {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop_hint"),
    ));
    let screen = ctx.content_rect();
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        lang.tr("drop.hint"),
        egui::FontId::proportional(theme::HEADING_SIZE),
        egui::Color32::WHITE,
    );
}

impl eframe::App for PatchDeskApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if self.applied_theme != Some(self.prefs.theme) {
            theme::apply(ctx, self.prefs.theme);
            self.applied_theme = Some(self.prefs.theme);
        }
        for finished in self.tasks.poll() {
            self.on_finished(finished);
        }
        self.watch_drop_folder(ctx);
        let dropped: Vec<PathBuf> = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            self.keyboard_commands.push(UiCommand::ImportFiles(dropped));
        }
        self.keyboard_commands
            .extend(command::commands_from_keyboard(ctx));
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let started = std::time::Instant::now();
        let mut commands = std::mem::take(&mut self.keyboard_commands);
        self.draw(ui, &mut commands);
        for command in commands {
            self.handle(ui.ctx(), command);
        }
        if let Some(bench) = &mut self.bench {
            let rows = self.inventory.as_ref().map(|i| i.machines.len());
            bench.after_frame(ui.ctx(), started, rows, &mut self.assess_screen);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
