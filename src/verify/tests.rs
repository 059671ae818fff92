//! The generator and the classifier on small schemas, one change at a time.

use std::collections::BTreeMap;

use super::*;
use crate::input::{Input, SourceFile, SourceTree};

fn compiled(text: &str, side: &'static str) -> Compiled {
    let mut files = BTreeMap::new();
    files.insert("t.proto".to_owned(), SourceFile::new(text.to_owned()));
    let tree = SourceTree {
        files,
        import_roots: Vec::new(),
        deps: Default::default(),
        root_prefix: String::new(),
        renamed: Default::default(),
        buf_yaml: None,
    };
    crate::compile::compile(&Input::Sources(tree), side, side)
        .unwrap_or_else(|e| panic!("{side} does not compile: {e:?}"))
}

fn pair(old: &str, new: &str) -> Pair {
    Pair::new(&compiled(old, "old"), &compiled(new, "new"))
        .unwrap_or_else(|(side, e)| panic!("{side}: {e}"))
}

fn check(old: &str, new: &str, message: &str) -> MessageReport {
    let r = pair(old, new).verify_message(message, &Options::default());
    assert!(r.internal_error.is_none(), "{:?}", r.internal_error);
    r
}

/// (ok, dropped, misread, rejected) for one direction and encoding.
fn counts(r: &MessageReport, d: Direction, e: Encoding) -> (usize, usize, usize, usize) {
    let o = r.outcome(d, e).expect("checked");
    assert_eq!(o.ok + o.dropped + o.misread + o.rejected, o.payloads);
    (o.ok, o.dropped, o.misread, o.rejected)
}

fn worst(r: &MessageReport, d: Direction, e: Encoding) -> Effect {
    r.outcome(d, e).expect("checked").worst()
}

use Direction::{Backward, Forward};
use Encoding::{Binary, Json};

const P3: &str = "syntax = \"proto3\";\npackage t;\n";
const P2: &str = "syntax = \"proto2\";\npackage t;\n";

fn p3(body: &str) -> String {
    format!("{P3}{body}")
}
fn p2(body: &str) -> String {
    format!("{P2}{body}")
}

