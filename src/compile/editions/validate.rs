//! The rules of editions that protox does not check, as protoc states them: where each feature
//! may be set, which fields may carry presence, encodings and defaults, open enums, the options
//! edition 2024 removed and its naming style.

use std::collections::HashMap;

use prost::Message as _;

use super::naming::{self, enforced};
use super::{Problem, Registry, EDITION_2024};
use crate::compile::located::Located;
use crate::model::descriptor::{self as d, FeatureSet};
use crate::model::features::{self, Features};
use crate::position::LineIndex;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    File,
    Message,
    Field,
    Oneof,
    Enum,
    EnumValue,
    Service,
    Method,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::File => "file",
            Target::Message => "message",
            Target::Field => "field",
            Target::Oneof => "oneof",
            Target::Enum => "enum",
            Target::EnumValue => "enum entry",
            Target::Service => "service",
            Target::Method => "method",
        }
    }
}

/// `google.protobuf.FeatureSet` fields: number, name, the name of its 0 value, where it may be
/// set, and the edition that introduced it.
const CORE: [(i32, &str, &str, &[Target], i32); 8] = {
    use Target::*;
    [
        (
            1,
            "field_presence",
            "FIELD_PRESENCE_UNKNOWN",
            &[File, Field],
            0,
        ),
        (2, "enum_type", "ENUM_TYPE_UNKNOWN", &[File, Enum], 0),
        (
            3,
            "repeated_field_encoding",
            "REPEATED_FIELD_ENCODING_UNKNOWN",
            &[File, Field],
            0,
        ),
        (
            4,
            "utf8_validation",
            "UTF8_VALIDATION_UNKNOWN",
            &[File, Field],
            0,
        ),
        (
            5,
            "message_encoding",
            "MESSAGE_ENCODING_UNKNOWN",
            &[File, Field],
            0,
        ),
        (
            6,
            "json_format",
            "JSON_FORMAT_UNKNOWN",
            &[File, Message, Enum],
            0,
        ),
        (
            7,
            "enforce_naming_style",
            "ENFORCE_NAMING_STYLE_UNKNOWN",
            &[
                File, Message, Field, Oneof, Enum, EnumValue, Service, Method,
            ],
            EDITION_2024,
        ),
        (
            8,
            "default_symbol_visibility",
            "DEFAULT_SYMBOL_VISIBILITY_UNKNOWN",
            &[File],
            EDITION_2024,
        ),
    ]
};

fn core_value(set: &FeatureSet, number: i32) -> Option<i32> {
    match number {
        1 => set.field_presence,
        2 => set.enum_type,
        3 => set.repeated_field_encoding,
        4 => set.utf8_validation,
        5 => set.message_encoding,
        6 => set.json_format,
        7 => set.enforce_naming_style,
        8 => set.default_symbol_visibility,
        _ => None,
    }
}

/// Checks every editions file of an encoded, patched `FileDescriptorSet`.
pub fn validate(set: &[u8], registry: &Registry) -> Vec<Located> {
    if registry.prepared.is_empty() {
        return Vec::new();
    }
    let mut enums: Option<HashMap<String, bool>> = None;
    let mut out = Vec::new();
    for bytes in super::wire::file_messages(set) {
        let Some(prepared) = super::wire::file_name(bytes).and_then(|n| registry.prepared.get(n))
        else {
            continue;
        };
        let Ok(fd) = d::FileDescriptorProto::decode(bytes) else {
            continue;
        };
        let fd = &fd;
        let mut v = Checker {
            fd,
            edition: fd.edition.unwrap_or(super::EDITION_2023),
            locs: HashMap::new(),
            problems: Vec::new(),
            lines: LineIndex::new(&prepared.text),
            set,
            enums: &mut enums,
        };
        let info = fd
            .source_code_info
            .as_deref()
            .and_then(|i| d::SourceCodeInfo::decode(i).ok());
        if let Some(info) = &info {
            for l in &info.location {
                v.locs
                    .entry(l.path.clone())
                    .or_insert_with(|| l.span.clone());
            }
        }
        v.file();
        v.naming();
        let path = fd.name.clone().unwrap_or_default();
        out.extend(
            v.problems
                .into_iter()
                .map(|p| p.located(&path, &prepared.text)),
        );
    }
    out
}

