//! `protocheck.toml`: parsed, and when it parses, the rule selection of its `breaking` section
//! for the root module is computed as `diff` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protocheck_fuzz::protocheck::config::select::{self, Flags};
use protocheck_fuzz::protocheck::config::toml;
use protocheck_fuzz::protocheck::input::ConfigFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = ConfigFile {
        name: "protocheck.toml".into(),
        text: text.into(),
    };
    if let Ok(config) = toml::parse(source) {
        let flags = Flags {
            categories: &[],
            rules: &[],
            except: &[],
        };
        let _ = select::select(&config, &config.breaking_for("."), &flags);
    }
});
