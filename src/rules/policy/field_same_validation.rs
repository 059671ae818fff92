//! FIELD_SAME_VALIDATION

use crate::model::options::{WireMessage, WireValue};
use crate::model::{Place, Span};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_VALIDATION",
    summary: "A validation constraint (protovalidate or protoc-gen-validate) was tightened, \
              loosened or changed.",
    what: "For every field present in both versions (paired by message full name and number), \
           the constraints of protovalidate's `(buf.validate.field)` and of \
           protoc-gen-validate's `(validate.rules)` are compared one by one: bounds (`lt`, \
           `lte`, `gt`, `gte`, `min_len`, `max_len`, `min_items`, `max_items`, …), `const` and \
           `len`, `in` and `not_in` lists, flags (`required`, `defined_only`, `unique`, formats \
           such as `email`), text constraints (`pattern`, `prefix`, …) and CEL rules (by id), \
           recursing into `repeated.items` and `map.keys`/`values`. Also compared: \
           `(buf.validate.message)` CEL rules and `(buf.validate.oneof).required`. Each change \
           is reported with the constraint, the old and new value, and the side it breaks.",
    why: "The constraints are part of the contract. A tightened constraint (a lower max_len, a \
          narrower range, a new pattern, `required` added, `defined_only` on an enum, an `in` \
          list missing values) rejects data the previous version accepted: clients that send \
          it (writers of old data) start failing. A loosened constraint accepts data the \
          previous version rejected: readers that relied on it (consumers of responses) get \
          values they never had to handle. A changed regular expression or CEL expression \
          cannot be compared, so it is reported as changed.",
    fix: "Keep the constraint. Tighten only for a new field or a new API version; loosen only \
          when every reader handles the wider values.",
    example: Example {
        old: "string title = 1 [(buf.validate.field).string.max_len = 200];",
        new: "string title = 1 [(buf.validate.field).string.max_len = 100];",
    },
    check,
};

/// What a constraint means, for deciding in which direction a change breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An upper bound: lower is tighter.
    Upper,
    /// A lower bound: higher is tighter.
    Lower,
    /// A single allowed value (`const`, `len`).
    Exact,
    /// Set: tighter; unset: looser.
    Flag,
    /// Allowed values: fewer is tighter.
    In,
    /// Refused values: more is tighter.
    NotIn,
    /// Text or a value that cannot be ordered (regular expressions, prefixes, durations).
    Opaque,
    /// Nested `FieldRules` (repeated items, map keys and values).
    Nested,
}

/// How a numeric value of a rule message is encoded.
#[derive(Clone, Copy)]
enum Enc {
    Int,
    Uint,
    Sint,
    Fixed32,
    Fixed64,
    Sfixed32,
    Sfixed64,
    Float,
    Double,
    /// Strings and messages.
    Other,
}

/// The type rules of `FieldRules`: the same numbers in protovalidate and protoc-gen-validate,
/// except `message` (17), which only protoc-gen-validate has.
fn type_rules(tag: u32) -> Option<(&'static str, Enc)> {
    Some(match tag {
        1 => ("float", Enc::Float),
        2 => ("double", Enc::Double),
        3 => ("int32", Enc::Int),
        4 => ("int64", Enc::Int),
        5 => ("uint32", Enc::Uint),
        6 => ("uint64", Enc::Uint),
        7 => ("sint32", Enc::Sint),
        8 => ("sint64", Enc::Sint),
        9 => ("fixed32", Enc::Fixed32),
        10 => ("fixed64", Enc::Fixed64),
        11 => ("sfixed32", Enc::Sfixed32),
        12 => ("sfixed64", Enc::Sfixed64),
        13 => ("bool", Enc::Other),
        14 => ("string", Enc::Other),
        15 => ("bytes", Enc::Other),
        16 => ("enum", Enc::Int),
        17 => ("message", Enc::Other),
        18 => ("repeated", Enc::Uint),
        19 => ("map", Enc::Uint),
        20 => ("any", Enc::Other),
        21 => ("duration", Enc::Other),
        22 => ("timestamp", Enc::Other),
        _ => return None,
    })
}

