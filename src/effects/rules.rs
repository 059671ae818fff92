//! What each rule's findings do at run time: the worst case (what a finding gets unless its
//! rule decides from the concrete change, see [`super::change`]) and the reasoning, shown by
//! `explain` and in SARIF rule metadata. Like the category tables, this lives beside the rules
//! rather than inside them; a test checks that every rule has an entry.

use super::Effect::{Dropped, Misread, Ok, Rejected};
use super::{Effects, PerEncoding};

/// A rule's run-time effects.
#[derive(Debug, Clone, Copy)]
pub struct RuleEffects {
    /// The worst case; a finding starts with it.
    pub worst: Effects,
    /// The rule decides each finding's effects from the concrete change (they may be milder
    /// than `worst`).
    pub per_change: bool,
    /// Why, in a few sentences.
    pub explain: &'static str,
}

impl RuleEffects {
    /// Whether the rule's findings can have an effect beyond generated code: such rules run
    /// under `--require` whatever the category selection.
    pub fn has_runtime_effect(&self) -> bool {
        self.worst.has_runtime_effect()
    }
}

const fn fx(
    backward: (super::Effect, super::Effect),
    forward: (super::Effect, super::Effect),
) -> Effects {
    Effects::new(
        PerEncoding::new(backward.0, backward.1),
        PerEncoding::new(forward.0, forward.1),
    )
}

const fn fixed(worst: Effects, explain: &'static str) -> RuleEffects {
    RuleEffects {
        worst,
        per_change: false,
        explain,
    }
}

const fn varies(worst: Effects, explain: &'static str) -> RuleEffects {
    RuleEffects {
        worst,
        per_change: true,
        explain,
    }
}

const CODE: &str = "Only generated code changes (names, packages, classes, accessors): the bytes \
                    and the JSON a message is written as stay the same, so every reader gets \
                    every value. Callers' code breaks when it is regenerated.";

const FIELD_DELETED: &str = "Backward (NEW reads what OLD writes): OLD writers still send the \
    field. On the wire NEW skips it as an unknown field, so the value is dropped; a strict JSON \
    parser (Go's protojson, Java's JsonFormat and C++'s JsonStringToMessage by default) refuses \
    the unknown name, so JSON is rejected. Forward (OLD reads what NEW writes): NEW never writes \
    the field and OLD reads its default, as it would for any message that left it unset: ok. \
    When the same name lives on under another number (a renumbering), JSON is unaffected both \
    ways, while on the wire each side drops what the other writes.";

const VALUE_DELETED: &str = "Backward: OLD writers may still send the value. On the wire NEW \
    does not know the number: an open (proto3) enum keeps it as an unrecognized number the code \
    cannot name, a closed (proto2) enum moves it to unknown fields and reads the field as its \
    default; either way the meaning is dropped. A strict JSON parser refuses the unknown name: \
    rejected. Forward: NEW never writes the value: ok. When the name lives on under another \
    number (a renumbering), JSON is fine both ways, while on the wire each side drops the \
    other's number.";

