//! protocheck's own rules, the POLICY category: a team's contract practice rather than what
//! breaks generated code or the wire. None of them is a default; a config opts in with
//! `use = ["POLICY"]` (protocheck.toml, or a buf.yaml `use` list, which makes that buf.yaml
//! protocheck-only) or names single rules. `[breaking.policy]` in protocheck.toml swaps
//! them in for buf's plain deletion rules (`deprecate_then_reserve`) and for FIELD_SAME_ONEOF
//! (`oneof_transition`), and lists the presence-sensitive messages.

mod shared;

mod enum_no_delete_unless_deprecated;
mod enum_value_no_delete_unless_deprecated;
mod field_new_with_presence;
mod field_no_delete_unless_deprecated;
mod field_no_new_required;
mod field_oneof_transition;
mod field_same_behavior;
mod field_same_validation;
mod message_no_delete_unless_deprecated;
mod message_same_resource_pattern;
mod rpc_no_delete_unless_deprecated;
mod rpc_same_http;
mod service_no_delete_unless_deprecated;

use super::Rule;

/// In the order of the POLICY table.
pub const RULES: &[&Rule] = &[
    &field_no_new_required::RULE,
    &field_same_behavior::RULE,
    &field_new_with_presence::RULE,
    &field_no_delete_unless_deprecated::RULE,
    &enum_value_no_delete_unless_deprecated::RULE,
    &message_no_delete_unless_deprecated::RULE,
    &enum_no_delete_unless_deprecated::RULE,
    &rpc_no_delete_unless_deprecated::RULE,
    &service_no_delete_unless_deprecated::RULE,
    &field_oneof_transition::RULE,
    &rpc_same_http::RULE,
    &message_same_resource_pattern::RULE,
    &field_same_validation::RULE,
];
