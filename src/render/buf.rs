//! buf's `--error-format`s, byte for byte as buf 1.75 prints them (`protocheck breaking`):
//! `text`, `json` (one object a line), `msvs`, `junit`, `github-actions` and
//! `gitlab-code-quality`. They print buf's file annotations: a path as buf shows it (the
//! input's path joined with the file's, `<input>` when the finding has no file, such as a
//! deleted file), a 1-based range with an exclusive end column, the rule and the message.
//! Nothing is printed when there is no finding, as buf prints nothing.
//!
//! The pinned expectations (testdata/buf/) are buf 1.75's own outputs.

use std::fmt::Write as _;

use serde::Serialize;

use crate::render::Error;

/// One finding as buf prints it. Line and column numbers are 0 when unknown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Annotation {
    /// `None`: no file (shown as `<input>`).
    pub path: Option<String>,
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub rule: String,
    pub message: String,
}

const NO_PATH: &str = "<input>";

impl Annotation {
    fn shown_path(&self) -> &str {
        self.path.as_deref().unwrap_or(NO_PATH)
    }

    /// buf's `path:line:column:message`.
    fn text(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.shown_path(),
            at_least_1(self.start_line),
            at_least_1(self.start_column),
            self.message
        )
    }
}

fn at_least_1(n: u32) -> u32 {
    n.max(1)
}

/// `breaking --error-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BufFormat {
    /// `path:line:column:message`, one finding a line (buf's default).
    Text,
    /// One JSON object per finding and line, as buf prints them.
    Json,
    /// Visual Studio: `path(line,column) : error RULE : message`.
    Msvs,
    /// JUnit XML, a test suite per file, as buf prints it.
    Junit,
    /// GitHub Actions `::error` workflow commands, as buf prints them.
    GithubActions,
    /// GitLab Code Quality JSON, as buf prints it.
    GitlabCodeQuality,
    /// protocheck's report for people.
    Human,
    /// protocheck's SARIF 2.1.0.
    Sarif,
}

/// Renders `annotations` (sorted and deduplicated here, as buf does) in a buf format.
/// `Human` and `Sarif` are protocheck's own and are not rendered here.
pub fn render(format: BufFormat, annotations: &[Annotation]) -> Result<String, Error> {
    let mut list = annotations.to_vec();
    list.sort();
    list.dedup();
    if list.is_empty() {
        return Ok(String::new());
    }
    let mut out = String::new();
    match format {
        BufFormat::Text => {
            for a in &list {
                let _ = writeln!(out, "{}", a.text());
            }
        }
        BufFormat::Msvs => {
            for a in &list {
                let _ = writeln!(
                    out,
                    "{}({},{}) : error {} : {}",
                    a.shown_path(),
                    at_least_1(a.start_line),
                    at_least_1(a.start_column),
                    a.rule,
                    a.message
                );
            }
        }
        BufFormat::Json => {
            for a in &list {
                out.push_str(&go_json(&JsonLine::of(a))?);
                out.push('\n');
            }
        }
        BufFormat::GithubActions => {
            for a in &list {
                out.push_str("::error file=");
                out.push_str(a.shown_path());
                if a.start_line > 0 {
                    let _ = write!(out, ",line={}", a.start_line);
                    if a.start_column > 0 {
                        let _ = write!(out, ",col={}", a.start_column);
                    }
                    if a.end_line > 0 {
                        let _ = write!(out, ",endLine={}", a.end_line);
                        if a.end_column > 0 {
                            let _ = write!(out, ",endColumn={}", a.end_column);
                        }
                    }
                }
                let _ = writeln!(out, "::{}", a.message);
            }
        }
        BufFormat::Junit => junit(&mut out, &list),
        BufFormat::GitlabCodeQuality => {
            let issues = list
                .iter()
                .map(GitlabIssue::of)
                .collect::<Result<Vec<_>, _>>()?;
            out.push_str(&go_json(&issues)?);
            out.push('\n');
        }
        BufFormat::Human | BufFormat::Sarif => {
            return Err(Error::Render {
                format: "buf",
                message: "human and sarif are protocheck's own formats".into(),
            })
        }
    }
    Ok(out)
}

/// buf's JSON line (Go's `omitempty`: empty strings and zeros are left out).
#[derive(Serialize)]
struct JsonLine<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    path: &'a str,
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(rename = "type", skip_serializing_if = "str::is_empty")]
    rule: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    message: &'a str,
}

impl<'a> JsonLine<'a> {
    fn of(a: &'a Annotation) -> Self {
        JsonLine {
            path: a.path.as_deref().unwrap_or(""),
            start_line: at_least_1(a.start_line),
            start_column: at_least_1(a.start_column),
            end_line: at_least_1(a.end_line),
            end_column: at_least_1(a.end_column),
            rule: &a.rule,
            message: &a.message,
        }
    }
}

