//! The wire shape of `google/protobuf/descriptor.proto`, decoded with message types of our own.
//!
//! prost-types lacks the editions fields (`FileDescriptorProto.edition`, `features` at every
//! level), so the model decodes compiled descriptors through these types instead. Only the
//! fields protocheck reads are declared; prost skips everything else. The language feature
//! extensions `(pb.cpp)` (1000) and `(pb.java)` (1001) of `FeatureSet` are declared as plain
//! fields with their extension numbers, which is exactly how they appear on the wire.

#![allow(clippy::doc_markdown)]

use prost::Message;

#[derive(Clone, PartialEq, Message)]
pub struct FileDescriptorSet {
    #[prost(message, repeated, tag = "1")]
    pub file: Vec<FileDescriptorProto>,
}

#[derive(Clone, PartialEq, Message)]
pub struct FileDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub package: Option<String>,
    #[prost(string, repeated, tag = "3")]
    pub dependency: Vec<String>,
    #[prost(message, repeated, tag = "4")]
    pub message_type: Vec<DescriptorProto>,
    #[prost(message, repeated, tag = "5")]
    pub enum_type: Vec<EnumDescriptorProto>,
    #[prost(message, repeated, tag = "6")]
    pub service: Vec<ServiceDescriptorProto>,
    #[prost(message, repeated, tag = "7")]
    pub extension: Vec<FieldDescriptorProto>,
    #[prost(message, optional, tag = "8")]
    pub options: Option<FileOptions>,
    /// Encoded `SourceCodeInfo`: the model reads its locations straight from the bytes
    /// (`model::build`), without a decoded value for each of a file's many locations.
    #[prost(bytes = "vec", optional, tag = "9")]
    pub source_code_info: Option<Vec<u8>>,
    #[prost(string, optional, tag = "12")]
    pub syntax: Option<String>,
    #[prost(int32, optional, tag = "14")]
    pub edition: Option<i32>,
    /// buf's image extension (`buf.alpha.image.v1.ImageFileExtension`), marks import files.
    #[prost(message, optional, tag = "8042")]
    pub buf_extension: Option<BufImageFileExtension>,
}

#[derive(Clone, PartialEq, Message)]
pub struct BufImageFileExtension {
    #[prost(bool, optional, tag = "1")]
    pub is_import: Option<bool>,
}

#[derive(Clone, PartialEq, Message)]
pub struct DescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(message, repeated, tag = "2")]
    pub field: Vec<FieldDescriptorProto>,
    #[prost(message, repeated, tag = "3")]
    pub nested_type: Vec<DescriptorProto>,
    #[prost(message, repeated, tag = "4")]
    pub enum_type: Vec<EnumDescriptorProto>,
    #[prost(message, repeated, tag = "5")]
    pub extension_range: Vec<ExtensionRange>,
    #[prost(message, repeated, tag = "6")]
    pub extension: Vec<FieldDescriptorProto>,
    #[prost(message, optional, tag = "7")]
    pub options: Option<MessageOptions>,
    #[prost(message, repeated, tag = "8")]
    pub oneof_decl: Vec<OneofDescriptorProto>,
    #[prost(message, repeated, tag = "9")]
    pub reserved_range: Vec<ReservedRange>,
    #[prost(string, repeated, tag = "10")]
    pub reserved_name: Vec<String>,
}

#[derive(Clone, PartialEq, Message)]
pub struct ExtensionRange {
    #[prost(int32, optional, tag = "1")]
    pub start: Option<i32>,
    #[prost(int32, optional, tag = "2")]
    pub end: Option<i32>,
}

#[derive(Clone, PartialEq, Message)]
pub struct ReservedRange {
    #[prost(int32, optional, tag = "1")]
    pub start: Option<i32>,
    #[prost(int32, optional, tag = "2")]
    pub end: Option<i32>,
}

#[derive(Clone, PartialEq, Message)]
pub struct FieldDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub extendee: Option<String>,
    #[prost(int32, optional, tag = "3")]
    pub number: Option<i32>,
    #[prost(int32, optional, tag = "4")]
    pub label: Option<i32>,
    #[prost(int32, optional, tag = "5")]
    pub r#type: Option<i32>,
    #[prost(string, optional, tag = "6")]
    pub type_name: Option<String>,
    #[prost(string, optional, tag = "7")]
    pub default_value: Option<String>,
    #[prost(message, optional, tag = "8")]
    pub options: Option<FieldOptions>,
    #[prost(int32, optional, tag = "9")]
    pub oneof_index: Option<i32>,
    #[prost(string, optional, tag = "10")]
    pub json_name: Option<String>,
    #[prost(bool, optional, tag = "17")]
    pub proto3_optional: Option<bool>,
}

