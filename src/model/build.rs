//! Decoding compiled descriptors into the normalized [`Contract`].

use std::collections::HashMap;
use std::sync::Arc;

use prost::Message as _;
use rustc_hash::FxHashMap;

use super::descriptor::{self as d, tag};
use super::features::{self, Features};
use super::{
    kind, label, Cardinality, Contract, DefaultValue, Element, ElementKind, Enum, EnumValue, Field,
    FieldSpans, File, HttpRule, Message, Method, Oneof, Range, Resource, Service, Span, Syntax,
    WireMessage,
};
use crate::position;

/// Decodes `descriptor_set` (a serialized `FileDescriptorSet`) into a contract.
/// `is_target` decides, per file path, whether the file is a target (compared) or only a
/// dependency.
/// `sources` gives the text of files whose columns must be expanded for tabs.
pub fn build(
    descriptor_set: Arc<[u8]>,
    is_target: &(dyn Fn(&str) -> bool + Sync),
    sources: &HashMap<String, Arc<str>>,
) -> Result<Contract, prost::DecodeError> {
    let files = file_messages(&descriptor_set)?;
    let threads = crate::parallel::threads_for(files.len());
    build_on(&files, is_target, sources, threads)
}

/// [`build`] of the encoded files `files` on `threads` threads.
fn build_on(
    files: &[&[u8]],
    is_target: &(dyn Fn(&str) -> bool + Sync),
    sources: &HashMap<String, Arc<str>>,
    threads: usize,
) -> Result<Contract, prost::DecodeError> {
    // Runs of consecutive files are built on several threads, each into a contract of its
    // own, then put one after another: a file's model refers only to its own elements.
    let runs = crate::parallel::runs(files, threads * 4, |f| f.len());
    let parts = crate::parallel::map(&runs, threads, |run| {
        let mut c = Contract::default();
        for bytes in *run {
            add_encoded_file(&mut c, bytes, is_target, sources)?;
        }
        Ok::<_, prost::DecodeError>(c)
    });
    let mut parts = parts.into_iter();
    let mut c = parts.next().transpose()?.unwrap_or_default();
    for part in parts {
        c.append(part?);
    }
    resolve_fields(&mut c, threads);
    c.file_index.reserve(c.files.len());
    for (i, f) in c.files.iter().enumerate() {
        c.file_index.insert(f.path.clone(), i);
    }
    // A file's elements come one after another: one lookup per run of them.
    let mut run: Option<(&Arc<str>, Vec<usize>)> = None;
    for (i, e) in c.elements.iter().enumerate() {
        let Some(s) = &e.span else { continue };
        match &mut run {
            Some((path, ids)) if Arc::ptr_eq(path, &s.path) || path[..] == s.path[..] => {
                ids.push(i)
            }
            _ => {
                if let Some((path, ids)) = run.replace((&s.path, vec![i])) {
                    c.element_index.entry(path.clone()).or_default().extend(ids);
                }
            }
        }
    }
    if let Some((path, ids)) = run {
        c.element_index.entry(path.clone()).or_default().extend(ids);
    }
    Ok(c)
}

/// Decodes one encoded `FileDescriptorProto` and adds its file to `c`. The decoded descriptor
/// (source info included) is dropped as soon as its part of the model is built.
fn add_encoded_file(
    c: &mut Contract,
    bytes: &[u8],
    is_target: &(dyn Fn(&str) -> bool + Sync),
    sources: &HashMap<String, Arc<str>>,
) -> Result<(), prost::DecodeError> {
    let fd = d::FileDescriptorProto::decode(bytes)?;
    let fd = &fd;
    let path: Arc<str> = Arc::from(fd.name());
    let is_import = fd
        .buf_extension
        .as_ref()
        .and_then(|e| e.is_import)
        .unwrap_or(false);
    let target = !is_import && is_target(&path);
    // Columns need converting where protox and buf count differently: tabs, and
    // characters of more than one byte.
    let unusual = sources
        .get(&*path)
        .filter(|t| t.contains('\t') || !t.is_ascii());
    let lines: Option<Vec<&str>> = unusual.map(|t| t.split('\n').collect());
    let text = sources.get(&*path).map(|t| &**t);
    // Only a compared file's places are read: straight from the bytes, or, should they hold
    // what that reader does not take (groups), from prost's decoding, as before.
    let info = fd.source_code_info.as_deref().filter(|_| target);
    let decoded;
    let locations = match info {
        None => None,
        Some(info) => match read_locations(info) {
            Some(l) => Some(l),
            None => {
                decoded = d::SourceCodeInfo::decode(info)?;
                Some(Locations::of(&decoded))
            }
        },
    };
    add_file(
        c,
        fd,
        path,
        target,
        locations.as_ref(),
        lines.as_deref(),
        text,
    );
    Ok(())
}

/// The locations of an encoded `SourceCodeInfo`, read without decoding each into values of
/// its own: every path and span is a run of `numbers`.
#[derive(Default)]
struct Locations<'a> {
    numbers: Vec<i32>,
    locations: Vec<RawLocation<'a>>,
}

struct RawLocation<'a> {
    path: std::ops::Range<usize>,
    span: std::ops::Range<usize>,
    leading: Option<&'a str>,
    trailing: Option<&'a str>,
}

