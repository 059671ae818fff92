//! RPC_NO_DELETE_UNLESS_DEPRECATED

use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "RPC_NO_DELETE_UNLESS_DEPRECATED",
    summary: "A method was deleted without first being deprecated.",
    what: "For every service present in both versions (by full name), each method of the OLD \
           service that is gone (by name) from the NEW one must have been `option deprecated = \
           true;` in OLD (on the method or the service). With `[breaking.policy] \
           deprecate_then_reserve = true` this rule replaces RPC_NO_DELETE.",
    why: "Every call to the method fails (`UNIMPLEMENTED`) and generated code that calls it \
          stops compiling: deprecation gives callers a release to move away.",
    fix: "First release the method with `option deprecated = true;`, then delete it.",
    example: Example {
        old: "service MeetingService {\n  rpc Get(Req) returns (Res);\n  rpc End(Req) returns (Res);\n}",
        new: "service MeetingService {\n  rpc Get(Req) returns (Res);\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (os, ns) in diff.service_pairs() {
        for m in &os.methods {
            if ns.methods.iter().any(|n| n.name == m.name) || m.deprecated || os.deprecated {
                continue;
            }
            sink.report(
                format!(
                    "RPC \"{}\" on service \"{}\" was deleted without being deprecated first.",
                    m.name, ns.name
                ),
                Some(diff.new_place(ns.file, &ns.span)),
                Some(diff.old_place(os.file, &m.span)),
            )
            .help = Some(format!(
                "restore `rpc {}` with `option deprecated = true;` and delete it in a later \
                 release",
                m.name
            ));
        }
    }
}
