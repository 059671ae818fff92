//! User-facing errors. Each is a `miette` diagnostic; all of them exit with code 2.

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// Why a check could not run (exit code 2 on the command line): bad input, a contract that
/// does not compile, a bad config or misuse.
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

    /// One or more `.proto` files on one side failed to compile.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Compile(CompileErrors),

    /// A descriptor set that could not be decoded.
    #[error("{input}: cannot decode the descriptor set: {message}")]
    #[diagnostic(code(protocheck::descriptor))]
    Descriptor {
        /// The input as given.
        input: String,
        /// The decoder's message.
        message: String,
    },

    /// A config file with a mistake in it: the diagnostic shows the file, pointing at it.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(Box<ConfigError>),

    /// A config file that cannot be read at all.
    #[error("{message}")]
    #[diagnostic(code(protocheck::config))]
    ConfigUnreadable {
        /// The file and why it cannot be read.
        message: String,
    },

    /// A report that could not be produced (a serializer failed): never an empty document.
    #[error("cannot produce the {format} report: {message}")]
    #[diagnostic(
        code(protocheck::render),
        help("this is a bug in protocheck: please report it with the command line")
    )]
    Render {
        /// The format asked for.
        format: &'static str,
        /// The serializer's message.
        message: String,
    },

    /// Command-line misuse not caught by clap (unknown rule id, …).
    #[error("{message}")]
    #[diagnostic(code(protocheck::usage))]
    Usage {
        /// What is wrong.
        message: String,
        /// How to call it instead.
        #[help]
        help: Option<String>,
    },
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

/// Every compile error of one side, each shown as its own located diagnostic.
#[derive(Debug, Error)]
#[error("the {side} contract ({input}) does not compile: {} error(s)", errors.len())]
pub struct CompileErrors {
    /// `old`, `new`, or `old and new`.
    pub side: &'static str,
    /// The input(s) as given.
    pub input: String,
    /// Each compile error, located in its file.
    pub errors: Vec<Box<dyn Diagnostic + Send + Sync>>,
}

impl Diagnostic for CompileErrors {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("protocheck::compile"))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(
            self.errors.iter().map(|e| &**e as &dyn Diagnostic),
        ))
    }
}
