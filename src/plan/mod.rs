//! Incremental planning, between input and compile: which files each side must compile.
//!
//! A file is *clean* when it is in both trees with the same bytes, in modules that
//! are compared with each other, and everything it imports is *stable*: a file that is
//! clean itself, or changed only in ways its importers cannot see (same [`Interface`]), with
//! stable imports of its own, or a file from outside both trees (`-I` roots, well-known
//! types). A clean file compiles to the same descriptors on both sides, so no finding can
//! start in it. Clean files are skipped: absent from both compiles and both models in the
//! same way, counted back into the summary's file counts.
//!
//! Some clean files are compiled anyway, on both sides, where the rules or the compiler look
//! beyond single elements:
//! - package membership: when a package is declared by the compiled files of one side but
//!   not of the other, its clean files are compiled (PACKAGE_NO_DELETE sees the package);
//! - names: a changed file that may declare new names (its interface changed) has the clean
//!   files of related packages (the same, an enclosing or an enclosed package) compiled, so
//!   that a name declared twice is still a compile error;
//! - extension numbers: when such a file declares extensions, so do the clean files with
//!   `extend` blocks, so that an extension number used twice is still a compile error;
//! - imports: whatever a compiled file imports is compiled.
//!
//! The planning is off (every file compiled) when `PROTOCHECK_FULL` is set to anything but
//! `0` or empty, when either side is a descriptor set, or when the cheap scan cannot read a
//! file with certainty, when nothing changed at all (so the same broken tree on both sides
//! is still an error), and when a side has 1 000 files or more and the plan would skip less
//! than a tenth of them (too little saved to pay for the planning). One known difference
//! remains by design: a file that is skipped is not compiled, so a compile error inside a
//! clean file (the same broken file on both sides, next to other changes) is not reported;
//! `PROTOCHECK_FULL=1` reports it.

mod interface;
pub mod scan;

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

pub use interface::Interface;
use scan::Scan;

use crate::input::layout::Modules;
use crate::input::{Input, SourceFile, SourceTree};

/// Above this many changed files on a side, interfaces are not compared (parsing the changed
/// files twice would cost more than what it could save).
const MAX_INTERFACE_PARSES: usize = 1024;

/// From this many files on a side, the plan is followed only when it skips at least a tenth
/// of them.
const MIN_FILES_FOR_SHARE: usize = 1000;

/// Whether `PROTOCHECK_FULL` forces the full path (every file compiled on both sides).
pub fn forced_full() -> bool {
    std::env::var_os("PROTOCHECK_FULL").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Whether skipping `skipped` files saves enough to pay for the planning. A big tree where most
/// files changed saves too little: on the google-proto-files 4.2.0 → 5.0.1 pair (1 file of
/// 5 545 skipped) the planned run took 12.3–13.4 s where the full path took 11.4–11.5 s.
fn worth_skipping(skipped: usize, old: &SourceTree, new: &SourceTree) -> bool {
    let total = old.files.len().max(new.files.len());
    total < MIN_FILES_FOR_SHARE || skipped * 10 >= total
}

/// The files left out of both compiles.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Clean files skipped on both sides (module-relative paths).
    pub skipped: BTreeSet<String>,
}

/// One side, as the planner sees it.
pub struct SideView<'a> {
    pub input: &'a Input,
    pub modules: &'a Modules,
}

