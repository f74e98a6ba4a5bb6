//! Measurements of the real window, run by `scripts/bench-startup.sh` and
//! `scripts/bench-machines-table.sh` (hidden `--bench` option): they print figures and close.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::screens::AssessScreen;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Bench {
    /// When the first frame was presented, and the resident memory then.
    FirstFrame,
    /// Frame times while scrolling through the whole machines table.
    MachinesTable,
}

/// Frames measured while scrolling.
const SCROLL_FRAMES: usize = 240;
/// Pixels scrolled per frame: about forty rows, so a 5,000-row table is crossed several times.
const SCROLL_STEP: f32 = 900.0;

pub struct BenchRun {
    bench: Bench,
    frames: u64,
    ui_times: Vec<Duration>,
    intervals: Vec<Duration>,
    last_frame: Option<Instant>,
    offset: f32,
}

impl BenchRun {
    pub fn new(bench: Bench) -> BenchRun {
        BenchRun {
            bench,
            frames: 0,
            ui_times: Vec::new(),
            intervals: Vec::new(),
            last_frame: None,
            offset: 0.0,
        }
    }

    pub fn wants_machines_table(&self) -> bool {
        self.bench == Bench::MachinesTable
    }

    /// Called at the end of every frame with when its `ui` started and, once loaded, how many
    /// machines the table has.
    pub fn after_frame(
        &mut self,
        ctx: &egui::Context,
        ui_started: Instant,
        machines: Option<usize>,
        assess: &mut AssessScreen,
    ) {
        self.frames += 1;
        ctx.request_repaint();
        match self.bench {
            Bench::FirstFrame => {
                // On the second frame the first one has been presented.
                if self.frames == 2 {
                    let now = SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .map(|d| d.as_nanos())
                        .unwrap_or(0);
                    let (rss, peak) = memory_kib();
                    println!("first_frame_unix_ns={now} rss_kib={rss} peak_rss_kib={peak}");
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Bench::MachinesTable => {
                let Some(rows) = machines.filter(|&rows| rows > 0) else {
                    return;
                };
                let now = Instant::now();
                if let Some(last) = self.last_frame {
                    self.ui_times.push(now - ui_started);
                    self.intervals.push(now - last);
                }
                self.last_frame = Some(now);
                self.offset = (self.offset + SCROLL_STEP) % (rows as f32 * 22.0);
                assess.scroll_table_to(self.offset);
                if self.ui_times.len() == SCROLL_FRAMES {
                    let (rss, peak) = memory_kib();
                    println!(
                        "machines={rows} frames={} ui_ms_median={:.2} ui_ms_p95={:.2} ui_ms_max={:.2} \
                         frame_interval_ms_median={:.2} frame_interval_ms_p95={:.2} rss_kib={rss} peak_rss_kib={peak}",
                        self.ui_times.len(),
                        percentile(&self.ui_times, 0.5),
                        percentile(&self.ui_times, 0.95),
                        percentile(&self.ui_times, 1.0),
                        percentile(&self.intervals, 0.5),
                        percentile(&self.intervals, 0.95),
                    );
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }
}

fn percentile(samples: &[Duration], fraction: f64) -> f64 {
    let mut sorted: Vec<Duration> = samples.to_vec();
    sorted.sort();
    let index = ((sorted.len().saturating_sub(1)) as f64 * fraction).round() as usize;
    sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Resident and peak resident memory of this process (Linux; "0" elsewhere).
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches(" kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
