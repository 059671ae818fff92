//! SERVICE_NO_DELETE

use super::shared::{self, Decl};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "SERVICE_NO_DELETE",
    summary: "A service is no longer declared in the file that used to declare it.",
    what: "For every file present in both versions (matched by path), each service of the OLD \
           file must still be declared, by name, in the NEW file. A service moved to another \
           file counts as deleted. buf reports it on the file, without a line.",
    why: "Clients call the service by its full name, so every call to any of its methods now \
           fails (`UNIMPLEMENTED` in gRPC), and code generated for clients and servers no \
           longer compiles.",
    fix: "Keep the service and mark it `option deprecated = true;` until no client calls it \
           any more. To move it between files of one package, check with the PACKAGE \
           category.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {}\n\nservice MeetingService {\n  rpc GetMeeting(Meeting) returns (Meeting);\n}\n\nservice LegacyService {\n  rpc Ping(Meeting) returns (Meeting);\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {}\n\nservice MeetingService {\n  rpc GetMeeting(Meeting) returns (Meeting);\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    shared::deleted_from_file(diff, sink, Decl::Service);
}
