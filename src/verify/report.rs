//! `verify`'s output: human text and JSON, and the gate that decides the exit code.

use serde::Serialize;

use super::{MessageReport, Options};
use crate::effects::{Direction, Effect, Encoding};

/// A whole run.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub old: &'a str,
    pub new: &'a str,
    pub seed: u64,
    pub count: usize,
    pub directions: Vec<Direction>,
    pub encodings: Vec<Encoding>,
    pub allow_dropped: bool,
    pub summary: Summary,
    pub messages: Vec<MessageReport>,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub messages: usize,
    /// Messages with at least one payload that fails the gate.
    pub failing: usize,
    pub internal_errors: usize,
    pub payloads: usize,
    pub ok: usize,
    pub dropped: usize,
    pub misread: usize,
    pub rejected: usize,
}

impl<'a> Report<'a> {
    pub fn new(
        old: &'a str,
        new: &'a str,
        opts: &Options,
        allow_dropped: bool,
        messages: Vec<MessageReport>,
    ) -> Report<'a> {
        let mut s = Summary {
            messages: messages.len(),
            ..Summary::default()
        };
        for m in &messages {
            if m.internal_error.is_some() {
                s.internal_errors += 1;
            }
            if fails(m, allow_dropped) {
                s.failing += 1;
            }
            for o in &m.results {
                s.payloads += o.payloads;
                s.ok += o.ok;
                s.dropped += o.dropped;
                s.misread += o.misread;
                s.rejected += o.rejected;
            }
        }
        Report {
            old,
            new,
            seed: opts.seed,
            count: opts.count,
            directions: opts.directions.clone(),
            encodings: opts.encodings.clone(),
            allow_dropped,
            summary: s,
            messages,
        }
    }

    /// 0 when every payload survives (dropped ones too under `--allow-dropped`), else 1.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.summary.failing > 0 || self.summary.internal_errors > 0)
    }

    pub fn json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn human(&self) -> String {
        let mut out = String::new();
        for m in &self.messages {
            if let Some(e) = &m.internal_error {
                out.push_str(&format!("{}\n  {e}\n\n", m.name));
                continue;
            }
            if m.results.iter().all(|o| o.worst() == Effect::Ok) {
                continue;
            }
            out.push_str(&format!("{}\n", m.name));
            for o in &m.results {
                if o.worst() == Effect::Ok {
                    continue;
                }
                let (writer, reader) = match o.direction {
                    Direction::Backward => ("OLD", "NEW"),
                    Direction::Forward => ("NEW", "OLD"),
                };
                let mut parts = vec![format!("{} ok", o.ok)];
                for e in [Effect::Dropped, Effect::Misread, Effect::Rejected] {
                    if o.count(e) > 0 {
                        parts.push(format!("{} {}", o.count(e), e.id()));
                    }
                }
                out.push_str(&format!(
                    "  {} {} ({reader} reads {writer}): {} payloads: {}\n",
                    o.direction.id(),
                    o.encoding.id(),
                    o.payloads,
                    parts.join(", ")
                ));
                for (effect, ex) in o.examples.iter().rev() {
                    out.push_str(&format!("    {}: {}\n", effect.id(), ex.detail));
                    match o.encoding {
                        Encoding::Binary => {
                            let hex = if ex.payload.is_empty() {
                                "(empty)"
                            } else {
                                &ex.payload
                            };
                            out.push_str(&format!("      hex  {hex}\n"));
                            if let Some(j) = &ex.json {
                                out.push_str(&format!("      json {j}\n"));
                            }
                        }
                        Encoding::Json => {
                            out.push_str(&format!("      json {}\n", ex.payload));
                        }
                    }
                    if let Some(r) = &ex.read {
                        out.push_str(&format!("      read {r}\n"));
                    }
                }
            }
            out.push('\n');
        }
        let s = &self.summary;
        let dirs: Vec<&str> = self.directions.iter().map(|d| d.id()).collect();
        let encs: Vec<&str> = self.encodings.iter().map(|e| e.id()).collect();
        out.push_str(&format!(
            "verified {} messages present in both versions ({} payloads each way, seed {}; {}; {}): \
             {} payload checks, {} ok, {} dropped, {} misread, {} rejected\n",
            s.messages,
            self.count,
            self.seed,
            dirs.join(" and "),
            encs.join(" and "),
            s.payloads,
            s.ok,
            s.dropped,
            s.misread,
            s.rejected,
        ));
        if s.internal_errors > 0 {
            out.push_str(&format!(
                "{} messages could not be checked (internal errors above)\n",
                s.internal_errors
            ));
        }
        if s.failing == 0 {
            let dropped = if self.allow_dropped && s.dropped > 0 {
                " (dropped values allowed)"
            } else {
                ""
            };
            out.push_str(&format!("every payload survives{dropped}\n"));
        } else {
            out.push_str(&format!(
                "{} of {} messages do not survive\n",
                s.failing, s.messages
            ));
        }
        out
    }
}

/// Whether a message fails the gate: any misread or rejected payload, or a dropped one unless
/// dropped values are allowed.
pub fn fails(m: &MessageReport, allow_dropped: bool) -> bool {
    m.results
        .iter()
        .any(|o| o.misread > 0 || o.rejected > 0 || (!allow_dropped && o.dropped > 0))
}
