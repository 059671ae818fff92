//! Command-line definitions.
// The doc comments below are clap's help text (git:REF[:SUBDIR] is not a link).
#![allow(rustdoc::broken_intra_doc_links)]

use std::path::PathBuf;

pub use crate::render::buf::BufFormat;
pub use crate::render::Format;
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "protocheck",
    version,
    about = "Finds the breaking changes between two versions of a protobuf contract",
    long_about = "Finds the breaking changes between two versions of a protobuf contract.\n\n\
                  Exit codes: 0 no breaking change, 1 breaking changes found, 2 usage error, \
                  unreadable input, a .proto that does not compile or a bad config."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare two versions of a contract and report every breaking change.
    Diff(DiffArgs),
    /// buf's `buf breaking INPUT --against AGAINST` command line: buf's flags, inputs, output
    /// formats and exit code 100, over the same pipeline as `diff`.
    Breaking(BreakingArgs),
    /// Prove compatibility with real payloads: random messages written with one version's
    /// schema, read with the other's, in both directions and both encodings.
    Verify(VerifyArgs),
    /// Print the rule table.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Explain one rule: what it checks, why it breaks, how to fix, an example.
    Explain {
        /// A rule id, e.g. FIELD_NO_DELETE.
        rule: String,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = "Install, e.g.:
  bash: protocheck completions bash > ~/.local/share/bash-completion/completions/protocheck
  zsh:  protocheck completions zsh > ~/.zfunc/_protocheck   (with fpath+=~/.zfunc)
  fish: protocheck completions fish > ~/.config/fish/completions/protocheck.fish
  powershell: protocheck completions powershell >> $PROFILE")]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `protocheck man > protocheck.1`.
    Man {
        /// Write protocheck.1 and a page per command (protocheck-diff.1, …) into DIR instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Record today's findings as accepted breaking changes (a baseline for `diff --baseline`).
    Baseline(BaselineArgs),
    /// Apply the mechanical fixes of the findings to NEW's files in place.
    Fix(FixArgs),
    /// Write the contract as a lock: a deterministic descriptor set with source info, an OLD
    /// input for later checks (`protocheck diff proto.lock.binpb proto/`).
    Lock(LockArgs),
}

#[derive(Debug, clap::Args)]
pub struct LockArgs {
    /// The contract: a directory, a .proto file, a descriptor set or git:REF[:SUBDIR].
    pub input: String,
    /// Where to write the lock, e.g. proto.lock.binpb.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Add an import root (repeatable). Files found only there are dependencies.
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    pub include: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub diff: DiffArgs,
    /// Where to write the baseline (default: stdout).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub diff: DiffArgs,
    /// Print the edits as a unified diff instead of writing the files.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
#[command(
    override_usage = "protocheck diff [OPTIONS] <OLD> <NEW>\n       protocheck diff [OPTIONS] <OLD>... <NEW>\n       \
                      protocheck diff [OPTIONS] --releases <PATTERN[:SUBDIR]> [OLD]... <NEW>"
)]
#[command(after_help = "Rule selection:
  The config chooses the rules: --config PATH, else protocheck.toml in NEW's root, else
  protocheck.toml in the current directory, else the breaking: section of buf.yaml in NEW's
  root (read with the rule table of its version), else FILE.
  --category and --rule replace the config's `use` list when given: the rules of every
  --category plus every --rule. The config's `except` still applies, except to a rule named
  with --rule; --except takes out more. The config's ignore, ignore_only and
  ignore_unstable_packages always apply.

Run-time effects:
  Every finding says what happens at run time, per direction (backward: NEW reads what OLD
  writes; forward: OLD reads what NEW writes) and encoding (binary, JSON): ok, code-only,
  dropped, rejected or misread. The human and markdown reports end with a matrix: one row per
  change, with a recommended rollout. --require decides the exit code from those effects.

