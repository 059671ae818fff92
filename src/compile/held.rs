//! Source locations held back from the linker and put back after it.
//!
//! While linking a file, the linker (prost-reflect's descriptor pool, under protox) rewrites
//! the path of every source location under an option it resolves, from the option's
//! `uninterpreted_option` path to the path of the field it sets. It looks for those locations
//! by scanning all of the file's locations once per option: on a googleapis-sized file with an
//! option on most fields, that scan was a quarter of the whole run. Only a location whose path
//! holds `uninterpreted_option`'s number (999) can be rewritten, so a file parsed ahead gives
//! the linker those alone; the others are held here, already encoded, and spliced back into
//! the linked set in their places. The set is the one linking every location gives (a test in
//! `compile` compares them).

use std::ops::Range;

use prost_types::SourceCodeInfo;

use crate::model::descriptor::tag;
use crate::wire::{self, Value};

/// The field number of `uninterpreted_option` in every `*Options` message.
const UNINTERPRETED_OPTION: i32 = 999;
/// `FileDescriptorProto.source_code_info` and `SourceCodeInfo.location`.
const FILE_SOURCE_CODE_INFO: u32 = tag::file::SOURCE_CODE_INFO as u32;
const INFO_LOCATION: u32 = tag::source_code_info::LOCATION as u32;

/// One file's locations in their order: runs held here (encoded as `location` fields) and
/// runs left to the linker.
#[derive(Debug, Default)]
pub struct Held {
    bytes: Vec<u8>,
    runs: Vec<Run>,
}

#[derive(Debug)]
enum Run {
    Held(Range<usize>),
    Linked(usize),
}

impl Held {
    /// Takes from `info` every location the linker cannot rewrite.
    pub fn take(info: &mut SourceCodeInfo) -> Held {
        let mut held = Held::default();
        let mut linked = Vec::new();
        for loc in std::mem::take(&mut info.location) {
            if loc.path.contains(&UNINTERPRETED_OPTION) {
                match held.runs.last_mut() {
                    Some(Run::Linked(n)) => *n += 1,
                    _ => held.runs.push(Run::Linked(1)),
                }
                linked.push(loc);
            } else {
                let start = held.bytes.len();
                prost::encoding::message::encode(INFO_LOCATION, &loc, &mut held.bytes);
                let end = held.bytes.len();
                match held.runs.last_mut() {
                    Some(Run::Held(r)) if r.end == start => r.end = end,
                    _ => held.runs.push(Run::Held(start..end)),
                }
            }
        }
        info.location = linked;
        held
    }

    /// The `SourceCodeInfo` payload with the held locations back in their places, from the
    /// linked one's `location` fields; `None` if the linked file has not as many as were left
    /// to the linker.
    fn restore(&self, linked_info: &[u8]) -> Option<Vec<u8>> {
        let mut linked = wire::fields(linked_info)?
            .into_iter()
            .filter(|f| f.number == INFO_LOCATION);
        let mut out = Vec::with_capacity(self.bytes.len() + linked_info.len());
        for run in &self.runs {
            match run {
                Run::Held(r) => out.extend_from_slice(self.bytes.get(r.clone())?),
                Run::Linked(n) => {
                    for _ in 0..*n {
                        out.extend_from_slice(linked.next()?.raw);
                    }
                }
            }
        }
        linked.next().is_none().then_some(out)
    }
}

