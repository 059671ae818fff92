//! Rules about a field's shape: its name, JSON name, type, cardinality, oneof, default and
//! the options that change generated code. They run over fields of paired messages and over
//! paired extensions, as buf does; `shared` holds what they have in common.

mod field_same_cardinality;
mod field_same_cpp_string_type;
mod field_same_default;
mod field_same_java_utf8_validation;
mod field_same_json_name;
mod field_same_jstype;
mod field_same_name;
pub(crate) mod field_same_oneof;
mod field_same_type;
mod field_same_utf8_validation;
mod field_wire_compatible_cardinality;
mod field_wire_compatible_type;
mod field_wire_json_compatible_cardinality;
mod field_wire_json_compatible_type;
mod shared;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &field_same_name::RULE,
    &field_same_json_name::RULE,
    &field_same_type::RULE,
    &field_wire_compatible_type::RULE,
    &field_wire_json_compatible_type::RULE,
    &field_same_cardinality::RULE,
    &field_wire_compatible_cardinality::RULE,
    &field_wire_json_compatible_cardinality::RULE,
    &field_same_oneof::RULE,
    &field_same_default::RULE,
    &field_same_jstype::RULE,
    &field_same_cpp_string_type::RULE,
    &field_same_java_utf8_validation::RULE,
    &field_same_utf8_validation::RULE,
];
