//! protocheck's normalized contract: one side (OLD or NEW) of a diff.
//!
//! Built once from compiled descriptor bytes; everything a rule needs is resolved here
//! (full names, json names, cardinality, resolved features, reserved ranges, spans), so
//! rules only compare values.

mod build;
pub mod descriptor;
pub mod features;
pub mod options;
pub mod span;

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::fmt;
use std::sync::Arc;

pub use build::build;
pub use descriptor::FileOptions;
pub use features::Features;
pub use options::{HttpRule, Resource, WireMessage};
pub use span::{Place, Span};

/// The marker that starts a suppression inside a comment (read by [`crate::suppress`]; the
/// model keeps the comments holding it).
pub const SUPPRESS_MARKER: &str = "protocheck:ignore";

/// One side of a comparison.
#[derive(Debug, Default)]
pub struct Contract {
    /// All files, dependencies included; `File::target` marks the ones that are compared.
    pub files: Vec<File>,
    pub messages: Vec<Message>,
    pub enums: Vec<Enum>,
    pub services: Vec<Service>,
    /// Extension fields, top-level and nested.
    pub extensions: Vec<Field>,
    /// Every declared element with its span and comments (for suppressions and fingerprints).
    pub elements: Vec<Element>,
    file_index: FxHashMap<Arc<str>, usize>,
    message_index: FxHashMap<String, usize>,
    enum_index: FxHashMap<String, usize>,
    service_index: FxHashMap<String, usize>,
    /// The indexes in `elements` of each file's elements that have a span.
    element_index: FxHashMap<Arc<str>, Vec<usize>>,
}

impl Contract {
    pub fn file(&self, path: &str) -> Option<&File> {
        self.file_index.get(path).map(|&i| &self.files[i])
    }
    pub fn message(&self, full_name: &str) -> Option<&Message> {
        self.message_index
            .get(full_name)
            .map(|&i| &self.messages[i])
    }
    pub fn enum_(&self, full_name: &str) -> Option<&Enum> {
        self.enum_index.get(full_name).map(|&i| &self.enums[i])
    }
    pub fn service(&self, full_name: &str) -> Option<&Service> {
        self.service_index
            .get(full_name)
            .map(|&i| &self.services[i])
    }
    /// The files that are compared (not dependencies).
    pub fn target_files(&self) -> impl Iterator<Item = &File> {
        self.files.iter().filter(|f| f.target)
    }
    pub fn target_messages(&self) -> impl Iterator<Item = &Message> {
        self.messages.iter().filter(|m| self.files[m.file].target)
    }
    pub fn target_enums(&self) -> impl Iterator<Item = &Enum> {
        self.enums.iter().filter(|e| self.files[e.file].target)
    }
    pub fn target_services(&self) -> impl Iterator<Item = &Service> {
        self.services.iter().filter(|s| self.files[s.file].target)
    }
    pub fn target_extensions(&self) -> impl Iterator<Item = &Field> {
        self.extensions.iter().filter(|e| self.files[e.file].target)
    }
    /// The file that declares a message, enum, service or field.
    pub fn file_of(&self, index: usize) -> &File {
        &self.files[index]
    }

    /// The elements declared in the file `path` that have a span, in declaration order.
    pub fn elements_in<'c>(&'c self, path: &str) -> impl Iterator<Item = &'c Element> + 'c {
        self.element_index
            .get(path)
            .into_iter()
            .flatten()
            .map(|&i| &self.elements[i])
    }

    /// The innermost element of `path` whose declaration contains `span`'s start, with its
    /// enclosing elements after it (innermost first).
    pub fn elements_at(&self, span: &Span) -> Vec<&Element> {
        let Some(in_file) = self.element_index.get(&span.path) else {
            return Vec::new();
        };
        let mut found: Vec<&Element> = in_file
            .iter()
            .map(|&i| &self.elements[i])
            .filter(|e| {
                e.span.as_ref().is_some_and(|s| {
                    s.path == span.path
                        && (s.start_line, s.start_col) <= (span.start_line, span.start_col)
                        && (span.start_line, span.start_col) < (s.end_line, s.end_col)
                })
            })
            .collect();
        // Inner declarations start later (or end earlier) than the ones around them.
        found.sort_by(|a, b| {
            let (a, b) = (a.span.as_ref(), b.span.as_ref());
            let key = |s: Option<&Span>| s.map(|s| (s.start_line, s.start_col));
            let end = |s: Option<&Span>| s.map(|s| (s.end_line, s.end_col));
            key(b).cmp(&key(a)).then(end(a).cmp(&end(b)))
        });
        found
    }
}

