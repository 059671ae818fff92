//! The editions front end: `.proto` files with `edition = "2023"` or `"2024"`, compiled inside
//! protocheck with no protoc.
//!
//! protox (0.10) only parses proto2/proto3, and prost-reflect refuses `syntax = "editions"`.
//! Everything else it does is what editions need, so the front end works around it:
//!
//! 1. [`scan`] rewrites the text into one protox's parser accepts (proto3 mode, where fields need
//!    no label) without moving any token, and reports what editions forbid;
//! 2. the parsed descriptor is fixed up ([`prepare`]): defaults (formatted by protox's own
//!    parser from a proto2 snippet), source locations of what was blanked, `syntax` cleared so
//!    prost-reflect links the file with proto2's permissive checks;
//! 3. protox links it. `features.…` options are interpreted natively, against the current
//!    `descriptor.proto` that the resolver chain provides (the one protox bundles predates
//!    editions), and the feature extension files (`pb.cpp`, `pb.java`, `pb.go`) are built in;
//! 4. the encoded result gets back what prost-reflect cannot hold ([`wire`]): `syntax =
//!    "editions"`, the edition, symbol visibility and option imports;
//! 5. [`validate`] checks the rules of editions that protox does not know (feature targets,
//!    presence, encodings, open enums, options edition 2024 removed, its [`naming`] style),
//!    each with a located diagnostic.

mod lex;
mod naming;
mod scan;
mod validate;
mod wire;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use miette::{Diagnostic, NamedSource};
use prost_types::FileDescriptorProto;

use super::located::Located;
use crate::float::{simple_dtoa, simple_ftoa};
use crate::position::LineIndex;

pub use validate::validate;

pub const EDITION_2023: i32 = 1000;
pub const EDITION_2024: i32 = 1001;

/// The `descriptor.proto` of protobuf 36.2 (with FeatureSet), served instead of protox's.
pub const DESCRIPTOR_PROTO: &str = include_str!("builtin/descriptor.proto");
/// The language feature files, importable like the well-known types.
pub const BUILTIN_FEATURES: [(&str, &str); 3] = [
    (
        "google/protobuf/cpp_features.proto",
        include_str!("builtin/cpp_features.proto"),
    ),
    (
        "google/protobuf/java_features.proto",
        include_str!("builtin/java_features.proto"),
    ),
    (
        "google/protobuf/go_features.proto",
        include_str!("builtin/go_features.proto"),
    ),
];
const DESCRIPTOR_PATH: &str = "google/protobuf/descriptor.proto";

/// Something wrong in an editions file, at a byte span of its text.
#[derive(Debug, Clone)]
pub struct Problem {
    pub message: String,
    pub span: (usize, usize),
    pub label: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(message: impl Into<String>, span: (usize, usize), label: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            span,
            label: label.into(),
            help: None,
        }
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    fn located(self, path: &str, text: &str) -> Located {
        let len = text.len();
        let start = self.span.0.min(len);
        let end = self.span.1.clamp(start, len);
        Located {
            help: self.help,
            ..Located::new(
                "protocheck::editions",
                format!("{path}: {}", self.message),
                Some(NamedSource::new(path, text.to_owned())),
                Some((start, end - start).into()),
                self.label,
            )
        }
    }
}

/// The error a resolver hands protox for an editions file whose diagnostics are in the
/// [`Registry`].
#[derive(Debug, thiserror::Error)]
#[error("{0}: invalid editions file")]
pub struct PreparationFailed(pub String);

/// What must be put back into an editions file's encoded descriptor after linking.
#[derive(Debug, Clone, Default)]
pub struct Patch {
    pub edition: i32,
    /// `google/protobuf/descriptor.proto` was appended to the dependencies so that features
    /// are interpreted against it; drop it again.
    pub hidden_dependency: bool,
    /// Dependency indexes that are `import option` statements.
    pub option_imports: Vec<usize>,
    /// `SymbolVisibility` of messages and enums, by descriptor path.
    pub visibility: Vec<(Vec<i32>, i32)>,
}

