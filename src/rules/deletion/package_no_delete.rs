//! PACKAGE_NO_DELETE

use std::collections::{BTreeSet, HashSet};

use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "PACKAGE_NO_DELETE",
    summary: "A package that had files has none any more.",
    what: "Every package declared by some OLD file (files without a `package` statement form \
           the empty package) must still be declared by at least one NEW file. The finding \
           has no place in either version: a package is not written anywhere as a whole.",
    why: "Everything in the package disappears at once: every message, enum and service of \
           it, every import of it, and every generated module, namespace or Go package built \
           from it.",
    fix: "Keep at least the files of the package, with their types marked `option deprecated \
           = true;`, until nothing depends on them. When renaming a package (say to a new \
           version), publish the new package next to the old one rather than replacing it.",
    example: Example {
        old: "// meeting/v1/meeting.proto\nsyntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {}",
        new: "// meeting/v2/meeting.proto (the only file left)\nsyntax = \"proto3\";\npackage meeting.v2;\n\nmessage Meeting {}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    let kept: HashSet<&str> = diff
        .new
        .target_files()
        .map(|f| f.package.as_str())
        .collect();
    let old: BTreeSet<&str> = diff
        .old
        .target_files()
        .map(|f| f.package.as_str())
        .collect();
    for package in old.into_iter().filter(|p| !kept.contains(p)) {
        sink.report(
            format!("Previously present package \"{package}\" was deleted."),
            None,
            None,
        )
        .help = Some(format!(
            "keep the files of package `{package}` (mark their types deprecated) next to any \
             replacement until nothing depends on them"
        ));
    }
}
