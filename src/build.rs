//! protocheck in `build.rs`: check the contract against its lock, and write a version guard
//! for tonic services.
//!
//! ```no_run
//! // build.rs, next to tonic-prost-build:
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     protocheck::build::Build::new("meeting", "proto")
//!         .against("proto.lock.binpb")      // the released contract (or "git:v1.0:proto")
//!         .release("1", "locks/v1.binpb")   // earlier releases the guard knows
//!         .run()?;                          // cargo:warning per finding; Err on a break
//!     Ok(())
//! }
//! ```
//!
//! [`Build::run`]:
//! - prints `cargo:rerun-if-changed` for every `.proto` file, the directory and the lock, so
//!   that the check runs again only when the contract or the lock changes;
//! - prints each finding as `cargo:warning=FILE:LINE: RULE: message`;
//! - fails on a breaking change unless `PROTOCHECK_ALLOW_BREAKING=1` is set;
//! - writes `contract_guard.rs` into `OUT_DIR` (see [`Guard`]), to `include!` in the crate.
//!
//! Nothing here adds a dependency to the crate: the generated guard uses only `tonic` and
//! `std`, which a tonic service already has.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::check::{self, Options};
use crate::effects::gate::Require;
use crate::effects::{Direction, Encoding};
use crate::error::Error;

/// The environment variable that lets a build with breaking changes pass.
pub const ALLOW_BREAKING: &str = "PROTOCHECK_ALLOW_BREAKING";

/// The metadata header a guarded client sends its contract fingerprint in.
pub const HEADER: &str = "x-protocheck-contract";

/// Why a build step failed.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The check could not run (unreadable input, a contract that does not compile, …).
    #[error(transparent)]
    Check(#[from] Error),
    /// The contract breaks its lock.
    #[error(
        "{count} breaking change(s) against {against} (set {ALLOW_BREAKING}=1 to build anyway)"
    )]
    Breaking {
        /// How many findings.
        count: usize,
        /// The lock or revision compared with.
        against: String,
    },
    /// `OUT_DIR` is not set or the guard cannot be written.
    #[error("cannot write the contract guard: {0}")]
    Io(String),
}

/// The build step: a check against the lock and a [`Guard`].
#[derive(Debug, Clone)]
pub struct Build {
    guard: Guard,
    against: Option<String>,
    categories: Vec<String>,
}

impl Build {
    /// The contract `name` whose sources are in `proto` (a directory, relative to the crate).
    pub fn new(name: impl Into<String>, proto: impl Into<PathBuf>) -> Build {
        Build {
            guard: Guard::new(name, proto),
            against: None,
            categories: Vec::new(),
        }
    }

    /// Compare with this lock (written by `protocheck lock`), or any OLD input (`git:REF`).
    pub fn against(mut self, lock: impl Into<String>) -> Build {
        self.against = Some(lock.into());
        self
    }

    /// Check these categories instead of the config's selection (repeatable).
    pub fn category(mut self, id: impl Into<String>) -> Build {
        self.categories.push(id.into());
        self
    }

    /// This build's release name, shown in the guard's messages (default `current`).
    pub fn version(mut self, name: impl Into<String>) -> Build {
        self.guard = self.guard.version(name);
        self
    }

    /// An earlier release the guard knows: its name and its contract (a lock or any input).
    pub fn release(mut self, name: impl Into<String>, contract: impl Into<String>) -> Build {
        self.guard = self.guard.release(name, contract);
        self
    }