impl<'a> Locations<'a> {
    /// The locations of a decoded `SourceCodeInfo`.
    fn of(info: &'a d::SourceCodeInfo) -> Locations<'a> {
        let mut out = Locations::default();
        for loc in &info.location {
            out.push(
                &loc.path,
                &loc.span,
                (
                    loc.leading_comments.as_deref(),
                    loc.trailing_comments.as_deref(),
                ),
            );
        }
        out
    }

    fn push(
        &mut self,
        path: &[i32],
        span: &[i32],
        (leading, trailing): (Option<&'a str>, Option<&'a str>),
    ) {
        let start = self.numbers.len();
        self.numbers.extend_from_slice(path);
        self.numbers.extend_from_slice(span);
        self.locations.push(RawLocation {
            path: start..start + path.len(),
            span: start + path.len()..self.numbers.len(),
            leading,
            trailing,
        });
    }
}

/// Reads `info` (an encoded `SourceCodeInfo`) as prost decodes it (`path` and `span` packed
/// or not, the last of a repeated comment winning), with [`crate::wire`]; `None` where the
/// bytes are malformed, or hold a group.
fn read_locations(mut info: &[u8]) -> Option<Locations<'_>> {
    use crate::wire::{next_field, Value};
    const LOCATION: u32 = tag::source_code_info::LOCATION as u32;
    const PATH: u32 = tag::location::PATH as u32;
    const SPAN: u32 = tag::location::SPAN as u32;
    const LEADING: u32 = tag::location::LEADING_COMMENTS as u32;
    const TRAILING: u32 = tag::location::TRAILING_COMMENTS as u32;
    /// A `repeated int32` field's numbers, packed or not.
    fn numbers(value: Value<'_>, out: &mut Vec<i32>) -> Option<()> {
        match value {
            Value::Varint(v) => out.push(v as i32),
            Value::Len(mut packed) => {
                while !packed.is_empty() {
                    out.push(prost::encoding::decode_varint(&mut packed).ok()? as i32);
                }
            }
            _ => return None,
        }
        Some(())
    }
    let mut out = Locations::default();
    let (mut path, mut span) = (Vec::new(), Vec::new());
    while !info.is_empty() {
        let field = next_field(&mut info).ok()?;
        let (LOCATION, Value::Len(mut loc)) = (field.number, field.value) else {
            if field.number == LOCATION {
                return None;
            }
            continue;
        };
        path.clear();
        span.clear();
        let mut comments = (None, None);
        while !loc.is_empty() {
            let field = next_field(&mut loc).ok()?;
            match (field.number, field.value) {
                (PATH, value) => numbers(value, &mut path)?,
                (SPAN, value) => numbers(value, &mut span)?,
                (LEADING, Value::Len(text)) => comments.0 = Some(std::str::from_utf8(text).ok()?),
                (TRAILING, Value::Len(text)) => comments.1 = Some(std::str::from_utf8(text).ok()?),
                (LEADING | TRAILING, _) => return None,
                _ => {}
            }
        }
        out.push(&path, &span, comments);
    }
    Some(out)
}

impl Contract {
    /// Puts `later`, built from the files that follow this contract's, after them: its
    /// indexes move past this contract's files, messages, enums, services and extensions,
    /// and a name it declares again wins, as it would have had one contract been built.
    fn append(&mut self, later: Contract) {
        let files = self.files.len();
        let (messages, enums) = (self.messages.len(), self.enums.len());
        let (services, extensions) = (self.services.len(), self.extensions.len());
        let shift = |ids: &mut Vec<usize>, by: usize| ids.iter_mut().for_each(|i| *i += by);
        for mut f in later.files {
            shift(&mut f.messages, messages);
            shift(&mut f.enums, enums);
            shift(&mut f.services, services);
            shift(&mut f.extensions, extensions);
            self.files.push(f);
        }
        for mut m in later.messages {
            m.file += files;
            m.fields.iter_mut().for_each(|f| f.file += files);
            self.messages.push(m);
        }
        for mut e in later.enums {
            e.file += files;
            self.enums.push(e);
        }
        for mut s in later.services {
            s.file += files;
            self.services.push(s);
        }
        for mut x in later.extensions {
            x.file += files;
            self.extensions.push(x);
        }
        self.elements.extend(later.elements);
        for (name, i) in later.message_index {
            self.message_index.insert(name, i + messages);
        }
        for (name, i) in later.enum_index {
            self.enum_index.insert(name, i + enums);
        }
        for (name, i) in later.service_index {
            self.service_index.insert(name, i + services);
        }
    }
}

/// The encoded `FileDescriptorProto`s inside a serialized `FileDescriptorSet` (field 1),
/// without decoding them.
fn file_messages(whole: &[u8]) -> Result<Vec<&[u8]>, prost::DecodeError> {
    use prost::encoding::{decode_key, decode_varint, skip_field, DecodeContext, WireType};
    let mut buf = whole;
    let mut out = Vec::new();
    while !buf.is_empty() {
        let (tag, wire_type) = decode_key(&mut buf)?;
        if tag == 1 && wire_type == WireType::LengthDelimited {
            let len = usize::try_from(decode_varint(&mut buf)?).unwrap_or(usize::MAX);
            if len > buf.len() {
                // Truncated: let prost's own decoder describe the problem.
                return d::FileDescriptorSet::decode(whole).map(|_| Vec::new());
            }
            let (msg, rest) = buf.split_at(len);
            out.push(msg);
            buf = rest;
        } else {
            skip_field(wire_type, tag, &mut buf, DecodeContext::default())?;
        }
    }
    Ok(out)
}

/// Source-info locations of one file, by path.
struct Locs<'a> {
    path: &'a Arc<str>,
    by_path: FxHashMap<&'a [i32], &'a [i32]>,
    /// Leading and trailing comments by path.
    comments: FxHashMap<&'a [i32], (Option<&'a str>, Option<&'a str>)>,
    /// The file's lines, only when it contains tabs or non-ASCII characters.
    lines: Option<&'a [&'a str]>,
    /// The file's source text, when compiled from source.
    text: Option<&'a str>,
}

impl Locs<'_> {
    fn span(&self, p: &[i32]) -> Option<Span> {
        self.by_path
            .get(p)
            .and_then(|raw| Span::from_source_info_in(self.path, raw, self.lines))
    }
    /// The span of an option that protox records at its value only (`default = 5` at `5`),
    /// widened back to the option's name as buf (protocompile) records it, when the source
    /// shows `name =` right before the value.
    fn option_from_name(&self, p: &[i32], name: &str) -> Option<Span> {
        let raw = *self.by_path.get(p)?;
        let widened = self.text.and_then(|text| widen_to_name(text, raw, name));
        Span::from_source_info_in(self.path, widened.as_deref().unwrap_or(raw), self.lines)
    }

    fn sub(&self, base: &[i32], rest: &[i32]) -> Option<Span> {
        if self.by_path.is_empty() {
            return None;
        }
        let mut buf = [0i32; 32];
        let n = base.len() + rest.len();
        if n > buf.len() {
            let mut p = base.to_vec();
            p.extend_from_slice(rest);
            return self.span(&p);
        }
        buf[..base.len()].copy_from_slice(base);
        buf[base.len()..n].copy_from_slice(rest);
        self.span(&buf[..n])
    }
}

struct Builder<'a, 'c> {
    c: &'c mut Contract,
    locs: Locs<'a>,
    file: usize,
    package: &'a str,
}

