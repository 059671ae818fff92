//! The library API: compare two versions of a contract and get a [`Report`].
//!
//! ```
//! use protocheck::check::{self, Options};
//! use protocheck::Format;
//!
//! # fn main() -> Result<(), protocheck::Error> {
//! // OLD and NEW: directories, .proto files, descriptor sets (a lock) or git:REF[:SUBDIR].
//! let options = Options::new("testdata/rules/FIELD_NO_DELETE/fires/old",
//!                            "testdata/rules/FIELD_NO_DELETE/fires/new")
//!     .rule("FIELD_NO_DELETE");
//! let report = check::run(&options)?;
//! assert!(report.failed());
//! assert_eq!(report.findings()[0].rule, "FIELD_NO_DELETE");
//! let json = report.render(Format::Json)?;
//! assert!(json.contains("FIELD_NO_DELETE"));
//! # Ok(())
//! # }
//! ```
//!
//! The steps, one way: read both inputs, find the config, lay each side out into modules,
//! compile (only what [`crate::plan`] keeps), build the models, pair them, run the selected
//! rules, filter (ignores, suppression comments), then merge the findings of every OLD
//! release into one list with its run-time effects matrix. Nothing here prints: warnings are
//! in [`Report::warnings`].

mod compare;
mod evidence;
mod merge;
pub(crate) mod sides;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pub(crate) use compare::Compared;
pub(crate) use sides::compile_both;

use crate::effects::gate::Require;
use crate::effects::matrix::Matrix;
use crate::effects::{Direction, Encoding};
use crate::error::Error;
use crate::finding::Finding;
pub use crate::input::targets::Targets;
use crate::input::RepoPaths;
use crate::render::{self, Format};
use crate::rules::categories::Version;
use crate::suppress::Problem;
use crate::usage::Usage;
use crate::verify::evidence::Evidence;

/// What to compare and how: the inputs, the rules and what decides the verdict.
///
/// Start from [`Options::new`] and add to it; every field is public for those who prefer to
/// set them directly.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// The OLD inputs, oldest first: each a directory, a `.proto` file, a binary
    /// `FileDescriptorSet` (such as a lock written by [`crate::lock`]) or `git:REF[:SUBDIR]`.
    pub olds: Vec<String>,
    /// The NEW input, in the same forms.
    pub new: String,
    /// Also every git tag matching this glob (`PATTERN[:SUBDIR]`), oldest first.
    pub releases: Option<String>,
    /// Import roots added to both sides.
    pub include: Vec<PathBuf>,
    /// The config file (a protocheck.toml or a buf.yaml); `None` looks for one next to NEW.
    pub config: Option<PathBuf>,
    /// Categories to run (`WIRE`, `FILE`, …); with [`Options::rules`] they replace the
    /// config's `use` list when not empty.
    pub categories: Vec<String>,
    /// Single rules to run, by id.
    pub rules: Vec<String>,
    /// Rules (or categories) to leave out.
    pub except: Vec<String>,
    /// Decide the verdict from run-time effects instead of the rule selection.
    pub require: Option<Require>,
    /// The encodings the effects matrix considers.
    pub encodings: Vec<Encoding>,
    /// Attach payload evidence to each finding: `(seed, payloads per message)`.
    pub verify: Option<(u64, usize)>,
    /// A baseline file whose entries accept findings.
    pub baseline: Option<PathBuf>,
    /// Ignore `protocheck:ignore` comments.
    pub no_suppress: bool,
    /// Malformed or unused suppression comments fail the check.
    pub strict: bool,
    /// Which files are compared (buf's `--path`, `--exclude-path`, `--limit-to-input-files`,
    /// `--exclude-imports`); files left out stay importable.
    pub targets: Targets,
    /// A buf.yaml given for NEW (buf's `--config`): it lays NEW out and is the config.
    pub new_buf_yaml: Option<crate::input::ConfigFile>,
    /// A buf.yaml given for OLD (buf's `--against-config`): it lays OLD out.
    pub old_buf_yaml: Option<crate::input::ConfigFile>,
}

