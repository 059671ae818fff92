//! Rules about elements that must not disappear: files, packages, types, fields, enum values,
//! oneofs, methods, and the numbers and names a message or enum reserves or opens for
//! extensions. The logic several of them share lives in `shared`.

mod shared;

mod enum_no_delete;
mod enum_value_no_delete;
mod enum_value_no_delete_unless_name_reserved;
mod enum_value_no_delete_unless_number_reserved;
mod extension_message_no_delete;
mod extension_no_delete;
mod field_no_delete;
mod field_no_delete_unless_name_reserved;
mod field_no_delete_unless_number_reserved;
mod file_no_delete;
mod message_no_delete;
mod oneof_no_delete;
mod package_enum_no_delete;
mod package_extension_no_delete;
mod package_message_no_delete;
mod package_no_delete;
mod package_service_no_delete;
mod reserved_enum_no_delete;
mod reserved_message_no_delete;
mod rpc_no_delete;
mod service_no_delete;

use super::Rule;

/// In the order of buf's rule table.
pub const RULES: &[&Rule] = &[
    &file_no_delete::RULE,
    &enum_no_delete::RULE,
    &message_no_delete::RULE,
    &service_no_delete::RULE,
    &extension_no_delete::RULE,
    &package_no_delete::RULE,
    &package_enum_no_delete::RULE,
    &package_message_no_delete::RULE,
    &package_service_no_delete::RULE,
    &package_extension_no_delete::RULE,
    &field_no_delete::RULE,
    &field_no_delete_unless_name_reserved::RULE,
    &field_no_delete_unless_number_reserved::RULE,
    &enum_value_no_delete::RULE,
    &enum_value_no_delete_unless_name_reserved::RULE,
    &enum_value_no_delete_unless_number_reserved::RULE,
    &oneof_no_delete::RULE,
    &rpc_no_delete::RULE,
    &extension_message_no_delete::RULE,
    &reserved_message_no_delete::RULE,
    &reserved_enum_no_delete::RULE,
];
