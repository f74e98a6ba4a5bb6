//! Findings by machine: the machines most at risk first; the selected machine's minimum fix
//! set and findings beside them.

use egui_extras::{Column, TableBuilder};

use super::{IdentifyScreen, severity_label};
use crate::i18n::Lang;
use crate::identify::Status;
use crate::store::{MachineFindings, MachineRisk, OverrideAction};
use crate::ui::command::UiCommand;
use crate::ui::screens::ScreenContext;
use crate::ui::theme;

const ROW_HEIGHT: f32 = 22.0;

pub fn show(
    ui: &mut egui::Ui,
    ctx: &ScreenContext<'_>,
    screen: &mut IdentifyScreen,
    machines: &[MachineRisk],
    commands: &mut Vec<UiCommand>,
) {
    let lang = ctx.lang;
    let visible: Vec<&MachineRisk> = machines
        .iter()
        .filter(|m| screen.keeps_machine(m))
        .collect();
    ui.label(lang.trf(
        "identify.machines_count",
        &[("shown", &visible.len()), ("total", &machines.len())],
    ));
    let selected = ctx.machine_findings.map(|m| m.machine_id);
    if let Some(findings) = ctx.machine_findings {
        egui::Panel::right("identify_machine")
            .resizable(true)
            .default_size(theme::FINDINGS_PANEL_WIDTH)
            .size_range(theme::DETAIL_PANEL_MIN_WIDTH..=theme::FINDINGS_PANEL_MAX_WIDTH)
            .show(ui, |ui| {
                let names = ctx
                    .identify
                    .map(|v| v.product_names.as_slice())
                    .unwrap_or_default();
                egui::ScrollArea::vertical()
                    .id_salt("identify_machine_scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        machine_panel(ui, lang, findings, names, &mut screen.mapping, commands)
                    });
            });
    }
    egui::CentralPanel::no_frame().show(ui, |ui| {
        ui.style_mut().interaction.selectable_labels = false;
        let height = ui.available_height();
        TableBuilder::new(ui)
            .id_salt("identify_machines")
            .striped(true)
            .resizable(false)
            .sense(egui::Sense::click())
            .max_scroll_height(height)
            .column(Column::remainder().at_least(120.0).clip(true))
            .column(Column::exact(64.0))
            .column(Column::exact(64.0))
            .column(Column::exact(64.0))
            .column(Column::exact(64.0))
            .column(Column::exact(72.0))
            .column(Column::exact(120.0).clip(true))
            .header(ROW_HEIGHT + 4.0, |mut header| {
                for key in [
                    "identify.col.machine",
                    "identify.col.missing",
                    "severity.critical",
                    "identify.col.exploited",
                    "identify.col.unknown",
                    "identify.col.oldest",
                    "assess.col.groups",
                ] {
                    header.col(|ui| {
                        ui.strong(lang.tr(key));
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, visible.len(), |mut row| {
                    let machine = visible[row.index()];
                    row.set_selected(selected == Some(machine.machine_id));
                    row.col(|ui| {
                        ui.horizontal(|ui| {
                            if machine.emergency > 0 {
                                ui.colored_label(theme::ERROR, "⚠")
                                    .on_hover_text(lang.tr("identify.emergency_hint"));
                            }
                            ui.label(&machine.hostname);
                            if !machine.os_covered {
                                ui.colored_label(theme::WARNING, lang.tr("identify.os_uncovered"))
                                    .on_hover_text(lang.tr("identify.os_uncovered_hint"));
                            }
                        });
                    });
                    row.col(|ui| {
                        ui.label(machine.missing.to_string());
                    });
                    row.col(|ui| {
                        let critical = machine.missing_by_severity[0];
                        if critical > 0 {
                            ui.colored_label(theme::ERROR, critical.to_string());
                        } else {
                            ui.weak("0");
                        }
                    });
                    row.col(|ui| {
                        if machine.exploited > 0 {
                            ui.colored_label(theme::ERROR, machine.exploited.to_string());
                        } else {
                            ui.weak("0");
                        }
                    });
                    row.col(|ui| {
                        ui.label(machine.unknown.to_string());
                    });
                    row.col(|ui| {
                        ui.label(
                            machine
                                .oldest_days
                                .map(|d| lang.trf("identify.days", &[("days", &d)]))
                                .unwrap_or_else(|| "—".to_owned()),
                        );
                    });
                    row.col(|ui| {
                        ui.label(machine.groups.join(", "));
                    });
                    if row.response().clicked() {
                        let next =
                            (selected != Some(machine.machine_id)).then_some(machine.machine_id);
                        commands.push(UiCommand::SelectFindingsMachine(next));
                    }
                });
            });
    });
}

/// The selected machine: its products, its fix set, then its findings (click one for the
/// reasoning).
fn machine_panel(
    ui: &mut egui::Ui,
    lang: Lang,
    machine: &MachineFindings,
    product_names: &[String],
    form: &mut MappingForm,
    commands: &mut Vec<UiCommand>,
) {
    ui.horizontal(|ui| {
        ui.heading(&machine.hostname);
        if ui.small_button(lang.tr("identify.close")).clicked() {
            commands.push(UiCommand::SelectFindingsMachine(None));
        }
    });
    let open: Vec<_> = machine
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .collect();
    let missing = open.iter().filter(|f| f.status == Status::Missing).count();
    ui.label(lang.trf(
        "identify.machine_counts",
        &[
            ("missing", &missing),
            ("unknown", &(open.len() - missing)),
            ("fixed", &machine.fixed),
            ("suppressed", &(machine.findings.len() - open.len())),
        ],
    ));
    egui::CollapsingHeader::new(
        lang.trf("identify.products", &[("count", &machine.products.len())]),
    )
    .id_salt("identify_products")
    .show(ui, |ui| {
        mapping(ui, lang, machine, product_names, form, commands)
    });
    ui.add_space(theme::SPACE_S);
    ui.strong(lang.tr("identify.fix_set"));
    if machine.fixes.is_empty() {
        ui.weak(lang.tr("identify.fix_set_empty"));
    } else {
        egui::Grid::new("identify_fix_set")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for fix in &machine.fixes {
                    ui.strong(&fix.kb).on_hover_text(&fix.title);
                    ui.label(lang.trf("identify.clears", &[("count", &fix.clears)]));
                    ui.label(lang.tr(match fix.restart {
                        "yes" => "identify.restart.yes",
                        "maybe" => "identify.restart.maybe",
                        "no" => "identify.restart.no",
                        _ => "identify.restart.unknown",
                    }));
                    ui.end_row();
                }
            });
    }
    ui.add_space(theme::SPACE_S);
    ui.strong(lang.tr("identify.findings"));
    ui.weak(lang.tr("identify.findings_hint"));
    egui::Grid::new("identify_findings")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for finding in &machine.findings {
                let text = if finding.suppressed.is_some() {
                    egui::RichText::new(&finding.cve).strikethrough()
                } else {
                    egui::RichText::new(&finding.cve)
                };
                let label = ui
                    .add(egui::Button::new(text).frame(false))
                    .on_hover_text(&finding.title);
                if label.clicked() {
                    commands.push(UiCommand::ExplainFinding {
                        machine_id: machine.machine_id,
                        cve: finding.cve.clone(),
                    });
                }
                ui.label(severity_label(lang, finding.severity));
                ui.horizontal(|ui| {
                    if finding.emergency {
                        ui.colored_label(theme::ERROR, lang.tr("identify.badge.emergency"));
                    } else if finding.kev {
                        ui.colored_label(theme::ERROR, "KEV");
                    } else if finding.exploited {
                        ui.colored_label(theme::WARNING, lang.tr("identify.badge.exploited"));
                    }
                    if finding.status == Status::Unknown {
                        ui.weak(lang.tr("identify.badge.unknown"));
                    }
                });
                ui.label(finding.kb.as_deref().unwrap_or("—"));
                ui.end_row();
            }
        });
}