/// An editions file made ready for protox.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// What protox links: `syntax` unset, defaults set, source info in the original text.
    pub descriptor: FileDescriptorProto,
    pub text: Arc<str>,
    pub patch: Patch,
}

/// Editions files met while compiling one side, shared by the resolvers and the compiler.
#[derive(Debug, Default)]
pub struct Registry {
    pub prepared: HashMap<String, Prepared>,
    /// Files whose preparation failed, with their diagnostics.
    /// (The nesting bound refuses files through the same map: see `compile::bounds`.)
    pub failed: HashMap<String, Vec<Box<dyn Diagnostic + Send + Sync>>>,
}

pub type SharedRegistry = Arc<Mutex<Registry>>;

/// The registry, also after a panic elsewhere poisoned its lock: every change to it is one
/// map insert or remove, so the data is whole, and dropping it would silently lose an editions
/// file's patch (and change findings).
pub fn lock(registry: &SharedRegistry) -> std::sync::MutexGuard<'_, Registry> {
    registry
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether `text` declares an edition (its first statement is `edition = …`).
pub fn is_editions(text: &str) -> bool {
    scan::quick_edition(text).is_some()
}

/// Turns an editions file into a descriptor protox links. `Ok(None)`: not an editions file.
pub fn prepare(path: &str, text: &Arc<str>) -> Result<Option<Prepared>, Vec<Located>> {
    let located = |ps: Vec<Problem>| -> Vec<Located> {
        ps.into_iter().map(|p| p.located(path, text)).collect()
    };
    match scan::scan(text) {
        Ok(Some(scan)) => prepare_scanned(path, text, scan).map(Some),
        Ok(None) => Ok(None),
        Err(problems) => Err(located(problems)),
    }
}

/// [`prepare`] after the scan: parses the rewritten text and puts back what the scan took out.
fn prepare_scanned(
    path: &str,
    text: &Arc<str>,
    scan: scan::Scan,
) -> Result<Prepared, Vec<Located>> {
    let located = |ps: Vec<Problem>| -> Vec<Located> {
        ps.into_iter().map(|p| p.located(path, text)).collect()
    };
    let lines = LineIndex::new(text);
    let mut fd = match protox_parse::parse(path, &scan.rewritten) {
        Ok(fd) => fd,
        Err(e) => return Err(located(parse_problems(&e, &scan))),
    };
    let mut problems = Vec::new();
    fix_source_info(&mut fd, &scan, &lines);
    let names = name_index(&fd);
    let path_of = |offset: usize| names.get(&lines.position(offset)).cloned();
    // Every fact the scan took out of the text is put back on the element at its position; an
    // element that cannot be found again is a bug here, reported where it is, never a silently
    // different descriptor (and different findings).
    let unmapped = |at: (usize, usize), what: &str| {
        Problem::new(
            format!("internal error: cannot find the element of this {what} after parsing"),
            at,
            format!("{what} not mapped back"),
        )
        .help("this is a bug in protocheck's editions support: please report it with this file")
    };

    for d in &scan.defaults {
        let Some(fpath) = path_of(d.field_name) else {
            problems.push(unmapped(d.entry_span, "default"));
            continue;
        };
        match format_default(d) {
            Ok(value) => {
                let Some(f) = field_mut(&mut fd, &fpath) else {
                    problems.push(unmapped(d.entry_span, "default"));
                    continue;
                };
                f.default_value = Some(value);
                let mut p = fpath.clone();
                p.push(7);
                add_location(&mut fd, p, lines.span(d.value_span));
            }
            Err(message) => problems.push(Problem::new(message, d.entry_span, "invalid default")),
        }
    }
    for (name, span) in &scan.blanked_brackets {
        match path_of(*name) {
            Some(mut p) => {
                p.push(8);
                add_location(&mut fd, p, lines.span(*span));
            }
            None => problems.push(unmapped(*span, "field option list")),
        }
    }
    let mut visibility = Vec::new();
    for v in &scan.visibility {
        match path_of(v.name) {
            Some(p) => visibility.push((p, v.value)),
            None => problems.push(unmapped((v.name, v.name + 1), "visibility")),
        }
    }
    for r in &scan.reserved_names {
        let Some(owner) = path_of(r.owner) else {
            problems.push(unmapped(r.statement, "reserved statement"));
            continue;
        };
        let Some((list, field)) = reserved_names_mut(&mut fd, &owner) else {
            problems.push(unmapped(r.statement, "reserved statement"));
            continue;
        };
        let first = list.len();
        list.extend(r.names.iter().map(|(n, _)| n.clone()));
        let mut stmt = owner.clone();
        stmt.push(field);
        add_location(&mut fd, stmt.clone(), lines.span(r.statement));
        for (k, (_, span)) in r.names.iter().enumerate() {
            let mut p = stmt.clone();
            p.push((first + k) as i32);
            add_location(&mut fd, p, lines.span(*span));
        }
    }
    let option_imports = option_import_indexes(&mut fd, &scan, &lines);
    if !problems.is_empty() {
        return Err(located(problems));
    }

    fd.syntax = None;
    let hidden_dependency = !fd.dependency.iter().any(|d| d == DESCRIPTOR_PATH);
    if hidden_dependency {
        fd.dependency.push(DESCRIPTOR_PATH.to_owned());
    }
    Ok(Prepared {
        descriptor: fd,
        text: text.clone(),
        patch: Patch {
            edition: scan.edition,
            hidden_dependency,
            option_imports,
            visibility,
        },
    })
}