/// Adds the file `fd` to `c`; `locations`, its source locations, are read only for a
/// compared (`target`) file.
fn add_file(
    c: &mut Contract,
    fd: &d::FileDescriptorProto,
    path: Arc<str>,
    target: bool,
    locations: Option<&Locations<'_>>,
    lines: Option<&[&str]>,
    text: Option<&str>,
) {
    let syntax = match fd.syntax.as_deref() {
        Some("proto3") => Syntax::Proto3,
        Some("editions") => Syntax::Editions(fd.edition.unwrap_or(features::EDITION_2023)),
        _ => Syntax::Proto2,
    };
    let options = fd.options.clone().unwrap_or_default();
    let file_features = Features::defaults(syntax.edition()).merge(options.features.as_ref());
    let mut by_path = FxHashMap::default();
    let mut comments = FxHashMap::default();
    if let Some(raw) = locations {
        by_path.reserve(raw.locations.len());
        for loc in &raw.locations {
            let at = &raw.numbers[loc.path.clone()];
            // The first location recorded for a path is the declaration itself.
            by_path.entry(at).or_insert(&raw.numbers[loc.span.clone()]);
            if loc.leading.is_some() || loc.trailing.is_some() {
                comments.entry(at).or_insert((loc.leading, loc.trailing));
            }
        }
    }
    let mut option_spans = HashMap::new();
    for (p, raw) in &by_path {
        if let [tag::file::OPTIONS, n] = **p {
            if let Some(s) = Span::from_source_info_in(&path, raw, lines) {
                option_spans.insert(n, s);
            }
        }
    }
    let locs = Locs {
        path: &path,
        by_path,
        comments,
        lines,
        text,
    };
    let file = File {
        path: path.clone(),
        package: fd.package.clone().unwrap_or_default(),
        syntax,
        target,
        options,
        messages: Vec::new(),
        enums: Vec::new(),
        services: Vec::new(),
        extensions: Vec::new(),
        package_span: locs.span(&[tag::file::PACKAGE]),
        syntax_span: locs
            .span(&[tag::file::SYNTAX])
            .or_else(|| locs.span(&[tag::file::EDITION])),
        option_spans,
    };
    let file_idx = c.files.len();
    c.files.push(file);
    let package = fd.package.as_deref().unwrap_or("");
    let mut b = Builder {
        c,
        locs,
        file: file_idx,
        package,
    };
    for (i, m) in fd.message_type.iter().enumerate() {
        b.message(
            m,
            &[tag::file::MESSAGE_TYPE, i as i32],
            "",
            None,
            file_features,
        );
    }
    for (i, e) in fd.enum_type.iter().enumerate() {
        b.enum_(e, &[tag::file::ENUM_TYPE, i as i32], "", file_features);
    }
    for (i, x) in fd.extension.iter().enumerate() {
        let path = [tag::file::EXTENSION, i as i32];
        let field = b.field(x, &path, package, file_features, &[]);
        let idx = b.c.extensions.len();
        b.c.extensions.push(field);
        b.c.files[file_idx].extensions.push(idx);
    }
    for (i, s) in fd.service.iter().enumerate() {
        b.service(s, &[tag::file::SERVICE, i as i32], file_features);
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

fn strip_dot(s: &str) -> String {
    s.strip_prefix('.').unwrap_or(s).to_owned()
}

/// protoc's default JSON name: drop underscores, upper-case the letter after each.
pub fn default_json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for ch in name.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

impl Builder<'_, '_> {
    /// Records a declared element (only files with source info have spans and comments).
    fn element(&mut self, full_name: &str, kind: ElementKind, path: &[i32]) {
        if self.locs.by_path.is_empty() {
            return;
        }
        let (leading, trailing) = self.locs.comments.get(path).copied().unwrap_or_default();
        self.c.elements.push(Element {
            full_name: full_name.to_owned(),
            kind,
            span: self.locs.span(path),
            // Only comments that hold a suppression are kept (the rest are not needed and
            // would be copied for every element of large trees).
            leading_comments: leading
                .filter(|c| c.contains(crate::model::SUPPRESS_MARKER))
                .map(str::to_owned),
            trailing_comments: trailing
                .filter(|c| c.contains(crate::model::SUPPRESS_MARKER))
                .map(str::to_owned),
        });
    }

    /// The spans of the `count` items of a repeated element (`field`) of the element at `path`.
    fn item_spans(&self, path: &[i32], field: i32, count: usize) -> Vec<Option<Span>> {
        (0..count)
            .map(|i| self.locs.span(&sub_path(path, field, i)))
            .collect()
    }

    fn message(
        &mut self,
        m: &d::DescriptorProto,
        path: &[i32],
        parent_nested: &str,
        _parent: Option<usize>,
        inherited: Features,
    ) {
        let name = m.name.clone().unwrap_or_default();
        let nested_name = join(parent_nested, &name);
        let full_name = join(self.package, &nested_name);
        let feats = inherited.merge(m.options.as_ref().and_then(|o| o.features.as_ref()));
        let idx = self.c.messages.len();
        // Reserve the slot first so nested messages get later indexes.
        let shell = self.message_shell(m, path, name, &nested_name, &full_name, feats);
        self.c.messages.push(shell);
        self.element(&full_name, ElementKind::Message, path);
        self.c.message_index.insert(full_name.clone(), idx);
        self.c.files[self.file].messages.push(idx);

        let (oneof_feats, mut oneofs) = self.oneofs(m, path, &full_name, feats);
        let mut fields = Vec::with_capacity(m.field.len());
        for (i, f) in m.field.iter().enumerate() {
            let fpath = sub_path(path, tag::message::FIELD, i);
            let field = self.field(f, &fpath, &full_name, feats, &oneof_feats);
            self.element(&field.full_name, ElementKind::Field, &fpath);
            if field.proto3_optional {
                if let Some(o) = field.oneof_index.and_then(|i| oneofs.get_mut(i)) {
                    o.synthetic = true;
                }
            }
            fields.push(field);
        }
        let msg = &mut self.c.messages[idx];
        for (i, f) in fields.iter().enumerate() {
            msg.field_index.entry(f.number).or_insert(i);
        }
        msg.fields = fields;
        msg.oneofs = oneofs;

        for (i, x) in m.extension.iter().enumerate() {
            let xpath = sub_path(path, tag::message::EXTENSION, i);
            let field = self.field(x, &xpath, &full_name, feats, &[]);
            let xi = self.c.extensions.len();
            self.c.extensions.push(field);
            self.c.files[self.file].extensions.push(xi);
        }
        self.nested_messages(m, path, &nested_name, &full_name, idx, feats);
        for (i, e) in m.enum_type.iter().enumerate() {
            let epath = sub_path(path, tag::message::ENUM_TYPE, i);
            self.enum_(e, &epath, &nested_name, feats);
        }
    }

    /// A message's own facts, before its fields, oneofs and nested types are added.
    fn message_shell(
        &self,
        m: &d::DescriptorProto,
        path: &[i32],
        name: String,
        nested_name: &str,
        full_name: &str,
        feats: Features,
    ) -> Message {
        let opts = m.options.clone().unwrap_or_default();
        Message {
            full_name: full_name.to_owned(),
            name,
            nested_name: nested_name.to_owned(),
            file: self.file,
            fields: Vec::new(),
            field_index: Default::default(),
            oneofs: Vec::new(),
            reserved_ranges: m
                .reserved_range
                .iter()
                .map(|r| Range {
                    start: r.start.unwrap_or(0),
                    end: r.end.unwrap_or(0) - 1,
                })
                .collect(),
            reserved_names: m.reserved_name.clone(),
            extension_ranges: m
                .extension_range
                .iter()
                .map(|r| Range {
                    start: r.start.unwrap_or(0),
                    end: r.end.unwrap_or(0) - 1,
                })
                .collect(),
            reserved_range_spans: self.item_spans(
                path,
                tag::message::RESERVED_RANGE,
                m.reserved_range.len(),
            ),
            reserved_name_spans: self.item_spans(
                path,
                tag::message::RESERVED_NAME,
                m.reserved_name.len(),
            ),
            extension_range_spans: self.item_spans(
                path,
                tag::message::EXTENSION_RANGE,
                m.extension_range.len(),
            ),
            message_set_wire_format: opts.message_set_wire_format.unwrap_or(false),
            no_standard_descriptor_accessor: opts.no_standard_descriptor_accessor.unwrap_or(false),
            map_entry: opts.map_entry.unwrap_or(false),
            features: feats,
            span: self.locs.span(path),
            no_standard_descriptor_accessor_span: self.locs.sub(
                path,
                &[
                    tag::message::OPTIONS,
                    tag::message_options::NO_STANDARD_DESCRIPTOR_ACCESSOR,
                ],
            ),
            json_format_span: self.locs.sub(
                path,
                &[
                    tag::message::OPTIONS,
                    tag::message_options::FEATURES,
                    tag::features::JSON_FORMAT,
                ],
            ),
            deprecated: opts.deprecated.unwrap_or(false),
            resource: Resource::decode(&opts.google_api_resource),
            resource_span: self.locs.sub(path, &[tag::message::OPTIONS, 1053]),
            buf_validate: WireMessage::decode_merged(&opts.buf_validate),
        }
    }

    /// A message's oneofs, each registered as an element, with the features each gives its
    /// fields.
    fn oneofs(
        &mut self,
        m: &d::DescriptorProto,
        path: &[i32],
        full_name: &str,
        feats: Features,
    ) -> (Vec<Features>, Vec<Oneof>) {
        let oneof_feats: Vec<Features> = m
            .oneof_decl
            .iter()
            .map(|o| feats.merge(o.options.as_ref().and_then(|o| o.features.as_ref())))
            .collect();
        let oneofs: Vec<Oneof> = m
            .oneof_decl
            .iter()
            .enumerate()
            .map(|(i, o)| Oneof {
                name: o.name.clone().unwrap_or_default(),
                synthetic: false,
                span: self.locs.sub(path, &[tag::message::ONEOF_DECL, i as i32]),
                buf_validate: o
                    .options
                    .as_ref()
                    .and_then(|o| WireMessage::decode_merged(&o.buf_validate)),
            })
            .collect();
        for (i, o) in m.oneof_decl.iter().enumerate() {
            let name = join(full_name, o.name.as_deref().unwrap_or(""));
            self.element(
                &name,
                ElementKind::Oneof,
                &sub_path(path, tag::message::ONEOF_DECL, i),
            );
        }
        (oneof_feats, oneofs)
    }

    /// The messages nested in `m` (message `idx`), a map entry taking its map field's features.
    fn nested_messages(
        &mut self,
        m: &d::DescriptorProto,
        path: &[i32],
        nested_name: &str,
        full_name: &str,
        idx: usize,
        feats: Features,
    ) {
        for (i, n) in m.nested_type.iter().enumerate() {
            let npath = sub_path(path, tag::message::NESTED_TYPE, i);
            let child = self.c.messages.len();
            // A map entry's key and value take the features of the map field, as protoc and
            // buf resolve them (`map<…> m = 1 [features.utf8_validation = NONE]` makes the key
            // and value NONE), not those of the enclosing message.
            let entry_feats = if n.options.as_ref().and_then(|o| o.map_entry) == Some(true) {
                let entry_type = format!(".{}", join(full_name, n.name.as_deref().unwrap_or("")));
                m.field
                    .iter()
                    .find(|f| f.type_name.as_deref() == Some(entry_type.as_str()))
                    .map_or(feats, |f| {
                        feats.merge(f.options.as_ref().and_then(|o| o.features.as_ref()))
                    })
            } else {
                feats
            };
            self.message(n, &npath, nested_name, Some(idx), entry_feats);
            self.anchor_map_entry(idx, child);
        }
    }

    /// A map's synthetic `*Entry` message has no source location of its own: like buf, anchor it
    /// and its key and value fields at the `map<…>` type of the field that declares the map.
    fn anchor_map_entry(&mut self, parent: usize, child: usize) {
        let Some(entry) = self.c.messages.get(child).filter(|m| m.map_entry) else {
            return;
        };
        let anchor = self.c.messages[parent]
            .fields
            .iter()
            .find(|f| {
                f.label == label::REPEATED
                    && matches!(f.kind, kind::MESSAGE | kind::GROUP)
                    && f.type_name.as_deref() == Some(entry.full_name.as_str())
            })
            .and_then(|f| f.spans.type_token.clone());
        let Some(anchor) = anchor else { return };
        let entry = &mut self.c.messages[child];
        entry.span.get_or_insert_with(|| anchor.clone());
        for f in &mut entry.fields {
            f.spans.decl.get_or_insert_with(|| anchor.clone());
            f.spans.type_token.get_or_insert_with(|| anchor.clone());
            f.spans.name.get_or_insert_with(|| anchor.clone());
        }
    }

    fn field(
        &mut self,
        f: &d::FieldDescriptorProto,
        path: &[i32],
        scope: &str,
        inherited: Features,
        oneof_feats: &[Features],
    ) -> Field {
        let name = f.name.clone().unwrap_or_default();
        let opts = f.options.clone().unwrap_or_default();
        let oneof_index = f.oneof_index.and_then(|i| usize::try_from(i).ok());
        let base = oneof_index
            .and_then(|i| oneof_feats.get(i).copied())
            .unwrap_or(inherited);
        let feats = base.merge(opts.features.as_ref());
        let mut kind = f.r#type.unwrap_or(0);
        if kind == kind::MESSAGE && feats.message_encoding == features::message_encoding::DELIMITED
        {
            kind = kind::GROUP;
        }
        let l = |rest: &[i32]| self.locs.sub(path, rest);
        use tag::{features as ft, field as fl, field_options as fo};
        // A proto2 group is referenced by its `group` keyword (where buf reports it; protox
        // records the group's name as its type name), other types by their type name.
        let type_token = if f.r#type == Some(kind::GROUP) {
            l(&[fl::TYPE]).or_else(|| l(&[fl::TYPE_NAME]))
        } else {
            l(&[fl::TYPE_NAME]).or_else(|| l(&[fl::TYPE]))
        };
        let spans = FieldSpans {
            decl: self.locs.span(path),
            type_token,
            name: l(&[fl::NAME]),
            json_name: {
                let mut p = path.to_vec();
                p.push(fl::JSON_NAME);
                self.locs.option_from_name(&p, "json_name")
            },
            default: {
                let mut p = path.to_vec();
                p.push(fl::DEFAULT_VALUE);
                self.locs.option_from_name(&p, "default")
            },
            jstype: l(&[fl::OPTIONS, fo::JSTYPE]),
            ctype: l(&[fl::OPTIONS, fo::CTYPE]),
            utf8_validation: l(&[fl::OPTIONS, fo::FEATURES, ft::UTF8_VALIDATION]),
            cpp_string_type: l(&[
                fl::OPTIONS,
                fo::FEATURES,
                ft::CPP,
                tag::cpp_features::STRING_TYPE,
            ]),
            java_utf8_validation: l(&[
                fl::OPTIONS,
                fo::FEATURES,
                ft::JAVA,
                tag::java_features::UTF8_VALIDATION,
            ]),
        };
        let json_name = f
            .json_name
            .clone()
            .unwrap_or_else(|| default_json_name(&name));
        Field {
            full_name: join(scope, &name),
            name,
            number: f.number.unwrap_or(0),
            label: f.label.unwrap_or(label::OPTIONAL),
            kind,
            type_name: f.type_name.as_deref().map(strip_dot),
            json_name,
            // Resolved once every message is known (maps need their entry type).
            cardinality: Cardinality::OptionalImplicitPresence,
            oneof_index,
            proto3_optional: f.proto3_optional.unwrap_or(false),
            default_value: f.default_value.clone(),
            // Resolved once every enum is known.
            default: None,
            ctype: opts.ctype,
            jstype: opts.jstype,
            features: feats,
            extendee: f.extendee.as_deref().map(strip_dot),
            file: self.file,
            spans,
            deprecated: opts.deprecated.unwrap_or(false),
            behavior: opts.google_api_field_behavior.clone(),
            buf_validate: WireMessage::decode_merged(&opts.buf_validate),
            pgv_rules: WireMessage::decode_merged(&opts.pgv_rules),
        }
    }

    fn enum_(
        &mut self,
        e: &d::EnumDescriptorProto,
        path: &[i32],
        parent_nested: &str,
        inherited: Features,
    ) {
        let name = e.name.clone().unwrap_or_default();
        let nested_name = join(parent_nested, &name);
        let full_name = join(self.package, &nested_name);
        let opts = e.options.clone().unwrap_or_default();
        let feats = inherited.merge(opts.features.as_ref());
        let values = e
            .value
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let vpath = sub_path(path, tag::enum_::VALUE, i);
                EnumValue {
                    name: v.name.clone().unwrap_or_default(),
                    number: v.number.unwrap_or(0),
                    span: self.locs.span(&vpath),
                    number_span: self.locs.sub(&vpath, &[tag::enum_value::NUMBER]),
                    deprecated: v
                        .options
                        .as_ref()
                        .and_then(|o| o.deprecated)
                        .unwrap_or(false),
                }
            })
            .collect::<Vec<_>>();
        self.element(&full_name, ElementKind::Enum, path);
        for (i, v) in e.value.iter().enumerate() {
            let name = join(&full_name, v.name.as_deref().unwrap_or(""));
            self.element(
                &name,
                ElementKind::EnumValue,
                &sub_path(path, tag::enum_::VALUE, i),
            );
        }
        use tag::{enum_ as en, enum_options as eo, features as ft};
        let idx = self.c.enums.len();
        self.c.enums.push(Enum {
            full_name: full_name.clone(),
            name,
            nested_name,
            file: self.file,
            values,
            reserved_ranges: e
                .reserved_range
                .iter()
                .map(|r| Range {
                    start: r.start.unwrap_or(0),
                    end: r.end.unwrap_or(0),
                })
                .collect(),
            reserved_names: e.reserved_name.clone(),
            reserved_range_spans: self.item_spans(path, en::RESERVED_RANGE, e.reserved_range.len()),
            reserved_name_spans: self.item_spans(path, en::RESERVED_NAME, e.reserved_name.len()),
            features: feats,
            span: self.locs.span(path),
            enum_type_span: self
                .locs
                .sub(path, &[en::OPTIONS, eo::FEATURES, ft::ENUM_TYPE]),
            json_format_span: self
                .locs
                .sub(path, &[en::OPTIONS, eo::FEATURES, ft::JSON_FORMAT]),
            deprecated: opts.deprecated.unwrap_or(false),
        });
        self.c.enum_index.insert(full_name, idx);
        self.c.files[self.file].enums.push(idx);
    }

    fn service(&mut self, s: &d::ServiceDescriptorProto, path: &[i32], _inherited: Features) {
        let name = s.name.clone().unwrap_or_default();
        let full_name = join(self.package, &name);
        use tag::{method as me, method_options as mo};
        let methods = s
            .method
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mpath = sub_path(path, tag::service::METHOD, i);
                let opts = m.options.clone().unwrap_or_default();
                Method {
                    name: m.name.clone().unwrap_or_default(),
                    input_type: strip_dot(m.input_type.as_deref().unwrap_or("")),
                    output_type: strip_dot(m.output_type.as_deref().unwrap_or("")),
                    client_streaming: m.client_streaming.unwrap_or(false),
                    server_streaming: m.server_streaming.unwrap_or(false),
                    idempotency_level: opts.idempotency_level.unwrap_or(0),
                    span: self.locs.span(&mpath),
                    input_span: self.locs.sub(&mpath, &[me::INPUT_TYPE]),
                    output_span: self.locs.sub(&mpath, &[me::OUTPUT_TYPE]),
                    idempotency_span: self.locs.sub(&mpath, &[me::OPTIONS, mo::IDEMPOTENCY_LEVEL]),
                    deprecated: opts.deprecated.unwrap_or(false),
                    http: HttpRule::decode(&opts.google_api_http),
                    http_span: self.locs.sub(&mpath, &[me::OPTIONS, 72295728]),
                }
            })
            .collect::<Vec<_>>();
        self.element(&full_name, ElementKind::Service, path);
        for (i, m) in s.method.iter().enumerate() {
            let name = join(&full_name, m.name.as_deref().unwrap_or(""));
            self.element(
                &name,
                ElementKind::Method,
                &sub_path(path, tag::service::METHOD, i),
            );
        }
        let idx = self.c.services.len();
        self.c.services.push(Service {
            full_name: full_name.clone(),
            name,
            file: self.file,
            methods,
            span: self.locs.span(path),
            deprecated: s
                .options
                .as_ref()
                .and_then(|o| o.deprecated)
                .unwrap_or(false),
        });
        self.c.service_index.insert(full_name, idx);
        self.c.files[self.file].services.push(idx);
    }
}

