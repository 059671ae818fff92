//! ENUM_NO_DELETE_UNLESS_DEPRECATED

use super::shared::message_deprecated;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "ENUM_NO_DELETE_UNLESS_DEPRECATED",
    summary: "An enum was deleted without first being deprecated.",
    what: "Each enum of the compared OLD files whose full name no compared NEW file declares \
           any more must have been `option deprecated = true;` in OLD (itself or a message \
           around it). Enums inside a deleted message are left to that message's finding. \
           With `[breaking.policy] deprecate_then_reserve = true` this rule replaces \
           ENUM_NO_DELETE.",
    why: "Generated code that names the enum stops compiling, and fields of its type lose \
          their meaning: deprecation gives its users a release to move away.",
    fix: "First release the enum with `option deprecated = true;`, then delete it.",
    example: Example {
        old: "enum Role { ROLE_UNSPECIFIED = 0; }\nenum Legacy { LEGACY_UNSPECIFIED = 0; }",
        new: "enum Role { ROLE_UNSPECIFIED = 0; }",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for e in diff.old.target_enums() {
        if diff
            .new
            .enum_(&e.full_name)
            .is_some_and(|n| diff.new.file_of(n.file).target)
        {
            continue;
        }
        let parent = e.full_name.rsplit_once('.').map(|(p, _)| p);
        if let Some(parent) = parent.filter(|p| diff.old.message(p).is_some()) {
            let parent_kept = diff
                .new
                .message(parent)
                .is_some_and(|n| diff.new.file_of(n.file).target);
            if !parent_kept {
                continue;
            }
        }
        if e.deprecated || parent.is_some_and(|p| message_deprecated(diff.old, p)) {
            continue;
        }
        let old_file = diff.old.file_of(e.file);
        let new = diff
            .new
            .file(&old_file.path)
            .filter(|f| f.target)
            .map(|f| diff.deleted_element_anchor(f, &e.nested_name));
        sink.report(
            format!(
                "Enum \"{}\" was deleted without being deprecated first.",
                e.full_name
            ),
            new,
            Some(diff.old_place(e.file, &e.span)),
        )
        .help = Some(format!(
            "restore enum {} with `option deprecated = true;` and delete it in a later release",
            e.name
        ));
    }
}
