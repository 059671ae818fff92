//! The editions front end against protoc (36.2, from the `protoc-bin-vendored` dev-dependency):
//! the same files compiled by both must give equal descriptors for every field protocheck
//! reads, and equal source positions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use prost::Message;
use protocheck::model::descriptor as d;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn proto_files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("readable dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else if p.extension().is_some_and(|x| x == "proto") {
                let rel = p.strip_prefix(base).expect("under base");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn protoc(dir: &Path, files: &[String]) -> Vec<u8> {
    let protoc = protoc_bin_vendored::protoc_bin_path().expect("protoc for this platform");
    let include = protoc_bin_vendored::include_path().expect("protoc include files");
    let out = tempfile::NamedTempFile::new().expect("temp file");
    let run = Command::new(protoc)
        .current_dir(dir)
        .arg("-I.")
        .arg(format!("-I{}", include.display()))
        .arg("--include_source_info")
        .arg("-o")
        .arg(out.path())
        .args(files)
        .output()
        .expect("protoc runs");
    assert!(
        run.status.success(),
        "protoc failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(out.path()).expect("protoc output")
}

fn ours(dir: &Path) -> Vec<u8> {
    let spec = dir.to_string_lossy().into_owned();
    let input = protocheck::input::load(&spec, &[]).expect("input loads");
    match protocheck::compile::compile(&input, "new", &spec) {
        Ok(c) => c.descriptor_set.to_vec(),
        Err(e) => panic!("{:?}", miette::Report::new(e)),
    }
}

type Spans = BTreeMap<Vec<i32>, Vec<Vec<i32>>>;

/// The file without its source info, and the source info as path → its spans (a path repeats
/// for repeated statements such as `option`; their order is not compared).
fn split(mut f: d::FileDescriptorProto) -> (d::FileDescriptorProto, Spans) {
    let mut spans = BTreeMap::new();
    let info = f
        .source_code_info
        .take()
        .map(|i| d::SourceCodeInfo::decode(&i[..]).expect("source info decodes"));
    if let Some(info) = info {
        for l in info.location {
            spans.entry(l.path).or_insert_with(Vec::new).push(l.span);
        }
    }
    for v in spans.values_mut() {
        v.sort();
    }
    (f, spans)
}

/// The changed lines of two pretty-printed values, with a little context.
fn diff(a: &str, b: &str) -> String {
    similar::TextDiff::from_lines(a, b)
        .unified_diff()
        .context_radius(4)
        .to_string()
}

fn compare(dir: &Path) -> usize {
    let files = proto_files(dir);
    let theirs = d::FileDescriptorSet::decode(protoc(dir, &files).as_slice()).expect("protoc set");
    let mine = d::FileDescriptorSet::decode(ours(dir).as_slice()).expect("our set");
    let mine: BTreeMap<String, d::FileDescriptorProto> = mine
        .file
        .into_iter()
        .map(|f| (f.name.clone().unwrap_or_default(), f))
        .collect();
    let mut compared = 0;
    for t in theirs.file {
        let name = t.name.clone().unwrap_or_default();
        let m = mine
            .get(&name)
            .unwrap_or_else(|| panic!("{name}: not in protocheck's output"));
        let (t, t_spans) = split(t);
        let (m, m_spans) = split(m.clone());
        if m != t {
            panic!(
                "{name}: descriptors differ (- protoc, + protocheck):\n{}",
                diff(&format!("{t:#?}"), &format!("{m:#?}"))
            );
        }
        let missing: Vec<_> = t_spans
            .iter()
            .filter(|(p, s)| m_spans.get(*p) != Some(*s))
            .map(|(p, s)| (p, s, m_spans.get(p)))
            .collect();
        let extra: Vec<_> = m_spans
            .keys()
            .filter(|p| !t_spans.contains_key(*p))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name}: source positions differ\n(path, protoc, protocheck): {missing:?}\nonly in protocheck: {extra:?}"
        );
        compared += 1;
    }
    compared
}

#[test]
fn protobuf_editions_test_files_compile_as_protoc_compiles_them() {
    let n = compare(&root().join("testdata/editions/protobuf"));
    assert!(n >= 15, "compared {n} files");
}

#[test]
fn features_at_every_level_mixed_syntax_and_2024_compile_as_protoc_compiles_them() {
    let n = compare(&root().join("testdata/editions/oracle"));
    assert_eq!(n, 6);
}

/// Every `testdata/editions/bad/<case>` (which protocheck must refuse, see tests/editions.rs)
/// is refused by protoc too, with an error naming the file: the bad cases are bad for the
/// reference compiler, not only for protocheck.
#[test]
fn protoc_rejects_every_bad_editions_case() {
    let protoc = protoc_bin_vendored::protoc_bin_path().expect("protoc for this platform");
    let include = protoc_bin_vendored::include_path().expect("protoc include files");
    let bad = root().join("testdata/editions/bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&bad)
        .expect("bad cases")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "{cases:?}");
    let out = tempfile::NamedTempFile::new().expect("temp file");
    let mut accepted = Vec::new();
    for case in &cases {
        let files = proto_files(case);
        assert!(!files.is_empty(), "{}: no .proto file", case.display());
        let run = Command::new(&protoc)
            .current_dir(case)
            .arg("-I.")
            .arg(format!("-I{}", include.display()))
            .arg("-o")
            .arg(out.path())
            .args(&files)
            .output()
            .expect("protoc runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        if run.status.success() || !stderr.contains(".proto") {
            accepted.push(format!("{}: {stderr}", case.display()));
        }
    }
    assert!(
        accepted.is_empty(),
        "protoc accepts (or does not locate its error in) these bad cases:\n{}",
        accepted.join("\n")
    );
}