impl Plan {
    /// Plans a diff. `paired(old_module, new_module)` says whether a module of OLD is compared
    /// with a module of NEW. Returns `None` when every file must be compiled.
    pub fn new(
        old: SideView<'_>,
        new: SideView<'_>,
        paired: &dyn Fn(usize, usize) -> bool,
    ) -> Option<Plan> {
        if forced_full() {
            return None;
        }
        let (Input::Sources(old_tree), Input::Sources(new_tree)) = (old.input, new.input) else {
            return None;
        };
        // Only a file identical on both sides can be skipped: too few of them, and the scan
        // is not worth its cost.
        let t0 = std::time::Instant::now();
        let both = in_both(old_tree, new_tree);
        let identical = identical_files(&both);
        if !worth_skipping(identical.len(), old_tree, new_tree) {
            return None;
        }
        let t1 = std::time::Instant::now();
        let new_scan = scan_all(new_tree, None)?;
        let t2 = std::time::Instant::now();
        let old_scan = scan_all(old_tree, Some((&new_scan, &identical)))?;
        let t3 = std::time::Instant::now();
        let mut trees: FxHashMap<&str, Trees> = old_tree
            .files
            .keys()
            .map(|p| (p.as_str(), Trees::Old))
            .collect();
        for p in new_tree.files.keys() {
            trees
                .entry(p)
                .and_modify(|t| *t = Trees::Both)
                .or_insert(Trees::New);
        }
        let planner = Planner {
            old: old_tree,
            new: new_tree,
            trees: &trees,
            both: &both,
            identical: &identical,
            old_scan: &old_scan,
            new_scan: &new_scan,
            modules_paired: &|p: &str| match (module_of(old.modules, p), module_of(new.modules, p))
            {
                (Some(o), Some(n)) => paired(o, n),
                _ => false,
            },
        };
        let plan = planner.plan();
        if std::env::var_os("PROTOCHECK_TIMINGS").is_some() {
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
            eprintln!(
                "timing: plan compare {:.1} ms, scan new {:.1} ms, scan old {:.1} ms, planning {:.1} ms",
                ms(t1 - t0),
                ms(t2 - t1),
                ms(t3 - t2),
                ms(t3.elapsed())
            );
            eprintln!(
                "timing: plan skipped {} of {} files",
                plan.skipped.len(),
                old_tree.files.len().max(new_tree.files.len())
            );
        }
        // Nothing changed at all: compile everything, so that a tree that does not compile
        // is still reported (with nothing to compare, nothing is saved by skipping it).
        let nothing_changed = plan.skipped.len() == old_tree.files.len()
            && plan.skipped.len() == new_tree.files.len();
        let worth_it = worth_skipping(plan.skipped.len(), old_tree, new_tree);
        (!plan.skipped.is_empty() && !nothing_changed && worth_it).then_some(plan)
    }

    /// Removes the skipped files from a side's input.
    pub fn reduce(&self, input: &mut Input) {
        if let Input::Sources(tree) = input {
            tree.files.retain(|p, _| !self.skipped.contains(p));
        }
    }

    /// How many skipped files belong to `module` of a side laid out as `modules`.
    pub fn skipped_in(&self, modules: &Modules, module: Option<usize>) -> usize {
        module.map_or(0, |m| {
            self.skipped
                .iter()
                .filter(|p| modules.contains(m, p))
                .count()
        })
    }
}

fn module_of(modules: &Modules, path: &str) -> Option<usize> {
    if modules.paths.len() == 1 {
        Some(0)
    } else {
        modules.file_module.get(path).copied()
    }
}

/// A path in both trees, with its file in OLD and in NEW.
type InBoth<'t> = (&'t str, &'t SourceFile, &'t SourceFile);

/// The paths in both trees, in their order: one pass over the two sorted maps.
fn in_both<'t>(old: &'t SourceTree, new: &'t SourceTree) -> Vec<InBoth<'t>> {
    let mut out = Vec::with_capacity(old.files.len().min(new.files.len()));
    let (mut o, mut n) = (old.files.iter().peekable(), new.files.iter().peekable());
    while let (Some((op, of)), Some((np, nf))) = (o.peek(), n.peek()) {
        match op.cmp(np) {
            std::cmp::Ordering::Less => {
                o.next();
            }
            std::cmp::Ordering::Greater => {
                n.next();
            }
            std::cmp::Ordering::Equal => {
                out.push((np.as_str(), *of, *nf));
                o.next();
                n.next();
            }
        }
    }
    out
}

