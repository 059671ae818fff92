//! Decoding compiled descriptors into the normalized [`Contract`].

use std::collections::HashMap;
use std::sync::Arc;

use prost::Message as _;
use rustc_hash::FxHashMap;

use super::descriptor::{self as d, tag};
use super::features::{self, Features};
use super::{
    kind, label, Cardinality, Contract, Enum, EnumValue, Field, FieldSpans, File, Message, Method,
    Oneof, Range, Service, Span, Syntax,
};

/// Decodes `descriptor_set` (a serialized `FileDescriptorSet`) into a contract.
/// `checked` decides, per file path, whether the file is compared or only a dependency.
/// `sources` gives the text of files whose columns must be expanded for tabs.
pub fn build(
    descriptor_set: Arc<[u8]>,
    checked: &dyn Fn(&str) -> bool,
    sources: &HashMap<String, Arc<str>>,
) -> Result<Contract, prost::DecodeError> {
    let mut c = Contract {
        descriptor_set: descriptor_set.clone(),
        ..Contract::default()
    };
    // One file at a time: the decoded descriptor (source info included) is dropped as soon as
    // its part of the model is built.
    for bytes in file_messages(&descriptor_set)? {
        let fd = d::FileDescriptorProto::decode(bytes)?;
        let fd = &fd;
        let path: Arc<str> = Arc::from(fd.name());
        let is_import = fd
            .buf_extension
            .as_ref()
            .and_then(|e| e.is_import)
            .unwrap_or(false);
        let is_checked = !is_import && checked(&path);
        let tabbed = sources.get(&*path).filter(|t| t.contains('\t'));
        let lines: Option<Vec<&str>> = tabbed.map(|t| t.split('\n').collect());
        add_file(&mut c, fd, path, is_checked, lines.as_deref());
    }
    resolve_cardinality(&mut c);
    anchor_map_entries(&mut c);
    for (i, f) in c.files.iter().enumerate() {
        c.file_index.insert(f.path.clone(), i);
    }
    Ok(c)
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
    /// The file's lines, only when it contains tabs.
    lines: Option<&'a [&'a str]>,
}

impl Locs<'_> {
    fn span(&self, p: &[i32]) -> Option<Span> {
        self.by_path
            .get(p)
            .and_then(|raw| Span::from_source_info_in(self.path, raw, self.lines))
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

fn add_file(
    c: &mut Contract,
    fd: &d::FileDescriptorProto,
    path: Arc<str>,
    checked: bool,
    lines: Option<&[&str]>,
) {
    let syntax = match fd.syntax.as_deref() {
        Some("proto3") => Syntax::Proto3,
        Some("editions") => Syntax::Editions(fd.edition.unwrap_or(features::EDITION_2023)),
        _ => Syntax::Proto2,
    };
    let options = fd.options.clone().unwrap_or_default();
    let file_features = Features::defaults(syntax.edition()).merge(options.features.as_ref());
    let mut by_path = FxHashMap::default();
    if checked {
        if let Some(info) = &fd.source_code_info {
            by_path.reserve(info.location.len());
            for loc in &info.location {
                // The first location recorded for a path is the declaration itself.
                by_path.entry(&loc.path[..]).or_insert(&loc.span[..]);
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
        lines,
    };
    let file = File {
        path: path.clone(),
        package: fd.package.clone().unwrap_or_default(),
        syntax,
        checked,
        has_source_info: !locs.by_path.is_empty(),
        options,
        features: file_features,
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
        let field = b.field(x, &path, package, None, file_features, &[]);
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
        let opts = m.options.clone().unwrap_or_default();
        let feats = inherited.merge(opts.features.as_ref());
        let idx = self.c.messages.len();
        // Reserve the slot first so nested messages get later indexes.
        self.c.messages.push(Message {
            full_name: full_name.clone(),
            name,
            nested_name: nested_name.clone(),
            file: self.file,
            fields: Vec::new(),
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
        });
        self.c.message_index.insert(full_name.clone(), idx);
        self.c.files[self.file].messages.push(idx);

        let oneof_feats: Vec<Features> = m
            .oneof_decl
            .iter()
            .map(|o| feats.merge(o.options.as_ref().and_then(|o| o.features.as_ref())))
            .collect();
        let mut oneofs: Vec<Oneof> = m
            .oneof_decl
            .iter()
            .enumerate()
            .map(|(i, o)| Oneof {
                name: o.name.clone().unwrap_or_default(),
                synthetic: false,
                span: self.locs.sub(path, &[tag::message::ONEOF_DECL, i as i32]),
            })
            .collect();
        let mut fields = Vec::with_capacity(m.field.len());
        for (i, f) in m.field.iter().enumerate() {
            let fpath = sub_path(path, tag::message::FIELD, i);
            let field = self.field(f, &fpath, &full_name, Some(idx), feats, &oneof_feats);
            if field.proto3_optional {
                if let Some(o) = field.oneof_index.and_then(|i| oneofs.get_mut(i)) {
                    o.synthetic = true;
                }
            }
            fields.push(field);
        }
        let msg = &mut self.c.messages[idx];
        msg.fields = fields;
        msg.oneofs = oneofs;

        for (i, x) in m.extension.iter().enumerate() {
            let xpath = sub_path(path, tag::message::EXTENSION, i);
            let field = self.field(x, &xpath, &full_name, Some(idx), feats, &[]);
            let xi = self.c.extensions.len();
            self.c.extensions.push(field);
            self.c.files[self.file].extensions.push(xi);
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            let npath = sub_path(path, tag::message::NESTED_TYPE, i);
            self.message(n, &npath, &nested_name, Some(idx), feats);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            let epath = sub_path(path, tag::message::ENUM_TYPE, i);
            self.enum_(e, &epath, &nested_name, feats);
        }
    }

    fn field(
        &mut self,
        f: &d::FieldDescriptorProto,
        path: &[i32],
        scope: &str,
        message: Option<usize>,
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
        let type_token = l(&[fl::TYPE_NAME]).or_else(|| l(&[fl::TYPE]));
        let spans = FieldSpans {
            decl: self.locs.span(path),
            type_token,
            name: l(&[fl::NAME]),
            number: l(&[fl::NUMBER]),
            json_name: l(&[fl::JSON_NAME]),
            default: l(&[fl::DEFAULT_VALUE]),
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
            ctype: opts.ctype,
            jstype: opts.jstype,
            packed_option: opts.packed,
            features: feats,
            extendee: f.extendee.as_deref().map(strip_dot),
            file: self.file,
            message,
            spans,
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
                }
            })
            .collect();
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
                }
            })
            .collect();
        let idx = self.c.services.len();
        self.c.services.push(Service {
            full_name: full_name.clone(),
            name,
            file: self.file,
            methods,
            span: self.locs.span(path),
        });
        self.c.service_index.insert(full_name, idx);
        self.c.files[self.file].services.push(idx);
    }
}

