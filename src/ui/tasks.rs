//! The window's background work: each kind of job the window starts, and what it hands back.
//! Job bodies call the core only; the app turns finished jobs into state and notices.

use std::path::PathBuf;
use std::sync::Arc;

use crate::catalog::msrc_api::{DEFAULT_BASE_URL, MsrcClient};
use crate::demo::{self, SampleOfficeReport};
use crate::i18n::Lang;
use crate::identify::Explanation;
use crate::importers::{
    DropFolderRun, FileFailure, FilePreview, Imported, ImporterRegistry, SETTLE_TIME, commit,
    display_name, import_new_files, preview,
};
use crate::importers::{FetchProgress, FetchReport, fetch_updates};
use crate::jobs::{JobHandle, JobOutcome, JobRunner};
use crate::overview::{self, OpenedDatabase, Overview};
use crate::store::{
    AuditAction, CatalogDocumentRow, CatalogQuery, CatalogVulnerability, GroupSummary,
    MachineDetail, MachineFindings, MachineSummary, OfficeProfile, OverrideAction, RiskOverview,
    Store, SuppressionTarget,
};

pub type Previews = Vec<Result<FilePreview, FileFailure>>;
pub type Commits = Vec<Result<Imported, String>>;

/// Machines and groups, as the Assess screen lists them.
#[derive(Clone, Debug, Default)]
pub struct InventoryView {
    pub machines: Vec<MachineSummary>,
    pub groups: Vec<GroupSummary>,
    /// Different for every load, so screens know when cached orderings are stale.
    pub generation: u64,
}

/// Findings by machine and update, and the catalog documents, as the Identify screen shows them.
#[derive(Clone, Debug, Default)]
pub struct IdentifyView {
    pub risk: RiskOverview,
    pub documents: Vec<CatalogDocumentRow>,
    /// Every catalog product name, for mapping overrides.
    pub product_names: Vec<String>,
}

/// The explanations of one CVE on one machine.
#[derive(Clone, Debug)]
pub struct ExplanationView {
    pub machine_id: i64,
    pub cve: String,
    pub explanations: Vec<Explanation>,
}

/// A job the window is waiting for.
pub enum Pending {
    OpenDatabase(JobHandle<OpenedDatabase>),
    RefreshOverview(JobHandle<Overview>),
    LoadSample(JobHandle<SampleOfficeReport>),
    SaveOffice(JobHandle<OfficeProfile>),
    Backup(JobHandle<PathBuf>),
    PreviewImport(JobHandle<Previews>),
    CommitImport(JobHandle<Commits>),
    LoadInventory(JobHandle<InventoryView>),
    LoadMachine(JobHandle<Option<MachineDetail>>),
    ChangeGroups(JobHandle<String>),
    SetDropFolder(JobHandle<Option<PathBuf>>),
    CheckDropFolder(JobHandle<DropFolderRun>),
    LoadIdentify(JobHandle<IdentifyView>),
    LoadMachineFindings(JobHandle<Option<MachineFindings>>),
    Explain(JobHandle<ExplanationView>),
    SearchCatalog(JobHandle<Vec<CatalogVulnerability>>),
    Decide(JobHandle<String>),
    FetchCatalog(JobHandle<FetchReport>),
}

/// A job that has ended.
pub enum Finished {
    OpenDatabase(JobOutcome<OpenedDatabase>),
    RefreshOverview(JobOutcome<Overview>),
    LoadSample(JobOutcome<SampleOfficeReport>),
    SaveOffice(JobOutcome<OfficeProfile>),
    Backup(JobOutcome<PathBuf>),
    PreviewImport(JobOutcome<Previews>),
    CommitImport(JobOutcome<Commits>),
    LoadInventory(JobOutcome<InventoryView>),
    LoadMachine(JobOutcome<Option<MachineDetail>>),
    ChangeGroups(JobOutcome<String>),
    SetDropFolder(JobOutcome<Option<PathBuf>>),
    CheckDropFolder(JobOutcome<DropFolderRun>),
    LoadIdentify(JobOutcome<IdentifyView>),
    LoadMachineFindings(JobOutcome<Option<MachineFindings>>),
    Explain(JobOutcome<ExplanationView>),
    SearchCatalog(JobOutcome<Vec<CatalogVulnerability>>),
    Decide(JobOutcome<String>),
    FetchCatalog(JobOutcome<FetchReport>),
}

