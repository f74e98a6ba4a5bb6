//! Groups and rollout rings: create them (optionally with a hostname rule) and assign the
//! selected machines.

use super::AssessScreen;
use crate::ui::command::UiCommand;
use crate::ui::screens::ScreenContext;
use crate::ui::tasks::InventoryView;
use crate::ui::theme;

#[derive(Default)]
pub struct NewGroupForm {
    name: String,
    ring: bool,
    pattern: String,
}

pub fn show(
    ui: &mut egui::Ui,
    ctx: &ScreenContext<'_>,
    screen: &mut AssessScreen,
    inventory: &InventoryView,
    commands: &mut Vec<UiCommand>,
) {
    let lang = ctx.lang;
    theme::card(ui, |ui| {
        ui.strong(lang.tr("groups.title"));
        if inventory.groups.is_empty() {
            ui.weak(lang.tr("groups.empty"));
        }
        egui::Grid::new("groups_list")
            .num_columns(3)
            .striped(true)
            .spacing([theme::SPACE_L, theme::SPACE_S])
            .show(ui, |ui| {
                for group in &inventory.groups {
                    let kind = match group.ring_order {
                        Some(order) => lang.trf("groups.ring_n", &[("n", &order)]),
                        None => lang.tr("groups.group").into_owned(),
                    };
                    ui.label(&group.name);
                    ui.weak(kind);
                    let mut members =
                        lang.trf("groups.members", &[("count", &group.machines.len())]);
                    if let Some(pattern) = &group.hostname_pattern {
                        members.push_str(&format!(" · {pattern}"));
                    }
                    ui.label(members);
                    ui.end_row();
                }
            });

        ui.separator();
        ui.horizontal(|ui| {
            let label = ui.label(lang.tr("groups.new_name"));
            ui.add(egui::TextEdit::singleline(&mut screen.new_group.name).desired_width(160.0))
                .labelled_by(label.id);
            ui.checkbox(&mut screen.new_group.ring, lang.tr("groups.is_ring"));
            let label = ui.label(lang.tr("groups.pattern"));
            ui.add(
                egui::TextEdit::singleline(&mut screen.new_group.pattern)
                    .hint_text("SOUMU-*")
                    .desired_width(120.0),
            )
            .labelled_by(label.id);
            let name = screen.new_group.name.trim().to_owned();
            if ui
                .add_enabled(
                    !name.is_empty(),
                    egui::Button::new(lang.tr("groups.create")),
                )
                .clicked()
            {
                let pattern = screen.new_group.pattern.trim();
                commands.push(UiCommand::CreateGroup {
                    name,
                    ring: screen.new_group.ring,
                    pattern: (!pattern.is_empty()).then(|| pattern.to_owned()),
                });
                screen.new_group = NewGroupForm::default();
            }
        });

        if !screen.selected.is_empty() && !inventory.groups.is_empty() {
            ui.horizontal(|ui| {
                ui.label(lang.trf(
                    "groups.assign_selected",
                    &[("count", &screen.selected.len())],
                ));
                egui::ComboBox::from_id_salt("assign_target")
                    .selected_text(
                        screen
                            .assign_target
                            .clone()
                            .unwrap_or_else(|| lang.tr("groups.choose").into_owned()),
                    )
                    .show_ui(ui, |ui| {
                        for group in &inventory.groups {
                            ui.selectable_value(
                                &mut screen.assign_target,
                                Some(group.name.clone()),
                                &group.name,
                            );
                        }
                    });
                if let Some(group) = screen.assign_target.clone() {
                    let hostnames: Vec<String> = inventory
                        .machines
                        .iter()
                        .filter(|m| screen.selected.contains(&m.id))
                        .map(|m| m.hostname.clone())
                        .collect();
                    if ui.button(lang.tr("groups.assign")).clicked() {
                        commands.push(UiCommand::AssignToGroup {
                            group: group.clone(),
                            hostnames: hostnames.clone(),
                        });
                    }
                    if ui
                        .button(lang.tr("groups.remove"))
                        .on_hover_text(lang.tr("groups.remove_hint"))
                        .clicked()
                    {
                        commands.push(UiCommand::RemoveFromGroup { group, hostnames });
                    }
                }
            });
        }
    });
}
