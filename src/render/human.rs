//! `--format human`: a code frame per finding, the OLD declaration beside it, a fix hint and
//! a closing summary line.

use std::fmt::Write as _;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use super::Report;
use crate::finding::Finding;
use crate::model::Span;
use crate::position::{offset_of_display, TAB_WIDTH};

pub struct Style {
    pub color: bool,
}

pub fn render(report: &Report, style: &Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100);
    let mut out = String::new();
    for f in report.findings {
        render_finding(&mut out, &handler, report, f);
    }
    out.push_str(&matrix(report));
    out.push_str(&summary(report, style));
    out.push('\n');
    out
}

fn summary(report: &Report, style: &Style) -> String {
    let n = report.findings.len();
    let rules = report.rules.len();
    let scope = format!(
        "{rules} rule{}{}",
        plural(rules),
        if report.categories.is_empty() {
            String::new()
        } else {
            format!(" of {}", report.categories.join(", "))
        }
    );
    let (text, color) = if n == 0 {
        (
            format!(
                "No breaking changes: {scope} checked over {} file{}.",
                report.new_files,
                plural(report.new_files)
            ),
            "\x1b[32m",
        )
    } else {
        let files = report.files_with_findings();
        let where_ = if files == 0 {
            String::new()
        } else {
            format!(" in {files} file{}", plural(files))
        };
        (
            format!("{n} breaking change{}{where_}: {scope} checked.", plural(n)),
            "\x1b[1;31m",
        )
    };
    if style.color {
        format!("{color}{text}\x1b[0m")
    } else {
        text
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn location(path: &str, span: Option<&Span>) -> String {
    match span {
        Some(s) => format!("{path}:{}:{}", s.start_line, s.start_col),
        None => path.to_owned(),
    }
}

fn render_finding(
    out: &mut String,
    handler: &GraphicalReportHandler,
    report: &Report,
    f: &Finding,
) {
    let new_span = f.new.as_ref().and_then(|p| p.span.as_ref());
    // Tabs are expanded to the stops the columns count (as buf does), so miette's frame header
    // and underline agree with the reported line:column.
    let new_text = f
        .new
        .as_ref()
        .and_then(|p| report.new_sources.get(&*p.path))
        .map(|t| expand_tabs(t));
    let old_span = f.old.as_ref().and_then(|p| p.span.as_ref());
    let old_text = f
        .old
        .as_ref()
        .and_then(|p| report.old_sources.get(&*p.path))
        .map(|t| expand_tabs(t));
    let where_ = match (&f.new, &f.old) {
        (Some(p), _) => location(&p.path, new_span),
        (None, Some(p)) => format!("{} (in OLD)", location(&p.path, old_span)),
        (None, None) => "(no place in either version)".to_owned(),
    };

    let has_frame = new_span.is_some() && new_text.is_some();
    let headline = if has_frame {
        f.message.clone()
    } else {
        format!("{}\n  at {where_}", f.message)
    };
    let mut diag = MietteDiagnostic::new(headline).with_code(f.rule);
    let old_snippet = old_span
        .zip(old_text.as_deref())
        .map(|(s, t)| snippet(t, s));
    let mut notes = Vec::new();
    if let Some(old) = &old_snippet {
        let new_snippet = new_span
            .zip(new_text.as_deref())
            .map(|(s, t)| snippet(t, s));
        let old_loc = location(f.old.as_ref().map_or("", |p| &p.path), old_span);
        match new_snippet {
            Some(new) if is_same_element(f) && new != *old && short(old) && short(&new) => {
                notes.push(format!(
                    "changed from OLD {old_loc}:\n{}",
                    line_diff(old, &new)
                ));
            }
            _ => notes.push(format!("was (OLD {old_loc}): {}", first_line(old))),
        }
    }
    if let Some(h) = &f.help {
        notes.push(format!("fix: {h}"));
    }
    notes.push(format!("effects: {}", f.effects.describe()));
    if let Some(e) = report.evidence_of(f) {
        let lines = e.describe();
        if lines.is_empty() {
            notes.push("verify: every payload agrees with these effects".to_owned());
        }
        for l in lines {
            notes.push(format!("verify: {l}"));
        }
    }
    if let Some(releases) = report.releases_of(f) {
        notes.push(format!("against: {}", releases.join(", ")));
    }
    if !notes.is_empty() {
        diag = diag.with_help(notes.join("\n"));
    }
    let rendered = match (new_span, new_text) {
        (Some(span), Some(text)) => {
            let (start, len) = byte_range(&text, span);
            let label = LabeledSpan::new_primary_with_span(Some(short_label(f)), (start, len));
            let diag = diag.with_labels([label]);
            let report_ = miette::Report::new(diag)
                .with_source_code(NamedSource::new(f.path().unwrap_or(""), text));
            render_report(handler, report_.as_ref())
        }
        _ => render_report(handler, &diag),
    };
    out.push_str(&rendered);
    out.push('\n');
}

fn render_report(handler: &GraphicalReportHandler, d: &dyn miette::Diagnostic) -> String {
    let mut s = String::new();
    if handler.render_report(&mut s, d).is_err() {
        let _ = writeln!(s, "{d}");
    }
    s
}

/// Whether the OLD and NEW places are the same element (a change), not a container of a
/// deleted one.
fn is_same_element(f: &Finding) -> bool {
    !f.rule.contains("NO_DELETE")
}

fn short_label(f: &Finding) -> String {
    if f.rule.contains("NO_DELETE") {
        "deleted from here".to_owned()
    } else {
        "changed here".to_owned()
    }
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    if s.lines().nth(1).is_some() {
        format!("`{line} …`")
    } else {
        format!("`{line}`")
    }
}

/// A small line diff of two declarations, `-` for OLD and `+` for NEW.
fn line_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut s = String::new();
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => "-",
            similar::ChangeTag::Insert => "+",
            similar::ChangeTag::Equal => " ",
        };
        let _ = writeln!(s, "  {sign} {}", change.value().trim_end());
    }
    s.trim_end().to_owned()
}

