//! Rules about elements that must not disappear.

mod field_no_delete;

use super::Rule;

pub const RULES: &[&Rule] = &[&field_no_delete::RULE];
