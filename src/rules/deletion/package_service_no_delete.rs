//! PACKAGE_SERVICE_NO_DELETE

use super::shared::{self, Decl};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "PACKAGE_SERVICE_NO_DELETE",
    summary: "A service disappeared from its package altogether (moving it between files of the \
           package is fine).",
    what: "For every package present in both versions, each service the OLD package declared \
           (matched by name) must still be declared by some NEW file of that package. Moving \
           it to another file of the same package is fine. The finding points into the OLD \
           file's path if that file still exists, else it has no place in NEW.",
    why: "Clients call the service by package and name: every call now fails \
           (`UNIMPLEMENTED` in gRPC), and generated clients and servers no longer compile.",
    fix: "Keep the service in some file of the package and mark it `option deprecated = \
           true;` until no client calls it.",
    example: Example {
        old: "// meeting/v1/service.proto\nsyntax = \"proto3\";\npackage meeting.v1;\n\nmessage Ping {}\n\nservice LegacyService {\n  rpc Ping(Ping) returns (Ping);\n}",
        new: "// meeting/v1/service.proto\nsyntax = \"proto3\";\npackage meeting.v1;\n\n// LegacyService is gone, and no other file of meeting.v1 declares it.\nmessage Ping {}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_from_package(diff, sink, Decl::Service);
}
