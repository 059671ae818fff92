//! The `git cat-file --batch` answer parser, over a whole stream of answers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protocheck_fuzz::protocheck::input::git::read_one;

fuzz_target!(|data: &[u8]| {
    let mut reader = data;
    for _ in 0..10_000 {
        if read_one(&mut reader).is_err() {
            break;
        }
    }
});
