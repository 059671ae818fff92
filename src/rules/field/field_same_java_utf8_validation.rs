//! FIELD_SAME_JAVA_UTF8_VALIDATION

use super::shared::{anchor, pairs, utf8_name};
use crate::model::descriptor::tag::file_options::JAVA_STRING_CHECK_UTF8;
use crate::model::features::{java_utf8, utf8};
use crate::model::{kind, Field, File, Syntax};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FIELD_SAME_JAVA_UTF8_VALIDATION",
    summary: "Java's UTF-8 checking of a string field changed.",
    what: "For every string field present in both versions (paired by message full name and \
           number, extensions by extendee and number), the UTF-8 validation that Java code \
           applies must be the same. It is VERIFY when the file option \
           `java_string_check_utf8` is true, or (in editions files that do not set that \
           option) when the field's resolved `features.(pb.java).utf8_validation` is VERIFY; \
           otherwise it is the field's resolved `features.utf8_validation`.",
    why: "With VERIFY, generated Java setters and parsers reject strings that are not valid \
          UTF-8. Turning it on makes Java code throw on data it used to accept; turning it off \
          lets invalid text through.",
    fix: "Restore the old `java_string_check_utf8` file option (or the \
          `features.(pb.java).utf8_validation` of the field).",
    example: Example {
        old: "syntax = \"proto2\";\noption java_string_check_utf8 = true;\nmessage Note {\n  \
              optional string text = 1;\n}",
        new: "syntax = \"proto2\";\nmessage Note {\n  optional string text = 1;\n}",
    },
    check,
};

/// VERIFY or NONE, as Java applies it.
fn java_validation(f: &Field, file: &File) -> i32 {
    let check_utf8 = file.options.java_string_check_utf8;
    if !matches!(file.syntax, Syntax::Editions(_)) || check_utf8.is_some() {
        if check_utf8 == Some(true) {
            return utf8::VERIFY;
        }
    } else if f.features.java_utf8_validation == java_utf8::VERIFY {
        return utf8::VERIFY;
    }
    f.features.utf8_validation
}

fn check(diff: &Diff, sink: &mut Sink) {
    for p in pairs(diff) {
        if p.old.kind != kind::STRING || p.new.kind != kind::STRING {
            continue;
        }
        let (old_file, new_file) = (p.old_file(diff), p.new_file(diff));
        let old = java_validation(p.old, old_file);
        let new = java_validation(p.new, new_file);
        if old == new {
            continue;
        }
        // The file-level option, when written, is where the change is: several fields may
        // report at that one line.
        let new_file_option = new_file.option_span(JAVA_STRING_CHECK_UTF8);
        let old_file_option = old_file.option_span(JAVA_STRING_CHECK_UTF8);
        let finding = p.report(
            diff,
            sink,
            format!(
                "{} changed Java string UTF8 validation from \"{}\" to \"{}\".",
                p.description(),
                utf8_name(old),
                utf8_name(new)
            ),
            anchor(
                &[&new_file_option, &p.new.spans.java_utf8_validation],
                p.new,
            ),
            anchor(
                &[&old_file_option, &p.old.spans.java_utf8_validation],
                p.old,
            ),
        );
        finding.effects =
            crate::effects::change::utf8_validation(old == utf8::VERIFY, new == utf8::VERIFY);
    }
}
