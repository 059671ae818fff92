//! `protocheck verify OLD NEW`: both sides compiled as `diff` compiles them, then real payloads
//! across versions ([`crate::verify`]).

use std::io::IsTerminal;

use super::Outcome;
use crate::cli::{EncodingArg, RequireArg, VerifyArgs, VerifyFormat};
use crate::effects::{Direction, Encoding};
use crate::error::Error;
use crate::verify::report::Report;
use crate::verify::{Options, Pair};

pub fn run(args: &VerifyArgs) -> Result<Outcome, Error> {
    if args.count == 0 {
        return Err(Error::from(crate::input::Error::Input {
            input: "--count".into(),
            message: "--count must be at least 1".into(),
            help: None,
        }));
    }
    let (old, new) = super::diff::compile_both(&args.old, &args.new, &args.include)?;
    let pair = Pair::new(&old, &new).map_err(|(side, message)| {
        Error::from(crate::input::Error::Descriptor {
            input: if side == "old" {
                args.old.clone()
            } else {
                args.new.clone()
            },
            message,
        })
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
    // Messages are independent: the threads take them one at a time, in order of name.
    let messages = crate::parallel::map(&names, crate::parallel::threads(), |name| {
        let report = pair.verify_message(name, &opts).without_fields();
        bar.set_message(name.clone());
        bar.inc(1);
        report
    });
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
            RequireArg::Backward => vec![Direction::Backward],
            RequireArg::Forward => vec![Direction::Forward],
            RequireArg::Full => Direction::ALL.to_vec(),
        },
        encodings: match args.encoding {
            EncodingArg::Binary => vec![Encoding::Binary],
            EncodingArg::Json => vec![Encoding::Json],
            EncodingArg::Both => Encoding::ALL.to_vec(),
        },
        ..Options::default()
    }
}
