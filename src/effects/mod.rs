//! What a change does at run time: for each direction (who reads whose data) and each encoding,
//! one [`Effect`]. The rules decide effects for what they find; `verify` measures them with real
//! payloads; renderers and the `--require` gate read them. This module is the shared vocabulary.
//!
//! Its rooms: [`rules`] (what each rule's findings do, with the reasoning `explain` shows),
//! [`change`] (effects of one concrete change: a type, a cardinality, an enum's openness),
//! [`matrix`] (the findings grouped into changes, with a rollout per change) and [`gate`]
//! (`--require`: the exit code from effects).

pub mod change;
pub mod gate;
pub mod matrix;
pub mod rules;

use serde::Serialize;

/// Who reads whose data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// NEW code reads what OLD code writes (v1→v2: a NEW server serving OLD clients' requests).
    Backward,
    /// OLD code reads what NEW code writes (v2→v1: OLD clients reading a NEW server's responses).
    Forward,
}

impl Direction {
    /// Both directions, backward first.
    pub const ALL: [Direction; 2] = [Direction::Backward, Direction::Forward];

    /// The JSON and command-line name: `backward` or `forward`.
    pub fn id(self) -> &'static str {
        match self {
            Direction::Backward => "backward",
            Direction::Forward => "forward",
        }
    }
}

/// How the data travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// The protobuf binary wire format.
    Binary,
    /// The canonical proto3 JSON mapping.
    Json,
}

impl Encoding {
    /// Both encodings, binary first.
    pub const ALL: [Encoding; 2] = [Encoding::Binary, Encoding::Json];

    /// The JSON and command-line name: `binary` or `json`.
    pub fn id(self) -> &'static str {
        match self {
            Encoding::Binary => "binary",
            Encoding::Json => "json",
        }
    }
}

/// What happens to a value when a reader decodes what a writer encoded. Declared from harmless
/// to worst, so `max` of several effects is the one that matters: a silent misread is worse than
/// a loud rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// The reader gets the value the writer meant.
    Ok,
    /// No run-time effect: only generated code (names, packages, files) breaks.
    CodeOnly,
    /// It decodes, but the value is lost (an unknown field skipped, a field read as its default).
    Dropped,
    /// Decoding fails (a strict JSON parser meets a name it does not know, an unparsable wire
    /// type, ...).
    Rejected,
    /// It decodes to a different value (zig-zag read as plain varint, a reused number, int64
    /// values cut to int32, ...).
    Misread,
}

impl Effect {
    /// The JSON name: `ok`, `code-only`, `dropped`, `rejected`, `misread`.
    pub fn id(self) -> &'static str {
        match self {
            Effect::Ok => "ok",
            Effect::CodeOnly => "code-only",
            Effect::Dropped => "dropped",
            Effect::Rejected => "rejected",
            Effect::Misread => "misread",
        }
    }
}

/// One effect per encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PerEncoding {
    pub binary: Effect,
    pub json: Effect,
}

impl PerEncoding {
    pub const fn new(binary: Effect, json: Effect) -> Self {
        PerEncoding { binary, json }
    }

    /// The same effect in both encodings.
    pub const fn both(effect: Effect) -> Self {
        PerEncoding::new(effect, effect)
    }

    /// The worse of two effects, encoding by encoding.
    pub fn worst(self, other: PerEncoding) -> PerEncoding {
        PerEncoding::new(self.binary.max(other.binary), self.json.max(other.json))
    }

    pub fn get(&self, encoding: Encoding) -> Effect {
        match encoding {
            Encoding::Binary => self.binary,
            Encoding::Json => self.json,
        }
    }
}

/// A change's effects in both directions and both encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Effects {
    pub backward: PerEncoding,
    pub forward: PerEncoding,
}

impl Effects {
    pub const fn new(backward: PerEncoding, forward: PerEncoding) -> Self {
        Effects { backward, forward }
    }

    /// The same effect everywhere.
    pub const fn all(effect: Effect) -> Self {
        Effects::new(PerEncoding::both(effect), PerEncoding::both(effect))
    }

    /// No effect at all.
    pub const OK: Effects = Effects::all(Effect::Ok);

    /// Only generated code breaks.
    pub const CODE_ONLY: Effects = Effects::all(Effect::CodeOnly);

    /// The worse of two effects in every direction and encoding.
    pub fn worst(self, other: Effects) -> Effects {
        Effects::new(
            self.backward.worst(other.backward),
            self.forward.worst(other.forward),
        )
    }

    /// The same effects with the directions swapped: what a change does when its OLD and NEW
    /// trade places.
    pub fn swapped(self) -> Effects {
        Effects::new(self.forward, self.backward)
    }

    /// Whether any direction or encoding has an effect beyond generated code.
    pub fn has_runtime_effect(&self) -> bool {
        self.iter().any(|(_, _, e)| e > Effect::CodeOnly)
    }

    /// Every (direction, encoding, effect), backward first, binary first.
    pub fn iter(&self) -> impl Iterator<Item = (Direction, Encoding, Effect)> + '_ {
        Direction::ALL.into_iter().flat_map(move |d| {
            Encoding::ALL
                .into_iter()
                .map(move |e| (d, e, self.get(d, e)))
        })
    }

    /// `backward: binary dropped, json rejected · forward: binary ok, json ok`.
    pub fn describe(&self) -> String {
        if *self == Effects::CODE_ONLY {
            return "code-only (no run-time effect; generated code changes)".into();
        }
        if *self == Effects::OK {
            return "ok (every value reads the same both ways)".into();
        }
        Direction::ALL
            .iter()
            .map(|&d| {
                let p = self.get_direction(d);
                format!("{}: binary {}, json {}", d.id(), p.binary.id(), p.json.id())
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    pub fn get_direction(&self, direction: Direction) -> PerEncoding {
        match direction {
            Direction::Backward => self.backward,
            Direction::Forward => self.forward,
        }
    }

    pub fn get(&self, direction: Direction, encoding: Encoding) -> Effect {
        match direction {
            Direction::Backward => self.backward.get(encoding),
            Direction::Forward => self.forward.get(encoding),
        }
    }
}
