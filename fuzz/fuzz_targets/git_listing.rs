//! The `git ls-tree -r -z` parser and the symbolic link resolution over its listing. The input
//! is a listing, then after the first `\0\0` the link targets, one per line, given to the
//! links in order.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use protocheck_fuzz::protocheck::input::git::{parse_listing, resolve_links};
use protocheck_fuzz::split_two;

fuzz_target!(|data: &[u8]| {
    let (listing, targets) = split_two(data);
    let listing = parse_listing(listing);
    let mut lines = targets.split(|b| *b == b'\n');
    let targets: BTreeMap<String, Vec<u8>> = listing
        .links
        .iter()
        .map(|(_, oid)| (oid.clone(), lines.next().unwrap_or_default().to_vec()))
        .collect();
    let _ = resolve_links(&listing, &targets);
});
