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
    /// protocheck's opt-in team-contract rules; unknown to buf (a buf.yaml that uses it is
    /// protocheck-only).
    Policy,
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
            Category::Policy => "POLICY",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .chain([Category::Policy])
            .find(|c| c.id() == id)
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

/// buf's v1 rule set: like v2 without CSR, `EXTENSION_NO_DELETE`,
/// `PACKAGE_EXTENSION_NO_DELETE` and `FIELD_SAME_DEFAULT`.
pub const V1: &[(&str, &[Category])] = &[
    ("FILE_NO_DELETE", &[F]),
    ("ENUM_NO_DELETE", &[F]),
    ("MESSAGE_NO_DELETE", &[F]),
    ("SERVICE_NO_DELETE", &[F]),
    ("PACKAGE_NO_DELETE", &[P]),
    ("PACKAGE_ENUM_NO_DELETE", &[P]),
    ("PACKAGE_MESSAGE_NO_DELETE", &[P]),
    ("PACKAGE_SERVICE_NO_DELETE", &[P]),
    ("FIELD_NO_DELETE", &[F, P]),
    ("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", &[WJ]),
    ("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", &[WJ, W]),
    ("ENUM_VALUE_NO_DELETE", &[F, P]),
    ("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", &[WJ]),
    ("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", &[WJ, W]),
    ("ONEOF_NO_DELETE", &[F, P]),
    ("RPC_NO_DELETE", &[F, P]),
    ("EXTENSION_MESSAGE_NO_DELETE", &[F, P]),
    ("RESERVED_MESSAGE_NO_DELETE", &[F, P, WJ, W]),
    ("RESERVED_ENUM_NO_DELETE", &[F, P, WJ, W]),
    ("FIELD_SAME_NAME", &[F, P, WJ]),
    ("FIELD_SAME_JSON_NAME", &[F, P, WJ]),
    ("FIELD_SAME_TYPE", &[F, P]),
    ("FIELD_WIRE_COMPATIBLE_TYPE", &[W]),
    ("FIELD_WIRE_JSON_COMPATIBLE_TYPE", &[WJ]),
    ("FIELD_SAME_CARDINALITY", &[F, P]),
    ("FIELD_WIRE_COMPATIBLE_CARDINALITY", &[W]),
    ("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", &[WJ]),
    ("FIELD_SAME_ONEOF", &[F, P, WJ, W]),
    ("FIELD_SAME_JSTYPE", &[F, P]),
    ("FIELD_SAME_CPP_STRING_TYPE", &[F, P]),
    ("FIELD_SAME_JAVA_UTF8_VALIDATION", &[F, P]),
    ("FIELD_SAME_UTF8_VALIDATION", &[F, P]),
    ("ENUM_VALUE_SAME_NAME", &[F, P, WJ]),
    ("ENUM_SAME_TYPE", &[F, P]),
    ("ENUM_SAME_JSON_FORMAT", &[F, P, WJ]),
    ("MESSAGE_SAME_JSON_FORMAT", &[F, P, WJ]),
    ("MESSAGE_SAME_REQUIRED_FIELDS", &[F, P, WJ, W]),
    ("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", &[F, P]),
    ("RPC_SAME_REQUEST_TYPE", &[F, P, WJ, W]),
    ("RPC_SAME_RESPONSE_TYPE", &[F, P, WJ, W]),
    ("RPC_SAME_CLIENT_STREAMING", &[F, P, WJ, W]),
    ("RPC_SAME_SERVER_STREAMING", &[F, P, WJ, W]),
    ("RPC_SAME_IDEMPOTENCY_LEVEL", &[F, P, WJ, W]),
    ("FILE_SAME_PACKAGE", &[F, P, WJ, W]),
    ("FILE_SAME_SYNTAX", &[F, P]),
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

/// buf's v1beta1 rule set: like v1 without the `FIELD_WIRE*_COMPATIBLE_TYPE` rules;
/// `FIELD_SAME_TYPE` and `FIELD_SAME_CARDINALITY` are also in WIRE_JSON and WIRE, and
/// `FILE_SAME_PACKAGE` is only in FILE.
pub const V1BETA1: &[(&str, &[Category])] = &[
    ("FILE_NO_DELETE", &[F]),
    ("ENUM_NO_DELETE", &[F]),
    ("MESSAGE_NO_DELETE", &[F]),
    ("SERVICE_NO_DELETE", &[F]),
    ("PACKAGE_NO_DELETE", &[P]),
    ("PACKAGE_ENUM_NO_DELETE", &[P]),
    ("PACKAGE_MESSAGE_NO_DELETE", &[P]),
    ("PACKAGE_SERVICE_NO_DELETE", &[P]),
    ("FIELD_NO_DELETE", &[F, P]),
    ("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", &[WJ]),
    ("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", &[WJ, W]),
    ("ENUM_VALUE_NO_DELETE", &[F, P]),
    ("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", &[WJ]),
    ("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", &[WJ, W]),
    ("ONEOF_NO_DELETE", &[F, P]),
    ("RPC_NO_DELETE", &[F, P]),
    ("EXTENSION_MESSAGE_NO_DELETE", &[F, P]),
    ("RESERVED_MESSAGE_NO_DELETE", &[F, P, WJ, W]),
    ("RESERVED_ENUM_NO_DELETE", &[F, P, WJ, W]),
    ("FIELD_SAME_NAME", &[F, P, WJ]),
    ("FIELD_SAME_JSON_NAME", &[F, P, WJ]),
    ("FIELD_SAME_TYPE", &[F, P, WJ, W]),
    ("FIELD_SAME_CARDINALITY", &[F, P, WJ, W]),
    ("FIELD_WIRE_COMPATIBLE_CARDINALITY", &[W]),
    ("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", &[WJ]),
    ("FIELD_SAME_ONEOF", &[F, P, WJ, W]),
    ("FIELD_SAME_JSTYPE", &[F, P]),
    ("FIELD_SAME_CPP_STRING_TYPE", &[F, P]),
    ("FIELD_SAME_JAVA_UTF8_VALIDATION", &[F, P]),
    ("FIELD_SAME_UTF8_VALIDATION", &[F, P]),
    ("ENUM_VALUE_SAME_NAME", &[F, P, WJ]),
    ("ENUM_SAME_TYPE", &[F, P]),
    ("ENUM_SAME_JSON_FORMAT", &[F, P, WJ]),
    ("MESSAGE_SAME_JSON_FORMAT", &[F, P, WJ]),
    ("MESSAGE_SAME_REQUIRED_FIELDS", &[F, P, WJ, W]),
    ("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", &[F, P]),
    ("RPC_SAME_REQUEST_TYPE", &[F, P, WJ, W]),
    ("RPC_SAME_RESPONSE_TYPE", &[F, P, WJ, W]),
    ("RPC_SAME_CLIENT_STREAMING", &[F, P, WJ, W]),
    ("RPC_SAME_SERVER_STREAMING", &[F, P, WJ, W]),
    ("RPC_SAME_IDEMPOTENCY_LEVEL", &[F, P, WJ, W]),
    ("FILE_SAME_PACKAGE", &[F]),
    ("FILE_SAME_SYNTAX", &[F, P]),
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

/// protocheck's own rules, in every config version (buf knows none of them): the POLICY
/// category, which no rule of buf's tables belongs to and which is never a default.
pub const POLICY: &[(&str, &[Category])] = &[
    ("FIELD_NO_NEW_REQUIRED", &[Category::Policy]),
    ("FIELD_SAME_BEHAVIOR", &[Category::Policy]),
    ("FIELD_NEW_WITH_PRESENCE", &[Category::Policy]),
    ("FIELD_NO_DELETE_UNLESS_DEPRECATED", &[Category::Policy]),
    (
        "ENUM_VALUE_NO_DELETE_UNLESS_DEPRECATED",
        &[Category::Policy],
    ),
    ("MESSAGE_NO_DELETE_UNLESS_DEPRECATED", &[Category::Policy]),
    ("ENUM_NO_DELETE_UNLESS_DEPRECATED", &[Category::Policy]),
    ("RPC_NO_DELETE_UNLESS_DEPRECATED", &[Category::Policy]),
    ("SERVICE_NO_DELETE_UNLESS_DEPRECATED", &[Category::Policy]),
    ("FIELD_ONEOF_TRANSITION", &[Category::Policy]),
    ("RPC_SAME_HTTP", &[Category::Policy]),
    ("MESSAGE_SAME_RESOURCE_PATTERN", &[Category::Policy]),
    ("FIELD_SAME_VALIDATION", &[Category::Policy]),
];

/// With the deprecate-then-reserve switch, each plain deletion rule of buf is replaced by
/// its POLICY counterpart (the first by the second).
pub const DEPRECATE_THEN_RESERVE: &[(&str, &str)] = &[
    ("FIELD_NO_DELETE", "FIELD_NO_DELETE_UNLESS_DEPRECATED"),
    (
        "ENUM_VALUE_NO_DELETE",
        "ENUM_VALUE_NO_DELETE_UNLESS_DEPRECATED",
    ),
    ("MESSAGE_NO_DELETE", "MESSAGE_NO_DELETE_UNLESS_DEPRECATED"),
    ("ENUM_NO_DELETE", "ENUM_NO_DELETE_UNLESS_DEPRECATED"),
    ("RPC_NO_DELETE", "RPC_NO_DELETE_UNLESS_DEPRECATED"),
    ("SERVICE_NO_DELETE", "SERVICE_NO_DELETE_UNLESS_DEPRECATED"),
];

/// With the oneof-transition switch, buf's FIELD_SAME_ONEOF is replaced by this rule.
pub const ONEOF_TRANSITION: (&str, &str) = ("FIELD_SAME_ONEOF", "FIELD_ONEOF_TRANSITION");

/// The categories of `rule` in the v2 table (empty if the rule is not in it), or POLICY for
/// protocheck's own rules.
pub fn v2(rule: &str) -> &'static [Category] {
    Version::V2.categories_of(rule)
}

/// The POLICY rules' entry, if `rule` is one.
pub fn policy(rule: &str) -> Option<&'static str> {
    POLICY.iter().find(|(id, _)| *id == rule).map(|(id, _)| *id)
}