/// protox's parse errors, moved back to the original text.
fn parse_problems(e: &protox_parse::ParseError, scan: &scan::Scan) -> Vec<Problem> {
    let map = |o: usize| -> usize {
        let after = scan.statement.1 as isize + scan.shift;
        if scan.shift != 0 && o as isize >= after {
            (o as isize - scan.shift).max(0) as usize
        } else {
            o
        }
    };
    let one = |d: &dyn Diagnostic| -> Problem {
        let (span, label) = d
            .labels()
            .and_then(|mut l| l.next())
            .map(|l| {
                (
                    (map(l.offset()), map(l.offset() + l.len())),
                    l.label().unwrap_or("here").to_owned(),
                )
            })
            .unwrap_or(((0, 0), "here".to_owned()));
        let mut p = Problem::new(d.to_string(), span, label);
        if let Some(h) = d.help() {
            p = p.help(h.to_string());
        }
        p
    };
    let mut out = vec![one(e)];
    if let Some(related) = e.related() {
        out.extend(related.map(one));
    }
    out
}

/// Formats a default value exactly as protoc stores it, by letting protox's parser read it in a
/// proto2 field of the same type.
fn format_default(d: &scan::DefaultEntry) -> Result<String, String> {
    let snippet = format!(
        "syntax = \"proto2\";\nmessage M {{\n{} {} f = 1 [default = {}];\n}}\n",
        d.label, d.type_text, d.value_text
    );
    let fd = protox_parse::parse("default.proto", &snippet).map_err(|e| e.to_string())?;
    let field = fd.message_type.first().and_then(|m| m.field.first());
    let value = field
        .and_then(|f| f.default_value.clone())
        .ok_or_else(|| format!("invalid default value `{}`", d.value_text))?;
    Ok(match (d.type_text.as_str(), value.parse::<f64>()) {
        ("double", Ok(v)) if v.is_finite() => simple_dtoa(v),
        ("float", Ok(v)) if v.is_finite() => simple_ftoa(v as f32),
        _ => value,
    })
}

/// Puts protox's source info in the original text's coordinates and gives the syntax path the
/// edition statement, as protoc does.
fn fix_source_info(fd: &mut FileDescriptorProto, scan: &scan::Scan, lines: &LineIndex) {
    let Some(info) = fd.source_code_info.as_mut() else {
        return;
    };
    let (stmt_line, _) = lines.position(scan.statement.0);
    let (_, stmt_end_col) = lines.position(scan.statement.1);
    let after = stmt_end_col + scan.shift as i32;
    for loc in &mut info.location {
        if loc.path == [12] {
            loc.span = lines.span(scan.statement);
            continue;
        }
        if scan.shift == 0 {
            continue;
        }
        let s = &mut loc.span;
        let shift = scan.shift as i32;
        match s.len() {
            3 if s[0] == stmt_line => {
                for c in &mut s[1..3] {
                    if *c >= after {
                        *c -= shift;
                    }
                }
            }
            4 => {
                if s[0] == stmt_line && s[1] >= after {
                    s[1] -= shift;
                }
                if s[2] == stmt_line && s[3] >= after {
                    s[3] -= shift;
                }
            }
            _ => {}
        }
    }
}

