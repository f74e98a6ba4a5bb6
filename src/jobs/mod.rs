//! Background jobs: imports, matching, exports and network work run here, never on the UI
//! thread. A job has a title, reports progress (fraction + message), can be cancelled, and ends
//! with a value, an error or "cancelled". Its result is picked up by polling its [`JobHandle`];
//! the runner calls a waker (the UI's `request_repaint`) whenever something changed.

mod board;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::{Notify, oneshot};

use board::JobBoard;
pub use board::{JobId, JobStatus};

/// How a job ended.
#[derive(Debug, PartialEq, Eq)]
pub enum JobOutcome<T> {
    Done(T),
    Failed(String),
    Cancelled,
}

/// Why a job stopped early. Any error converts into it with its message, so job bodies can use
/// `?` on store, parser and I/O errors alike.
#[derive(Debug)]
pub enum JobError {
    Cancelled,
    Failed(String),
}

impl<E: std::error::Error> From<E> for JobError {
    fn from(err: E) -> Self {
        JobError::Failed(err.to_string())
    }
}

/// Shared between a job and whoever may cancel it.
#[derive(Clone, Default)]
struct CancelFlag {
    flag: Arc<AtomicBool>,
    notify: Arc<Notify>,
}

impl CancelFlag {
    fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
}

/// What a running job sees of the runner.
pub struct JobContext {
    id: JobId,
    board: Arc<JobBoard>,
    cancel: CancelFlag,
}

impl JobContext {
    /// Reports progress: `fraction` in 0..=1, and a short message for the status bar.
    pub fn progress(&self, fraction: f32, message: impl Into<String>) {
        self.board
            .update(self.id, Some(fraction.clamp(0.0, 1.0)), message.into());
    }

    /// Reports what the job is doing when it cannot say how far along it is.
    pub fn message(&self, message: impl Into<String>) {
        self.board.update(self.id, None, message.into());
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// `Err(Cancelled)` once the user has cancelled: call between units of work with `?`.
    pub fn check_cancelled(&self) -> Result<(), JobError> {
        if self.is_cancelled() {
            Err(JobError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Resolves when the job is cancelled; for `tokio::select!` in async jobs.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.cancel.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// The caller's end of a job.
pub struct JobHandle<T> {
    id: JobId,
    result: oneshot::Receiver<JobOutcome<T>>,
    cancel: CancelFlag,
}

impl<T> JobHandle<T> {
    pub fn id(&self) -> JobId {
        self.id
    }

    /// Asks the job to stop; it ends as [`JobOutcome::Cancelled`] at its next check.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// The outcome once the job has ended; never waits. Call once per frame.
    pub fn try_take(&mut self) -> Option<JobOutcome<T>> {
        match self.result.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(oneshot::error::TryRecvError::Empty) => None,
            Err(oneshot::error::TryRecvError::Closed) => Some(JobOutcome::Failed(
                "the job stopped without a result".to_owned(),
            )),
        }
    }

    /// Waits for the outcome. For the CLI and tests only: the UI polls with `try_take`.
    pub fn wait(self) -> JobOutcome<T> {
        self.result
            .blocking_recv()
            .unwrap_or_else(|_| JobOutcome::Failed("the job stopped without a result".to_owned()))
    }
}

/// Owns the tokio runtime that runs every job of the app.
pub struct JobRunner {
    // An Option only so that Drop can hand the runtime to `shutdown_timeout`.
    runtime: Option<tokio::runtime::Runtime>,
    board: Arc<JobBoard>,
}

impl JobRunner {
    pub fn new() -> std::io::Result<JobRunner> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("patchdesk-job")
            .enable_all()
            .build()?;
        Ok(JobRunner {
            runtime: Some(runtime),
            board: Arc::new(JobBoard::default()),
        })
    }

    /// Called (from any thread) whenever a job starts, reports progress or ends.
    pub fn set_waker(&self, waker: impl Fn() + Send + Sync + 'static) {
        self.board.set_waker(Arc::new(waker));
    }

    /// Runs blocking work (parsing, SQLite, file I/O) on tokio's blocking pool.
    pub fn spawn_blocking<T, F>(&self, title: impl Into<String>, work: F) -> JobHandle<T>
    where
        T: Send + 'static,
        F: FnOnce(&JobContext) -> Result<T, JobError> + Send + 'static,
    {
        self.spawn(title, move |ctx| async move {
            tokio::task::spawn_blocking(move || work(&ctx))
                .await
                .unwrap_or_else(|join_error| Err(panicked(join_error)))
        })
    }

    /// Runs async work (network) on the runtime.
    pub fn spawn<T, F, Fut>(&self, title: impl Into<String>, work: F) -> JobHandle<T>
    where
        T: Send + 'static,
        F: FnOnce(JobContext) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, JobError>> + Send + 'static,
    {
        let cancel = CancelFlag::default();
        let id = self.board.add(title.into(), cancel.clone());
        let ctx = JobContext {
            id,
            board: Arc::clone(&self.board),
            cancel: cancel.clone(),
        };
        let (sender, result) = oneshot::channel();
        let board = Arc::clone(&self.board);
        let runtime = self.runtime.as_ref().expect("runtime lives until drop");
        let task = runtime.spawn(work(ctx));
        runtime.spawn(async move {
            let outcome = match task.await {
                Ok(Ok(value)) => JobOutcome::Done(value),
                Ok(Err(JobError::Cancelled)) => JobOutcome::Cancelled,
                Ok(Err(JobError::Failed(message))) => JobOutcome::Failed(message),
                Err(join_error) => match panicked(join_error) {
                    JobError::Failed(message) => JobOutcome::Failed(message),
                    JobError::Cancelled => JobOutcome::Cancelled,
                },
            };
            // Send before leaving the board, so a UI that sees no running job finds the result.
            let _ = sender.send(outcome);
            board.remove(id);
        });
        JobHandle { id, result, cancel }
    }

    /// The jobs still running, oldest first, for the status bar.
    pub fn running(&self) -> Vec<JobStatus> {
        self.board.snapshot()
    }

    /// Cancels a job by id (the status bar's cancel button).
    pub fn cancel(&self, id: JobId) {
        self.board.cancel(id);
    }
}

impl Drop for JobRunner {
    /// On window close: cancel what is running and give it a moment to stop cleanly, without
    /// hanging the exit on a job that never checks for cancellation.
    fn drop(&mut self) {
        self.board.cancel_all();
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(2));
        }
    }
}

fn panicked(join_error: tokio::task::JoinError) -> JobError {
    if join_error.is_cancelled() {
        return JobError::Cancelled;
    }
    let payload = join_error.into_panic();
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    JobError::Failed(format!("internal error (please report): {detail}"))
}

#[cfg(test)]
mod tests;
