//! What a rule reports.

use crate::fix::Fix;
use crate::model::Place;

/// One breaking change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule id (buf's id where the meaning is the same).
    pub rule: &'static str,
    pub message: String,
    /// Where it is reported in NEW; `None` when NEW has no place for it (a deleted file or
    /// package). A `Place` with no span means "this file, no line".
    pub new: Option<Place>,
    /// The element in OLD, where there is one.
    pub old: Option<Place>,
    /// A one-line fix, where one exists.
    pub help: Option<String>,
    /// Mechanical fixes as text edits of NEW (filled after the rules ran, see [`crate::fix`]).
    pub fixes: Vec<Fix>,
    /// The full name of the element the finding is about (filled after the rules ran, see
    /// [`crate::baseline::element_of`]); a baseline's stable fingerprint is rule + element.
    pub element: Option<String>,
}

impl Finding {
    /// The file a reader should look at: NEW's if there is one, else OLD's.
    pub fn path(&self) -> Option<&str> {
        self.new.as_ref().or(self.old.as_ref()).map(|p| &*p.path)
    }

    /// Order of output: by file, then position, then rule, then message.
    pub fn sort_key(&self) -> impl Ord + '_ {
        let span = self.new.as_ref().and_then(|p| p.span.as_ref());
        (
            self.path().unwrap_or(""),
            span.map(|s| (s.start_line, s.start_col, s.end_line, s.end_col)),
            self.rule,
            &self.message,
        )
    }
}
