//! MESSAGE_SAME_RESOURCE_PATTERN

use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "MESSAGE_SAME_RESOURCE_PATTERN",
    summary: "A message's `(google.api.resource)` type changed or lost a pattern.",
    what: "For every message present in both versions (by full name) whose OLD version has \
           `option (google.api.resource)`, the NEW version must keep the resource `type` and \
           every OLD `pattern` (new patterns may be added, as AIP-180 allows).",
    why: "Resource names are stored and passed around by clients: a name built from a removed \
          pattern no longer parses, and a changed type breaks every reference to the \
          resource (`google.api.resource_reference`) and generated resource-name helpers.",
    fix: "Keep every old pattern and the type; add new patterns after the old ones.",
    example: Example {
        old: "message Meeting {\n  option (google.api.resource) = {\n    type: \"meeting.example.com/Meeting\"\n    pattern: \"meetings/{meeting}\"\n  };\n}",
        new: "message Meeting {\n  option (google.api.resource) = {\n    type: \"meeting.example.com/Meeting\"\n    pattern: \"rooms/{room}/meetings/{meeting}\"\n  };\n}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for (om, nm) in diff.message_pairs() {
        let Some(old) = &om.resource else { continue };
        let mut changes = Vec::new();
        match &nm.resource {
            None => changes.push("the resource annotation was removed".to_owned()),
            Some(new) => {
                if new.type_ != old.type_ {
                    changes.push(format!(
                        "resource type changed from \"{}\" to \"{}\"",
                        old.type_, new.type_
                    ));
                }
                for p in &old.patterns {
                    if !new.patterns.contains(p) {
                        changes.push(format!("pattern \"{p}\" was removed"));
                    }
                }
            }
        }
        for change in changes {
            let anchor = nm.resource_span.clone().or_else(|| nm.span.clone());
            sink.report(
                format!("Resource of message \"{}\": {change}.", nm.name),
                Some(diff.new_place(nm.file, &anchor)),
                Some(diff.old_place(om.file, &om.resource_span.clone().or(om.span.clone()))),
            )
            .help = Some("keep the type and every old pattern; add new patterns after them".into());
        }
    }
}
