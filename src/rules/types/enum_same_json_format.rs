//! ENUM_SAME_JSON_FORMAT

use super::shared::check_json_format;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "ENUM_SAME_JSON_FORMAT",
    summary: "An enum that supported JSON no longer does.",
    what: "For every enum present in both versions (matched by full name), a resolved \
           `features.json_format` of ALLOW must stay ALLOW. The value comes from the enum's own \
           option, an enclosing message or the file, and defaults to ALLOW in proto3 and editions \
           and LEGACY_BEST_EFFORT in proto2. Going from LEGACY_BEST_EFFORT to ALLOW is fine.",
    why: "With ALLOW, protoc guarantees the enum maps cleanly to JSON (no value names that clash \
          once case is ignored, and so on). Under LEGACY_BEST_EFFORT such clashes are allowed, \
          so JSON produced or parsed by peers that relied on the guarantee may no longer \
          round-trip.",
    fix: "Keep JSON support: in an editions file set `option features.json_format = ALLOW;` on \
          the enum; do not move the enum into a proto2 file.",
    example: Example {
        old: "edition = \"2023\";\npackage meeting.v1;\n\nenum Role {\n  ROLE_UNSPECIFIED = 0;\n}",
        new: "edition = \"2023\";\npackage meeting.v1;\n\nenum Role {\n  option features.json_format = LEGACY_BEST_EFFORT;\n  ROLE_UNSPECIFIED = 0;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.enum_pairs() {
        check_json_format(diff, sink, old.into(), new.into());
    }
}
