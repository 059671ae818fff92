//! `buf.yaml` (v1beta1, v1, v2): parsed as the config and as a module layout.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protocheck_fuzz::protocheck::config::bufyaml;
use protocheck_fuzz::protocheck::input::ConfigFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = bufyaml::parse(ConfigFile {
        name: "buf.yaml".into(),
        text: text.into(),
    });
});
