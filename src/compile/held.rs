//! Source locations held back from the linker and put back after it.
//!
//! While linking a file, the linker (prost-reflect's descriptor pool, under protox) rewrites
//! the path of every source location under an option it resolves, from the option's
//! `uninterpreted_option` path to the path of the field it sets. It looks for those locations
//! by scanning all of the file's locations once per option: on a googleapis-sized file with an
//! option on most fields, that scan was a quarter of the whole run, and still cost a fifth of
//! the linking when only the option locations were left to it (google-proto-files 5.0.1,
//! 5 545 files, three interleaved runs each: 0.80–0.83 s of linking with them, 0.64–0.67 s
//! without; 0.76–0.82 s and 0.65–0.74 s in four more). A file parsed ahead
//! therefore gives the linker no location at all. Its locations are held here, already
//! encoded but for those of its options, which are put back with their paths rewritten as the
//! linker rewrites them: each option's name is resolved here, in the linked pool, to the field
//! it sets.
//!
//! The resolution is the linker's only where it cannot be otherwise: a name that matches
//! exactly one extension of the options message, among every name the linker could have tried
//! (its scope and each enclosing one), is the extension the linker resolved, since linking
//! succeeded. A name that matches several, or an option that sets a field inside a message an
//! earlier option gave whole (which changes how many values a list held before it), is not
//! worked out here: the file's locations are not restored, and the caller links again from
//! the texts, every location included. The set is the one linking every location gives (tests
//! in `compile` compare them).

use std::borrow::Cow;
use std::ops::Range;

use prost_reflect::{DescriptorPool, MessageDescriptor};
use prost_types::uninterpreted_option::NamePart;
use prost_types::{DescriptorProto, EnumDescriptorProto, FieldDescriptorProto};
use prost_types::{FileDescriptorProto, UninterpretedOption};
use rustc_hash::FxHashMap;

use crate::model::descriptor::tag;
use crate::wire::{self, Value};

/// The field number of `uninterpreted_option` in every `*Options` message.
const UNINTERPRETED_OPTION: i32 = tag::options::UNINTERPRETED_OPTION;
/// `FileDescriptorProto.source_code_info` and `SourceCodeInfo.location`.
const FILE_SOURCE_CODE_INFO: u32 = tag::file::SOURCE_CODE_INFO as u32;
const INFO_LOCATION: u32 = tag::source_code_info::LOCATION as u32;

/// One file's locations in their order: runs held here already encoded, and runs of option
/// locations, whose paths change in linking.
#[derive(Debug, Default)]
pub struct Held {
    bytes: Vec<u8>,
    runs: Vec<Run>,
    /// The option locations, in their order.
    options: Vec<OptionLocation>,
    /// The file's options messages that hold options written in the source.
    sites: Vec<Site>,
    /// The option names written in the file, each once.
    names: Vec<Vec<NamePart>>,
    /// The package and the full names of the messages, where option names resolve.
    scopes: Vec<String>,
}

#[derive(Debug)]
enum Run {
    Held(Range<usize>),
    Options(usize),
}

/// An option's location: its path, and the rest of it already encoded (in [`Held::bytes`]).
#[derive(Debug)]
struct OptionLocation {
    path: Vec<i32>,
    rest: Range<usize>,
    under: Under,
}

/// Where a location's path goes through an option written in the source: `[…site, 999, i, …]`.
#[derive(Debug, Clone, Copy)]
struct Under {
    /// The site, by its index in [`Held::sites`].
    site: usize,
    /// The option's index among the site's (`i`).
    option: usize,
    /// Where `uninterpreted_option` (999) is in the path.
    at: usize,
}

/// An options message with options written in the source.
#[derive(Debug)]
struct Site {
    /// The path of the options message (`[4, 0, 2, 1, 8]`: the second field's options).
    path: Vec<i32>,
    /// Its type, `google.protobuf.FieldOptions`, …
    options_type: &'static str,
    /// The scope option names resolve in (and in each enclosing one), by its index in
    /// [`Held::scopes`].
    scope: usize,
    /// The options as written, in their order.
    written: Vec<Written>,
}

#[derive(Debug)]
struct Written {
    /// The option's name, by its index in [`Held::names`].
    name: usize,
    /// Whether the value is a message (`{ … }`), set whole.
    aggregate: bool,
}