/// The admin's correction of a machine's product mapping.
#[derive(Default)]
pub struct MappingForm {
    product: String,
    reason: String,
}

/// The products the machine is matched against, each removable, and a product to add; both
/// need a reason (audited).
fn mapping(
    ui: &mut egui::Ui,
    lang: Lang,
    machine: &MachineFindings,
    product_names: &[String],
    form: &mut MappingForm,
    commands: &mut Vec<UiCommand>,
) {
    if machine.products.is_empty() {
        ui.weak(lang.tr("identify.no_products"));
    }
    let reason = form.reason.trim().to_owned();
    for product in &machine.products {
        ui.horizontal(|ui| {
            let remove = egui::Button::new(lang.tr("identify.mapping.remove")).small();
            if ui
                .add_enabled(!reason.is_empty(), remove)
                .on_disabled_hover_text(lang.tr("identify.mapping.reason_first"))
                .clicked()
            {
                commands.push(UiCommand::OverrideProduct {
                    machine_id: machine.machine_id,
                    product: product.product.clone(),
                    action: OverrideAction::Remove,
                    reason: reason.clone(),
                });
            }
            // Truncated: a long product name must not widen the panel over the table.
            ui.add(egui::Label::new(&product.product).truncate())
                .on_hover_text(&product.product);
        });
    }
    ui.add_space(theme::SPACE_S);
    let label = ui.label(lang.tr("identify.mapping.reason"));
    ui.add(egui::TextEdit::singleline(&mut form.reason).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    let label = ui.label(lang.tr("identify.mapping.add"));
    ui.add(
        egui::TextEdit::singleline(&mut form.product)
            .hint_text(lang.tr("identify.mapping.add_hint"))
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    let needle = form.product.trim().to_lowercase();
    if needle.chars().count() >= 2 {
        // A few catalog names containing what was typed: a product must be spelt as the
        // catalog spells it.
        for name in product_names
            .iter()
            .filter(|n| n.to_lowercase().contains(&needle))
            .take(6)
        {
            let add = lang.trf("identify.mapping.add_product", &[("product", name)]);
            if ui
                .add_enabled(!reason.is_empty(), egui::Button::new(add).small())
                .on_disabled_hover_text(lang.tr("identify.mapping.reason_first"))
                .clicked()
            {
                commands.push(UiCommand::OverrideProduct {
                    machine_id: machine.machine_id,
                    product: name.clone(),
                    action: OverrideAction::Add,
                    reason: reason.clone(),
                });
                *form = MappingForm::default();
            }
        }
    }
}
