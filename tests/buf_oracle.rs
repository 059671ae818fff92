//! protocheck against buf 1.75's own output, recorded next to every case by
//! `scripts/record-buf.py` (`<case>/buf/<SELECTION>.jsonl`, JSON lines as buf printed them).
//!
//! Every rule case, evolution step and editions case is run with the same selection (`--rule
//! ID` or `--category C`) and its findings must equal buf's exactly: rule, path, range and
//! message. The only exceptions are the deliberate differences in
//! `testdata/buf-differences.toml`, each by name and with its reason; an entry that no longer
//! matches what happens fails as well. The README's "Differences from buf" section is that file
//! rendered.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{json, protocheck, root};
use serde::Deserialize;

const DIFFERENCES: &str = "testdata/buf-differences.toml";
const CATEGORIES: [&str; 4] = ["FILE", "PACKAGE", "WIRE_JSON", "WIRE"];

/// One finding as both tools can state it: rule, path, start line/column, end line/column and
/// message. A JSON line of each, in buf's field names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    #[serde(default)]
    path: String,
    #[serde(default)]
    start_line: u64,
    #[serde(default)]
    start_column: u64,
    #[serde(default)]
    end_line: u64,
    #[serde(default)]
    end_column: u64,
    #[serde(rename = "type")]
    rule: String,
    message: String,
}

impl std::fmt::Display for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}:{}:{}-{}:{} {}",
            self.rule,
            self.path,
            self.start_line,
            self.start_column,
            self.end_line,
            self.end_column,
            self.message
        )
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Differences {
    difference: Vec<Difference>,
}

/// A deliberate difference (see the kinds in testdata/buf-differences.toml).
#[derive(Deserialize)]
struct Difference {
    name: String,
    reason: String,
    #[serde(flatten)]
    kind: Kind,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum Kind {
    Range {
        buf: String,
        protocheck: String,
    },
    NoPath,
    Message {
        buf: String,
        protocheck: String,
    },
    Findings {
        case: String,
        selections: Vec<String>,
        #[serde(default)]
        only_buf: Vec<String>,
        #[serde(default)]
        only_protocheck: Vec<String>,
    },
}

impl Line {
    fn range(&self) -> String {
        if (
            self.start_line,
            self.start_column,
            self.end_line,
            self.end_column,
        ) == (0, 0, 0, 0)
        {
            return "null".into();
        }
        format!(
            "{}:{}-{}:{}",
            self.start_line, self.start_column, self.end_line, self.end_column
        )
    }

    fn set_range(&mut self, range: &str) {
        let n: Vec<u64> = if range == "null" {
            vec![0; 4]
        } else {
            range
                .split([':', '-'])
                .map(|x| x.parse().expect("a line:column-line:column range"))
                .collect()
        };
        [
            self.start_line,
            self.start_column,
            self.end_line,
            self.end_column,
        ] = [n[0], n[1], n[2], n[3]];
    }
}

fn load_differences() -> Differences {
    let text = std::fs::read_to_string(root().join(DIFFERENCES)).expect("differences readable");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{DIFFERENCES}: {e}"))
}

fn parse_line(text: &str, what: &str) -> Line {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}: {text}"))
}

/// Every case directory with its selections, as scripts/record-buf.py records them.
fn cases() -> Vec<(PathBuf, Vec<String>)> {
    let sorted_dirs = |dir: &Path| -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        out.sort();
        out
    };
    let mut out = Vec::new();
    for rule in sorted_dirs(&root().join("testdata/rules")) {
        let id = rule.file_name().unwrap().to_string_lossy().into_owned();
        // protocheck's own POLICY rules are unknown to buf: nothing to compare them with.
        if protocheck::rules::categories::policy(&id).is_some() {
            continue;
        }
        for case in sorted_dirs(&rule) {
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("fires") || name.starts_with("near_miss") {
                out.push((case, vec![id.clone()]));
            }
        }
    }
    for base in ["testdata/evolution", "testdata/editions/cases"] {
        for case in sorted_dirs(&root().join(base)) {
            out.push((case, CATEGORIES.iter().map(|c| c.to_string()).collect()));
        }
    }
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .expect("under the crate root")
        .to_string_lossy()
        .replace('\\', "/")
}

