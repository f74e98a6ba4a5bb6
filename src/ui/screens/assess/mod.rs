//! 1 査定 Assess: every machine, what is installed on it, and its groups and rings.

mod detail;
mod groups;
mod table;

use std::collections::BTreeSet;

use super::ScreenContext;
use crate::store::MachineSummary;
use crate::ui::command::UiCommand;
use crate::ui::theme;

use crate::overview::STALE_AFTER_DAYS;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortColumn {
    #[default]
    Hostname,
    Os,
    Build,
    Updates,
    LastScan,
    Groups,
}

/// What the admin has typed and chosen on the screen (kept while the window is open).
#[derive(Default)]
pub struct AssessScreen {
    pub(super) filter: String,
    pub(super) os_filter: Option<String>,
    pub(super) group_filter: Option<String>,
    pub(super) stale_only: bool,
    pub(super) sort: SortColumn,
    pub(super) descending: bool,
    /// Machine ids selected in the table (several with Ctrl/Shift).
    pub(super) selected: BTreeSet<i64>,
    pub(super) anchor: Option<usize>,
    pub(super) new_group: groups::NewGroupForm,
    pub(super) assign_target: Option<String>,
    /// The filtered, sorted rows of the last frame: with thousands of machines, filtering and
    /// sorting every frame would cost more than drawing the visible rows.
    rows_cache: Option<(RowsKey, Vec<usize>)>,
    /// A scroll position for the table's next frame (the machines-table benchmark).
    scroll_to: Option<f32>,
}

/// Everything the visible rows depend on.
#[derive(Clone, PartialEq, Eq)]
struct RowsKey {
    generation: u64,
    filter: String,
    os_filter: Option<String>,
    group_filter: Option<String>,
    stale_only: bool,
    sort: SortColumn,
    descending: bool,
}