impl Pending {
    fn poll(&mut self) -> Option<Finished> {
        match self {
            Pending::OpenDatabase(job) => job.try_take().map(Finished::OpenDatabase),
            Pending::RefreshOverview(job) => job.try_take().map(Finished::RefreshOverview),
            Pending::LoadSample(job) => job.try_take().map(Finished::LoadSample),
            Pending::SaveOffice(job) => job.try_take().map(Finished::SaveOffice),
            Pending::Backup(job) => job.try_take().map(Finished::Backup),
            Pending::PreviewImport(job) => job.try_take().map(Finished::PreviewImport),
            Pending::CommitImport(job) => job.try_take().map(Finished::CommitImport),
            Pending::LoadInventory(job) => job.try_take().map(Finished::LoadInventory),
            Pending::LoadMachine(job) => job.try_take().map(Finished::LoadMachine),
            Pending::ChangeGroups(job) => job.try_take().map(Finished::ChangeGroups),
            Pending::SetDropFolder(job) => job.try_take().map(Finished::SetDropFolder),
            Pending::CheckDropFolder(job) => job.try_take().map(Finished::CheckDropFolder),
            Pending::LoadIdentify(job) => job.try_take().map(Finished::LoadIdentify),
            Pending::LoadMachineFindings(job) => job.try_take().map(Finished::LoadMachineFindings),
            Pending::Explain(job) => job.try_take().map(Finished::Explain),
            Pending::SearchCatalog(job) => job.try_take().map(Finished::SearchCatalog),
            Pending::Decide(job) => job.try_take().map(Finished::Decide),
            Pending::FetchCatalog(job) => job.try_take().map(Finished::FetchCatalog),
        }
    }
}

#[derive(Default)]
pub struct Tasks {
    pending: Vec<Pending>,
}

impl Tasks {
    pub fn add(&mut self, pending: Pending) {
        self.pending.push(pending);
    }

    /// Collects every job that ended since the last frame; never waits.
    pub fn poll(&mut self) -> Vec<Finished> {
        let mut finished = Vec::new();
        self.pending.retain_mut(|pending| match pending.poll() {
            Some(done) => {
                finished.push(done);
                false
            }
            None => true,
        });
        finished
    }

    pub fn is_loading_sample(&self) -> bool {
        self.pending
            .iter()
            .any(|p| matches!(p, Pending::LoadSample(_)))
    }

    pub fn is_importing(&self) -> bool {
        self.pending
            .iter()
            .any(|p| matches!(p, Pending::PreviewImport(_) | Pending::CommitImport(_)))
    }

    pub fn is_checking_drop_folder(&self) -> bool {
        self.pending
            .iter()
            .any(|p| matches!(p, Pending::CheckDropFolder(_)))
    }

    pub fn is_fetching_catalog(&self) -> bool {
        self.pending
            .iter()
            .any(|p| matches!(p, Pending::FetchCatalog(_)))
    }

    pub fn is_saving_office(&self) -> bool {
        self.pending
            .iter()
            .any(|p| matches!(p, Pending::SaveOffice(_)))
    }
}

pub fn open_database(jobs: &JobRunner, lang: Lang, path: PathBuf) -> Pending {
    Pending::OpenDatabase(
        jobs.spawn_blocking(lang.tr("job.open_database"), move |ctx| {
            ctx.message(display_name(&path));
            Ok(overview::open_database(&path)?)
        }),
    )
}

