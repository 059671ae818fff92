//! FILE_NO_DELETE

use crate::model::Place;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FILE_NO_DELETE",
    summary: "A .proto file that existed is gone (a renamed or moved file counts as deleted).",
    what: "Every file compared on the OLD side must still exist on the NEW side at the same \
           path, relative to its import root. Files are matched by path only, so a file that \
           was renamed or moved to another directory counts as deleted, even if all of its \
           contents survived.",
    why: "Other .proto files, in this repository and in others, import the file by its path, \
           and generated code is laid out file by file (a C++ header, a Python module, a Java \
           outer class per file). Every `import` of the old path stops compiling, and so does \
           every piece of code that includes or imports what was generated from it.",
    fix: "Keep the file at its old path. To reorganise, add the new file next to the old \
           one, move users over, and delete the old file in a release that is allowed to \
           break. If only the package layout matters to your users, check with the PACKAGE \
           category instead of FILE.",
    example: Example {
        old: "// meeting/v1/meeting.proto\nsyntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  string id = 1;\n}",
        new: "// meeting/v1/meetings.proto (renamed)\nsyntax = \"proto3\";\npackage meeting.v1;\n\nmessage Meeting {\n  string id = 1;\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for old in diff.old.target_files() {
        if diff.new.file(&old.path).is_some_and(|f| f.target) {
            continue;
        }
        sink.report(
            format!("Previously present file \"{}\" was deleted.", old.path),
            None,
            Some(Place::file(&old.path)),
        )
        .help = Some(format!(
            "restore `{}` at that path; if its contents moved, keep the old file until nothing \
             imports it any more",
            old.path
        ));
    }
}
