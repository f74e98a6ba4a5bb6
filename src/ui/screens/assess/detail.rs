//! The selected machine: OS and build, installed updates with dates, programs, and its scan
//! history with what changed at each scan.

use super::table::short_time;
use crate::i18n::Lang;
use crate::store::MachineDetail;
use crate::ui::theme;

pub fn show(ui: &mut egui::Ui, lang: Lang, detail: &MachineDetail) {
    egui::ScrollArea::vertical()
        .id_salt("machine_detail")
        .show(ui, |ui| {
            ui.heading(&detail.hostname);
            egui::Grid::new("machine_facts")
                .num_columns(2)
                .spacing([theme::SPACE_M, theme::SPACE_S])
                .show(ui, |ui| {
                    let mut fact = |key: &str, value: Option<&str>| {
                        ui.label(lang.tr(key));
                        ui.label(value.unwrap_or("—"));
                        ui.end_row();
                    };
                    fact("detail.os", detail.os_name.as_deref());
                    fact("detail.version", detail.os_display_version.as_deref());
                    fact("detail.build", detail.os_build.as_deref());
                    fact("detail.architecture", detail.architecture.as_deref());
                    fact("detail.installation", detail.installation_type.as_deref());
                    fact("detail.domain", detail.domain.as_deref());
                    fact("detail.serial", detail.serial_number.as_deref());
                    fact(
                        "detail.last_scan",
                        Some(&short_time(detail.last_scan.as_deref())),
                    );
                    let groups = detail.groups.join(", ");
                    fact(
                        "detail.groups",
                        (!groups.is_empty()).then_some(groups.as_str()),
                    );
                });
            ui.add_space(theme::SPACE_M);
            egui::CollapsingHeader::new(
                lang.trf("detail.updates", &[("count", &detail.updates.len())]),
            )
            .default_open(true)
            .show(ui, |ui| {
                for update in &detail.updates {
                    ui.horizontal_wrapped(|ui| {
                        ui.monospace(&update.kb);
                        ui.weak(
                            update
                                .installed_on
                                .map(|day| day.to_string())
                                .unwrap_or_default(),
                        );
                        ui.weak(update.description.as_deref().unwrap_or(""));
                    });
                }
            });
            egui::CollapsingHeader::new(
                lang.trf("detail.programs", &[("count", &detail.programs.len())]),
            )
            .show(ui, |ui| {
                for program in &detail.programs {
                    ui.label(format!(
                        "{} {}",
                        program.name,
                        program.version.as_deref().unwrap_or("")
                    ));
                }
            });
            egui::CollapsingHeader::new(
                lang.trf("detail.scans", &[("count", &detail.scans.len())]),
            )
            .default_open(true)
            .show(ui, |ui| {
                for scan in &detail.scans {
                    ui.label(
                        egui::RichText::new(format!(
                            "{} · {} ({})",
                            short_time(Some(&scan.scanned_at)),
                            scan.source_file,
                            scan.source_format
                        ))
                        .strong(),
                    );
                    if let (Some(before), Some(now)) = (&scan.build_changed_from, &scan.os_build) {
                        ui.label(
                            lang.trf("detail.build_changed", &[("from", before), ("to", now)]),
                        );
                    }
                    if !scan.kbs_added.is_empty() {
                        ui.colored_label(
                            theme::SUCCESS,
                            format!("+ {}", scan.kbs_added.join(", ")),
                        );
                    }
                    if !scan.kbs_removed.is_empty() {
                        ui.colored_label(
                            theme::ERROR,
                            format!("− {}", scan.kbs_removed.join(", ")),
                        );
                    }
                }
            });
        });
}
