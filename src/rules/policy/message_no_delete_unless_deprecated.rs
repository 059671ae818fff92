//! MESSAGE_NO_DELETE_UNLESS_DEPRECATED

use super::shared::message_deprecated;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "MESSAGE_NO_DELETE_UNLESS_DEPRECATED",
    summary: "A message was deleted without first being deprecated.",
    what: "Each message of the compared OLD files whose full name no compared NEW file \
           declares any more must have been `option deprecated = true;` in OLD (itself or a \
           message around it). Only the outermost deleted message is reported; map entries \
           are skipped. With `[breaking.policy] deprecate_then_reserve = true` this rule \
           replaces MESSAGE_NO_DELETE.",
    why: "Generated code that names the message stops compiling, and services that use it as \
          a request or response break: deprecation gives its users a release to move away.",
    fix: "First release the message with `option deprecated = true;`, then delete it.",
    example: Example {
        old: "message Meeting {}\nmessage LegacyRoom {}",
        new: "message Meeting {}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for m in diff.old.target_messages() {
        if m.map_entry || present(diff, &m.full_name) {
            continue;
        }
        // Reported once, at the outermost message that was deleted.
        if let Some((parent, _)) = m.full_name.rsplit_once('.') {
            if diff.old.message(parent).is_some() && !present(diff, parent) {
                continue;
            }
        }
        if message_deprecated(diff.old, &m.full_name) {
            continue;
        }
        let old_file = diff.old.file_of(m.file);
        let new = diff
            .new
            .file(&old_file.path)
            .filter(|f| f.target)
            .map(|f| diff.deleted_element_anchor(f, &m.nested_name));
        sink.report(
            format!(
                "Message \"{}\" was deleted without being deprecated first.",
                m.full_name
            ),
            new,
            Some(diff.old_place(m.file, &m.span)),
        )
        .help = Some(format!(
            "restore message {} with `option deprecated = true;` and delete it in a later \
             release",
            m.name
        ));
    }
}

fn present(diff: &Diff, full_name: &str) -> bool {
    diff.new
        .message(full_name)
        .is_some_and(|n| diff.new.file_of(n.file).target)
}
