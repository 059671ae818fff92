//! User-facing errors. Each is a `miette` diagnostic; all of them exit with code 2.
//!
//! Each layer owns its error type (`input::Error`, `compile::CompileErrors`,
//! `config::Error`, `render::Error`); [`Error`](enum@Error) gathers them, so that no layer depends on
//! this module or on a layer above it.

use miette::Diagnostic;
use thiserror::Error;

pub use crate::compile::CompileErrors;
pub use crate::config::ConfigError;
use crate::usage::Usage;

/// Why a check could not run (exit code 2 on the command line): bad input, a contract that
/// does not compile, a bad config or misuse.
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    /// An unreadable or unrecognised OLD/NEW argument, or a descriptor set that cannot be
    /// decoded.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Input(#[from] crate::input::Error),

    /// One or more `.proto` files on one side failed to compile.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Compile(#[from] CompileErrors),

    /// A config file that cannot be read or has a mistake in it, or a rule selection naming
    /// what does not exist.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] crate::config::Error),

    /// A report that could not be produced (a serializer failed): never an empty document.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Render(#[from] crate::render::Error),

    /// Command-line misuse not caught by clap or a layer (a baseline file without findings, …).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Usage(Usage),
}
