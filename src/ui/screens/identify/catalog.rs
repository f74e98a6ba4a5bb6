//! The catalog browser: the documents stored, and a search of their vulnerabilities by
//! release, product, severity, KEV, CVE, KB or title.

use egui_extras::{Column, TableBuilder};

use super::severity_label;
use crate::identify::Severity;
use crate::store::{CatalogDocumentRow, CatalogQuery};
use crate::ui::command::UiCommand;
use crate::ui::screens::ScreenContext;
use crate::ui::theme;

const ROW_HEIGHT: f32 = 22.0;
/// More than this many results ask for a narrower search.
const RESULT_LIMIT: usize = 500;

#[derive(Default)]
pub struct CatalogForm {
    text: String,
    document: Option<String>,
    product: String,
    min_severity: Option<Severity>,
    kev_only: bool,
    /// The query of the results shown; a change of the form runs a new one.
    searched: Option<CatalogQuery>,
}

impl CatalogForm {
    fn query(&self) -> CatalogQuery {
        CatalogQuery {
            text: self.text.trim().to_owned(),
            document: self.document.clone(),
            product: self.product.trim().to_owned(),
            min_severity: self.min_severity,
            kev_only: self.kev_only,
            limit: RESULT_LIMIT,
        }
    }
}

pub fn show(
    ui: &mut egui::Ui,
    ctx: &ScreenContext<'_>,
    form: &mut CatalogForm,
    documents: &[CatalogDocumentRow],
    commands: &mut Vec<UiCommand>,
) {
    let lang = ctx.lang;
    egui::CollapsingHeader::new(
        lang.trf("identify.catalog.documents", &[("count", &documents.len())]),
    )
    .id_salt("identify_documents")
    .show(ui, |ui| {
        egui::Grid::new("identify_documents_grid")
            .num_columns(5)
            .striped(true)
            .show(ui, |ui| {
                for key in [
                    "identify.catalog.col.id",
                    "identify.col.released",
                    "identify.catalog.col.revision",
                    "identify.catalog.col.vulnerabilities",
                    "identify.catalog.col.file",
                ] {
                    ui.strong(lang.tr(key));
                }
                ui.end_row();
                for document in documents {
                    ui.label(&document.id).on_hover_text(&document.title);
                    ui.label(document.initial_release.format("%Y-%m-%d").to_string());
                    ui.label(document.current_release.format("%Y-%m-%d").to_string());
                    ui.label(document.vulnerabilities.to_string());
                    ui.label(&document.source_file);
                    ui.end_row();
                }
            });
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(lang.tr("identify.catalog.search"));
        ui.add(
            egui::TextEdit::singleline(&mut form.text)
                .hint_text(lang.tr("identify.catalog.search_hint"))
                .desired_width(160.0),
        )
        .labelled_by(label.id);
        let any = lang.tr("assess.any");
        ui.label(lang.tr("identify.catalog.release"));
        egui::ComboBox::from_id_salt("identify_catalog_document")
            .selected_text(form.document.clone().unwrap_or_else(|| any.to_string()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.document, None, any.as_ref());
                for document in documents {
                    ui.selectable_value(
                        &mut form.document,
                        Some(document.id.clone()),
                        &document.id,
                    );
                }
            });
        let label = ui.label(lang.tr("identify.catalog.product"));
        ui.add(
            egui::TextEdit::singleline(&mut form.product)
                .hint_text(lang.tr("identify.catalog.product_hint"))
                .desired_width(140.0),
        )
        .labelled_by(label.id);
        super::min_severity_filter(
            ui,
            lang,
            "identify_catalog_severity",
            &mut form.min_severity,
        );
        ui.checkbox(&mut form.kev_only, lang.tr("identify.catalog.kev_only"));
    });
    // Searching as the admin types: a query is cheap and runs as a job.
    let query = form.query();
    if form.searched.as_ref() != Some(&query) {
        commands.push(UiCommand::SearchCatalog(query.clone()));
        form.searched = Some(query);
    }
    let Some(results) = ctx.catalog_results else {
        ui.spinner();
        return;
    };
    ui.label(if results.len() >= RESULT_LIMIT {
        lang.trf("identify.catalog.too_many", &[("count", &RESULT_LIMIT)])
    } else {
        lang.trf("identify.catalog.count", &[("count", &results.len())])
    });
    ui.add_space(theme::SPACE_S);
    ui.style_mut().interaction.selectable_labels = false;
    let height = ui.available_height();
    TableBuilder::new(ui)
        .id_salt("identify_catalog")
        .striped(true)
        .resizable(false)
        .max_scroll_height(height)
        .column(Column::exact(80.0))
        .column(Column::exact(132.0))
        .column(Column::exact(64.0))
        .column(Column::exact(48.0))
        .column(Column::exact(150.0).clip(true))
        .column(Column::remainder().at_least(160.0).clip(true))
        .header(ROW_HEIGHT + 4.0, |mut header| {
            for key in [
                "identify.catalog.col.id",
                "identify.col.cve",
                "identify.col.severity",
                "KEV",
                "identify.col.kb",
                "identify.col.title",
            ] {
                header.col(|ui| {
                    ui.strong(if key == "KEV" {
                        "KEV".into()
                    } else {
                        lang.tr(key)
                    });
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, results.len(), |mut row| {
                let vulnerability = &results[row.index()];
                row.col(|ui| {
                    ui.label(&vulnerability.document);
                });
                row.col(|ui| {
                    ui.label(&vulnerability.cve);
                });
                row.col(|ui| {
                    ui.label(severity_label(lang, vulnerability.severity));
                });
                row.col(|ui| {
                    if vulnerability.kev {
                        ui.colored_label(theme::ERROR, "●");
                    } else if vulnerability.exploited {
                        ui.colored_label(theme::WARNING, "○");
                    }
                });
                row.col(|ui| {
                    ui.label(vulnerability.kbs.join(", "))
                        .on_hover_text(vulnerability.kbs.join("\n"));
                });
                row.col(|ui| {
                    ui.label(&vulnerability.title).on_hover_text(lang.trf(
                        "identify.catalog.products_hint",
                        &[("count", &vulnerability.products)],
                    ));
                });
            });
        });
}