/// buf's recorded findings for `case` under `selection`.
fn recorded(case: &Path, selection: &str) -> Result<Vec<Line>, String> {
    let file = case.join("buf").join(format!("{selection}.jsonl"));
    let text = std::fs::read_to_string(&file).map_err(|e| {
        format!(
            "{}: {e} (run scripts/record-buf.py with buf 1.75)",
            relative(&file)
        )
    })?;
    let mut lines: Vec<Line> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| parse_line(l, &relative(&file)))
        .collect();
    lines.sort();
    Ok(lines)
}

/// protocheck's findings for `case` under `selection`, in the same shape, and its exit code.
fn ours(case: &Path, selection: &str) -> (Vec<Line>, i32) {
    let flag = if CATEGORIES.contains(&selection) {
        "--category"
    } else {
        "--rule"
    };
    let rel = relative(case);
    let old = format!("{rel}/old");
    let new = format!("{rel}/new");
    let run = protocheck(["diff", &old, &new, flag, selection, "--format", "json"]);
    let doc = json(&run);
    let mut lines: Vec<Line> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let n = |k: &str| f[k].as_u64().unwrap_or(0);
            Line {
                path: f["path"].as_str().unwrap_or("").to_owned(),
                start_line: n("start_line"),
                start_column: n("start_column"),
                end_line: n("end_line"),
                end_column: n("end_column"),
                rule: f["rule"].as_str().unwrap_or("").to_owned(),
                message: f["message"].as_str().unwrap_or("").to_owned(),
            }
        })
        .collect();
    lines.sort();
    (lines, run.code)
}

/// The multiset difference `a - b`.
fn minus(a: &[Line], b: &[Line]) -> Vec<Line> {
    let mut rest = b.to_vec();
    let mut out = Vec::new();
    for x in a {
        match rest.iter().position(|y| y == x) {
            Some(i) => {
                rest.remove(i);
            }
            None => out.push(x.clone()),
        }
    }
    out
}

