//! Phase timings on stderr when `PROTOCHECK_TIMINGS` is set: wall time per phase, with the
//! resident and peak resident memory where the system tells them (for benchmarking).

/// Laps of one side's (or both sides') phases.
pub(crate) struct Timer {
    side: &'static str,
    on: bool,
    last: std::cell::Cell<std::time::Instant>,
}

impl Timer {
    pub(crate) fn start(side: &'static str) -> Self {
        Timer {
            side,
            on: std::env::var_os("PROTOCHECK_TIMINGS").is_some(),
            last: std::cell::Cell::new(std::time::Instant::now()),
        }
    }

    pub(crate) fn lap(&self, phase: &str) {
        if self.on {
            let now = std::time::Instant::now();
            eprintln!(
                "timing: {} {phase} {:.1} ms{}",
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