#[derive(Clone, PartialEq, Message)]
pub struct OneofDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(message, optional, tag = "2")]
    pub options: Option<OneofOptions>,
}

#[derive(Clone, PartialEq, Message)]
pub struct EnumDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(message, repeated, tag = "2")]
    pub value: Vec<EnumValueDescriptorProto>,
    #[prost(message, optional, tag = "3")]
    pub options: Option<EnumOptions>,
    #[prost(message, repeated, tag = "4")]
    pub reserved_range: Vec<EnumReservedRange>,
    #[prost(string, repeated, tag = "5")]
    pub reserved_name: Vec<String>,
}

/// Enum reserved ranges are inclusive at both ends.
#[derive(Clone, PartialEq, Message)]
pub struct EnumReservedRange {
    #[prost(int32, optional, tag = "1")]
    pub start: Option<i32>,
    #[prost(int32, optional, tag = "2")]
    pub end: Option<i32>,
}

#[derive(Clone, PartialEq, Message)]
pub struct EnumValueDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(int32, optional, tag = "2")]
    pub number: Option<i32>,
    #[prost(message, optional, tag = "3")]
    pub options: Option<EnumValueOptions>,
}

#[derive(Clone, PartialEq, Message)]
pub struct ServiceDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(message, repeated, tag = "2")]
    pub method: Vec<MethodDescriptorProto>,
    #[prost(message, optional, tag = "3")]
    pub options: Option<ServiceOptions>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MethodDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub input_type: Option<String>,
    #[prost(string, optional, tag = "3")]
    pub output_type: Option<String>,
    #[prost(message, optional, tag = "4")]
    pub options: Option<MethodOptions>,
    #[prost(bool, optional, tag = "5")]
    pub client_streaming: Option<bool>,
    #[prost(bool, optional, tag = "6")]
    pub server_streaming: Option<bool>,
}

