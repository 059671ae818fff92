//! RPC_NO_DELETE

use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "RPC_NO_DELETE",
    summary: "A method that a service used to have is gone.",
    what: "For every service present in both versions (matched by full name), each method of \
           the OLD service must still exist, by name, in the NEW service.",
    why: "Clients call methods by name: every call to the deleted method now fails \
           (`UNIMPLEMENTED` in gRPC), and generated clients and server stubs no longer \
           compile.",
    fix: "Keep the method, mark it `option deprecated = true;`, and remove it only once no \
           client calls it any more.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {}\n\nservice MeetingService {\n  rpc GetMeeting(Meeting) returns (Meeting);\n  rpc EndMeeting(Meeting) returns (Meeting);\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {}\n\nservice MeetingService {\n  rpc GetMeeting(Meeting) returns (Meeting);\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.service_pairs() {
        for m in &old.methods {
            if new.methods.iter().any(|n| n.name == m.name) {
                continue;
            }
            sink.report(
                format!(
                    "Previously present RPC \"{}\" on service \"{}\" was deleted.",
                    m.name, new.name
                ),
                Some(diff.new_place(new.file, &new.span)),
                Some(diff.old_place(old.file, &m.span)),
            )
            .help = Some(format!(
                "keep `rpc {}` and mark it `option deprecated = true;` until no client calls it",
                m.name
            ));
        }
    }
}