/// The raw source-info span `raw` (0-based, columns in UTF-8 bytes as protox counts them)
/// started back at `name` when the text before it reads `name =` (white space and comments
/// allowed around `=`).
fn widen_to_name(text: &str, raw: &[i32], name: &str) -> Option<Vec<i32>> {
    let (line, col) = (usize::try_from(*raw.first()?).ok()?, *raw.get(1)?);
    let (end_line, end_col) = match *raw {
        [_, _, ec] => (raw[0], ec),
        [_, _, el, ec] => (el, ec),
        _ => return None,
    };
    let line_start = position::line_start(text, line)?;
    let line_text = position::line_at(text, line_start);
    let col_byte = usize::try_from(col).ok()?.min(line_text.len());
    let before = trim_trivia_end(text.get(..line_start + col_byte)?);
    let before = trim_trivia_end(before.strip_suffix('=')?);
    let head = before.strip_suffix(name)?;
    if head
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
    {
        return None;
    }
    let start = head.len();
    let (start_line, start_line_begin) = position::line_of(text, start);
    let start_col = start - start_line_begin;
    Some(vec![
        i32::try_from(start_line).ok()?,
        i32::try_from(start_col).ok()?,
        end_line,
        end_col,
    ])
}

/// `s` without the white space and comments at its end.
fn trim_trivia_end(mut s: &str) -> &str {
    loop {
        let trimmed = s.trim_end();
        let last_line_start = position::line_start_of(trimmed, trimmed.len());
        let last_line = &trimmed[last_line_start..];
        s = if let Some(open) = trimmed.strip_suffix("*/").and_then(|r| r.rfind("/*")) {
            &trimmed[..open]
        } else if let Some(at) = line_comment_start(last_line) {
            &trimmed[..last_line_start + at]
        } else {
            return trimmed;
        };
    }
}