Several releases:
  protocheck diff git:v1 git:v2 proto          NEW (proto) against v1 and v2
  protocheck diff --releases 'release/*' proto  against every release/* tag
  protocheck diff --releases 'v*:proto' proto   each tag's proto/ directory")]
pub struct DiffArgs {
    /// OLD... NEW: the old version(s), then the new one. Each is a directory, a .proto file,
    /// a binary FileDescriptorSet, or git:REF[:SUBDIR] (a commit of the repository around the
    /// current directory). Several OLD inputs (oldest first) check NEW against every live
    /// release at once; with --releases, NEW alone is enough.
    #[arg(value_name = "INPUT", required = true, num_args = 1..)]
    pub inputs: Vec<String>,
    /// Also check NEW against every git tag matching PATTERN (a glob such as 'release/*'),
    /// oldest first by version order; `:SUBDIR` reads each tag's SUBDIR, as git:REF:SUBDIR
    /// does. The tags come after the OLD inputs given.
    #[arg(long, value_name = "PATTERN[:SUBDIR]")]
    pub releases: Option<String>,
    /// Decide the exit code from run-time effects instead of the rule selection: fail when
    /// NEW cannot read OLD's data (backward), OLD cannot read NEW's (forward), or either
    /// (full). Every rule that can have a run-time effect runs.
    #[arg(long, value_enum, value_name = "DIRECTION")]
    pub require: Option<RequireArg>,
    /// The encodings --require checks and the matrix's rollouts consider.
    #[arg(long, value_enum, default_value_t = EncodingArg::Binary)]
    pub encoding: EncodingArg,
    /// With --require: a value that is silently dropped does not fail (misread and rejected
    /// still do).
    #[arg(long, requires = "require")]
    pub allow_dropped: bool,
    /// Add an import root to both sides (repeatable). Files found only there are dependencies.
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    pub include: Vec<PathBuf>,
    /// Send real payloads across versions for the messages each finding is about (as
    /// `protocheck verify` does) and attach what they show to the finding.
    #[arg(long)]
    pub verify: bool,
    /// With --verify: the seed of the random payloads.
    #[arg(long, default_value_t = 1, requires = "verify")]
    pub seed: u64,
    /// With --verify: payloads per message and direction.
    #[arg(long, default_value_t = 100, requires = "verify")]
    pub count: usize,
    /// Rule set by category: FILE, PACKAGE, WIRE_JSON, WIRE, CSR, POLICY (repeatable).
    #[arg(long, value_name = "CATEGORY")]
    pub category: Vec<String>,
    /// Run a single rule by id (repeatable).
    #[arg(long, value_name = "ID")]
    pub rule: Vec<String>,
    /// Remove a single rule (or a category) by id (repeatable).
    #[arg(long, value_name = "ID")]
    pub except: Vec<String>,
    /// The config file: a protocheck.toml (*.toml) or a buf.yaml (*.yaml, *.yml).
    /// Default: protocheck.toml in NEW's root or the current directory, else NEW's buf.yaml.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Plain output without colour (also when stdout is not a terminal or NO_COLOR is set).
    #[arg(long)]
    pub no_color: bool,
    /// Drop the findings a baseline file records (see `protocheck baseline`); entries whose
    /// `expires` date has passed are reported and their findings count again.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Ignore `// protocheck:ignore RULE reason` comments: show every finding (an audit).
    #[arg(long)]
    pub no_suppress: bool,
    /// Malformed or unused suppression comments are errors (exit code 1), not warnings.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// buf.yaml text that replaces NEW's (`breaking --config` given inline or as a buf.yaml).
    #[arg(skip)]
    pub new_buf_yaml: Option<crate::input::ConfigFile>,
    /// buf.yaml text that replaces OLD's (`breaking --against-config`).
    #[arg(skip)]
    pub old_buf_yaml: Option<crate::input::ConfigFile>,
}

/// Which files are compared: buf's `--path`, `--exclude-path`, `--limit-to-input-files` and
/// `--exclude-imports`, shared by `diff` and `breaking`. Files left out stay importable.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TargetArgs {
    /// Compare only these files or directories (repeatable; the union is taken). A path
    /// below a directory input is given as from the current directory (`proto/a`), else
    /// relative to the input's root (`a`); it applies to both sides.
    #[arg(long = "path", value_name = "PATH")]
    pub path: Vec<String>,
    /// Leave these files or directories out of the comparison (repeatable).
    #[arg(long = "exclude-path", value_name = "PATH")]
    pub exclude_path: Vec<String>,
    /// OLD keeps only the files NEW has: a file deleted in NEW is not reported.
    #[arg(long)]
    pub limit_to_input_files: bool,
    /// Imports are not compared (protocheck never compares imports: accepted for buf's
    /// command lines).
    #[arg(long)]
    pub exclude_imports: bool,
}

impl From<TargetArgs> for crate::input::targets::Targets {
    fn from(t: TargetArgs) -> Self {
        crate::input::targets::Targets {
            path: t.path,
            exclude_path: t.exclude_path,
            limit_to_input_files: t.limit_to_input_files,
            exclude_imports: t.exclude_imports,
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(
    override_usage = "protocheck breaking [INPUT] --against AGAINST [FLAGS]",
    after_help = "buf's `buf breaking` command line: replace `buf` by `protocheck` in a CI script.
INPUT and AGAINST: a directory, a .proto file, a FileDescriptorSet or buf image (.binpb,
.bin), a local repository `.git#branch=B,tag=T,ref=R,commit=C,subdir=D,depth=N`, an
archive (.tar, .tar.gz, .tgz, .zip with #strip_components=N,subdir=D), or git:REF[:SUBDIR].
Exit codes: 0 no breaking change, 100 breaking changes (buf's), 2 bad input or config."
)]
pub struct BreakingArgs {
    /// The input to check (default: the current directory).
    #[arg(value_name = "INPUT", default_value = ".")]
    pub input: String,
    /// The source or image to check against.
    #[arg(long, value_name = "AGAINST", required = true)]
    pub against: String,
    /// The buf.yaml file or data (YAML or JSON) to use for the input's configuration; a
    /// protocheck.toml path also works.
    #[arg(long, value_name = "PATH|DATA")]
    pub config: Option<String>,
    /// The buf.yaml file or data to use for the against input's layout.
    #[arg(long, value_name = "PATH|DATA")]
    pub against_config: Option<String>,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Symbolic links are not followed when reading a directory input.
    #[arg(long)]
    pub disable_symlinks: bool,
    /// The output format: buf's text, json, msvs, junit, github-actions,
    /// gitlab-code-quality, or protocheck's human and sarif.
    #[arg(long, value_enum, default_value_t = BufFormat::Text)]
    pub error_format: BufFormat,
    /// Add an import root to both sides (repeatable).
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    pub include: Vec<PathBuf>,
}

impl DiffArgs {
    /// The OLD inputs given as arguments (all but the last).
    pub fn olds(&self) -> &[String] {
        self.inputs.split_last().map_or(&[], |(_, olds)| olds)
    }

    /// The NEW input (the last argument).
    pub fn new_input(&self) -> &str {
        self.inputs.last().map_or("", String::as_str)
    }
}

/// `--require`: which direction must keep working (Confluent's meanings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RequireArg {
    /// NEW reads what OLD writes (v1→v2: a NEW server serving OLD clients).
    Backward,
    /// OLD reads what NEW writes (v2→v1: OLD clients reading a NEW server's responses).
    Forward,
    /// Both.
    Full,
}

/// `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    Binary,
    Json,
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "For every message present in both versions, COUNT random payloads \
  are written with the writer's schema and read with the reader's (backward: NEW reads what \
  OLD writes; forward: OLD reads what NEW writes), then re-encoded and read back. Each payload \
  is ok, dropped, misread or rejected.
Exit codes: 0 every payload survives in the directions and encodings checked, 1 some do not \
  (misread, rejected, or dropped unless --allow-dropped), 2 bad input."
)]
pub struct VerifyArgs {
    /// The old version (as for `diff`).
    pub old: String,
    /// The new version (as for `diff`).
    pub new: String,
    /// Add an import root to both sides (repeatable).
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    pub include: Vec<PathBuf>,
    /// The seed of the random payloads: the same seed gives the same payloads.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Payloads per message and direction.
    #[arg(long, default_value_t = 100)]
    pub count: usize,
    /// Which directions to check: backward (NEW reads OLD), forward (OLD reads NEW), full.
    #[arg(long, value_enum, value_name = "DIRECTION", default_value_t = RequireArg::Full)]
    pub require: RequireArg,
    /// Which encodings to check (both by default: a payload is cheap to send twice).
    #[arg(long, value_enum, default_value_t = EncodingArg::Both)]
    pub encoding: EncodingArg,
    /// Dropped values (unknown to the reader, read as the default) do not fail.
    #[arg(long)]
    pub allow_dropped: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Human)]
    pub format: VerifyFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    Human,
    Json,
}