/// Descriptor path of every named element, by the position of its name token.
fn name_index(fd: &FileDescriptorProto) -> HashMap<(i32, i32), Vec<i32>> {
    let mut out = HashMap::new();
    if let Some(info) = &fd.source_code_info {
        for loc in &info.location {
            if loc.path.len() >= 3 && loc.path.last() == Some(&1) && loc.span.len() >= 2 {
                let mut p = loc.path.clone();
                p.pop();
                out.entry((loc.span[0], loc.span[1])).or_insert(p);
            }
        }
    }
    out
}

fn add_location(fd: &mut FileDescriptorProto, path: Vec<i32>, span: Vec<i32>) {
    let info = fd.source_code_info.get_or_insert_with(Default::default);
    info.location.push(prost_types::source_code_info::Location {
        path,
        span,
        ..Default::default()
    });
}

/// The field at a descriptor path (`[4, i, 2, j]`, nested messages, extensions).
fn field_mut<'a>(
    fd: &'a mut FileDescriptorProto,
    path: &[i32],
) -> Option<&'a mut prost_types::FieldDescriptorProto> {
    let idx = |i: i32| usize::try_from(i).ok();
    match path {
        [7, i] => fd.extension.get_mut(idx(*i)?),
        [4, i, rest @ ..] => {
            let mut m = fd.message_type.get_mut(idx(*i)?)?;
            let mut rest = rest;
            loop {
                match rest {
                    [3, i, more @ ..] => {
                        m = m.nested_type.get_mut(idx(*i)?)?;
                        rest = more;
                    }
                    [2, i] => return m.field.get_mut(idx(*i)?),
                    [6, i] => return m.extension.get_mut(idx(*i)?),
                    _ => return None,
                }
            }
        }
        _ => None,
    }
}

/// The reserved names of the message or enum at a descriptor path, and their field number.
fn reserved_names_mut<'a>(
    fd: &'a mut FileDescriptorProto,
    path: &[i32],
) -> Option<(&'a mut Vec<String>, i32)> {
    let idx = |i: i32| usize::try_from(i).ok();
    match path {
        [5, i] => fd
            .enum_type
            .get_mut(idx(*i)?)
            .map(|e| (&mut e.reserved_name, 5)),
        [4, i, rest @ ..] => {
            let mut m = fd.message_type.get_mut(idx(*i)?)?;
            let mut rest = rest;
            loop {
                match rest {
                    [] => return Some((&mut m.reserved_name, 10)),
                    [3, i, more @ ..] => {
                        m = m.nested_type.get_mut(idx(*i)?)?;
                        rest = more;
                    }
                    [4, i] => {
                        return m
                            .enum_type
                            .get_mut(idx(*i)?)
                            .map(|e| (&mut e.reserved_name, 5))
                    }
                    _ => return None,
                }
            }
        }
        _ => None,
    }
}

/// Renumbers the source locations of `import option` statements to `option_dependency` (15)
/// and returns their indexes among the dependencies protox links.
fn option_import_indexes(
    fd: &mut FileDescriptorProto,
    scan: &scan::Scan,
    lines: &LineIndex,
) -> Vec<usize> {
    if scan.option_imports.is_empty() {
        return Vec::new();
    }
    let starts: Vec<(i32, i32)> = scan
        .option_imports
        .iter()
        .map(|&o| lines.position(o))
        .collect();
    let Some(info) = fd.source_code_info.as_mut() else {
        return Vec::new();
    };
    let mut indexes: Vec<usize> = info
        .location
        .iter()
        .filter(|l| l.path.len() == 2 && l.path[0] == 3 && l.span.len() >= 2)
        .filter(|l| starts.contains(&(l.span[0], l.span[1])))
        .filter_map(|l| usize::try_from(l.path[1]).ok())
        .collect();
    indexes.sort_unstable();
    indexes.dedup();
    for l in &mut info.location {
        if l.path.len() >= 2 && l.path[0] == 3 {
            let Ok(k) = usize::try_from(l.path[1]) else {
                continue;
            };
            match indexes.binary_search(&k) {
                Ok(j) => {
                    l.path[0] = 15;
                    l.path[1] = j as i32;
                }
                Err(before) => l.path[1] = (k - before) as i32,
            }
        }
    }
    indexes
}

