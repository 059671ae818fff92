//! Command-line definitions.

use std::path::PathBuf;

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
    /// Record today's findings as accepted breaking changes (a baseline for `diff --baseline`).
    Baseline(BaselineArgs),
    /// Apply the mechanical fixes of the findings to NEW's files in place.
    Fix(FixArgs),
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
#[command(after_help = "Rule selection:
  The config chooses the rules: --config PATH, else protocheck.toml in NEW's root, else
  protocheck.toml in the current directory, else the breaking: section of buf.yaml in NEW's
  root (read with the rule table of its version), else FILE.
  --category and --rule replace the config's `use` list when given: the rules of every
  --category plus every --rule. The config's `except` still applies, except to a rule named
  with --rule; --except takes out more. The config's ignore, ignore_only and
  ignore_unstable_packages always apply.")]
pub struct DiffArgs {
    /// The old version: a directory, a .proto file, a binary FileDescriptorSet, or
    /// git:REF[:SUBDIR] (a commit of the repository around the current directory).
    pub old: String,
    /// The new version: a directory, a .proto file, a binary FileDescriptorSet, or
    /// git:REF[:SUBDIR].
    pub new: String,
    /// Add an import root to both sides (repeatable). Files found only there are dependencies.
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    pub include: Vec<PathBuf>,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames and fix hints, for people.
    Human,
    /// One JSON document (the product contract's schema).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`).
    Sarif,
    /// GitHub Actions workflow commands: one `::error` annotation per finding.
    Github,
    /// JUnit XML: a test suite per file, a failing test case per finding.
    Junit,
    /// GitLab Code Quality JSON (`artifacts:reports:codequality`).
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    Markdown,
}
