//! MESSAGE_NO_DELETE

use super::shared::{self, Decl};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "MESSAGE_NO_DELETE",
    summary: "A message is no longer declared in the file that used to declare it.",
    what: "For every file present in both versions (matched by path), each message of the OLD \
           file, top-level or nested, must still be declared in the NEW file under the same \
           name inside the package (e.g. `Meeting.Participant`). A message moved to another \
           file counts as deleted, and so does the synthetic `*Entry` message of a deleted \
           map field. The finding points at the innermost enclosing message that still \
           exists, or at the file.",
    why: "Generated code is emitted per file: code that constructs or reads the message \
           stops compiling, and other .proto files that refer to it no longer compile either.",
    fix: "Keep the message and mark it `option deprecated = true;` until nothing uses it. If \
           it must move between files of one package, check with the PACKAGE category, which \
           allows that.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  message Participant {\n    string id = 1;\n  }\n  string id = 1;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  string id = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_from_file(diff, sink, Decl::Message);
}
