//! `protocheck explain RULE_ID`.

use std::fmt::Write as _;

use super::Outcome;
use crate::error::Error;
use crate::rules;
use crate::usage::Usage;

pub fn run(id: &str) -> Result<Outcome, Error> {
    let upper = id.to_ascii_uppercase();
    let rule = rules::find(&upper).ok_or_else(|| {
        Error::Usage(Usage {
            message: format!("unknown rule id {id:?}"),
            help: Some("`protocheck rules` lists every rule id".into()),
        })
    })?;
    let cats: Vec<&str> = rule.categories().iter().map(|c| c.id()).collect();
    let mut s = String::new();
    let _ = writeln!(s, "{}", rule.id);
    let _ = writeln!(
        s,
        "categories: {} · default: {}\n",
        cats.join(", "),
        if rule.is_default() {
            "yes (in FILE)"
        } else {
            "no"
        }
    );
    let _ = writeln!(s, "{}\n", rule.summary);
    let effects = rule.effects();
    let at_run_time = format!(
        "{} {}: {}",
        if effects.per_change {
            "Decided per change; worst case"
        } else {
            "Effects"
        },
        "(backward: NEW reads OLD, forward: OLD reads NEW)",
        effects.worst.describe()
    );
    for (title, body) in [
        ("What it checks", rule.what),
        ("Why it breaks", rule.why),
        (
            "At run time",
            &*format!("{at_run_time}\n{}", effects.explain),
        ),
        ("How to fix", rule.fix),
    ] {
        let _ = writeln!(s, "{title}\n{}\n", indent(body));
    }
    let _ = writeln!(
        s,
        "Example\n  before:\n{}\n  after:\n{}",
        indent4(rule.example.old),
        indent4(rule.example.new)
    );
    Ok(Outcome {
        stdout: s,
        exit_code: 0,
    })
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn indent4(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
