//! The editions front end (protocheck's own scanner, rewriting and validation) through the
//! whole diff pipeline: both sides are split from one input like `diff_both_sides`, and each
//! side that does not declare an edition gets `edition = "2023";` put in front, so every input
//! reaches the front end.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protocheck_fuzz::{diff, put, scratch, split_two};

fn editions(text: &[u8]) -> Vec<u8> {
    if text.starts_with(b"edition") {
        text.to_vec()
    } else {
        [b"edition = \"2023\";\n".as_slice(), text].concat()
    }
}

fuzz_target!(|data: &[u8]| {
    let (old_text, new_text) = split_two(data);
    let old = scratch().join("editions-old");
    let new = scratch().join("editions-new");
    put(&old, "a.proto", &editions(old_text));
    put(&new, "a.proto", &editions(new_text));
    diff(&old, &new);
});
