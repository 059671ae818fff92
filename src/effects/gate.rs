//! `--require backward|forward|full`: the exit code decided from effects, as schema registries
//! decide compatibility (Confluent's meanings: backward = NEW reads OLD, forward = OLD reads
//! NEW, full = both).

use super::{Direction, Effect, Effects, Encoding};

/// What a run requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Require {
    pub directions: Vec<Direction>,
    pub encodings: Vec<Encoding>,
    /// `dropped` passes (silent data loss is accepted).
    pub allow_dropped: bool,
}

impl Require {
    /// Whether `effect` breaks the requirement: `misread` and `rejected` always, `dropped`
    /// unless allowed, `ok` and `code-only` never.
    pub fn fails_on(&self, effect: Effect) -> bool {
        match effect {
            Effect::Ok | Effect::CodeOnly => false,
            Effect::Dropped => !self.allow_dropped,
            Effect::Rejected | Effect::Misread => true,
        }
    }

    /// The (direction, encoding, effect) triples of `effects` that break the requirement.
    pub fn violations(&self, effects: &Effects) -> Vec<(Direction, Encoding, Effect)> {
        effects
            .iter()
            .filter(|(d, e, x)| {
                self.directions.contains(d) && self.encodings.contains(e) && self.fails_on(*x)
            })
            .collect()
    }

    pub fn fails(&self, effects: &Effects) -> bool {
        !self.violations(effects).is_empty()
    }

    /// `backward`, `forward+json`, `full+binary+json (dropped allowed)`: for summaries.
    pub fn describe(&self) -> String {
        let dirs = match self.directions.as_slice() {
            [d] => d.id().to_owned(),
            _ => "full".to_owned(),
        };
        let encs: Vec<&str> = self.encodings.iter().map(|e| e.id()).collect();
        let dropped = if self.allow_dropped {
            ", dropped allowed"
        } else {
            ""
        };
        format!("{dirs} ({}{dropped})", encs.join(" and "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::effects::PerEncoding;

    #[test]
    fn dropped_fails_unless_allowed_and_code_only_never() {
        let delete = Effects::new(
            PerEncoding::new(Effect::Dropped, Effect::Rejected),
            PerEncoding::both(Effect::Ok),
        );
        let mut r = Require {
            directions: vec![Direction::Backward],
            encodings: vec![Encoding::Binary],
            allow_dropped: false,
        };
        assert!(r.fails(&delete));
        r.allow_dropped = true;
        assert!(!r.fails(&delete));
        r.encodings.push(Encoding::Json);
        assert!(r.fails(&delete));
        r.directions = vec![Direction::Forward];
        assert!(!r.fails(&delete));
        assert!(!r.fails(&Effects::CODE_ONLY));
    }
}
