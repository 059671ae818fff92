//! `protocheck diff OLD... NEW`: the arguments become [`check::Options`], the library runs
//! the check ([`check::run`]), and the report is rendered in the format asked for.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::Outcome;
use crate::check::{self, Compared, Options};
use crate::cli::{DiffArgs, EncodingArg, Format, RequireArg};
use crate::compile::Compiled;
use crate::effects::gate::Require;
use crate::effects::{Direction, Encoding};
use crate::error::Error;

/// The library's options for these arguments.
pub fn options(args: &DiffArgs) -> Options {
    let encodings = encodings(args.encoding);
    let mut o = Options::against(args.olds().to_vec(), args.new_input());
    o.releases = args.releases.clone();
    o.include = args.include.clone();
    o.config = args.config.clone();
    o.categories = args.category.clone();
    o.rules = args.rule.clone();
    o.except = args.except.clone();
    o.require = args.require.map(|r| Require {
        directions: match r {
            RequireArg::Backward => vec![Direction::Backward],
            RequireArg::Forward => vec![Direction::Forward],
            RequireArg::Full => Direction::ALL.to_vec(),
        },
        encodings: encodings.clone(),
        allow_dropped: args.allow_dropped,
    });
    o.encodings = encodings;
    o.verify = args.verify.then_some((args.seed, args.count));
    o.baseline = args.baseline.clone();
    o.no_suppress = args.no_suppress;
    o.strict = args.strict;
    o.targets = args.targets.clone().into();
    o.new_buf_yaml = args.new_buf_yaml.clone();
    o.old_buf_yaml = args.old_buf_yaml.clone();
    o
}

pub fn run(args: &DiffArgs) -> Result<Outcome, Error> {
    let report = check::run(&options(args))?;
    for w in report.warnings() {
        eprintln!("{w}");
    }
    let color = args.format == Format::Human
        && !args.no_color
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();
    let t = crate::timing::Timer::start("both");
    let stdout = report.render_styled(args.format, color)?;
    t.lap("render");
    Ok(Outcome {
        stdout,
        exit_code: u8::from(report.failed()),
    })
}

/// NEW compared with its one OLD input, up to the filter stage: what `baseline` and `fix`
/// work from.
pub(crate) fn analyze(args: &DiffArgs) -> Result<Compared, Error> {
    check::analyze(&options(args))
}

/// Both sides compiled the way `diff` compiles them, for `verify`.
pub(crate) fn compile_both(
    old: &str,
    new: &str,
    include: &[PathBuf],
) -> Result<(Compiled, Compiled), Error> {
    check::compile_both(old, new, include)
}

fn encodings(arg: EncodingArg) -> Vec<Encoding> {
    match arg {
        EncodingArg::Binary => vec![Encoding::Binary],
        EncodingArg::Json => vec![Encoding::Json],
        EncodingArg::Both => Encoding::ALL.to_vec(),
    }
}