/// Every kind of field, against itself: nothing may fail (no false alarm from the generator,
/// the wire filter or the comparison).
#[test]
fn an_unchanged_schema_survives_everything() {
    let proto3 = p3(r#"
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/any.proto";
enum Color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; }
message All {
  double d = 1; float f = 2; int32 i32 = 3; int64 i64 = 4; uint32 u32 = 5; uint64 u64 = 6;
  sint32 s32 = 7; sint64 s64 = 8; fixed32 f32 = 9; fixed64 f64 = 10; sfixed32 sf32 = 11;
  sfixed64 sf64 = 12; bool b = 13; string s = 14; bytes by = 15; Color c = 16;
  repeated int32 packed = 17; repeated int32 unpacked = 18 [packed = false];
  repeated string names = 19; repeated Color colors = 20;
  map<string, int64> counts = 21; map<int32, All> children = 22;
  oneof choice { string text = 23; All nested = 24; int64 number = 25; }
  optional int32 maybe = 26;
  All self = 27; repeated All many = 28;
  google.protobuf.Timestamp at = 29; google.protobuf.Duration took = 30;
  google.protobuf.Struct meta = 31; google.protobuf.Value value = 32;
  google.protobuf.Int64Value wrapped = 33; google.protobuf.FieldMask mask = 34;
  google.protobuf.Any any = 35;
  google.protobuf.DoubleValue ratio = 36; repeated google.protobuf.FloatValue scores = 37;
  google.protobuf.NullValue nothing = 38; repeated google.protobuf.NullValue nothings = 39;
}
"#);
    let r = check(&proto3, &proto3, "t.All");
    for d in Direction::ALL {
        for e in Encoding::ALL {
            assert_eq!(
                worst(&r, d, e),
                Effect::Ok,
                "{d:?} {e:?}: {:#?}",
                r.outcome(d, e).map(|o| &o.examples)
            );
        }
    }
    let proto2 = p2(r#"
enum Kind { A = 1; B = 2; }
message Old {
  required int32 id = 1;
  optional string name = 2 [default = "x"];
  optional Kind kind = 3 [default = B];
  repeated group Item = 4 { optional int64 v = 5; optional Old inner = 6; }
  optional group Single = 7 { required bool flag = 8; }
  repeated sint64 deltas = 9 [packed = true];
  optional double ratio = 10 [default = -inf];
  map<string, Kind> kinds = 11;
}
"#);
    let r = check(&proto2, &proto2, "t.Old");
    for d in Direction::ALL {
        for e in Encoding::ALL {
            assert_eq!(worst(&r, d, e), Effect::Ok, "{d:?} {e:?}: {r:#?}");
        }
    }
}

#[test]
fn editions_features_survive_unchanged_and_closed_enums_drop_unknown_values() {
    let old = r#"edition = "2023";
package t;
option features.field_presence = IMPLICIT;
enum Open { OPEN_UNSPECIFIED = 0; ONE = 1; }
enum Closed { option features.enum_type = CLOSED; CLOSED_UNSPECIFIED = 0; X = 1; Y = 2; }
message Node {
  int32 id = 1;
  Node child = 2 [features.message_encoding = DELIMITED];
  repeated int32 plain = 3 [features.repeated_field_encoding = EXPANDED];
  repeated int64 packed = 4;
  Open open = 5;
  Closed closed = 6 [features.field_presence = EXPLICIT];
  string name = 7 [features.field_presence = EXPLICIT];
}
"#;
    let r = check(old, old, "t.Node");
    for d in Direction::ALL {
        for e in Encoding::ALL {
            assert_eq!(worst(&r, d, e), Effect::Ok, "{d:?} {e:?}: {r:#?}");
        }
    }
    // Y deleted from the closed enum: an OLD payload with Y reaches NEW as an unknown field.
    let new = old.replace(" Y = 2;", "");
    let r = check(old, &new, "t.Node");
    assert_eq!(worst(&r, Backward, Binary), Effect::Dropped);
    assert_eq!(worst(&r, Backward, Json), Effect::Rejected);
    assert_eq!(worst(&r, Forward, Binary), Effect::Ok);
}

#[test]
fn int32_to_sint32_is_misread_in_binary_only() {
    let old = p3("message M { int32 v = 1; }");
    let new = p3("message M { sint32 v = 1; }");
    let r = check(&old, &new, "t.M");
    for d in Direction::ALL {
        assert_eq!(worst(&r, d, Binary), Effect::Misread);
        assert_eq!(worst(&r, d, Json), Effect::Ok);
    }
    let ex = &r.outcome(Backward, Binary).unwrap().examples[&Effect::Misread];
    assert!(ex.detail.contains("read as"), "{}", ex.detail);
    // The example is minimal: one field.
    assert_eq!(&ex.payload[..2], "08");
}

#[test]
fn int32_to_int64_is_ok_backward_and_cuts_values_forward() {
    let old = p3("message M { int32 v = 1; }");
    let new = p3("message M { int64 v = 1; }");
    let r = check(&old, &new, "t.M");
    assert_eq!(counts(&r, Backward, Binary), (100, 0, 0, 0));
    assert_eq!(counts(&r, Backward, Json), (100, 0, 0, 0));
    // NEW writes int64 values that do not fit OLD's int32.
    assert_eq!(worst(&r, Forward, Binary), Effect::Misread);
    assert_eq!(worst(&r, Forward, Json), Effect::Rejected);
}

#[test]
fn a_deleted_field_is_dropped_backward_and_rejected_in_json() {
    let old = p3("message M { int32 a = 1; string b = 2; }");
    let new = p3("message M { int32 a = 1; reserved 2; }");
    let r = check(&old, &new, "t.M");
    let (ok, dropped, misread, rejected) = counts(&r, Backward, Binary);
    assert!(dropped > 0 && ok > 0 && misread == 0 && rejected == 0);
    let ex = &r.outcome(Backward, Binary).unwrap().examples[&Effect::Dropped];
    assert!(ex.detail.contains("unknown to the reader"), "{}", ex.detail);
    assert_eq!(worst(&r, Backward, Json), Effect::Rejected);
    // OLD reads NEW's payloads: `b` is simply never set.
    assert_eq!(worst(&r, Forward, Binary), Effect::Ok);
    assert_eq!(worst(&r, Forward, Json), Effect::Ok);
}

#[test]
fn string_to_bytes() {
    let old = p3("message M { string s = 1; }");
    let new = p3("message M { bytes s = 1; }");
    let r = check(&old, &new, "t.M");
    // Every string is bytes; not every byte string is UTF-8.
    assert_eq!(worst(&r, Backward, Binary), Effect::Ok);
    assert_eq!(worst(&r, Forward, Binary), Effect::Rejected);
    // JSON carries bytes as base64: a string read as base64 fails or means other bytes.
    assert!(worst(&r, Backward, Json) >= Effect::Rejected);
}

#[test]
fn a_deleted_enum_value() {
    let old = p3("enum E { E_UNSPECIFIED = 0; A = 1; B = 2; }\nmessage M { E e = 1; }");
    let new = p3("enum E { E_UNSPECIFIED = 0; A = 1; }\nmessage M { E e = 1; }");
    let r = check(&old, &new, "t.M");
    // An open enum keeps the number, but NEW cannot name it: what it meant is dropped (as
    // the rules state). JSON sends the name, which NEW does not know.
    assert_eq!(worst(&r, Backward, Binary), Effect::Dropped);
    assert_eq!(worst(&r, Backward, Json), Effect::Rejected);
    // In proto2 enums are closed: the value goes to the unknown fields.
    let old = p2("enum E { A = 1; B = 2; }\nmessage M { optional E e = 1; }");
    let new = p2("enum E { A = 1; }\nmessage M { optional E e = 1; }");
    let r = check(&old, &new, "t.M");
    assert_eq!(worst(&r, Backward, Binary), Effect::Dropped);
}

#[test]
fn a_group_read_as_a_message_is_dropped() {
    let old = p2("message M { optional group G = 1 { optional int32 v = 2; } }");
    let new = p2("message M { optional G g = 1; message G { optional int32 v = 2; } }");
    let r = check(&old, &new, "t.M");
    // A group is not length-delimited: a conformant parser keeps it as an unknown field.
    assert_eq!(worst(&r, Backward, Binary), Effect::Dropped);
    assert_eq!(worst(&r, Forward, Binary), Effect::Dropped);
    // Same names in JSON (a group's field is named after the lowercased group).
    assert_eq!(worst(&r, Backward, Json), Effect::Ok);
}

#[test]
fn maps_widen_their_values_like_fields() {
    let old = p3("message M { map<string, int32> m = 1; }");
    let new = p3("message M { map<string, int64> m = 1; }");
    let r = check(&old, &new, "t.M");
    assert_eq!(worst(&r, Backward, Binary), Effect::Ok);
    assert_eq!(worst(&r, Forward, Binary), Effect::Misread);
}

#[test]
fn two_fields_wrapped_in_a_oneof_keep_only_the_last() {
    let old = p3("message M { int32 a = 1; int32 b = 2; }");
    let new = p3("message M { oneof o { int32 a = 1; int32 b = 2; } }");
    let r = check(&old, &new, "t.M");
    assert_eq!(worst(&r, Backward, Binary), Effect::Dropped);
    assert_eq!(worst(&r, Forward, Binary), Effect::Ok);
    // One field into a oneof changes nothing on the wire.
    let new = p3("message M { oneof o { int32 a = 1; } int32 b = 2; }");
    let r = check(&old, &new, "t.M");
    assert_eq!(worst(&r, Backward, Binary), Effect::Ok);
}

#[test]
fn a_changed_default_is_misread_when_unset() {
    let old = p2("message M { optional int32 v = 1 [default = 5]; }");
    let new = p2("message M { optional int32 v = 1 [default = 6]; }");
    let r = check(&old, &new, "t.M");
    assert_eq!(worst(&r, Backward, Binary), Effect::Misread);
    let ex = &r.outcome(Backward, Binary).unwrap().examples[&Effect::Misread];
    assert_eq!(ex.payload, "", "an empty message shows it");
}

#[test]
fn a_new_required_field_is_rejected() {
    let old = p2("message M { optional int32 a = 1; }");
    let new = p2("message M { optional int32 a = 1; required int32 b = 2; }");
    let r = check(&old, &new, "t.M");
    assert_eq!(worst(&r, Backward, Binary), Effect::Rejected);
    assert_eq!(worst(&r, Forward, Binary), Effect::Dropped);
}

#[test]
fn the_same_seed_gives_the_same_report() {
    let old = p3("message M { int32 a = 1; map<string, string> m = 2; repeated M k = 3; }");
    let new = p3("message M { sint32 a = 1; map<string, bytes> m = 2; repeated M k = 3; }");
    let p = pair(&old, &new);
    let json = |seed| {
        let opts = Options {
            seed,
            ..Options::default()
        };
        serde_json::to_string(&p.verify_message("t.M", &opts)).unwrap()
    };
    assert_eq!(json(7), json(7));
    assert_ne!(json(7), json(8));
}

#[test]
fn the_generator_covers_edges_unknown_enum_numbers_and_stays_in_depth() {
    let proto = p3(r#"
enum E { E_UNSPECIFIED = 0; A = 1; }
message M { int32 i = 1; int64 l = 2; uint64 u = 3; double d = 4; E e = 5; M next = 6; }
"#);
    let p = pair(&proto, &proto);
    let desc = p.new.pool.get_message_by_name("t.M").unwrap();
    let mut g = generate::Generator::new(&p.new, 3, &["t.M"], 3);
    let (mut min, mut max, mut nan, mut unknown, mut deepest) = (false, false, false, false, 0);
    for _ in 0..500 {
        let m = g.message(&desc);
        let mut depth = 0;
        let mut cur = Some(m);
        while let Some(msg) = cur {
            let get = |n: &str| msg.get_field_by_name(n).map(|v| v.into_owned());
            min |= get("i") == Some(Value::I32(i32::MIN));
            max |= get("u") == Some(Value::U64(u64::MAX));
            nan |= get("d").and_then(|v| v.as_f64()).is_some_and(f64::is_nan);
            unknown |= get("e")
                .and_then(|v| v.as_enum_number())
                .is_some_and(|n| n > 1);
            cur = msg.has_field_by_name("next").then(|| {
                msg.get_field_by_name("next")
                    .unwrap()
                    .as_message()
                    .unwrap()
                    .clone()
            });
            depth += 1;
        }
        deepest = deepest.max(depth);
    }
    assert!(min && max && nan && unknown);
    assert_eq!(deepest, 4, "the top message and three nested levels");

    // A closed enum never gets a number it does not name.
    let proto = p2("enum E { A = 1; B = 2; }\nmessage M { repeated E e = 1; }");
    let p = pair(&proto, &proto);
    let desc = p.new.pool.get_message_by_name("t.M").unwrap();
    let mut g = generate::Generator::new(&p.new, 3, &["t.M"], 3);
    for _ in 0..300 {
        let m = g.message(&desc);
        for v in m.get_field_by_name("e").unwrap().as_list().unwrap() {
            assert!(matches!(v, Value::EnumNumber(1 | 2)), "{v:?}");
        }
    }
}
