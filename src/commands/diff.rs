//! `protocheck diff OLD NEW`: input → compile → model → pair → rules → findings → render.

use std::collections::BTreeSet;
use std::io::IsTerminal;

use super::Outcome;
use crate::cli::{DiffArgs, Format};
use crate::compile::{self, Compiled};
use crate::error::Error;
use crate::input;
use crate::model::{self, Contract};
use crate::pair::Diff;
use crate::render::{self, Report};
use crate::rules::{self, Category, Rule};

pub fn run(args: &DiffArgs) -> Result<Outcome, Error> {
    let (categories, selected) = select_rules(&args.category, &args.rule, &args.except)?;

    // The two sides are independent until pairing: load, compile and model them concurrently.
    let (old, new) = std::thread::scope(|s| {
        let old = s.spawn(|| side(&args.old, &args.include, "old"));
        let new = side(&args.new, &args.include, "new");
        let old = old.join().unwrap_or_else(|_| {
            Err(Error::Input {
                input: args.old.clone(),
                message: "internal error while reading the old contract".into(),
                help: None,
            })
        });
        (old, new)
    });
    let (old_c, old_m, old_prefix) = old?;
    let (new_c, new_m, new_prefix) = new?;

    let diff = Diff::new(&old_m, &new_m);
    let findings = rules::run(&diff, &selected);

    let report = Report {
        old_label: &args.old,
        new_label: &args.new,
        categories: categories.iter().map(|c| c.id()).collect(),
        rules: selected.iter().map(|r| r.id).collect(),
        findings: &findings,
        old_files: old_m.checked_files().count(),
        new_files: new_m.checked_files().count(),
        old_sources: &old_c.sources,
        new_sources: &new_c.sources,
        old_prefix: &old_prefix,
        new_prefix: &new_prefix,
    };
    let stdout = match args.format {
        Format::Json => render::json::render(&report),
        Format::Sarif => render::sarif::render(&report),
        Format::Github => render::github::render(&report),
        Format::Junit => render::junit::render(&report),
        Format::Gitlab => render::gitlab::render(&report),
        Format::Human => {
            let color = !args.no_color
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal();
            render::human::render(&report, &render::human::Style { color })
        }
    };
    Ok(Outcome {
        stdout,
        exit_code: if findings.is_empty() { 0 } else { 1 },
    })
}

fn side(
    spec: &str,
    includes: &[std::path::PathBuf],
    which: &'static str,
) -> Result<(Compiled, Contract, String), Error> {
    let input = input::load(spec, includes)?;
    let prefix = input.root_prefix().to_owned();
    let compiled = compile::compile(&input, which, spec)?;
    let contract = model::build(
        compiled.descriptor_set.clone(),
        &|p| compiled.is_target(p),
        &compiled.sources,
    )
    .map_err(|e| Error::Descriptor {
        input: spec.to_owned(),
        message: e.to_string(),
    })?;
    Ok((compiled, contract, prefix))
}

/// The categories named and the rules to run, in registry order.
pub fn select_rules(
    categories: &[String],
    rules_: &[String],
    except: &[String],
) -> Result<(Vec<Category>, Vec<&'static Rule>), Error> {
    let mut cats = Vec::new();
    for c in categories {
        let cat = Category::from_id(c).ok_or_else(|| Error::Usage {
            message: format!("unknown category {c:?}"),
            help: Some("categories are FILE, PACKAGE, WIRE_JSON, WIRE and CSR".into()),
        })?;
        if !cats.contains(&cat) {
            cats.push(cat);
        }
    }
    if cats.is_empty() && rules_.is_empty() {
        cats.push(Category::File);
    }
    let lookup = |id: &String| {
        rules::find(id).ok_or_else(|| Error::Usage {
            message: format!("unknown rule id {id:?}"),
            help: Some(suggest(id)),
        })
    };
    let mut ids: BTreeSet<&'static str> = BTreeSet::new();
    for r in rules::all() {
        if r.categories().iter().any(|c| cats.contains(c)) {
            ids.insert(r.id);
        }
    }
    for id in rules_ {
        ids.insert(lookup(id)?.id);
    }
    for id in except {
        ids.remove(lookup(id)?.id);
    }
    let selected = rules::all().filter(|r| ids.contains(r.id)).collect();
    Ok((cats, selected))
}

fn suggest(id: &str) -> String {
    let upper = id.to_ascii_uppercase();
    let close: Vec<&str> = rules::all()
        .map(|r| r.id)
        .filter(|r| {
            *r == upper
                || r.contains(&upper)
                || upper
                    .split('_')
                    .filter(|w| w.len() > 2)
                    .all(|w| r.contains(w))
        })
        .take(5)
        .collect();
    if close.is_empty() {
        "`protocheck rules` lists every rule id".into()
    } else {
        format!("did you mean {}?", close.join(", "))
    }
}
