//! PACKAGE_EXTENSION_NO_DELETE

use super::shared::{self, Decl};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "PACKAGE_EXTENSION_NO_DELETE",
    summary: "An extension disappeared from its package altogether (moving it between files of \
           the package is fine).",
    what: "For every package present in both versions, each extension the OLD package \
           declared (top-level or nested, matched by its name inside the package, e.g. \
           `Meeting.priority`) must still be declared by some NEW file of that package. \
           Moving it to another file of the same package is fine. As buf does, a package is \
           only compared while NEW still declares at least one extension in it, so removing \
           the package's last extension is left to EXTENSION_NO_DELETE. The finding points \
           into the OLD file's path if that file still exists (at the innermost enclosing \
           message that survives), else it has no place in NEW.",
    why: "Code that reads or writes the extension by its generated accessor stops compiling, \
           and data carrying it turns into unknown fields for readers built from the new \
           schema.",
    fix: "Keep the extension in some file of the package and mark it `[deprecated = true]`; \
           never reuse its number for another extension of the same message.",
    example: Example {
        old: "// meeting/v1/meeting.proto\nsyntax = \"proto2\";\npackage meeting.v1;\n\nmessage Meeting {\n  extensions 100 to 199;\n}\nextend Meeting {\n  optional int32 priority = 100;\n  optional string owner = 101;\n}",
        new: "// meeting/v1/meeting.proto\nsyntax = \"proto2\";\npackage meeting.v1;\n\nmessage Meeting {\n  extensions 100 to 199;\n}\nextend Meeting {\n  optional int32 priority = 100;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_from_package(diff, sink, Decl::Extension);
}
