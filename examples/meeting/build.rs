//! Generates the meeting platform's prost messages and tonic stubs, without protoc.
//!
//! protox (pure Rust) compiles two versions of the contracts:
//! - `v2`: `proto/` at the repository root, the current contract;
//! - `v1`: `testdata/meeting/v1/`, the previous release, which still runs in production.
//!
//! Both declare the same packages (`meeting.core.v1`, `whiteboard.sync.v1`): they are two
//! revisions of one API, so a v1 client reaches a v2 server on the same gRPC paths.
//!
//! Each version is generated twice by tonic-prost-build (`compile_fds`):
//! - `plain/`: the messages as prost generates them;
//! - `api/`: the messages and the tonic server and client stubs, where the messages a service
//!   passes through without interpreting (`KEPT`) become `Kept<plain::…>`, which keeps the
//!   fields this version does not know (see `src/keep.rs`).
//!
//! The encoded descriptor set of each version lands in `OUT_DIR/<version>.fds.bin`; `Kept`
//! reads its descriptors from there.

use std::path::{Path, PathBuf};

/// (version module, contract root relative to this crate).
const VERSIONS: &[(&str, &str)] = &[("v1", "../../testdata/meeting/v1"), ("v2", "../../proto")];

/// The files of the contract, relative to its root.
const FILES: &[&str] = &[
    "meeting/core/v1/meeting.proto",
    "whiteboard/sync/v1/whiteboard.proto",
];

/// Messages that are passed through and must keep unknown fields: (proto name, alias in the
/// version module, defined in `src/lib.rs`).
const KEPT: &[(&str, &str)] = &[
    (".meeting.core.v1.MeetingSettings", "KeptMeetingSettings"),
    (".whiteboard.sync.v1.Op", "KeptOp"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    // The contract check and its version guard: proto/ against the released lock (a
    // cargo:warning per finding, the build fails on a breaking change unless
    // PROTOCHECK_ALLOW_BREAKING=1), then OUT_DIR/contract_guard.rs with the releases the
    // servers know: release 1 (compatible) and the rejected breaking revision.
    protocheck::build::Build::new("meeting", "../../proto")
        .against("proto.lock.binpb")
        .version("2")
        .release("1", "../../testdata/meeting/v1")
        .release("breaking", "../../testdata/meeting/breaking")
        .run()?;
    // Release 1's own guard (it knows no other release), and the breaking revision's, whose
    // client the interop test shows being turned away.
    protocheck::build::Guard::new("meeting", "../../testdata/meeting/v1")
        .version("1")
        .write(&out.join("v1_contract_guard.rs"))?;
    protocheck::build::Guard::new("meeting", "../../testdata/meeting/breaking")
        .version("breaking")
        .write(&out.join("breaking_contract_guard.rs"))?;
    for (version, root) in VERSIONS {
        println!("cargo:rerun-if-changed={root}");
        let mut compiler = protox::Compiler::new([Path::new(root)])?;
        compiler.include_imports(true).include_source_info(true);
        compiler.open_files(FILES.iter().copied())?;
        std::fs::write(
            out.join(format!("{version}.fds.bin")),
            compiler.encode_file_descriptor_set(),
        )?;
        let fds = compiler.file_descriptor_set();

        let plain = out.join(version).join("plain");
        std::fs::create_dir_all(&plain)?;
        tonic_prost_build::configure()
            .build_server(false)
            .build_client(false)
            .emit_rerun_if_changed(false)
            .out_dir(&plain)
            .compile_fds(fds.clone())?;

        let api = out.join(version).join("api");
        std::fs::create_dir_all(&api)?;
        let mut builder = tonic_prost_build::configure()
            .build_server(true)
            .build_client(true)
            .emit_rerun_if_changed(false)
            .out_dir(&api);
        for (proto, alias) in KEPT {
            builder = builder.extern_path(*proto, format!("crate::{version}::{alias}"));
        }
        builder.compile_fds(fds)?;
    }
    Ok(())
}
