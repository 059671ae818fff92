//! RPC_SAME_SERVER_STREAMING

use super::shared::{check_streaming, End};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "RPC_SAME_SERVER_STREAMING",
    summary: "An rpc gained or lost server streaming (`stream` before the response).",
    what: "For every rpc present in both versions (matched by service full name and rpc name), \
           whether the server replies with a stream of responses must stay the same.",
    why: "Unary and server-streaming calls are different gRPC call shapes: the generated stubs \
          have different signatures, and an old client expecting one reply (or a stream) \
          cannot read what the new server sends.",
    fix: "Keep the rpc as it is and add a new rpc with the other shape, then migrate clients \
          and deprecate the old one.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nservice MeetingService {\n  rpc Watch(WatchRequest) returns (Event);\n}\n\nmessage WatchRequest {}\nmessage Event {}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nservice MeetingService {\n  rpc Watch(WatchRequest) returns (stream Event);\n}\n\nmessage WatchRequest {}\nmessage Event {}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    check_streaming(diff, sink, End::Response);
}
