//! Logic shared by several deletion rules: declarations deleted from a file or a package,
//! fields and enum values deleted unless reserved, and number ranges that lost numbers.

use std::collections::{BTreeMap, HashSet};

use crate::model::{Contract, Enum, File, Message, Place, Range, Span, Syntax};
use crate::pair::Diff;
use crate::rules::Sink;

// ---------------------------------------------------------------------------------------------
// Declarations deleted from a file or from a package
// ---------------------------------------------------------------------------------------------

/// A kind of declaration that lives in a file and can be deleted from it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Decl {
    Message,
    Enum,
    Extension,
    Service,
}

/// One declaration of a file: its name inside the package (`Outer.Inner`) and its span.
struct Declared<'a> {
    nested_name: &'a str,
    span: &'a Option<Span>,
    /// The synthetic `*Entry` message of a map field.
    map_entry: bool,
}

impl Decl {
    fn word(self) -> &'static str {
        match self {
            Decl::Message => "message",
            Decl::Enum => "enum",
            Decl::Extension => "extension",
            Decl::Service => "service",
        }
    }

    /// The declarations of this kind in `file`, nested ones included.
    fn declared_in<'a>(self, c: &'a Contract, file: &'a File) -> Vec<Declared<'a>> {
        match self {
            Decl::Message => file
                .messages
                .iter()
                .map(|&i| Declared {
                    nested_name: &c.messages[i].nested_name,
                    span: &c.messages[i].span,
                    map_entry: c.messages[i].map_entry,
                })
                .collect(),
            Decl::Enum => file
                .enums
                .iter()
                .map(|&i| Declared {
                    nested_name: &c.enums[i].nested_name,
                    span: &c.enums[i].span,
                    map_entry: false,
                })
                .collect(),
            Decl::Extension => file
                .extensions
                .iter()
                .map(|&i| {
                    let x = &c.extensions[i];
                    Declared {
                        nested_name: nested_name(&file.package, &x.full_name),
                        span: &x.spans.decl,
                        map_entry: false,
                    }
                })
                .collect(),
            Decl::Service => file
                .services
                .iter()
                .map(|&i| Declared {
                    nested_name: &c.services[i].name,
                    span: &c.services[i].span,
                    map_entry: false,
                })
                .collect(),
        }
    }

    /// A fix hint for deleting `d` from `scope` (a file or a package).
    fn help(self, d: &Declared, scope: &str) -> String {
        let name = d.nested_name;
        match self {
            Decl::Message if d.map_entry => format!(
                "`{name}` is the entry type of a map field that was deleted: keep the map field \
                 (mark it `deprecated = true`)"
            ),
            Decl::Extension => format!(
                "keep extension `{name}` in {scope} and mark it `[deprecated = true]`; generated \
                 code refers to it by name"
            ),
            _ => format!(
                "keep {} `{name}` in {scope} and mark it `option deprecated = true;` instead of \
                 removing it",
                self.word()
            ),
        }
    }
}

/// The name of an element inside its package: `pkg.Outer.ext` → `Outer.ext`.
fn nested_name<'a>(package: &str, full_name: &'a str) -> &'a str {
    if package.is_empty() {
        return full_name;
    }
    full_name
        .strip_prefix(package)
        .and_then(|rest| rest.strip_prefix('.'))
        .unwrap_or(full_name)
}

/// ENUM_NO_DELETE, MESSAGE_NO_DELETE, EXTENSION_NO_DELETE, SERVICE_NO_DELETE: every
/// declaration of an OLD file must still be declared (by nested name) in the NEW file of the
/// same path. Files that disappeared are FILE_NO_DELETE's business.
pub(super) fn deleted_from_file(diff: &Diff, sink: &mut Sink, kind: Decl) {
    for (old_file, new_file) in diff.file_pairs() {
        let kept: HashSet<&str> = kind
            .declared_in(diff.new, new_file)
            .iter()
            .map(|d| d.nested_name)
            .collect();
        for d in kind.declared_in(diff.old, old_file) {
            if kept.contains(d.nested_name) {
                continue;
            }
            sink.report(
                format!(
                    "Previously present {} \"{}\" was deleted from file.",
                    kind.word(),
                    d.nested_name
                ),
                Some(diff.deleted_element_anchor(new_file, d.nested_name)),
                Some(Place::at(&old_file.path, d.span.clone())),
            )
            .help = Some(kind.help(&d, &format!("`{}`", old_file.path)));
        }
    }
}