/// What kind of declaration an [`Element`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ElementKind {
    Message,
    Field,
    Oneof,
    Enum,
    EnumValue,
    Service,
    Method,
}

/// A declared element, as suppressions and baselines name it.
#[derive(Debug, Clone)]
pub struct Element {
    /// `pkg.Message.field`, `pkg.Enum.VALUE` (values are named inside their enum), `pkg.Svc.Rpc`.
    pub full_name: String,
    pub kind: ElementKind,
    /// The whole declaration.
    pub span: Option<Span>,
    /// The comment before the declaration and the one after it on its line, as protoc keeps
    /// them — only when it holds a `protocheck:ignore` suppression.
    pub leading_comments: Option<String>,
    pub trailing_comments: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Proto2,
    Proto3,
    Editions(i32),
}

impl Syntax {
    /// The edition number that carries this syntax's semantics.
    pub fn edition(self) -> i32 {
        match self {
            Syntax::Proto2 => features::EDITION_PROTO2,
            Syntax::Proto3 => features::EDITION_PROTO3,
            Syntax::Editions(e) => e,
        }
    }
}

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Syntax::Proto2 => f.write_str("proto2"),
            Syntax::Proto3 => f.write_str("proto3"),
            Syntax::Editions(features::EDITION_2023) => f.write_str("edition 2023"),
            Syntax::Editions(features::EDITION_2024) => f.write_str("edition 2024"),
            Syntax::Editions(e) => write!(f, "edition {e}"),
        }
    }
}

#[derive(Debug)]
pub struct File {
    pub path: Arc<str>,
    pub package: String,
    pub syntax: Syntax,
    /// Compared by the rules (a target file), as opposed to a dependency.
    pub target: bool,
    pub options: FileOptions,
    /// Indexes into `Contract::messages`, in declaration order (nested after their parent).
    pub messages: Vec<usize>,
    pub enums: Vec<usize>,
    pub services: Vec<usize>,
    /// Indexes into `Contract::extensions`.
    pub extensions: Vec<usize>,
    pub package_span: Option<Span>,
    pub syntax_span: Option<Span>,
    /// Spans of `option …;` statements, by FileOptions field number.
    pub option_spans: HashMap<i32, Span>,
}

impl File {
    pub fn option_span(&self, field_number: i32) -> Option<Span> {
        self.option_spans.get(&field_number).cloned()
    }
}

/// A range of numbers, both ends inclusive (message ranges are converted from end-exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Range {
    pub start: i32,
    pub end: i32,
}

impl Range {
    pub fn contains(&self, n: i32) -> bool {
        self.start <= n && n <= self.end
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "[{},{}]", self.start, self.end)
        }
    }
}

#[derive(Debug)]
pub struct Message {
    pub full_name: String,
    pub name: String,
    /// The name inside the package, e.g. `Outer.Inner`.
    pub nested_name: String,
    pub file: usize,
    pub fields: Vec<Field>,
    pub oneofs: Vec<Oneof>,
    pub reserved_ranges: Vec<Range>,
    pub reserved_names: Vec<String>,
    pub extension_ranges: Vec<Range>,
    /// Spans of the items of `reserved_ranges`, `reserved_names` and `extension_ranges`, index
    /// for index (e.g. the `8 to 10` inside `reserved 5, 8 to 10;`).
    pub reserved_range_spans: Vec<Option<Span>>,
    pub reserved_name_spans: Vec<Option<Span>>,
    pub extension_range_spans: Vec<Option<Span>>,
    pub message_set_wire_format: bool,
    pub no_standard_descriptor_accessor: bool,
    pub map_entry: bool,
    pub features: Features,
    pub span: Option<Span>,
    pub no_standard_descriptor_accessor_span: Option<Span>,
    pub json_format_span: Option<Span>,
    /// Field number → index in `fields` (the first field of each number), so that looking a
    /// field up by number stays O(1): rules pair every field of a message by number, and a
    /// linear search made a 10,000-field message quadratic.
    pub field_index: rustc_hash::FxHashMap<i32, usize>,
    /// `option deprecated = true;`
    pub deprecated: bool,
    /// `(google.api.resource)`.
    pub resource: Option<Resource>,
    pub resource_span: Option<Span>,
    /// `(buf.validate.message)`.
    pub buf_validate: Option<WireMessage>,
}

