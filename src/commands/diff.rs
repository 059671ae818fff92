//! `protocheck diff OLD NEW`: input → config → layout → compile → model → pair → rules →
//! filter → render.
//!
//! Each NEW module (one, unless a buf.yaml v2 lists several) is compared with its OLD
//! counterpart under its own rule selection, as buf does; the findings are then merged.

use std::collections::{BTreeSet, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::cli::{DiffArgs, EncodingArg, Format, RequireArg};
use crate::compile::{self, Compiled};
use crate::config::select::{self, Flags, Selection};
use crate::config::{self, Config};
use crate::effects::gate::Require;
use crate::effects::matrix::{self, Addition, Matrix, Release};
use crate::effects::{Direction, Encoding};
use crate::error::Error;
use crate::filter;
use crate::finding::Finding;
use crate::input::layout::{Layout, Modules};
use crate::input::{self, ConfigFile, Input, RepoPaths};
use crate::model::Place;
use crate::model::{self, Contract};
use crate::pair::Diff;
use crate::plan;
use crate::render::{self, Report};
use crate::rules::categories::Category;
use crate::suppress::Suppressed;
use crate::verify::evidence::{self, Evidence, Subject};

/// NEW compared with its one OLD input, up to the filter stage (ignores, suppressions), with
/// fixes and element names attached: what `baseline` and `fix` work from.
pub fn analyze(args: &DiffArgs) -> Result<Compared, Error> {
    match args.olds() {
        [old] => compare(args, old, false),
        _ => Err(Error::Usage {
            message: "this command takes exactly one OLD and one NEW".into(),
            help: Some("protocheck baseline OLD NEW; protocheck fix OLD NEW".into()),
        }),
    }
}

pub fn run(args: &DiffArgs) -> Result<Outcome, Error> {
    let olds = old_specs(args)?;
    let encodings = encodings(args.encoding);
    let require = args.require.map(|r| Require {
        directions: match r {
            RequireArg::Backward => vec![Direction::Backward],
            RequireArg::Forward => vec![Direction::Forward],
            RequireArg::Full => Direction::ALL.to_vec(),
        },
        encodings: encodings.clone(),
        allow_dropped: args.allow_dropped,
    });
    let mut runs = Vec::with_capacity(olds.len());
    for old in &olds {
        runs.push(compare(args, old, require.is_some())?);
    }
    let mut problems: Vec<crate::suppress::Problem> = runs
        .iter()
        .flat_map(|r| r.suppression_problems.iter().cloned())
        .collect();
    problems.sort();
    problems.dedup();
    for p in &problems {
        let level = if args.strict { "error" } else { "warning" };
        eprintln!("{level}: {}", p.display());
    }
    let mut accepted = Vec::new();
    if let Some(path) = &args.baseline {
        let baseline = crate::baseline::load(path)?;
        for run in &mut runs {
            let applied = crate::baseline::apply(
                std::mem::take(&mut run.findings),
                &baseline,
                &crate::baseline::today(),
            );
            for e in &applied.expired {
                eprintln!(
                    "error: baseline entry {} {} expired on {}{}: its findings are reported again",
                    e.rule,
                    e.element,
                    e.expires,
                    if e.owner.is_empty() {
                        String::new()
                    } else {
                        format!(" (owner: {})", e.owner)
                    }
                );
            }
            for e in &applied.stale {
                eprintln!(
                    "warning: baseline entry {} {} matches no finding any more: remove it",
                    e.rule, e.element
                );
            }
            run.findings = applied.kept;
            accepted.extend(applied.accepted);
        }
    }

    // One list of findings over every release: the same finding (rule, message, NEW place)
    // against several releases is listed once, with the releases it applies to.
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
    let mut matrix = Matrix {
        changes: matrix::rows(&findings, &finding_releases, &additions, &rules, &encodings),
        require,
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

    let evidence = if args.verify {
        gather_evidence(args, &runs, &findings, &matrix.finding_releases)?
    } else {
        Vec::new()
    };

    let Some(newest) = runs.last() else {
        return Err(usage_no_old());
    };
    let mut suppressed: Vec<render::SuppressedFinding> = runs
        .iter()
        .flat_map(|r| &r.suppressed)
        .map(|s| render::SuppressedFinding {
            finding: &s.finding,
            kind: "inSource",
            reason: &s.reason,
        })
        .collect();
    suppressed.extend(accepted.iter().map(|(f, e)| render::SuppressedFinding {
        finding: f,
        kind: "external",
        reason: &e.reason,
    }));
    let no_sources = HashMap::new();
    let old_label = olds.join(", ");
    let report = Report {
        old_label: &old_label,
        new_label: args.new_input(),
        version: newest.version,
        categories: categories.iter().map(|c| c.id()).collect(),
        rules,
        findings: &findings,
        old_files: newest.old_files,
        new_files: newest.new_files,
        // With several releases an OLD place may belong to any of them: no OLD code frames.
        old_sources: if runs.len() == 1 {
            &newest.old_c.sources
        } else {
            &no_sources
        },
        new_sources: &newest.new_c.sources,
        old_paths: &newest.old_paths,
        new_paths: &newest.new_paths,
        matrix: &matrix,
        evidence: &evidence,
        suppressed: &suppressed,
    };
    let stdout = match args.format {
        Format::Json => render::json::render(&report)?,
        Format::Sarif => render::sarif::render(&report)?,
        Format::Github => render::github::render(&report),
        Format::Junit => render::junit::render(&report)?,
        Format::Gitlab => render::gitlab::render(&report)?,
        Format::Markdown => render::markdown::render(&report),
        Format::Human => {
            let color = !args.no_color
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal();
            render::human::render(&report, &render::human::Style { color })
        }
    };
    let failed = match &matrix.require {
        Some(_) => !matrix.failing().is_empty(),
        None => !findings.is_empty(),
    } || (args.strict && !problems.is_empty());
    Ok(Outcome {
        stdout,
        exit_code: u8::from(failed),
    })
}

/// `--verify`: each finding's evidence, from payloads between NEW and the newest OLD release
/// it applies to.
fn gather_evidence(
    args: &DiffArgs,
    runs: &[Compared],
    findings: &[Finding],
    releases: &[Vec<usize>],
) -> Result<Vec<Option<Evidence>>, Error> {
    let opts = crate::verify::Options {
        seed: args.seed,
        count: args.count.max(1),
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
                Error::Descriptor {
                    input: if side == "old" {
                        args.olds().get(r).cloned().unwrap_or_default()
                    } else {
                        args.new_input().to_owned()
                    },
                    message,
                }
            })?;
        let refs: Vec<(&Finding, &Subject)> =
            items.iter().map(|(i, s)| (&findings[*i], *s)).collect();
        for ((i, _), e) in items.iter().zip(evidence::gather(&pair, &refs, &opts)) {
            out[*i] = e;
        }
    }
    Ok(out)
}

