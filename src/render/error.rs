//! The render layer's error.

use miette::Diagnostic;
use thiserror::Error;

/// A report that could not be produced.
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    /// A serializer failed, or the format cannot show the report: never an empty document.
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
}
