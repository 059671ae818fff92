//! NEW compared with one OLD: input → config → layout → compile → model → pair → rules →
//! filter. Each NEW module (one, unless a buf.yaml v2 lists several) is compared with its OLD
//! counterpart under its own rule selection, as buf does.

use std::collections::{BTreeSet, HashMap};

use super::sides::{self, join, Laid, Side};
use super::Options;
use crate::compile::Compiled;
use crate::config::select::{self, Flags, Selection};
use crate::config::{self, Config};
use crate::effects::matrix::{self, Addition};
use crate::error::Error;
use crate::filter;
use crate::finding::Finding;
use crate::input::layout::Modules;
use crate::input::RepoPaths;
use crate::model::{Contract, Place};
use crate::pair::Diff;
use crate::plan;
use crate::rules::categories::{Category, Version};
use crate::suppress::{Problem, Suppressed};
use crate::timing::Timer;
use crate::verify::evidence::{self, Subject};

/// NEW compared with one OLD, up to the filter stage (ignores, suppressions), with fixes
/// and element names attached.
pub(crate) struct Compared {
    /// The findings left after the filter stage (ignores, then suppressions).
    pub(crate) findings: Vec<Finding>,
    /// Findings dropped by `protocheck:ignore` comments, with their reasons.
    pub(crate) suppressed: Vec<Suppressed>,
    /// Suppression comments that are malformed or unused.
    pub(crate) suppression_problems: Vec<Problem>,
    pub(crate) additions: Vec<Addition>,
    pub(crate) rule_ids: BTreeSet<&'static str>,
    pub(crate) categories: Vec<Category>,
    pub(crate) version: Version,
    pub(crate) old_files: usize,
    pub(crate) new_files: usize,
    pub(crate) old_c: Compiled,
    /// NEW's compiled sources (what `fix` edits).
    pub(crate) new_c: Compiled,
    pub(crate) old_paths: RepoPaths,
    /// How NEW's paths map to the repository (what `fix` writes to).
    pub(crate) new_paths: RepoPaths,
    /// `verify`: what each finding is about, found while the models were at hand.
    pub(crate) subjects: HashMap<FindingKey, Subject>,
    /// Warnings about the rule selection, once each.
    pub(crate) warnings: Vec<String>,
}

