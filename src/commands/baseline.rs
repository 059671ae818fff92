//! `protocheck baseline OLD NEW [-o FILE]`: records today's findings (after ignores and
//! suppressions) as accepted, for `diff --baseline FILE`.

use super::Outcome;
use crate::cli::BaselineArgs;
use crate::error::Error;

pub fn run(args: &BaselineArgs) -> Result<Outcome, Error> {
    let analysis = super::diff::analyze(&args.diff)?;
    let text = crate::baseline::render(&analysis.findings);
    let entries = text.matches("[[accepted]]").count();
    match &args.output {
        Some(path) => {
            std::fs::write(path, &text).map_err(|e| {
                Error::from(crate::input::Error::Input {
                    input: path.display().to_string(),
                    message: format!("cannot write the baseline {}: {e}", path.display()),
                    help: None,
                })
            })?;
            Ok(Outcome {
                stdout: format!(
                    "wrote {} with {entries} accepted finding{} ({} finding{} in all): fill in \
                     reason, owner and expires\n",
                    path.display(),
                    if entries == 1 { "" } else { "s" },
                    analysis.findings.len(),
                    if analysis.findings.len() == 1 {
                        ""
                    } else {
                        "s"
                    }
                ),
                exit_code: 0,
            })
        }
        None => Ok(Outcome {
            stdout: text,
            exit_code: 0,
        }),
    }
}