/// Byte offset and length of a span in `text` (columns are display columns, tabs expanded).
fn byte_range(text: &str, span: &Span) -> (usize, usize) {
    // A line past the text's last is taken as the text's end.
    let offset = |line, col| offset_of_display(text, line, col).unwrap_or(text.len());
    let start = offset(span.start_line, span.start_col);
    let end = offset(span.end_line, span.end_col).max(start);
    (start, end - start)
}

/// The whole source lines a span touches, trimmed, so a change shows as a declaration diff
/// (`- int32 capacity = 2;` / `+ int64 capacity = 2;`) rather than as bare tokens.
fn snippet(text: &str, span: &Span) -> String {
    let first = span.start_line.max(1) as usize - 1;
    let last = (span.end_line.max(span.start_line) as usize).saturating_sub(1);
    text.lines()
        .skip(first)
        .take(last + 1 - first)
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with each tab replaced by spaces up to the next tab stop.
fn expand_tabs(text: &str) -> String {
    if !text.contains('\t') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut col = 0u32;
    for ch in text.chars() {
        match ch {
            '\t' => {
                let n = TAB_WIDTH - col % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', n as usize));
                col += n;
            }
            '\n' => {
                out.push(ch);
                col = 0;
            }
            _ => {
                out.push(ch);
                col += 1;
            }
        }
    }
    out
}

/// Small enough to show as a diff beside the code frame.
fn short(snippet: &str) -> bool {
    snippet.lines().count() <= 8
}

/// The seed matrix: a row per change (✅/❌ per direction and encoding, a column per release
/// when several were checked, the rollout), then the releases' verdict and the gate's.
fn matrix(report: &Report) -> String {
    let m = report.matrix;
    let mut out = String::new();
    if !m.changes.is_empty() {
        let _ = writeln!(
            out,
            "Compatibility matrix (backward: NEW reads what OLD writes; forward: OLD reads what \
             NEW writes):\n"
        );
        let width = m
            .changes
            .iter()
            .map(|c| c.location.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(6, 48);
        // A mark is two columns wide: a cell `✅  ❌  ` lines up under `bin json`.
        let releases: String = m
            .releases
            .iter()
            .map(|r| format!("{}  ", r.label))
            .collect();
        let _ = writeln!(
            out,
            "  {:<width$}  backward  forward   {releases}rollout",
            "change"
        );
        let _ = writeln!(out, "  {:<width$}  bin json  bin json", "");
        for c in &m.changes {
            let cell = |d| {
                use crate::effects::{matrix::mark, Encoding};
                let e = c.effects.get_direction(d);
                format!(
                    "{}  {}  ",
                    mark(e.get(Encoding::Binary)),
                    mark(e.get(Encoding::Json))
                )
            };
            let per_release: String = m
                .releases
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let text = if c.releases.contains(&i) { "●" } else { "·" };
                    format!("{text:<w$}  ", w = r.label.chars().count())
                })
                .collect();
            let _ = writeln!(
                out,
                "  {:<width$}  {}  {}  {per_release}{}",
                c.location,
                cell(crate::effects::Direction::Backward),
                cell(crate::effects::Direction::Forward),
                c.rollout.text()
            );
            let _ = writeln!(out, "  {:<width$}  {}", "", c.title);
        }
        let _ = writeln!(out);
        if !m.releases.is_empty() {
            let _ = writeln!(
                out,
                "  ● the change applies to that release, · it does not.\n"
            );
        }
    }
    if !m.releases.is_empty() {
        let verdicts: Vec<String> = m
            .releases
            .iter()
            .map(|r| {
                let v = match (r.backward, r.forward) {
                    (true, true) => "fully compatible",
                    (true, false) => "NEW reads it, it cannot read NEW",
                    (false, true) => "it reads NEW, NEW cannot read it",
                    (false, false) => "incompatible both ways",
                };
                format!("  {}: {v}", r.label)
            })
            .collect();
        let encodings: Vec<&str> = m.encodings.iter().map(|e| e.id()).collect();
        let _ = writeln!(
            out,
            "Releases, oldest first ({}):\n{}",
            encodings.join(" and "),
            verdicts.join("\n")
        );
        let _ = match m.oldest_compatible() {
            Some(r) => writeln!(
                out,
                "NEW is fully compatible with every release since {}.\n",
                r.label
            ),
            None => writeln!(
                out,
                "NEW is not fully compatible with the newest release, {}.\n",
                m.releases.last().map_or("", |r| &*r.label)
            ),
        };
    }
    if let Some(r) = &m.require {
        let failing = m.failing();
        let _ = if failing.is_empty() {
            writeln!(out, "--require {}: passed.", r.describe())
        } else {
            writeln!(
                out,
                "--require {}: failed by {} change{}.",
                r.describe(),
                failing.len(),
                plural(failing.len())
            )
        };
    }
    out
}