/// A constraint inside a type's rules of `system` (`buf.validate.field` or `validate.rules`):
/// its name and kind (a name `#N`: unknown to protocheck, compared as an opaque value).
fn constraint(system: &str, type_name: &str, tag: u32) -> (String, Kind) {
    let pgv = system == "validate.rules";
    use Kind::*;
    let (name, kind): (&str, Kind) = match (type_name, tag) {
        (
            "float" | "double" | "int32" | "int64" | "uint32" | "uint64" | "sint32" | "sint64"
            | "fixed32" | "fixed64" | "sfixed32" | "sfixed64",
            _,
        ) => match tag {
            1 => ("const", Exact),
            2 => ("lt", Upper),
            3 => ("lte", Upper),
            4 => ("gt", Lower),
            5 => ("gte", Lower),
            6 => ("in", In),
            7 => ("not_in", NotIn),
            // protoc-gen-validate: ignore_empty = 8 in every number type. protovalidate:
            // finite = 8 in float and double, example = 8 in the other number types but
            // int64, and example = 9 in float, double and int64.
            8 if pgv => ("ignore_empty", Opaque),
            8 if matches!(type_name, "float" | "double") => ("finite", Flag),
            8 if type_name != "int64" => (EXAMPLE, Opaque),
            9 if !pgv && matches!(type_name, "float" | "double" | "int64") => (EXAMPLE, Opaque),
            _ => ("", Opaque),
        },
        ("bool", 1) => ("const", Exact),
        ("string", _) => match tag {
            1 => ("const", Exact),
            19 => ("len", Exact),
            2 => ("min_len", Lower),
            3 => ("max_len", Upper),
            20 => ("len_bytes", Exact),
            4 => ("min_bytes", Lower),
            5 => ("max_bytes", Upper),
            6 => ("pattern", Opaque),
            7 => ("prefix", Opaque),
            8 => ("suffix", Opaque),
            9 => ("contains", Opaque),
            23 => ("not_contains", Opaque),
            10 => ("in", In),
            11 => ("not_in", NotIn),
            12 => ("email", Flag),
            13 => ("hostname", Flag),
            14 => ("ip", Flag),
            15 => ("ipv4", Flag),
            16 => ("ipv6", Flag),
            17 => ("uri", Flag),
            18 => ("uri_ref", Flag),
            21 => ("address", Flag),
            22 => ("uuid", Flag),
            _ => ("", Opaque),
        },
        ("bytes", _) => match tag {
            1 => ("const", Exact),
            13 => ("len", Exact),
            2 => ("min_len", Lower),
            3 => ("max_len", Upper),
            4 => ("pattern", Opaque),
            5 => ("prefix", Opaque),
            6 => ("suffix", Opaque),
            7 => ("contains", Opaque),
            8 => ("in", In),
            9 => ("not_in", NotIn),
            10 => ("ip", Flag),
            11 => ("ipv4", Flag),
            12 => ("ipv6", Flag),
            _ => ("", Opaque),
        },
        ("enum", _) => match tag {
            1 => ("const", Exact),
            2 => ("defined_only", Flag),
            3 => ("in", In),
            4 => ("not_in", NotIn),
            _ => ("", Opaque),
        },
        ("message", 2) => ("required", Flag),
        ("repeated", _) => match tag {
            1 => ("min_items", Lower),
            2 => ("max_items", Upper),
            3 => ("unique", Flag),
            4 => ("items", Nested),
            _ => ("", Opaque),
        },
        ("map", _) => match tag {
            1 => ("min_pairs", Lower),
            2 => ("max_pairs", Upper),
            3 => ("no_sparse", Flag),
            4 => ("keys", Nested),
            5 => ("values", Nested),
            _ => ("", Opaque),
        },
        ("any", _) => match tag {
            1 => ("required", Flag),
            2 => ("in", In),
            3 => ("not_in", NotIn),
            _ => ("", Opaque),
        },
        _ => ("", Opaque),
    };
    if name.is_empty() {
        (format!("#{tag}"), kind)
    } else {
        (name.to_owned(), kind)
    }
}

/// protovalidate's documentation-only `example` values.
const EXAMPLE: &str = "example";

/// One constraint as set on one side.
#[derive(Clone)]
struct Constraint {
    /// `(buf.validate.field).string.max_len`
    path: String,
    kind: Kind,
    enc: Enc,
    values: Vec<WireValue>,
}