    /// The lines for cargo: `rerun-if-changed`, then a `warning` per finding; and whether
    /// the build must fail.
    pub fn check(&self) -> Result<(Vec<String>, Option<Failure>), Error> {
        let proto = self.guard.proto.to_string_lossy().into_owned();
        let mut lines = rerun_lines(&self.guard.proto);
        lines.push(format!("cargo:rerun-if-env-changed={ALLOW_BREAKING}"));
        let Some(against) = &self.against else {
            return Ok((lines, None));
        };
        if !against.starts_with("git:") {
            lines.push(format!("cargo:rerun-if-changed={against}"));
        }
        let mut options = Options::new(against.clone(), proto.clone());
        options.categories = self.categories.clone();
        let report = check::run(&options)?;
        for f in report.findings() {
            let at = match (&f.new, &f.old) {
                (Some(p), _) => place(&self.guard.proto, p),
                (None, Some(p)) => format!("{against}: {}", place(Path::new(""), p)),
                (None, None) => proto.clone(),
            };
            let text = format!("{at}: {}: {}", f.rule, f.message);
            lines.push(format!("cargo:warning={}", text.replace(['\n', '\r'], " ")));
        }
        let allowed = std::env::var(ALLOW_BREAKING).is_ok_and(|v| v == "1" || v == "true");
        let failure = (report.failed() && !allowed).then(|| Failure::Breaking {
            count: report.findings().len(),
            against: against.clone(),
        });
        Ok((lines, failure))
    }

    /// Runs the step in `build.rs`: prints the cargo lines, writes `contract_guard.rs` into
    /// `OUT_DIR`, and fails on a breaking change (unless allowed).
    pub fn run(&self) -> Result<(), Failure> {
        let (lines, failure) = self.check()?;
        for l in &lines {
            println!("{l}");
        }
        if let Some(f) = failure {
            return Err(f);
        }
        let out = std::env::var_os("OUT_DIR").ok_or(Failure::Io("OUT_DIR is not set".into()))?;
        self.guard.write(&Path::new(&out).join("contract_guard.rs"))
    }
}

/// `DIR/FILE:LINE` of a place.
fn place(dir: &Path, p: &crate::model::Place) -> String {
    let file = dir.join(&*p.path);
    match &p.span {
        Some(s) => format!("{}:{}", file.display(), s.start_line),
        None => file.display().to_string(),
    }
}

/// `cargo:rerun-if-changed` for the directory and every `.proto` under it, sorted.
fn rerun_lines(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "proto") {
                files.push(path);
            }
        }
    }
    files.sort();
    std::iter::once(dir.to_path_buf())
        .chain(files)
        .map(|p| format!("cargo:rerun-if-changed={}", p.display()))
        .collect()
}

/// The version guard: the contract's name and fingerprint, the earlier releases it knows with
/// their verdicts, and tonic interceptors, generated as Rust source (`contract_guard.rs`).
///
/// The generated file defines `CONTRACT`, `RELEASE`, `FINGERPRINT`, `HEADER`, `RELEASES` (each
/// earlier release: name, fingerprint, and whether it stays compatible `backward`, this build
/// reading what it writes, and `forward`, it reading what this build writes), and two
/// interceptors for `with_interceptor`: `client` sends `FINGERPRINT` in `HEADER`; `server`
/// accepts callers of this release or of a compatible one, logs unknown fingerprints (and
/// accepts them), and rejects a release known to be incompatible with `FAILED_PRECONDITION`
/// naming both releases.
#[derive(Debug, Clone)]
pub struct Guard {
    name: String,
    version: String,
    proto: PathBuf,
    releases: Vec<(String, String)>,
}

impl Guard {
    /// The guard of contract `name`, whose sources are `proto` (any input protocheck reads).
    pub fn new(name: impl Into<String>, proto: impl Into<PathBuf>) -> Guard {
        Guard {
            name: name.into(),
            version: "current".into(),
            proto: proto.into(),
            releases: Vec::new(),
        }
    }

    /// This contract's release name.
    pub fn version(mut self, name: impl Into<String>) -> Guard {
        self.version = name.into();
        self
    }

    /// An earlier release: its name and its contract (a lock or any input).
    pub fn release(mut self, name: impl Into<String>, contract: impl Into<String>) -> Guard {
        self.releases.push((name.into(), contract.into()));
        self
    }

