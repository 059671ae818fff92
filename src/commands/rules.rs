//! `protocheck rules`: the rule table, generated from the registry.

use std::fmt::Write as _;

use serde::Serialize;

use super::Outcome;
use crate::cli::RulesFormat;
use crate::rules::{self, Rule};

#[derive(Serialize)]
struct JsonRule {
    id: &'static str,
    categories: Vec<&'static str>,
    default: bool,
    summary: &'static str,
    what: &'static str,
    why: &'static str,
    fix: &'static str,
    example: JsonExample,
}

#[derive(Serialize)]
struct JsonExample {
    old: &'static str,
    new: &'static str,
}

fn cats(r: &Rule) -> Vec<&'static str> {
    r.categories().iter().map(|c| c.id()).collect()
}

pub fn run(format: RulesFormat) -> Outcome {
    let all: Vec<&Rule> = rules::all().collect();
    let stdout = match format {
        RulesFormat::Json => {
            let rows: Vec<JsonRule> = all
                .iter()
                .map(|r| JsonRule {
                    id: r.id,
                    categories: cats(r),
                    default: r.is_default(),
                    summary: r.summary,
                    what: r.what,
                    why: r.why,
                    fix: r.fix,
                    example: JsonExample {
                        old: r.example.old,
                        new: r.example.new,
                    },
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&rows).unwrap_or_default();
            s.push('\n');
            s
        }
        RulesFormat::Markdown => {
            let mut s = String::from(
                "| Rule | Categories | Default | What it catches |\n| --- | --- | :-: | --- |\n",
            );
            for r in &all {
                let _ = writeln!(
                    s,
                    "| `{}` | {} | {} | {} |",
                    r.id,
                    cats(r).join(", "),
                    if r.is_default() { "yes" } else { "" },
                    r.summary.replace('|', "\\|")
                );
            }
            s
        }
        RulesFormat::Table => {
            let id_w = all.iter().map(|r| r.id.len()).max().unwrap_or(4);
            let cat_w = all
                .iter()
                .map(|r| cats(r).join(",").len())
                .max()
                .unwrap_or(10);
            let mut s = format!(
                "{:id_w$}  {:cat_w$}  {:7}  {}\n",
                "ID", "CATEGORIES", "DEFAULT", "SUMMARY"
            );
            for r in &all {
                let _ = writeln!(
                    s,
                    "{:id_w$}  {:cat_w$}  {:7}  {}",
                    r.id,
                    cats(r).join(","),
                    if r.is_default() { "yes" } else { "" },
                    r.summary
                );
            }
            let _ = writeln!(
                s,
                "\n{} rules. `protocheck explain ID` tells one rule's full story.",
                all.len()
            );
            s
        }
    };
    Outcome {
        stdout,
        exit_code: 0,
    }
}