pub fn refresh_overview(jobs: &JobRunner, lang: Lang, path: PathBuf) -> Pending {
    Pending::RefreshOverview(jobs.spawn_blocking(lang.tr("job.refresh"), move |_| {
        Ok(Overview::load(&Store::open_existing(&path)?)?)
    }))
}

pub fn load_sample(jobs: &JobRunner, lang: Lang, path: PathBuf) -> Pending {
    Pending::LoadSample(jobs.spawn_blocking(lang.tr("job.load_sample"), move |ctx| {
        let mut store = Store::open_existing(&path)?;
        Ok(demo::load_sample_office(
            &mut store,
            lang,
            |done, total, file| {
                ctx.progress(done as f32 / total.max(1) as f32, file);
            },
        )?)
    }))
}

pub fn save_office(jobs: &JobRunner, lang: Lang, path: PathBuf, profile: OfficeProfile) -> Pending {
    Pending::SaveOffice(jobs.spawn_blocking(lang.tr("job.save_office"), move |_| {
        let mut store = Store::open_existing(&path)?;
        store.set_office_profile(&profile, AuditAction::OfficeProfileChanged)?;
        Ok(profile)
    }))
}

pub fn backup(jobs: &JobRunner, lang: Lang, path: PathBuf, target: PathBuf) -> Pending {
    Pending::Backup(jobs.spawn_blocking(lang.tr("job.backup"), move |ctx| {
        let store = Store::open_existing(&path)?;
        store
            .backup_to(&target, |progress| {
                ctx.progress(
                    progress.fraction(),
                    lang.trf(
                        "job.backup_progress",
                        &[
                            ("done", &progress.pages_done),
                            ("total", &progress.pages_total),
                        ],
                    ),
                );
                !ctx.is_cancelled()
            })
            .map_err(|err| match err {
                crate::store::StoreError::Cancelled => crate::jobs::JobError::Cancelled,
                other => other.into(),
            })?;
        Ok(target)
    }))
}

/// Reads and parses the files without writing anything, for the preview.
pub fn preview_import(
    jobs: &JobRunner,
    lang: Lang,
    importers: Arc<ImporterRegistry>,
    files: Vec<PathBuf>,
) -> Pending {
    Pending::PreviewImport(
        jobs.spawn_blocking(lang.tr("job.import_preview"), move |ctx| {
            let total = files.len();
            let mut previews = Vec::with_capacity(total);
            for (index, file) in files.iter().enumerate() {
                ctx.check_cancelled()?;
                ctx.progress(index as f32 / total.max(1) as f32, display_name(file));
                previews.push(preview(&importers, file));
            }
            Ok(previews)
        }),
    )
}

/// Stores the previewed files, each in its own transaction.
pub fn commit_import(
    jobs: &JobRunner,
    lang: Lang,
    path: PathBuf,
    previews: Vec<FilePreview>,
) -> Pending {
    Pending::CommitImport(jobs.spawn_blocking(lang.tr("job.import"), move |ctx| {
        let mut store = Store::open_existing(&path)?;
        let total = previews.len();
        let mut results = Vec::with_capacity(total);
        for (index, preview) in previews.iter().enumerate() {
            ctx.check_cancelled()?;
            ctx.progress(
                index as f32 / total.max(1) as f32,
                display_name(&preview.path),
            );
            results.push(commit(&mut store, preview));
        }
        Ok(results)
    }))
}

