//! What several POLICY rules share: new fields of paired messages, deprecation through
//! enclosing elements, and field descriptions.

use crate::model::{label, options::field_behavior, Contract, Field, Message};
use crate::pair::Diff;

/// A field of a paired message whose number OLD did not have.
pub struct Added<'a> {
    pub old_message: &'a Message,
    pub new_message: &'a Message,
    pub field: &'a Field,
}

/// Fields added to messages that exist on both sides (extensions and map entries skipped).
pub fn added_fields<'a>(diff: &Diff<'a>) -> Vec<Added<'a>> {
    let mut out = Vec::new();
    for (om, nm) in diff.message_pairs() {
        if nm.map_entry {
            continue;
        }
        for f in &nm.fields {
            if om.field(f.number).is_none() {
                out.push(Added {
                    old_message: om,
                    new_message: nm,
                    field: f,
                });
            }
        }
    }
    out
}

/// `Field "2" with name "user_id"`, as buf describes fields.
pub fn describe(f: &Field) -> String {
    format!("Field \"{}\" with name \"{}\"", f.number, f.name)
}

/// Why a field must be set: proto2 `required`, editions `LEGACY_REQUIRED`, or
/// `(google.api.field_behavior) = REQUIRED`; `None` when nothing makes it required.
pub fn required_by(f: &Field) -> Option<&'static str> {
    if f.label == label::REQUIRED {
        Some("is proto2 `required`")
    } else if f.features.field_presence == crate::model::features::presence::LEGACY_REQUIRED {
        Some("has `features.field_presence = LEGACY_REQUIRED`")
    } else if f.behavior.contains(&field_behavior::REQUIRED) {
        Some("is annotated `(google.api.field_behavior) = REQUIRED`")
    } else {
        None
    }
}

/// Whether the message `full_name` of `c`, or a message around it, is deprecated.
pub fn message_deprecated(c: &Contract, full_name: &str) -> bool {
    let mut name = full_name;
    loop {
        if c.message(name).is_some_and(|m| m.deprecated) {
            return true;
        }
        match name.rsplit_once('.') {
            Some((parent, _)) => name = parent,
            None => return false,
        }
    }
}