/// Flattens a `FieldRules` message of `system` into its constraints.
fn flatten(system: &str, prefix: &str, rules: &WireMessage, out: &mut Vec<Constraint>) {
    for tag in rules.tags() {
        let values: Vec<WireValue> = rules.values(tag).cloned().collect();
        if let Some((type_name, enc)) = type_rules(tag) {
            let Some(inner) = rules.message(tag) else {
                continue;
            };
            for t in inner.tags() {
                let (name, kind) = constraint(system, type_name, t);
                if name == EXAMPLE {
                    // protovalidate's `example` documents a valid value; it constrains nothing.
                    continue;
                }
                let path = format!("{prefix}.{type_name}.{name}");
                if kind == Kind::Nested {
                    if let Some(nested) = inner.message(t) {
                        flatten(system, &path, &nested, out);
                    }
                    continue;
                }
                let enc = match (type_name, kind) {
                    ("string" | "bytes" | "repeated" | "map", Kind::Upper | Kind::Lower)
                    | ("string" | "bytes", Kind::Exact)
                        if name != "const" =>
                    {
                        Enc::Uint
                    }
                    ("repeated" | "map", _) => Enc::Uint,
                    _ => enc,
                };
                out.push(Constraint {
                    path,
                    kind,
                    enc,
                    values: inner.values(t).cloned().collect(),
                });
            }
            continue;
        }
        let (name, kind) = match (system, tag) {
            ("buf.validate.field", 25) => ("required".to_owned(), Kind::Flag),
            ("buf.validate.field", 23) => {
                cel(&format!("{prefix}.cel"), &values, out);
                continue;
            }
            ("buf.validate.field", 27) => ("ignore".to_owned(), Kind::Opaque),
            _ => (format!("#{tag}"), Kind::Opaque),
        };
        out.push(Constraint {
            path: format!("{prefix}.{name}"),
            kind,
            enc: Enc::Other,
            values,
        });
    }
}

/// CEL rules (`Rule { id = 1, message = 2, expression = 3 }`), one constraint per id.
fn cel(prefix: &str, values: &[WireValue], out: &mut Vec<Constraint>) {
    for v in values {
        let WireValue::Bytes(b) = v else { continue };
        let Some(rule) = WireMessage::decode(b) else {
            continue;
        };
        let id = rule.string(1).unwrap_or_default();
        let expr = rule.string(3).unwrap_or_default();
        out.push(Constraint {
            path: format!("{prefix}[id: \"{id}\"]"),
            kind: Kind::Opaque,
            enc: Enc::Other,
            values: vec![WireValue::Bytes(expr.into_bytes())],
        });
    }
}

/// A comparable number.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Num {
    Int(i128),
    Float(f64),
}

fn numbers(c: &Constraint) -> Vec<Num> {
    let mut out = Vec::new();
    for v in &c.values {
        match (v, c.enc) {
            (WireValue::Varint(x), Enc::Int) => out.push(Num::Int(*x as i64 as i128)),
            (WireValue::Varint(x), Enc::Uint) => out.push(Num::Int(*x as i128)),
            (WireValue::Varint(x), Enc::Sint) => {
                out.push(Num::Int((((*x >> 1) as i64) ^ -((*x & 1) as i64)) as i128))
            }
            (WireValue::Fixed32(x), Enc::Fixed32) => out.push(Num::Int(*x as i128)),
            (WireValue::Fixed32(x), Enc::Sfixed32) => out.push(Num::Int(*x as i32 as i128)),
            (WireValue::Fixed32(x), Enc::Float) => out.push(Num::Float(f32::from_bits(*x) as f64)),
            (WireValue::Fixed64(x), Enc::Fixed64) => out.push(Num::Int(*x as i128)),
            (WireValue::Fixed64(x), Enc::Sfixed64) => out.push(Num::Int(*x as i64 as i128)),
            (WireValue::Fixed64(x), Enc::Double) => out.push(Num::Float(f64::from_bits(*x))),
            // Packed repeated numbers (`in`, `not_in`).
            (WireValue::Bytes(b), Enc::Int | Enc::Uint | Enc::Sint) => {
                let mut buf = &b[..];
                while !buf.is_empty() {
                    let Ok(x) = prost::encoding::decode_varint(&mut buf) else {
                        break;
                    };
                    let one = Constraint {
                        values: vec![WireValue::Varint(x)],
                        ..c.clone()
                    };
                    out.extend(numbers(&one));
                }
            }
            _ => {}
        }
    }
    out
}

fn show_num(n: Num) -> String {
    match n {
        Num::Int(i) => i.to_string(),
        Num::Float(f) => f.to_string(),
    }
}