/// Restores the editions facts in an encoded `FileDescriptorSet`.
pub fn patch_set(set: &[u8], registry: &Registry) -> Vec<u8> {
    wire::patch_set(set, &|name| registry.prepared.get(name).map(|p| &p.patch))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(text: &str) -> Prepared {
        let text: Arc<str> = Arc::from(text);
        prepare("a.proto", &text)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .expect("an editions file")
    }

    /// A default the scan found but whose field cannot be found again after parsing (here: the
    /// scan's offset is moved off the name token) is a located internal error, not a field
    /// silently left without its default.
    #[test]
    fn a_fact_that_cannot_be_mapped_back_is_a_located_internal_error() {
        let text: Arc<str> =
            Arc::from("edition = \"2023\";\nmessage M {\n  int32 a = 1 [default = 5];\n}\n");
        let mut scan = scan::scan(&text).expect("scans").expect("editions");
        assert_eq!(scan.defaults.len(), 1);
        scan.defaults[0].field_name = 0;
        let errors = match prepare_scanned("a.proto", &text, scan) {
            Ok(_) => panic!("the default was dropped silently"),
            Err(errors) => errors,
        };
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("internal error"),
            "{:?}",
            errors[0]
        );
        let span = errors[0].span.expect("located");
        let at = span.offset();
        assert_eq!(&text[at..at + span.len()], "default = 5");
    }

    #[test]
    fn defaults_are_formatted_like_protoc() {
        let p = prepared(
            "edition = \"2023\";\nmessage M {\n  int32 a = 1 [default = 0x10];\n  string s = 2 [default = \"a\\tb\", json_name = \"S\"];\n  double d = 3 [json_name = \"D\", default = -inf];\n  bytes b = 4 [default = \"\\001x\"];\n}\n",
        );
        let fields = &p.descriptor.message_type[0].field;
        let values: Vec<Option<&str>> = fields.iter().map(|f| f.default_value.as_deref()).collect();
        assert_eq!(
            values,
            [Some("16"), Some("a\tb"), Some("-inf"), Some("\\001x")]
        );
        assert_eq!(p.descriptor.syntax, None);
        assert!(p.patch.hidden_dependency);
        let locs = &p
            .descriptor
            .source_code_info
            .as_ref()
            .expect("info")
            .location;
        let span = |path: &[i32]| locs.iter().find(|l| l.path == path).map(|l| l.span.clone());
        assert_eq!(span(&[12]), Some(vec![0, 0, 17]));
        assert_eq!(span(&[4, 0, 2, 0, 7]), Some(vec![2, 25, 29]));
        assert_eq!(span(&[4, 0, 2, 0, 8]), Some(vec![2, 14, 30]));
    }

    #[test]
    fn a_tight_edition_statement_keeps_columns() {
        let p = prepared("edition=\"2023\";message M { int32 a = 1; }");
        let locs = &p
            .descriptor
            .source_code_info
            .as_ref()
            .expect("info")
            .location;
        let name = locs
            .iter()
            .find(|l| l.path == [4, 0, 1])
            .expect("message name");
        assert_eq!(name.span, vec![0, 23, 24]);
    }

    #[test]
    fn bad_default_is_located() {
        let text: Arc<str> =
            Arc::from("edition = \"2023\";\nmessage M { int32 a = 1 [default = \"x\"]; }\n");
        let errs = prepare("a.proto", &text).expect_err("invalid");
        assert_eq!(errs.len(), 1);
    }
}
