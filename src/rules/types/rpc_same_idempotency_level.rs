//! RPC_SAME_IDEMPOTENCY_LEVEL

use crate::model::Place;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "RPC_SAME_IDEMPOTENCY_LEVEL",
    summary: "An rpc's `idempotency_level` option changed.",
    what: "For every rpc present in both versions (matched by service full name and rpc name), \
           the `idempotency_level` method option must keep its value. Unset is the same as \
           IDEMPOTENCY_UNKNOWN, so writing that value explicitly is not a change.",
    why: "The level decides how clients may call the rpc: gRPC and Connect clients may retry \
          idempotent calls and send NO_SIDE_EFFECTS calls as HTTP GET (and caches may serve \
          them). Raising the level lets clients retry or cache calls that are not safe to \
          repeat; lowering it breaks clients and proxies that already use GET or retries.",
    fix: "Restore the old `option idempotency_level = …;` on the rpc, or add a new rpc with the \
          new level.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nservice MeetingService {\n  rpc GetMeeting(GetMeetingRequest) returns (Meeting) {\n    option idempotency_level = NO_SIDE_EFFECTS;\n  }\n}\n\nmessage GetMeetingRequest {}\nmessage Meeting {}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nservice MeetingService {\n  rpc GetMeeting(GetMeetingRequest) returns (Meeting) {\n    option idempotency_level = IDEMPOTENT;\n  }\n}\n\nmessage GetMeetingRequest {}\nmessage Meeting {}",
    },
    check,
};

/// The name of an `IdempotencyLevel` value (a number buf would print as it is).
fn level_name(level: i32) -> String {
    match level {
        0 => "IDEMPOTENCY_UNKNOWN".to_owned(),
        1 => "NO_SIDE_EFFECTS".to_owned(),
        2 => "IDEMPOTENT".to_owned(),
        n => n.to_string(),
    }
}

fn check(diff: &Diff, sink: &mut Sink) {
    for (os, om, ns, nm) in diff.method_pairs() {
        if om.idempotency_level == nm.idempotency_level {
            continue;
        }
        let (was, is) = (
            level_name(om.idempotency_level),
            level_name(nm.idempotency_level),
        );
        // buf has no fallback for this rule: with no option in the new rpc, the finding is on
        // the file with no line.
        let new_place = Place::at(&diff.new.files[ns.file].path, nm.idempotency_span.clone());
        let finding = sink.report(
            format!(
                "RPC \"{}\" on service \"{}\" changed option \"idempotency_level\" from \"{was}\" to \"{is}\".",
                nm.name, ns.name
            ),
            Some(new_place),
            om.idempotency_span
                .is_some()
                .then(|| diff.old_place(os.file, &om.idempotency_span)),
        );
        finding.help = Some(if om.idempotency_level == 0 {
            format!(
                "remove `option idempotency_level = {is};` from rpc \"{}\"",
                nm.name
            )
        } else {
            format!(
                "keep `option idempotency_level = {was};` in rpc \"{}\"",
                nm.name
            )
        });
    }
}