/// The values of a constraint as written (numbers, quoted strings, `true`).
fn shown(c: &Constraint) -> Vec<String> {
    if c.kind == Kind::Flag {
        return c
            .values
            .iter()
            .map(|v| match v {
                WireValue::Varint(0) => "false".into(),
                WireValue::Varint(1) => "true".into(),
                WireValue::Varint(n) => n.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
    }
    let nums = numbers(c);
    if !nums.is_empty() {
        return nums.into_iter().map(show_num).collect();
    }
    c.values
        .iter()
        .map(|v| match v {
            WireValue::Bytes(b) => match std::str::from_utf8(b) {
                Ok(s) => format!("{s:?}"),
                Err(_) => format!("{b:?}"),
            },
            WireValue::Varint(n) => n.to_string(),
            WireValue::Fixed32(n) => n.to_string(),
            WireValue::Fixed64(n) => n.to_string(),
        })
        .collect()
}

fn is_set(c: &Constraint) -> bool {
    c.kind != Kind::Flag || c.values.last() != Some(&WireValue::Varint(0))
}

/// How a change breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Tightened,
    Loosened,
    Changed,
}

fn compare(old: Option<&Constraint>, new: Option<&Constraint>) -> Vec<(Direction, String)> {
    use Direction::*;
    let old = old.filter(|c| is_set(c));
    let new = new.filter(|c| is_set(c));
    let join = |c: &Constraint| shown(c).join(", ");
    match (old, new) {
        (None, None) => Vec::new(),
        // `ignore` decides when the others apply: no direction can be told.
        (None, Some(n)) if n.path.ends_with(".ignore") => {
            vec![(Changed, format!("{} = {} was added", n.path, join(n)))]
        }
        (Some(o), None) if o.path.ends_with(".ignore") => {
            vec![(Changed, format!("{} = {} was removed", o.path, join(o)))]
        }
        (None, Some(n)) => vec![(Tightened, format!("{} = {} was added", n.path, join(n)))],
        (Some(o), None) => vec![(Loosened, format!("{} = {} was removed", o.path, join(o)))],
        (Some(o), Some(n)) => {
            let (os, ns) = (shown(o), shown(n));
            if os == ns {
                return Vec::new();
            }
            let text = format!(
                "{} changed from {} to {}",
                n.path,
                os.join(", "),
                ns.join(", ")
            );
            let (on, nn) = (numbers(o), numbers(n));
            match n.kind {
                Kind::Upper | Kind::Lower if on.len() == 1 && nn.len() == 1 => {
                    let lower = nn[0] < on[0];
                    let tighter = (n.kind == Kind::Upper) == lower;
                    vec![(if tighter { Tightened } else { Loosened }, text)]
                }
                Kind::In | Kind::NotIn => {
                    let missing: Vec<&String> = os.iter().filter(|v| !ns.contains(v)).collect();
                    let extra: Vec<&String> = ns.iter().filter(|v| !os.contains(v)).collect();
                    let (fewer, more) = if n.kind == Kind::In {
                        (Tightened, Loosened)
                    } else {
                        (Loosened, Tightened)
                    };
                    let mut out = Vec::new();
                    if !missing.is_empty() {
                        out.push((
                            fewer,
                            format!("{} no longer lists {}", n.path, list(&missing)),
                        ));
                    }
                    if !extra.is_empty() {
                        out.push((more, format!("{} now also lists {}", n.path, list(&extra))));
                    }
                    out
                }
                Kind::Opaque if n.path.contains(".cel") => vec![(
                    Changed,
                    format!("{}: the expression changed and cannot be compared", n.path),
                )],
                _ => vec![(Changed, text)],
            }
        }
    }
}

fn list(v: &[&String]) -> String {
    v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
}

fn effect(d: Direction) -> &'static str {
    match d {
        Direction::Tightened => {
            "tightened: it rejects values the previous version accepted, which breaks writers \
             of old data (clients sending requests)"
        }
        Direction::Loosened => {
            "loosened: it accepts values the previous version rejected, which breaks readers \
             that relied on it (consumers of responses)"
        }
        Direction::Changed => {
            "changed, cannot be compared: it may reject old data and accept data readers never \
             saw"
        }
    }
}

fn constraints(field_rules: [(&str, Option<&WireMessage>); 2]) -> Vec<Constraint> {
    let mut out = Vec::new();
    for (system, rules) in field_rules {
        if let Some(r) = rules {
            flatten(system, &format!("({system})"), r, &mut out);
        }
    }
    out
}

