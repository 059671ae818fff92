//! Feature resolution (protobuf editions), also used to express proto2/proto3 semantics.
//!
//! Every file gets the edition defaults of its syntax (proto2 and proto3 behave as the legacy
//! editions `EDITION_PROTO2`/`EDITION_PROTO3`), then each level's `features` option overrides
//! what it sets: file → message → field / oneof → field, file → enum → value, and so on.

use super::descriptor::FeatureSet;

pub const EDITION_PROTO2: i32 = 998;
pub const EDITION_PROTO3: i32 = 999;
pub const EDITION_2023: i32 = 1000;
pub const EDITION_2024: i32 = 1001;

pub mod presence {
    pub const EXPLICIT: i32 = 1;
    pub const IMPLICIT: i32 = 2;
    pub const LEGACY_REQUIRED: i32 = 3;
}
pub mod enum_type {
    pub const OPEN: i32 = 1;
    pub const CLOSED: i32 = 2;
}
pub mod repeated_encoding {
    pub const PACKED: i32 = 1;
    pub const EXPANDED: i32 = 2;
}
pub mod utf8 {
    pub const VERIFY: i32 = 2;
    pub const NONE: i32 = 3;
}
pub mod message_encoding {
    pub const LENGTH_PREFIXED: i32 = 1;
    pub const DELIMITED: i32 = 2;
}
pub mod json_format {
    pub const ALLOW: i32 = 1;
    pub const LEGACY_BEST_EFFORT: i32 = 2;
}
pub mod cpp_string_type {
    pub const VIEW: i32 = 1;
    pub const CORD: i32 = 2;
    pub const STRING: i32 = 3;
}
pub mod java_utf8 {
    pub const DEFAULT: i32 = 1;
    pub const VERIFY: i32 = 2;
}

/// Fully resolved features at one element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Features {
    pub field_presence: i32,
    pub enum_type: i32,
    pub repeated_field_encoding: i32,
    pub utf8_validation: i32,
    pub message_encoding: i32,
    pub json_format: i32,
    pub cpp_string_type: i32,
    pub java_utf8_validation: i32,
}

impl Features {
    /// The defaults of an edition (proto2 and proto3 as their legacy editions).
    pub fn defaults(edition: i32) -> Features {
        let proto2 = edition <= EDITION_PROTO2;
        let proto3 = edition == EDITION_PROTO3;
        Features {
            field_presence: if proto3 {
                presence::IMPLICIT
            } else {
                presence::EXPLICIT
            },
            enum_type: if proto2 {
                enum_type::CLOSED
            } else {
                enum_type::OPEN
            },
            repeated_field_encoding: if proto2 {
                repeated_encoding::EXPANDED
            } else {
                repeated_encoding::PACKED
            },
            utf8_validation: if proto2 { utf8::NONE } else { utf8::VERIFY },
            message_encoding: message_encoding::LENGTH_PREFIXED,
            json_format: if proto2 {
                json_format::LEGACY_BEST_EFFORT
            } else {
                json_format::ALLOW
            },
            cpp_string_type: if edition >= EDITION_2024 {
                cpp_string_type::VIEW
            } else {
                cpp_string_type::STRING
            },
            java_utf8_validation: java_utf8::DEFAULT,
        }
    }

    /// These features with the values that `set` sets explicitly overriding them.
    pub fn merge(mut self, set: Option<&FeatureSet>) -> Features {
        let Some(set) = set else { return self };
        let over = |slot: &mut i32, v: Option<i32>| {
            if let Some(v) = v.filter(|v| *v != 0) {
                *slot = v;
            }
        };
        over(&mut self.field_presence, set.field_presence);
        over(&mut self.enum_type, set.enum_type);
        over(
            &mut self.repeated_field_encoding,
            set.repeated_field_encoding,
        );
        over(&mut self.utf8_validation, set.utf8_validation);
        over(&mut self.message_encoding, set.message_encoding);
        over(&mut self.json_format, set.json_format);
        if let Some(cpp) = &set.cpp {
            over(&mut self.cpp_string_type, cpp.string_type);
        }
        if let Some(java) = &set.java {
            over(&mut self.java_utf8_validation, java.utf8_validation);
        }
        self
    }
}
