//! FIELD_ONEOF_TRANSITION

use super::shared::describe;
use crate::model::{Field, Message};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_ONEOF_TRANSITION",
    summary: "Existing fields moved into a oneof together, or a field left or changed its \
              oneof.",
    what: "For every field present in both versions (paired by message full name and number) \
           whose real oneof changed (proto3 `optional`'s synthetic oneof does not count): \
           moving into a oneof is allowed when no other member of that NEW oneof existed in \
           the OLD message (one existing field plus new fields: the seed's `user_id` → \
           `participant_ref` transition); moving into a oneof beside another existing field, \
           out of a oneof, or from one oneof to another is reported. With `[breaking.policy] \
           oneof_transition = true` this rule replaces FIELD_SAME_ONEOF.",
    why: "On the wire, a oneof member is an ordinary field: a payload of the OLD contract \
          that sets one existing field reads the same when that field is the only old member \
          of a new oneof. But a writer of the OLD contract may set two fields that are now \
          members of one oneof: a reader of NEW keeps only the last one and silently drops \
          the other. Moving out of a oneof breaks OLD readers the same way for NEW writers.",
    fix: "Move exactly one existing field into a new oneof, next to new fields only. To merge \
          two existing fields, add a new oneof with new fields and deprecate the old ones.",
    example: Example {
        old: "message Participant {\n  string user_id = 2;\n  string email = 3;\n}",
        new: "message Participant {\n  oneof identity {\n    string user_id = 2;\n    string email = 3;\n  }\n}",
    },
    check,
};

/// The real (non-synthetic) oneof of a field, as (index, name).
fn real_oneof<'a>(f: &Field, m: &'a Message) -> Option<(usize, &'a str)> {
    let i = f.oneof_index?;
    let o = m.oneofs.get(i)?;
    (!o.synthetic).then_some((i, o.name.as_str()))
}

fn check(diff: &Diff, sink: &mut Sink) {
    for p in diff.field_pairs() {
        let old = real_oneof(p.old, p.old_message);
        let new = real_oneof(p.new, p.new_message);
        let message = match (old, new) {
            (None, None) => continue,
            (Some((_, a)), Some((_, b))) if a == b => continue,
            (None, Some((index, name))) => {
                // Other members of the NEW oneof that the OLD message already had.
                let others: Vec<&Field> = p
                    .new_message
                    .fields
                    .iter()
                    .filter(|f| {
                        f.number != p.new.number
                            && f.oneof_index == Some(index)
                            && p.old_message.field(f.number).is_some()
                    })
                    .collect();
                let Some(other) = others.first() else {
                    continue;
                };
                format!(
                    "{} on message \"{}\" moved into oneof \"{name}\" together with field \"{}\" \
                     (\"{}\"), which also existed before: a writer of the previous version may \
                     set both, and a reader of this one keeps only the last.",
                    describe(p.new),
                    p.new_message.name,
                    other.number,
                    other.name
                )
            }
            (Some((_, a)), None) => format!(
                "{} on message \"{}\" moved out of oneof \"{a}\": a writer of this version may \
                 set it together with the oneof's members, and a reader of the previous one \
                 keeps only the last.",
                describe(p.new),
                p.new_message.name
            ),
            (Some((_, a)), Some((_, b))) => format!(
                "{} on message \"{}\" moved from oneof \"{a}\" to oneof \"{b}\": the members it \
                 excludes changed.",
                describe(p.new),
                p.new_message.name
            ),
        };
        let finding = sink.report(
            message,
            Some(diff.new_place(p.new.file, &p.new.spans.decl)),
            Some(diff.old_place(p.old.file, &p.old.spans.decl)),
        );
        finding.help = Some(
            "move at most one existing field into a new oneof, next to new fields only".into(),
        );
        finding.effects = crate::rules::field::field_same_oneof::oneof_effects(
            p.old,
            Some(p.old_message),
            p.new,
            Some(p.new_message),
        );
    }
}