impl Options {
    /// Compare `new` with `old` under the config found next to NEW (else buf's `FILE`).
    pub fn new(old: impl Into<String>, new: impl Into<String>) -> Options {
        Options {
            olds: vec![old.into()],
            new: new.into(),
            releases: None,
            include: Vec::new(),
            config: None,
            categories: Vec::new(),
            rules: Vec::new(),
            except: Vec::new(),
            require: None,
            encodings: vec![Encoding::Binary],
            verify: None,
            baseline: None,
            no_suppress: false,
            strict: false,
            targets: Targets::default(),
            new_buf_yaml: None,
            old_buf_yaml: None,
        }
    }

    /// Compare `new` with several OLD releases at once (oldest first).
    pub fn against(olds: Vec<String>, new: impl Into<String>) -> Options {
        Options {
            olds,
            ..Options::new(String::new(), new)
        }
    }

    /// Adds a category to run.
    pub fn category(mut self, id: impl Into<String>) -> Options {
        self.categories.push(id.into());
        self
    }

    /// Adds a single rule to run.
    pub fn rule(mut self, id: impl Into<String>) -> Options {
        self.rules.push(id.into());
        self
    }

    /// Uses this config file.
    pub fn config(mut self, path: impl Into<PathBuf>) -> Options {
        self.config = Some(path.into());
        self
    }

    /// Decides the verdict from run-time effects: fail when a reader in one of `directions`
    /// misreads, rejects or (unless `allow_dropped`) drops data.
    pub fn require(mut self, directions: &[Direction], allow_dropped: bool) -> Options {
        self.require = Some(Require {
            directions: directions.to_vec(),
            encodings: self.encodings.clone(),
            allow_dropped,
        });
        self
    }
}

