//! ENUM_SAME_TYPE

use crate::model::features::EDITION_2023;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "ENUM_SAME_TYPE",
    summary: "An enum switched between open and closed.",
    what: "For every enum present in both versions (matched by full name), its resolved \
           `features.enum_type` must stay the same: OPEN (proto3, the editions default) or \
           CLOSED (proto2, or `option features.enum_type = CLOSED;`). Moving an enum between a \
           proto2 and a proto3 file switches it.",
    why: "A closed enum treats a number it does not know as an unknown field (in a singular \
          field the value is dropped from the field), an open enum keeps it as a plain number. \
          Switching changes what old and new code do with values added later, and the generated \
          code differs in several languages (Java, C++, Go).",
    fix: "Keep the enum's type. In an editions file, set it explicitly with \
          `option features.enum_type = CLOSED;` (or OPEN) on the enum so it matches the old \
          version.",
    example: Example {
        old: "edition = \"2023\";\npackage meeting.v1;\n\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n}",
        new: "edition = \"2023\";\npackage meeting.v1;\n\nenum Role {\n  option features.enum_type = CLOSED;\n  ROLE_UNSPECIFIED = 0;\n}",
    },
    check,
};

fn state(closed: bool) -> &'static str {
    if closed {
        "closed"
    } else {
        "open"
    }
}

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.enum_pairs() {
        if old.is_closed() == new.is_closed() {
            continue;
        }
        let new_span = new.enum_type_span.clone().or_else(|| new.span.clone());
        let old_span = old.enum_type_span.clone().or_else(|| old.span.clone());
        let finding = sink.report(
            format!(
                "Enum \"{}\" changed from {} to {}.",
                new.name,
                state(old.is_closed()),
                state(new.is_closed())
            ),
            Some(diff.new_place(new.file, &new_span)),
            Some(diff.old_place(old.file, &old_span)),
        );
        finding.effects = crate::effects::change::enum_openness(old.is_closed(), new.is_closed());
        let old_syntax = diff.old.files[old.file].syntax;
        let new_syntax = diff.new.files[new.file].syntax;
        finding.help = if new_syntax.edition() >= EDITION_2023 {
            Some(format!(
                "set `option features.enum_type = {};` on the enum",
                if old.is_closed() { "CLOSED" } else { "OPEN" }
            ))
        } else if old_syntax != new_syntax {
            Some(format!(
                "enums of a {new_syntax} file are {}: keep \"{}\" in a {old_syntax} file",
                state(new.is_closed()),
                new.name
            ))
        } else {
            None
        };
    }
}