impl Message {
    pub fn field(&self, number: i32) -> Option<&Field> {
        if self.field_index.is_empty() {
            // No index built (a message put together by hand): search.
            return self.fields.iter().find(|f| f.number == number);
        }
        self.field_index
            .get(&number)
            .and_then(|&i| self.fields.get(i))
    }
    pub fn is_reserved_number(&self, n: i32) -> bool {
        self.reserved_ranges.iter().any(|r| r.contains(n))
    }
    pub fn is_reserved_name(&self, name: &str) -> bool {
        self.reserved_names.iter().any(|r| r == name)
    }
}

#[derive(Debug)]
pub struct Oneof {
    pub name: String,
    /// A proto3 `optional` field's synthetic oneof.
    pub synthetic: bool,
    pub span: Option<Span>,
    /// `(buf.validate.oneof)`.
    pub buf_validate: Option<WireMessage>,
}

/// How a field holds values, as buf classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cardinality {
    OptionalExplicitPresence,
    OptionalImplicitPresence,
    Required,
    Repeated,
    Map,
}

impl fmt::Display for Cardinality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Cardinality::OptionalExplicitPresence => "optional with explicit presence",
            Cardinality::OptionalImplicitPresence => "optional with implicit presence",
            Cardinality::Required => "required",
            Cardinality::Repeated => "repeated",
            Cardinality::Map => "map",
        })
    }
}

/// `FieldDescriptorProto.Type` values.
pub mod kind {
    pub const DOUBLE: i32 = 1;
    pub const FLOAT: i32 = 2;
    pub const INT64: i32 = 3;
    pub const UINT64: i32 = 4;
    pub const INT32: i32 = 5;
    pub const FIXED64: i32 = 6;
    pub const FIXED32: i32 = 7;
    pub const BOOL: i32 = 8;
    pub const STRING: i32 = 9;
    pub const GROUP: i32 = 10;
    pub const MESSAGE: i32 = 11;
    pub const BYTES: i32 = 12;
    pub const UINT32: i32 = 13;
    pub const ENUM: i32 = 14;
    pub const SFIXED32: i32 = 15;
    pub const SFIXED64: i32 = 16;
    pub const SINT32: i32 = 17;
    pub const SINT64: i32 = 18;

    /// The name protobuf gives a kind (`int32`, `message`, `group`, …).
    pub fn name(kind: i32) -> &'static str {
        match kind {
            DOUBLE => "double",
            FLOAT => "float",
            INT64 => "int64",
            UINT64 => "uint64",
            INT32 => "int32",
            FIXED64 => "fixed64",
            FIXED32 => "fixed32",
            BOOL => "bool",
            STRING => "string",
            GROUP => "group",
            MESSAGE => "message",
            BYTES => "bytes",
            UINT32 => "uint32",
            ENUM => "enum",
            SFIXED32 => "sfixed32",
            SFIXED64 => "sfixed64",
            SINT32 => "sint32",
            SINT64 => "sint64",
            _ => "unknown",
        }
    }
}

/// `FieldDescriptorProto.Label` values.
pub mod label {
    pub const OPTIONAL: i32 = 1;
    pub const REQUIRED: i32 = 2;
    pub const REPEATED: i32 = 3;
}

#[derive(Debug, Default, Clone)]
pub struct FieldSpans {
    /// The whole declaration, label through `;` (or the group body's `}`).
    pub decl: Option<Span>,
    pub type_token: Option<Span>,
    pub name: Option<Span>,
    pub json_name: Option<Span>,
    pub default: Option<Span>,
    pub jstype: Option<Span>,
    pub ctype: Option<Span>,
    pub utf8_validation: Option<Span>,
    pub cpp_string_type: Option<Span>,
    pub java_utf8_validation: Option<Span>,
}

/// A singular scalar or enum field's effective default: its `default =` option, or the
/// implicit zero (for an enum: its first value) when there is none.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    /// int32, int64, sint*, sfixed*.
    Int(i64),
    /// uint32, uint64, fixed32, fixed64.
    Uint(u64),
    Float(f32),
    Double(f64),
    String(String),
    Bytes(Vec<u8>),
    Enum {
        number: i32,
        /// The enum's short name.
        enum_name: String,
        /// The first value declared with `number` (an alias is reported by that first name).
        value_name: Option<String>,
    },
}

impl DefaultValue {
    /// The zero value of its type: `false`, `0` (but not `-0.0`), empty, enum number 0.
    pub fn is_zero(&self) -> bool {
        match self {
            DefaultValue::Bool(b) => !*b,
            DefaultValue::Int(v) => *v == 0,
            DefaultValue::Uint(v) => *v == 0,
            DefaultValue::Float(v) => v.to_bits() == 0,
            DefaultValue::Double(v) => v.to_bits() == 0,
            DefaultValue::String(s) => s.is_empty(),
            DefaultValue::Bytes(b) => b.is_empty(),
            DefaultValue::Enum { number, .. } => *number == 0,
        }
    }
}

