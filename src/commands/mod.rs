//! The commands behind the CLI. Each returns its output and exit code; `main` prints.

pub mod baseline;
pub mod breaking;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod fix;
pub mod lock;
pub mod rules;
pub mod verify;

/// What a command produced.
pub struct Outcome {
    pub stdout: String,
    pub exit_code: u8,
}
