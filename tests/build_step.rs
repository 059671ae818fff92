//! `protocheck::build`: what a build.rs prints and when it fails.

use std::path::Path;

use protocheck::build::{Build, Failure};

#[test]
fn a_breaking_contract_warns_per_finding_and_fails_unless_allowed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let lock = dir.path().join("v1.lock.binpb");
    let v1 = root.join("testdata/meeting/v1");
    std::fs::write(
        &lock,
        protocheck::lock::lock(&v1.to_string_lossy(), &[]).unwrap(),
    )
    .unwrap();
    let breaking = root.join("testdata/meeting/breaking");
    let build = Build::new("meeting", &breaking)
        .against(lock.to_string_lossy())
        .category("WIRE");

    std::env::remove_var(protocheck::build::ALLOW_BREAKING);
    let (lines, failure) = build.check().unwrap();
    let proto = breaking.join("meeting/core/v1/meeting.proto");
    assert!(lines.contains(&format!("cargo:rerun-if-changed={}", proto.display())));
    assert!(lines.contains(&format!("cargo:rerun-if-changed={}", lock.display())));
    let warnings: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("cargo:warning="))
        .collect();
    assert!(!warnings.is_empty());
    // file:line: RULE: message, the file under the checked directory.
    let prefix = format!("cargo:warning={}:", proto.display());
    let located = warnings
        .iter()
        .find(|l| l.starts_with(&prefix))
        .expect("a located warning");
    let rest = &located[prefix.len()..];
    let (line, rule) = rest.split_once(": ").unwrap();
    assert!(line.parse::<u32>().unwrap() > 0, "{located}");
    assert!(rule
        .split(':')
        .next()
        .unwrap()
        .chars()
        .all(|c| c.is_ascii_uppercase() || c == '_'));
    assert!(matches!(failure, Some(Failure::Breaking { count, .. }) if count == warnings.len()));

    std::env::set_var(protocheck::build::ALLOW_BREAKING, "1");
    let (again, failure) = build.check().unwrap();
    std::env::remove_var(protocheck::build::ALLOW_BREAKING);
    assert_eq!(again, lines);
    assert!(failure.is_none());

    // The same contract as its lock: nothing to say, nothing fails.
    let (lines, failure) = Build::new("meeting", &v1)
        .against(lock.to_string_lossy())
        .check()
        .unwrap();
    assert!(
        !lines.iter().any(|l| l.starts_with("cargo:warning=")),
        "{lines:?}"
    );
    assert!(failure.is_none());
}