/// The OLD inputs: those given, then the tags `--releases` matches (oldest first).
fn old_specs(args: &DiffArgs) -> Result<Vec<String>, Error> {
    let mut olds = args.olds().to_vec();
    if let Some(spec) = &args.releases {
        let (pattern, subdir) = match spec.split_once(':') {
            Some((p, d)) => (p, Some(d)),
            None => (spec.as_str(), None),
        };
        for tag in input::git::tags("--releases", pattern)? {
            olds.push(match subdir {
                Some(d) => format!("git:{tag}:{d}"),
                None => format!("git:{tag}"),
            });
        }
    }
    if olds.is_empty() {
        return Err(usage_no_old());
    }
    Ok(olds)
}

fn usage_no_old() -> Error {
    Error::Usage {
        message: "diff needs OLD and NEW".into(),
        help: Some(
            "protocheck diff OLD NEW; several OLD inputs (oldest first) check NEW against each, \
             and --releases 'release/*' adds every matching git tag"
                .into(),
        ),
    }
}

fn encodings(arg: EncodingArg) -> Vec<Encoding> {
    match arg {
        EncodingArg::Binary => vec![Encoding::Binary],
        EncodingArg::Json => vec![Encoding::Json],
        EncodingArg::Both => Encoding::ALL.to_vec(),
    }
}

/// NEW compared with one OLD.
pub struct Compared {
    /// The findings left after the filter stage (ignores, then suppressions).
    pub findings: Vec<Finding>,
    /// Findings dropped by `protocheck:ignore` comments, with their reasons.
    suppressed: Vec<Suppressed>,
    /// Suppression comments that are malformed or unused.
    suppression_problems: Vec<crate::suppress::Problem>,
    additions: Vec<Addition>,
    rule_ids: BTreeSet<&'static str>,
    categories: Vec<Category>,
    version: crate::rules::categories::Version,
    old_files: usize,
    new_files: usize,
    old_c: Compiled,
    /// NEW's compiled sources (what `fix` edits).
    pub new_c: Compiled,
    old_paths: RepoPaths,
    /// How NEW's paths map to the repository (what `fix` writes to).
    pub new_paths: RepoPaths,
    /// `--verify`: what each finding is about, found while the models were at hand.
    subjects: HashMap<FindingKey, Subject>,
}

