//! Both sides fuzzed: one input holds OLD's and NEW's text of one file, split at the first
//! `\0\0` (the seeds are the OLD/NEW pairs of the test data, so both sides are mutations of one
//! corpus and mostly still compile).
#![no_main]

use libfuzzer_sys::fuzz_target;
use protocheck_fuzz::{diff, put, scratch, split_two};

fuzz_target!(|data: &[u8]| {
    let (old_text, new_text) = split_two(data);
    let old = scratch().join("both-old");
    let new = scratch().join("both-new");
    put(&old, "a.proto", old_text);
    put(&new, "a.proto", new_text);
    diff(&old, &new);
});
