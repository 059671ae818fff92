//! FILE_SAME_PACKAGE

use super::Change;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FILE_SAME_PACKAGE",
    summary: "A file now declares a different package.",
    what: "For every file present in both versions (paired by path), the `package` it declares \
           must be the same. Declaring no package counts as the empty package, so adding a \
           `package` statement to a file that had none, or removing one, is a change too.",
    why: "The package is part of the full name of every message, enum, service and extension in \
          the file. Changing it renames all of them at once: gRPC clients call \
          `/old.pkg.Service/Method` and get UNIMPLEMENTED, `google.protobuf.Any` values and \
          registries that store type URLs no longer resolve, and the generated code moves to \
          another namespace or module, so every import and reference in callers breaks.",
    fix: "Keep the old `package` statement. To start a new version of the API, copy the files \
          to a new path (e.g. `acme/meeting/v2/`) with the new package, and keep serving the \
          old package until its clients are gone.",
    example: Example {
        old: "syntax = \"proto3\";\npackage acme.meeting.v1;",
        new: "syntax = \"proto3\";\npackage acme.meeting.v2;",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.file_pairs() {
        let change = Change {
            old_file: old,
            new_file: new,
            what: "package",
            old_value: &old.package,
            new_value: &new.package,
            old_span: old.package_span.clone(),
            new_span: new.package_span.clone(),
        };
        if let Some(finding) = change.report(sink) {
            finding.help = Some(if old.package.is_empty() {
                "remove the `package` statement: the file had none".to_owned()
            } else {
                format!(
                    "keep `package {};` and put the new package in files at a new path",
                    old.package
                )
            });
        }
    }
}
