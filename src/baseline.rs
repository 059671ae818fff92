//! A baseline of accepted breaking changes: `protocheck baseline OLD NEW -o FILE` records
//! today's findings by a stable fingerprint — the rule and the element's full name, never line
//! numbers — each with `reason`, `owner` and `expires` for people to fill in; `diff --baseline
//! FILE` drops the findings recorded there, reports the entries whose date has passed (their
//! findings count again) and fails on everything new.
//!
//! ```toml
//! [[accepted]]
//! rule = "FIELD_NO_DELETE"
//! element = "meeting.core.v1.Participant.nickname"
//! message = "Previously present field \"7\" with name \"nickname\" on message …"
//! reason = "nickname was never sent by any client since release 0"
//! owner = "meeting-team"
//! expires = "2027-03-31"
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::ConfigFile;
use crate::error::Error;
use crate::finding::Finding;
use crate::model::{Contract, Element};

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    /// The element's full name (`pkg.Message.field`), or `file:PATH` for a file-level finding.
    pub element: String,
    /// The finding's message when it was recorded (for readers; not matched).
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub owner: String,
    /// `YYYY-MM-DD`; empty: never expires.
    #[serde(default)]
    pub expires: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    #[serde(default)]
    pub accepted: Vec<Entry>,
}

/// The element a finding is about: the more specific of the innermost OLD and NEW elements
/// at its places (a deleted field is named by OLD's field, not NEW's message), NEW's when
/// neither is inside the other; else `file:PATH`.
pub fn element_of(f: &Finding, old: &Contract, new: &Contract) -> Option<String> {
    let inner = |c: &Contract, place: &Option<crate::model::Place>| -> Option<String> {
        let span = place.as_ref()?.span.as_ref()?;
        c.elements_at(span)
            .first()
            .map(|e: &&Element| e.full_name.clone())
    };
    let (o, n) = (inner(old, &f.old), inner(new, &f.new));
    match (o, n) {
        (Some(o), Some(n)) => Some(if o.starts_with(&format!("{n}.")) {
            o
        } else {
            n
        }),
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => f.path().map(|p| format!("file:{p}")),
    }
}

/// Stamps each finding with its element (see [`element_of`]).
pub fn stamp(findings: &mut [Finding], old: &Contract, new: &Contract) {
    for f in findings {
        f.element = element_of(f, old, new);
    }
}

impl Entry {
    pub fn of(f: &Finding) -> Entry {
        Entry {
            rule: f.rule.to_owned(),
            element: f.element.clone().unwrap_or_default(),
            message: f.message.clone(),
            reason: String::new(),
            owner: String::new(),
            expires: String::new(),
        }
    }

    pub fn matches(&self, f: &Finding) -> bool {
        self.rule == f.rule && Some(&self.element) == f.element.as_ref()
    }

    /// Whether `expires` is before `today` (both `YYYY-MM-DD`).
    pub fn expired(&self, today: &str) -> bool {
        !self.expires.is_empty() && self.expires.as_str() < today
    }
}

/// The baseline file for `findings`, one entry per fingerprint, with a header for people.
pub fn render(findings: &[Finding]) -> String {
    let mut entries: Vec<Entry> = findings.iter().map(Entry::of).collect();
    entries.sort_by(|a, b| (&a.rule, &a.element).cmp(&(&b.rule, &b.element)));
    entries.dedup_by(|a, b| a.rule == b.rule && a.element == b.element);
    let mut out = String::from(
        "# protocheck baseline: breaking changes accepted on purpose.\n\
         # `protocheck diff OLD NEW --baseline FILE` drops the findings recorded here (matched by\n\
         # rule and element, never by line), reports entries whose `expires` date (YYYY-MM-DD)\n\
         # has passed, and fails on any new finding. Fill in reason, owner and expires.\n",
    );
    for e in &entries {
        out.push_str("\n[[accepted]]\n");
        for (key, value) in [
            ("rule", &e.rule),
            ("element", &e.element),
            ("message", &e.message),
            ("reason", &e.reason),
            ("owner", &e.owner),
            ("expires", &e.expires),
        ] {
            out.push_str(&format!("{key} = {}\n", toml::Value::String(value.clone())));
        }
    }
    out
}

/// Reads a baseline file; errors point into it.
pub fn load(path: &Path) -> Result<Baseline, Error> {
    let source = ConfigFile::read(path)?;
    let baseline: Baseline = toml::from_str(&source.text).map_err(|e| {
        let span = e.span().map(|r| crate::config::Span {
            offset: r.start,
            len: r.end.saturating_sub(r.start),
        });
        source.error(
            format!("{}: {}", source.name, e.message().trim_end()),
            span,
            "here",
            Some(
                "a baseline is a list of [[accepted]] tables with rule, element, message, \
                 reason, owner and expires"
                    .into(),
            ),
        )
    })?;
    for e in &baseline.accepted {
        if !e.expires.is_empty() && !is_date(&e.expires) {
            let at = source.text.find(&format!("\"{}\"", e.expires));
            return Err(Error::from(source.error(
                format!(
                    "{}: expires = {:?} is not a date (YYYY-MM-DD)",
                    source.name, e.expires
                ),
                at.map(|offset| crate::config::Span {
                    offset,
                    len: e.expires.len() + 2,
                }),
                "not YYYY-MM-DD",
                None,
            )));
        }
    }
    Ok(baseline)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// What a baseline did to one run's findings.
#[derive(Debug, Default)]
pub struct Applied {
    pub kept: Vec<Finding>,
    /// Findings dropped, with the entry that accepted them.
    pub accepted: Vec<(Finding, Entry)>,
    /// Entries whose date has passed (their findings are kept).
    pub expired: Vec<Entry>,
    /// Entries no finding matched any more.
    pub stale: Vec<Entry>,
}

pub fn apply(findings: Vec<Finding>, baseline: &Baseline, today: &str) -> Applied {
    let mut used = vec![false; baseline.accepted.len()];
    let mut out = Applied::default();
    for f in findings {
        match baseline.accepted.iter().position(|e| e.matches(&f)) {
            Some(i) => {
                used[i] = true;
                let e = &baseline.accepted[i];
                if e.expired(today) {
                    out.kept.push(f);
                } else {
                    out.accepted.push((f, e.clone()));
                }
            }
            None => out.kept.push(f),
        }
    }
    for (e, used) in baseline.accepted.iter().zip(used) {
        if e.expired(today) && used {
            out.expired.push(e.clone());
        } else if !used {
            out.stale.push(e.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert!(is_date("2026-11-30"));
        assert!(!is_date("2026-1-30"));
        let e = Entry {
            rule: "X".into(),
            element: "a".into(),
            message: String::new(),
            reason: String::new(),
            owner: String::new(),
            expires: "2026-11-29".into(),
        };
        assert!(e.expired("2026-11-30"));
        assert!(!e.expired("2026-11-29"));
    }
}
