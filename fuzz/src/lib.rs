//! Shared helpers of the fuzz targets: the whole `protocheck diff` pipeline run in-process on
//! files written to a private temporary directory (the same path as the real binary takes,
//! input walking included).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap::Parser;
use protocheck::cli::{Cli, Command};

pub use protocheck;

/// A temporary directory that lives as long as the fuzzing process.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary directory"))
        .path()
}

/// Writes `bytes` to `dir/name`, replacing what was there (`dir` is created).
pub fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    std::fs::create_dir_all(dir).expect("create the side's directory");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the fuzzed file");
    path
}

/// Runs `protocheck diff OLD NEW --format json` in-process. Any outcome is fine (findings,
/// a compile error, an input error); a panic, a hang or an abort is what the fuzzer finds.
pub fn diff(old: &Path, new: &Path) {
    let cli = Cli::try_parse_from([
        "protocheck".as_ref(),
        "diff".as_ref(),
        old.as_os_str(),
        new.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ])
    .expect("the arguments parse");
    let Command::Diff(args) = &cli.command else {
        unreachable!("a diff command")
    };
    let _ = protocheck::commands::diff::run(args);
}

/// The fixed OLD side: the sample contract of the repository's test data.
pub fn sample_old() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch().join("sample-old");
        let text = include_str!("../../testdata/sample/old/meeting/v1/meeting.proto");
        put(&dir.join("meeting/v1"), "meeting.proto", text.as_bytes());
        dir
    })
}

/// Splits one fuzz input into two files: at the first `\0\0`, else in the middle.
pub fn split_two(data: &[u8]) -> (&[u8], &[u8]) {
    match data.windows(2).position(|w| w == b"\0\0") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => data.split_at(data.len() / 2),
    }
}