/// The paths of the files in both trees with the same bytes on both sides. Every step of the
/// planning asks it of the files it looks at, so it is worked out once, on the available
/// cores: a googleapis-sized tree is tens of megabytes a side, and comparing them again at
/// each step was most of the planning.
fn identical_files<'t>(both: &[InBoth<'t>]) -> FxHashSet<&'t str> {
    let threads = crate::parallel::threads_for(both.len());
    let runs = crate::parallel::runs(both, threads * 4, |(_, _, n)| n.text.len() + 1);
    crate::parallel::map(&runs, threads, |run| {
        run.iter()
            .filter(|(_, o, n)| o.same_bytes(n))
            .map(|(p, _, _)| *p)
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Scans every file of `tree`, on the available cores. A file with the same bytes on the
/// other side (`other`: that side's scans, already made, and the identical files) takes that
/// scan: the scan depends on the bytes alone.
fn scan_all<'t>(
    tree: &'t SourceTree,
    other: Option<(&Scans<'_>, &FxHashSet<&str>)>,
) -> Option<Scans<'t>> {
    let files: Vec<(&'t str, &SourceFile)> =
        tree.files.iter().map(|(p, f)| (p.as_str(), f)).collect();
    let one = |(p, f): &(&'t str, &SourceFile)| -> Option<(&'t str, Scan)> {
        let known = other.and_then(|(scans, identical)| {
            identical.contains(*p).then(|| scans.get(*p).cloned())?
        });
        Some((*p, known.or_else(|| scan::scan(&f.text))?))
    };
    let threads = crate::parallel::threads_for(files.len());
    let runs = crate::parallel::runs(&files, threads * 4, |(_, f)| f.text.len() + 1);
    let parts = crate::parallel::map(&runs, threads, |run| {
        run.iter().map(one).collect::<Option<Vec<_>>>()
    });
    let mut out = Scans::with_capacity_and_hasher(files.len(), Default::default());
    for part in parts {
        out.extend(part?);
    }
    Some(out)
}

/// Which trees hold a path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trees {
    Old,
    New,
    Both,
}

/// Each file's cheap scan, by path.
type Scans<'t> = FxHashMap<&'t str, Scan>;

struct Planner<'a> {
    old: &'a SourceTree,
    new: &'a SourceTree,
    /// Every path of either tree, and which trees hold it (the walks below look up each
    /// import of every file).
    trees: &'a FxHashMap<&'a str, Trees>,
    /// The paths in both trees.
    both: &'a [InBoth<'a>],
    /// The files with the same bytes on both sides.
    identical: &'a FxHashSet<&'a str>,
    old_scan: &'a Scans<'a>,
    new_scan: &'a Scans<'a>,
    modules_paired: &'a dyn Fn(&str) -> bool,
}

/// Memo states of the stability walk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Visiting,
    Stable,
    Unstable,
}

