//! Messages that keep the fields their schema does not know.
//!
//! The protobuf promise behind "add a field, old peers keep working" has two halves: an old
//! peer ignores the new field, *and* an old peer that stores or forwards the message hands the
//! new field on untouched. Go, Java and C++ keep unknown fields for that second half. prost
//! does not: a prost struct drops every field it does not know while decoding. A Rust service
//! that passes client data through (meeting settings, whiteboard ops) would silently erase
//! what newer clients wrote.
//!
//! [`Kept<T>`] closes that gap for the messages a service passes through. On the wire it is
//! exactly the message `T`; in memory it is a [`DynamicMessage`] for `T`'s descriptor, which
//! records unknown fields at every nesting level and writes them back when encoding. Code reads
//! it through the generated type with [`Kept::get`]. The build script swaps `Kept<T>` in for
//! the pass-through messages (see `KEPT` in `build.rs`), so the tonic stubs carry it directly.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use prost::bytes::{Buf, BufMut};
use prost::encoding::{DecodeContext, WireType};
use prost::{DecodeError, Message};
use prost_reflect::{DynamicMessage, MessageDescriptor};

/// A generated message type together with its descriptor in the contract it was built from.
pub trait Schema: Message + Default {
    /// The descriptor of this message in the contract version the type was generated from.
    fn descriptor() -> MessageDescriptor;
}

/// A message of type `T` that keeps, and re-encodes, the fields `T` does not know.
pub struct Kept<T> {
    message: DynamicMessage,
    typed: PhantomData<fn() -> T>,
}

impl<T: Schema> Kept<T> {
    /// Wraps a typed value.
    pub fn new(value: &T) -> Result<Self, DecodeError> {
        let mut message = DynamicMessage::new(T::descriptor());
        message.transcode_from(value)?;
        Ok(Kept {
            message,
            typed: PhantomData,
        })
    }

    /// The typed view: every field `T` knows. Unknown fields stay in `self`.
    pub fn get(&self) -> Result<T, DecodeError> {
        self.message.transcode_to()
    }

    /// Numbers of the top-level fields that `T` does not know, in the order they arrived.
    pub fn unknown_field_numbers(&self) -> Vec<u32> {
        self.message.unknown_fields().map(|f| f.number()).collect()
    }
}

impl<T: Schema> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            message: DynamicMessage::new(T::descriptor()),
            typed: PhantomData,
        }
    }
}

impl<T> Clone for Kept<T> {
    fn clone(&self) -> Self {
        Kept {
            message: self.message.clone(),
            typed: PhantomData,
        }
    }
}

impl<T> PartialEq for Kept<T> {
    fn eq(&self, other: &Self) -> bool {
        self.message == other.message
    }
}

/// Equality includes the unknown fields, byte for byte.
impl<T: Eq> Eq for Kept<T> {}

/// Hashes the typed view (the unknown fields do not take part), which agrees with `Eq`: equal
/// messages have equal typed views. prost derives `Hash` on messages that contain a `Kept`
/// whenever the typed message has no floating-point field.
impl<T: Schema + Hash> Hash for Kept<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.get().ok().hash(state)
    }
}

impl<T> fmt::Debug for Kept<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.message, f)
    }
}

impl<T: Schema> Message for Kept<T> {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        self.message.encode_raw(buf)
    }

    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        self.message.merge_field(tag, wire_type, buf, ctx)
    }

    fn encoded_len(&self) -> usize {
        self.message.encoded_len()
    }

    fn clear(&mut self) {
        self.message.clear()
    }
}
