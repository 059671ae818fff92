//! `.proto` source text through the whole diff pipeline: OLD is the fixed sample contract, NEW
//! is the sample with its one file replaced by the fuzzed bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protocheck_fuzz::{diff, put, sample_old, scratch};

fuzz_target!(|data: &[u8]| {
    let new = scratch().join("one-new");
    put(&new.join("meeting/v1"), "meeting.proto", data);
    diff(sample_old(), &new);
});
