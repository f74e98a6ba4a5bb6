//! Why PatchDesk says what it says about one CVE on one machine, and the form to mark it as
//! not applicable (with a reason and a last day; audited).

use chrono::NaiveDate;

use crate::store::SuppressionTarget;
use crate::ui::command::UiCommand;
use crate::ui::screens::ScreenContext;
use crate::ui::tasks::ExplanationView;
use crate::ui::theme;

#[derive(Default)]
pub struct SuppressForm {
    reason: String,
    /// YYYY-MM-DD, or empty for "until lifted".
    until: String,
    all_machines: bool,
    /// Suppress the update (KB) rather than the CVE.
    by_update: bool,
}

pub fn window(
    egui_ctx: &egui::Context,
    ctx: &ScreenContext<'_>,
    view: &ExplanationView,
    form: &mut SuppressForm,
    commands: &mut Vec<UiCommand>,
) {
    let lang = ctx.lang;
    let mut open = true;
    egui::Window::new(lang.trf("identify.explain_title", &[("cve", &view.cve)]))
        .open(&mut open)
        .default_width(theme::EXPLANATION_WIDTH)
        .collapsible(false)
        .show(egui_ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(ui.ctx().content_rect().height() * 0.6)
                .show(ui, |ui| {
                    if view.explanations.is_empty() {
                        ui.label(lang.tr("identify.explain_none"));
                    }
                    for (i, explanation) in view.explanations.iter().enumerate() {
                        if i > 0 {
                            ui.separator();
                        }
                        for (n, line) in explanation.lines(lang).into_iter().enumerate() {
                            if n == 0 {
                                ui.strong(line);
                            } else {
                                ui.label(line.trim_start());
                            }
                        }
                    }
                });
            let Some(first) = view.explanations.first() else {
                return;
            };
            ui.separator();
            let suppressed = ctx
                .machine_findings
                .filter(|m| m.machine_id == view.machine_id)
                .and_then(|m| m.findings.iter().find(|f| f.cve == view.cve))
                .and_then(|f| f.suppressed.as_ref());
            if let Some(suppression) = suppressed {
                ui.colored_label(
                    theme::WARNING,
                    lang.trf(
                        "identify.suppress.active",
                        &[
                            ("actor", &suppression.actor),
                            ("reason", &suppression.reason),
                            (
                                "until",
                                &suppression
                                    .expires
                                    .map(|d| d.to_string())
                                    .unwrap_or_else(|| {
                                        lang.tr("identify.suppress.no_expiry").into_owned()
                                    }),
                            ),
                        ],
                    ),
                );
                if ui.button(lang.tr("identify.suppress.lift")).clicked() {
                    commands.push(UiCommand::LiftSuppression(suppression.id));
                }
                return;
            }
            ui.strong(lang.tr("identify.suppress.title"));
            let label = ui.label(lang.tr("identify.suppress.reason"));
            ui.add(
                egui::TextEdit::singleline(&mut form.reason)
                    .hint_text(lang.tr("identify.suppress.reason_hint"))
                    .desired_width(theme::FORM_FIELD_WIDTH),
            )
            .labelled_by(label.id);
            ui.horizontal(|ui| {
                let label = ui.label(lang.tr("identify.suppress.until"));
                ui.add(
                    egui::TextEdit::singleline(&mut form.until)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(110.0),
                )
                .labelled_by(label.id);
            });
            ui.checkbox(
                &mut form.all_machines,
                lang.tr("identify.suppress.all_machines"),
            );
            let kb = first.fixes.iter().find_map(|f| f.kb.clone());
            if let Some(kb) = &kb {
                ui.checkbox(
                    &mut form.by_update,
                    lang.trf("identify.suppress.by_update", &[("kb", kb)]),
                );
            }
            let until = form.until.trim();
            let expires = NaiveDate::parse_from_str(until, "%Y-%m-%d").ok();
            let until_ok = until.is_empty() || expires.is_some();
            if !until_ok {
                ui.colored_label(theme::ERROR, lang.tr("identify.suppress.bad_date"));
            }
            let ready = !form.reason.trim().is_empty() && until_ok;
            if ui
                .add_enabled(
                    ready,
                    egui::Button::new(lang.tr("identify.suppress.button")),
                )
                .clicked()
            {
                let target = match (&kb, form.by_update) {
                    (Some(kb), true) => SuppressionTarget::Kb(kb.clone()),
                    _ => SuppressionTarget::Cve(view.cve.clone()),
                };
                commands.push(UiCommand::Suppress {
                    machine_id: (!form.all_machines).then_some(view.machine_id),
                    target,
                    reason: form.reason.trim().to_owned(),
                    expires,
                });
                *form = SuppressForm::default();
                commands.push(UiCommand::CloseExplanation);
            }
        });
    if !open {
        commands.push(UiCommand::CloseExplanation);
    }
}