    /// The guard's Rust source.
    pub fn source(&self) -> Result<String, Error> {
        let proto = self.proto.to_string_lossy().into_owned();
        let own = fingerprint(&proto)?;
        let mut releases = Vec::new();
        for (name, contract) in &self.releases {
            let report = check::run(
                &Options::new(contract.clone(), proto.clone())
                    .require(&Direction::ALL, false)
                    .category("WIRE"),
            )?;
            let ok = |d: Direction| {
                let require = Require {
                    directions: vec![d],
                    encodings: vec![Encoding::Binary],
                    allow_dropped: false,
                };
                !report.findings().iter().any(|f| require.fails(&f.effects))
            };
            releases.push((
                name.clone(),
                fingerprint(contract)?,
                ok(Direction::Backward),
                ok(Direction::Forward),
            ));
        }
        Ok(render_guard(&self.name, &self.version, &own, &releases))
    }

    /// Writes the guard's source to `path`.
    pub fn write(&self, path: &Path) -> Result<(), Failure> {
        let source = self.source()?;
        std::fs::write(path, source).map_err(|e| Failure::Io(format!("{}: {e}", path.display())))
    }
}

/// The contract's fingerprint: SHA-256 (hex) over its own files' descriptors without source
/// info, sorted by name, so that comments, formatting and file order do not change it.
pub fn fingerprint(input: &str) -> Result<String, Error> {
    let files = crate::lock::normalized(input)?;
    let mut hash = Sha256::new();
    for (name, bytes) in &files {
        hash.update((name.len() as u64).to_le_bytes());
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    }
    let mut hex = String::with_capacity(64);
    for b in hash.finalize() {
        let _ = write!(hex, "{b:02x}");
    }
    Ok(hex)
}

fn render_guard(
    name: &str,
    version: &str,
    fingerprint: &str,
    releases: &[(String, String, bool, bool)],
) -> String {
    let mut table = String::new();
    for (n, fp, backward, forward) in releases {
        let _ = writeln!(
            table,
            "    Release {{ name: {n:?}, fingerprint: {fp:?}, backward: {backward}, forward: {forward} }},"
        );
    }
    GUARD_TEMPLATE
        .replace("@NAME@", &format!("{name:?}"))
        .replace("@VERSION@", &format!("{version:?}"))
        .replace("@FINGERPRINT@", &format!("{fingerprint:?}"))
        .replace("@HEADER@", &format!("{HEADER:?}"))
        .replace("@RELEASES@\n", &table)
}

const GUARD_TEMPLATE: &str = r#"// @generated by protocheck::build::Guard. Do not edit.

/// The contract this build speaks.
pub const CONTRACT: &str = @NAME@;
/// This build's release of the contract.
pub const RELEASE: &str = @VERSION@;
/// SHA-256 of the contract's normalised descriptors (no comments, formatting or file order).
pub const FINGERPRINT: &str = @FINGERPRINT@;
/// The metadata header a client sends its fingerprint in.
pub const HEADER: &str = @HEADER@;

/// An earlier release and protocheck's verdict against this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Release {
    /// The release's name.
    pub name: &'static str,
    /// Its contract fingerprint.
    pub fingerprint: &'static str,
    /// This release reads what it writes.
    pub backward: bool,
    /// It reads what this release writes.
    pub forward: bool,
}

/// The earlier releases this build knows.
pub const RELEASES: &[Release] = &[
@RELEASES@
];

