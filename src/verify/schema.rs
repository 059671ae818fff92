//! One side's schema for dynamic messages: the compiled descriptor set as a prost-reflect
//! [`DescriptorPool`], with editions files lowered to the proto2 form prost-reflect accepts.
//!
//! prost-reflect (0.16) refuses `syntax = "editions"`. An editions file is lowered with its
//! resolved features (see [`crate::model::features`]): `syntax` and `edition` go (proto2
//! semantics), `DELIMITED` message fields become groups, repeated scalars get an explicit
//! `packed` option, `LEGACY_REQUIRED` fields become `required`. Closed enums are recorded here
//! for every syntax, because prost-reflect keeps unknown numbers in every enum field: the
//! classifier applies the closed-enum rule itself. What the lowering cannot express: implicit
//! presence in an editions file becomes explicit presence (a value equal to the default is then
//! still written), which changes no value a reader sees.

use std::collections::HashSet;

use prost::Message;
use prost_reflect::DescriptorPool;

use crate::compile::Compiled;
use crate::model::descriptor as md;
use crate::model::features::{self, Features};

/// One side, ready for dynamic messages.
pub struct Schema {
    pub pool: DescriptorPool,
    /// Full names of the enums that are closed (proto2, or `enum_type = CLOSED`).
    pub closed_enums: HashSet<String>,
    /// Full names of the messages defined in the compared (non-dependency) files.
    pub targets: HashSet<String>,
}

impl Schema {
    pub fn is_closed_enum(&self, full_name: &str) -> bool {
        self.closed_enums.contains(full_name)
    }
}

use crate::model::kind::{BYTES as TYPE_BYTES, GROUP as TYPE_GROUP};
use crate::model::kind::{MESSAGE as TYPE_MESSAGE, STRING as TYPE_STRING};
use crate::model::label::{REPEATED as LABEL_REPEATED, REQUIRED as LABEL_REQUIRED};

/// Builds the schema of one compiled side.
pub fn build(compiled: &Compiled) -> Result<Schema, String> {
    let bytes: &[u8] = &compiled.descriptor_set;
    let model = md::FileDescriptorSet::decode(bytes).map_err(|e| e.to_string())?;
    let mut full = prost_types::FileDescriptorSet::decode(bytes).map_err(|e| e.to_string())?;
    let mut closed_enums = HashSet::new();
    let mut targets = HashSet::new();
    for (mf, pf) in model.file.iter().zip(full.file.iter_mut()) {
        let edition = match mf.syntax.as_deref() {
            Some("editions") => mf.edition.unwrap_or(features::EDITION_2023),
            Some("proto3") => features::EDITION_PROTO3,
            _ => features::EDITION_PROTO2,
        };
        let lower = mf.syntax.as_deref() == Some("editions");
        if lower {
            pf.syntax = None;
        }
        let file_features = Features::defaults(edition)
            .merge(mf.options.as_ref().and_then(|o| o.features.as_ref()));
        let package = mf.package.clone().unwrap_or_default();
        let target = mf.name.as_deref().is_some_and(|n| compiled.is_target(n));
        let mut cx = Walk {
            closed_enums: &mut closed_enums,
            targets: &mut targets,
            target,
            lower,
        };
        cx.enums(&package, &mf.enum_type, &file_features);
        for (m, p) in mf.message_type.iter().zip(pf.message_type.iter_mut()) {
            cx.message(&package, m, p, &file_features);
        }
        for (f, p) in mf.extension.iter().zip(pf.extension.iter_mut()) {
            cx.field(f, p, &file_features);
        }
    }
    let pool = DescriptorPool::from_file_descriptor_set(full).map_err(|e| e.to_string())?;
    Ok(Schema {
        pool,
        closed_enums,
        targets,
    })
}

struct Walk<'a> {
    closed_enums: &'a mut HashSet<String>,
    targets: &'a mut HashSet<String>,
    target: bool,
    lower: bool,
}

fn join(scope: &str, name: &Option<String>) -> String {
    let name = name.as_deref().unwrap_or("");
    if scope.is_empty() {
        name.to_owned()
    } else {
        format!("{scope}.{name}")
    }
}

impl Walk<'_> {
    fn enums(&mut self, scope: &str, enums: &[md::EnumDescriptorProto], parent: &Features) {
        for e in enums {
            let f = parent.merge(e.options.as_ref().and_then(|o| o.features.as_ref()));
            if f.enum_type == features::enum_type::CLOSED {
                self.closed_enums.insert(join(scope, &e.name));
            }
        }
    }

    fn message(
        &mut self,
        scope: &str,
        m: &md::DescriptorProto,
        p: &mut prost_types::DescriptorProto,
        parent: &Features,
    ) {
        let name = join(scope, &m.name);
        if self.target {
            self.targets.insert(name.clone());
        }
        let f = parent.merge(m.options.as_ref().and_then(|o| o.features.as_ref()));
        self.enums(&name, &m.enum_type, &f);
        for (n, np) in m.nested_type.iter().zip(p.nested_type.iter_mut()) {
            self.message(&name, n, np, &f);
        }
        let map_entries: HashSet<String> = m
            .nested_type
            .iter()
            .filter(|n| n.options.as_ref().and_then(|o| o.map_entry) == Some(true))
            .map(|n| format!(".{}", join(&name, &n.name)))
            .collect();
        for (field, fp) in m.field.iter().zip(p.field.iter_mut()) {
            if field
                .type_name
                .as_deref()
                .is_some_and(|t| map_entries.contains(t))
            {
                continue;
            }
            // A field in a oneof inherits the oneof's features.
            let scope_features = field
                .oneof_index
                .and_then(|i| m.oneof_decl.get(usize::try_from(i).ok()?))
                .map(|o| f.merge(o.options.as_ref().and_then(|o| o.features.as_ref())))
                .unwrap_or(f);
            self.field(field, fp, &scope_features);
        }
        for (field, fp) in m.extension.iter().zip(p.extension.iter_mut()) {
            self.field(field, fp, &f);
        }
    }

    fn field(
        &mut self,
        field: &md::FieldDescriptorProto,
        p: &mut prost_types::FieldDescriptorProto,
        parent: &Features,
    ) {
        if !self.lower {
            return;
        }
        let f = parent.merge(field.options.as_ref().and_then(|o| o.features.as_ref()));
        let ty = field.r#type.unwrap_or(0);
        let repeated = field.label == Some(LABEL_REPEATED);
        if ty == TYPE_MESSAGE && f.message_encoding == features::message_encoding::DELIMITED {
            // Map fields stay length-prefixed whatever the feature says.
            p.r#type = Some(TYPE_GROUP);
        }
        if f.field_presence == features::presence::LEGACY_REQUIRED {
            p.label = Some(LABEL_REQUIRED);
        }
        let scalar = !matches!(ty, TYPE_MESSAGE | TYPE_GROUP | TYPE_STRING | TYPE_BYTES);
        if repeated && scalar {
            let packed = f.repeated_field_encoding == features::repeated_encoding::PACKED;
            p.options.get_or_insert_with(Default::default).packed = Some(packed);
        }
    }
}
