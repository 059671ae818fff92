//! Properties over random inputs, with a bounded number of cases so `cargo test` stays fast
//! (the fuzz targets in fuzz/ explore further): a contract compared with itself has no
//! breaking change, and random mutations of the test corpus never crash the binary.

mod common;

use common::write;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const SCALARS: &[&str] = &[
    "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32",
    "sfixed64", "bool", "string", "bytes", "double", "float",
];

/// A random small proto3 contract: messages with fields of scalar, enum and message types,
/// repeated and optional labels, maps, oneofs, an enum and a service.
fn contract() -> impl Strategy<Value = String> {
    let field = (0..SCALARS.len() + 3, 0..4u8, any::<bool>());
    let message = prop::collection::vec(field, 0..6);
    (
        prop::collection::vec(message, 1..4),
        1..4usize,
        any::<bool>(),
    )
        .prop_map(|(messages, enum_values, service)| {
            let mut text = String::from("syntax = \"proto3\";\npackage prop.v1;\n\n");
            text.push_str("enum Kind {\n  KIND_UNSPECIFIED = 0;\n");
            for v in 1..enum_values {
                text.push_str(&format!("  KIND_{v} = {v};\n"));
            }
            text.push_str("}\n");
            let count = messages.len();
            for (m, fields) in messages.iter().enumerate() {
                text.push_str(&format!("\nmessage M{m} {{\n"));
                let mut oneof = Vec::new();
                for (i, (ty, label, in_oneof)) in fields.iter().enumerate() {
                    let n = i + 1;
                    let ty = match *ty {
                        t if t < SCALARS.len() => SCALARS[t].to_owned(),
                        t if t == SCALARS.len() => "Kind".to_owned(),
                        t if t == SCALARS.len() + 1 => format!("M{}", (m + 1) % count),
                        _ => "map<string, int64>".to_owned(),
                    };
                    let is_map = ty.starts_with("map");
                    if *in_oneof && !is_map && *label == 0 {
                        oneof.push(format!("    {ty} o{n} = {n};\n"));
                        continue;
                    }
                    let label = match label {
                        _ if is_map => "",
                        1 => "repeated ",
                        2 => "optional ",
                        _ => "",
                    };
                    text.push_str(&format!("  {label}{ty} f{n} = {n};\n"));
                }
                if !oneof.is_empty() {
                    text.push_str("  oneof choice {\n");
                    text.extend(oneof);
                    text.push_str("  }\n");
                }
                text.push_str("}\n");
            }
            if service {
                text.push_str("\nservice S {\n  rpc Get(M0) returns (M0);\n}\n");
            }
            text
        })
}

#[test]
fn a_contract_compared_with_itself_has_no_breaking_change() {
    let mut runner = TestRunner::new(Config {
        cases: 12,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&contract(), |text| {
            let dir = tempfile::tempdir().expect("tempdir");
            write(dir.path(), "x/a.proto", text.as_bytes());
            let run = common::protocheck_in(dir.path(), ["diff", "x", "x", "--format", "json"]);
            prop_assert_eq!(run.code, 0, "{}\n{}\n{}", text, run.stdout, run.stderr);
            prop_assert_eq!(&common::json(&run)["summary"]["findings"], 0);
            Ok(())
        })
        .expect("the property holds");
}

/// One random edit of a file's bytes.
#[derive(Debug, Clone)]
enum Edit {
    Delete { at: usize, len: usize },
    Insert { at: usize, bytes: Vec<u8> },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    let token = prop::sample::select(vec![
        b"{".to_vec(),
        b"}".to_vec(),
        b";".to_vec(),
        b"= 1".to_vec(),
        b"repeated ".to_vec(),
        b"optional ".to_vec(),
        b"message ".to_vec(),
        b"[deprecated = true]".to_vec(),
        b"\"".to_vec(),
        b"/*".to_vec(),
        b"\0".to_vec(),
        b"\xff".to_vec(),
        b"edition = \"2023\";".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), 1..20usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<usize>(), token).prop_map(|(at, bytes)| Edit::Insert { at, bytes }),
        any::<usize>().prop_map(|line| Edit::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines { a, b }),
    ]
}

fn apply(text: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = text.to_vec();
    for e in edits {
        let len = out.len().max(1);
        match e {
            Edit::Delete { at, len: n } => {
                let at = at % len;
                let end = (at + n).min(out.len());
                if at < end {
                    out.drain(at..end);
                }
            }
            Edit::Insert { at, bytes } => {
                let at = (at % len).min(out.len());
                out.splice(at..at, bytes.iter().copied());
            }
            Edit::DuplicateLine { line } | Edit::SwapLines { a: line, .. } => {
                let mut lines: Vec<Vec<u8>> =
                    out.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                let i = line % lines.len();
                match e {
                    Edit::SwapLines { b, .. } => {
                        let j = b % lines.len();
                        lines.swap(i, j);
                    }
                    _ => {
                        let l = lines[i].clone();
                        lines.insert(i, l);
                    }
                }
                out = lines.join(&b'\n');
            }
        }
    }
    out
}

#[test]
fn random_mutations_of_the_corpus_never_crash() {
    // The OLD/NEW files of single-file rule cases; NEW is mutated.
    let root = common::root().join("testdata/rules");
    let mut cases = Vec::new();
    for rule in std::fs::read_dir(&root).expect("rules").flatten() {
        let old = rule.path().join("fires/old/a.proto");
        let new = rule.path().join("fires/new/a.proto");
        if old.is_file() && new.is_file() {
            cases.push((
                std::fs::read(old).expect("old"),
                std::fs::read(new).expect("new"),
            ));
        }
    }
    cases.sort();
    assert!(cases.len() > 20, "found {} cases", cases.len());
    let strategy = (0..cases.len(), prop::collection::vec(edit(), 1..6));
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |(case, edits)| {
            let (old, new) = &cases[case];
            let mutated = apply(new, &edits);
            let dir = tempfile::tempdir().expect("tempdir");
            write(dir.path(), "old/a.proto", old);
            write(dir.path(), "new/a.proto", &mutated);
            let run = common::protocheck_in(dir.path(), ["diff", "old", "new"]);
            let shown = String::from_utf8_lossy(&mutated).into_owned();
            prop_assert!(
                (0..=2).contains(&run.code),
                "exit {} on\n{}\n{}",
                run.code,
                shown,
                run.stderr
            );
            prop_assert!(
                !run.stderr.contains("panicked") && !run.stderr.contains("internal error"),
                "a panic on\n{}\n{}",
                shown,
                run.stderr
            );
            Ok(())
        })
        .expect("the property holds");
}
