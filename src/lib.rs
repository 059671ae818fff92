//! protocheck: finds the breaking changes between two versions of a protobuf contract.
//!
//! # Library
//!
//! [`check::run`] compares two versions (directories, `.proto` files, descriptor sets such as
//! a [`lock`], or `git:REF[:SUBDIR]`) and returns a [`check::Report`]: the findings, each
//! with its run-time effects, and the verdict; the report renders in every format the CLI
//! has ([`Format`]).
//!
//! ```
//! use protocheck::check::{self, Options};
//! use protocheck::Format;
//!
//! # fn main() -> Result<(), protocheck::Error> {
//! let dir = "testdata/rules/FIELD_NO_DELETE";
//! let report = check::run(&Options::new(format!("{dir}/fires/old"), format!("{dir}/fires/new")))?;
//! for finding in report.findings() {
//!     println!("{}: {}", finding.rule, finding.message);
//! }
//! print!("{}", report.render(Format::Human)?);
//! assert!(report.failed());
//! # Ok(())
//! # }
//! ```
//!
//! The pipeline, one way: input → compile → model → pair → rules → finding → filter →
//! render; [`check`] runs it, the command-line tool is one client of it.
#![warn(missing_docs)]

pub mod build;
pub mod check;
pub mod error;
pub mod lock;
pub mod usage;

#[doc(hidden)]
pub mod baseline;
#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod commands;
#[doc(hidden)]
pub mod compile;
#[doc(hidden)]
pub mod config;
#[doc(hidden)]
pub mod effects;
#[doc(hidden)]
pub mod filter;
#[doc(hidden)]
pub mod finding;
#[doc(hidden)]
pub mod fix;
#[doc(hidden)]
pub mod float;
#[doc(hidden)]
pub mod hints;
#[doc(hidden)]
pub mod input;
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
pub mod pair;
#[doc(hidden)]
pub mod paths;
#[doc(hidden)]
pub mod plan;
#[doc(hidden)]
pub mod position;
#[doc(hidden)]
pub mod render;
#[doc(hidden)]
pub mod rules;
#[doc(hidden)]
pub mod suppress;
#[doc(hidden)]
pub mod verify;
#[doc(hidden)]
pub mod wire;

mod parallel;
mod timing;

pub use effects::gate::Require;
pub use effects::{Direction, Effect, Effects, Encoding};
pub use error::Error;
pub use finding::Finding;
pub use model::{Place, Span};
pub use render::Format;
