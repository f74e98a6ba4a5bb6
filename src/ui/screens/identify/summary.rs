//! The figures at the top of the Identify screen (the dashboard shows the same ones).

use crate::i18n::Lang;
use crate::identify::Severity;
use crate::store::FindingsSummary;
use crate::ui::theme;

pub fn show(ui: &mut egui::Ui, lang: Lang, summary: &FindingsSummary, documents: usize) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            lang.trf(
                "identify.summary.catalogs",
                &[
                    ("documents", &documents),
                    (
                        "kev",
                        &summary
                            .kev_version
                            .clone()
                            .unwrap_or_else(|| lang.tr("identify.summary.no_kev").into_owned()),
                    ),
                ],
            ),
        );
        ui.separator();
        risk_figures(ui, lang, summary);
    });
}

/// Machines at risk, emergencies, missing fixes by severity, the oldest missing fix.
pub fn risk_figures(ui: &mut egui::Ui, lang: Lang, summary: &FindingsSummary) {
    if summary.machines_emergency > 0 {
        ui.colored_label(
            theme::ERROR,
            egui::RichText::new(lang.trf(
                "identify.summary.emergency",
                &[("count", &summary.machines_emergency)],
            ))
            .strong(),
        );
    }
    let at_risk = lang.trf(
        "identify.summary.at_risk",
        &[
            ("count", &summary.machines_at_risk),
            ("total", &summary.machines_matched),
        ],
    );
    if summary.machines_at_risk > 0 {
        ui.colored_label(theme::WARNING, at_risk);
    } else {
        ui.label(at_risk);
    }
    let by_severity: Vec<String> = Severity::ALL
        .iter()
        .zip(summary.missing_by_severity)
        .filter(|(_, count)| *count > 0)
        .map(|(severity, count)| format!("{} {count}", lang.tr(severity.label_key())))
        .collect();
    if !by_severity.is_empty() {
        ui.label(lang.trf(
            "identify.summary.missing",
            &[("counts", &by_severity.join(" / "))],
        ));
    }
    if let Some(days) = summary.oldest_missing_days {
        ui.label(lang.trf("identify.summary.oldest", &[("days", &days)]));
    }
    if summary.machines_os_uncovered > 0 {
        ui.colored_label(
            theme::WARNING,
            lang.trf(
                "identify.summary.os_uncovered",
                &[("count", &summary.machines_os_uncovered)],
            ),
        );
    }
    if summary.unknown > 0 {
        ui.weak(lang.trf("identify.summary.unknown", &[("count", &summary.unknown)]));
    }
    if summary.suppressed > 0 {
        ui.weak(lang.trf(
            "identify.summary.suppressed",
            &[("count", &summary.suppressed)],
        ));
    }
}
