//! RPC_SAME_REQUEST_TYPE

use super::shared::{check_type, End};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "RPC_SAME_REQUEST_TYPE",
    summary: "An rpc now takes a different request message.",
    what: "For every rpc present in both versions (matched by service full name and rpc name), \
           the request message, compared by fully-qualified name, must stay the same. Writing \
           the same type differently (`Req`, `pkg.Req`, `.pkg.Req`) is not a change.",
    why: "Clients built on the old version keep sending the old message; the server decodes \
          those bytes as the new message, so fields are misread or lost. Generated client and \
          server stubs change signature and no longer compile against existing code.",
    fix: "Keep the request type and add the new fields to it, or add a new rpc that takes the \
          new message and deprecate the old one.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nservice MeetingService {\n  rpc Join(JoinRequest) returns (JoinResponse);\n}\n\nmessage JoinRequest {}\nmessage JoinResponse {}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nservice MeetingService {\n  rpc Join(JoinMeetingRequest) returns (JoinResponse);\n}\n\nmessage JoinRequest {}\nmessage JoinMeetingRequest {}\nmessage JoinResponse {}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    check_type(diff, sink, End::Request);
}
