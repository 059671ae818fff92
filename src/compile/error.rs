//! The compile layer's error: every compile error of one side.

use miette::Diagnostic;
use thiserror::Error;

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
