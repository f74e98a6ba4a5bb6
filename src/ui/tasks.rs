//! The window's background work: each kind of job the window starts, and what it hands back.
//! Job bodies call the core only; the app turns finished jobs into state and notices.

use std::path::PathBuf;
use std::sync::Arc;

use crate::demo::{self, SampleOfficeReport};
use crate::i18n::Lang;
use crate::importers::{ImporterRegistry, RefusedFile, RoutedFile, display_name};
use crate::jobs::{JobHandle, JobOutcome, JobRunner};
use crate::overview::{self, OpenedDatabase, Overview};
use crate::store::{AuditAction, OfficeProfile, Store};

pub type Routing = Vec<Result<RoutedFile, RefusedFile>>;

/// A job the window is waiting for.
pub enum Pending {
    OpenDatabase(JobHandle<OpenedDatabase>),
    RefreshOverview(JobHandle<Overview>),
    LoadSample(JobHandle<SampleOfficeReport>),
    SaveOffice(JobHandle<OfficeProfile>),
    Backup(JobHandle<PathBuf>),
    Import(JobHandle<Routing>),
}

/// A job that has ended.
pub enum Finished {
    OpenDatabase(JobOutcome<OpenedDatabase>),
    RefreshOverview(JobOutcome<Overview>),
    LoadSample(JobOutcome<SampleOfficeReport>),
    SaveOffice(JobOutcome<OfficeProfile>),
    Backup(JobOutcome<PathBuf>),
    Import(JobOutcome<Routing>),
}

impl Pending {
    fn poll(&mut self) -> Option<Finished> {
        match self {
            Pending::OpenDatabase(job) => job.try_take().map(Finished::OpenDatabase),
            Pending::RefreshOverview(job) => job.try_take().map(Finished::RefreshOverview),
            Pending::LoadSample(job) => job.try_take().map(Finished::LoadSample),
            Pending::SaveOffice(job) => job.try_take().map(Finished::SaveOffice),
            Pending::Backup(job) => job.try_take().map(Finished::Backup),
            Pending::Import(job) => job.try_take().map(Finished::Import),
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
    Pending::LoadSample(jobs.spawn_blocking(lang.tr("job.load_sample"), move |_| {
        let mut store = Store::open_existing(&path)?;
        Ok(demo::load_sample_office(&mut store, lang)?)
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

pub fn import(
    jobs: &JobRunner,
    lang: Lang,
    importers: Arc<ImporterRegistry>,
    files: Vec<PathBuf>,
) -> Pending {
    Pending::Import(jobs.spawn_blocking(lang.tr("job.import"), move |ctx| {
        let total = files.len();
        let mut routing = Vec::with_capacity(total);
        for (index, file) in files.iter().enumerate() {
            ctx.check_cancelled()?;
            ctx.progress(index as f32 / total.max(1) as f32, display_name(file));
            routing.push(importers.route(file));
        }
        Ok(routing)
    }))
}
