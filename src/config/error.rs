//! The config layer's errors: a config file that cannot be read or has a mistake in it, or a
//! rule selection (config or flags) naming what does not exist.

use crate::usage::Usage;
use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// Why a config could not be used.
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    /// A config file with a mistake in it: the diagnostic shows the file, pointing at it.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(Box<ConfigError>),

    /// A config file that cannot be read at all.
    #[error("{message}")]
    #[diagnostic(code(protocheck::config))]
    Unreadable {
        /// The file and why it cannot be read.
        message: String,
    },

    /// A rule or category flag naming what does not exist (unknown rule id, …).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Usage(Usage),
}

/// A mistake in a config file, located in it.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(protocheck::config))]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
    /// The config file's name and text.
    #[source_code]
    pub src: NamedSource<String>,
    /// Where in the file, when known.
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    /// The label at `span`.
    pub label: String,
    /// How to fix it.
    #[help]
    pub help: Option<String>,
}