fn sub_path(base: &[i32], field: i32, index: usize) -> Vec<i32> {
    let mut p = Vec::with_capacity(base.len() + 2);
    p.extend_from_slice(base);
    p.push(field);
    p.push(index as i32);
    p
}

/// buf's cardinality: repeated (list), map, required, optional with or without presence.
fn cardinality_of(f: &Field, is_map_entry: impl Fn(&str) -> bool) -> Cardinality {
    if f.label == label::REPEATED {
        let is_map =
            matches!(f.kind, kind::MESSAGE) && f.type_name.as_deref().is_some_and(&is_map_entry);
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
        || matches!(f.kind, kind::MESSAGE | kind::GROUP)
        || f.oneof_index.is_some()
        || f.proto3_optional
        || f.features.field_presence != features::presence::IMPLICIT;
    if has_presence {
        Cardinality::OptionalExplicitPresence
    } else {
        Cardinality::OptionalImplicitPresence
    }
}

/// A synthetic map entry message has no declaration of its own in the source; like buf
/// (protocompile), give it the span of the `map<…>` type of the field that declares it.
fn anchor_map_entries(c: &mut Contract) {
    for i in 0..c.messages.len() {
        let m = &c.messages[i];
        if !m.map_entry || m.span.is_some() {
            continue;
        }
        let Some((parent, _)) = m.full_name.rsplit_once('.') else {
            continue;
        };
        let span = c
            .message_index
            .get(parent)
            .and_then(|&p| {
                c.messages[p]
                    .fields
                    .iter()
                    .find(|f| f.type_name.as_deref() == Some(&*m.full_name))
            })
            .and_then(|f| f.spans.type_token.clone());
        c.messages[i].span = span;
    }
}

fn resolve_cardinality(c: &mut Contract) {
    let map_entries: std::collections::HashSet<String> = c
        .messages
        .iter()
        .filter(|m| m.map_entry)
        .map(|m| m.full_name.clone())
        .collect();
    let is_map = |n: &str| map_entries.contains(n);
    for m in &mut c.messages {
        for f in &mut m.fields {
            f.cardinality = cardinality_of(f, is_map);
        }
    }
    for f in &mut c.extensions {
        f.cardinality = cardinality_of(f, is_map);
    }
}