/// PACKAGE_{MESSAGE,ENUM,EXTENSION,SERVICE}_NO_DELETE: every declaration of an OLD package
/// must still be declared (by nested name) somewhere in the NEW package, in any file.
///
/// As buf does, a package is only compared when NEW still declares at least one element of
/// the kind in it (services: when NEW still has a file in the package); a package that is
/// gone altogether is PACKAGE_NO_DELETE's business.
///
/// Where it is reported: when the OLD file still exists, inside it, at the innermost ancestor
/// message that survives (for messages buf looks for that ancestor anywhere in the package,
/// for enums and extensions only in that file), else that file with no line. When the OLD file
/// is gone, nowhere in NEW.
pub(super) fn deleted_from_package(diff: &Diff, sink: &mut Sink, kind: Decl) {
    let mut kept: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    for f in diff.new.target_files() {
        let names = kept.entry(&f.package);
        let declared = kind.declared_in(diff.new, f);
        if declared.is_empty() && kind != Decl::Service {
            continue;
        }
        names
            .or_default()
            .extend(declared.iter().map(|d| d.nested_name));
    }
    for old_file in diff.old.target_files() {
        let Some(kept) = kept.get(&*old_file.package) else {
            continue;
        };
        for d in kind.declared_in(diff.old, old_file) {
            if kept.contains(d.nested_name) {
                continue;
            }
            let anchor = diff
                .new
                .file(&old_file.path)
                .filter(|f| f.target)
                .map(|new_file| match kind {
                    Decl::Message => {
                        package_ancestor_anchor(diff.new, &old_file.package, d.nested_name)
                            .unwrap_or_else(|| Place::file(&new_file.path))
                    }
                    _ => diff.deleted_element_anchor(new_file, d.nested_name),
                });
            let scope = if old_file.package.is_empty() {
                "the files without a package".to_owned()
            } else {
                format!("package `{}`", old_file.package)
            };
            sink.report(
                format!(
                    "Previously present {} \"{}\" was deleted from package \"{}\".",
                    kind.word(),
                    d.nested_name,
                    old_file.package
                ),
                anchor,
                Some(Place::at(&old_file.path, d.span.clone())),
            )
            .help = Some(kind.help(&d, &scope));
        }
    }
}

