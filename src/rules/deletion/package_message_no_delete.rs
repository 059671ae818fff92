//! PACKAGE_MESSAGE_NO_DELETE

use super::shared::{self, Decl};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "PACKAGE_MESSAGE_NO_DELETE",
    summary: "A message disappeared from its package altogether (moving it between files of the \
           package is fine).",
    what: "For every package present in both versions, each message the OLD package declared \
           (top-level or nested, matched by its name inside the package, e.g. \
           `Meeting.Participant`) must still be declared by some NEW file of that package. \
           Moving it to another file of the same package is fine. The synthetic `*Entry` \
           message of a deleted map field counts too. As buf does, a package is only compared \
           while NEW still declares at least one message in it, so removing the package's \
           last message is left to MESSAGE_NO_DELETE. The finding points into the OLD file's \
           path if that file still exists (at the innermost enclosing message that survives), \
           else it has no place in NEW.",
    why: "Code in every language addresses the message by package and name: code that builds \
           or reads it stops compiling, and .proto files that refer to it no longer compile.",
    fix: "Keep the message in some file of the package and mark it `option deprecated = \
           true;` until nothing uses it.",
    example: Example {
        old: "// meeting/v1/meeting.proto\nsyntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  message Participant {}\n}",
        new: "// meeting/v1/meeting.proto\nsyntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_from_package(diff, sink, Decl::Message);
}