#[test]
fn every_case_agrees_with_recorded_buf_output_or_is_a_listed_difference() {
    let differences = load_differences();
    let mut used = BTreeSet::new();
    let mut wrong = Vec::new();
    let mut compared = 0;
    for (case, selections) in cases() {
        let rel = relative(&case);
        for selection in selections {
            let theirs = match recorded(&case, &selection) {
                Ok(lines) => lines,
                Err(e) => {
                    wrong.push(e);
                    continue;
                }
            };
            let (mine, code) = ours(&case, &selection);
            let want_code = if mine.is_empty() { 0 } else { 1 };
            compared += 1;
            let (mut theirs, mut mine) = (theirs, mine);
            let mut named = Vec::new();
            for d in &differences.difference {
                if apply(d, &case, &rel, &selection, &mut theirs, &mut mine) {
                    used.insert(d.name.clone());
                    named.push(&d.name);
                }
            }
            theirs.sort();
            mine.sort();
            let only_buf = minus(&theirs, &mine);
            let only_ours = minus(&mine, &theirs);
            if !only_buf.is_empty() || !only_ours.is_empty() {
                let show = |v: &[Line]| v.iter().map(|l| format!("\n    {l}")).collect::<String>();
                wrong.push(format!(
                    "{rel} {selection}:\n  only buf reports:{}\n  only protocheck reports:{}\n  \
                     differences applied: {named:?}",
                    show(&only_buf),
                    show(&only_ours),
                ));
            }
            if code != want_code {
                wrong.push(format!("{rel} {selection}: exit code {code}"));
            }
        }
    }
    let unused: Vec<&String> = differences
        .difference
        .iter()
        .map(|d| &d.name)
        .filter(|n| !used.contains(*n))
        .collect();
    assert!(
        unused.is_empty(),
        "{DIFFERENCES}: entries that no longer change anything: {unused:?}"
    );
    assert!(compared >= 250, "compared only {compared} case selections");
    assert!(
        wrong.is_empty(),
        "{} of {compared} case selections differ from buf 1.75:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Applies one difference to the findings of `case` under `selection`: buf's side is rewritten
/// to what protocheck deliberately says instead. Returns whether it changed anything; a
/// `findings` entry whose findings are not there leaves the sides as they are (and fails).
fn apply(
    d: &Difference,
    case: &Path,
    rel: &str,
    selection: &str,
    theirs: &mut Vec<Line>,
    mine: &mut Vec<Line>,
) -> bool {
    let mut changed = false;
    match &d.kind {
        Kind::Range { buf, protocheck } => {
            for l in theirs.iter_mut().filter(|l| l.range() == *buf) {
                l.set_range(protocheck);
                changed = true;
            }
        }
        Kind::NoPath => {
            // protocheck names a file that only OLD has: buf names none.
            for l in mine.iter_mut() {
                let old_only = !l.path.is_empty()
                    && case.join("old").join(&l.path).is_file()
                    && !case.join("new").join(&l.path).exists();
                let buf_has_none = theirs
                    .iter()
                    .any(|t| t.path.is_empty() && t.rule == l.rule && t.message == l.message);
                if old_only && buf_has_none {
                    l.path.clear();
                    changed = true;
                }
            }
        }
        Kind::Message { buf, protocheck } => {
            for l in theirs
                .iter_mut()
                .filter(|l| l.message.contains(buf.as_str()))
            {
                l.message = l.message.replace(buf.as_str(), protocheck);
                changed = true;
            }
        }
        Kind::Findings {
            case: listed,
            selections,
            only_buf,
            only_protocheck,
        } => {
            if listed != rel || !selections.iter().any(|s| s == selection) {
                return false;
            }
            let what = format!("{DIFFERENCES} {}", d.name);
            let only_buf: Vec<Line> = only_buf.iter().map(|l| parse_line(l, &what)).collect();
            let only_ours: Vec<Line> = only_protocheck
                .iter()
                .map(|l| parse_line(l, &what))
                .collect();
            // Applied only when every finding it names is there.
            if minus(&only_buf, theirs).is_empty() && minus(&only_ours, mine).is_empty() {
                *theirs = minus(theirs, &only_buf);
                *mine = minus(mine, &only_ours);
                changed = true;
            }
        }
    }
    changed
}

#[test]
fn difference_names_are_unique_and_each_has_a_reason() {
    let differences = load_differences();
    let mut names = BTreeSet::new();
    for d in &differences.difference {
        assert!(names.insert(&d.name), "{}: listed twice", d.name);
        assert!(d.reason.trim().len() > 40, "{}: no reason", d.name);
        if let Kind::Findings {
            only_buf,
            only_protocheck,
            ..
        } = &d.kind
        {
            assert!(
                !(only_buf.is_empty() && only_protocheck.is_empty()),
                "{}: names no finding",
                d.name
            );
        }
    }
}

/// The README section, rendered from the differences file.
fn readme_section(differences: &Differences) -> String {
    let mut out = String::new();
    for d in &differences.difference {
        out.push_str(&format!(
            "- **{}**: {}\n",
            d.name,
            d.reason.split_whitespace().collect::<Vec<_>>().join(" ")
        ));
    }
    out
}

#[test]
fn readme_lists_every_difference() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let section = readme_section(&load_differences());
    assert!(
        readme.contains(&section),
        "README.md's \"Differences from buf\" list differs from {DIFFERENCES}; it should read:\n\n{section}"
    );
}