fn report_all(
    diff: &Diff,
    sink: &mut Sink,
    what: &str,
    old: Vec<Constraint>,
    new: Vec<Constraint>,
    places: (Place, Place),
) {
    let mut paths: Vec<&str> = old.iter().chain(&new).map(|c| c.path.as_str()).collect();
    let mut seen = std::collections::HashSet::new();
    paths.retain(|p| seen.insert(*p));
    let _ = diff;
    for path in paths {
        let o = old.iter().rev().find(|c| c.path == path);
        let n = new.iter().rev().find(|c| c.path == path);
        for (dir, text) in compare(o, n) {
            sink.report(
                format!("{what}: {text}; the constraint is {}.", effect(dir)),
                Some(places.0.clone()),
                Some(places.1.clone()),
            )
            .help = Some(
                "keep the constraint; tighten only for new fields, loosen only when every reader \
                 handles the wider values"
                    .into(),
            );
        }
    }
}

fn check(diff: &Diff, sink: &mut Sink) {
    for p in diff.field_pairs() {
        let old = constraints([
            ("buf.validate.field", p.old.buf_validate.as_ref()),
            ("validate.rules", p.old.pgv_rules.as_ref()),
        ]);
        let new = constraints([
            ("buf.validate.field", p.new.buf_validate.as_ref()),
            ("validate.rules", p.new.pgv_rules.as_ref()),
        ]);
        if old.is_empty() && new.is_empty() {
            continue;
        }
        let what = format!(
            "Field \"{}\" with name \"{}\" on message \"{}\"",
            p.new.number, p.new.name, p.new_message.name
        );
        let places = (
            diff.new_place(p.new.file, &p.new.spans.decl),
            diff.old_place(p.old.file, &p.old.spans.decl),
        );
        report_all(diff, sink, &what, old, new, places);
    }
    for (om, nm) in diff.message_pairs() {
        // Message CEL rules (`MessageRules.cel` = 3).
        let cels = |m: &crate::model::Message| {
            let mut out = Vec::new();
            if let Some(r) = &m.buf_validate {
                let values: Vec<WireValue> = r.values(3).cloned().collect();
                cel("(buf.validate.message).cel", &values, &mut out);
            }
            out
        };
        let (old, new) = (cels(om), cels(nm));
        if !old.is_empty() || !new.is_empty() {
            let places = (
                diff.new_place(nm.file, &nm.span),
                diff.old_place(om.file, &om.span),
            );
            report_all(
                diff,
                sink,
                &format!("Message \"{}\"", nm.name),
                old,
                new,
                places,
            );
        }
        // `(buf.validate.oneof).required` (OneofRules.required = 1).
        for oo in &om.oneofs {
            let Some(no) = nm.oneofs.iter().find(|n| n.name == oo.name) else {
                continue;
            };
            let required = |o: &crate::model::Oneof| -> Vec<Constraint> {
                o.buf_validate
                    .as_ref()
                    .and_then(|r| r.last(1).cloned())
                    .map(|v| Constraint {
                        path: "(buf.validate.oneof).required".into(),
                        kind: Kind::Flag,
                        enc: Enc::Other,
                        values: vec![v],
                    })
                    .into_iter()
                    .collect()
            };
            let place = |file: usize, span: &Option<Span>, new: bool| {
                if new {
                    diff.new_place(file, span)
                } else {
                    diff.old_place(file, span)
                }
            };
            report_all(
                diff,
                sink,
                &format!("Oneof \"{}\" on message \"{}\"", no.name, nm.name),
                required(oo),
                required(no),
                (
                    place(nm.file, &no.span, true),
                    place(om.file, &oo.span, false),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers from protovalidate 2.1.0's and protoc-gen-validate 1.3.3's validate.proto.
    #[test]
    fn number_rules_are_read_with_each_systems_numbers() {
        let name = |system, ty, tag| constraint(system, ty, tag).0;
        assert!(matches!(
            constraint("buf.validate.field", "double", 8),
            (ref n, Kind::Flag) if n == "finite"
        ));
        assert_eq!(name("validate.rules", "double", 8), "ignore_empty");
        assert_eq!(name("validate.rules", "int32", 8), "ignore_empty");
        assert_eq!(name("buf.validate.field", "int32", 8), EXAMPLE);
        assert_eq!(name("buf.validate.field", "int64", 8), "#8");
        assert_eq!(name("buf.validate.field", "int64", 9), EXAMPLE);
        assert_eq!(name("buf.validate.field", "float", 9), EXAMPLE);
        assert_eq!(name("buf.validate.field", "int32", 9), "#9");
        assert_eq!(name("validate.rules", "double", 9), "#9");
        assert_eq!(name("buf.validate.field", "uint32", 3), "lte");
    }
}