/// One linked `FileDescriptorProto` with the locations held from it (`h`) put back; `None` if
/// it is malformed or its linked locations do not match what was held.
pub fn restore_file(file: &[u8], h: &Held) -> Option<Vec<u8>> {
    let fields = wire::fields(file)?;
    let info = fields.iter().find_map(|f| match (f.number, f.value) {
        (FILE_SOURCE_CODE_INFO, Value::Len(i)) => Some(i),
        _ => None,
    });
    let info = h.restore(info.unwrap_or_default())?;
    // The file's fields in their order, `source_code_info` where it was (or where its number
    // puts it).
    let mut file_out = Vec::with_capacity(file.len() + info.len());
    let mut placed = false;
    for f in &fields {
        if f.number == FILE_SOURCE_CODE_INFO {
            if !placed {
                wire::put_len(&mut file_out, FILE_SOURCE_CODE_INFO, &info);
                placed = true;
            }
            continue;
        }
        if f.number > FILE_SOURCE_CODE_INFO && !placed {
            wire::put_len(&mut file_out, FILE_SOURCE_CODE_INFO, &info);
            placed = true;
        }
        file_out.extend_from_slice(f.raw);
    }
    if !placed {
        wire::put_len(&mut file_out, FILE_SOURCE_CODE_INFO, &info);
    }
    Some(file_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message as _;
    use prost_types::source_code_info::Location;
    use prost_types::FileDescriptorProto;

    fn loc(path: &[i32]) -> Location {
        Location {
            path: path.to_vec(),
            span: vec![path.len() as i32, 0, 1],
            ..Default::default()
        }
    }

    #[test]
    fn held_locations_go_back_in_their_places_around_rewritten_ones() {
        let all = vec![
            loc(&[]),
            loc(&[4, 0]),
            loc(&[4, 0, 7, 999, 0]),
            loc(&[4, 0, 7, 999, 0, 2]),
            loc(&[4, 0, 2, 0]),
            loc(&[4, 0, 2, 0, 8, 999, 0]),
        ];
        let mut info = SourceCodeInfo {
            location: all.clone(),
        };
        let held = Held::take(&mut info);
        assert_eq!(
            info.location.len(),
            3,
            "only the option locations are linked"
        );
        // The linker rewrites the option paths in place.
        let rewritten = |l: &Location| {
            let mut l = l.clone();
            if let Some(i) = l.path.iter().position(|&p| p == 999) {
                l.path.splice(i..i + 2, [1049]);
            }
            l
        };
        info.location = info.location.iter().map(rewritten).collect();
        let file = |info: SourceCodeInfo| FileDescriptorProto {
            name: Some("a.proto".into()),
            package: Some("p".into()),
            source_code_info: Some(info),
            syntax: Some("proto3".into()),
            ..Default::default()
        };
        let linked = file(info).encode_to_vec();
        let restored = restore_file(&linked, &held).expect("restores");
        let expected = file(SourceCodeInfo {
            location: all.iter().map(rewritten).collect(),
        });
        assert_eq!(restored, expected.encode_to_vec());
        // A file without source info gets the held locations back all the same.
        let mut info = SourceCodeInfo {
            location: vec![loc(&[4, 0])],
        };
        let held = Held::take(&mut info);
        let bare = FileDescriptorProto {
            name: Some("b.proto".into()),
            syntax: Some("proto3".into()),
            ..Default::default()
        };
        let restored = restore_file(&bare.encode_to_vec(), &held).expect("restores");
        let expected = FileDescriptorProto {
            source_code_info: Some(SourceCodeInfo {
                location: vec![loc(&[4, 0])],
            }),
            ..bare
        };
        assert_eq!(restored, expected.encode_to_vec());
    }

    #[test]
    fn a_linked_file_with_other_locations_than_were_left_is_refused() {
        let mut info = SourceCodeInfo {
            location: vec![loc(&[4, 0]), loc(&[4, 0, 7, 999, 0])],
        };
        let held = Held::take(&mut info);
        for linked in [vec![], vec![loc(&[4, 0, 7, 1049]), loc(&[4, 0, 7, 1050])]] {
            let file = FileDescriptorProto {
                name: Some("a.proto".into()),
                source_code_info: Some(SourceCodeInfo { location: linked }),
                ..Default::default()
            };
            assert_eq!(restore_file(&file.encode_to_vec(), &held), None);
        }
    }
}
