//! FIELD_SAME_NAME

use super::shared::{display_name, go_quote, pairs};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_NAME",
    summary: "The field with a given number now has a different name.",
    what: "For every field present in both versions (paired by message full name and number, \
           extensions by extendee and number), the name must be the same. Extensions are \
           compared by full name, so moving an extension to another package or message scope \
           counts as a rename.",
    why: "The name is what generated code calls the accessor and what JSON calls the key (unless \
          json_name is set). Renaming a field breaks every caller of the old accessor and every \
          JSON document that uses the old key, although the binary encoding is unchanged.",
    fix: "Keep the old name. To change the name, add a new field with a new number, deprecate \
          the old one, migrate, then delete the old field and reserve its number and name.",
    example: Example {
        old: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage User {\n  string user_name = 1;\n}",
        new: "syntax = \"proto3\";\npackage meeting.v1;\n\nmessage User {\n  string login = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for p in pairs(diff) {
        let (old, new) = (display_name(p.old), display_name(p.new));
        if old == new {
            continue;
        }
        let finding = p.report(
            diff,
            sink,
            format!(
                "{} changed name from {} to {}.",
                p.description_without_name(),
                go_quote(&old),
                go_quote(&new)
            ),
            p.new.spans.name.clone(),
            p.old.spans.name.clone(),
        );
        // JSON carries the JSON name: a rename that keeps it changes no encoding.
        if p.old.json_name == p.new.json_name {
            finding.effects = crate::effects::Effects::CODE_ONLY;
        }
        finding.help = Some(if p.is_extension() {
            format!("declare the extension as {} again", go_quote(&old))
        } else {
            format!("restore the name {}", go_quote(&old))
        });
    }
}
