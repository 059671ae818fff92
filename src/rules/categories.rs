//! Category membership, per config version. buf's v1beta1, v1 and v2 rule sets differ, so
//! membership lives here in tables rather than inside the rules.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Category {
    File,
    Package,
    WireJson,
    Wire,
    Csr,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::File,
        Category::Package,
        Category::WireJson,
        Category::Wire,
        Category::Csr,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::File => "FILE",
            Category::Package => "PACKAGE",
            Category::WireJson => "WIRE_JSON",
            Category::Wire => "WIRE",
            Category::Csr => "CSR",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

use Category::{Csr as C, File as F, Package as P, Wire as W, WireJson as WJ};

/// buf's v2 rule set: every active rule id and the categories it belongs to.
pub const V2: &[(&str, &[Category])] = &[
    ("FILE_NO_DELETE", &[C, F]),
    ("ENUM_NO_DELETE", &[C, F]),
    ("MESSAGE_NO_DELETE", &[C, F]),
    ("SERVICE_NO_DELETE", &[F]),
    ("EXTENSION_NO_DELETE", &[F]),
    ("PACKAGE_NO_DELETE", &[P]),
    ("PACKAGE_ENUM_NO_DELETE", &[P]),
    ("PACKAGE_MESSAGE_NO_DELETE", &[P]),
    ("PACKAGE_SERVICE_NO_DELETE", &[P]),
    ("PACKAGE_EXTENSION_NO_DELETE", &[P]),
    ("FIELD_NO_DELETE", &[C, F, P]),
    ("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", &[C, WJ]),
    ("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", &[C, WJ, W]),
    ("ENUM_VALUE_NO_DELETE", &[C, F, P]),
    ("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", &[C, WJ]),
    ("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", &[C, WJ, W]),
    ("ONEOF_NO_DELETE", &[C, F, P]),
    ("RPC_NO_DELETE", &[F, P]),
    ("EXTENSION_MESSAGE_NO_DELETE", &[C, F, P]),
    ("RESERVED_MESSAGE_NO_DELETE", &[C, F, P, WJ, W]),
    ("RESERVED_ENUM_NO_DELETE", &[C, F, P, WJ, W]),
    ("FIELD_SAME_NAME", &[C, F, P, WJ]),
    ("FIELD_SAME_JSON_NAME", &[C, F, P, WJ]),
    ("FIELD_SAME_TYPE", &[C, F, P]),
    ("FIELD_WIRE_COMPATIBLE_TYPE", &[W]),
    ("FIELD_WIRE_JSON_COMPATIBLE_TYPE", &[C, WJ]),
    ("FIELD_SAME_CARDINALITY", &[F, P]),
    ("FIELD_WIRE_COMPATIBLE_CARDINALITY", &[W]),
    ("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", &[C, WJ]),
    ("FIELD_SAME_ONEOF", &[C, F, P, WJ, W]),
    ("FIELD_SAME_DEFAULT", &[C, F, P, WJ, W]),
    ("FIELD_SAME_JSTYPE", &[F, P]),
    ("FIELD_SAME_CPP_STRING_TYPE", &[F, P]),
    ("FIELD_SAME_JAVA_UTF8_VALIDATION", &[F, P]),
    ("FIELD_SAME_UTF8_VALIDATION", &[F, P]),
    ("ENUM_VALUE_SAME_NAME", &[C, F, P, WJ]),
    ("ENUM_SAME_TYPE", &[F, P]),
    ("ENUM_SAME_JSON_FORMAT", &[C, F, P, WJ]),
    ("MESSAGE_SAME_JSON_FORMAT", &[C, F, P, WJ]),
    ("MESSAGE_SAME_REQUIRED_FIELDS", &[C, F, P, WJ, W]),
    ("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", &[C, F, P]),
    ("RPC_SAME_REQUEST_TYPE", &[C, F, P, WJ, W]),
    ("RPC_SAME_RESPONSE_TYPE", &[C, F, P, WJ, W]),
    ("RPC_SAME_CLIENT_STREAMING", &[C, F, P, WJ, W]),
    ("RPC_SAME_SERVER_STREAMING", &[C, F, P, WJ, W]),
    ("RPC_SAME_IDEMPOTENCY_LEVEL", &[C, F, P, WJ, W]),
    ("FILE_SAME_PACKAGE", &[C, F, P, WJ, W]),
    ("FILE_SAME_SYNTAX", &[C, F, P]),
    ("FILE_SAME_CC_ENABLE_ARENAS", &[F, P]),
    ("FILE_SAME_CC_GENERIC_SERVICES", &[F, P]),
    ("FILE_SAME_CSHARP_NAMESPACE", &[F, P]),
    ("FILE_SAME_GO_PACKAGE", &[F, P]),
    ("FILE_SAME_JAVA_GENERIC_SERVICES", &[F, P]),
    ("FILE_SAME_JAVA_MULTIPLE_FILES", &[F, P]),
    ("FILE_SAME_JAVA_OUTER_CLASSNAME", &[F, P]),
    ("FILE_SAME_JAVA_PACKAGE", &[F, P]),
    ("FILE_SAME_OBJC_CLASS_PREFIX", &[F, P]),
    ("FILE_SAME_OPTIMIZE_FOR", &[F, P]),
    ("FILE_SAME_PHP_CLASS_PREFIX", &[F, P]),
    ("FILE_SAME_PHP_METADATA_NAMESPACE", &[F, P]),
    ("FILE_SAME_PHP_NAMESPACE", &[F, P]),
    ("FILE_SAME_PY_GENERIC_SERVICES", &[F, P]),
    ("FILE_SAME_RUBY_PACKAGE", &[F, P]),
    ("FILE_SAME_SWIFT_PREFIX", &[F, P]),
];

/// The categories of `rule` in the v2 table (empty if the rule is not in it).
pub fn v2(rule: &str) -> &'static [Category] {
    V2.iter()
        .find(|(id, _)| *id == rule)
        .map_or(&[], |(_, cats)| cats)
}
