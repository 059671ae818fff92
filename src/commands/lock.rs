//! `protocheck lock INPUT -o FILE`: the contract as a lock ([`crate::lock`]).

use super::Outcome;
use crate::cli::LockArgs;
use crate::error::Error;

pub fn run(args: &LockArgs) -> Result<Outcome, Error> {
    let bytes = crate::lock::lock(&args.input, &args.include)?;
    std::fs::write(&args.output, bytes).map_err(|e| {
        Error::from(crate::input::Error::Input {
            input: args.output.display().to_string(),
            message: format!("cannot write {}: {e}", args.output.display()),
            help: None,
        })
    })?;
    Ok(Outcome {
        stdout: String::new(),
        exit_code: 0,
    })
}
