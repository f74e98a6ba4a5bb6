//! The dashboard: the first-run offer, the process at a glance, recent decisions, the database.

use chrono::Local;

use super::ScreenContext;
use crate::ui::app::DbState;
use crate::ui::command::UiCommand;
use crate::ui::nav::Section;
use crate::ui::theme;

pub fn show(ui: &mut egui::Ui, ctx: &ScreenContext<'_>, commands: &mut Vec<UiCommand>) {
    let lang = ctx.lang;
    match ctx.db {
        DbState::Opening => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.tr("dashboard.opening"));
            });
            return;
        }
        DbState::Failed(reason) => {
            theme::card(ui, |ui| {
                ui.colored_label(theme::ERROR, lang.tr("dashboard.db_failed"));
                ui.label(reason);
                ui.label(lang.trf(
                    "dashboard.db_failed_hint",
                    &[("path", &ctx.db_path.display())],
                ));
            });
            return;
        }
        DbState::Ready => {}
    }
    let Some(overview) = ctx.overview else {
        return;
    };

    if overview.is_first_run() {
        theme::card(ui, |ui| {
            ui.strong(lang.tr("dashboard.welcome_title"));
            ui.label(lang.tr("dashboard.welcome_text"));
            ui.add_space(theme::SPACE_M);
            ui.horizontal(|ui| {
                let load = egui::Button::new(lang.tr("dashboard.load_sample"));
                if ui.add_enabled(!ctx.loading_sample, load).clicked() {
                    commands.push(UiCommand::LoadSampleOffice);
                }
                if ui.button(lang.tr("dashboard.start_own")).clicked() {
                    commands.push(UiCommand::Navigate(Section::Assess));
                }
                if ctx.loading_sample {
                    ui.spinner();
                }
            });
        });
        ui.add_space(theme::SPACE_L);
    }

    if overview.machines > 0 {
        theme::card(ui, |ui| {
            ui.strong(lang.tr("dashboard.machines_title"));
            ui.horizontal(|ui| {
                ui.label(lang.trf("dashboard.machines", &[("count", &overview.machines)]));
                if overview.stale_machines > 0 {
                    ui.colored_label(
                        theme::WARNING,
                        lang.trf(
                            "dashboard.stale_machines",
                            &[
                                ("count", &overview.stale_machines),
                                ("days", &crate::overview::STALE_AFTER_DAYS),
                            ],
                        ),
                    );
                }
                if ui.button(lang.tr("dashboard.open_machines")).clicked() {
                    commands.push(UiCommand::Navigate(Section::Assess));
                }
            });
        });
        ui.add_space(theme::SPACE_L);
    }

    if overview.findings.documents > 0 {
        theme::card(ui, |ui| {
            ui.strong(lang.tr("dashboard.findings_title"));
            super::identify::risk_figures(ui, lang, &overview.findings);
            if ui.button(lang.tr("dashboard.open_findings")).clicked() {
                commands.push(UiCommand::Navigate(Section::Identify));
            }
        });
        ui.add_space(theme::SPACE_L);
    }

    ui.scope(|ui| process_overview(ui, ctx, commands));
    ui.add_space(theme::SPACE_L);

    theme::card(ui, |ui| {
        ui.strong(lang.tr("dashboard.recent_title"));
        if overview.recent_decisions.is_empty() {
            ui.weak(lang.tr("dashboard.recent_empty"));
            return;
        }
        egui::Grid::new("recent_decisions")
            .num_columns(4)
            .striped(true)
            .spacing([theme::SPACE_L, theme::SPACE_S])
            .show(ui, |ui| {
                for entry in &overview.recent_decisions {
                    let time = entry
                        .time()
                        .map(|t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_else(|| entry.at.clone());
                    ui.label(time);
                    ui.label(&entry.user);
                    ui.label(lang.tr(&format!("audit.{}", entry.action)));
                    ui.label(&entry.object);
                    ui.end_row();
                }
            });
    });
    ui.add_space(theme::SPACE_L);

    theme::card(ui, |ui| {
        let db = &overview.database;
        ui.strong(lang.tr("dashboard.database_title"));
        super::database_facts(ui, lang, &db.path, Some(db));
    });
}

/// The four phases as cards: number, name, what the admin does there.
fn process_overview(ui: &mut egui::Ui, ctx: &ScreenContext<'_>, commands: &mut Vec<UiCommand>) {
    let lang = ctx.lang;
    ui.strong(lang.tr("dashboard.process_title"));
    ui.add_space(theme::SPACE_S);
    let phases = [
        Section::Assess,
        Section::Identify,
        Section::Plan,
        Section::Deploy,
    ];
    // As wide as the cards above and below it.
    ui.set_max_width(theme::CARD_MAX_WIDTH + 2.0 * theme::SPACE_L);
    ui.columns(phases.len(), |columns| {
        for (ui, section) in columns.iter_mut().zip(phases) {
            let key = section.screen_key();
            let name = lang.tr(&format!("{key}.name"));
            egui::Frame::group(ui.style())
                .corner_radius(theme::CARD_RADIUS)
                .inner_margin(theme::SPACE_L)
                .show(ui, |ui| {
                    ui.set_min_width(ui.available_width());
                    // Columns are justified; card text reads better ragged.
                    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                        ui.horizontal(|ui| {
                            ui.label(
                                egui::RichText::new(
                                    section.phase().unwrap_or_default().to_string(),
                                )
                                .size(theme::PHASE_NUMBER_SIZE)
                                .color(theme::ACCENT),
                            );
                            ui.strong(name.as_ref());
                        });
                        ui.label(lang.tr(&format!("{key}.short")));
                        ui.add_space(theme::SPACE_S);
                        let open = lang.trf("dashboard.open_phase", &[("phase", &name)]);
                        if ui.button(open).clicked() {
                            commands.push(UiCommand::Navigate(section));
                        }
                    });
                });
        }
    });
}
