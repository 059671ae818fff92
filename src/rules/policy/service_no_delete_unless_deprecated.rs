//! SERVICE_NO_DELETE_UNLESS_DEPRECATED

use crate::model::Place;
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "SERVICE_NO_DELETE_UNLESS_DEPRECATED",
    summary: "A service was deleted without first being deprecated.",
    what: "Each service of the compared OLD files whose full name no compared NEW file \
           declares any more must have been `option deprecated = true;` in OLD. With \
           `[breaking.policy] deprecate_then_reserve = true` this rule replaces \
           SERVICE_NO_DELETE.",
    why: "Every call to the service fails (`UNIMPLEMENTED`), and generated clients stop \
          compiling: deprecation gives callers a release to move away.",
    fix: "First release the service with `option deprecated = true;`, then delete it.",
    example: Example {
        old: "service MeetingService {}\nservice LegacyService {}",
        new: "service MeetingService {}",
    },
    check,
};

fn check(diff: &Diff, sink: &mut Sink) {
    for s in diff.old.target_services() {
        let kept = diff
            .new
            .service(&s.full_name)
            .is_some_and(|n| diff.new.file_of(n.file).target);
        if kept || s.deprecated {
            continue;
        }
        let path = &diff.old.file_of(s.file).path;
        let new = diff
            .new
            .file(path)
            .filter(|f| f.target)
            .map(|f| Place::file(&f.path));
        sink.report(
            format!(
                "Service \"{}\" was deleted without being deprecated first.",
                s.full_name
            ),
            new,
            Some(diff.old_place(s.file, &s.span)),
        )
        .help = Some(format!(
            "restore service {} with `option deprecated = true;` and delete it in a later \
             release",
            s.name
        ));
    }
}
