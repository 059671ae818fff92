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
    /// Rule set by category: FILE, PACKAGE, WIRE_JSON, WIRE, CSR (repeatable).
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
