//! A contract lock: the released contract as a deterministic `FileDescriptorSet` with source
//! info, committed next to the sources (`protocheck lock proto/ -o proto.lock.binpb`).
//!
//! A lock is an OLD input like any descriptor set (`protocheck diff proto.lock.binpb proto/`):
//! the findings keep their OLD positions, read from the lock's source info. It is the offline
//! baseline for a crate published without its history (a crates.io tarball, a shallow clone).
//!
//! The same sources always give the same bytes: the files are written in a fixed order (by
//! name, each after the files it imports), and the files that are only dependencies (the
//! well-known types, `-I` roots) are marked as imports the way buf marks them in its images,
//! so that only the contract's own files are compared.
//!
//! ```
//! # fn main() -> Result<(), protocheck::Error> {
//! let lock = protocheck::lock::lock("testdata/rules/FIELD_NO_DELETE/fires/old", &[])?;
//! assert_eq!(lock, protocheck::lock::lock("testdata/rules/FIELD_NO_DELETE/fires/old", &[])?);
//! # Ok(())
//! # }
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::check::sides;
use crate::error::Error;
use crate::wire::{self, put_len};

/// buf's image extension on a `FileDescriptorProto` (`buf.alpha.image.v1.ImageFileExtension`).
const BUF_EXTENSION: u32 = 8042;

/// The lock of `input` (a directory, a `.proto` file, a descriptor set or `git:REF`), with
/// `include` as extra import roots.
pub fn lock(input: &str, include: &[PathBuf]) -> Result<Vec<u8>, Error> {
    let compiled = sides::compile_one(input, include)?;
    canonical(&compiled.descriptor_set, &|name| compiled.is_target(name)).map_err(|message| {
        Error::from(crate::input::Error::Descriptor {
            input: input.to_owned(),
            message,
        })
    })
}

/// The contract's own files (not its dependencies), each without source info, sorted by
/// name: what a contract fingerprint is taken over ([`crate::build::fingerprint`]).
pub fn normalized(input: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let compiled = sides::compile_one(input, &[])?;
    let fail = |message: String| {
        Error::from(crate::input::Error::Descriptor {
            input: input.to_owned(),
            message,
        })
    };
    let mut out = Vec::new();
    for (field, value) in fields(&compiled.descriptor_set).map_err(fail)? {
        if let (1, Value::Bytes(bytes)) = (field, value) {
            let (name, file) = file_of(bytes).map_err(fail)?;
            if file.marked_import || !compiled.is_target(&name) {
                continue;
            }
            // source_code_info (9) holds comments and positions only.
            out.push((name, without_field(bytes, 9).map_err(fail)?));
        }
    }
    out.sort();
    Ok(out)
}

/// `message` without every occurrence of top-level field `number`.
fn without_field(message: &[u8], number: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(message.len());
    let mut rest = message;
    while !rest.is_empty() {
        let before = rest;
        let (field, _) = next_field(&mut rest)?;
        let raw = &before[..before.len() - rest.len()];
        if field != number {
            out.extend_from_slice(raw);
        }
    }
    Ok(out)
}

/// One file of a descriptor set: its encoded bytes and what ordering needs.
struct File<'a> {
    bytes: &'a [u8],
    dependencies: Vec<String>,
    marked_import: bool,
}

/// `set` rewritten in the canonical order, with every file `is_target` rejects marked as an
/// import.
fn canonical(set: &[u8], is_target: &dyn Fn(&str) -> bool) -> Result<Vec<u8>, String> {
    let mut files: BTreeMap<String, File> = BTreeMap::new();
    for (field, value) in fields(set)? {
        if let (1, Value::Bytes(bytes)) = (field, value) {
            let (name, file) = file_of(bytes)?;
            files.insert(name, file);
        }
    }
    // Depth first, by name: every file after the files it imports.
    let mut order: Vec<&str> = Vec::with_capacity(files.len());
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    fn visit<'a>(
        name: &'a str,
        files: &'a BTreeMap<String, File>,
        placed: &mut BTreeSet<&'a str>,
        order: &mut Vec<&'a str>,
    ) {
        if !placed.insert(name) {
            return;
        }
        if let Some(f) = files.get(name) {
            let mut deps: Vec<&str> = f.dependencies.iter().map(String::as_str).collect();
            deps.sort_unstable();
            for d in deps {
                if let Some((key, _)) = files.get_key_value(d) {
                    visit(key, files, placed, order);
                }
            }
        }
        order.push(name);
    }
    for name in files.keys() {
        visit(name, &files, &mut placed, &mut order);
    }
    let mut out = Vec::with_capacity(set.len() + files.len() * 8);
    for name in order {
        let f = &files[name];
        let mut bytes = f.bytes.to_vec();
        if !f.marked_import && !is_target(name) {
            // ImageFileExtension { is_import: true }
            put_len(&mut bytes, BUF_EXTENSION, &[0x08, 0x01]);
        }
        put_len(&mut out, 1, &bytes);
    }
    Ok(out)
}

