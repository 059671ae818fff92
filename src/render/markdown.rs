//! `--format markdown`: the report as a pull-request comment: a headline, the compatibility
//! matrix as a table (a row per change, ✅/❌ per direction and encoding, a column per release
//! when several were checked, the recommended rollout), the verdicts, and the findings in a
//! collapsed list.

use std::fmt::Write as _;

use super::Report;
use crate::effects::{Direction, Effect, Encoding};

/// Text safe inside a table cell: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

fn mark(e: Effect) -> String {
    match e {
        Effect::Ok => "✅".into(),
        Effect::CodeOnly => "✅ code-only".into(),
        other => format!("❌ {}", other.id()),
    }
}

pub fn render(report: &Report) -> String {
    let m = report.matrix;
    let mut out = String::new();
    let n = report.findings.len();
    let _ = writeln!(
        out,
        "### protocheck: `{}` → `{}`\n",
        cell(report.old_label),
        cell(report.new_label)
    );
    let _ = writeln!(
        out,
        "{}\n",
        if n == 0 {
            format!(
                "No breaking changes: {} rule{} checked over {} file{}.",
                report.rules.len(),
                plural(report.rules.len()),
                report.new_files,
                plural(report.new_files)
            )
        } else {
            format!(
                "**{n} breaking change{}** ({} rule{} checked).",
                plural(n),
                report.rules.len(),
                plural(report.rules.len())
            )
        }
    );
    if !m.changes.is_empty() {
        let mut header = String::from(
            "| change | where | NEW reads OLD (binary) | NEW reads OLD (JSON) | OLD reads NEW \
             (binary) | OLD reads NEW (JSON) |",
        );
        let mut rule = String::from("|---|---|---|---|---|---|");
        for r in &m.releases {
            let _ = write!(header, " `{}` |", cell(&r.label));
            rule.push_str(":-:|");
        }
        header.push_str(" recommended rollout |");
        rule.push_str("---|");
        let _ = writeln!(out, "{header}\n{rule}");
        for c in &m.changes {
            let _ = write!(out, "| {} | `{}` |", cell(&c.title), cell(&c.location));
            for d in Direction::ALL {
                for e in Encoding::ALL {
                    let _ = write!(out, " {} |", mark(c.effects.get(d, e)));
                }
            }
            for i in 0..m.releases.len() {
                let _ = write!(out, " {} |", if c.releases.contains(&i) { "●" } else { "" });
            }
            let _ = writeln!(out, " {} |", c.rollout.text());
        }
        let _ = writeln!(
            out,
            "\n*NEW reads OLD* is backward compatibility (a NEW server serving OLD clients), \
             *OLD reads NEW* forward (OLD clients reading a NEW server's responses). JSON \
             verdicts are those of a strict proto3 JSON parser.\n"
        );
    }
    if !m.releases.is_empty() {
        let _ = writeln!(
            out,
            "| release (oldest first) | NEW reads it | it reads NEW |\n|---|:-:|:-:|"
        );
        for r in &m.releases {
            let yes = |b: bool| if b { "✅" } else { "❌" };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                cell(&r.label),
                yes(r.backward),
                yes(r.forward)
            );
        }
        let _ = match m.oldest_compatible() {
            Some(r) => writeln!(
                out,
                "\nNEW is fully compatible with every release since `{}`.\n",
                cell(&r.label)
            ),
            None => writeln!(
                out,
                "\nNEW is not fully compatible with the newest release.\n"
            ),
        };
    }
    if let Some(r) = &m.require {
        let failing = m.failing().len();
        let _ = writeln!(
            out,
            "**--require {}: {}.**\n",
            r.describe(),
            if failing == 0 {
                "passed".to_owned()
            } else {
                format!("failed by {failing} change{}", plural(failing))
            }
        );
    }
    if n > 0 {
        let _ = writeln!(
            out,
            "<details><summary>{n} finding{}</summary>\n",
            plural(n)
        );
        for f in report.findings {
            let place = match (&f.new, &f.old) {
                (Some(p), _) | (None, Some(p)) => match &p.span {
                    Some(s) => format!("{}:{}:{}", p.path, s.start_line, s.start_col),
                    None => p.path.to_string(),
                },
                (None, None) => String::new(),
            };
            let _ = writeln!(
                out,
                "- **{}** `{}`: {}  \n  effects: {}",
                f.rule,
                place,
                f.message.replace('\n', " "),
                f.effects.describe()
            );
            if let Some(h) = &f.help {
                let _ = writeln!(out, "  — fix: {h}");
            }
        }
        let _ = writeln!(out, "\n</details>");
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