/// A buf configuration version. Each has its own rule table: the same id can belong to
/// different categories, and some ids exist in one version only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Version {
    V1Beta1,
    V1,
    /// buf's current rule set; also protocheck's own (`protocheck.toml`, no config at all).
    #[default]
    V2,
}

impl Version {
    pub fn id(self) -> &'static str {
        match self {
            Version::V1Beta1 => "v1beta1",
            Version::V1 => "v1",
            Version::V2 => "v2",
        }
    }

    pub fn from_id(id: &str) -> Option<Version> {
        [Version::V1Beta1, Version::V1, Version::V2]
            .into_iter()
            .find(|v| v.id() == id)
    }

    /// Every active rule id of this version and its categories.
    pub fn table(self) -> &'static [(&'static str, &'static [Category])] {
        match self {
            Version::V1Beta1 => V1BETA1,
            Version::V1 => V1,
            Version::V2 => V2,
        }
    }

    /// The categories this version knows (CSR is v2 only).
    pub fn categories(self) -> &'static [Category] {
        match self {
            Version::V2 => &Category::ALL,
            Version::V1Beta1 | Version::V1 => &Category::ALL[..4],
        }
    }

    /// The categories of `rule` in this version's table (empty if the rule is not in it);
    /// POLICY for protocheck's own rules, in every version.
    pub fn categories_of(self, rule: &str) -> &'static [Category] {
        self.table()
            .iter()
            .chain(POLICY)
            .find(|(id, _)| *id == rule)
            .map_or(&[], |(_, cats)| cats)
    }

    /// The active rule ids of `category` in this version, in table order (POLICY: protocheck's
    /// own rules, in every version).
    pub fn members(self, category: Category) -> impl Iterator<Item = &'static str> {
        let table = if category == Category::Policy {
            POLICY
        } else {
            self.table()
        };
        table
            .iter()
            .filter(move |(_, cats)| cats.contains(&category))
            .map(|(id, _)| *id)
    }

    /// Every rule id a config of this version may name: buf's table, then the POLICY rules.
    pub fn rule_ids(self) -> impl Iterator<Item = &'static str> {
        self.table().iter().chain(POLICY).map(|(id, _)| *id)
    }

    /// The default rules of this version: exactly the members of FILE.
    pub fn defaults(self) -> impl Iterator<Item = &'static str> {
        self.members(Category::File)
    }

    /// What `id` means in a `use`, `except` or `ignore_only` list of this version.
    pub fn lookup(self, id: &str) -> Lookup {
        if let Some(c) = Category::from_id(id)
            .filter(|c| self.categories().contains(c) || *c == Category::Policy)
        {
            return Lookup::Category(c);
        }
        if let Some((rule, _)) = self.table().iter().chain(POLICY).find(|(r, _)| *r == id) {
            return Lookup::Rule(rule);
        }
        match DEPRECATED.iter().find(|d| d.id == id) {
            Some(d) if self != Version::V2 || !d.removed_in_v2 => Lookup::Deprecated(d),
            _ => Lookup::Unknown,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What an id written in a config means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Category(Category),
    Rule(&'static str),
    /// A deprecated id, still accepted: it stands for its replacements.
    Deprecated(&'static Deprecated),
    Unknown,
}

/// A deprecated rule id: accepted in configs, never run itself.
#[derive(Debug, PartialEq, Eq)]
pub struct Deprecated {
    pub id: &'static str,
    /// The rules it stands for; findings are reported under these ids. Empty: a no-op.
    pub replaced_by: &'static [&'static str],
    /// v2 no longer accepts it (a config error there).
    pub removed_in_v2: bool,
}

/// Deprecated ids and what buf expands them to.
pub const DEPRECATED: &[Deprecated] = &[
    Deprecated {
        id: "FIELD_SAME_CTYPE",
        replaced_by: &["FIELD_SAME_CPP_STRING_TYPE"],
        removed_in_v2: true,
    },
    Deprecated {
        id: "FIELD_SAME_LABEL",
        replaced_by: &[
            "FIELD_SAME_CARDINALITY",
            "FIELD_WIRE_COMPATIBLE_CARDINALITY",
            "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
        ],
        removed_in_v2: true,
    },
    Deprecated {
        id: "FILE_SAME_JAVA_STRING_CHECK_UTF8",
        replaced_by: &["FIELD_SAME_JAVA_UTF8_VALIDATION"],
        removed_in_v2: true,
    },
    Deprecated {
        id: "FILE_SAME_PHP_GENERIC_SERVICES",
        replaced_by: &[],
        removed_in_v2: true,
    },
    Deprecated {
        id: "MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT",
        replaced_by: &[],
        removed_in_v2: false,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The "Rule counts per category" table of rules.md: ids with deprecated, active, then
    /// FILE, PACKAGE, WIRE_JSON, WIRE, CSR (`None` where the version has no such category).
    #[test]
    fn per_version_counts_match_rules_md() {
        let expected: [(Version, usize, usize, [Option<usize>; 5]); 3] = [
            (
                Version::V1Beta1,
                64,
                59,
                [Some(49), Some(48), Some(21), Some(14), None],
            ),
            (
                Version::V1,
                66,
                61,
                [Some(49), Some(49), Some(21), Some(14), None],
            ),
            (
                Version::V2,
                65,
                64,
                [Some(51), Some(51), Some(22), Some(15), Some(32)],
            ),
        ];
        for (version, with_deprecated, active, per_category) in expected {
            let deprecated = DEPRECATED
                .iter()
                .filter(|d| matches!(version.lookup(d.id), Lookup::Deprecated(_)))
                .count();
            assert_eq!(version.table().len(), active, "{version}: active ids");
            assert_eq!(
                active + deprecated,
                with_deprecated,
                "{version}: ids with deprecated"
            );
            for (category, count) in [
                Category::File,
                Category::Package,
                Category::WireJson,
                Category::Wire,
                Category::Csr,
            ]
            .into_iter()
            .zip(per_category)
            {
                let known = version.categories().contains(&category);
                assert_eq!(known, count.is_some(), "{version}: has {category}");
                if let Some(count) = count {
                    assert_eq!(
                        version.members(category).count(),
                        count,
                        "{version} {category}"
                    );
                }
            }
            assert_eq!(version.defaults().count(), per_category[0].unwrap_or(0));
        }
    }

    #[test]
    fn sixty_nine_distinct_ids_across_versions() {
        let mut ids: Vec<&str> = [Version::V1Beta1, Version::V1, Version::V2]
            .iter()
            .flat_map(|v| v.table().iter().map(|(id, _)| *id))
            .chain(DEPRECATED.iter().map(|d| d.id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 69);
    }

    #[test]
    fn version_differences_named_in_rules_md() {
        use Category::*;
        let v2_only = [
            "EXTENSION_NO_DELETE",
            "PACKAGE_EXTENSION_NO_DELETE",
            "FIELD_SAME_DEFAULT",
        ];
        for id in v2_only {
            assert_eq!(Version::V1.lookup(id), Lookup::Unknown, "{id} in v1");
            assert_eq!(
                Version::V1Beta1.lookup(id),
                Lookup::Unknown,
                "{id} in v1beta1"
            );
            assert!(matches!(Version::V2.lookup(id), Lookup::Rule(_)));
        }
        for id in [
            "FIELD_WIRE_COMPATIBLE_TYPE",
            "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
        ] {
            assert_eq!(Version::V1Beta1.lookup(id), Lookup::Unknown);
            assert!(matches!(Version::V1.lookup(id), Lookup::Rule(_)));
        }
        for id in ["FIELD_SAME_TYPE", "FIELD_SAME_CARDINALITY"] {
            assert_eq!(
                Version::V1Beta1.categories_of(id),
                &[File, Package, WireJson, Wire]
            );
            assert_eq!(Version::V1.categories_of(id), &[File, Package]);
        }
        assert_eq!(Version::V1Beta1.categories_of("FILE_SAME_PACKAGE"), &[File]);
        assert_eq!(
            Version::V1.categories_of("FILE_SAME_PACKAGE"),
            &[File, Package, WireJson, Wire]
        );
        // Apart from CSR, v1 and v2 agree on every rule they share.
        for (id, cats) in V1 {
            let v2: Vec<_> = v2(id).iter().filter(|c| **c != Csr).collect();
            assert_eq!(cats.iter().collect::<Vec<_>>(), v2, "{id}");
        }
        assert_eq!(Version::V1.lookup("CSR"), Lookup::Unknown);
        assert_eq!(Version::V2.lookup("CSR"), Lookup::Category(Csr));
    }

    #[test]
    fn policy_is_a_category_of_every_version_and_never_a_default() {
        for v in [Version::V1Beta1, Version::V1, Version::V2] {
            assert_eq!(v.lookup("POLICY"), Lookup::Category(Category::Policy));
            assert_eq!(v.members(Category::Policy).count(), POLICY.len());
            assert!(matches!(
                v.lookup("FIELD_NO_DELETE_UNLESS_DEPRECATED"),
                Lookup::Rule(_)
            ));
            assert!(v.defaults().all(|id| policy(id).is_none()));
        }
        for (plain, policy_rule) in DEPRECATE_THEN_RESERVE.iter().chain([&ONEOF_TRANSITION]) {
            assert!(matches!(Version::V2.lookup(plain), Lookup::Rule(_)));
            assert!(policy(policy_rule).is_some(), "{policy_rule}");
        }
    }

    #[test]
    fn deprecated_ids_expand_in_v1_and_are_removed_in_v2() {
        for v in [Version::V1Beta1, Version::V1] {
            match v.lookup("FIELD_SAME_LABEL") {
                Lookup::Deprecated(d) => assert_eq!(
                    d.replaced_by,
                    &[
                        "FIELD_SAME_CARDINALITY",
                        "FIELD_WIRE_COMPATIBLE_CARDINALITY",
                        "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"
                    ]
                ),
                other => panic!("{v}: {other:?}"),
            }
            // Every replacement is an active rule of the version.
            for d in DEPRECATED {
                for r in d.replaced_by {
                    assert!(matches!(v.lookup(r), Lookup::Rule(_)), "{v}: {r}");
                }
            }
        }
        for id in [
            "FIELD_SAME_CTYPE",
            "FIELD_SAME_LABEL",
            "FILE_SAME_JAVA_STRING_CHECK_UTF8",
            "FILE_SAME_PHP_GENERIC_SERVICES",
        ] {
            assert_eq!(Version::V2.lookup(id), Lookup::Unknown, "{id}");
        }
        assert!(matches!(
            Version::V2.lookup("MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT"),
            Lookup::Deprecated(_)
        ));
    }
}