#[derive(Clone, PartialEq, Message)]
pub struct FileOptions {
    #[prost(string, optional, tag = "1")]
    pub java_package: Option<String>,
    #[prost(string, optional, tag = "8")]
    pub java_outer_classname: Option<String>,
    #[prost(int32, optional, tag = "9")]
    pub optimize_for: Option<i32>,
    #[prost(bool, optional, tag = "10")]
    pub java_multiple_files: Option<bool>,
    #[prost(string, optional, tag = "11")]
    pub go_package: Option<String>,
    #[prost(bool, optional, tag = "16")]
    pub cc_generic_services: Option<bool>,
    #[prost(bool, optional, tag = "17")]
    pub java_generic_services: Option<bool>,
    #[prost(bool, optional, tag = "18")]
    pub py_generic_services: Option<bool>,
    #[prost(bool, optional, tag = "27")]
    pub java_string_check_utf8: Option<bool>,
    #[prost(bool, optional, tag = "31")]
    pub cc_enable_arenas: Option<bool>,
    #[prost(string, optional, tag = "36")]
    pub objc_class_prefix: Option<String>,
    #[prost(string, optional, tag = "37")]
    pub csharp_namespace: Option<String>,
    #[prost(string, optional, tag = "39")]
    pub swift_prefix: Option<String>,
    #[prost(string, optional, tag = "40")]
    pub php_class_prefix: Option<String>,
    #[prost(string, optional, tag = "41")]
    pub php_namespace: Option<String>,
    #[prost(string, optional, tag = "44")]
    pub php_metadata_namespace: Option<String>,
    #[prost(string, optional, tag = "45")]
    pub ruby_package: Option<String>,
    #[prost(message, optional, tag = "50")]
    pub features: Option<FeatureSet>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MessageOptions {
    #[prost(bool, optional, tag = "1")]
    pub message_set_wire_format: Option<bool>,
    #[prost(bool, optional, tag = "2")]
    pub no_standard_descriptor_accessor: Option<bool>,
    #[prost(bool, optional, tag = "7")]
    pub map_entry: Option<bool>,
    #[prost(message, optional, tag = "12")]
    pub features: Option<FeatureSet>,
    #[prost(bool, optional, tag = "3")]
    pub deprecated: Option<bool>,
    /// Extension `(google.api.resource)`: a `google.api.ResourceDescriptor`, kept encoded.
    #[prost(bytes = "vec", repeated, tag = "1053")]
    pub google_api_resource: Vec<Vec<u8>>,
    /// Extension `(buf.validate.message)`: kept encoded.
    #[prost(bytes = "vec", repeated, tag = "1159")]
    pub buf_validate: Vec<Vec<u8>>,
}

#[derive(Clone, PartialEq, Message)]
pub struct FieldOptions {
    #[prost(int32, optional, tag = "1")]
    pub ctype: Option<i32>,
    #[prost(bool, optional, tag = "2")]
    pub packed: Option<bool>,
    #[prost(int32, optional, tag = "6")]
    pub jstype: Option<i32>,
    #[prost(message, optional, tag = "21")]
    pub features: Option<FeatureSet>,
    #[prost(bool, optional, tag = "3")]
    pub deprecated: Option<bool>,
    /// Extension `(google.api.field_behavior)`: `google.api.FieldBehavior` values.
    #[prost(int32, repeated, packed = "false", tag = "1052")]
    pub google_api_field_behavior: Vec<i32>,
    /// Extension `(validate.rules)` of protoc-gen-validate: kept encoded.
    #[prost(bytes = "vec", repeated, tag = "1071")]
    pub pgv_rules: Vec<Vec<u8>>,
    /// Extension `(buf.validate.field)` of protovalidate: kept encoded.
    #[prost(bytes = "vec", repeated, tag = "1159")]
    pub buf_validate: Vec<Vec<u8>>,
}

#[derive(Clone, PartialEq, Message)]
pub struct OneofOptions {
    #[prost(message, optional, tag = "1")]
    pub features: Option<FeatureSet>,
    /// Extension `(buf.validate.oneof)` of protovalidate: kept encoded.
    #[prost(bytes = "vec", repeated, tag = "1159")]
    pub buf_validate: Vec<Vec<u8>>,
}

#[derive(Clone, PartialEq, Message)]
pub struct EnumOptions {
    #[prost(bool, optional, tag = "2")]
    pub allow_alias: Option<bool>,
    #[prost(message, optional, tag = "7")]
    pub features: Option<FeatureSet>,
    #[prost(bool, optional, tag = "3")]
    pub deprecated: Option<bool>,
}

#[derive(Clone, PartialEq, Message)]
pub struct EnumValueOptions {
    #[prost(message, optional, tag = "2")]
    pub features: Option<FeatureSet>,
    #[prost(bool, optional, tag = "1")]
    pub deprecated: Option<bool>,
}

#[derive(Clone, PartialEq, Message)]
pub struct ServiceOptions {
    #[prost(message, optional, tag = "34")]
    pub features: Option<FeatureSet>,
    #[prost(bool, optional, tag = "33")]
    pub deprecated: Option<bool>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MethodOptions {
    #[prost(int32, optional, tag = "34")]
    pub idempotency_level: Option<i32>,
    #[prost(message, optional, tag = "35")]
    pub features: Option<FeatureSet>,
    #[prost(bool, optional, tag = "33")]
    pub deprecated: Option<bool>,
    /// Extension `(google.api.http)`: a `google.api.HttpRule`, kept encoded.
    #[prost(bytes = "vec", repeated, tag = "72295728")]
    pub google_api_http: Vec<Vec<u8>>,
}

/// `google.protobuf.FeatureSet` plus the `(pb.cpp)` and `(pb.java)` extensions.
#[derive(Clone, PartialEq, Message)]
pub struct FeatureSet {
    #[prost(int32, optional, tag = "1")]
    pub field_presence: Option<i32>,
    #[prost(int32, optional, tag = "2")]
    pub enum_type: Option<i32>,
    #[prost(int32, optional, tag = "3")]
    pub repeated_field_encoding: Option<i32>,
    #[prost(int32, optional, tag = "4")]
    pub utf8_validation: Option<i32>,
    #[prost(int32, optional, tag = "5")]
    pub message_encoding: Option<i32>,
    #[prost(int32, optional, tag = "6")]
    pub json_format: Option<i32>,
    /// Edition 2024.
    #[prost(int32, optional, tag = "7")]
    pub enforce_naming_style: Option<i32>,
    /// Edition 2024.
    #[prost(int32, optional, tag = "8")]
    pub default_symbol_visibility: Option<i32>,
    #[prost(message, optional, tag = "1000")]
    pub cpp: Option<CppFeatures>,
    #[prost(message, optional, tag = "1001")]
    pub java: Option<JavaFeatures>,
}

#[derive(Clone, PartialEq, Message)]
pub struct CppFeatures {
    #[prost(bool, optional, tag = "1")]
    pub legacy_closed_enum: Option<bool>,
    #[prost(int32, optional, tag = "2")]
    pub string_type: Option<i32>,
}

#[derive(Clone, PartialEq, Message)]
pub struct JavaFeatures {
    #[prost(bool, optional, tag = "1")]
    pub legacy_closed_enum: Option<bool>,
    #[prost(int32, optional, tag = "2")]
    pub utf8_validation: Option<i32>,
}

#[derive(Clone, PartialEq, Message)]
pub struct SourceCodeInfo {
    #[prost(message, repeated, tag = "1")]
    pub location: Vec<Location>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Location {
    #[prost(int32, repeated, tag = "1")]
    pub path: Vec<i32>,
    #[prost(int32, repeated, tag = "2")]
    pub span: Vec<i32>,
    #[prost(string, optional, tag = "3")]
    pub leading_comments: Option<String>,
    #[prost(string, optional, tag = "4")]
    pub trailing_comments: Option<String>,
}

/// Field numbers inside descriptor.proto, the one table of them: source-info paths use them
/// as they are, the byte-level readers (`crate::wire`) as `u32`.
pub mod tag {
    pub mod file_set {
        pub const FILE: i32 = 1;
    }
    pub mod source_code_info {
        pub const LOCATION: i32 = 1;
    }
    pub mod location {
        pub const PATH: i32 = 1;
        pub const SPAN: i32 = 2;
        pub const LEADING_COMMENTS: i32 = 3;
        pub const TRAILING_COMMENTS: i32 = 4;
    }
    pub mod file {
        pub const NAME: i32 = 1;
        pub const PACKAGE: i32 = 2;
        pub const DEPENDENCY: i32 = 3;
        pub const MESSAGE_TYPE: i32 = 4;
        pub const ENUM_TYPE: i32 = 5;
        pub const SERVICE: i32 = 6;
        pub const EXTENSION: i32 = 7;
        pub const OPTIONS: i32 = 8;
        pub const SOURCE_CODE_INFO: i32 = 9;
        pub const PUBLIC_DEPENDENCY: i32 = 10;
        pub const WEAK_DEPENDENCY: i32 = 11;
        pub const SYNTAX: i32 = 12;
        pub const EDITION: i32 = 14;
        pub const OPTION_DEPENDENCY: i32 = 15;
    }
    pub mod message {
        pub const FIELD: i32 = 2;
        pub const NESTED_TYPE: i32 = 3;
        pub const ENUM_TYPE: i32 = 4;
        pub const EXTENSION_RANGE: i32 = 5;
        pub const EXTENSION: i32 = 6;
        pub const OPTIONS: i32 = 7;
        pub const ONEOF_DECL: i32 = 8;
        pub const RESERVED_RANGE: i32 = 9;
        pub const RESERVED_NAME: i32 = 10;
        pub const VISIBILITY: i32 = 11;
    }
    pub mod field {
        pub const NAME: i32 = 1;
        pub const TYPE: i32 = 5;
        pub const TYPE_NAME: i32 = 6;
        pub const DEFAULT_VALUE: i32 = 7;
        pub const OPTIONS: i32 = 8;
        pub const JSON_NAME: i32 = 10;
    }
    pub mod field_options {
        pub const CTYPE: i32 = 1;
        pub const JSTYPE: i32 = 6;
        pub const FEATURES: i32 = 21;
    }
    pub mod message_options {
        pub const NO_STANDARD_DESCRIPTOR_ACCESSOR: i32 = 2;
        pub const FEATURES: i32 = 12;
    }
    pub mod enum_ {
        pub const NAME: i32 = 1;
        pub const VALUE: i32 = 2;
        pub const OPTIONS: i32 = 3;
        pub const RESERVED_RANGE: i32 = 4;
        pub const RESERVED_NAME: i32 = 5;
        pub const VISIBILITY: i32 = 6;
    }
    pub mod enum_options {
        pub const ALLOW_ALIAS: i32 = 2;
        pub const FEATURES: i32 = 7;
    }
    pub mod enum_value {
        pub const NUMBER: i32 = 2;
        pub const OPTIONS: i32 = 3;
    }
    pub mod service {
        pub const METHOD: i32 = 2;
        pub const OPTIONS: i32 = 3;
    }
    pub mod oneof {
        pub const OPTIONS: i32 = 2;
    }
    pub mod extension_range {
        pub const OPTIONS: i32 = 3;
    }
    /// Fields every `*Options` message has.
    pub mod options {
        pub const UNINTERPRETED_OPTION: i32 = 999;
    }
    pub mod method {
        pub const INPUT_TYPE: i32 = 2;
        pub const OUTPUT_TYPE: i32 = 3;
        pub const OPTIONS: i32 = 4;
    }
    pub mod method_options {
        pub const IDEMPOTENCY_LEVEL: i32 = 34;
    }
    pub mod file_options {
        pub const JAVA_STRING_CHECK_UTF8: i32 = 27;
    }
    pub mod features {
        pub const ENUM_TYPE: i32 = 2;
        pub const UTF8_VALIDATION: i32 = 4;
        pub const JSON_FORMAT: i32 = 6;
        pub const CPP: i32 = 1000;
        pub const JAVA: i32 = 1001;
    }
    pub mod cpp_features {
        pub const STRING_TYPE: i32 = 2;
    }
    pub mod java_features {
        pub const UTF8_VALIDATION: i32 = 2;
    }
}