/// The innermost ancestor message of `nested_name` that `package` still declares in any
/// compared file of `c` (`A.B.C` tries `A.B`, then `A`).
fn package_ancestor_anchor(c: &Contract, package: &str, nested_name: &str) -> Option<Place> {
    let mut name = nested_name;
    while let Some((parent, _)) = name.rsplit_once('.') {
        name = parent;
        let full = if package.is_empty() {
            parent.to_owned()
        } else {
            format!("{package}.{parent}")
        };
        if let Some(m) = c.message(&full) {
            let file = c.file_of(m.file);
            if file.target && file.package == package {
                return Some(Place::at(&file.path, m.span.clone()));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Fields and enum values deleted, unless reserved
// ---------------------------------------------------------------------------------------------

/// What excuses a deletion.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Unless {
    /// Nothing: the number must stay.
    Never,
    /// The number is now in a reserved range.
    NumberReserved,
    /// The name (every name, for enum aliases) is now reserved.
    NameReserved,
}

/// How a reserved name is written in a file of `syntax`: quoted before editions, an
/// identifier in editions.
fn reserved_name(syntax: Syntax, name: &str) -> String {
    match syntax {
        Syntax::Editions(_) => name.to_owned(),
        _ => format!("\"{name}\""),
    }
}

/// The `reserved` statements that make a deletion safe, as far as `unless` asks.
fn reserve_hint(unless: Unless, syntax: Syntax, number: i32, names: &[&str]) -> String {
    let names: Vec<String> = names.iter().map(|n| reserved_name(syntax, n)).collect();
    let names = names.join(", ");
    match unless {
        Unless::Never => {
            format!("reserve the number and the name: reserved {number}; reserved {names};")
        }
        Unless::NumberReserved => format!("reserve the number: reserved {number};"),
        Unless::NameReserved => format!("reserve the name: reserved {names};"),
    }
}

/// FIELD_NO_DELETE and its `_UNLESS_*_RESERVED` variants: every field number of a message
/// (paired by full name) must still be a field of the new message.
pub(super) fn deleted_fields(diff: &Diff, sink: &mut Sink, unless: Unless) {
    for (old, new) in diff.message_pairs() {
        for f in &old.fields {
            if new.field(f.number).is_some() {
                continue;
            }
            let suffix = match unless {
                Unless::Never => String::new(),
                Unless::NumberReserved if new.is_reserved_number(f.number) => continue,
                Unless::NameReserved if new.is_reserved_name(&f.name) => continue,
                Unless::NumberReserved => {
                    format!(" without reserving the number \"{}\"", f.number)
                }
                Unless::NameReserved => format!(" without reserving the name \"{}\"", f.name),
            };
            let syntax = diff.new.file_of(new.file).syntax;
            let finding = sink.report(
                format!(
                    "Previously present field \"{}\" with name \"{}\" on message \"{}\" was deleted{suffix}.",
                    f.number, f.name, old.name
                ),
                Some(diff.new_place(new.file, &new.span)),
                Some(diff.old_place(f.file, &f.spans.decl)),
            );
            finding.help = Some(reserve_hint(unless, syntax, f.number, &[&f.name]));
            let renumbered = new.fields.iter().any(|n| n.name == f.name);
            finding.effects = crate::effects::change::deleted(renumbered);
        }
    }
}

/// ENUM_VALUE_NO_DELETE and its `_UNLESS_*_RESERVED` variants: every number an enum (paired
/// by full name) defined must still be defined. Aliases share a number, so a number is one
/// deletion however many names it had.
pub(super) fn deleted_enum_values(diff: &Diff, sink: &mut Sink, unless: Unless) {
    for (old, new) in diff.enum_pairs() {
        let kept: HashSet<i32> = new.values.iter().map(|v| v.number).collect();
        let mut deleted: BTreeMap<i32, Vec<&crate::model::EnumValue>> = BTreeMap::new();
        for v in old.values.iter().filter(|v| !kept.contains(&v.number)) {
            deleted.entry(v.number).or_default().push(v);
        }
        for (number, values) in deleted {
            let mut names: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            let suffix = match unless {
                Unless::Never => String::new(),
                Unless::NumberReserved if new.is_reserved_number(number) => continue,
                Unless::NameReserved if names.iter().all(|n| new.is_reserved_name(n)) => continue,
                Unless::NumberReserved => format!(" without reserving the number \"{number}\""),
                Unless::NameReserved => {
                    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                    let s = if names.len() > 1 { "s" } else { "" };
                    format!(" without reserving the name{s} {}", quoted.join(", "))
                }
            };
            let syntax = diff.new.file_of(new.file).syntax;
            let first = values.first().and_then(|v| v.span.clone());
            let finding = sink.report(
                format!(
                    "Previously present enum value \"{number}\" on enum \"{}\" was deleted{suffix}.",
                    new.name
                ),
                Some(diff.new_place(new.file, &new.span)),
                Some(diff.old_place(old.file, &first)),
            );
            finding.help = Some(reserve_hint(unless, syntax, number, &names));
            let renumbered = names
                .iter()
                .all(|n| new.values.iter().any(|v| v.name == *n));
            finding.effects = crate::effects::change::deleted(renumbered);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Number ranges (reserved ranges, extension ranges) that lost numbers
// ---------------------------------------------------------------------------------------------

/// The largest field number of a message (2^29 - 1).
const MESSAGE_MAX: i64 = 536_870_911;
/// The largest field number of a message with `message_set_wire_format`.
const MESSAGE_SET_MAX: i64 = i32::MAX as i64 - 1;
/// The largest enum value number.
const ENUM_MAX: i64 = i32::MAX as i64;

/// A message or enum and one list of its number ranges, with what buf prints about it.
pub(super) struct Ranged<'a> {
    /// `message` or `enum`.
    kind: &'static str,
    name: &'a str,
    /// The largest number, printed as `max`.
    max: i64,
    file: usize,
    span: &'a Option<Span>,
    ranges: &'a [Range],
    /// The span of each range, index for index.
    spans: &'a [Option<Span>],
}

impl<'a> Ranged<'a> {
    pub(super) fn message(m: &'a Message, ranges: &'a [Range], spans: &'a [Option<Span>]) -> Self {
        Ranged {
            kind: "message",
            name: &m.name,
            max: if m.message_set_wire_format {
                MESSAGE_SET_MAX
            } else {
                MESSAGE_MAX
            },
            file: m.file,
            span: &m.span,
            ranges,
            spans,
        }
    }

    pub(super) fn enum_(e: &'a Enum, ranges: &'a [Range], spans: &'a [Option<Span>]) -> Self {
        Ranged {
            kind: "enum",
            name: &e.name,
            max: ENUM_MAX,
            file: e.file,
            span: &e.span,
            ranges,
            spans,
        }
    }
}

/// An inclusive range with room for `end + 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span64 {
    start: i64,
    end: i64,
}

impl From<Range> for Span64 {
    fn from(r: Range) -> Self {
        Span64 {
            start: r.start.into(),
            end: r.end.into(),
        }
    }
}

/// Sorts `ranges` and merges overlapping and adjacent ones.
fn collapse(ranges: &[Range]) -> Vec<Span64> {
    let mut sorted: Vec<Span64> = ranges.iter().map(|&r| r.into()).collect();
    sorted.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Span64> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start <= last.end + 1 => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The parts of `range` that no range of `covered` (collapsed, sorted) contains.
fn missing(range: Span64, covered: &[Span64]) -> Vec<Span64> {
    let mut out = Vec::new();
    let mut next = range.start;
    for c in covered {
        if c.end < next {
            continue;
        }
        if c.start > range.end {
            break;
        }
        if c.start > next {
            out.push(Span64 {
                start: next,
                end: c.start - 1,
            });
        }
        next = c.end + 1;
        if next > range.end {
            return out;
        }
    }
    out.push(Span64 {
        start: next,
        end: range.end,
    });
    out
}

/// `[5]`, `[5,10]` or `[5,max]`, as buf prints ranges.
fn range_string(r: Span64, max: i64) -> String {
    if r.start == r.end {
        format!("[{}]", r.start)
    } else if r.end == max {
        format!("[{},max]", r.start)
    } else {
        format!("[{},{}]", r.start, r.end)
    }
}

/// The same ranges as `.proto` source: `5, 8 to 10, 20 to max`.
fn range_source(ranges: &[Span64], max: i64) -> String {
    let items: Vec<String> = ranges
        .iter()
        .map(|r| {
            if r.start == r.end {
                r.start.to_string()
            } else if r.end == max {
                format!("{} to max", r.start)
            } else {
                format!("{} to {}", r.start, r.end)
            }
        })
        .collect();
    items.join(", ")
}

/// EXTENSION_MESSAGE_NO_DELETE and the range half of RESERVED_*_NO_DELETE: every number of
/// every OLD range must still be covered by the NEW ranges (however they are split up). One
/// finding per OLD range that lost numbers, listing the numbers it lost.
///
/// `range_kind` is `reserved` or `extension`; `statement` the keyword that declares such
/// ranges (`reserved`, `extensions`), for the fix hint.
pub(super) fn lost_range_numbers(
    diff: &Diff,
    sink: &mut Sink,
    range_kind: &str,
    statement: &str,
    old: &Ranged,
    new: &Ranged,
) {
    let covered = collapse(new.ranges);
    for (i, &r) in old.ranges.iter().enumerate() {
        let gone = missing(r.into(), &covered);
        if gone.is_empty() {
            continue;
        }
        let removed: Vec<String> = gone.iter().map(|&g| range_string(g, new.max)).collect();
        let span = old.spans.get(i).cloned().flatten();
        sink.report(
            format!(
                "Previously present {range_kind} range \"{}\" on {} \"{}\" is missing values: {} were removed.",
                range_string(r.into(), old.max),
                new.kind,
                new.name,
                removed.join(", ")
            ),
            Some(diff.new_place(new.file, new.span)),
            Some(diff.old_place(old.file, &span)),
        )
        .help = Some(format!(
            "add the numbers back: {statement} {};",
            range_source(&gone, new.max)
        ));
    }
}

/// What a message or enum reserves.
pub(super) struct Reserved<'a> {
    numbers: Ranged<'a>,
    names: &'a [String],
    name_spans: &'a [Option<Span>],
}

impl<'a> Reserved<'a> {
    pub(super) fn of_message(m: &'a Message) -> Self {
        Reserved {
            numbers: Ranged::message(m, &m.reserved_ranges, &m.reserved_range_spans),
            names: &m.reserved_names,
            name_spans: &m.reserved_name_spans,
        }
    }

    pub(super) fn of_enum(e: &'a Enum) -> Self {
        Reserved {
            numbers: Ranged::enum_(e, &e.reserved_ranges, &e.reserved_range_spans),
            names: &e.reserved_names,
            name_spans: &e.reserved_name_spans,
        }
    }
}

/// RESERVED_MESSAGE_NO_DELETE, RESERVED_ENUM_NO_DELETE: every number the OLD element
/// reserved must still be reserved (one finding per OLD range that lost numbers), and every
/// name it reserved must still be reserved (one finding per dropped name).
pub(super) fn lost_reservations(diff: &Diff, sink: &mut Sink, old: Reserved, new: Reserved) {
    let (old_owner, new_owner) = (&old.numbers, &new.numbers);
    lost_range_numbers(diff, sink, "reserved", "reserved", old_owner, new_owner);
    let syntax = diff.new.file_of(new_owner.file).syntax;
    let mut seen = HashSet::new();
    for (i, name) in old.names.iter().enumerate() {
        if new.names.contains(name) || !seen.insert(name) {
            continue;
        }
        let span = old.name_spans.get(i).cloned().flatten();
        sink.report(
            format!(
                "Previously present reserved name \"{name}\" on {} \"{}\" was deleted.",
                new_owner.kind, new_owner.name
            ),
            Some(diff.new_place(new_owner.file, new_owner.span)),
            Some(diff.old_place(old_owner.file, &span)),
        )
        .help = Some(format!(
            "keep the name reserved: reserved {};",
            reserved_name(syntax, name)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(start: i32, end: i32) -> Range {
        Range { start, end }
    }
    fn s(start: i64, end: i64) -> Span64 {
        Span64 { start, end }
    }

    #[test]
    fn collapse_merges_overlapping_and_adjacent_ranges() {
        assert_eq!(
            collapse(&[r(10, 12), r(1, 3), r(4, 5), r(11, 20), r(30, 30)]),
            vec![s(1, 5), s(10, 20), s(30, 30)]
        );
        assert_eq!(collapse(&[]), vec![]);
    }

    #[test]
    fn missing_lists_the_uncovered_parts() {
        let covered = collapse(&[r(3, 4), r(7, 8)]);
        assert_eq!(
            missing(s(1, 10), &covered),
            vec![s(1, 2), s(5, 6), s(9, 10)]
        );
        assert_eq!(missing(s(3, 4), &covered), vec![]);
        assert_eq!(missing(s(4, 7), &covered), vec![s(5, 6)]);
        assert_eq!(missing(s(20, 30), &covered), vec![s(20, 30)]);
        assert_eq!(missing(s(1, 1), &[]), vec![s(1, 1)]);
        let to_max = collapse(&[r(1, i32::MAX)]);
        assert_eq!(missing(s(5, ENUM_MAX), &to_max), vec![]);
    }

    #[test]
    fn ranges_print_like_buf() {
        assert_eq!(range_string(s(5, 5), MESSAGE_MAX), "[5]");
        assert_eq!(range_string(s(5, 9), MESSAGE_MAX), "[5,9]");
        assert_eq!(range_string(s(5, MESSAGE_MAX), MESSAGE_MAX), "[5,max]");
        assert_eq!(
            range_source(&[s(5, 5), s(7, 9), s(100, ENUM_MAX)], ENUM_MAX),
            "5, 7 to 9, 100 to max"
        );
    }

    #[test]
    fn nested_names_drop_the_package() {
        assert_eq!(nested_name("a.v1", "a.v1.M.ext"), "M.ext");
        assert_eq!(nested_name("", "M.ext"), "M.ext");
        assert_eq!(nested_name("a.v1", "a.v1x.ext"), "a.v1x.ext");
    }
}