/// A file's name, dependencies and whether buf already marked it as an import.
fn file_of(bytes: &[u8]) -> Result<(String, File<'_>), String> {
    let mut name = None;
    let mut file = File {
        bytes,
        dependencies: Vec::new(),
        marked_import: false,
    };
    for (field, value) in fields(bytes)? {
        match (field, value) {
            (1, Value::Bytes(b)) => name = Some(utf8(b)?),
            (3, Value::Bytes(b)) => file.dependencies.push(utf8(b)?),
            (BUF_EXTENSION, Value::Bytes(b)) => {
                file.marked_import = fields(b)?
                    .into_iter()
                    .any(|(f, v)| matches!((f, v), (1, Value::Varint(1))));
            }
            _ => {}
        }
    }
    let name = name.ok_or("a file without a name")?;
    Ok((name, file))
}

fn utf8(b: &[u8]) -> Result<String, String> {
    String::from_utf8(b.to_vec()).map_err(|_| "a name that is not UTF-8".to_owned())
}

/// A field's value, as far as ordering needs it.
enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Other,
}

/// The top-level fields of an encoded message.
fn fields(mut buf: &[u8]) -> Result<Vec<(u32, Value<'_>)>, String> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        out.push(next_field(&mut buf)?);
    }
    Ok(out)
}

/// The next field of `buf`, which moves past it.
fn next_field<'a>(buf: &mut &'a [u8]) -> Result<(u32, Value<'a>), String> {
    let f = wire::next_field(buf).map_err(|e| match e {
        wire::Malformed::Group => "a group in a descriptor".to_owned(),
        e => e.to_string(),
    })?;
    let value = match f.value {
        wire::Value::Varint(v) => Value::Varint(v),
        wire::Value::Len(b) => Value::Bytes(b),
        wire::Value::Fixed32(_) | wire::Value::Fixed64(_) => Value::Other,
    };
    Ok((f.number, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, deps: &[&str]) -> Vec<u8> {
        let mut f = Vec::new();
        for (field, s) in std::iter::once((1, name)).chain(deps.iter().map(|d| (3, *d))) {
            put_len(&mut f, field, s.as_bytes());
        }
        f
    }

    fn set(files: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        for f in files {
            put_len(&mut out, 1, f);
        }
        out
    }

    fn names(set: &[u8]) -> Vec<(String, bool)> {
        fields(set)
            .unwrap()
            .into_iter()
            .map(|(_, v)| match v {
                Value::Bytes(b) => {
                    let (n, f) = file_of(b).unwrap();
                    (n, f.marked_import)
                }
                _ => panic!("a file"),
            })
            .collect()
    }

    #[test]
    fn files_come_by_name_after_their_imports_whatever_the_input_order() {
        let a = file("a.proto", &["z/dep.proto"]);
        let b = file("b.proto", &["a.proto"]);
        let dep = file("z/dep.proto", &[]);
        let one = canonical(&set(&[b.clone(), dep.clone(), a.clone()]), &|n| {
            n != "z/dep.proto"
        });
        let two = canonical(&set(&[dep, a, b]), &|n| n != "z/dep.proto");
        assert_eq!(one, two);
        assert_eq!(
            names(&one.unwrap()),
            [
                ("z/dep.proto".to_owned(), true),
                ("a.proto".to_owned(), false),
                ("b.proto".to_owned(), false)
            ]
        );
    }

    #[test]
    fn a_lock_of_a_lock_is_the_same_lock() {
        let s = set(&[file("a.proto", &["dep.proto"]), file("dep.proto", &[])]);
        let once = canonical(&s, &|n| n == "a.proto").unwrap();
        // Read back as a descriptor set, every file not marked is a target.
        let twice = canonical(&once, &|_| true).unwrap();
        assert_eq!(once, twice);
    }

    #[test]
    fn a_truncated_set_is_an_error() {
        let s = set(&[file("a.proto", &[])]);
        assert!(canonical(&s[..s.len() - 1], &|_| true).is_err());
    }
}