#[derive(Serialize)]
struct GitlabIssue {
    description: String,
    check_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    fingerprint: String,
    location: GitlabLocation,
    severity: &'static str,
}

#[derive(Serialize)]
struct GitlabLocation {
    #[serde(skip_serializing_if = "String::is_empty")]
    path: String,
    positions: GitlabPositions,
}

#[derive(Serialize)]
struct GitlabPositions {
    begin: GitlabPosition,
    end: GitlabPosition,
}

#[derive(Serialize)]
struct GitlabPosition {
    #[serde(skip_serializing_if = "is_zero")]
    line: u32,
    #[serde(skip_serializing_if = "is_zero")]
    column: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl GitlabIssue {
    /// The fingerprint is buf's: the SHAKE256 (64 bytes, hex) of the issue's JSON without it.
    fn of(a: &Annotation) -> Result<Self, Error> {
        use sha3::digest::{ExtendableOutput, Update, XofReader};
        let mut issue = GitlabIssue {
            description: a.message.clone(),
            check_name: a.rule.clone(),
            fingerprint: String::new(),
            location: GitlabLocation {
                path: a.path.clone().unwrap_or_default(),
                positions: GitlabPositions {
                    begin: GitlabPosition {
                        line: a.start_line,
                        column: a.start_column,
                    },
                    end: GitlabPosition {
                        line: a.end_line,
                        column: a.end_column,
                    },
                },
            },
            severity: "minor",
        };
        let content = go_json(&issue)?;
        let mut hasher = sha3::Shake256::default();
        hasher.update(content.as_bytes());
        let mut digest = [0u8; 64];
        hasher.finalize_xof().read(&mut digest);
        issue.fingerprint = digest.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        });
        Ok(issue)
    }
}

/// JSON as Go's `encoding/json` writes it: compact, with `<`, `>`, `&`, U+2028 and U+2029
/// escaped (those characters only occur inside strings, so replacing them is safe).
fn go_json<T: Serialize>(value: &T) -> Result<String, Error> {
    let s = serde_json::to_string(value).map_err(|e| Error::Render {
        format: "json",
        message: e.to_string(),
    })?;
    Ok(s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029"))
}

/// buf's JUnit XML: a test suite per path in order of first appearance, a failing test case
/// per finding, indented by two spaces as Go's XML encoder does.
fn junit(out: &mut String, list: &[Annotation]) {
    let mut groups: Vec<(&str, Vec<&Annotation>)> = Vec::new();
    for a in list {
        match groups.iter_mut().find(|(p, _)| *p == a.shown_path()) {
            Some((_, g)) => g.push(a),
            None => groups.push((a.shown_path(), vec![a])),
        }
    }
    out.push_str("<testsuites>");
    for (path, group) in &groups {
        let name = path.strip_suffix(".proto").unwrap_or(path);
        let _ = write!(
            out,
            "\n  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">",
            xml_escape(name),
            n = group.len()
        );
        for a in group {
            let mut case = a.rule.clone();
            if a.start_column != 0 {
                let _ = write!(case, "_{}_{}", a.start_line, a.start_column);
            } else if a.start_line != 0 {
                let _ = write!(case, "_{}", a.start_line);
            }
            let _ = write!(
                out,
                "\n    <testcase name=\"{}\">\n      <failure message=\"{}\" type=\"{}\"></failure>\n    </testcase>",
                xml_escape(&case),
                xml_escape(&a.text()),
                xml_escape(&a.rule)
            );
        }
        out.push_str("\n  </testsuite>");
    }
    out.push_str("\n</testsuites>\n");
}

/// Go's `xml.EscapeText`.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> Annotation {
        Annotation {
            path: Some("new/demo/v1/user.proto".into()),
            start_line: 1,
            start_column: 1,
            end_line: 1,
            end_column: 1,
            rule: "MESSAGE_NO_DELETE".into(),
            message: "Previously present message \"Team\" was deleted from file.".into(),
        }
    }

    #[test]
    fn gitlab_fingerprint_is_bufs() {
        // From buf 1.75's output for this finding (testdata/buf/).
        let issue = GitlabIssue::of(&team()).expect("renders");
        assert_eq!(
            issue.fingerprint,
            "11374561f2b7f41683a9628ff6885ccda31f30d60900596a141be465a7d03ce1e14f9e13ec3f6a1648456895cb3011283fbbe3f984cb814038b6b0c2771e2a49"
        );
    }

    #[test]
    fn go_escapes_html_characters_in_json() {
        assert_eq!(
            go_json(&"a<b>&c").expect("json"),
            "\"a\\u003cb\\u003e\\u0026c\""
        );
    }

    #[test]
    fn no_finding_prints_nothing() {
        for f in [
            BufFormat::Text,
            BufFormat::Junit,
            BufFormat::GitlabCodeQuality,
        ] {
            assert_eq!(render(f, &[]).expect("renders"), "");
        }
    }
}
