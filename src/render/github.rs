//! `--format github`: GitHub Actions workflow commands, one `::error` annotation per finding,
//! shown on the pull request's diff:
//!
//! ```text
//! ::error file=proto/a.proto,line=3,col=1,endLine=3,endColumn=20,title=FIELD_NO_DELETE::message
//! ```
//!
//! `col` and `endColumn` are given only for a place on one line, since GitHub ignores columns
//! of a place that spans lines. `endColumn` is exclusive, as in every protocheck format.
//! A finding with no place in NEW (a deleted file) is annotated on the OLD file's path.
//! A last plain line sums up, for the job log.

use std::fmt::Write as _;

use super::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in report.findings {
        let mut props = Vec::new();
        if let Some(loc) = report.ci_location(f) {
            props.push(format!("file={}", property(&loc.path)));
            if let Some(s) = loc.span {
                props.push(format!("line={}", s.start_line));
                if s.start_line == s.end_line {
                    props.push(format!("col={}", s.start_col));
                }
                props.push(format!("endLine={}", s.end_line));
                if s.start_line == s.end_line {
                    props.push(format!("endColumn={}", s.end_col));
                }
            }
        }
        props.push(format!("title={}", property(f.rule)));
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            let _ = write!(message, "\nFix: {help}");
        }
        if f.new.is_none() {
            let _ = write!(message, "\n(in the old version, {})", report.old_label);
        }
        let _ = writeln!(out, "::error {}::{}", props.join(","), data(&message));
    }
    let n = report.findings.len();
    if n == 0 {
        let _ = writeln!(
            out,
            "protocheck: no breaking changes ({}, {} checked)",
            count(report.rules.len(), "rule"),
            count(report.new_files, "file")
        );
    } else {
        let _ = writeln!(
            out,
            "protocheck: {} in {}",
            count(n, "breaking change"),
            count(report.files_with_findings(), "file")
        );
    }
    out
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Escapes a command's message: `%`, CR and LF.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as [`data`], plus `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