pub(crate) type FindingKey = (&'static str, String, Option<Place>, Option<Place>);

pub(crate) fn finding_key(f: &Finding) -> FindingKey {
    (f.rule, f.message.clone(), f.new.clone(), f.old.clone())
}

/// One NEW module and its OLD counterpart (either may be missing), with their rules.
type Unit = (Option<usize>, Option<usize>, Selection);

/// NEW (`opts.new`) against `old`. `all_runtime`: every rule with a run-time effect runs
/// besides the selection (`require`).
pub(crate) fn compare(opts: &Options, old: &str, all_runtime: bool) -> Result<Compared, Error> {
    let new = opts.new.as_str();
    let (old_input, new_input) = sides::load_both(old, new, &opts.include)?;
    let t = Timer::start("both");
    let mut old_side = Side::new(old, &old_input);
    let mut new_side = Side::new(new, &new_input);
    old_side.forced = opts.old_buf_yaml.clone();
    new_side.forced = opts.new_buf_yaml.clone();

    let cwd = std::env::current_dir().ok();
    let config = match &opts.new_buf_yaml {
        Some(file) if opts.config.is_none() => config::of_buf_yaml(file)?,
        _ => config::discover(
            opts.config.as_deref(),
            new_side.root.as_deref(),
            new_side.buf_yaml.as_ref(),
            cwd.as_deref(),
        )?,
    };
    let old_layout = old_side.layout()?;
    let new_layout = new_side.layout()?;
    let units = select_units(opts, &config, &old_layout.modules, &new_layout.modules)?;
    let warnings = if all_runtime {
        Vec::new()
    } else {
        selection_warnings(&config, &units)
    };

    let mut old_laid = sides::lay_out(old, old_input, &old_layout, &old_side);
    let mut new_laid = sides::lay_out(new, new_input, &new_layout, &new_side);
    // --path, --exclude-path, --limit-to-input-files, --exclude-imports.
    if let (Ok(o), Ok(n)) = (&mut old_laid, &mut new_laid) {
        crate::input::targets::restrict(&opts.targets, (old, &mut o.0), (new, &mut n.0))?;
    }
    t.lap("layout");
    let (old_c, new_c, plan, first) = compile_pair((old, old_laid), (new, new_laid), &units)?;
    let ((old_c, old_modules, old_paths), (new_c, new_modules, new_paths)) = (old_c, new_c);

    let mut out = Compared {
        findings: Vec::new(),
        suppressed: Vec::new(),
        suppression_problems: Vec::new(),
        additions: Vec::new(),
        rule_ids: BTreeSet::new(),
        categories: Vec::new(),
        version: config.version,
        old_files: 0,
        new_files: 0,
        old_c,
        new_c,
        old_paths,
        new_paths,
        subjects: HashMap::new(),
        warnings,
    };
    let sides = UnitSides {
        old,
        new,
        old_modules: &old_modules,
        new_modules: &new_modules,
        plan: &plan,
    };
    // The first pair's models were built while compiling.
    let mut built = Some(first);
    for unit in &units {
        check_unit(opts, all_runtime, &sides, unit, built.take(), &mut out)?;
    }
    crate::finding::sort_and_dedup(&mut out.findings);
    out.suppression_problems.sort();
    out.suppression_problems.dedup();
    Ok(out)
}

/// The rule selection of every module pair, before anything is compiled.
fn select_units(
    opts: &Options,
    config: &Config,
    old_modules: &[crate::input::layout::ModuleLayout],
    new_modules: &[crate::input::layout::ModuleLayout],
) -> Result<Vec<Unit>, Error> {
    let flags = Flags {
        categories: &opts.categories,
        rules: &opts.rules,
        except: &opts.except,
    };
    let old_paths: Vec<&str> = old_modules.iter().map(|m| &*m.path).collect();
    let new_paths: Vec<&str> = new_modules.iter().map(|m| &*m.path).collect();
    let mut units = Vec::new();
    for (new_module, old_module) in sides::pair_modules(&new_paths, &old_paths) {
        let path = match (new_module, old_module) {
            (Some(n), _) => new_paths[n],
            (None, Some(o)) => old_paths[o],
            (None, None) => continue,
        };
        let selection = select::select(config, &config.breaking_for(path), &flags)?;
        units.push((new_module, old_module, selection));
    }
    Ok(units)
}

/// A compiled side with its modules and repository paths.
type Built = (Compiled, Modules, RepoPaths);

/// The models of a module pair's OLD and NEW modules, each when it was built.
type Models = (
    Option<Result<Contract, Error>>,
    Option<Result<Contract, Error>>,
);

/// Plans which files to compile ([`crate::plan`]), then compiles the two laid-out sides
/// concurrently, each followed by its model for the first module pair. A failed incremental
/// compile is redone in full, so that errors are reported exactly as the full path reports
/// them.
fn compile_pair(
    (old, old_laid): (&str, Result<Laid, Error>),
    (new, new_laid): (&str, Result<Laid, Error>),
    units: &[Unit],
) -> Result<(Built, Built, plan::Plan, Models), Error> {
    let t = Timer::start("both");
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
    t.lap("plan");
    let (old_in, new_in) = (old_laid.as_ref().ok(), new_laid.as_ref().ok());
    let first = units.first().map(|u| (u.1, u.0));
    let sides_of = |plan: Option<&plan::Plan>| {
        sides::compile_sides(
            (old, old_in, first.map(|f| f.0)),
            (new, new_in, first.map(|f| f.1)),
            plan,
        )
    };
    let (mut old_c, mut new_c) = sides_of(plan.as_ref());
    let mut plan = plan;
    let failed = |c: &Option<sides::Modeled>| matches!(c, Some((Err(Error::Compile(_)), _)));
    if plan.is_some() && (failed(&old_c) || failed(&new_c)) {
        (old_c, new_c) = sides_of(None);
        plan = None;
    }
    let (old_c, old_m) = old_c.map_or((None, None), |(c, m)| (Some(c), m));
    let (new_c, new_m) = new_c.map_or((None, None), |(c, m)| (Some(c), m));
    let side = |spec: &str, laid: Result<Laid, Error>, c: Option<sides::Compiling>| {
        let (_, modules, paths) = laid?;
        let compiled = c.unwrap_or_else(|| Err(sides::internal(spec)))?;
        Ok((compiled, modules, paths))
    };
    let (old_r, new_r) = sides::both(side(old, old_laid, old_c), side(new, new_laid, new_c))?;
    Ok((old_r, new_r, plan.unwrap_or_default(), (old_m, new_m)))
}

/// What every module pair of one comparison shares.
struct UnitSides<'a> {
    old: &'a str,
    new: &'a str,
    old_modules: &'a Modules,
    new_modules: &'a Modules,
    plan: &'a plan::Plan,
}

