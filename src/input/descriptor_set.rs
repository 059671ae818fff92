//! Recognising a binary `FileDescriptorSet` by its content.

use prost::Message;

use crate::model::descriptor::FileDescriptorSet;

/// True when `bytes` decode as a `FileDescriptorSet` whose files all have `.proto`-like names.
/// Protobuf source text never decodes that way: its first bytes are not a valid tag sequence
/// ending in named file descriptors.
pub fn looks_like_descriptor_set(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return false;
    }
    match FileDescriptorSet::decode(bytes) {
        Ok(set) => {
            !set.file.is_empty()
                && set
                    .file
                    .iter()
                    .all(|f| f.name.as_deref().is_some_and(|n| !n.is_empty()))
        }
        Err(_) => false,
    }
}