/// The outcome of a check: the findings, the effects matrix and the verdict.
pub struct Report {
    old_label: String,
    new_label: String,
    version: Version,
    categories: Vec<&'static str>,
    rules: Vec<&'static str>,
    findings: Vec<Finding>,
    old_files: usize,
    new_files: usize,
    old_sources: HashMap<String, Arc<str>>,
    new_sources: HashMap<String, Arc<str>>,
    old_paths: RepoPaths,
    new_paths: RepoPaths,
    matrix: Matrix,
    evidence: Vec<Option<Evidence>>,
    suppressed: Vec<(Finding, &'static str, String)>,
    problems: Vec<Problem>,
    warnings: Vec<String>,
    strict: bool,
}

impl Report {
    /// The findings, sorted by place (NEW's file and line, else OLD's).
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Whether the check fails: a finding (or, with [`Options::require`], a change that
    /// breaks a required direction), or a suppression problem under `strict`.
    pub fn failed(&self) -> bool {
        let broken = match &self.matrix.require {
            Some(_) => !self.matrix.failing().is_empty(),
            None => !self.findings.is_empty(),
        };
        broken || (self.strict && !self.problems.is_empty())
    }

    /// Warnings for a person to read (rule selection, suppression comments, baseline
    /// entries), each a line starting with `warning:` or `error:`.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The rule ids that ran.
    pub fn rules(&self) -> &[&'static str] {
        &self.rules
    }

    /// The report in `format`, without colour.
    pub fn render(&self, format: Format) -> Result<String, Error> {
        self.render_styled(format, false)
    }

    /// The report in `format`; `color` applies to [`Format::Human`].
    pub fn render_styled(&self, format: Format, color: bool) -> Result<String, Error> {
        let suppressed: Vec<render::SuppressedFinding> = self
            .suppressed
            .iter()
            .map(|(finding, kind, reason)| render::SuppressedFinding {
                finding,
                kind,
                reason,
            })
            .collect();
        let view = render::Report {
            old_label: &self.old_label,
            new_label: &self.new_label,
            version: self.version,
            categories: self.categories.clone(),
            rules: self.rules.clone(),
            findings: &self.findings,
            old_files: self.old_files,
            new_files: self.new_files,
            old_sources: &self.old_sources,
            new_sources: &self.new_sources,
            old_paths: &self.old_paths,
            new_paths: &self.new_paths,
            matrix: &self.matrix,
            evidence: &self.evidence,
            suppressed: &suppressed,
        };
        Ok(render::render(&view, format, color)?)
    }
}

/// Runs the check: NEW against every OLD input.
pub fn run(options: &Options) -> Result<Report, Error> {
    let olds = old_specs(options)?;
    let mut runs = Vec::with_capacity(olds.len());
    for old in &olds {
        runs.push(compare::compare(options, old, options.require.is_some())?);
    }
    let mut warnings: Vec<String> = runs.iter().flat_map(|r| r.warnings.clone()).collect();
    let mut seen = std::collections::BTreeSet::new();
    warnings.retain(|w| seen.insert(w.clone()));
    let mut problems: Vec<Problem> = runs
        .iter()
        .flat_map(|r| r.suppression_problems.iter().cloned())
        .collect();
    problems.sort();
    problems.dedup();
    let level = if options.strict { "error" } else { "warning" };
    warnings.extend(problems.iter().map(|p| format!("{level}: {}", p.display())));
    let accepted = match &options.baseline {
        Some(path) => merge::apply_baseline(&mut runs, path, &mut warnings)?,
        None => Vec::new(),
    };
    let t = crate::timing::Timer::start("both");
    let merged = merge::merge(&runs, &olds, options);
    t.lap("merge");
    let evidence = match options.verify {
        Some((seed, count)) => evidence::gather(options, seed, count, &runs, &merged)?,
        None => Vec::new(),
    };

    let mut suppressed: Vec<(Finding, &'static str, String)> = runs
        .iter()
        .flat_map(|r| &r.suppressed)
        .map(|s| (s.finding.clone(), "inSource", s.reason.clone()))
        .collect();
    suppressed.extend(accepted.into_iter().map(|(f, e)| (f, "external", e.reason)));
    let several = runs.len() > 1;
    let Some(newest) = runs.pop() else {
        return Err(usage_no_old());
    };
    Ok(Report {
        old_label: olds.join(", "),
        new_label: options.new.clone(),
        version: newest.version,
        categories: merged.categories.iter().map(|c| c.id()).collect(),
        rules: merged.rules,
        findings: merged.findings,
        old_files: newest.old_files,
        new_files: newest.new_files,
        // With several releases an OLD place may belong to any of them: no OLD code frames.
        old_sources: if several {
            HashMap::new()
        } else {
            newest.old_c.sources
        },
        new_sources: newest.new_c.sources,
        old_paths: newest.old_paths,
        new_paths: newest.new_paths,
        matrix: merged.matrix,
        evidence,
        suppressed,
        problems,
        warnings,
        strict: options.strict,
    })
}

/// NEW compared with its one OLD input, up to the filter stage (ignores, suppressions),
/// with fixes and element names attached: what `baseline` and `fix` work from.
pub(crate) fn analyze(options: &Options) -> Result<Compared, Error> {
    match options.olds.as_slice() {
        [old] => compare::compare(options, old, false),
        _ => Err(Error::Usage(Usage {
            message: "this command takes exactly one OLD and one NEW".into(),
            help: Some("protocheck baseline OLD NEW; protocheck fix OLD NEW".into()),
        })),
    }
}

/// The OLD inputs: those given, then the tags `releases` matches (oldest first).
fn old_specs(options: &Options) -> Result<Vec<String>, Error> {
    let mut olds = options.olds.clone();
    if let Some(spec) = &options.releases {
        let (pattern, subdir) = match spec.split_once(':') {
            Some((p, d)) => (p, Some(d)),
            None => (spec.as_str(), None),
        };
        for tag in crate::input::git::tags("--releases", pattern)? {
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
    Error::Usage(Usage {
        message: "diff needs OLD and NEW".into(),
        help: Some(
            "protocheck diff OLD NEW; several OLD inputs (oldest first) check NEW against each, \
             and --releases 'release/*' adds every matching git tag"
                .into(),
        ),
    })
}
