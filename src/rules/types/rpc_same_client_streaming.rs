//! RPC_SAME_CLIENT_STREAMING

use super::shared::{check_streaming, End};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "RPC_SAME_CLIENT_STREAMING",
    summary: "An rpc gained or lost client streaming (`stream` before the request).",
    what: "For every rpc present in both versions (matched by service full name and rpc name), \
           whether the client sends a stream of requests must stay the same.",
    why: "Unary and client-streaming calls are different gRPC call shapes: the generated stubs \
          have different signatures, and an old client calling the rpc the old way is rejected \
          or misbehaves on the new server.",
    fix: "Keep the rpc as it is and add a new rpc with the other shape, then migrate clients \
          and deprecate the old one.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nservice MeetingService {\n  rpc Upload(Chunk) returns (UploadResult);\n}\n\nmessage Chunk {}\nmessage UploadResult {}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nservice MeetingService {\n  rpc Upload(stream Chunk) returns (UploadResult);\n}\n\nmessage Chunk {}\nmessage UploadResult {}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    check_streaming(diff, sink, End::Request);
}
