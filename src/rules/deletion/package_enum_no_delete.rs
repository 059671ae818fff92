//! PACKAGE_ENUM_NO_DELETE

use super::shared::{self, Decl};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "PACKAGE_ENUM_NO_DELETE",
    summary: "An enum disappeared from its package altogether (moving it between files of the \
           package is fine).",
    what: "For every package present in both versions, each enum the OLD package declared \
           (top-level or nested, matched by its name inside the package, e.g. \
           `Meeting.State`) must still be declared by some NEW file of that package. Moving \
           it to another file of the same package is fine. As buf does, a package is only \
           compared while NEW still declares at least one enum in it, so removing the \
           package's last enum is left to ENUM_NO_DELETE. The finding points into the OLD \
           file's path if that file still exists (at the innermost enclosing message that \
           survives), else it has no place in NEW.",
    why: "Code in every language addresses the enum by package and name, so every user of it \
           stops compiling, and fields of other messages that used it can no longer be \
           declared.",
    fix: "Keep the enum in some file of the package and mark it `option deprecated = true;` \
           until nothing uses it.",
    example: Example {
        old: "// meeting/v1/state.proto\nsyntax = \"proto3\";\npackage meeting.v1;\n\nenum State {\n  STATE_UNSPECIFIED = 0;\n}\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n}",
        new: "// meeting/v1/state.proto\nsyntax = \"proto3\";\npackage meeting.v1;\n\n// State is gone, and no other file of meeting.v1 declares it.\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_from_package(diff, sink, Decl::Enum);
}