impl Held {
    /// Takes every location out of `file`'s source info, leaving the linker none.
    pub fn take(file: &mut FileDescriptorProto) -> Held {
        let (sites, scopes, names) = sites(file);
        let mut held = Held::default();
        if let Some(info) = file.source_code_info.as_mut() {
            let site_paths: FxHashMap<&[i32], usize> = sites
                .iter()
                .enumerate()
                .map(|(i, s)| (s.path.as_slice(), i))
                .collect();
            for mut loc in std::mem::take(&mut info.location) {
                // An option's path is left out: it is the location's first field, and the
                // resolved one goes before the rest when the location is put back.
                let option = under_option(&loc.path, &site_paths)
                    .map(|under| (under, std::mem::take(&mut loc.path)));
                let start = held.bytes.len();
                prost::encoding::message::encode(INFO_LOCATION, &loc, &mut held.bytes);
                let end = held.bytes.len();
                match option {
                    Some((under, path)) => {
                        let rest = end.saturating_sub(prost::Message::encoded_len(&loc))..end;
                        held.options.push(OptionLocation { path, rest, under });
                        match held.runs.last_mut() {
                            Some(Run::Options(n)) => *n += 1,
                            _ => held.runs.push(Run::Options(1)),
                        }
                    }
                    None => match held.runs.last_mut() {
                        Some(Run::Held(r)) if r.end == start => r.end = end,
                        _ => held.runs.push(Run::Held(start..end)),
                    },
                }
            }
        }
        held.sites = sites;
        held.scopes = scopes;
        held.names = names;
        held
    }

    /// The `SourceCodeInfo` payload with every location back in its place, the options' paths
    /// resolved in `names`; `None` if the linked file has locations of its own (it was given
    /// none) or an option's path is not worked out here.
    fn restore(&self, linked_info: &[u8], names: &OptionNames) -> Option<Vec<u8>> {
        if wire::fields(linked_info)?
            .iter()
            .any(|f| f.number == INFO_LOCATION)
        {
            return None;
        }
        // For each site, the paths (from the site) of the fields its options set.
        let resolved: Vec<Vec<Vec<i32>>> = self
            .sites
            .iter()
            .map(|site| names.resolve(site, self.scopes.get(site.scope)?, &self.names))
            .collect::<Option<_>>()?;
        let mut options = self.options.iter();
        let mut out = Vec::with_capacity(self.bytes.len() + self.options.len() * 8);
        let mut path = Vec::new();
        for run in &self.runs {
            match run {
                Run::Held(r) => out.extend_from_slice(self.bytes.get(r.clone())?),
                Run::Options(n) => {
                    for _ in 0..*n {
                        let o = options.next()?;
                        let set = resolved.get(o.under.site)?.get(o.under.option)?;
                        let (site, below) = o.path.split_at_checked(o.under.at + 2)?;
                        let resolved_path: Vec<i32> = (site.get(..o.under.at)?.iter())
                            .chain(set)
                            .chain(below)
                            .copied()
                            .collect();
                        path.clear();
                        prost::encoding::int32::encode_packed(
                            tag::location::PATH as u32,
                            &resolved_path,
                            &mut path,
                        );
                        let rest = self.bytes.get(o.rest.clone())?;
                        wire::put_len_parts(&mut out, INFO_LOCATION, &[&path, rest]);
                    }
                }
            }
        }
        Some(out)
    }
}

/// The option written at one of `sites` (by their paths) that `path` goes through, if any.
fn under_option(path: &[i32], sites: &FxHashMap<&[i32], usize>) -> Option<Under> {
    (0..path.len().saturating_sub(1)).find_map(|at| {
        if path[at] != UNINTERPRETED_OPTION {
            return None;
        }
        Some(Under {
            site: *sites.get(&path[..at])?,
            option: usize::try_from(path[at + 1]).ok()?,
            at,
        })
    })
}