/// Where a `//` comment starts on a line, outside string literals.
fn line_comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut prev_slash = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '/' && prev_slash => return Some(i - 1),
            None => {}
        }
        prev_slash = quote.is_none() && c == '/' && !prev_slash;
    }
    None
}

fn sub_path(base: &[i32], field: i32, index: usize) -> Vec<i32> {
    let mut p = Vec::with_capacity(base.len() + 2);
    p.extend_from_slice(base);
    p.push(field);
    p.push(index as i32);
    p
}

/// buf's cardinality: repeated (list), map, required, optional with or without presence.
/// `kind` is the field's kind once maps are known.
fn cardinality_of(f: &Field, kind: i32, is_map_entry: impl Fn(&str) -> bool) -> Cardinality {
    if f.label == label::REPEATED {
        let is_map = kind == kind::MESSAGE && f.type_name.as_deref().is_some_and(&is_map_entry);
        return if is_map {
            Cardinality::Map
        } else {
            Cardinality::Repeated
        };
    }
    if f.label == label::REQUIRED
        || (f.features.field_presence == features::presence::LEGACY_REQUIRED && !f.is_extension())
    {
        return Cardinality::Required;
    }
    let has_presence = f.is_extension()
        || matches!(kind, kind::MESSAGE | kind::GROUP)
        || f.oneof_index.is_some()
        || f.proto3_optional
        || f.features.field_presence != features::presence::IMPLICIT;
    if has_presence {
        Cardinality::OptionalExplicitPresence
    } else {
        Cardinality::OptionalImplicitPresence
    }
}

