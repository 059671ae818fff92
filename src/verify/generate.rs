//! Random messages from a writer's schema: seeded (ChaCha8, portable and reproducible), every
//! scalar kind with its edge values, nested and recursive messages under a depth bound,
//! repeated fields (packed or not, as the schema says), maps, oneofs, enums with numbers the
//! enum does not name (open enums only: generated code cannot set them on a closed one), proto2
//! groups, and fields left unset so that defaults are read.
//!
//! Well-known types whose JSON form has rules of its own (Timestamp, Duration, FieldMask,
//! Struct/Value) get values valid in JSON; `google.protobuf.Any` is left unset (its JSON form
//! needs the packed type in the pool).

use prost_reflect::{
    Cardinality, DynamicMessage, FieldDescriptor, Kind, MapKey, MessageDescriptor, Value,
};
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::schema::Schema;

/// A seeded generator.
pub struct Generator<'a> {
    rng: ChaCha8Rng,
    schema: &'a Schema,
    max_depth: usize,
}

/// FNV-1a: a stable hash of a name, so that each message's stream depends only on the seed
/// and its name (not on which other messages are checked, nor on their order).
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl<'a> Generator<'a> {
    pub fn new(schema: &'a Schema, seed: u64, stream: &[&str], max_depth: usize) -> Self {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed ^ stable_hash(stream)),
            schema,
            max_depth,
        }
    }

    /// One random message of type `desc`.
    pub fn message(&mut self, desc: &MessageDescriptor) -> DynamicMessage {
        self.message_at(desc, 0)
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.rng.random_range(0..100) < percent
    }

    fn message_at(&mut self, desc: &MessageDescriptor, depth: usize) -> DynamicMessage {
        let mut msg = DynamicMessage::new(desc.clone());
        if let Some(v) = self.well_known(desc, depth) {
            return v;
        }
        // Each oneof gets at most one member.
        for oneof in desc.oneofs().filter(|o| !o.is_synthetic()) {
            let members: Vec<FieldDescriptor> = oneof.fields().collect();
            if members.is_empty() || !self.chance(75) {
                continue;
            }
            let f = &members[self.rng.random_range(0..members.len())];
            if let Some(v) = self.field_value(f, depth) {
                msg.set_field(f, v);
            }
        }
        for f in desc.fields() {
            if f.containing_oneof().is_some_and(|o| !o.is_synthetic()) {
                continue;
            }
            let required = f.cardinality() == Cardinality::Required;
            if !required && !self.chance(70) {
                continue;
            }
            if let Some(v) = self.field_value(&f, depth) {
                msg.set_field(&f, v);
            }
        }
        msg
    }

    /// A value for a field, or `None` when the depth bound leaves it unset.
    fn field_value(&mut self, f: &FieldDescriptor, depth: usize) -> Option<Value> {
        let kind = f.kind();
        let nested = matches!(kind, Kind::Message(_));
        if f.is_map() {
            let Kind::Message(entry) = kind else {
                return None;
            };
            let key_field = entry.map_entry_key_field();
            let value_field = entry.map_entry_value_field();
            if matches!(value_field.kind(), Kind::Message(_)) && depth >= self.max_depth {
                return None;
            }
            let n = self.rng.random_range(0..=3);
            let mut map = std::collections::HashMap::new();
            for _ in 0..n {
                let key = self.map_key(&key_field.kind());
                let value = self.single(&value_field.kind(), depth + 1)?;
                map.insert(key, value);
            }
            return Some(Value::Map(map));
        }
        if nested && depth >= self.max_depth && f.cardinality() != Cardinality::Required {
            return None;
        }
        if f.is_list() {
            let n = self.rng.random_range(0..=4);
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(self.single(&kind, depth + 1)?);
            }
            return Some(Value::List(items));
        }
        self.single(&kind, depth + 1)
    }

    fn single(&mut self, kind: &Kind, depth: usize) -> Option<Value> {
        let pick = self.rng.random_range(0..100u32);
        Some(match kind {
            Kind::Double => Value::F64(self.double(pick)),
            Kind::Float => Value::F32(self.float(pick)),
            Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => Value::I32(self.i32(pick)),
            Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => Value::I64(self.i64(pick)),
            Kind::Uint32 | Kind::Fixed32 => Value::U32(self.u32(pick)),
            Kind::Uint64 | Kind::Fixed64 => Value::U64(self.u64(pick)),
            Kind::Bool => Value::Bool(self.rng.random()),
            Kind::String => Value::String(self.string(pick)),
            Kind::Bytes => Value::Bytes(self.bytes(pick).into()),
            Kind::Enum(e) => {
                let values: Vec<i32> = e.values().map(|v| v.number()).collect();
                // The JSON mapping writes `google.protobuf.NullValue` as `null` whatever its
                // number, so a number it does not name cannot be sent in JSON: none is made.
                let open = !self.schema.is_closed_enum(e.full_name())
                    && e.full_name() != "google.protobuf.NullValue";
                if open && pick < 10 {
                    // A number the enum does not name.
                    let max = values.iter().copied().max().unwrap_or(0);
                    let unknown = if pick < 5 {
                        max.saturating_add(1 + self.rng.random_range(0..3))
                    } else {
                        self.rng.random()
                    };
                    if values.contains(&unknown) {
                        Value::EnumNumber(values[0])
                    } else {
                        Value::EnumNumber(unknown)
                    }
                } else if values.is_empty() {
                    Value::EnumNumber(0)
                } else {
                    Value::EnumNumber(values[self.rng.random_range(0..values.len())])
                }
            }
            Kind::Message(m) => {
                if depth > self.max_depth + 2 {
                    // Only required fields go past the bound; stop a required cycle here.
                    return None;
                }
                Value::Message(self.message_at(m, depth))
            }
        })
    }

    fn map_key(&mut self, kind: &Kind) -> MapKey {
        let pick = self.rng.random_range(0..100u32);
        match kind {
            Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => MapKey::I32(self.i32(pick)),
            Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => MapKey::I64(self.i64(pick)),
            Kind::Uint32 | Kind::Fixed32 => MapKey::U32(self.u32(pick)),
            Kind::Uint64 | Kind::Fixed64 => MapKey::U64(self.u64(pick)),
            Kind::Bool => MapKey::Bool(self.rng.random()),
            _ => MapKey::String(self.string(pick)),
        }
    }

    /// One of a kind's edge values.
    fn edge<T: Clone>(&mut self, edges: &[T]) -> T {
        edges[self.rng.random_range(0..edges.len())].clone()
    }

    fn i32(&mut self, pick: u32) -> i32 {
        const EDGES: [i32; 8] = [0, 1, -1, i32::MIN, i32::MAX, 127, 128, -129];
        if pick < 40 {
            self.edge(&EDGES)
        } else if pick < 70 {
            self.rng.random_range(-1000..1000)
        } else {
            self.rng.random()
        }
    }

    fn i64(&mut self, pick: u32) -> i64 {
        const EDGES: [i64; 9] = [
            0,
            1,
            -1,
            i64::MIN,
            i64::MAX,
            i32::MAX as i64 + 1,
            i32::MIN as i64 - 1,
            1 << 53,
            u32::MAX as i64,
        ];
        if pick < 40 {
            self.edge(&EDGES)
        } else if pick < 70 {
            self.rng.random_range(-1000..1000)
        } else {
            self.rng.random()
        }
    }

    fn u32(&mut self, pick: u32) -> u32 {
        const EDGES: [u32; 5] = [0, 1, u32::MAX, i32::MAX as u32 + 1, 128];
        if pick < 40 {
            self.edge(&EDGES)
        } else if pick < 70 {
            self.rng.random_range(0..1000)
        } else {
            self.rng.random()
        }
    }

    fn u64(&mut self, pick: u32) -> u64 {
        const EDGES: [u64; 6] = [
            0,
            1,
            u64::MAX,
            i64::MAX as u64 + 1,
            u32::MAX as u64 + 1,
            128,
        ];
        if pick < 40 {
            self.edge(&EDGES)
        } else if pick < 70 {
            self.rng.random_range(0..1000)
        } else {
            self.rng.random()
        }
    }

    fn double(&mut self, pick: u32) -> f64 {
        const EDGES: [f64; 9] = [
            0.0,
            -0.0,
            1.0,
            -1.5,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        if pick < 40 {
            self.edge(&EDGES)
        } else {
            self.rng.random_range(-1e6..1e6)
        }
    }

    fn float(&mut self, pick: u32) -> f32 {
        // Not f32::MAX: prost-reflect prints it as 3.4028235e38, which its own JSON parser then
        // refuses as out of range (any float reader would): an artefact, not a schema matter.
        const EDGES: [f32; 8] = [
            0.0,
            1.0,
            -1.5,
            3.0e38,
            f32::MIN_POSITIVE,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
        ];
        if pick < 40 {
            self.edge(&EDGES)
        } else {
            self.rng.random_range(-1e6..1e6)
        }
    }

    fn string(&mut self, pick: u32) -> String {
        const EDGES: [&str; 6] = ["", "a", "héllo", "日本語", "🦀 crab", "line\nbreak \"q\""];
        if pick < 40 {
            return self.edge(&EDGES).to_owned();
        }
        let n = self.rng.random_range(1..12);
        (0..n)
            .map(|_| char::from(self.rng.random_range(b'a'..=b'z')))
            .collect()
    }

    fn bytes(&mut self, pick: u32) -> Vec<u8> {
        if pick < 20 {
            return Vec::new();
        }
        if pick < 40 {
            // Not UTF-8: what a `bytes`→`string` change meets.
            return vec![0xff, 0xfe, 0x00, 0x80];
        }
        let n = self.rng.random_range(1..10);
        let mut v = vec![0u8; n];
        self.rng.fill_bytes(&mut v);
        v
    }

    /// Values that the JSON mapping of the well-known types accepts.
    fn well_known(&mut self, desc: &MessageDescriptor, depth: usize) -> Option<DynamicMessage> {
        let mut msg = DynamicMessage::new(desc.clone());
        let field = |n: &str| desc.get_field_by_name(n);
        match desc.full_name() {
            "google.protobuf.Timestamp" => {
                let (s, n) = (field("seconds")?, field("nanos")?);
                msg.set_field(
                    &s,
                    Value::I64(self.rng.random_range(-62_135_596_800..253_402_300_800)),
                );
                msg.set_field(&n, Value::I32(self.rng.random_range(0..1_000_000_000)));
            }
            "google.protobuf.Duration" => {
                let (s, n) = (field("seconds")?, field("nanos")?);
                let secs: i64 = self.rng.random_range(-315_576_000_000..=315_576_000_000);
                let nanos: i32 = self.rng.random_range(0..1_000_000_000);
                msg.set_field(&s, Value::I64(secs));
                msg.set_field(&n, Value::I32(if secs < 0 { -nanos } else { nanos }));
            }
            "google.protobuf.FieldMask" => {
                let paths = field("paths")?;
                let n = self.rng.random_range(0..3);
                let list = (0..n)
                    .map(|i| Value::String(["a", "b_c", "d.e_f"][i].to_owned()))
                    .collect();
                msg.set_field(&paths, Value::List(list));
            }
            "google.protobuf.DoubleValue" | "google.protobuf.FloatValue" => {
                // The JSON mapping writes a wrapper as its bare number, and prost-reflect
                // writes a non-finite one as `null`, which a parser (its own too) then refuses
                // in a list or reads as unset: a wrapper gets finite values only, an artefact
                // of the library and no schema matter (plain double and float fields keep NaN
                // and the infinities).
                let v = field("value")?;
                if self.chance(70) {
                    let pick = self.rng.random_range(0..100u32);
                    let x = if desc.full_name() == "google.protobuf.DoubleValue" {
                        Value::F64(
                            Some(self.double(pick))
                                .filter(|d| d.is_finite())
                                .unwrap_or(0.0),
                        )
                    } else {
                        Value::F32(
                            Some(self.float(pick))
                                .filter(|d| d.is_finite())
                                .unwrap_or(0.0),
                        )
                    };
                    msg.set_field(&v, x);
                }
            }
            "google.protobuf.Any" => {}
            "google.protobuf.Struct" => {
                let fields = field("fields")?;
                let Kind::Message(entry) = fields.kind() else {
                    return None;
                };
                let Kind::Message(value) = entry.map_entry_value_field().kind() else {
                    return None;
                };
                let mut map = std::collections::HashMap::new();
                if depth < self.max_depth && self.chance(50) {
                    let v = self.json_value(&value, depth + 1)?;
                    map.insert(MapKey::String(self.string(50)), Value::Message(v));
                }
                msg.set_field(&fields, Value::Map(map));
            }
            "google.protobuf.Value" => return self.json_value(desc, depth),
            "google.protobuf.ListValue" => {
                let values = field("values")?;
                let Kind::Message(value) = values.kind() else {
                    return None;
                };
                let mut list = Vec::new();
                if depth < self.max_depth && self.chance(50) {
                    list.push(Value::Message(self.json_value(&value, depth + 1)?));
                }
                msg.set_field(&values, Value::List(list));
            }
            _ => return None,
        }
        Some(msg)
    }

    /// A `google.protobuf.Value` with a finite number (JSON has no NaN or infinity).
    fn json_value(&mut self, desc: &MessageDescriptor, _depth: usize) -> Option<DynamicMessage> {
        let mut msg = DynamicMessage::new(desc.clone());
        match self.rng.random_range(0..4) {
            0 => {
                let f = desc.get_field_by_name("null_value")?;
                msg.set_field(&f, Value::EnumNumber(0));
            }
            1 => {
                let f = desc.get_field_by_name("number_value")?;
                msg.set_field(
                    &f,
                    Value::F64(f64::from(self.rng.random_range(-1000..1000))),
                );
            }
            2 => {
                let f = desc.get_field_by_name("string_value")?;
                let s = self.string(50);
                msg.set_field(&f, Value::String(s));
            }
            _ => {
                let f = desc.get_field_by_name("bool_value")?;
                msg.set_field(&f, Value::Bool(self.rng.random()));
            }
        }
        Some(msg)
    }
}