/// The options messages of `file` that hold options written in the source, with the paths
/// the linker gives them, and the scopes their names resolve in (by index in the second).
fn sites(file: &FileDescriptorProto) -> (Vec<Site>, Vec<String>, Vec<Vec<NamePart>>) {
    use tag::file as t;
    let mut w = Walk {
        sites: Vec::new(),
        scopes: vec![file.package().to_owned()],
        names: Vec::new(),
        path: Vec::new(),
    };
    let package = 0;
    w.site(
        &[t::OPTIONS],
        FILE,
        package,
        file.options.as_ref().map(|o| &o.uninterpreted_option[..]),
    );
    for (i, m) in file.message_type.iter().enumerate() {
        w.within(&[t::MESSAGE_TYPE, index(i)], |w| w.message(package, m));
    }
    for (i, e) in file.enum_type.iter().enumerate() {
        w.within(&[t::ENUM_TYPE, index(i)], |w| w.enum_(package, e));
    }
    for (i, s) in file.service.iter().enumerate() {
        w.within(&[t::SERVICE, index(i)], |w| {
            let opts = s.options.as_ref().map(|o| &o.uninterpreted_option[..]);
            w.site(&[tag::service::OPTIONS], SERVICE, package, opts);
            for (j, m) in s.method.iter().enumerate() {
                let opts = m.options.as_ref().map(|o| &o.uninterpreted_option[..]);
                let at = [tag::service::METHOD, index(j), tag::method::OPTIONS];
                w.site(&at, METHOD, package, opts);
            }
        });
    }
    for (i, x) in file.extension.iter().enumerate() {
        w.within(&[t::EXTENSION, index(i)], |w| w.field(package, x));
    }
    (w.sites, w.scopes, w.names)
}

const FILE: &str = "google.protobuf.FileOptions";
const MESSAGE: &str = "google.protobuf.MessageOptions";
const FIELD: &str = "google.protobuf.FieldOptions";
const ONEOF: &str = "google.protobuf.OneofOptions";
const EXTENSION_RANGE: &str = "google.protobuf.ExtensionRangeOptions";
const ENUM: &str = "google.protobuf.EnumOptions";
const ENUM_VALUE: &str = "google.protobuf.EnumValueOptions";
const SERVICE: &str = "google.protobuf.ServiceOptions";
const METHOD: &str = "google.protobuf.MethodOptions";
const OPTIONS_TYPES: [&str; 9] = [
    FILE,
    MESSAGE,
    FIELD,
    ONEOF,
    EXTENSION_RANGE,
    ENUM,
    ENUM_VALUE,
    SERVICE,
    METHOD,
];

/// A walk through a file's elements, in the path the linker gives each.
///
/// An option name resolves in the scope of its element and in each enclosing one. Of those,
/// only the package and messages can hold extensions (a field, enum, enum value, service or
/// method cannot: no message may share its name), so each option is given the innermost
/// package or message that encloses it (a message's own options: the message).
struct Walk {
    sites: Vec<Site>,
    scopes: Vec<String>,
    names: Vec<Vec<NamePart>>,
    path: Vec<i32>,
}

impl Walk {
    fn within(&mut self, at: &[i32], f: impl FnOnce(&mut Walk)) {
        let depth = self.path.len();
        self.path.extend_from_slice(at);
        f(self);
        self.path.truncate(depth);
    }

    fn site(
        &mut self,
        at: &[i32],
        options_type: &'static str,
        scope: usize,
        opts: Option<&[UninterpretedOption]>,
    ) {
        let Some(opts) = opts.filter(|o| !o.is_empty()) else {
            return;
        };
        let mut path = Vec::with_capacity(self.path.len() + at.len());
        path.extend_from_slice(&self.path);
        path.extend_from_slice(at);
        let written = opts
            .iter()
            .map(|o| Written {
                name: self.name(&o.name),
                aggregate: o.aggregate_value.is_some(),
            })
            .collect();
        self.sites.push(Site {
            path,
            options_type,
            scope,
            written,
        });
    }

    /// The index of `name` in the names met so far. A file uses few option names many times
    /// (`(google.api.field_behavior)` on most fields): they are kept once, the latest first
    /// looked at, and past a few dozen a new name is simply added.
    fn name(&mut self, name: &[NamePart]) -> usize {
        let known = self.names.len().saturating_sub(64);
        let found = self.names[known..].iter().rposition(|n| n == name);
        found.map(|i| known + i).unwrap_or_else(|| {
            self.names.push(name.to_vec());
            self.names.len() - 1
        })
    }

