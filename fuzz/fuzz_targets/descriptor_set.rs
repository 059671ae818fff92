//! Descriptor-set bytes through the whole diff pipeline: OLD is the fixed sample descriptor
//! set, NEW the fuzzed bytes in a `.binpb` file (decoded as a set when they look like one,
//! else read as source text, as the binary does).
#![no_main]

use libfuzzer_sys::fuzz_target;
use protocheck_fuzz::{diff, put, scratch};

fuzz_target!(|data: &[u8]| {
    let dir = scratch().join("sets");
    let old = put(
        &dir,
        "old.binpb",
        include_bytes!("../../testdata/descriptor_sets/sample-old.binpb"),
    );
    let new = put(&dir, "new.binpb", data);
    diff(&old, &new);
});
