//! The input layer's errors: an OLD/NEW argument that cannot be read.

use crate::usage::Usage;
use miette::Diagnostic;
use thiserror::Error;

/// Why an input could not be read.
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    /// An unreadable or unrecognised OLD/NEW argument.
    #[error("{message}")]
    #[diagnostic(code(protocheck::input))]
    Input {
        /// The input as given.
        input: String,
        /// What is wrong with it.
        message: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },

    /// A descriptor set that could not be decoded.
    #[error("{input}: cannot decode the descriptor set: {message}")]
    #[diagnostic(code(protocheck::descriptor))]
    Descriptor {
        /// The input as given.
        input: String,
        /// The decoder's message.
        message: String,
    },

    /// A flag that selects input files given wrong (`--path`, `--exclude-path`).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Usage(Usage),
}