#[derive(Debug)]
pub struct Field {
    pub name: String,
    /// `pkg.Message.field`, or for an extension `pkg.Scope.ext`.
    pub full_name: String,
    pub number: i32,
    /// `label::*` as written in the descriptor (editions files never say REQUIRED).
    pub label: i32,
    /// `kind::*`; a delimited message field in editions is reported as GROUP.
    pub kind: i32,
    /// The referenced message or enum, fully qualified without the leading dot.
    pub type_name: Option<String>,
    /// The effective JSON name.
    pub json_name: String,
    pub cardinality: Cardinality,
    /// Index into the message's `oneofs` (synthetic ones included).
    pub oneof_index: Option<usize>,
    pub proto3_optional: bool,
    /// `default =` as the descriptor spells it (bytes C-escaped, enums by value name).
    pub default_value: Option<String>,
    /// The effective default (explicit or implicit); `None` for fields that cannot have one
    /// (repeated, map, message and group fields) or whose default does not parse.
    pub default: Option<DefaultValue>,
    pub ctype: Option<i32>,
    pub jstype: Option<i32>,
    pub features: Features,
    /// For an extension, the extended message (fully qualified, no leading dot).
    pub extendee: Option<String>,
    /// The file that declares the field.
    pub file: usize,
    pub spans: FieldSpans,
    /// `[deprecated = true]`
    pub deprecated: bool,
    /// `(google.api.field_behavior)` values (see [`options::field_behavior`]).
    pub behavior: Vec<i32>,
    /// `(buf.validate.field)` (protovalidate) and `(validate.rules)` (protoc-gen-validate).
    pub buf_validate: Option<WireMessage>,
    pub pgv_rules: Option<WireMessage>,
}

impl Field {
    pub fn is_extension(&self) -> bool {
        self.extendee.is_some()
    }
    /// The field's kind or referenced type as written in error messages.
    pub fn type_display(&self) -> String {
        match (&self.type_name, self.kind) {
            (Some(name), _) => name.clone(),
            (None, k) => kind::name(k).to_owned(),
        }
    }
}

#[derive(Debug)]
pub struct Enum {
    pub full_name: String,
    pub name: String,
    pub nested_name: String,
    pub file: usize,
    pub values: Vec<EnumValue>,
    pub reserved_ranges: Vec<Range>,
    pub reserved_names: Vec<String>,
    /// Spans of the items of `reserved_ranges` and `reserved_names`, index for index.
    pub reserved_range_spans: Vec<Option<Span>>,
    pub reserved_name_spans: Vec<Option<Span>>,
    pub features: Features,
    pub span: Option<Span>,
    pub enum_type_span: Option<Span>,
    pub json_format_span: Option<Span>,
    pub deprecated: bool,
}

impl Enum {
    pub fn is_closed(&self) -> bool {
        self.features.enum_type == features::enum_type::CLOSED
    }
    pub fn is_reserved_number(&self, n: i32) -> bool {
        self.reserved_ranges.iter().any(|r| r.contains(n))
    }
    pub fn is_reserved_name(&self, name: &str) -> bool {
        self.reserved_names.iter().any(|r| r == name)
    }
}

#[derive(Debug)]
pub struct EnumValue {
    pub name: String,
    pub number: i32,
    pub span: Option<Span>,
    pub number_span: Option<Span>,
    pub deprecated: bool,
}

#[derive(Debug)]
pub struct Service {
    pub full_name: String,
    pub name: String,
    pub file: usize,
    pub methods: Vec<Method>,
    pub span: Option<Span>,
    pub deprecated: bool,
}

#[derive(Debug)]
pub struct Method {
    pub name: String,
    pub input_type: String,
    pub output_type: String,
    pub client_streaming: bool,
    pub server_streaming: bool,
    /// `IdempotencyLevel`: 0 unknown, 1 no side effects, 2 idempotent.
    pub idempotency_level: i32,
    pub span: Option<Span>,
    pub input_span: Option<Span>,
    pub output_span: Option<Span>,
    pub idempotency_span: Option<Span>,
    pub deprecated: bool,
    /// `(google.api.http)`.
    pub http: Option<HttpRule>,
    pub http_span: Option<Span>,
}
