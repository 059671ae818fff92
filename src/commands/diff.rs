//! `protocheck diff OLD NEW`: input → config → layout → compile → model → pair → rules →
//! filter → render.
//!
//! Each NEW module (one, unless a buf.yaml v2 lists several) is compared with its OLD
//! counterpart under its own rule selection, as buf does; the findings are then merged.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::cli::{DiffArgs, Format};
use crate::compile::{self, Compiled};
use crate::config::select::{self, Flags, Selection};
use crate::config::{self, Config};
use crate::error::Error;
use crate::filter;
use crate::finding::Finding;
use crate::input::layout::{Layout, Modules};
use crate::input::{self, ConfigFile, Input, RepoPaths};
use crate::model::{self, Contract};
use crate::pair::Diff;
use crate::plan;
use crate::render::{self, Report};
use crate::rules::categories::Category;

pub fn run(args: &DiffArgs) -> Result<Outcome, Error> {
    // Reading the two sides (walking directories, reading files, git) is independent I/O.
    let (old_input, new_input) = std::thread::scope(|s| {
        let old = s.spawn(|| input::load(&args.old, &args.include));
        let new = s.spawn(|| input::load(&args.new, &args.include));
        (join(old, &args.old), join(new, &args.new))
    });
    let (old_input, new_input) = (old_input?, new_input?);
    let old_side = Side::new(&args.old, &old_input);
    let new_side = Side::new(&args.new, &new_input);

    let cwd = std::env::current_dir().ok();
    let config = config::discover(
        args.config.as_deref(),
        new_side.root.as_deref(),
        new_side.buf_yaml.as_ref(),
        cwd.as_deref(),
    )?;
    let old_layout = old_side.layout()?;
    let new_layout = new_side.layout()?;

    // Rule selection for every module pair, before anything is compiled.
    let flags = Flags {
        categories: &args.category,
        rules: &args.rule,
        except: &args.except,
    };
    let old_paths: Vec<&str> = old_layout.modules.iter().map(|m| &*m.path).collect();
    let new_paths: Vec<&str> = new_layout.modules.iter().map(|m| &*m.path).collect();
    let mut units = Vec::new();
    for (new_module, old_module) in pair_modules(&new_paths, &old_paths) {
        let path = match (new_module, old_module) {
            (Some(n), _) => new_paths[n],
            (None, Some(o)) => old_paths[o],
            (None, None) => continue,
        };
        let selection = select::select(&config, &config.breaking_for(path), &flags)?;
        units.push((new_module, old_module, selection));
    }
    report_warnings(&config, &units);

    // Lay both sides out, plan which files to compile (crate::plan), then compile the two
    // sides concurrently. A failed incremental compile is redone in full, so that errors are
    // reported exactly as the full path reports them.
    let old_laid = lay_out(&args.old, old_input, &old_layout, &old_side);
    let new_laid = lay_out(&args.new, new_input, &new_layout, &new_side);
    let plan = match (&old_laid, &new_laid) {
        (Ok((o, om, _)), Ok((n, nm, _))) => plan::Plan::new(
            plan::SideView {
                input: o,
                modules: om,
            },
            plan::SideView {
                input: n,
                modules: nm,
            },
            &|om, nm| units.iter().any(|u| u.0 == Some(nm) && u.1 == Some(om)),
        ),
        _ => None,
    };
    let (old_in, new_in) = (old_laid.as_ref().ok(), new_laid.as_ref().ok());
    let (mut old_c, mut new_c) = compile_both(args, old_in, new_in, plan.as_ref());
    let mut plan = plan;
    if plan.is_some()
        && (matches!(old_c, Some(Err(Error::Compile(_))))
            || matches!(new_c, Some(Err(Error::Compile(_)))))
    {
        (old_c, new_c) = compile_both(args, old_in, new_in, None);
        plan = None;
    }
    let side = |laid: Result<(Input, Modules, RepoPaths), Error>,
                c: Option<Result<Compiled, Error>>| {
        let (_, modules, paths) = laid?;
        let compiled = c.unwrap_or_else(|| Err(internal(&args.old)))?;
        Ok((compiled, modules, paths))
    };
    let (old, new) = (side(old_laid, old_c), side(new_laid, new_c));
    // When both sides fail to compile, every error of both is shown.
    let (old, new) = match (old, new) {
        (Err(Error::Compile(mut o)), Err(Error::Compile(n))) => {
            o.side = "old and new";
            // The same input on both sides fails the same way: show its errors once.
            if o.input != n.input {
                o.input = format!("{}, {}", o.input, n.input);
                o.errors.extend(n.errors);
            }
            return Err(Error::Compile(o));
        }
        pair => pair,
    };
    let (old_c, old_modules, old_paths) = old?;
    let (new_c, new_modules, new_paths) = new?;
    let plan = plan.unwrap_or_default();

    let mut findings: Vec<Finding> = Vec::new();
    let (mut old_files, mut new_files) = (0, 0);
    let mut rule_ids: BTreeSet<&'static str> = BTreeSet::new();
    let mut categories: Vec<Category> = Vec::new();
    for (new_module, old_module, selection) in &units {
        // Both models are built concurrently, like the two compiles.
        let t = Timer::start("both");
        let (old_m, new_m) = std::thread::scope(|s| {
            let old = s.spawn(|| contract(&args.old, &old_c, &old_modules, *old_module));
            let new = s.spawn(|| contract(&args.new, &new_c, &new_modules, *new_module));
            (join(old, &args.old), join(new, &args.new))
        });
        let (old_m, new_m) = (old_m?, new_m?);
        t.lap("model");
        // Skipped files count as the full path counts them.
        old_files += old_m.checked_files().count() + plan.skipped_in(&old_modules, *old_module);
        new_files += new_m.checked_files().count() + plan.skipped_in(&new_modules, *new_module);
        let rules = selection.rules();
        rule_ids.extend(rules.iter().map(|r| r.id));
        for c in &selection.categories {
            if !categories.contains(c) {
                categories.push(*c);
            }
        }
        let diff = Diff::new(&old_m, &new_m);
        let found = crate::rules::run(&diff, &rules);
        t.lap("rules");
        findings.extend(filter::apply(found, &selection.ignores, &old_m, &new_m));
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();

    let report = Report {
        old_label: &args.old,
        new_label: &args.new,
        version: config.version,
        categories: categories.iter().map(|c| c.id()).collect(),
        rules: crate::rules::all()
            .map(|r| r.id)
            .filter(|id| rule_ids.contains(id))
            .collect(),
        findings: &findings,
        old_files,
        new_files,
        old_sources: &old_c.sources,
        new_sources: &new_c.sources,
        old_paths: &old_paths,
        new_paths: &new_paths,
    };
    let stdout = match args.format {
        Format::Json => render::json::render(&report),
        Format::Sarif => render::sarif::render(&report),
        Format::Github => render::github::render(&report),
        Format::Junit => render::junit::render(&report),
        Format::Gitlab => render::gitlab::render(&report),
        Format::Human => {
            let color = !args.no_color
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal();
            render::human::render(&report, &render::human::Style { color })
        }
    };
    Ok(Outcome {
        stdout,
        exit_code: if findings.is_empty() { 0 } else { 1 },
    })
}

/// One side as given on the command line.
struct Side {
    /// The directory configs are looked up in: the directory given, or the directory of the
    /// `.proto` file given. A descriptor set has none.
    root: Option<PathBuf>,
    /// A directory was given: its buf.yaml decides the module layout.
    is_dir: bool,
    /// The buf.yaml of a tree that is not on disk (a git revision's root).
    buf_yaml: Option<ConfigFile>,
}

impl Side {
    fn new(spec: &str, input: &Input) -> Side {
        let (root, buf_yaml) = match input {
            // A git revision lives in memory: its import roots are only the `-I` ones.
            Input::Sources(tree) if input::is_git(spec) => (None, tree.buf_yaml.clone()),
            Input::Sources(tree) => (tree.import_roots.first().cloned(), None),
            Input::DescriptorSet(_) => (None, None),
        };
        Side {
            root,
            is_dir: Path::new(spec).is_dir(),
            buf_yaml,
        }
    }

    fn layout(&self) -> Result<Layout, Error> {
        match (&self.root, self.is_dir, &self.buf_yaml) {
            (Some(root), true, _) => config::layout_at(root),
            (_, _, Some(file)) => config::layout_of(file),
            _ => Ok(Layout::default()),
        }
    }

    /// Whether a buf.yaml may shape this side into modules.
    fn has_layout(&self) -> bool {
        self.is_dir || self.buf_yaml.is_some()
    }
}

/// Lays a side out into modules.
fn lay_out(
    spec: &str,
    input: Input,
    layout: &Layout,
    side: &Side,
) -> Result<(Input, Modules, RepoPaths), Error> {
    let (input, modules) = match input {
        Input::Sources(tree) if side.has_layout() => {
            let (tree, modules) = layout.apply(tree, side.root.as_deref(), spec)?;
            (Input::Sources(tree), modules)
        }
        other => (other, Modules::whole()),
    };
    // Repository paths of the files, for the CI formats' annotations.
    let paths = input.repo_paths();
    Ok((input, modules, paths))
}

/// One side's compile result.
type Compiling = Result<Compiled, Error>;

/// Compiles both laid-out sides concurrently, without the files `plan` skips (`None` for a
/// side that could not be laid out).
fn compile_both(
    args: &DiffArgs,
    old: Option<&(Input, Modules, RepoPaths)>,
    new: Option<&(Input, Modules, RepoPaths)>,
    plan: Option<&plan::Plan>,
) -> (Option<Compiling>, Option<Compiling>) {
    std::thread::scope(|s| {
        let old = old.map(|o| s.spawn(|| prepare(&args.old, &o.0, plan, "old")));
        let new = new.map(|n| s.spawn(|| prepare(&args.new, &n.0, plan, "new")));
        (
            old.map(|h| join(h, &args.old)),
            new.map(|h| join(h, &args.new)),
        )
    })
}

/// Compiles one laid-out side, without the files `plan` skips.
fn prepare(
    spec: &str,
    input: &Input,
    plan: Option<&plan::Plan>,
    which: &'static str,
) -> Result<Compiled, Error> {
    let t = Timer::start(which);
    let compiled = match plan {
        Some(plan) => {
            let mut reduced = input.clone();
            plan.reduce(&mut reduced);
            compile::compile_reduced(&reduced, which, spec, input)?
        }
        None => compile::compile(input, which, spec)?,
    };
    t.lap("compile");
    Ok(compiled)
}

/// The contract of one module of a side (`None`: an empty side, every file a dependency).
fn contract(
    spec: &str,
    compiled: &Compiled,
    modules: &Modules,
    module: Option<usize>,
) -> Result<Contract, Error> {
    let checked = |p: &str| module.is_some_and(|m| compiled.is_target(p) && modules.contains(m, p));
    model::build(compiled.descriptor_set.clone(), &checked, &compiled.sources).map_err(|e| {
        Error::Descriptor {
            input: spec.to_owned(),
            message: e.to_string(),
        }
    })
}

/// Pairs NEW modules with OLD ones by module path. A side with a single module pairs with a
/// single module on the other side whatever their paths; otherwise modules left unpaired
/// are paired in path order when both sides have as many (as buf pairs them), else a NEW
/// module is compared with nothing (it is new) and an OLD module with an empty NEW side (it
/// was removed).
fn pair_modules(new: &[&str], old: &[&str]) -> Vec<(Option<usize>, Option<usize>)> {
    if new.len() == 1 && old.len() == 1 {
        return vec![(Some(0), Some(0))];
    }
    let mut pairs = Vec::new();
    let mut old_left: Vec<usize> = (0..old.len()).collect();
    let mut new_left = Vec::new();
    for (n, path) in new.iter().enumerate() {
        match old_left.iter().position(|&o| old[o] == *path) {
            Some(i) => pairs.push((Some(n), Some(old_left.remove(i)))),
            None => new_left.push(n),
        }
    }
    if new_left.len() == old_left.len() {
        new_left.sort_by_key(|&n| new[n]);
        old_left.sort_by_key(|&o| old[o]);
        pairs.extend(
            new_left
                .into_iter()
                .zip(old_left)
                .map(|(n, o)| (Some(n), Some(o))),
        );
    } else {
        pairs.extend(new_left.into_iter().map(|n| (Some(n), None)));
        pairs.extend(old_left.into_iter().map(|o| (None, Some(o))));
    }
    pairs
}

/// Warnings about the selection go to stderr, once each.
fn report_warnings(config: &Config, units: &[(Option<usize>, Option<usize>, Selection)]) {
    let mut seen = BTreeSet::new();
    for (_, _, s) in units {
        for w in &s.warnings {
            if seen.insert(w.clone()) {
                eprintln!("{w}");
            }
        }
    }
    let nothing_runs = units.iter().all(|(_, _, s)| s.rule_ids.is_empty());
    let explained = seen.iter().any(|w| w.contains("disable_builtin"));
    if nothing_runs && !explained {
        eprintln!(
            "warning: no breaking rules are selected (config: {})",
            config.describe()
        );
    }
}

/// Phase timings on stderr when `PROTOCHECK_TIMINGS` is set (for benchmarking).
struct Timer {
    side: &'static str,
    on: bool,
    last: std::cell::Cell<std::time::Instant>,
}

impl Timer {
    fn start(side: &'static str) -> Self {
        Timer {
            side,
            on: std::env::var_os("PROTOCHECK_TIMINGS").is_some(),
            last: std::cell::Cell::new(std::time::Instant::now()),
        }
    }

    fn lap(&self, phase: &str) {
        if self.on {
            let now = std::time::Instant::now();
            eprintln!(
                "timing: {} {phase} {:.1} ms",
                self.side,
                (now - self.last.get()).as_secs_f64() * 1e3
            );
            self.last.set(now);
        }
    }
}

/// The result of a scoped thread; a panic in it (a bug, never expected from any input)
/// becomes an exit-2 error naming the input instead of an abort.
fn internal(spec: &str) -> Error {
    Error::Input {
        input: spec.to_owned(),
        message: format!("internal error while reading {spec}"),
        help: Some(
            "this is a bug in protocheck or a library it uses: please report it with the \
             input and the message printed above"
                .into(),
        ),
    }
}

fn join<T>(
    handle: std::thread::ScopedJoinHandle<'_, Result<T, Error>>,
    spec: &str,
) -> Result<T, Error> {
    handle.join().unwrap_or_else(|_| Err(internal(spec)))
}

#[cfg(test)]
mod tests {
    use super::pair_modules;

    #[test]
    fn modules_pair_by_path_then_by_order() {
        assert_eq!(pair_modules(&["."], &["proto"]), [(Some(0), Some(0))]);
        assert_eq!(
            pair_modules(&["b", "a"], &["a", "b"]),
            [(Some(0), Some(1)), (Some(1), Some(0))]
        );
        assert_eq!(
            pair_modules(&["a", "x"], &["a", "y"]),
            [(Some(0), Some(0)), (Some(1), Some(1))]
        );
        assert_eq!(
            pair_modules(&["a", "b", "c"], &["a", "b"]),
            [(Some(0), Some(0)), (Some(1), Some(1)), (Some(2), None)]
        );
        assert_eq!(
            pair_modules(&["a"], &["a", "gone"]),
            [(Some(0), Some(0)), (None, Some(1))]
        );
    }
}
