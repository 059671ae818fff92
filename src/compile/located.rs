//! The one shape of the compile layer's own diagnostics: a message, the file it is about
//! and a labelled place in it, with an optional hint. The nesting bound, the editions front
//! end and the post-link checks each make theirs with it, under their own code.

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode, SourceSpan};

/// A compile problem located in its file's text (when the text is known).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Located {
    /// The diagnostic code (`protocheck::compile`, `protocheck::editions`, …).
    pub code: &'static str,
    /// What is wrong, starting with the file's path.
    pub message: String,
    /// The file's name and text.
    pub src: Option<NamedSource<String>>,
    /// Where in the text, labelled with `label`.
    pub span: Option<SourceSpan>,
    /// The label at `span`.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Located {
    /// A problem of `code` at `span` of `src`, labelled `label`, with no hint.
    pub fn new(
        code: &'static str,
        message: String,
        src: Option<NamedSource<String>>,
        span: Option<SourceSpan>,
        label: String,
    ) -> Self {
        Located {
            code,
            message,
            src,
            span,
            label,
            help: None,
        }
    }
}

impl Diagnostic for Located {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.src.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = self
            .span
            .map(|span| LabeledSpan::new_with_span(Some(self.label.clone()), span));
        Some(Box::new(label.into_iter()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_located_problem_reports_its_code_label_and_help() {
        let mut p = Located::new(
            "protocheck::compile",
            "a.proto: wrong".to_owned(),
            Some(NamedSource::new("a.proto", "syntax".to_owned())),
            Some((0, 6).into()),
            "here".to_owned(),
        );
        p.help = Some("do this".to_owned());
        assert_eq!(p.to_string(), "a.proto: wrong");
        assert_eq!(
            p.code().map(|c| c.to_string()).as_deref(),
            Some("protocheck::compile")
        );
        assert_eq!(p.help().map(|h| h.to_string()).as_deref(), Some("do this"));
        let labels: Vec<LabeledSpan> = p.labels().into_iter().flatten().collect();
        assert_eq!(
            labels,
            vec![LabeledSpan::new_with_span(Some("here".to_owned()), (0, 6))]
        );
        p.span = None;
        assert_eq!(p.labels().into_iter().flatten().count(), 0);
    }
}