    fn message(&mut self, parent: usize, m: &DescriptorProto) {
        use tag::message as t;
        let scope = self.scopes.len();
        self.scopes.push(join(&self.scopes[parent], m.name()));
        let opts = m.options.as_ref().map(|o| &o.uninterpreted_option[..]);
        self.site(&[t::OPTIONS], MESSAGE, scope, opts);
        for (j, f) in m.field.iter().enumerate() {
            self.within(&[t::FIELD, index(j)], |w| w.field(scope, f));
        }
        for (j, x) in m.extension.iter().enumerate() {
            self.within(&[t::EXTENSION, index(j)], |w| w.field(scope, x));
        }
        for (j, n) in m.nested_type.iter().enumerate() {
            self.within(&[t::NESTED_TYPE, index(j)], |w| w.message(scope, n));
        }
        for (j, e) in m.enum_type.iter().enumerate() {
            self.within(&[t::ENUM_TYPE, index(j)], |w| w.enum_(scope, e));
        }
        for (j, r) in m.extension_range.iter().enumerate() {
            let opts = r.options.as_ref().map(|o| &o.uninterpreted_option[..]);
            let at = [t::EXTENSION_RANGE, index(j), tag::extension_range::OPTIONS];
            self.site(&at, EXTENSION_RANGE, scope, opts);
        }
        for (j, d) in m.oneof_decl.iter().enumerate() {
            let opts = d.options.as_ref().map(|o| &o.uninterpreted_option[..]);
            self.site(
                &[t::ONEOF_DECL, index(j), tag::oneof::OPTIONS],
                ONEOF,
                scope,
                opts,
            );
        }
    }

    fn field(&mut self, scope: usize, f: &FieldDescriptorProto) {
        let opts = f.options.as_ref().map(|o| &o.uninterpreted_option[..]);
        self.site(&[tag::field::OPTIONS], FIELD, scope, opts);
    }

    fn enum_(&mut self, scope: usize, e: &EnumDescriptorProto) {
        let opts = e.options.as_ref().map(|o| &o.uninterpreted_option[..]);
        self.site(&[tag::enum_::OPTIONS], ENUM, scope, opts);
        for (j, v) in e.value.iter().enumerate() {
            let opts = v.options.as_ref().map(|o| &o.uninterpreted_option[..]);
            let at = [tag::enum_::VALUE, index(j), tag::enum_value::OPTIONS];
            self.site(&at, ENUM_VALUE, scope, opts);
        }
    }
}

