//! `verify`: each finding's evidence, from payloads between NEW and the newest OLD release
//! it applies to.

use super::compare::{finding_key, Compared};
use super::merge::Merged;
use super::Options;
use crate::error::Error;
use crate::finding::Finding;
use crate::verify::evidence::{self, Evidence, Subject};

pub(super) fn gather(
    options: &Options,
    seed: u64,
    count: usize,
    runs: &[Compared],
    merged: &Merged,
) -> Result<Vec<Option<Evidence>>, Error> {
    let findings = &merged.findings;
    let releases = &merged.matrix.finding_releases;
    let opts = crate::verify::Options {
        seed,
        count: count.max(1),
        ..crate::verify::Options::default()
    };
    let mut out: Vec<Option<Evidence>> = vec![None; findings.len()];
    for (r, run) in runs.iter().enumerate() {
        let mine: Vec<usize> = (0..findings.len())
            .filter(|&i| releases.get(i).and_then(|rs| rs.last()) == Some(&r))
            .collect();
        let items: Vec<(usize, &Subject)> = mine
            .iter()
            .filter_map(|&i| Some((i, run.subjects.get(&finding_key(&findings[i]))?)))
            .collect();
        if items.is_empty() {
            continue;
        }
        let pair =
            crate::verify::Pair::new(&run.old_c, &run.new_c).map_err(|(side, message)| {
                Error::from(crate::input::Error::Descriptor {
                    input: if side == "old" {
                        options.olds.get(r).cloned().unwrap_or_default()
                    } else {
                        options.new.clone()
                    },
                    message,
                })
            })?;
        let refs: Vec<(&Finding, &Subject)> =
            items.iter().map(|(i, s)| (&findings[*i], *s)).collect();
        for ((i, _), e) in items.iter().zip(evidence::gather(&pair, &refs, &opts)) {
            out[*i] = e;
        }
    }
    Ok(out)
}