/// A field's kind once maps are known, its cardinality and its effective default.
type Resolved = (i32, Cardinality, Option<DefaultValue>);

/// Settles what a field owes to other elements, possibly in other files: whether its type
/// is a map entry (buf's cardinality; a map is never a group) and, for an enum field, its
/// enum's default. Computed for runs of messages on `threads` threads, then stored.
fn resolve_fields(c: &mut Contract, threads: usize) {
    let (messages, extensions) = {
        let map_entries: rustc_hash::FxHashSet<&str> = c
            .messages
            .iter()
            .filter(|m| m.map_entry)
            .map(|m| m.full_name.as_str())
            .collect();
        let enums: FxHashMap<&str, &Enum> =
            c.enums.iter().map(|e| (e.full_name.as_str(), e)).collect();
        // `in_entry`: whether the field is in a map entry; `None` for an extension, whose
        // kind stays as declared.
        let resolve = |f: &Field, in_entry: Option<bool>| -> Resolved {
            let is_map = |n: &str| map_entries.contains(n);
            // Maps never use delimited encoding, even when a file-wide feature asks for it:
            // neither the map field nor the entry's value is a group.
            let is_map_field =
                f.label == label::REPEATED && f.type_name.as_deref().is_some_and(is_map);
            let kind = if f.kind == kind::GROUP
                && in_entry.is_some_and(|in_entry| is_map_field || in_entry)
                && f.type_name.is_some()
            {
                kind::MESSAGE
            } else {
                f.kind
            };
            let cardinality = cardinality_of(f, kind, is_map);
            // A group turned message has no default either way.
            let default = effective_default(f, |name| enums.get(name).copied());
            (kind, cardinality, default)
        };
        let runs = crate::parallel::runs(&c.messages, threads * 4, |m| m.fields.len() + 1);
        let messages: Vec<Vec<Vec<Resolved>>> = crate::parallel::map(&runs, threads, |run| {
            run.iter()
                .map(|m| {
                    m.fields
                        .iter()
                        .map(|f| resolve(f, Some(m.map_entry)))
                        .collect()
                })
                .collect()
        });
        let extensions: Vec<Resolved> = c.extensions.iter().map(|f| resolve(f, None)).collect();
        (messages, extensions)
    };
    let store = |f: &mut Field, (kind, cardinality, default): Resolved| {
        f.kind = kind;
        f.cardinality = cardinality;
        f.default = default;
    };
    for (m, fields) in c.messages.iter_mut().zip(messages.into_iter().flatten()) {
        for (f, r) in m.fields.iter_mut().zip(fields) {
            store(f, r);
        }
    }
    for (f, r) in c.extensions.iter_mut().zip(extensions) {
        store(f, r);
    }
}