pub fn load_inventory(jobs: &JobRunner, lang: Lang, path: PathBuf) -> Pending {
    Pending::LoadInventory(jobs.spawn_blocking(lang.tr("job.load_machines"), move |_| {
        let store = Store::open_existing(&path)?;
        static LOADS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Ok(InventoryView {
            machines: store.machines()?,
            groups: store.groups()?,
            generation: LOADS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }))
}

pub fn load_machine(jobs: &JobRunner, lang: Lang, path: PathBuf, machine_id: i64) -> Pending {
    Pending::LoadMachine(jobs.spawn_blocking(lang.tr("job.load_machine"), move |_| {
        Ok(Store::open_existing(&path)?.machine_detail(machine_id)?)
    }))
}

/// A change to groups: creating one, or assigning machines. Returns the message to show.
pub enum GroupChange {
    Create {
        name: String,
        ring: bool,
        pattern: Option<String>,
    },
    Assign {
        group: String,
        hostnames: Vec<String>,
    },
    Remove {
        group: String,
        hostnames: Vec<String>,
    },
}

pub fn change_groups(jobs: &JobRunner, lang: Lang, path: PathBuf, change: GroupChange) -> Pending {
    Pending::ChangeGroups(jobs.spawn_blocking(lang.tr("job.groups"), move |_| {
        let mut store = Store::open_existing(&path)?;
        Ok(match change {
            GroupChange::Create {
                name,
                ring,
                pattern,
            } => {
                let group = store.create_group(&name, ring, pattern.as_deref())?;
                lang.trf(
                    "notice.group_created",
                    &[("group", &group.name), ("count", &group.machines.len())],
                )
            }
            GroupChange::Remove { group, hostnames } => {
                let removed = store.remove_from_group(&group, &hostnames)?;
                lang.trf(
                    "notice.group_removed",
                    &[("group", &group), ("count", &removed)],
                )
            }
            GroupChange::Assign { group, hostnames } => {
                let assignment = store.assign_to_group(&group, &hostnames)?;
                lang.trf(
                    "notice.group_assigned",
                    &[("group", &group), ("count", &assignment.assigned.len())],
                )
            }
        })
    }))
}

pub fn set_drop_folder(
    jobs: &JobRunner,
    lang: Lang,
    path: PathBuf,
    folder: Option<PathBuf>,
) -> Pending {
    Pending::SetDropFolder(
        jobs.spawn_blocking(lang.tr("job.drop_folder_set"), move |_| {
            Store::open_existing(&path)?.set_drop_folder(folder.as_deref())?;
            Ok(folder)
        }),
    )
}

/// One look at the drop folder: imports what is new since the last look.
pub fn check_drop_folder(
    jobs: &JobRunner,
    lang: Lang,
    path: PathBuf,
    importers: Arc<ImporterRegistry>,
    folder: PathBuf,
) -> Pending {
    Pending::CheckDropFolder(
        jobs.spawn_blocking(lang.tr("job.drop_folder_check"), move |ctx| {
            ctx.message(folder.display().to_string());
            let mut store = Store::open_existing(&path)?;
            Ok(import_new_files(
                &mut store,
                &importers,
                &folder,
                SETTLE_TIME,
                lang,
            )?)
        }),
    )
}

pub fn load_identify(jobs: &JobRunner, lang: Lang, path: PathBuf) -> Pending {
    Pending::LoadIdentify(jobs.spawn_blocking(lang.tr("job.load_findings"), move |_| {
        let store = Store::open_existing(&path)?;
        Ok(IdentifyView {
            risk: store.risk_overview()?,
            documents: store.catalog_documents()?,
            product_names: store.catalog_product_names()?,
        })
    }))
}

pub fn load_machine_findings(
    jobs: &JobRunner,
    lang: Lang,
    path: PathBuf,
    machine_id: i64,
) -> Pending {
    Pending::LoadMachineFindings(jobs.spawn_blocking(lang.tr("job.load_machine"), move |_| {
        Ok(Store::open_existing(&path)?.machine_findings(machine_id)?)
    }))
}

pub fn explain(
    jobs: &JobRunner,
    lang: Lang,
    path: PathBuf,
    machine_id: i64,
    cve: String,
) -> Pending {
    Pending::Explain(jobs.spawn_blocking(lang.tr("job.explain"), move |_| {
        let store = Store::open_existing(&path)?;
        let explanations = match store.match_one(machine_id)? {
            Some((result, index, facts)) => crate::identify::explain(
                &index,
                &facts,
                &result,
                &cve,
                chrono::Utc::now().date_naive(),
            ),
            None => Vec::new(),
        };
        Ok(ExplanationView {
            machine_id,
            cve,
            explanations,
        })
    }))
}

pub fn search_catalog(jobs: &JobRunner, lang: Lang, path: PathBuf, query: CatalogQuery) -> Pending {
    Pending::SearchCatalog(
        jobs.spawn_blocking(lang.tr("job.search_catalog"), move |_| {
            Ok(Store::open_existing(&path)?.search_catalog(&query)?)
        }),
    )
}

/// An admin decision on the Identify screen: a suppression, lifting one, or a product mapping
/// override. Returns the message to show.
pub enum IdentifyDecision {
    Add {
        machine_id: Option<i64>,
        target: SuppressionTarget,
        reason: String,
        expires: Option<chrono::NaiveDate>,
    },
    Lift(i64),
    /// Add a product to a machine's mapping, or remove one (audited; rematches the machine).
    Mapping {
        machine_id: i64,
        product: String,
        action: OverrideAction,
        reason: String,
    },
}

pub fn record_decision(
    jobs: &JobRunner,
    lang: Lang,
    path: PathBuf,
    change: IdentifyDecision,
) -> Pending {
    Pending::Decide(jobs.spawn_blocking(lang.tr("job.decision"), move |_| {
        let mut store = Store::open_existing(&path)?;
        Ok(match change {
            IdentifyDecision::Add {
                machine_id,
                target,
                reason,
                expires,
            } => {
                let what = match &target {
                    SuppressionTarget::Cve(id) | SuppressionTarget::Kb(id) => id.clone(),
                };
                store.suppress(machine_id, target, &reason, expires)?;
                lang.trf("notice.suppressed", &[("what", &what)])
            }
            IdentifyDecision::Lift(id) => {
                store.lift_suppression(id, None)?;
                lang.trf("notice.suppression_lifted", &[("id", &id)])
            }
            IdentifyDecision::Mapping {
                machine_id,
                product,
                action,
                reason,
            } => {
                let report = store.set_product_override(machine_id, &product, action, &reason)?;
                lang.trf(
                    "notice.mapping_changed",
                    &[
                        ("product", &product),
                        ("missing", &report.missing),
                        ("unknown", &report.unknown),
                    ],
                )
            }
        })
    }))
}

/// Downloads new and revised MSRC documents, storing each as it arrives; cancellable.
pub fn fetch_catalog(jobs: &JobRunner, lang: Lang, path: PathBuf) -> Pending {
    Pending::FetchCatalog(
        jobs.spawn_blocking(lang.tr("job.fetch_catalog"), move |ctx| {
            let client = MsrcClient::new(DEFAULT_BASE_URL)?;
            let mut store = Store::open_existing(&path)?;
            let report = fetch_updates(&mut store, &client, None, &mut |progress| {
                match progress {
                    FetchProgress::ReadingIndex => ctx.message(lang.tr("job.fetch_index")),
                    FetchProgress::Downloading {
                        id,
                        number,
                        total,
                        received,
                        size,
                    } => {
                        let within = size
                            .filter(|s| *s > 0)
                            .map_or(0.0, |s| received as f32 / s as f32);
                        ctx.progress(
                            ((number - 1) as f32 + within) / total.max(1) as f32,
                            lang.trf(
                                "job.fetch_document",
                                &[("id", &id), ("number", &number), ("total", &total)],
                            ),
                        );
                    }
                }
                !ctx.is_cancelled()
            });
            match report {
                Ok(report) => Ok(report),
                Err(failure) if failure.is_offline() => Err(crate::jobs::JobError::Failed(
                    lang.trf("notice.fetch_offline", &[("reason", &failure)]),
                )),
                Err(crate::importers::FetchFailure::Network(
                    crate::catalog::msrc_api::FetchError::Cancelled,
                )) => Err(crate::jobs::JobError::Cancelled),
                Err(failure) => Err(failure.into()),
            }
        }),
    )
}
