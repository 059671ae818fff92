//! Several OLD releases checked against one NEW: the baseline applied to each, then one list
//! of findings (each with the releases it applies to) and the run-time effects matrix.

use std::collections::BTreeSet;
use std::path::Path;

use super::{Compared, Options};
use crate::baseline::Entry;
use crate::effects::matrix::{self, Addition, Matrix, Release};
use crate::error::Error;
use crate::finding::Finding;
use crate::rules::categories::Category;

/// Drops the findings a baseline accepts, from every run; expired and stale entries become
/// warnings. Returns the accepted findings with their entries.
pub(super) fn apply_baseline(
    runs: &mut [Compared],
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<Vec<(Finding, Entry)>, Error> {
    let baseline = crate::baseline::load(path)?;
    let today = crate::baseline::today();
    let mut accepted = Vec::new();
    for run in runs {
        let applied = crate::baseline::apply(std::mem::take(&mut run.findings), &baseline, &today);
        for e in &applied.expired {
            warnings.push(format!(
                "error: baseline entry {} {} expired on {}{}: its findings are reported again",
                e.rule,
                e.element,
                e.expires,
                if e.owner.is_empty() {
                    String::new()
                } else {
                    format!(" (owner: {})", e.owner)
                }
            ));
        }
        for e in &applied.stale {
            warnings.push(format!(
                "warning: baseline entry {} {} matches no finding any more: remove it",
                e.rule, e.element
            ));
        }
        run.findings = applied.kept;
        accepted.extend(applied.accepted);
    }
    Ok(accepted)
}

/// Every run's findings as one list, with the matrix over them.
pub(super) struct Merged {
    pub(super) findings: Vec<Finding>,
    pub(super) matrix: Matrix,
    pub(super) rules: Vec<&'static str>,
    pub(super) categories: Vec<Category>,
}

/// One list of findings over every release: the same finding (rule, message, NEW place)
/// against several releases is listed once, with the releases it applies to.
pub(super) fn merge(runs: &[Compared], olds: &[String], options: &Options) -> Merged {
    let mut findings: Vec<Finding> = Vec::new();
    let mut finding_releases: Vec<Vec<usize>> = Vec::new();
    let mut additions: Vec<Addition> = Vec::new();
    let mut rule_ids: BTreeSet<&'static str> = BTreeSet::new();
    let mut categories: Vec<Category> = Vec::new();
    for (r, run) in runs.iter().enumerate() {
        for f in &run.findings {
            match findings
                .iter()
                .position(|g| g.rule == f.rule && g.message == f.message && g.new == f.new)
            {
                Some(i) => {
                    // The newest release's OLD place is the one closest to NEW.
                    findings[i].old = f.old.clone();
                    findings[i].effects = findings[i].effects.worst(f.effects);
                    finding_releases[i].push(r);
                }
                None => {
                    findings.push(f.clone());
                    finding_releases.push(vec![r]);
                }
            }
        }
        for a in &run.additions {
            match additions
                .iter_mut()
                .find(|b| b.title == a.title && b.place == a.place)
            {
                Some(b) => b.releases.push(r),
                None => {
                    let mut a = a.clone();
                    a.releases = vec![r];
                    additions.push(a);
                }
            }
        }
        rule_ids.extend(&run.rule_ids);
        for c in &run.categories {
            if !categories.contains(c) {
                categories.push(*c);
            }
        }
    }
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| findings[a].sort_key().cmp(&findings[b].sort_key()));
    let findings: Vec<Finding> = order.iter().map(|&i| findings[i].clone()).collect();
    let finding_releases: Vec<Vec<usize>> =
        order.iter().map(|&i| finding_releases[i].clone()).collect();

    let rules: Vec<&'static str> = crate::rules::all()
        .map(|r| r.id)
        .filter(|id| rule_ids.contains(id))
        .collect();
    let encodings = options.encodings.clone();
    let mut matrix = Matrix {
        changes: matrix::rows(&findings, &finding_releases, &additions, &rules, &encodings),
        require: options.require.clone(),
        encodings,
        releases: if olds.len() > 1 {
            olds.iter()
                .map(|label| Release {
                    label: label.clone(),
                    backward: true,
                    forward: true,
                })
                .collect()
        } else {
            Vec::new()
        },
        finding_releases,
    };
    matrix.judge_releases();
    Merged {
        findings,
        matrix,
        rules,
        categories,
    }
}