fn index(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// Option names resolved in one side's linked pool.
pub struct OptionNames {
    /// The `*Options` messages, by full name (the pool's, else prost-reflect's own).
    roots: FxHashMap<&'static str, MessageDescriptor>,
    /// The extensions of each message, by the message's full name, then by the extension's
    /// own name (the last part of its full name).
    extensions: FxHashMap<String, FxHashMap<String, Vec<Extension>>>,
}

struct Extension {
    full_name: String,
    part: Part,
}

/// The field an extension sets.
struct Part {
    number: i32,
    list: bool,
    message: Option<MessageDescriptor>,
}

impl OptionNames {
    pub fn new(pool: &DescriptorPool) -> OptionNames {
        // The linker falls back on prost-reflect's own descriptor.proto when the pool has none.
        let roots = OPTIONS_TYPES
            .iter()
            .filter_map(|&name| {
                let m = pool
                    .get_message_by_name(name)
                    .or_else(|| DescriptorPool::global().get_message_by_name(name))?;
                Some((name, m))
            })
            .collect();
        let mut extensions: FxHashMap<String, FxHashMap<String, Vec<Extension>>> =
            FxHashMap::default();
        for x in pool.all_extensions() {
            let Ok(number) = i32::try_from(x.number()) else {
                continue;
            };
            extensions
                .entry(x.containing_message().full_name().to_owned())
                .or_default()
                .entry(x.name().to_owned())
                .or_default()
                .push(Extension {
                    full_name: x.full_name().to_owned(),
                    part: Part {
                        number,
                        list: x.is_list(),
                        message: x.kind().as_message().cloned(),
                    },
                });
        }
        OptionNames { roots, extensions }
    }

    /// The paths, relative to the site, of the fields its options set, as the linker gives
    /// them; `None` where the linker's choice is not certain here.
    fn resolve(&self, site: &Site, scope: &str, names: &[Vec<NamePart>]) -> Option<Vec<Vec<i32>>> {
        let root = self.roots.get(site.options_type)?;
        // How many values each list field set so far holds (few per site: a linear search).
        let mut listed: Vec<(Vec<i32>, i32)> = Vec::new();
        // The options (by index in `out`) that gave a message whole.
        let mut whole: Vec<usize> = Vec::new();
        let mut out: Vec<Vec<i32>> = Vec::with_capacity(site.written.len());
        for (w, option) in site.written.iter().enumerate() {
            let name = names.get(option.name)?;
            let mut rel = Vec::with_capacity(name.len() + 1);
            // Borrowed where it can be: a descriptor's clone is a count on the pool shared by
            // every thread.
            let mut ty = Cow::Borrowed(root);
            for (k, part) in name.iter().enumerate() {
                let more = k + 1 < name.len();
                let (number, list, message) = if part.is_extension {
                    let p = self.extension(&ty, scope, &part.name_part)?;
                    (p.number, p.list, p.message.as_ref().map(Cow::Borrowed))
                } else {
                    let f = ty.get_field_by_name(&part.name_part)?;
                    let message = if more {
                        f.kind().as_message().cloned().map(Cow::Owned)
                    } else {
                        None
                    };
                    (i32::try_from(f.number()).ok()?, f.is_list(), message)
                };
                rel.push(number);
                if more {
                    if list {
                        return None;
                    }
                    ty = message?;
                } else if list {
                    // A list field's value goes at the end of the list.
                    let n = match listed.iter_mut().find(|(p, _)| *p == rel) {
                        Some((_, n)) => n,
                        None => {
                            listed.push((rel.clone(), 0));
                            &mut listed.last_mut()?.1
                        }
                    };
                    rel.push(*n);
                    *n += 1;
                }
            }
            // Inside a message an earlier option gave whole: the list lengths there are the
            // given message's.
            if whole
                .iter()
                .filter_map(|&i| out.get(i))
                .any(|m| rel.len() > m.len() && rel.starts_with(m))
            {
                return None;
            }
            if option.aggregate {
                whole.push(w);
            }
            out.push(rel);
        }
        Some(out)
    }

    /// The one extension of `extendee` that `name`, written in `scope`, can name: `name`
    /// itself when it starts with a dot, else `name` inside `scope` or any scope enclosing it,
    /// the top one included.
    fn extension(&self, extendee: &MessageDescriptor, scope: &str, name: &str) -> Option<&Part> {
        let (absolute, name) = match name.strip_prefix('.') {
            Some(rest) => (true, rest),
            None => (false, name),
        };
        let last = name.rsplit('.').next().unwrap_or(name);
        let named = |x: &&Extension| {
            let Some(parent) = x.full_name.strip_suffix(name) else {
                return false;
            };
            if parent.is_empty() {
                return true;
            }
            let Some(parent) = parent.strip_suffix('.') else {
                return false;
            };
            !absolute
                && scope
                    .strip_prefix(parent)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        };
        let mut found = self
            .extensions
            .get(extendee.full_name())?
            .get(last)?
            .iter()
            .filter(named);
        match (found.next(), found.next()) {
            (Some(x), None) => Some(&x.part),
            _ => None,
        }
    }
}

/// One linked `FileDescriptorProto` with the locations held from it (`h`) put back, its
/// options' paths resolved in `names`; `None` if it is malformed, has locations of its own, or
/// an option's path is not worked out here.
pub fn restore_file(file: &[u8], h: &Held, names: &OptionNames) -> Option<Vec<u8>> {
    let fields = wire::fields(file)?;
    let info = fields.iter().find_map(|f| match (f.number, f.value) {
        (FILE_SOURCE_CODE_INFO, Value::Len(i)) => Some(i),
        _ => None,
    });
    let info = h.restore(info.unwrap_or_default(), names)?;
    // The file's fields in their order, `source_code_info` where it was (or where its number
    // puts it).
    let mut file_out = Vec::with_capacity(file.len() + info.len());
    let mut placed = false;
    for f in &fields {
        if f.number == FILE_SOURCE_CODE_INFO {
            if !placed {
                wire::put_len(&mut file_out, FILE_SOURCE_CODE_INFO, &info);
                placed = true;
            }
            continue;
        }
        if f.number > FILE_SOURCE_CODE_INFO && !placed {
            wire::put_len(&mut file_out, FILE_SOURCE_CODE_INFO, &info);
            placed = true;
        }
        file_out.extend_from_slice(f.raw);
    }
    if !placed {
        wire::put_len(&mut file_out, FILE_SOURCE_CODE_INFO, &info);
    }
    Some(file_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message as _;
    use prost_types::source_code_info::Location;
    use prost_types::{
        DescriptorProto, FieldDescriptorProto, FieldOptions, SourceCodeInfo, UninterpretedOption,
    };

    fn loc(path: &[i32]) -> Location {
        Location {
            path: path.to_vec(),
            span: vec![i32::try_from(path.len()).unwrap_or(0), 0, 1],
            ..Default::default()
        }
    }

    /// `a.proto`: message `M` with field `f` marked `[deprecated = true]` (a built-in
    /// option: prost-reflect's own descriptor.proto resolves it), with `locations`.
    fn file(locations: Vec<Location>) -> FileDescriptorProto {
        let deprecated = UninterpretedOption {
            name: vec![NamePart {
                name_part: "deprecated".into(),
                is_extension: false,
            }],
            identifier_value: Some("true".into()),
            ..Default::default()
        };
        FileDescriptorProto {
            name: Some("a.proto".into()),
            package: Some("p".into()),
            message_type: vec![DescriptorProto {
                name: Some("M".into()),
                field: vec![FieldDescriptorProto {
                    name: Some("f".into()),
                    number: Some(1),
                    options: Some(FieldOptions {
                        uninterpreted_option: vec![deprecated],
                        ..Default::default()
                    }),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            source_code_info: Some(SourceCodeInfo {
                location: locations,
            }),
            syntax: Some("proto3".into()),
            ..Default::default()
        }
    }

    #[test]
    fn every_location_goes_back_in_its_place_with_the_options_path_resolved() {
        let all = vec![
            loc(&[]),
            loc(&[4, 0]),
            loc(&[4, 0, 2, 0]),
            loc(&[4, 0, 2, 0, 8]),
            loc(&[4, 0, 2, 0, 8, 999, 0]),
            loc(&[4, 0, 2, 0, 1]),
            // 999 as an index (a thousandth message), not an option: held as it is.
            loc(&[4, 999]),
        ];
        let mut parsed = file(all.clone());
        let held = Held::take(&mut parsed);
        let left = parsed.source_code_info.clone().expect("info").location;
        assert!(left.is_empty(), "the linker is left no location: {left:?}");
        // The linker gives the file back with its (empty) source info; the option's location
        // goes back with `deprecated`'s number (3) in place of `uninterpreted_option`'s.
        let names = OptionNames::new(&DescriptorPool::global());
        let restored = restore_file(&parsed.encode_to_vec(), &held, &names).expect("restores");
        let mut expected = all;
        expected[4].path = vec![4, 0, 2, 0, 8, 3];
        let expected = FileDescriptorProto {
            source_code_info: Some(SourceCodeInfo { location: expected }),
            ..parsed
        };
        assert_eq!(restored, expected.encode_to_vec());
    }

    #[test]
    fn a_linked_file_with_locations_of_its_own_is_refused() {
        let mut parsed = file(vec![loc(&[4, 0]), loc(&[4, 0, 2, 0, 8, 999, 0])]);
        let held = Held::take(&mut parsed);
        let names = OptionNames::new(&DescriptorPool::global());
        let mut linked = parsed.clone();
        linked.source_code_info = Some(SourceCodeInfo {
            location: vec![loc(&[4, 0, 2, 0, 8, 3])],
        });
        assert_eq!(restore_file(&linked.encode_to_vec(), &held, &names), None);
        assert!(restore_file(&parsed.encode_to_vec(), &held, &names).is_some());
    }

    #[test]
    fn an_option_name_that_does_not_resolve_here_is_refused() {
        let mut parsed = file(vec![loc(&[4, 0, 2, 0, 8, 999, 0])]);
        if let Some(o) = parsed.message_type[0].field[0].options.as_mut() {
            o.uninterpreted_option[0].name[0].name_part = "no_such_option".into();
        }
        let held = Held::take(&mut parsed);
        let names = OptionNames::new(&DescriptorPool::global());
        assert_eq!(restore_file(&parsed.encode_to_vec(), &held, &names), None);
    }
}