impl Planner<'_> {
    fn plan(&self) -> Plan {
        // Files in both trees whose bytes differ: their interfaces decide whether importers
        // see the change.
        let both = self.both;
        let modified: Vec<&InBoth<'_>> = both
            .iter()
            .filter(|(p, _, _)| !self.identical.contains(p))
            .collect();
        let mut kept_interface: BTreeSet<&str> = BTreeSet::new();
        if modified.len() <= MAX_INTERFACE_PARSES {
            // Two parses per file: on the available cores.
            let threads = crate::parallel::threads_for(modified.len());
            let kept = crate::parallel::map(&modified, threads, |(p, o, n)| {
                match (Interface::of(p, &o.text), Interface::of(p, &n.text)) {
                    (Some(o), Some(n)) => o.keeps(&n),
                    _ => false,
                }
            });
            for ((p, _, _), same) in modified.iter().zip(kept) {
                if same {
                    kept_interface.insert(p);
                }
            }
        }

        let mut marks: FxHashMap<&str, Mark> = FxHashMap::default();
        let mut clean: FxHashSet<&str> = FxHashSet::default();
        for (p, _, _) in both {
            if self.identical.contains(p)
                && (self.modules_paired)(p)
                && self.imports_stable(p, &kept_interface, &mut marks)
            {
                clean.insert(p);
            }
        }

        // Files compiled on either side before widening: everything not clean.
        let dirty: Vec<(&str, &Scan)> = self
            .old_scan
            .iter()
            .chain(self.new_scan.iter())
            .filter(|(p, _)| !clean.contains(*p))
            .map(|(p, s)| (*p, s))
            .collect();
        let mut compiled: FxHashSet<&str> = dirty.iter().map(|(p, _)| *p).collect();

        // Names and extension numbers: changed files that may declare new ones (a file with
        // the same bytes or the same interface on both sides declares the same names).
        let same_names = |p: &str| kept_interface.contains(p) || self.identical.contains(p);
        let unstable: Vec<&Scan> = dirty
            .iter()
            .filter(|(p, _)| !same_names(p))
            .map(|(_, s)| *s)
            .collect();
        let packages: BTreeSet<&str> = unstable.iter().map(|s| s.package.as_str()).collect();
        let any_extend = unstable.iter().any(|s| s.has_extend);
        for p in &clean {
            let s = &self.new_scan[p];
            if packages.iter().any(|q| related(q, &s.package)) || any_extend && s.has_extend {
                compiled.insert(p);
            }
        }

        // Imports of compiled files are compiled (on both sides, as the skipped set is one).
        self.close_over_imports(&mut compiled);

        // Packages declared by the compiled files of one side only.
        let declared = |scans: &Scans<'_>, compiled: &FxHashSet<&str>| -> BTreeSet<String> {
            scans
                .iter()
                .filter(|(p, _)| compiled.contains(*p))
                .map(|(_, s)| s.package.clone())
                .collect()
        };
        let (old_packages, new_packages) = (
            declared(self.old_scan, &compiled),
            declared(self.new_scan, &compiled),
        );
        let one_sided: BTreeSet<&String> =
            old_packages.symmetric_difference(&new_packages).collect();
        if !one_sided.is_empty() {
            for p in &clean {
                if one_sided.contains(&self.new_scan[p].package) {
                    compiled.insert(p);
                }
            }
            self.close_over_imports(&mut compiled);
        }

        Plan {
            skipped: clean
                .into_iter()
                .filter(|p| !compiled.contains(p))
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Whether every import of `path` (the same on both sides: a clean candidate's bytes are
    /// equal) is stable.
    fn imports_stable<'s>(
        &'s self,
        path: &str,
        kept: &BTreeSet<&str>,
        marks: &mut FxHashMap<&'s str, Mark>,
    ) -> bool {
        let (Some(o), Some(n)) = (self.old_scan.get(path), self.new_scan.get(path)) else {
            return false;
        };
        o.imports
            .iter()
            .chain(&n.imports)
            .all(|i| self.stable(i, kept, marks))
    }

    /// Whether `path` is seen the same way by its importers on both sides.
    fn stable<'s>(
        &'s self,
        path: &'s str,
        kept: &BTreeSet<&str>,
        marks: &mut FxHashMap<&'s str, Mark>,
    ) -> bool {
        match marks.get(path) {
            Some(Mark::Stable) => return true,
            // An import cycle is a compile error: compile it.
            Some(Mark::Visiting | Mark::Unstable) => return false,
            None => {}
        }
        let key = match self.trees.get_key_value(path) {
            Some((key, Trees::Both)) => *key,
            found => {
                // Outside both trees: the same `-I` file or well-known type on both sides (or
                // missing on both, which both compiles report), unless a root of one side
                // only (its directory, a buf.yaml root) holds it on disk (an excluded or
                // hidden file). In one tree only: changed. Remembered: a well-known type is
                // imported by thousands of files, and the answer may cost a look at the disk.
                let result = found.is_none() && !self.on_one_side(path);
                marks.insert(path, if result { Mark::Stable } else { Mark::Unstable });
                return result;
            }
        };
        marks.insert(key, Mark::Visiting);
        let result = (self.identical.contains(key) || kept.contains(key))
            && (self.modules_paired)(key)
            && self.imports_stable(key, kept, marks);
        marks.insert(key, if result { Mark::Stable } else { Mark::Unstable });
        result
    }

    /// Whether a root that only one side searches holds `path`.
    fn on_one_side(&self, path: &str) -> bool {
        let same_dep = match (self.old.deps.get(path), self.new.deps.get(path)) {
            (Some(o), Some(n)) => o.same_bytes(n),
            (o, n) => o.is_none() && n.is_none(),
        };
        if !same_dep {
            return true;
        }
        let (o, n) = (&self.old.import_roots, &self.new.import_roots);
        o.iter()
            .filter(|r| !n.contains(r))
            .chain(n.iter().filter(|r| !o.contains(r)))
            .any(|r| r.join(path).exists())
    }

    fn close_over_imports<'s>(&'s self, compiled: &mut FxHashSet<&'s str>) {
        let mut stack: Vec<&str> = compiled.iter().copied().collect();
        while let Some(p) = stack.pop() {
            for scans in [self.old_scan, self.new_scan] {
                let Some(s) = scans.get(p) else { continue };
                for i in &s.imports {
                    // Only files of a tree matter: the rest is never skipped.
                    if let Some((&k, _)) = self.trees.get_key_value(i.as_str()) {
                        if compiled.insert(k) {
                            stack.push(k);
                        }
                    }
                }
            }
        }
    }
}