/// The effects of `id`'s findings; `None` for an id that is not a rule.
pub fn of(id: &str) -> Option<RuleEffects> {
    let e = match id {
        // protocheck's own POLICY rules: the run-time effect of the change they police.
        "FIELD_NO_NEW_REQUIRED" => varies(
            fx((Rejected, Rejected), (Dropped, Rejected)),
            "Backward: OLD writers do not set the new required field. A proto2 `required` or \
             LEGACY_REQUIRED field makes NEW's parser refuse their messages in both encodings; a \
             `field_behavior = REQUIRED` annotation makes a NEW server refuse their requests \
             (AIP-180). Forward: NEW always sets the field, which OLD does not know: skipped on the \
             wire (dropped), refused by a strict JSON parser (rejected). An existing field that \
             becomes required is one OLD knows: forward is ok.",
        ),
        "FIELD_SAME_BEHAVIOR" => fixed(
            fx((Rejected, Rejected), (Ok, Ok)),
            "The bytes stay the same, but the API's contract changes: a field that becomes \
             IMMUTABLE or OUTPUT_ONLY is refused or ignored by a NEW server when OLD clients set \
             it (backward); a field that stops being OUTPUT_ONLY is one OLD clients never learned \
             to set.",
        ),
        "FIELD_NEW_WITH_PRESENCE" => fixed(
            fx((Ok, Ok), (Dropped, Rejected)),
            "Adding a field is what any addition does: OLD skips the new field on the wire \
             (dropped) and a strict JSON parser refuses its name (rejected). The rule is about \
             what NEW \
             code can know: without `optional`, a field an OLD writer never sent reads as zero, \
             and NEW cannot tell 'not sent' from 'zero' in a message the team declared \
             presence-sensitive.",
        ),
        "FIELD_NO_DELETE_UNLESS_DEPRECATED" => {
            fixed(fx((Dropped, Rejected), (Dropped, Ok)), FIELD_DELETED)
        }
        "ENUM_VALUE_NO_DELETE_UNLESS_DEPRECATED" => {
            fixed(fx((Dropped, Rejected), (Dropped, Ok)), VALUE_DELETED)
        }
        "MESSAGE_NO_DELETE_UNLESS_DEPRECATED" | "ENUM_NO_DELETE_UNLESS_DEPRECATED" => fixed(
            Effects::CODE_ONLY,
            "A type disappearing removes generated code; what it does to data is reported \
             where the data is (a field that used the type changes type or is deleted).",
        ),
        "RPC_NO_DELETE_UNLESS_DEPRECATED" | "SERVICE_NO_DELETE_UNLESS_DEPRECATED" => fixed(
            fx((Rejected, Rejected), (Ok, Ok)),
            "Backward (NEW serves OLD clients): OLD clients still call the method and NEW \
             answers UNIMPLEMENTED, whatever the encoding: rejected. Forward: NEW clients do not \
             call it: ok.",
        ),
        "FIELD_ONEOF_TRANSITION" => varies(
            fx((Dropped, Rejected), (Dropped, Rejected)),
            "When existing fields that an OLD writer may set together join one oneof, NEW keeps \
             only the last one set on the wire (the others are dropped) and a strict JSON parser \
             refuses a message that sets two members (rejected); NEW writes one member at a \
             time, which OLD reads as before: ok. A field moving out of a oneof does the same \
             forward: NEW may set it with the members OLD still has in the oneof.",
        ),
        "RPC_SAME_HTTP" => fixed(
            fx((Ok, Rejected), (Ok, Rejected)),
            "gRPC calls are unaffected (binary: ok). HTTP/JSON callers of the old path or verb \
             get 404 or 405 from a NEW server, and NEW's HTTP callers the same from an OLD one: \
             rejected in JSON both ways.",
        ),
        "MESSAGE_SAME_RESOURCE_PATTERN" => fixed(
            fx((Rejected, Rejected), (Rejected, Rejected)),
            "The resource name is still a string on the wire, but names written under one \
             pattern do not parse under the other: the reading side refuses them, in both \
             directions.",
        ),
        "FIELD_SAME_VALIDATION" => fixed(
            fx((Rejected, Rejected), (Rejected, Rejected)),
            "A tightened constraint makes NEW refuse data OLD accepted (backward: rejected); a \
             loosened one lets NEW write data an OLD validator refuses (forward: rejected). Each \
             finding says which way its constraint moved.",
        ),
        "FIELD_NO_DELETE"
        | "FIELD_NO_DELETE_UNLESS_NAME_RESERVED"
        | "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED" => {
            varies(fx((Dropped, Rejected), (Dropped, Ok)), FIELD_DELETED)
        }
        "EXTENSION_NO_DELETE" => fixed(
            fx((Dropped, Rejected), (Ok, Ok)),
            "Backward: OLD writers still set the extension; NEW skips it on the wire (dropped) \
             and a strict JSON parser refuses the unknown `[pkg.ext]` key (rejected). Forward: \
             NEW never sets it: ok.",
        ),
        "ENUM_VALUE_NO_DELETE"
        | "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED"
        | "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED" => {
            varies(fx((Dropped, Rejected), (Dropped, Ok)), VALUE_DELETED)
        }
        "RPC_NO_DELETE" | "SERVICE_NO_DELETE" | "PACKAGE_SERVICE_NO_DELETE" => fixed(
            fx((Rejected, Rejected), (Ok, Ok)),
            "Backward (NEW serves OLD clients): OLD clients still call the method and NEW \
             answers UNIMPLEMENTED, whatever the encoding: rejected. Forward (OLD serves NEW \
             clients): NEW clients do not call it: ok.",
        ),
        "FILE_NO_DELETE"
        | "PACKAGE_NO_DELETE"
        | "MESSAGE_NO_DELETE"
        | "PACKAGE_MESSAGE_NO_DELETE"
        | "ENUM_NO_DELETE"
        | "PACKAGE_ENUM_NO_DELETE"
        | "PACKAGE_EXTENSION_NO_DELETE"
        | "ONEOF_NO_DELETE"
        | "EXTENSION_MESSAGE_NO_DELETE" => fixed(
            Effects::CODE_ONLY,
            "A type, file or range disappearing removes generated code. What it does to data \
             is reported where the data is: a field that used the type changes type or is \
             deleted, a deleted RPC is reported by RPC_NO_DELETE. (A message packed in an \
             `Any` can no longer be unpacked by NEW.)",
        ),
        "RESERVED_MESSAGE_NO_DELETE" | "RESERVED_ENUM_NO_DELETE" => fixed(
            Effects::OK,
            "Dropping a reservation changes no byte and no generated code today: every value \
             reads as before. It lets a later change reuse the number or name, and that reuse \
             would misread data OLD wrote; keep the reservation.",
        ),
        "FIELD_SAME_TYPE" | "FIELD_WIRE_COMPATIBLE_TYPE" | "FIELD_WIRE_JSON_COMPATIBLE_TYPE" => {
            varies(
                Effects::all(Misread),
                "Decided per change, each way (OLD's type writes, NEW's reads, then the \
                 reverse). On the wire: a different wire type (varint, 32-bit, 64-bit, \
                 length-delimited) is skipped as an unknown field (dropped); zig-zag against \
                 plain varints (int32↔sint32) turns every value into another (misread); a \
                 narrower or differently signed integer cuts or flips values (int64→int32, \
                 int32→uint32: misread), a wider one holds them (int32→int64: ok); string→bytes \
                 is ok, bytes→string is rejected where strings are validated as UTF-8. In \
                 JSON: integers travel as numbers or strings and parsers accept both, so only \
                 the range matters (int32→int64 ok, int64→int32 rejected for big values; \
                 int32↔sint32 ok); bytes are base64 text, so string↔bytes is misread; \
                 objects, strings, numbers and booleans do not replace one another (rejected). \
                 A message or enum replaced by another is compared field by field (by number on \
                 the wire, by name in JSON). A change every value survives is code-only.",
            )
        }
        "FIELD_SAME_CARDINALITY"
        | "FIELD_WIRE_COMPATIBLE_CARDINALITY"
        | "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY" => varies(
            fx((Rejected, Rejected), (Rejected, Rejected)),
            "Decided per change, each way. A single value read as a list is a list of one on \
             the wire (ok) but a strict JSON parser wants an array (rejected); a list read as a \
             single value keeps only the last element, or skips a packed list entirely \
             (dropped; JSON rejected). A map and a list of entries are alike on the wire but \
             not in JSON. A reader that requires a field refuses messages without it \
             (rejected). Explicit against implicit presence changes only generated code.",
        ),
        "FIELD_SAME_ONEOF" => varies(
            fx((Dropped, Rejected), (Dropped, Rejected)),
            "Members of one oneof exclude each other. When the field joins a oneof that has \
             other members, an OLD writer may set several of them: NEW keeps the last on the \
             wire (dropped) and a strict JSON parser refuses the second member (rejected); \
             leaving a oneof does the same forward. Wrapping a single field in a oneof of its \
             own changes no byte: code-only.",
        ),
        "FIELD_SAME_NAME" => varies(
            fx((Ok, Rejected), (Ok, Rejected)),
            "The wire carries numbers, not names: binary is ok. JSON carries the JSON name: \
             unless `json_name` keeps it, each side's strict parser refuses the other's name \
             (rejected both ways).",
        ),
        "FIELD_SAME_JSON_NAME" => varies(
            fx((Ok, Rejected), (Ok, Rejected)),
            "The wire carries numbers: binary is ok. JSON writers use the JSON name, and a \
             strict parser refuses a name it does not know: rejected. Parsers accept a field's \
             own name as well, so a direction whose writer's JSON name is the reader's field \
             name is ok.",
        ),
        "ENUM_VALUE_SAME_NAME" => fixed(
            fx((Ok, Rejected), (Ok, Rejected)),
            "The wire carries the number: binary is ok. JSON carries the value's name, and a \
             strict parser refuses an enum name it does not know: rejected both ways.",
        ),
        "FIELD_SAME_DEFAULT" => fixed(
            Effects::all(Misread),
            "A proto2 default is not written: a reader supplies its own default for an unset \
             field. Each side reads the other's unset field as a different value, in both \
             encodings: misread both ways.",
        ),
        "FIELD_SAME_UTF8_VALIDATION" | "FIELD_SAME_JAVA_UTF8_VALIDATION" => varies(
            fx((Rejected, Ok), (Rejected, Ok)),
            "A reader that validates UTF-8 refuses a string a non-validating writer filled \
             with other bytes: rejected on the wire in the direction where the reader \
             validates and the writer did not. JSON text is always valid Unicode: ok.",
        ),
        "ENUM_SAME_TYPE" => varies(
            fx((Dropped, Rejected), (Dropped, Rejected)),
            "A closed enum puts numbers it does not name into unknown fields (the field reads \
             as its default: dropped) and a strict JSON parser refuses them (rejected); an open \
             enum keeps them. Turning an enum closed affects NEW reading OLD's data \
             (backward); turning it open affects OLD reading NEW's (forward).",
        ),
        "MESSAGE_SAME_REQUIRED_FIELDS" => fixed(
            fx((Rejected, Rejected), (Rejected, Rejected)),
            "A reader that requires a field refuses every message that lacks it, in both \
             encodings. A new required field breaks NEW reading OLD's messages (backward); a \
             field no longer required may be left out by NEW, which OLD then refuses \
             (forward).",
        ),
        "RPC_SAME_REQUEST_TYPE" | "RPC_SAME_RESPONSE_TYPE" => varies(
            fx((Misread, Rejected), (Misread, Rejected)),
            "The bytes of one message are parsed as another. Decided per change by comparing \
             the two messages field by field: by number on the wire (a number with another \
             type is misread, a number the reader lacks is dropped), by JSON name in JSON (a \
             name the reader lacks is rejected). Requests go from OLD clients to NEW servers \
             and back, responses the other way, so both directions are affected.",
        ),
        "RPC_SAME_CLIENT_STREAMING" | "RPC_SAME_SERVER_STREAMING" => fixed(
            Effects::all(Rejected),
            "A unary handler refuses a stream and a streaming client expects frames a unary \
             server does not send; generated stubs of the two sides no longer agree on the \
             call: rejected both ways, whatever the encoding.",
        ),
        "FILE_SAME_PACKAGE" => fixed(
            Effects::CODE_ONLY,
            "Every full name in the file changes: generated code moves. Message bytes carry \
             no names, so data is unaffected; what changes at run time (RPC paths, `Any` type \
             URLs) is reported by the service and message deletion rules.",
        ),
        "FILE_SAME_SYNTAX" => fixed(
            Effects::CODE_ONLY,
            "The syntax line itself changes generated code. What it changes in data (enums \
             turning open or closed, presence, defaults) is reported by ENUM_SAME_TYPE, the \
             cardinality rules and FIELD_SAME_DEFAULT.",
        ),
        "RPC_SAME_IDEMPOTENCY_LEVEL" => fixed(
            Effects::CODE_ONLY,
            "Message bytes do not change. Generated clients choose how to call the method \
             (Connect sends NO_SIDE_EFFECTS calls as HTTP GET, retry policies read it): the \
             calling code changes.",
        ),
        "ENUM_SAME_JSON_FORMAT" | "MESSAGE_SAME_JSON_FORMAT" => fixed(
            Effects::CODE_ONLY,
            "The feature only decides whether JSON name conflicts are checked when the schema \
             is compiled; the JSON of a valid message does not change.",
        ),
        "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR"
        | "FIELD_SAME_JSTYPE"
        | "FIELD_SAME_CPP_STRING_TYPE" => fixed(Effects::CODE_ONLY, CODE),
        other if other.starts_with("FILE_SAME_") => fixed(Effects::CODE_ONLY, CODE),
        _ => return None,
    };
    Some(e)
}

/// Effects that are exactly `CodeOnly` everywhere; used by tests.
#[cfg(test)]
fn is_code_only(e: &Effects) -> bool {
    e.iter().all(|(_, _, x)| x == super::Effect::CodeOnly)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_effects() {
        for r in crate::rules::all() {
            let e = of(r.id).unwrap_or_else(|| panic!("{} has no effects entry", r.id));
            assert!(!e.explain.trim().is_empty(), "{}", r.id);
            if e.per_change {
                assert!(
                    e.has_runtime_effect(),
                    "{}: per-change but never harmful",
                    r.id
                );
            }
        }
        assert!(is_code_only(
            &of("FILE_SAME_JAVA_PACKAGE").expect("a rule").worst
        ));
        assert!(of("NOT_A_RULE").is_none());
    }
}