/// What the server makes of a caller's fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The caller speaks this release.
    Same,
    /// A known release, compatible in both directions.
    Compatible(&'static Release),
    /// A known release that this one cannot serve.
    Incompatible(&'static Release),
    /// A fingerprint this build does not know (a newer release, or none sent).
    Unknown,
}

/// The verdict on a caller's fingerprint.
pub fn verdict(fingerprint: Option<&str>) -> Verdict {
    match fingerprint {
        Some(fp) if fp == FINGERPRINT => Verdict::Same,
        Some(fp) => match RELEASES.iter().find(|r| r.fingerprint == fp) {
            Some(r) if r.backward && r.forward => Verdict::Compatible(r),
            Some(r) => Verdict::Incompatible(r),
            None => Verdict::Unknown,
        },
        None => Verdict::Unknown,
    }
}

/// Client interceptor: sends this build's fingerprint with every call.
pub fn client(mut request: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
    request.metadata_mut().insert(
        HEADER,
        tonic::metadata::MetadataValue::from_static(FINGERPRINT),
    );
    Ok(request)
}

/// Server interceptor: accepts this release and compatible ones, logs unknown callers, and
/// rejects known-incompatible releases with `FAILED_PRECONDITION`.
pub fn server(request: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
    let sent = request.metadata().get(HEADER).and_then(|v| v.to_str().ok());
    match verdict(sent) {
        Verdict::Same | Verdict::Compatible(_) => Ok(request),
        Verdict::Unknown => {
            eprintln!(
                "contract guard: a caller of {CONTRACT} with an unknown contract ({}) accepted",
                sent.unwrap_or("no fingerprint sent")
            );
            Ok(request)
        }
        Verdict::Incompatible(r) => {
            let mut broken = Vec::new();
            if !r.backward {
                broken.push("release {RELEASE} cannot read what it sends");
            }
            if !r.forward {
                broken.push("it cannot read what release {RELEASE} sends");
            }
            Err(tonic::Status::failed_precondition(format!(
                "contract {CONTRACT}: the caller speaks release {} ({}), incompatible with this server's release {RELEASE} ({}): {}",
                r.name,
                &r.fingerprint[..12],
                &FINGERPRINT[..12],
                broken.join("; ").replace("{RELEASE}", RELEASE),
            )))
        }
    }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_ignores_comments_formatting_and_file_order() {
        let dir = tempfile_dir();
        let a = dir.join("a");
        let b = dir.join("b");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(
            a.join("x.proto"),
            "syntax = \"proto3\";\npackage p;\nmessage M { string name = 1; }\n",
        )
        .unwrap();
        std::fs::write(
            a.join("y.proto"),
            "syntax = \"proto3\";\npackage q;\nmessage N {}\n",
        )
        .unwrap();
        std::fs::write(
            b.join("x.proto"),
            "// A comment.\nsyntax = \"proto3\";\n\npackage p;\n\n/* the message */\nmessage M {\n  string name = 1; // trailing\n}\n",
        )
        .unwrap();
        std::fs::write(
            b.join("y.proto"),
            "syntax=\"proto3\"; package q; message N {}",
        )
        .unwrap();
        let fa = fingerprint(&a.to_string_lossy()).unwrap();
        let fb = fingerprint(&b.to_string_lossy()).unwrap();
        assert_eq!(fa, fb);
        assert_eq!(fa.len(), 64);
        std::fs::write(
            b.join("x.proto"),
            "syntax = \"proto3\";\npackage p;\nmessage M { string name = 2; }\n",
        )
        .unwrap();
        assert_ne!(fa, fingerprint(&b.to_string_lossy()).unwrap());
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("protocheck-guard-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn the_guard_knows_compatible_and_incompatible_releases() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let at = |p: &str| root.join(p).display().to_string();
        let source = Guard::new("meeting", root.join("proto"))
            .version("2")
            .release("1", at("testdata/meeting/v1"))
            .release("breaking", at("testdata/meeting/breaking"))
            .source()
            .unwrap();
        assert!(source.contains("pub const CONTRACT: &str = \"meeting\";"));
        assert!(source.contains("pub const RELEASE: &str = \"2\";"));
        let v1 = source.lines().find(|l| l.contains("name: \"1\"")).unwrap();
        assert!(v1.contains("backward: true, forward: true"), "{v1}");
        let breaking = source
            .lines()
            .find(|l| l.contains("name: \"breaking\""))
            .unwrap();
        assert!(
            breaking.contains("backward: false, forward: false"),
            "{breaking}"
        );
    }
}
