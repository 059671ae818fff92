//! FIELD_SAME_DEFAULT

use super::shared::{anchor, go_quote, pairs};
use crate::float::go_float;
use crate::model::DefaultValue;
use crate::pair::Diff;
use crate::rules::quote::proto_string;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_DEFAULT",
    summary: "The default value of a field changed.",
    what: "For every singular scalar or enum field present in both versions (paired by message \
           full name and number, extensions by extendee and number), the effective default \
           must be the same: the `default =` option if set, else the type's zero value (an \
           enum's first value). Nothing is reported when both defaults are zero. Numbers are \
           compared by value across types (int32 5 equals int64 5, a float and a double by \
           their float value), strings and bytes by content.",
    why: "An unset field reads as its default. Readers built with the new default see a \
          different value than writers meant wherever the field was left unset, and the \
          difference is invisible on the wire.",
    fix: "Restore the old default. If a different default is really needed, add a new field \
          with a new number.",
    example: Example {
        old: "syntax = \"proto2\";\nmessage Page {\n  optional int32 size = 1 [default = 50];\n}",
        new: "syntax = \"proto2\";\nmessage Page {\n  optional int32 size = 1 [default = 100];\n}",
    },
    check,
};

/// A default as a number, for comparisons across numeric types.
enum Num {
    Int(i128),
    Float(f64),
}

fn as_num(d: &DefaultValue) -> Option<Num> {
    Some(match d {
        DefaultValue::Bool(b) => Num::Int(i128::from(*b)),
        DefaultValue::Int(v) => Num::Int(i128::from(*v)),
        DefaultValue::Uint(v) => Num::Int(i128::from(*v)),
        DefaultValue::Enum { number, .. } => Num::Int(i128::from(*number)),
        DefaultValue::Float(v) => Num::Float(f64::from(*v)),
        DefaultValue::Double(v) => Num::Float(*v),
        DefaultValue::String(_) | DefaultValue::Bytes(_) => return None,
    })
}

fn as_bytes(d: &DefaultValue) -> Option<&[u8]> {
    match d {
        DefaultValue::String(s) => Some(s.as_bytes()),
        DefaultValue::Bytes(b) => Some(b),
        _ => None,
    }
}

/// Equal defaults, leniently across types (a type change is FIELD_SAME_TYPE's business): strings
/// and bytes by content, a float and a double at float precision, other numbers (bools and enum
/// numbers included) by exact value; NaN equals NaN.
fn same(a: &DefaultValue, b: &DefaultValue) -> bool {
    if as_bytes(a).is_some() || as_bytes(b).is_some() {
        return as_bytes(a) == as_bytes(b);
    }
    match (a, b) {
        (DefaultValue::Float(x), DefaultValue::Double(y))
        | (DefaultValue::Double(y), DefaultValue::Float(x)) => {
            return (x.is_nan() && y.is_nan()) || *x == *y as f32;
        }
        _ => {}
    }
    match (as_num(a), as_num(b)) {
        (Some(Num::Int(x)), Some(Num::Int(y))) => x == y,
        (Some(Num::Float(x)), Some(Num::Float(y))) => (x.is_nan() && y.is_nan()) || x == y,
        (Some(Num::Int(i)), Some(Num::Float(f))) | (Some(Num::Float(f)), Some(Num::Int(i))) => {
            // Exact: the float must be an integer of the same value.
            f.is_finite() && f.fract() == 0.0 && f.abs() < 1e38 && f as i128 == i
        }
        _ => false,
    }
}

/// The default as buf prints it (Go's `%v`, `%q` for strings, bytes as `[0x41,0x1]`, enums as
/// `Enum.VALUE`).
fn printable(d: &DefaultValue) -> String {
    match d {
        DefaultValue::Bool(b) => b.to_string(),
        DefaultValue::Int(v) => v.to_string(),
        DefaultValue::Uint(v) => v.to_string(),
        DefaultValue::Float(v) => go_float(f64::from(*v), 32),
        DefaultValue::Double(v) => go_float(*v, 64),
        DefaultValue::String(s) => go_quote(s),
        DefaultValue::Bytes(b) => {
            let items: Vec<String> = b.iter().map(|b| format!("0x{b:X}")).collect();
            format!("[{}]", items.join(","))
        }
        DefaultValue::Enum {
            number,
            enum_name,
            value_name,
        } => match value_name {
            Some(v) => format!("{enum_name}.{v}"),
            None => format!("{enum_name}.{number}(?)"),
        },
    }
}

fn check(diff: &Diff, sink: &mut Sink) {
    for p in pairs(diff) {
        let (Some(old), Some(new)) = (&p.old.default, &p.new.default) else {
            continue;
        };
        if (old.is_zero() && new.is_zero()) || same(old, new) {
            continue;
        }
        let help = match (&p.old.default_value, old) {
            (Some(_), DefaultValue::String(s)) => {
                format!("restore [default = {}]", proto_string(s))
            }
            (Some(text), DefaultValue::Bytes(_)) => format!("restore [default = \"{text}\"]"),
            (Some(text), _) => format!("restore [default = {text}]"),
            (
                None,
                DefaultValue::Enum {
                    value_name: Some(v),
                    ..
                },
            ) => format!("keep the old default explicitly: [default = {v}]"),
            (None, _) => format!(
                "remove the default: the field used to default to {}",
                printable(old)
            ),
        };
        p.report(
            diff,
            sink,
            format!(
                "{} changed default value from {} to {}.",
                p.description(),
                printable(old),
                printable(new)
            ),
            anchor(&[&p.new.spans.default], p.new),
            anchor(&[&p.old.spans.default], p.old),
        )
        .help = Some(help);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_compare_by_value_across_types() {
        use DefaultValue::*;
        assert!(same(&Int(5), &Uint(5)));
        assert!(same(&Int(1), &Bool(true)));
        assert!(same(&Float(1.1), &Double(1.1)));
        assert!(!same(&Double(1.1), &Double(1.1000001)));
        assert!(same(&Double(f64::NAN), &Float(f32::NAN)));
        assert!(same(&Int(3), &Double(3.0)));
        assert!(!same(&Int(3), &Double(3.5)));
        assert!(same(&String("AB".into()), &Bytes(b"AB".to_vec())));
        assert!(!same(&String("1".into()), &Int(1)));
    }

    #[test]
    fn defaults_print_like_buf() {
        use DefaultValue::*;
        assert_eq!(printable(&Bytes(vec![0x41, 0x01, 0xff])), "[0x41,0x1,0xFF]");
        assert_eq!(printable(&Bytes(vec![])), "[]");
        assert_eq!(printable(&String("h\"o".into())), r#""h\"o""#);
        assert_eq!(printable(&Float(1_000_000.0)), "1e+06");
        assert_eq!(printable(&Int(-5)), "-5");
        assert_eq!(proto_string("a\"b\\\n\u{1}"), r#""a\"b\\\n\001""#);
    }
}
