//! Phase timings on stderr when `PROTOCHECK_TIMINGS` is set: when each phase ended (seconds
//! since the first timer started, in brackets), how long it took, and the resident and peak
//! resident memory where the system tells them (for benchmarking).

use std::sync::OnceLock;
use std::time::Instant;

/// When the first timer started.
static FIRST: OnceLock<Instant> = OnceLock::new();

/// Laps of one side's (or both sides') phases.
pub(crate) struct Timer {
    side: &'static str,
    on: bool,
    last: std::cell::Cell<Instant>,
}

impl Timer {
    pub(crate) fn start(side: &'static str) -> Self {
        FIRST.get_or_init(Instant::now);
        Timer {
            side,
            on: std::env::var_os("PROTOCHECK_TIMINGS").is_some(),
            last: std::cell::Cell::new(Instant::now()),
        }
    }

    pub(crate) fn lap(&self, phase: &str) {
        if self.on {
            let now = Instant::now();
            eprintln!(
                "timing: [{:.3}] {} {phase} {:.1} ms{}",
                FIRST.get_or_init(Instant::now).elapsed().as_secs_f64(),
                self.side,
                (now - self.last.get()).as_secs_f64() * 1e3,
                memory()
            );
            self.last.set(now);
        }
    }
}

/// The resident and peak resident memory, where the system tells them (Linux).
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().strip_suffix("kB"))
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!(" (rss {} MB, peak {} MB)", rss / 1024, peak / 1024),
        _ => String::new(),
    }
}
