//! FIELD_SAME_JSON_NAME

use super::shared::{anchor, go_quote, pairs};
use crate::effects::{Effect, Effects, PerEncoding};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_JSON_NAME",
    summary: "The JSON name of a field changed.",
    what: "For every field present in both versions (paired by message full name and number), \
           the effective JSON name must be the same: the `json_name` option if set, else the \
           lowerCamelCase form of the field name. Extensions are skipped (their JSON name is \
           always their full name in brackets).",
    why: "The JSON name is the key of the field in the JSON encoding. Clients that still send or \
          expect the old key silently lose the field's value.",
    fix: "Set `json_name` to the old JSON name. A field may be renamed safely for JSON when its \
          `json_name` keeps the old key.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage User {\n  string user_name = 1;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage User {\n  string user_name = 1 [json_name = \"login\"];\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for p in pairs(diff) {
        if p.is_extension() || p.old.json_name == p.new.json_name {
            continue;
        }
        let finding = p.report(
            diff,
            sink,
            format!(
                "{} changed option \"json_name\" from {} to {}.",
                p.description(),
                go_quote(&p.old.json_name),
                go_quote(&p.new.json_name)
            ),
            anchor(&[&p.new.spans.json_name], p.new),
            anchor(&[&p.old.spans.json_name], p.old),
        );
        finding.help = Some(format!(
            "keep the JSON name: [json_name = {}]",
            go_quote(&p.old.json_name)
        ));
        // A parser accepts a field's own name too: a writer's JSON name that is the reader's
        // field name reads fine.
        let json = |writer: &str, reader: &crate::model::Field| {
            if writer == reader.name {
                Effect::Ok
            } else {
                Effect::Rejected
            }
        };
        finding.effects = Effects::new(
            PerEncoding::new(Effect::Ok, json(&p.old.json_name, p.new)),
            PerEncoding::new(Effect::Ok, json(&p.new.json_name, p.old)),
        );
        if finding.effects.iter().all(|(_, _, x)| x == Effect::Ok) {
            finding.effects = Effects::CODE_ONLY;
        }
    }
}