struct Checker<'a> {
    fd: &'a d::FileDescriptorProto,
    edition: i32,
    locs: HashMap<Vec<i32>, Vec<i32>>,
    problems: Vec<Problem>,
    lines: LineIndex,
    /// The whole encoded set, decoded only if an enum must be looked up.
    set: &'a [u8],
    /// Closed-ness of every enum in the set, by full name with a leading dot; built on demand.
    enums: &'a mut Option<HashMap<String, bool>>,
}

fn join(path: &[i32], rest: &[i32]) -> Vec<i32> {
    let mut p = path.to_vec();
    p.extend_from_slice(rest);
    p
}

impl Checker<'_> {
    fn span(&self, path: &[i32]) -> Option<(usize, usize)> {
        self.locs.get(path).and_then(|s| self.lines.range(s))
    }
    /// The span of `first` that exists, else the whole file's start.
    fn at(&self, paths: &[Vec<i32>]) -> (usize, usize) {
        paths.iter().find_map(|p| self.span(p)).unwrap_or((0, 0))
    }
    fn problem(&mut self, message: impl Into<String>, span: (usize, usize), label: &str) {
        self.problems.push(Problem::new(message, span, label));
    }

    /// Where each explicitly set feature is allowed, known values, editions that introduced it.
    fn feature_set(
        &mut self,
        set: Option<&FeatureSet>,
        target: Target,
        opts: &[i32],
        elem: &[i32],
    ) {
        let Some(set) = set else { return };
        let feats = join(opts, &[features_tag(target)]);
        for (number, name, unknown, targets, introduced) in CORE {
            let Some(value) = core_value(set, number) else {
                continue;
            };
            let span = self.at(&[join(&feats, &[number]), feats.clone(), elem.to_vec()]);
            if !targets.contains(&target) {
                self.problem(
                    format!(
                        "Option google.protobuf.FeatureSet.{name} cannot be set on an entity of type `{}`.",
                        target.name()
                    ),
                    span,
                    "feature not allowed here",
                );
            } else if self.edition < introduced {
                self.problem(
                    format!(
                        "google.protobuf.FeatureSet.{name} wasn't introduced until edition 2024 and can't be used in edition 2023"
                    ),
                    span,
                    "not in this edition",
                );
            } else if value == 0 {
                self.problem(
                    format!(
                        "Feature field `{name}` must resolve to a known value, found {unknown}"
                    ),
                    span,
                    "unknown value",
                );
            }
        }
        let lang = [
            (
                set.cpp
                    .as_ref()
                    .map(|c| (c.legacy_closed_enum.is_some(), c.string_type.is_some())),
                1000,
                "pb.CppFeatures",
                "string_type",
            ),
            (
                set.java
                    .as_ref()
                    .map(|j| (j.legacy_closed_enum.is_some(), j.utf8_validation.is_some())),
                1001,
                "pb.JavaFeatures",
                "utf8_validation",
            ),
        ];
        for (present, ext, message, second) in lang {
            let Some((closed, other)) = present else {
                continue;
            };
            if matches!(target, Target::File | Target::Field) {
                continue;
            }
            for (set_here, number, name) in [(closed, 1, "legacy_closed_enum"), (other, 2, second)]
            {
                if set_here {
                    let span =
                        self.at(&[join(&feats, &[ext, number]), feats.clone(), elem.to_vec()]);
                    self.problem(
                        format!(
                            "Option {message}.{name} cannot be set on an entity of type `{}`.",
                            target.name()
                        ),
                        span,
                        "feature not allowed here",
                    );
                }
            }
        }
    }

    fn file(&mut self) {
        let fd = self.fd;
        let base = if self.edition >= EDITION_2024 {
            features::EDITION_2024
        } else {
            features::EDITION_2023
        };
        if self.edition >= EDITION_2024
            && fd
                .options
                .as_ref()
                .is_some_and(|o| o.java_multiple_files.is_some())
        {
            let span = self.at(&[vec![8, 10], vec![8], vec![12]]);
            self.problem(
                "google.protobuf.FileOptions.java_multiple_files has been removed in edition 2024: This behavior is enabled by default in editions 2024 and above. To disable it, you can set `features.(pb.java).nest_in_file_class = YES` on individual messages, enums, or services.",
                span,
                "java_multiple_files",
            );
        }
        let opts = fd.options.as_ref().and_then(|o| o.features.as_ref());
        self.feature_set(opts, Target::File, &[8], &[12]);
        let feats = Features::defaults(base).merge(opts);
        let package = fd.package.clone().unwrap_or_default();
        let scope = if package.is_empty() {
            String::new()
        } else {
            format!(".{package}")
        };
        for (i, m) in fd.message_type.iter().enumerate() {
            self.message(m, &[4, i as i32], &scope, feats);
        }
        for (i, e) in fd.enum_type.iter().enumerate() {
            self.enum_(e, &[5, i as i32], feats);
        }
        for (i, x) in fd.extension.iter().enumerate() {
            self.field(x, &[7, i as i32], feats, &[], true, &[]);
        }
        for (i, s) in fd.service.iter().enumerate() {
            let p = [6, i as i32];
            let f = s.options.as_ref().and_then(|o| o.features.as_ref());
            self.feature_set(f, Target::Service, &[6, i as i32, 3], &join(&p, &[1]));
            for (j, m) in s.method.iter().enumerate() {
                let mp = join(&p, &[2, j as i32]);
                let f = m.options.as_ref().and_then(|o| o.features.as_ref());
                self.feature_set(f, Target::Method, &join(&mp, &[4]), &join(&mp, &[1]));
            }
        }
    }

    fn message(&mut self, m: &d::DescriptorProto, path: &[i32], scope: &str, inherited: Features) {
        let own = m.options.as_ref().and_then(|o| o.features.as_ref());
        self.feature_set(own, Target::Message, &join(path, &[7]), &join(path, &[1]));
        let feats = inherited.merge(own);
        let full = format!("{scope}.{}", m.name.as_deref().unwrap_or(""));
        let map_entries: Vec<String> = m
            .nested_type
            .iter()
            .filter(|n| n.options.as_ref().and_then(|o| o.map_entry) == Some(true))
            .map(|n| format!("{full}.{}", n.name.as_deref().unwrap_or("")))
            .collect();
        let mut oneof_feats = Vec::new();
        for (i, o) in m.oneof_decl.iter().enumerate() {
            let op = join(path, &[8, i as i32]);
            let f = o.options.as_ref().and_then(|o| o.features.as_ref());
            self.feature_set(f, Target::Oneof, &join(&op, &[2]), &join(&op, &[1]));
            oneof_feats.push(feats.merge(f));
        }
        for (i, f) in m.field.iter().enumerate() {
            self.field(
                f,
                &join(path, &[2, i as i32]),
                feats,
                &oneof_feats,
                false,
                &map_entries,
            );
        }
        for (i, x) in m.extension.iter().enumerate() {
            self.field(
                x,
                &join(path, &[6, i as i32]),
                feats,
                &[],
                true,
                &map_entries,
            );
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            self.message(n, &join(path, &[3, i as i32]), &full, feats);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            self.enum_(e, &join(path, &[4, i as i32]), feats);
        }
    }

    fn enum_(&mut self, e: &d::EnumDescriptorProto, path: &[i32], inherited: Features) {
        let own = e.options.as_ref().and_then(|o| o.features.as_ref());
        self.feature_set(own, Target::Enum, &join(path, &[3]), &join(path, &[1]));
        let feats = inherited.merge(own);
        for (i, v) in e.value.iter().enumerate() {
            let vp = join(path, &[2, i as i32]);
            let f = v.options.as_ref().and_then(|o| o.features.as_ref());
            self.feature_set(f, Target::EnumValue, &join(&vp, &[3]), &join(&vp, &[1]));
        }
        if feats.enum_type == features::enum_type::OPEN {
            if let Some(first) = e.value.first() {
                if first.number.unwrap_or(0) != 0 {
                    let span = self.at(&[join(path, &[2, 0, 2]), join(path, &[2, 0])]);
                    self.problem(
                        "The first enum value must be zero for open enums.",
                        span,
                        "must be 0",
                    );
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn field(
        &mut self,
        f: &d::FieldDescriptorProto,
        path: &[i32],
        inherited: Features,
        oneof_feats: &[Features],
        extension: bool,
        map_entries: &[String],
    ) {
        use crate::model::{kind, label};
        let opts = f.options.clone().unwrap_or_default();
        let own = opts.features.as_ref();
        let name_span = self.at(&[join(path, &[1]), path.to_vec()]);
        self.feature_set(own, Target::Field, &join(path, &[8]), &join(path, &[1]));
        let in_oneof = f.oneof_index.is_some() && f.proto3_optional != Some(true);
        let base = f
            .oneof_index
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| oneof_feats.get(i).copied())
            .unwrap_or(inherited);
        let feats = base.merge(own);
        let repeated = f.label == Some(label::REPEATED);
        let ty = f.r#type.unwrap_or(0);
        let is_map = ty == kind::MESSAGE
            && repeated
            && f.type_name
                .as_deref()
                .is_some_and(|t| map_entries.iter().any(|m| m == t));
        let own = own.cloned().unwrap_or_default();
        if opts.packed.is_some() {
            let span = self.at(&[join(path, &[8, 2]), join(path, &[1])]);
            self.problem(
                "Field option packed is not allowed under editions.  Use the repeated_field_encoding feature to control this behavior.",
                span,
                "packed",
            );
        }
        if opts.ctype.is_some() && self.edition >= EDITION_2024 {
            let span = self.at(&[join(path, &[8, 1]), join(path, &[1])]);
            self.problem(
                "ctype option is not allowed under edition 2024 and beyond. Use the feature string_type = VIEW|CORD|STRING|... instead.",
                span,
                "ctype",
            );
        }
        if let Some(presence) = own.field_presence.filter(|p| *p != 0) {
            let message = if repeated {
                Some("Repeated fields can't specify field presence.")
            } else if extension && presence == features::presence::LEGACY_REQUIRED {
                Some("Extensions can't be required.")
            } else if extension {
                Some("Extensions can't specify field presence.")
            } else if in_oneof {
                Some("Oneof fields can't specify field presence.")
            } else if ty == kind::MESSAGE && presence == features::presence::IMPLICIT {
                Some("Message fields can't specify implicit presence.")
            } else {
                None
            };
            if let Some(m) = message {
                self.problem(m, name_span, "field presence");
            }
        }
        if own.message_encoding.is_some_and(|v| v != 0) && (ty != kind::MESSAGE || is_map) {
            self.problem(
                "Only message fields can specify message encoding.",
                name_span,
                "message encoding",
            );
        }
        if let Some(enc) = own.repeated_field_encoding.filter(|v| *v != 0) {
            if !repeated {
                self.problem(
                    "Only repeated fields can specify repeated field encoding.",
                    name_span,
                    "repeated field encoding",
                );
            } else if enc == features::repeated_encoding::PACKED
                && matches!(ty, kind::STRING | kind::BYTES | kind::MESSAGE | kind::GROUP)
            {
                self.problem(
                    "Only repeated primitive fields can specify PACKED repeated field encoding.",
                    name_span,
                    "repeated field encoding",
                );
            }
        }
        if own.utf8_validation.is_some_and(|v| v != 0) && ty != kind::STRING && !is_map {
            self.problem(
                "Only string fields can specify utf8 validation.",
                name_span,
                "utf8 validation",
            );
        }
        let implicit = feats.field_presence == features::presence::IMPLICIT
            && !repeated
            && !in_oneof
            && !extension
            && ty != kind::MESSAGE;
        if implicit && f.default_value.is_some() {
            let span = self.at(&[join(path, &[7]), join(path, &[1])]);
            self.problem(
                "Implicit presence fields can't specify defaults.",
                span,
                "default",
            );
        }
        if implicit && ty == kind::ENUM {
            let closed = f
                .type_name
                .as_deref()
                .is_some_and(|t| self.enum_is_closed(t));
            if closed {
                self.problem(
                    "Implicit presence enum fields must always be open.",
                    name_span,
                    "closed enum",
                );
            }
        }
    }

    fn enum_is_closed(&mut self, full_name: &str) -> bool {
        let set = self.set;
        let map = self.enums.get_or_insert_with(|| closed_enums(set));
        map.get(full_name).copied().unwrap_or(false)
    }
}

/// The naming style in force where `own` features apply below a scope with `inherited`.
fn style(inherited: i32, own: Option<&FeatureSet>) -> i32 {
    own.and_then(|f| f.enforce_naming_style)
        .unwrap_or(inherited)
}

type Rule = fn(&str) -> Option<&'static str>;

impl Checker<'_> {
    /// Edition 2024's naming style, where `enforce_naming_style` resolves to `STYLE2024`.
    fn naming(&mut self) {
        if self.edition < EDITION_2024 {
            return;
        }
        let fd = self.fd;
        // STYLE2024 is edition 2024's default.
        let file = style(1, fd.options.as_ref().and_then(|o| o.features.as_ref()));
        if let Some(package) = fd.package.as_deref() {
            self.name(file, "Package", package, naming::lower_snake_case, &[2]);
        }
        for (i, m) in fd.message_type.iter().enumerate() {
            self.message_names(m, &[4, i as i32], file);
        }
        for (i, e) in fd.enum_type.iter().enumerate() {
            self.enum_names(e, &[5, i as i32], file);
        }
        for (i, x) in fd.extension.iter().enumerate() {
            self.field_name(x, &[7, i as i32], file);
        }
        for (i, s) in fd.service.iter().enumerate() {
            let p = [6, i as i32];
            let st = style(file, s.options.as_ref().and_then(|o| o.features.as_ref()));
            let name = s.name.as_deref().unwrap_or("");
            self.name(st, "Service", name, naming::title_case, &join(&p, &[1]));
            for (j, m) in s.method.iter().enumerate() {
                let mst = style(st, m.options.as_ref().and_then(|o| o.features.as_ref()));
                let name = m.name.as_deref().unwrap_or("");
                let mp = join(&p, &[2, j as i32, 1]);
                self.name(mst, "Method", name, naming::title_case, &mp);
            }
        }
    }

    fn message_names(&mut self, m: &d::DescriptorProto, path: &[i32], inherited: i32) {
        let st = style(
            inherited,
            m.options.as_ref().and_then(|o| o.features.as_ref()),
        );
        let name = m.name.as_deref().unwrap_or("");
        self.name(st, "Message", name, naming::title_case, &join(path, &[1]));
        // protoc's order: oneofs, then fields.
        for (i, o) in m.oneof_decl.iter().enumerate() {
            let ost = style(st, o.options.as_ref().and_then(|o| o.features.as_ref()));
            let name = o.name.as_deref().unwrap_or("");
            let op = join(path, &[8, i as i32, 1]);
            self.name(ost, "Oneof", name, naming::lower_snake_case, &op);
        }
        for (i, f) in m.field.iter().enumerate() {
            self.field_name(f, &join(path, &[2, i as i32]), st);
        }
        for (i, x) in m.extension.iter().enumerate() {
            self.field_name(x, &join(path, &[6, i as i32]), st);
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            self.message_names(n, &join(path, &[3, i as i32]), st);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            self.enum_names(e, &join(path, &[4, i as i32]), st);
        }
    }

    fn enum_names(&mut self, e: &d::EnumDescriptorProto, path: &[i32], inherited: i32) {
        let st = style(
            inherited,
            e.options.as_ref().and_then(|o| o.features.as_ref()),
        );
        let name = e.name.as_deref().unwrap_or("");
        self.name(st, "Enum", name, naming::title_case, &join(path, &[1]));
        for (i, v) in e.value.iter().enumerate() {
            let vst = style(st, v.options.as_ref().and_then(|o| o.features.as_ref()));
            let name = v.name.as_deref().unwrap_or("");
            let vp = join(path, &[2, i as i32, 1]);
            self.name(vst, "Enum value", name, naming::upper_snake_case, &vp);
        }
    }

    fn field_name(&mut self, f: &d::FieldDescriptorProto, path: &[i32], inherited: i32) {
        let st = style(
            inherited,
            f.options.as_ref().and_then(|o| o.features.as_ref()),
        );
        let name = f.name.as_deref().unwrap_or("");
        self.name(
            st,
            "Field",
            name,
            naming::lower_snake_case,
            &join(path, &[1]),
        );
    }

    /// One name under the style `st`, located at `path` (its name, or for a package the
    /// statement).
    fn name(&mut self, st: i32, kind: &str, name: &str, rule: Rule, path: &[i32]) {
        if !enforced(st) {
            return;
        }
        if let Some(wrong) = rule(name) {
            let span = self.at(&[path.to_vec()]);
            self.problem(
                format!(
                    "{kind} name {name} {wrong} (features.enforce_naming_style = STYLE_LEGACY can be used to opt out of this check)"
                ),
                span,
                wrong,
            );
        }
    }
}

fn features_tag(target: Target) -> i32 {
    match target {
        Target::File => 50,
        Target::Message => 12,
        Target::Field => 21,
        Target::Oneof => 1,
        Target::Enum => 7,
        Target::EnumValue => 2,
        Target::Service => 34,
        Target::Method => 35,
    }
}

/// Whether each enum of the set is closed, by `.full.Name`.
fn closed_enums(set: &[u8]) -> HashMap<String, bool> {
    fn walk_enum(
        out: &mut HashMap<String, bool>,
        e: &d::EnumDescriptorProto,
        scope: &str,
        f: Features,
    ) {
        let feats = f.merge(e.options.as_ref().and_then(|o| o.features.as_ref()));
        out.insert(
            format!("{scope}.{}", e.name.as_deref().unwrap_or("")),
            feats.enum_type == features::enum_type::CLOSED,
        );
    }
    fn walk(out: &mut HashMap<String, bool>, m: &d::DescriptorProto, scope: &str, f: Features) {
        let feats = f.merge(m.options.as_ref().and_then(|o| o.features.as_ref()));
        let full = format!("{scope}.{}", m.name.as_deref().unwrap_or(""));
        for e in &m.enum_type {
            walk_enum(out, e, &full, feats);
        }
        for n in &m.nested_type {
            walk(out, n, &full, feats);
        }
    }
    let mut out = HashMap::new();
    let Ok(set) = d::FileDescriptorSet::decode(set) else {
        return out;
    };
    for fd in &set.file {
        let edition = match fd.syntax.as_deref() {
            Some("proto3") => features::EDITION_PROTO3,
            Some("editions") => fd.edition.unwrap_or(features::EDITION_2023),
            _ => features::EDITION_PROTO2,
        };
        let feats = Features::defaults(edition)
            .merge(fd.options.as_ref().and_then(|o| o.features.as_ref()));
        let scope = match fd.package.as_deref() {
            Some(p) if !p.is_empty() => format!(".{p}"),
            _ => String::new(),
        };
        for e in &fd.enum_type {
            walk_enum(&mut out, e, &scope, feats);
        }
        for m in &fd.message_type {
            walk(&mut out, m, &scope, feats);
        }
    }
    out
}
