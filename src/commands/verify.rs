//! `protocheck verify OLD NEW`: both sides compiled as `diff` compiles them, then real payloads
//! across versions ([`crate::verify`]).

use std::io::IsTerminal;

use super::Outcome;
use crate::cli::{VerifyArgs, VerifyEncoding, VerifyFormat, VerifyRequire};
use crate::effects::{Direction, Encoding};
use crate::error::Error;
use crate::verify::report::Report;
use crate::verify::{Options, Pair};

pub fn run(args: &VerifyArgs) -> Result<Outcome, Error> {
    if args.count == 0 {
        return Err(Error::Input {
            input: "--count".into(),
            message: "--count must be at least 1".into(),
            help: None,
        });
    }
    let (old, new) = super::diff::compile_both(&args.old, &args.new, &args.include)?;
    let pair = Pair::new(&old, &new).map_err(|(side, message)| Error::Descriptor {
        input: if side == "old" {
            args.old.clone()
        } else {
            args.new.clone()
        },
        message,
    })?;
    drop((old, new));
    let opts = options(args);
    let names = pair.messages();

    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(names.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "verifying {bar:30} {pos}/{len} messages {wide_msg}",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut messages = Vec::with_capacity(names.len());
    for name in &names {
        bar.set_message(name.clone());
        messages.push(pair.verify_message(name, &opts));
        bar.inc(1);
    }
    bar.finish_and_clear();

    let report = Report::new(&args.old, &args.new, &opts, args.allow_dropped, messages);
    let stdout = match args.format {
        VerifyFormat::Json => report.json(),
        VerifyFormat::Human => report.human(),
    };
    Ok(Outcome {
        stdout,
        exit_code: report.exit_code(),
    })
}

fn options(args: &VerifyArgs) -> Options {
    Options {
        seed: args.seed,
        count: args.count,
        directions: match args.require {
            VerifyRequire::Backward => vec![Direction::Backward],
            VerifyRequire::Forward => vec![Direction::Forward],
            VerifyRequire::Full => Direction::ALL.to_vec(),
        },
        encodings: match args.encoding {
            VerifyEncoding::Binary => vec![Encoding::Binary],
            VerifyEncoding::Json => vec![Encoding::Json],
            VerifyEncoding::Both => Encoding::ALL.to_vec(),
        },
        ..Options::default()
    }
}
