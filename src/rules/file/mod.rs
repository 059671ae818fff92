//! Rules about file-level statements: `package`, `syntax`/`edition`, and the file options that
//! steer code generators (`go_package`, `java_package`, …).
//!
//! Files pair by path, so a file that moved is a deleted file plus a new one and none of these
//! rules looks at it. Every finding points at the statement in the NEW file (`package …;`,
//! `syntax = …;`/`edition = …;`, `option …;`), or at the NEW file with no line when the
//! statement is not written there.

mod file_same_package;
mod file_same_syntax;
mod options;

use super::{Rule, Sink};
use crate::finding::Finding;
use crate::model::{File, Place, Span};
use crate::rules::quote::go_quote;

pub const RULES: &[&Rule] = &[
    &file_same_package::RULE,
    &file_same_syntax::RULE,
    &options::CC_ENABLE_ARENAS,
    &options::CC_GENERIC_SERVICES,
    &options::CSHARP_NAMESPACE,
    &options::GO_PACKAGE,
    &options::JAVA_GENERIC_SERVICES,
    &options::JAVA_MULTIPLE_FILES,
    &options::JAVA_OUTER_CLASSNAME,
    &options::JAVA_PACKAGE,
    &options::OBJC_CLASS_PREFIX,
    &options::OPTIMIZE_FOR,
    &options::PHP_CLASS_PREFIX,
    &options::PHP_METADATA_NAMESPACE,
    &options::PHP_NAMESPACE,
    &options::PY_GENERIC_SERVICES,
    &options::RUBY_PACKAGE,
    &options::SWIFT_PREFIX,
];

/// One file-level value that changed between the two versions of a file.
struct Change<'a> {
    old_file: &'a File,
    new_file: &'a File,
    /// What changed, as the message names it: `package`, `syntax`, `option "go_package"`.
    what: &'a str,
    /// The values as buf prints them (quoted in the message).
    old_value: &'a str,
    new_value: &'a str,
    /// The statement that sets the value on each side, if it is written.
    old_span: Option<Span>,
    new_span: Option<Span>,
}

impl Change<'_> {
    /// Reports `File <what> changed from "<old>" to "<new>".` at the NEW statement (or the NEW
    /// file with no line) when the values differ; returns the finding to attach a hint to.
    fn report(self, sink: &mut Sink) -> Option<&mut Finding> {
        if self.old_value == self.new_value {
            return None;
        }
        Some(sink.report(
            format!(
                "File {} changed from {} to {}.",
                self.what,
                go_quote(self.old_value),
                go_quote(self.new_value)
            ),
            Some(Place::at(&self.new_file.path, self.new_span)),
            Some(Place::at(&self.old_file.path, self.old_span)),
        ))
    }
}
