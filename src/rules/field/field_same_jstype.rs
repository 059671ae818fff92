//! FIELD_SAME_JSTYPE

use super::shared::{anchor, pairs};
use crate::model::kind;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_JSTYPE",
    summary: "The jstype option of a 64-bit integer field changed.",
    what: "For every field present in both versions (paired by message full name and number, \
           extensions by extendee and number) that is a 64-bit integer (int64, uint64, sint64, \
           fixed64, sfixed64) on both sides, the `jstype` option must be the same (unset counts \
           as JS_NORMAL).",
    why: "jstype decides whether JavaScript code generators expose the value as a string or a \
          number: changing it changes the generated field's type and breaks JavaScript and \
          TypeScript callers.",
    fix: "Restore the old jstype.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  int64 id = 1 [jstype = JS_STRING];\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  int64 id = 1;\n}",
    },
    check,
};

fn is_64_bit_integer(k: i32) -> bool {
    matches!(
        k,
        kind::INT64 | kind::UINT64 | kind::SINT64 | kind::FIXED64 | kind::SFIXED64
    )
}

fn jstype_name(v: i32) -> String {
    match v {
        0 => "JS_NORMAL".into(),
        1 => "JS_STRING".into(),
        2 => "JS_NUMBER".into(),
        other => other.to_string(),
    }
}

fn check(diff: &Diff, sink: &mut Sink) {
    for p in pairs(diff) {
        if !is_64_bit_integer(p.old.kind) || !is_64_bit_integer(p.new.kind) {
            continue;
        }
        let (old, new) = (p.old.jstype.unwrap_or(0), p.new.jstype.unwrap_or(0));
        if old == new {
            continue;
        }
        let old = jstype_name(old);
        p.report(
            diff,
            sink,
            format!(
                "{} changed option \"jstype\" from \"{old}\" to \"{}\".",
                p.description(),
                jstype_name(new)
            ),
            anchor(&[&p.new.spans.jstype], p.new),
            anchor(&[&p.old.spans.jstype], p.old),
        )
        .help = Some(match p.old.jstype {
            Some(_) => format!("restore [jstype = {old}]"),
            None => "remove the jstype option".to_owned(),
        });
    }
}
