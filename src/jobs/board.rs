//! The list of running jobs and their progress, shared by the runner, the jobs and the UI.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::CancelFlag;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(u64);

/// A running job as the status bar shows it.
#[derive(Clone, Debug)]
pub struct JobStatus {
    pub id: JobId,
    pub title: String,
    /// None until the job knows how far along it is.
    pub fraction: Option<f32>,
    pub message: String,
    pub cancel_requested: bool,
    pub elapsed: Duration,
}

struct Entry {
    id: JobId,
    title: String,
    fraction: Option<f32>,
    message: String,
    cancel: CancelFlag,
    started: Instant,
}

type Waker = Arc<dyn Fn() + Send + Sync>;

#[derive(Default)]
pub(super) struct JobBoard {
    next_id: AtomicU64,
    entries: Mutex<Vec<Entry>>,
    waker: Mutex<Option<Waker>>,
}

impl JobBoard {
    fn entries(&self) -> MutexGuard<'_, Vec<Entry>> {
        // A panicking job cannot leave the list half-updated (every change is one push, retain
        // or field write), so a poisoned lock is still safe to use.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn set_waker(&self, waker: Waker) {
        *self.waker.lock().unwrap_or_else(|e| e.into_inner()) = Some(waker);
    }

    fn wake(&self) {
        let waker = self.waker.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(waker) = waker {
            waker();
        }
    }

    pub(super) fn add(&self, title: String, cancel: CancelFlag) -> JobId {
        let id = JobId(self.next_id.fetch_add(1, Ordering::Relaxed));
        self.entries().push(Entry {
            id,
            title,
            fraction: None,
            message: String::new(),
            cancel,
            started: Instant::now(),
        });
        self.wake();
        id
    }

    pub(super) fn update(&self, id: JobId, fraction: Option<f32>, message: String) {
        if let Some(entry) = self.entries().iter_mut().find(|e| e.id == id) {
            if fraction.is_some() {
                entry.fraction = fraction;
            }
            entry.message = message;
        }
        self.wake();
    }

    pub(super) fn remove(&self, id: JobId) {
        self.entries().retain(|e| e.id != id);
        self.wake();
    }

    pub(super) fn cancel(&self, id: JobId) {
        if let Some(entry) = self.entries().iter().find(|e| e.id == id) {
            entry.cancel.cancel();
        }
        self.wake();
    }

    pub(super) fn cancel_all(&self) {
        for entry in self.entries().iter() {
            entry.cancel.cancel();
        }
    }

    pub(super) fn snapshot(&self) -> Vec<JobStatus> {
        self.entries()
            .iter()
            .map(|e| JobStatus {
                id: e.id,
                title: e.title.clone(),
                fraction: e.fraction,
                message: e.message.clone(),
                cancel_requested: e.cancel.is_cancelled(),
                elapsed: e.started.elapsed(),
            })
            .collect()
    }
}