/// Whether two packages can declare clashing names: the same package, or one enclosing the
/// other (`a.b` declares a message `c` that `a.b.c` would clash with).
fn related(a: &str, b: &str) -> bool {
    let encloses = |outer: &str, inner: &str| {
        outer.is_empty()
            || inner
                .strip_prefix(outer)
                .is_some_and(|r| r.starts_with('.'))
    };
    a == b || encloses(a, b) || encloses(b, a)
}

#[cfg(test)]
mod tests {
    use super::{identical_files, in_both, related};
    use crate::input::SourceTree;

    fn tree(files: &[(&str, &str)]) -> SourceTree {
        SourceTree::of_texts(files)
    }

    #[test]
    fn paths_in_both_trees_pair_their_files_and_identical_ones_are_told_apart() {
        let old = tree(&[("a", "1"), ("b", "2"), ("d", "4"), ("f", "6")]);
        let new = tree(&[("b", "2"), ("c", "3"), ("d", "4!"), ("e", "5"), ("f", "6")]);
        let both = in_both(&old, &new);
        let paired: Vec<(&str, &str, &str)> = both
            .iter()
            .map(|(p, o, n)| (*p, &*o.text, &*n.text))
            .collect();
        assert_eq!(
            paired,
            [("b", "2", "2"), ("d", "4", "4!"), ("f", "6", "6")],
            "a path in one tree only is left out, whichever tree and wherever it sorts"
        );
        let mut identical: Vec<&str> = identical_files(&both).into_iter().collect();
        identical.sort_unstable();
        assert_eq!(identical, ["b", "f"]);
        assert!(in_both(&old, &tree(&[])).is_empty());
    }

    #[test]
    fn packages_that_can_clash_are_related() {
        assert!(related("a.b", "a.b"));
        assert!(related("a.b", "a.b.c"));
        assert!(related("a.b.c", "a"));
        assert!(related("", "x.y"));
        assert!(!related("a.b", "a.bc"));
        assert!(!related("a.b", "a.c"));
    }
}
