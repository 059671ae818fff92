//! Misuse of the command line or the library's options: one type for every layer that can
//! find it (the rule selection, the input-file flags, the commands), each layer's error
//! carrying it as its `Usage` variant. Exit code 2, like every error.

use miette::Diagnostic;
use thiserror::Error;

/// What is wrong with how protocheck was called, and how to call it instead.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(protocheck::usage))]
pub struct Usage {
    /// What is wrong.
    pub message: String,
    /// How to call it instead.
    #[help]
    pub help: Option<String>,
}
