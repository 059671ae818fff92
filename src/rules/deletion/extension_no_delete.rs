//! EXTENSION_NO_DELETE

use super::shared::{self, Decl};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "EXTENSION_NO_DELETE",
    summary: "An extension field is no longer declared in the file that used to declare it.",
    what: "For every file present in both versions (matched by path), each extension of the \
           OLD file, declared at the top level or inside a message, must still be declared in \
           the NEW file under the same name inside the package (e.g. `Meeting.priority`). The \
           finding points at the innermost enclosing message that still exists, or at the \
           file.",
    why: "Code that reads or writes the extension by its generated accessor stops compiling, \
           and data that carries it becomes an unknown field: readers built from the new \
           schema silently lose it, and a later extension reusing the number misreads it.",
    fix: "Keep the extension and mark it `[deprecated = true]`. If it really has to go, make \
           sure no later extension of that message reuses its number.",
    example: Example {
        old: "syntax = \"proto2\";\npackage meeting.v1;\n\nmessage Meeting {\n  extensions 100 to 199;\n}\nextend Meeting {\n  optional int32 priority = 100;\n}",
        new: "syntax = \"proto2\";\npackage meeting.v1;\n\nmessage Meeting {\n  extensions 100 to 199;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_from_file(diff, sink, Decl::Extension);
}
