//! protocheck: finds the breaking changes between two versions of a protobuf contract.
//!
//! The pipeline, one way: [`input`] → [`compile`] → [`model`] → [`pair`] → [`rules`] →
//! [`finding`] → [`render`]. [`commands`] wires it to the CLI.

pub mod cli;
pub mod commands;
pub mod compile;
pub mod error;
pub mod finding;
pub mod input;
pub mod model;
pub mod pair;
pub mod render;
pub mod rules;
