//! 2 識別 Identify: the catalogs, what each machine is missing (by machine and by update),
//! a machine's minimum fix set, and the reasoning behind any finding.

mod catalog;
mod explanation;
mod machines;
mod summary;
mod updates;

pub use summary::risk_figures;

use super::ScreenContext;
use crate::identify::Severity;
use crate::store::{MachineRisk, UpdateRisk};
use crate::ui::command::UiCommand;
use crate::ui::theme;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Machines,
    Updates,
    Catalog,
}

/// What the admin has chosen on the screen (kept while the window is open).
#[derive(Default)]
pub struct IdentifyScreen {
    pub(super) tab: Tab,
    pub(super) search: String,
    pub(super) min_severity: Option<Severity>,
    pub(super) exploited_only: bool,
    pub(super) group_filter: Option<String>,
    pub(super) selected_update: Option<String>,
    pub(super) suppress: explanation::SuppressForm,
    pub(super) mapping: machines::MappingForm,
    pub(super) catalog: catalog::CatalogForm,
}

impl IdentifyScreen {
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ScreenContext<'_>,
        commands: &mut Vec<UiCommand>,
    ) {
        let lang = ctx.lang;
        // Wrapped: the hint is long, and an unwrapped row would widen the whole screen.
        ui.horizontal_wrapped(|ui| {
            let import = egui::Button::new(lang.tr("identify.import"));
            if ui.add_enabled(!ctx.importing, import).clicked() {
                commands.push(UiCommand::PickFilesToImport);
            }
            let fetch = egui::Button::new(lang.tr("identify.fetch"));
            if ui
                .add_enabled(!ctx.fetching_catalog, fetch)
                .on_hover_text(lang.tr("identify.fetch_hint"))
                .clicked()
            {
                commands.push(UiCommand::FetchCatalog);
            }
            if ctx.fetching_catalog {
                ui.spinner();
            }
            ui.weak(lang.tr("identify.import_hint"));
        });
        ui.add_space(theme::SPACE_S);
        let Some(view) = ctx.identify else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.tr("identify.loading"));
            });
            return;
        };
        if view.documents.is_empty() {
            theme::card(ui, |ui| {
                ui.strong(lang.tr("identify.empty_title"));
                ui.label(lang.tr("identify.empty_text"));
            });
            return;
        }
        summary::show(ui, lang, &view.risk.summary, view.documents.len());
        ui.add_space(theme::SPACE_S);
        ui.horizontal(|ui| {
            for (tab, key) in [
                (Tab::Machines, "identify.tab.machines"),
                (Tab::Updates, "identify.tab.updates"),
                (Tab::Catalog, "identify.tab.catalog"),
            ] {
                ui.selectable_value(&mut self.tab, tab, lang.tr(key));
            }
        });
        ui.separator();
        if self.tab != Tab::Catalog {
            self.filters(ui, ctx);
        }
        if let Some(explanation) = ctx.explanation {
            explanation::window(ui.ctx(), ctx, explanation, &mut self.suppress, commands);
        }
        match self.tab {
            Tab::Machines => machines::show(ui, ctx, self, &view.risk.machines, commands),
            Tab::Updates => updates::show(ui, ctx, self, &view.risk.updates),
            Tab::Catalog => catalog::show(ui, ctx, &mut self.catalog, &view.documents, commands),
        }
    }

    fn filters(&mut self, ui: &mut egui::Ui, ctx: &ScreenContext<'_>) {
        let lang = ctx.lang;
        ui.horizontal(|ui| {
            let label = ui.label(lang.tr("identify.search"));
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text(lang.tr("identify.search_hint"))
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
            min_severity_filter(ui, lang, "identify_min_severity", &mut self.min_severity);
            ui.checkbox(&mut self.exploited_only, lang.tr("identify.exploited_only"));
            if let Some(inventory) = ctx.inventory {
                super::group_filter(
                    ui,
                    lang,
                    "identify_group",
                    &inventory.groups,
                    &mut self.group_filter,
                );
            }
        });
    }

    /// Does a machine pass the filters? A severity filter keeps machines missing a fix of at
    /// least that severity.
    pub(super) fn keeps_machine(&self, machine: &MachineRisk) -> bool {
        let needle = self.search.trim().to_lowercase();
        let text_ok = needle.is_empty() || machine.hostname.to_lowercase().contains(&needle);
        let severity_ok = self.min_severity.is_none_or(|min| {
            Severity::ALL
                .iter()
                .zip(machine.missing_by_severity)
                .any(|(severity, count)| *severity >= min && count > 0)
        });
        let exploited_ok = !self.exploited_only || machine.exploited > 0;
        let group_ok = self
            .group_filter
            .as_ref()
            .is_none_or(|g| machine.groups.contains(g));
        text_ok && severity_ok && exploited_ok && group_ok
    }

    pub(super) fn keeps_update(&self, update: &UpdateRisk, groups: &GroupLookup<'_>) -> bool {
        let needle = self.search.trim().to_lowercase();
        let text_ok = needle.is_empty()
            || update.kb.to_lowercase().contains(&needle)
            || update
                .products
                .iter()
                .any(|p| p.to_lowercase().contains(&needle))
            || update
                .hosts
                .iter()
                .any(|h| h.to_lowercase().contains(&needle));
        let severity_ok = self
            .min_severity
            .is_none_or(|min| update.top.as_ref().is_some_and(|u| u.severity >= min));
        let exploited_ok = !self.exploited_only || update.exploited > 0;
        let group_ok = self
            .group_filter
            .as_ref()
            .is_none_or(|g| update.hosts.iter().any(|h| groups.is_member(h, g)));
        text_ok && severity_ok && exploited_ok && group_ok
    }
}

/// Which groups a hostname belongs to, from the machines list.
pub(super) struct GroupLookup<'a> {
    machines: &'a [MachineRisk],
}

impl GroupLookup<'_> {
    fn is_member(&self, hostname: &str, group: &str) -> bool {
        self.machines
            .iter()
            .any(|m| m.hostname == hostname && m.groups.iter().any(|g| g == group))
    }
}

/// "Severity at least: [any ▾]" (緊急, 重要, 警告, 注意).
pub(super) fn min_severity_filter(
    ui: &mut egui::Ui,
    lang: crate::i18n::Lang,
    id: &str,
    selected: &mut Option<Severity>,
) {
    let any = lang.tr("assess.any");
    ui.label(lang.tr("identify.min_severity"));
    egui::ComboBox::from_id_salt(id)
        .selected_text(
            selected
                .map(|s| lang.tr(s.label_key()))
                .unwrap_or_else(|| any.clone()),
        )
        .show_ui(ui, |ui| {
            ui.selectable_value(selected, None, any.as_ref());
            for severity in &Severity::ALL[..4] {
                ui.selectable_value(selected, Some(*severity), lang.tr(severity.label_key()));
            }
        });
}

/// A severity as a coloured word (緊急 red, 重要 amber).
pub(super) fn severity_label(lang: crate::i18n::Lang, severity: Severity) -> egui::RichText {
    let text = egui::RichText::new(lang.tr(severity.label_key()));
    match severity {
        Severity::Critical => text.color(theme::ERROR).strong(),
        Severity::Important => text.color(theme::WARNING),
        _ => text,
    }
}
