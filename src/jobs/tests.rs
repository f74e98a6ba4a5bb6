use std::sync::atomic::AtomicUsize;
use std::sync::mpsc;

use super::*;

fn wait_until(mut condition: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(std::time::Instant::now() < deadline, "timed out");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_job_reports_progress_then_its_result() {
    let runner = JobRunner::new().unwrap();
    let (go_on, gate) = mpsc::channel::<()>();
    let handle = runner.spawn_blocking("Counting", move |ctx| {
        ctx.progress(0.25, "a quarter");
        gate.recv().unwrap();
        Ok(42)
    });
    wait_until(|| runner.running().iter().any(|j| j.fraction == Some(0.25)));
    let status = &runner.running()[0];
    assert_eq!(status.title, "Counting");
    assert_eq!(status.message, "a quarter");
    go_on.send(()).unwrap();
    assert_eq!(handle.wait(), JobOutcome::Done(42));
    wait_until(|| runner.running().is_empty());
}

#[test]
fn cancelling_stops_a_job_at_its_next_check() {
    let runner = JobRunner::new().unwrap();
    let steps = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&steps);
    let handle = runner.spawn_blocking("Endless", move |ctx| -> Result<(), JobError> {
        loop {
            ctx.check_cancelled()?;
            counted.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(1));
        }
    });
    wait_until(|| steps.load(Ordering::SeqCst) > 3);
    runner.cancel(handle.id());
    assert_eq!(handle.wait(), JobOutcome::Cancelled);
}

#[test]
fn an_async_job_can_wait_for_cancellation() {
    let runner = JobRunner::new().unwrap();
    let handle = runner.spawn("Download", |ctx| async move {
        tokio::select! {
            _ = ctx.cancelled() => Err(JobError::Cancelled),
            _ = tokio::time::sleep(Duration::from_secs(30)) => Ok("finished"),
        }
    });
    handle.cancel();
    assert_eq!(handle.wait(), JobOutcome::Cancelled);
}

#[test]
fn errors_and_panics_end_the_job_as_failed_with_a_message() {
    let runner = JobRunner::new().unwrap();
    let failing = runner.spawn_blocking("Parse", |_| -> Result<(), JobError> {
        let err = std::fs::read("/definitely/not/here").unwrap_err();
        Err(err.into())
    });
    match failing.wait() {
        JobOutcome::Failed(message) => assert!(message.contains("No such file"), "{message}"),
        other => panic!("expected failure, got {other:?}"),
    }
    let panicking = runner.spawn_blocking("Bug", |_| -> Result<(), JobError> {
        panic!("index out of range")
    });
    match panicking.wait() {
        JobOutcome::Failed(message) => assert!(message.contains("index out of range"), "{message}"),
        other => panic!("expected failure, got {other:?}"),
    }
    wait_until(|| runner.running().is_empty());
}

#[test]
fn try_take_never_waits_and_the_waker_fires() {
    let runner = JobRunner::new().unwrap();
    let wakes = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&wakes);
    runner.set_waker(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let (go_on, gate) = mpsc::channel::<()>();
    let mut handle = runner.spawn_blocking("Slow", move |_| {
        gate.recv().unwrap();
        Ok("done")
    });
    assert!(handle.try_take().is_none());
    go_on.send(()).unwrap();
    let mut outcome = None;
    wait_until(|| {
        outcome = handle.try_take();
        outcome.is_some()
    });
    assert_eq!(outcome, Some(JobOutcome::Done("done")));
    assert!(
        wakes.load(Ordering::SeqCst) >= 2,
        "start and end wake the UI"
    );
}
