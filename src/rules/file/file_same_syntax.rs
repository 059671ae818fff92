//! FILE_SAME_SYNTAX

use super::Change;
use crate::model::{File, Syntax};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "FILE_SAME_SYNTAX",
    summary: "A file changed between proto2, proto3 and editions.",
    what: "For every file present in both versions (paired by path), the syntax must stay the \
           same: `proto2`, `proto3` or `editions`. A file without a `syntax` statement is \
           proto2. Moving from one edition to another (`2023` to `2024`) is not reported here: \
           the effects of editions are compared feature by feature by the rules on fields, \
           enums and messages.",
    why: "The syntax decides the semantics of everything in the file: whether scalar fields \
          track presence, whether enums are open or closed, whether repeated scalars are packed, \
          whether strings are checked for UTF-8, and which default values apply. Generated code \
          changes with it (proto2 has `has_` accessors, proto3 plain fields do not), and old and \
          new readers can disagree about the same bytes, for example when an unknown enum value \
          arrives in a field that has become closed.",
    fix: "Keep the file's old syntax. To use the new syntax, put new definitions in new files \
          (they can import the old ones), or migrate to editions with the features that keep \
          the old behaviour (e.g. `features.field_presence = IMPLICIT` for a proto3 file), \
          which protocheck then compares feature by feature.",
    example: Example {
        old: "syntax = \"proto2\";\npackage acme.meeting.v1;",
        new: "syntax = \"proto3\";\npackage acme.meeting.v1;",
    },
    check,
};

/// The syntax as buf names it: editions files are all `editions`, whatever their edition.
fn name(syntax: Syntax) -> &'static str {
    match syntax {
        Syntax::Proto2 => "proto2",
        Syntax::Proto3 => "proto3",
        Syntax::Editions(_) => "editions",
    }
}

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.file_pairs() {
        let change = Change {
            old_file: old,
            new_file: new,
            what: "syntax",
            old_value: name(old.syntax),
            new_value: name(new.syntax),
            old_span: old.syntax_span.clone(),
            new_span: new.syntax_span.clone(),
        };
        if let Some(finding) = change.report(sink) {
            finding.help = Some(match old.syntax {
                Syntax::Proto2 if old.syntax_span.is_none() => {
                    "remove the `syntax` statement: the file had none (proto2)".to_owned()
                }
                Syntax::Proto2 | Syntax::Proto3 => {
                    format!("keep `syntax = \"{}\";`", name(old.syntax))
                }
                Syntax::Editions(_) => format!("keep `edition = \"{}\";`", edition_name(old)),
            });
        }
    }
}

/// The edition as written in an `edition = "…";` statement.
fn edition_name(file: &File) -> String {
    use crate::model::features::{EDITION_2023, EDITION_2024};
    match file.syntax {
        Syntax::Editions(EDITION_2023) => "2023".to_owned(),
        Syntax::Editions(EDITION_2024) => "2024".to_owned(),
        other => other.edition().to_string(),
    }
}

#[cfg(test)]
mod tests {
    //! Editions sources do not compile yet, so editions files are built as descriptors here.
    use std::collections::HashMap;
    use std::sync::Arc;

    use prost::Message as _;

    use crate::model::descriptor::{FileDescriptorProto, FileDescriptorSet};
    use crate::model::features::{EDITION_2023, EDITION_2024};
    use crate::model::{self, Contract};
    use crate::pair::Diff;
    use crate::rules::Sink;

    fn contract(syntax: Option<&str>, edition: Option<i32>) -> Contract {
        let file = FileDescriptorProto {
            name: Some("a.proto".into()),
            package: Some("acme.v1".into()),
            syntax: syntax.map(Into::into),
            edition,
            ..Default::default()
        };
        let bytes = FileDescriptorSet { file: vec![file] }.encode_to_vec();
        model::build(Arc::from(bytes), &|_| true, &HashMap::new()).expect("a valid descriptor set")
    }

    fn messages(old: &Contract, new: &Contract) -> Vec<String> {
        let mut sink = Sink::new(super::RULE.id);
        (super::RULE.check)(&Diff::new(old, new), &mut sink);
        sink.into_findings()
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn editions_are_named_editions_whatever_the_edition() {
        let proto3 = contract(Some("proto3"), None);
        let e2023 = contract(Some("editions"), Some(EDITION_2023));
        let e2024 = contract(Some("editions"), Some(EDITION_2024));
        assert_eq!(
            messages(&proto3, &e2023),
            ["File syntax changed from \"proto3\" to \"editions\"."]
        );
        assert_eq!(
            messages(&e2024, &contract(None, None)),
            ["File syntax changed from \"editions\" to \"proto2\"."]
        );
        assert!(messages(&e2023, &e2024).is_empty());
    }
}
