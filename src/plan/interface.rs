//! What a file shows to the files that import it.
//!
//! An unchanged file's descriptors can change only through what its imports declare: the
//! names its type references resolve to (and whether each is a message or an enum), the
//! enums whose first value is a field's default, and the extensions and message fields its
//! option values are encoded with. The interface is all of that, read from the parsed (not
//! linked) file: comments, spans, services' methods and reserved ranges are left out.
//! A message may gain fields without changing what importers see (fields are names inside
//! the message, which only its own file can reach), so fields compare as "old ⊆ new".

use std::collections::BTreeSet;

use prost::Message as _;
use prost_types::{DescriptorProto, FileDescriptorProto};

/// The interface of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// Package, syntax, imports (all kinds), file options. (An editions file does not parse
    /// here: it never keeps its interface.)
    head: Vec<u8>,
    enums: Vec<Vec<u8>>,
    extensions: Vec<Vec<u8>>,
    services: Vec<String>,
    messages: Vec<MessageInterface>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct MessageInterface {
    /// Name, options, oneofs and extension ranges.
    head: Vec<u8>,
    fields: BTreeSet<Vec<u8>>,
    nested: Vec<MessageInterface>,
    enums: Vec<Vec<u8>>,
    extensions: Vec<Vec<u8>>,
}

impl Interface {
    /// The interface of the file `name` with text `text`; `None` when it does not parse
    /// (the file is then compiled, and its importers with it).
    pub fn of(name: &str, text: &str) -> Option<Interface> {
        let fd = protox_parse::parse(name, text).ok()?;
        Some(Interface::from_descriptor(fd))
    }

    fn from_descriptor(fd: FileDescriptorProto) -> Interface {
        let head = FileDescriptorProto {
            name: fd.name,
            package: fd.package,
            dependency: fd.dependency,
            public_dependency: fd.public_dependency,
            weak_dependency: fd.weak_dependency,
            options: fd.options,
            syntax: fd.syntax,
            ..Default::default()
        }
        .encode_to_vec();
        Interface {
            head,
            enums: fd.enum_type.iter().map(|e| e.encode_to_vec()).collect(),
            extensions: fd.extension.iter().map(|e| e.encode_to_vec()).collect(),
            services: fd.service.into_iter().filter_map(|s| s.name).collect(),
            messages: fd.message_type.into_iter().map(message).collect(),
        }
    }

    /// Whether a file importing a file with interface `self` on the OLD side and `new` on the
    /// NEW side (everything else being equal) compiles to the same descriptors on both sides.
    pub fn keeps(&self, new: &Interface) -> bool {
        self.head == new.head
            && self.enums == new.enums
            && self.extensions == new.extensions
            && self.services == new.services
            && messages_kept(&self.messages, &new.messages)
    }
}

fn message(m: DescriptorProto) -> MessageInterface {
    let head = DescriptorProto {
        name: m.name,
        options: m.options,
        oneof_decl: m.oneof_decl,
        extension_range: m.extension_range,
        ..Default::default()
    }
    .encode_to_vec();
    MessageInterface {
        head,
        fields: m.field.iter().map(|f| f.encode_to_vec()).collect(),
        enums: m.enum_type.iter().map(|e| e.encode_to_vec()).collect(),
        extensions: m.extension.iter().map(|e| e.encode_to_vec()).collect(),
        nested: m.nested_type.into_iter().map(message).collect(),
    }
}

fn messages_kept(old: &[MessageInterface], new: &[MessageInterface]) -> bool {
    old.len() == new.len()
        && old.iter().zip(new).all(|(o, n)| {
            o.head == n.head
                && o.enums == n.enums
                && o.extensions == n.extensions
                && o.fields.is_subset(&n.fields)
                && messages_kept(&o.nested, &n.nested)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iface(text: &str) -> Interface {
        Interface::of("a.proto", text).expect("parses")
    }

    #[test]
    fn comments_and_added_fields_keep_the_interface() {
        let old = iface("syntax = \"proto3\";\npackage p;\nmessage M { int32 a = 1; }\n");
        let commented = iface(
            "syntax = \"proto3\";\n// hello\npackage p;\nmessage M {\n  // a\n  int32 a = 1;\n}\n",
        );
        let added =
            iface("syntax = \"proto3\";\npackage p;\nmessage M { int32 a = 1; string b = 2; }\n");
        assert!(old.keeps(&commented));
        assert!(old.keeps(&added));
        assert!(!added.keeps(&old), "a field removed changes the interface");
    }

    #[test]
    fn names_kinds_enums_and_extensions_are_the_interface() {
        let old = iface("syntax = \"proto2\";\npackage p;\nmessage M { extensions 10 to 20; }\nenum E { A = 0; B = 1; }\nextend M { optional int32 x = 10; }\n");
        for new in [
            "syntax = \"proto2\";\npackage q;\nmessage M { extensions 10 to 20; }\nenum E { A = 0; B = 1; }\nextend M { optional int32 x = 10; }\n",
            "syntax = \"proto2\";\npackage p;\nmessage N { extensions 10 to 20; }\nenum E { A = 0; B = 1; }\nextend M { optional int32 x = 10; }\n",
            "syntax = \"proto2\";\npackage p;\nmessage M { extensions 10 to 20; }\nenum E { B = 1; A = 0; }\nextend M { optional int32 x = 10; }\n",
            "syntax = \"proto2\";\npackage p;\nmessage M { extensions 10 to 20; }\nenum E { A = 0; B = 1; }\nextend M { optional int64 x = 10; }\n",
            "syntax = \"proto2\";\npackage p;\nmessage M { extensions 10 to 19; }\nenum E { A = 0; B = 1; }\nextend M { optional int32 x = 10; }\n",
            "syntax = \"proto2\";\npackage p;\nimport \"b.proto\";\nmessage M { extensions 10 to 20; }\nenum E { A = 0; B = 1; }\nextend M { optional int32 x = 10; }\n",
        ] {
            assert!(!old.keeps(&iface(new)), "{new}");
        }
    }
}