/// A field's effective default, the way protobuf runtimes read `default_value`.
fn effective_default<'e>(
    f: &Field,
    enum_by_name: impl Fn(&str) -> Option<&'e Enum>,
) -> Option<DefaultValue> {
    if f.label == label::REPEATED || matches!(f.kind, kind::MESSAGE | kind::GROUP) {
        return None;
    }
    let text = f.default_value.as_deref();
    Some(match f.kind {
        kind::BOOL => DefaultValue::Bool(match text {
            None => false,
            Some("true") => true,
            Some("false") => false,
            Some(_) => return None,
        }),
        kind::INT32 | kind::SINT32 | kind::SFIXED32 => {
            let v = text.map_or(Some(0), |t| parse_int(t, i32::MIN.into(), i32::MAX.into()))?;
            DefaultValue::Int(i64::try_from(v).ok()?)
        }
        kind::INT64 | kind::SINT64 | kind::SFIXED64 => {
            let v = text.map_or(Some(0), |t| parse_int(t, i64::MIN.into(), i64::MAX.into()))?;
            DefaultValue::Int(i64::try_from(v).ok()?)
        }
        kind::UINT32 | kind::FIXED32 => {
            let v = text.map_or(Some(0), |t| parse_int(t, 0, u32::MAX.into()))?;
            DefaultValue::Uint(u64::try_from(v).ok()?)
        }
        kind::UINT64 | kind::FIXED64 => {
            let v = text.map_or(Some(0), |t| parse_int(t, 0, u64::MAX.into()))?;
            DefaultValue::Uint(u64::try_from(v).ok()?)
        }
        kind::FLOAT => DefaultValue::Float(text.map_or(Some(0.0), parse_float::<f32>)?),
        kind::DOUBLE => DefaultValue::Double(text.map_or(Some(0.0), parse_float::<f64>)?),
        kind::STRING => DefaultValue::String(text.unwrap_or("").to_owned()),
        kind::BYTES => DefaultValue::Bytes(text.map_or(Some(Vec::new()), unescape_bytes)?),
        kind::ENUM => {
            let e = enum_by_name(f.type_name.as_deref()?)?;
            let number = match text {
                Some(name) => e.values.iter().find(|v| v.name == name)?.number,
                None => e.values.first()?.number,
            };
            DefaultValue::Enum {
                number,
                enum_name: e.name.clone(),
                value_name: e
                    .values
                    .iter()
                    .find(|v| v.number == number)
                    .map(|v| v.name.clone()),
            }
        }
        _ => return None,
    })
}

/// An integer default as protoc writes it (decimal), also accepting hex and octal spellings.
fn parse_int(text: &str, min: i128, max: i128) -> Option<i128> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i128::from_str_radix(hex, 16).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i128::from_str_radix(&digits[1..], 8).ok()?
    } else {
        digits.parse::<i128>().ok()?
    };
    let v = if neg { -magnitude } else { magnitude };
    (min..=max).contains(&v).then_some(v)
}

/// A floating-point default: decimal text, or `inf`, `-inf`, `nan` (any case).
fn parse_float<T: std::str::FromStr>(text: &str) -> Option<T> {
    let lower = text.to_ascii_lowercase();
    let canon = match lower.as_str() {
        "inf" | "+inf" | "infinity" => "inf",
        "-inf" | "-infinity" => "-inf",
        "nan" | "-nan" => "NaN",
        other => other,
    };
    canon.parse::<T>().ok()
}