impl AssessScreen {
    pub fn scroll_table_to(&mut self, offset: f32) {
        self.scroll_to = Some(offset);
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ScreenContext<'_>,
        commands: &mut Vec<UiCommand>,
    ) {
        let lang = ctx.lang;
        let Some(inventory) = ctx.inventory else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.tr("assess.loading"));
            });
            return;
        };
        let machines = &inventory.machines;
        ui.horizontal(|ui| {
            let import = egui::Button::new(lang.tr("screen.assess.import"));
            if ui.add_enabled(!ctx.importing, import).clicked() {
                commands.push(UiCommand::PickFilesToImport);
            }
            ui.weak(lang.tr("screen.import_hint"));
        });
        ui.add_space(theme::SPACE_S);
        if machines.is_empty() {
            theme::card(ui, |ui| {
                ui.strong(lang.tr("assess.empty_title"));
                ui.label(lang.tr("assess.empty_text"));
            });
            ui.add_space(theme::SPACE_L);
            groups::show(ui, ctx, self, inventory, commands);
            return;
        }
        self.filters(ui, ctx, machines, inventory);
        let key = RowsKey {
            generation: inventory.generation,
            filter: self.filter.clone(),
            os_filter: self.os_filter.clone(),
            group_filter: self.group_filter.clone(),
            stale_only: self.stale_only,
            sort: self.sort,
            descending: self.descending,
        };
        let visible = match self.rows_cache.take() {
            Some((cached, rows)) if cached == key => rows,
            _ => self.visible_rows(machines),
        };
        ui.horizontal(|ui| {
            ui.label(lang.trf(
                "assess.count",
                &[("shown", &visible.len()), ("total", &machines.len())],
            ));
            if self.selected.len() > 1 {
                ui.separator();
                ui.label(lang.trf("assess.selected", &[("count", &self.selected.len())]));
            }
        });
        // Groups below and the selected machine on the right, as panels inside this screen,
        // so the table gets exactly the space that is left.
        egui::Panel::bottom("assess_groups")
            .resizable(true)
            .default_size(theme::GROUPS_PANEL_HEIGHT)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("assess_groups_scroll")
                    .show(ui, |ui| groups::show(ui, ctx, self, inventory, commands));
            });
        if self.selected.len() == 1
            && let Some(detail) = ctx.machine_detail
        {
            egui::Panel::right("machine_detail")
                .resizable(true)
                .default_size(theme::DETAIL_PANEL_WIDTH)
                // Without a bound the panel grows to its widest line and squeezes the table.
                .size_range(theme::DETAIL_PANEL_MIN_WIDTH..=theme::DETAIL_PANEL_MAX_WIDTH)
                .show(ui, |ui| detail::show(ui, lang, detail));
        }
        // What the panels leave is the table's.
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let scroll_to = self.scroll_to.take();
            table::show(ui, ctx, self, machines, &visible, scroll_to, commands)
        });
        self.rows_cache = Some((key, visible));
    }

    fn filters(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ScreenContext<'_>,
        machines: &[MachineSummary],
        inventory: &crate::ui::tasks::InventoryView,
    ) {
        let lang = ctx.lang;
        ui.horizontal(|ui| {
            let label = ui.label(lang.tr("assess.search"));
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text(lang.tr("assess.search_hint"))
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            let os_names: BTreeSet<&str> = machines
                .iter()
                .filter_map(|m| m.os_name.as_deref())
                .collect();
            let any = lang.tr("assess.any");
            egui::ComboBox::from_label(lang.tr("assess.os"))
                .selected_text(self.os_filter.clone().unwrap_or_else(|| any.to_string()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.os_filter, None, any.as_ref());
                    for os in os_names {
                        ui.selectable_value(&mut self.os_filter, Some(os.to_owned()), os);
                    }
                });
            super::group_filter(
                ui,
                lang,
                "group_filter",
                &inventory.groups,
                &mut self.group_filter,
            );
            ui.checkbox(
                &mut self.stale_only,
                lang.trf("assess.stale_only", &[("days", &STALE_AFTER_DAYS)]),
            );
        });
    }

    /// Indexes into `machines` that pass the filters, in the chosen order.
    pub(super) fn visible_rows(&self, machines: &[MachineSummary]) -> Vec<usize> {
        let needle = self.filter.trim().to_lowercase();
        let stale_before = chrono::Utc::now() - chrono::Duration::days(STALE_AFTER_DAYS);
        let mut rows: Vec<usize> = machines
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                let text_ok = needle.is_empty()
                    || m.hostname.to_lowercase().contains(&needle)
                    || m.os_name
                        .as_deref()
                        .is_some_and(|os| os.to_lowercase().contains(&needle))
                    || m.os_build.as_deref().is_some_and(|b| b.contains(&needle))
                    || m.installed_kbs.iter().any(|kb| kb.to_lowercase() == needle);
                let os_ok = self
                    .os_filter
                    .as_ref()
                    .is_none_or(|os| m.os_name.as_deref() == Some(os.as_str()));
                let group_ok = self
                    .group_filter
                    .as_ref()
                    .is_none_or(|group| m.groups.iter().any(|g| g == group));
                let stale_ok = !self.stale_only
                    || m.last_scan
                        .as_deref()
                        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                        .is_none_or(|t| t < stale_before);
                text_ok && os_ok && group_ok && stale_ok
            })
            .map(|(index, _)| index)
            .collect();
        rows.sort_by(|&a, &b| {
            let (a, b) = (&machines[a], &machines[b]);
            let order = match self.sort {
                SortColumn::Hostname => a.hostname.to_lowercase().cmp(&b.hostname.to_lowercase()),
                SortColumn::Os => a.os_name.cmp(&b.os_name),
                SortColumn::Build => build_key(a).cmp(&build_key(b)),
                SortColumn::Updates => a.installed_kbs.len().cmp(&b.installed_kbs.len()),
                SortColumn::LastScan => a.last_scan.cmp(&b.last_scan),
                SortColumn::Groups => a.groups.cmp(&b.groups),
            };
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
        rows
    }
}

/// Builds compare numerically: 10.0.9600 < 10.0.19045.
fn build_key(machine: &MachineSummary) -> Vec<u32> {
    machine
        .os_build
        .as_deref()
        .map(|b| b.split('.').filter_map(|p| p.parse().ok()).collect())
        .unwrap_or_default()
}