type FindingKey = (&'static str, String, Option<Place>, Option<Place>);

fn finding_key(f: &Finding) -> FindingKey {
    (f.rule, f.message.clone(), f.new.clone(), f.old.clone())
}

/// input → config → layout → compile → model → pair → rules → filter, for NEW against `old`.
/// `all_runtime`: every rule with a run-time effect runs besides the selection (`--require`).
fn compare(args: &DiffArgs, old: &str, all_runtime: bool) -> Result<Compared, Error> {
    let new = args.new_input();
    // Reading the two sides (walking directories, reading files, git) is independent I/O.
    let (old_input, new_input) = std::thread::scope(|s| {
        let o = s.spawn(|| input::load(old, &args.include));
        let n = s.spawn(|| input::load(new, &args.include));
        (join(o, old), join(n, new))
    });
    let (old_input, new_input) = (old_input?, new_input?);
    let mut old_side = Side::new(old, &old_input);
    let mut new_side = Side::new(new, &new_input);
    old_side.forced = args.old_buf_yaml.clone();
    new_side.forced = args.new_buf_yaml.clone();

    let cwd = std::env::current_dir().ok();
    let config = match &args.new_buf_yaml {
        Some(file) if args.config.is_none() => config::of_buf_yaml(file)?,
        _ => config::discover(
            args.config.as_deref(),
            new_side.root.as_deref(),
            new_side.buf_yaml.as_ref(),
            cwd.as_deref(),
        )?,
    };
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
    if !all_runtime {
        report_warnings(&config, &units);
    }

    // Lay both sides out, plan which files to compile (crate::plan), then compile the two
    // sides concurrently. A failed incremental compile is redone in full, so that errors are
    // reported exactly as the full path reports them.
    let mut old_laid = lay_out(old, old_input, &old_layout, &old_side);
    let mut new_laid = lay_out(new, new_input, &new_layout, &new_side);
    // --path, --exclude-path, --limit-to-input-files.
    if let (Ok(o), Ok(n)) = (&mut old_laid, &mut new_laid) {
        input::targets::restrict(&args.targets, (old, &mut o.0), (new, &mut n.0))?;
    }
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
    let (mut old_c, mut new_c) = compile_sides((old, old_in), (new, new_in), plan.as_ref());
    let mut plan = plan;
    if plan.is_some()
        && (matches!(old_c, Some(Err(Error::Compile(_))))
            || matches!(new_c, Some(Err(Error::Compile(_)))))
    {
        (old_c, new_c) = compile_sides((old, old_in), (new, new_in), None);
        plan = None;
    }
    let side = |spec: &str,
                laid: Result<(Input, Modules, RepoPaths), Error>,
                c: Option<Result<Compiled, Error>>| {
        let (_, modules, paths) = laid?;
        let compiled = c.unwrap_or_else(|| Err(internal(spec)))?;
        Ok((compiled, modules, paths))
    };
    let (old_r, new_r) = both(side(old, old_laid, old_c), side(new, new_laid, new_c))?;
    let (old_c, old_modules, old_paths) = old_r;
    let (new_c, new_modules, new_paths) = new_r;
    let plan = plan.unwrap_or_default();

    let mut findings: Vec<Finding> = Vec::new();
    let mut additions: Vec<Addition> = Vec::new();
    let mut subjects = HashMap::new();
    let mut suppressed: Vec<Suppressed> = Vec::new();
    let mut suppression_problems = Vec::new();
    let (mut old_files, mut new_files) = (0, 0);
    let mut rule_ids: BTreeSet<&'static str> = BTreeSet::new();
    let mut categories: Vec<Category> = Vec::new();
    for (new_module, old_module, selection) in &units {
        // Both models are built concurrently, like the two compiles.
        let t = Timer::start("both");
        let (old_m, new_m) = std::thread::scope(|s| {
            let o = s.spawn(|| contract(old, &old_c, &old_modules, *old_module));
            let n = s.spawn(|| contract(new, &new_c, &new_modules, *new_module));
            (join(o, old), join(n, new))
        });
        let (old_m, new_m) = (old_m?, new_m?);
        t.lap("model");
        // Skipped files count as the full path counts them.
        old_files += old_m.checked_files().count() + plan.skipped_in(&old_modules, *old_module);
        new_files += new_m.checked_files().count() + plan.skipped_in(&new_modules, *new_module);
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
        rule_ids.extend(rules.iter().map(|r| r.id));
        for c in &selection.categories {
            if !categories.contains(c) {
                categories.push(*c);
            }
        }
        let diff = Diff::new(&old_m, &new_m).with_policy(selection.policy.clone());
        let found = crate::rules::run(&diff, &rules);
        t.lap("rules");
        let start = findings.len();
        let mut kept = filter::apply(found, &selection.ignores, &old_m, &new_m);
        crate::baseline::stamp(&mut kept, &old_m, &new_m);
        let sources = crate::fix::Sources {
            old: &old_c.sources,
            new: &new_c.sources,
        };
        crate::fix::attach(&mut kept, &old_m, &new_m, &sources);
        crate::hints::attach(&mut kept, &old_m, &new_m);
        let applied = crate::suppress::apply(kept, &new_m, !args.no_suppress);
        findings.extend(applied.kept);
        suppressed.extend(applied.suppressed);
        suppression_problems.extend(applied.problems);
        if args.verify {
            for f in &findings[start..] {
                subjects.insert(finding_key(f), evidence::subject(&old_m, &new_m, f));
            }
        }
        // Additions are dropped where a finding at their place would be.
        additions.extend(matrix::additions(&diff).into_iter().filter(|a| {
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
    }
    crate::finding::sort_and_dedup(&mut findings);
    suppression_problems.sort();
    suppression_problems.dedup();
    Ok(Compared {
        findings,
        suppressed,
        suppression_problems,
        additions,
        rule_ids,
        categories,
        version: config.version,
        old_files,
        new_files,
        old_c,
        new_c,
        old_paths,
        new_paths,
        subjects,
    })
}

/// Both sides' results; when both sides fail to compile, every error of both is shown.
fn both<T>(old: Result<T, Error>, new: Result<T, Error>) -> Result<(T, T), Error> {
    match (old, new) {
        (Err(Error::Compile(mut o)), Err(Error::Compile(n))) => {
            o.side = "old and new";
            // The same input on both sides fails the same way: show its errors once.
            if o.input != n.input {
                o.input = format!("{}, {}", o.input, n.input);
                o.errors.extend(n.errors);
            }
            Err(Error::Compile(o))
        }
        (old, new) => Ok((old?, new?)),
    }
}

/// Reads, lays out and compiles both sides the way `diff` does, for commands that need the
/// compiled descriptors only (`verify`).
pub fn compile_both(
    old: &str,
    new: &str,
    include: &[PathBuf],
) -> Result<(Compiled, Compiled), Error> {
    let (old_input, new_input) = std::thread::scope(|s| {
        let o = s.spawn(|| input::load(old, include));
        let n = s.spawn(|| input::load(new, include));
        (join(o, old), join(n, new))
    });
    let (old_input, new_input) = (old_input?, new_input?);
    let old_side = Side::new(old, &old_input);
    let new_side = Side::new(new, &new_input);
    let old_layout = old_side.layout()?;
    let new_layout = new_side.layout()?;
    let (old_laid, new_laid) = both(
        lay_out(old, old_input, &old_layout, &old_side),
        lay_out(new, new_input, &new_layout, &new_side),
    )?;
    let (o, n) = compile_sides((old, Some(&old_laid)), (new, Some(&new_laid)), None);
    let internal_error =
        |spec: &str, c: Option<Compiling>| c.unwrap_or_else(|| Err(internal(spec)));
    both(internal_error(old, o), internal_error(new, n))
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
    /// A buf.yaml given on the command line (`breaking --config`), which wins.
    forced: Option<ConfigFile>,
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
            forced: None,
        }
    }

    fn layout(&self) -> Result<Layout, Error> {
        if let Some(file) = &self.forced {
            return config::layout_of(file);
        }
        match (&self.root, self.is_dir, &self.buf_yaml) {
            (Some(root), true, _) => config::layout_at(root),
            (_, _, Some(file)) => config::layout_of(file),
            _ => Ok(Layout::default()),
        }
    }

    /// Whether a buf.yaml may shape this side into modules.
    fn has_layout(&self) -> bool {
        self.is_dir || self.buf_yaml.is_some() || self.forced.is_some()
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
fn compile_sides(
    (old_spec, old): (&str, Option<&(Input, Modules, RepoPaths)>),
    (new_spec, new): (&str, Option<&(Input, Modules, RepoPaths)>),
    plan: Option<&plan::Plan>,
) -> (Option<Compiling>, Option<Compiling>) {
    std::thread::scope(|s| {
        let old = old.map(|o| s.spawn(|| prepare(old_spec, &o.0, plan, "old")));
        let new = new.map(|n| s.spawn(|| prepare(new_spec, &n.0, plan, "new")));
        (
            old.map(|h| join(h, old_spec)),
            new.map(|h| join(h, new_spec)),
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
    let explained = units.iter().any(|(_, _, s)| s.builtin_disabled);
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