/// model → pair → rules → filter for one module pair; the results go into `out`.
fn check_unit(
    opts: &Options,
    all_runtime: bool,
    s: &UnitSides<'_>,
    (new_module, old_module, selection): &Unit,
    built: Option<Models>,
    out: &mut Compared,
) -> Result<(), Error> {
    // The models not built yet are built concurrently, like the two compiles.
    let t = Timer::start("both");
    let (old_c, new_c) = (&out.old_c, &out.new_c);
    let (old_built, new_built) = built.unwrap_or((None, None));
    let (old_m, new_m) = std::thread::scope(|sc| {
        let o = old_built
            .ok_or_else(|| sc.spawn(|| sides::contract(s.old, old_c, s.old_modules, *old_module)));
        let n = new_built
            .ok_or_else(|| sc.spawn(|| sides::contract(s.new, new_c, s.new_modules, *new_module)));
        (
            o.unwrap_or_else(|h| join(h, s.old)),
            n.unwrap_or_else(|h| join(h, s.new)),
        )
    });
    let (old_m, new_m) = (old_m?, new_m?);
    t.lap("model");
    // Skipped files count as the full path counts them.
    out.old_files += old_m.target_files().count() + s.plan.skipped_in(s.old_modules, *old_module);
    out.new_files += new_m.target_files().count() + s.plan.skipped_in(s.new_modules, *new_module);
    let mut rules = selection.rules();
    if all_runtime {
        // buf's rules; the POLICY rules police practice and stay opt-in.
        for r in crate::rules::all() {
            if r.effects().has_runtime_effect()
                && crate::rules::categories::policy(r.id).is_none()
                && !rules.iter().any(|x| x.id == r.id)
            {
                rules.push(r);
            }
        }
    }
    out.rule_ids.extend(rules.iter().map(|r| r.id));
    for c in &selection.categories {
        if !out.categories.contains(c) {
            out.categories.push(*c);
        }
    }
    let diff = Diff::new(&old_m, &new_m).with_policy(selection.policy.clone());
    let found = crate::rules::run(&diff, &rules);
    t.lap("rules");
    let start = out.findings.len();
    let mut kept = filter::apply(found, &selection.ignores, &old_m, &new_m);
    crate::baseline::stamp(&mut kept, &old_m, &new_m);
    let sources = crate::fix::Sources {
        old: &out.old_c.sources,
        new: &out.new_c.sources,
    };
    crate::fix::attach(&mut kept, &old_m, &new_m, &sources);
    crate::hints::attach(&mut kept, &old_m, &new_m);
    let applied = crate::suppress::apply(kept, &new_m, !opts.no_suppress);
    out.findings.extend(applied.kept);
    out.suppressed.extend(applied.suppressed);
    out.suppression_problems.extend(applied.problems);
    t.lap("findings");
    if opts.verify.is_some() {
        for f in &out.findings[start..] {
            out.subjects
                .insert(finding_key(f), evidence::subject(&old_m, &new_m, f));
        }
    }
    // Additions are dropped where a finding at their place would be.
    out.additions
        .extend(matrix::additions(&diff).into_iter().filter(|a| {
            let probe = Finding {
                rule: "",
                message: String::new(),
                new: Some(a.place.clone()),
                old: None,
                help: None,
                effects: a.effects,
                fixes: Vec::new(),
                element: None,
            };
            !selection.ignores.drops(&probe, &old_m, &new_m)
        }));
    t.lap("additions");
    // Freeing two googleapis-sized models takes a third of a second: off the critical path.
    drop(diff);
    std::thread::spawn(move || drop((old_m, new_m)));
    Ok(())
}

/// Warnings about the selection, once each.
fn selection_warnings(config: &Config, units: &[Unit]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (_, _, s) in units {
        for w in &s.warnings {
            if seen.insert(w.clone()) {
                out.push(w.clone());
            }
        }
    }
    let nothing_runs = units.iter().all(|(_, _, s)| s.rule_ids.is_empty());
    let explained = units.iter().any(|(_, _, s)| s.builtin_disabled);
    if nothing_runs && !explained {
        out.push(format!(
            "warning: no breaking rules are selected (config: {})",
            config.describe()
        ));
    }
    out
}
