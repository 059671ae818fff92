//! Rules about messages, enums and services as types: enum value names, open/closed enums,
//! JSON support, required fields, descriptor accessors, and each rpc's shape.

mod enum_same_json_format;
mod enum_same_type;
mod enum_value_same_name;
mod message_no_remove_standard_descriptor_accessor;
mod message_same_json_format;
mod message_same_required_fields;
mod rpc_same_client_streaming;
mod rpc_same_idempotency_level;
mod rpc_same_request_type;
mod rpc_same_response_type;
mod rpc_same_server_streaming;
mod shared;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &enum_value_same_name::RULE,
    &enum_same_type::RULE,
    &enum_same_json_format::RULE,
    &message_same_json_format::RULE,
    &message_same_required_fields::RULE,
    &message_no_remove_standard_descriptor_accessor::RULE,
    &rpc_same_request_type::RULE,
    &rpc_same_response_type::RULE,
    &rpc_same_client_streaming::RULE,
    &rpc_same_server_streaming::RULE,
    &rpc_same_idempotency_level::RULE,
];
