//! ENUM_VALUE_SAME_NAME

use std::collections::BTreeMap;

use crate::model::{Enum, EnumValue};
use crate::pair::Diff;
use crate::rules::{Example, Rule, Sink};

pub const RULE: Rule = Rule {
    id: "ENUM_VALUE_SAME_NAME",
    summary: "A name that an enum number used to have is no longer bound to that number.",
    what: "For every enum present in both versions (matched by full name) and every number it \
           defines in both, each name the old enum gave that number (aliases included) must \
           still be a name of that number in the new enum. Adding an alias is fine; renaming a \
           value or dropping an alias is not. There is one finding per new value with that \
           number.",
    why: "The JSON and text formats carry enum values by name: a peer on the old schema sends \
          the old name, which the new schema no longer knows, and parsing fails or the value is \
          lost. Generated code that refers to the old constant no longer compiles.",
    fix: "Keep the old name. To introduce a new one, add it as an alias \
          (`option allow_alias = true;` and both names with the same number), and mark the old \
          one `deprecated = true` instead of removing it.",
    example: Example {
        old: "enum Role {\n  ROLE_UNSPECIFIED = 0;\n  ROLE_HOST = 1;\n}",
        new: "enum Role {\n  ROLE_UNSPECIFIED = 0;\n  ROLE_OWNER = 1;\n}",
    },
    check,
};

/// The values of an enum grouped by number, in declaration order within a number.
fn by_number(e: &Enum) -> BTreeMap<i32, Vec<&EnumValue>> {
    let mut out: BTreeMap<i32, Vec<&EnumValue>> = BTreeMap::new();
    for v in &e.values {
        out.entry(v.number).or_default().push(v);
    }
    out
}

fn sorted_names(values: &[&EnumValue]) -> Vec<String> {
    let mut names: Vec<String> = values.iter().map(|v| v.name.clone()).collect();
    names.sort();
    names.dedup();
    names
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn check(diff: &Diff, sink: &mut Sink) {
    for (old, new) in diff.enum_pairs() {
        let new_by_number = by_number(new);
        for (number, old_values) in by_number(old) {
            let Some(new_values) = new_by_number.get(&number) else {
                continue;
            };
            let old_names = sorted_names(&old_values);
            let new_names = sorted_names(new_values);
            let missing: Vec<&String> = old_names
                .iter()
                .filter(|n| !new_names.contains(n))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let plural = if old_names.len() > 1 && new_names.len() > 1 {
                "s"
            } else {
                ""
            };
            let message = format!(
                "Enum value \"{number}\" on enum \"{}\" changed name{plural} from {} to {}.",
                new.name,
                quoted(&old_names),
                quoted(&new_names)
            );
            let help = format!(
                "keep {} for {number}: add it back as an alias (option allow_alias = true;)",
                missing
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            // The OLD side shows the first declaration whose name was lost.
            let lost = old_values.iter().find(|o| !new_names.contains(&o.name));
            for v in new_values {
                sink.report(
                    message.clone(),
                    Some(diff.new_place(new.file, &v.number_span)),
                    lost.map(|o| diff.old_place(old.file, &o.span)),
                )
                .help = Some(help.clone());
            }
        }
    }
}