/// Undoes the C escaping protoc applies to a bytes default (`\n`, `\\`, `\"`, `\001`, `\x1f`, …).
fn unescape_bytes(text: &str) -> Option<Vec<u8>> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let c = *b.get(i + 1)?;
        i += 2;
        match c {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'v' => out.push(0x0b),
            b'0'..=b'7' => {
                let mut v = u32::from(c - b'0');
                let mut n = 1;
                while n < 3 && matches!(b.get(i), Some(b'0'..=b'7')) {
                    v = v * 8 + u32::from(b[i] - b'0');
                    i += 1;
                    n += 1;
                }
                out.push(u8::try_from(v).ok()?);
            }
            b'x' | b'X' => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 2 {
                    match b.get(i).and_then(|d| char::from(*d).to_digit(16)) {
                        Some(d) => v = v * 16 + d,
                        None => break,
                    }
                    i += 1;
                    n += 1;
                }
                if n == 0 {
                    return None;
                }
                out.push(u8::try_from(v).ok()?);
            }
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Locations read from the bytes are the ones prost decodes: packed or unpacked numbers,
    /// comments present, empty or absent; what prost refuses (a truncated location, a
    /// comment that is not UTF-8) is refused, and a group is left to prost.
    #[test]
    fn locations_read_from_the_bytes_are_the_ones_prost_decodes() {
        let info = d::SourceCodeInfo {
            location: vec![
                d::Location {
                    path: vec![],
                    span: vec![0, 0, 9, 1],
                    leading_comments: None,
                    trailing_comments: None,
                },
                d::Location {
                    path: vec![4, 0, 2, 1],
                    span: vec![3, 2, 30],
                    leading_comments: Some(" protocheck:ignore X why\n".into()),
                    trailing_comments: Some(String::new()),
                },
            ],
        };
        let mut bytes = info.encode_to_vec();
        // The same path and span again, unpacked, and a field the model does not read.
        let mut unpacked = Vec::new();
        for n in [4, 1] {
            prost::encoding::int32::encode(1, &n, &mut unpacked);
        }
        for n in [5, 0, 6] {
            prost::encoding::int32::encode(2, &n, &mut unpacked);
        }
        prost::encoding::string::encode(6, &"detached".to_owned(), &mut unpacked);
        crate::wire::put_len(&mut bytes, 1, &unpacked);
        let expected = d::SourceCodeInfo::decode(&bytes[..]).expect("prost decodes it");
        let read = read_locations(&bytes).expect("read");
        assert_eq!(read.locations.len(), expected.location.len());
        for (r, e) in read.locations.iter().zip(&expected.location) {
            assert_eq!(&read.numbers[r.path.clone()], &e.path[..]);
            assert_eq!(&read.numbers[r.span.clone()], &e.span[..]);
            assert_eq!(r.leading, e.leading_comments.as_deref());
            assert_eq!(r.trailing, e.trailing_comments.as_deref());
        }
        // A group (an unknown field 7 here), which prost skips: read from prost's decoding.
        let mut grouped = bytes.clone();
        crate::wire::put_len(&mut grouped, 1, &[0x3b, 0x3c, 0x0a, 0x01, 0x04]);
        assert!(read_locations(&grouped).is_none());
        let decoded = d::SourceCodeInfo::decode(&grouped[..]).expect("prost skips the group");
        let of = Locations::of(&decoded);
        assert_eq!(of.locations.len(), read.locations.len() + 1);
        assert_eq!(&of.numbers[..read.numbers.len()], &read.numbers[..]);
        let last = of.locations.last().expect("the grouped location");
        assert_eq!(&of.numbers[last.path.clone()], &[4]);
        for bad in [
            &bytes[..bytes.len() - 1],
            &[0x0a, 0x03, 0x1a, 0x01, 0xff][..],
        ] {
            assert!(read_locations(bad).is_none());
            assert!(d::SourceCodeInfo::decode(bad).is_err());
        }
    }

    /// A model built from runs of files on several threads is the model built on one: the
    /// same elements in the same order, and every index pointing at the same thing.
    #[test]
    fn a_model_built_in_runs_on_several_threads_is_the_model_built_on_one() {
        use crate::input::{Input, SourceFile, SourceTree};
        let mut files = std::collections::BTreeMap::new();
        for i in 0..9 {
            let text = format!(
                "syntax = \"proto2\";\npackage p{};\nimport \"common.proto\";\n\
                 message M{i} {{ optional int32 a = 1 [default = {i}]; map<string, M{i}> m = 2;\n\
                 message N {{ optional E e = 1; }} enum E {{ E0 = 0; E1 = 1; }}\n\
                 extensions 100 to 200; }}\n\
                 extend M{i} {{ optional string x{i} = 100; }}\n\
                 enum Top{i} {{ T0 = 0; }}\n\
                 service S{i} {{ rpc R(M{i}) returns (common.C); }}\n",
                i
            );
            files.insert(format!("f{i}.proto"), SourceFile::new(text));
        }
        files.insert(
            "common.proto".into(),
            SourceFile::new(
                "syntax = \"proto3\";\npackage common;\nmessage C { int64 t = 1; }\n".into(),
            ),
        );
        let tree = SourceTree {
            files,
            ..SourceTree::default()
        };
        let compiled =
            crate::compile::compile(&Input::Sources(tree), "new", "t").expect("compiles");
        let encoded = file_messages(&compiled.descriptor_set).expect("a set");
        let target = |p: &str| p != "common.proto";
        let canonical = |c: &Contract| {
            let sorted = |m: &FxHashMap<String, usize>| {
                let mut v: Vec<_> = m.iter().map(|(k, v)| (k.clone(), *v)).collect();
                v.sort();
                v
            };
            let mut elements: Vec<_> = c
                .element_index
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            elements.sort();
            let mut files: Vec<_> = c
                .file_index
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect();
            files.sort();
            format!(
                "{:?}",
                (
                    &c.files,
                    &c.messages,
                    &c.enums,
                    &c.services,
                    &c.extensions,
                    &c.elements,
                    sorted(&c.message_index),
                    sorted(&c.enum_index),
                    sorted(&c.service_index),
                    files,
                    elements,
                )
            )
        };
        let one = build_on(&encoded, &target, &compiled.sources, 1).expect("builds");
        assert_eq!(one.files.len(), 10);
        assert!(one.message_index.contains_key("p1.M1.N"));
        assert_eq!(
            one.message_index["p8.M8"],
            one.file("f8.proto").expect("f8").messages[0]
        );
        for threads in [2, 3, 4] {
            let several = build_on(&encoded, &target, &compiled.sources, threads).expect("builds");
            assert_eq!(canonical(&several), canonical(&one), "{threads} threads");
        }
    }

    #[test]
    fn bytes_defaults_unescape_like_protoc_writes_them() {
        assert_eq!(
            unescape_bytes(r#"A\001\\\"\n\x7f"#).as_deref(),
            Some(&b"A\x01\\\"\n\x7f"[..])
        );
        assert_eq!(unescape_bytes("plain").as_deref(), Some(&b"plain"[..]));
        assert_eq!(unescape_bytes("\\"), None);
    }

    #[test]
    fn default_spans_widen_back_to_the_option_name() {
        let text = "message M {\n  optional int32 a = 1 [default =\n 6];\n}";
        assert_eq!(
            widen_to_name(text, &[2, 1, 2], "default"),
            Some(vec![1, 24, 2, 2])
        );
        assert_eq!(widen_to_name(text, &[1, 2, 10], "default"), None);
        let text = "  int32 a = 1 [default = /* c */ 6, x = 1];";
        assert_eq!(
            widen_to_name(text, &[0, 33, 34], "default"),
            Some(vec![0, 15, 0, 34])
        );
        let text = "  int32 a = 1 [default = // c \"q\"\n    6];";
        assert_eq!(
            widen_to_name(text, &[1, 4, 5], "default"),
            Some(vec![0, 15, 1, 5])
        );
        let text = "  string a = 1 [x = \"//\", default = \"y\"];";
        assert_eq!(
            widen_to_name(text, &[0, 36, 39], "default"),
            Some(vec![0, 26, 0, 39])
        );
        // Columns are UTF-8 byte offsets, as protox records them.
        let text = "/* é */ string a = 1 [default = \"x\"];";
        assert_eq!(
            widen_to_name(text, &[0, 33, 36], "default"),
            Some(vec![0, 23, 0, 36])
        );
        let text = "  int32 a = 1 [my_default = 6];";
        assert_eq!(widen_to_name(text, &[0, 27, 28], "default"), None);
    }

    #[test]
    fn numeric_defaults_parse_with_their_range() {
        assert_eq!(parse_int("-5", i32::MIN.into(), i32::MAX.into()), Some(-5));
        assert_eq!(parse_int("0x10", 0, 100), Some(16));
        assert_eq!(parse_int("010", 0, 100), Some(8));
        assert_eq!(parse_int("4294967296", 0, u32::MAX.into()), None);
        assert_eq!(parse_float::<f64>("-inf"), Some(f64::NEG_INFINITY));
        assert!(parse_float::<f32>("nan").is_some_and(f32::is_nan));
        assert_eq!(parse_float::<f32>("1e+06"), Some(1_000_000.0));
    }
}
