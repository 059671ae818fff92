//! ENUM_NO_DELETE

use super::shared::{self, Decl};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "ENUM_NO_DELETE",
    summary: "An enum is no longer declared in the file that used to declare it.",
    what: "For every file present in both versions (matched by path), each enum of the OLD \
           file, top-level or nested, must still be declared in the NEW file under the same \
           name inside the package (e.g. `Meeting.State`). An enum moved to another file, or \
           into another message, counts as deleted. The finding points at the innermost \
           enclosing message that still exists, or at the file.",
    why: "Generated code is emitted per file, so every user of the enum's generated type \
           stops compiling, and fields elsewhere that used the enum can no longer be \
           declared. Even a move to another file of the same package changes where languages \
           like C++ and Python look for the type.",
    fix: "Keep the enum where it is and mark it `option deprecated = true;` until nothing \
           uses it. If it must move between files of one package, check with the PACKAGE \
           category, which allows that.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  enum State {\n    STATE_UNSPECIFIED = 0;\n    STATE_LIVE = 1;\n  }\n  string id = 1;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  string id = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_from_file(diff, sink, Decl::Enum);
}
