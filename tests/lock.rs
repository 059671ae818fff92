//! `protocheck lock`: a deterministic descriptor set with source info that is a valid OLD
//! input, giving the findings the OLD tree gives.

mod common;

use common::{json, protocheck};

fn lock(input: &str, out: &std::path::Path) -> Vec<u8> {
    let run = protocheck(["lock", input, "-o", &out.to_string_lossy()]);
    assert_eq!(run.code, 0, "lock {input}: {}", run.stderr);
    std::fs::read(out).expect("the lock is written")
}

#[test]
fn the_same_contract_locks_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for input in [
        "proto",
        "testdata/meeting/v1",
        "testdata/evolution/07-oneof-user-id-to-participant-ref/old",
    ] {
        let one = lock(input, &dir.path().join("one.binpb"));
        let two = lock(input, &dir.path().join("two.binpb"));
        assert!(!one.is_empty(), "{input}");
        assert!(one == two, "{input}: two locks differ");
        // A lock of the lock is the lock itself.
        let again = lock(
            &dir.path().join("one.binpb").to_string_lossy(),
            &dir.path().join("three.binpb"),
        );
        assert!(one == again, "{input}: locking the lock changed it");
    }
}

/// The findings of `diff` without what comes from OLD's source text (fixes that restore OLD
/// code) and the OLD label.
fn findings(old: &str, new: &str) -> (i32, Vec<serde_json::Value>) {
    let run = protocheck(["diff", old, new, "--format", "json", "--category", "FILE"]);
    assert!(
        run.code == 0 || run.code == 1,
        "diff {old} {new}: {}",
        run.stderr
    );
    let mut doc = json(&run);
    let list = doc["findings"].as_array_mut().expect("findings");
    for f in list.iter_mut() {
        f.as_object_mut().unwrap().remove("fixes");
    }
    (run.code, list.clone())
}

#[test]
fn diff_against_a_lock_finds_what_diff_against_the_tree_finds() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("testdata/meeting/v1", "testdata/meeting/breaking"),
        ("testdata/meeting/v1", "proto"),
        (
            "testdata/rules/FIELD_NO_DELETE/fires/old",
            "testdata/rules/FIELD_NO_DELETE/fires/new",
        ),
        (
            "testdata/rules/FILE_NO_DELETE/fires/old",
            "testdata/rules/FILE_NO_DELETE/fires/new",
        ),
        (
            "testdata/rules/PACKAGE_NO_DELETE/fires/old",
            "testdata/rules/PACKAGE_NO_DELETE/fires/new",
        ),
        (
            "testdata/evolution/06-change-type-incompatible/old",
            "testdata/evolution/06-change-type-incompatible/new",
        ),
        (
            "testdata/evolution/08-renumber-field/old",
            "testdata/evolution/08-renumber-field/new",
        ),
    ];
    let (mut nonempty, mut located) = (0, 0);
    for (i, (old, new)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("{i}.binpb"));
        lock(old, &path);
        let from_tree = findings(old, new);
        let from_lock = findings(&path.to_string_lossy(), new);
        assert_eq!(from_lock, from_tree, "{old} → {new}");
        // OLD positions come from the lock's source info.
        located += from_lock
            .1
            .iter()
            .filter(|f| f["old"]["start_line"].is_u64())
            .count();
        nonempty += usize::from(!from_tree.1.is_empty());
    }
    assert!(nonempty >= 5, "the cases find something");
    assert!(located >= 5, "OLD places have lines from the lock");
}
