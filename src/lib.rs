//! protocheck: finds the breaking changes between two versions of a protobuf contract.
//!
//! The pipeline, one way: [`input`] → [`compile`] → [`model`] → [`pair`] → [`rules`] →
//! [`finding`] → [`filter`] → [`render`]. [`config`] decides which rules run, what the filter
//! drops and how inputs are laid out into modules; [`commands`] wires it to the CLI.

pub mod baseline;
pub mod cli;
pub mod commands;
pub mod compile;
pub mod config;
pub mod effects;
pub mod error;
pub mod filter;
pub mod finding;
pub mod fix;
pub mod hints;
pub mod input;
pub mod model;
pub mod pair;
pub mod paths;
pub mod plan;
pub mod render;
pub mod rules;
pub mod suppress;
pub mod verify;
