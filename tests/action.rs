//! The GitHub Action (`action.yml`): its checking step's script, run with bash as the runner
//! would run it, in a shallow clone of a throwaway repository (as `actions/checkout` leaves
//! one), with the `GITHUB_*` files and the inputs set the way the step's `env:` sets them.

mod common;

use common::git;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// The `run: |` script of the step with `id: check`, dedented.
fn check_script() -> String {
    let text = std::fs::read_to_string(common::root().join("action.yml")).expect("action.yml");
    let lines: Vec<&str> = text.lines().collect();
    let step = lines
        .iter()
        .position(|l| l.trim() == "id: check")
        .expect("a step with id: check");
    let run = step
        + lines[step..]
            .iter()
            .position(|l| l.trim() == "run: |")
            .expect("its run: | script");
    let mut script = String::new();
    for line in &lines[run + 1..] {
        if !line.trim().is_empty() && !line.starts_with("        ") {
            break;
        }
        script.push_str(line.get(8..).unwrap_or(""));
        script.push('\n');
    }
    assert!(script.contains("protocheck"), "{script}");
    script
}

const V1: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nmessage User {\n  string id = 1;\n  string name = 2;\n}\n";
const BREAKING: &str =
    "syntax = \"proto3\";\npackage demo.v1;\n\nmessage User {\n  string id = 1;\n}\n";
const COMPATIBLE: &str = "syntax = \"proto3\";\npackage demo.v1;\n\nmessage User {\n  string id = 1;\n  string name = 2;\n  string email = 3;\n}\n";

struct Pr {
    _dir: tempfile::TempDir,
    /// The shallow clone of the pull request's head, where the step runs.
    clone: PathBuf,
    base: String,
}

/// An origin with `main` (the base: `proto/demo/v1/user.proto` = V1, unless `base_has_proto`
/// is false) and a `pr` branch on top that writes `head` there; then a depth-1 clone of `pr`.
fn pull_request(head: &str, base_has_proto: bool) -> Pr {
    let dir = tempfile::tempdir().expect("tempdir");
    let origin = dir.path().join("origin");
    std::fs::create_dir_all(origin.join("proto/demo/v1")).expect("mkdir");
    git(&origin, &["init", "-q", "-b", "main"]);
    // GitHub serves any reachable commit by id, which the step relies on to fetch the base.
    git(
        &origin,
        &["config", "uploadpack.allowAnySHA1InWant", "true"],
    );
    std::fs::write(origin.join("README.md"), "x\n").expect("write");
    if base_has_proto {
        std::fs::write(origin.join("proto/demo/v1/user.proto"), V1).expect("write");
    }
    git(&origin, &["add", "-A"]);
    git(&origin, &["commit", "-q", "-m", "base"]);
    let base = git(&origin, &["rev-parse", "HEAD"]).trim().to_owned();
    git(&origin, &["checkout", "-q", "-b", "pr"]);
    std::fs::write(origin.join("proto/demo/v1/user.proto"), head).expect("write");
    git(&origin, &["add", "-A"]);
    git(&origin, &["commit", "-q", "-m", "head"]);
    let url = format!("file://{}", origin.display());
    git(
        dir.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "pr", &url, "clone",
        ],
    );
    let clone = dir.path().join("clone");
    assert!(
        Command::new("git")
            .args(["cat-file", "-e", &base])
            .current_dir(&clone)
            .output()
            .is_ok_and(|o| !o.status.success()),
        "the base must be missing from the shallow clone"
    );
    Pr {
        _dir: dir,
        clone,
        base,
    }
}

struct StepRun {
    code: i32,
    stdout: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

fn run_step(pr: &Pr, inputs: &[(&str, &str)]) -> StepRun {
    let output_file = pr.clone.join("../github_output");
    let summary_file = pr.clone.join("../step_summary");
    std::fs::write(&output_file, "").expect("write");
    std::fs::write(&summary_file, "").expect("write");
    let mut cmd = common::isolated(Command::new("bash"));
    cmd.arg("-c")
        .arg(check_script())
        .current_dir(&pr.clone)
        .env("PROTOCHECK", env!("CARGO_BIN_EXE_protocheck"))
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_STEP_SUMMARY", &summary_file);
    // The step's env: every input is set, empty when not given.
    for key in [
        "INPUT_PATH",
        "INPUT_AGAINST",
        "INPUT_CATEGORY",
        "INPUT_CONFIG",
        "INPUT_FORMAT",
        "INPUT_SARIF_FILE",
        "PR_BASE_SHA",
        "PUSH_BEFORE",
        "ALLOWED_BY_LABEL",
        "LABEL",
    ] {
        cmd.env(key, "");
    }
    cmd.env("INPUT_PATH", "proto")
        .env("INPUT_FORMAT", "github")
        .env("PR_BASE_SHA", &pr.base)
        .env("ALLOWED_BY_LABEL", "false")
        .env("LABEL", "protocheck: allow-breaking");
    for (k, v) in inputs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    let outputs = std::fs::read_to_string(&output_file)
        .expect("GITHUB_OUTPUT")
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    StepRun {
        code: out.status.code().unwrap_or(-1),
        stdout: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        outputs,
        summary: std::fs::read_to_string(&summary_file).unwrap_or_default(),
    }
}

#[test]
fn a_breaking_pull_request_fails_with_annotations_and_sarif() {
    let pr = pull_request(BREAKING, true);
    let run = run_step(&pr, &[("INPUT_SARIF_FILE", "protocheck.sarif")]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "::error file=proto/demo/v1/user.proto,line=4,endLine=6,title=FIELD_NO_DELETE::"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.outputs.get("breaking").map(String::as_str),
        Some("true")
    );
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("1"));
    assert!(run.summary.contains("FIELD_NO_DELETE"), "{}", run.summary);
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(pr.clone.join("protocheck.sarif")).expect("the SARIF file"),
    )
    .expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"],
        "proto/demo/v1/user.proto"
    );
}

#[test]
fn the_label_turns_the_gate_into_a_report() {
    let pr = pull_request(BREAKING, true);
    let run = run_step(&pr, &[("ALLOWED_BY_LABEL", "true")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("::error file=proto/demo/v1/user.proto"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("::warning title=protocheck::breaking changes allowed by the pull-request label 'protocheck: allow-breaking'"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.outputs.get("breaking").map(String::as_str),
        Some("true")
    );
}

#[test]
fn a_compatible_pull_request_passes() {
    let pr = pull_request(COMPATIBLE, true);
    let run = run_step(&pr, &[("INPUT_CATEGORY", "FILE, WIRE")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("--category FILE --category WIRE"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.outputs.get("breaking").map(String::as_str),
        Some("false")
    );
}

#[test]
fn a_contract_new_in_the_pull_request_has_nothing_to_break() {
    let pr = pull_request(V1, false);
    let run = run_step(&pr, &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("::notice title=protocheck::proto does not exist at"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_explicit_against_and_an_option_like_one() {
    let pr = pull_request(BREAKING, true);
    // Branch names the clone lacks are fetched first.
    let run = run_step(&pr, &[("INPUT_AGAINST", "main"), ("PR_BASE_SHA", "")]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("Fetching main from origin"),
        "{}",
        run.stdout
    );
    let run = run_step(
        &pr,
        &[("INPUT_AGAINST", "origin/main"), ("PR_BASE_SHA", "")],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = run_step(&pr, &[("INPUT_AGAINST", "--output=x"), ("PR_BASE_SHA", "")]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(!pr.clone.join("x").exists());
}

// The install step: scripts/action-install.sh against a throwaway release layout, laid out as
// GitHub serves releases (BASE/TAG/ASSET) in a local directory and reached through file://
// URLs, with archives packed by scripts/release-pack.sh as the release workflow packs them.

/// The runners the install step knows, and the release target it picks for each.
const RUNNERS: &[(&str, &str, &str)] = &[
    ("Linux", "X64", "x86_64-unknown-linux-musl"),
    ("Linux", "ARM64", "aarch64-unknown-linux-musl"),
    ("macOS", "X64", "x86_64-apple-darwin"),
    ("macOS", "ARM64", "aarch64-apple-darwin"),
    ("Windows", "X64", "x86_64-pc-windows-msvc"),
];

const TAG: &str = "v9.9.9";

struct Releases {
    dir: tempfile::TempDir,
}

impl Releases {
    /// BASE/v9.9.9/protocheck-TARGET.{tar.gz,zip}(.sha256) for every target, each holding a
    /// script that names its target; with `real`, the Linux x86_64 archive holds the real
    /// protocheck binary instead (the others cannot run here).
    fn new(real: bool) -> Releases {
        let dir = tempfile::tempdir().expect("tempdir");
        let bins = dir.path().join("bins");
        std::fs::create_dir_all(&bins).expect("mkdir");
        for (_, _, target) in RUNNERS {
            let binary = if real && *target == "x86_64-unknown-linux-musl" {
                PathBuf::from(env!("CARGO_BIN_EXE_protocheck"))
            } else {
                let path = bins.join(target);
                std::fs::write(&path, stand_in(target)).expect("write");
                path
            };
            let out = Command::new("bash")
                .arg(common::root().join("scripts/release-pack.sh"))
                .arg(target)
                .arg(&binary)
                .arg(dir.path().join("base").join(TAG))
                .arg(env!("CARGO_BIN_EXE_protocheck"))
                .output()
                .expect("bash runs");
            assert!(
                out.status.success(),
                "release-pack.sh {target}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Releases { dir }
    }

    fn base_url(&self) -> String {
        format!("file://{}", self.dir.path().join("base").display())
    }

    fn asset(&self, target: &str) -> PathBuf {
        let ext = if target.contains("windows") {
            "zip"
        } else {
            "tar.gz"
        };
        self.dir
            .path()
            .join("base")
            .join(TAG)
            .join(format!("protocheck-{target}.{ext}"))
    }
}

fn stand_in(target: &str) -> String {
    format!("#!/bin/sh\necho \"protocheck 9.9.9 (stand-in for {target})\"\n")
}

struct Install {
    code: i32,
    stdout: String,
    root: tempfile::TempDir,
    /// What the install step asked cargo to do, when it fell back to building.
    cargo_args: Option<String>,
}

impl Install {
    fn installed(&self, exe: &str) -> Option<Vec<u8>> {
        std::fs::read(self.root.path().join("bin").join(exe)).ok()
    }
}

/// Runs the install step with the action's env (ACTION_PATH is protocheck's own checkout
/// unless `env` sets it) and a stand-in for cargo that records its arguments.
fn install(releases: &Releases, env: &[(&str, &str)]) -> Install {
    let root = tempfile::tempdir().expect("tempdir");
    let tools = tempfile::tempdir().expect("tempdir");
    let record = tools.path().join("cargo-args");
    let cargo = tools.path().join("cargo");
    std::fs::write(
        &cargo,
        format!("#!/bin/sh\necho \"$@\" > '{}'\n", record.display()),
    )
    .expect("write");
    let mut cmd = Command::new("bash");
    cmd.arg(common::root().join("scripts/action-install.sh"))
        .env("ROOT", root.path())
        .env("ACTION_PATH", common::root())
        .env("ACTION_REF", TAG)
        .env("ACTION_REPOSITORY", "owner/protocheck")
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("PROTOCHECK_RELEASE_URL", releases.base_url())
        .env("CARGO", &cargo);
    std::fs::set_permissions(&cargo, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    Install {
        code: out.status.code().unwrap_or(-1),
        stdout: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        root,
        cargo_args: std::fs::read_to_string(&record).ok(),
    }
}

#[test]
fn the_install_step_downloads_the_release_asset_of_each_runner() {
    let releases = Releases::new(true);
    for (os, arch, target) in RUNNERS {
        let run = install(&releases, &[("RUNNER_OS", os), ("RUNNER_ARCH", arch)]);
        assert_eq!(run.code, 0, "{os}/{arch}: {}", run.stdout);
        assert_eq!(run.cargo_args, None, "{os}/{arch} built: {}", run.stdout);
        let asset = releases.asset(target);
        let name = asset.file_name().and_then(|n| n.to_str()).expect("name");
        assert!(
            run.stdout
                .contains(&format!("Downloading {}/{TAG}/{name}", releases.base_url())),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!("  {name}: OK")),
            "{}",
            run.stdout
        );
        let exe = if os == &"Windows" {
            "protocheck.exe"
        } else {
            "protocheck"
        };
        let installed = run
            .installed(exe)
            .unwrap_or_else(|| panic!("{os}/{arch}: no {exe}"));
        if *target == "x86_64-unknown-linux-musl" {
            let real = std::fs::read(env!("CARGO_BIN_EXE_protocheck")).expect("the binary");
            assert!(
                installed == real,
                "the installed binary is not the released one"
            );
            assert!(
                run.stdout.contains(&format!(
                    "Installed protocheck {} ({target}, release {TAG})",
                    env!("CARGO_PKG_VERSION")
                )),
                "{}",
                run.stdout
            );
        } else {
            assert_eq!(String::from_utf8_lossy(&installed), stand_in(target));
        }
    }
}

#[test]
fn the_ref_and_repository_come_from_the_action_path_when_the_runner_leaves_them_empty() {
    let releases = Releases::new(false);
    // The runner checks a used action out at .../_actions/OWNER/REPO/REF.
    let actions = tempfile::tempdir().expect("tempdir");
    let path = actions.path().join("_actions/owner/protocheck").join(TAG);
    std::fs::create_dir_all(&path).expect("mkdir");
    let path = path.to_string_lossy().into_owned();
    let run = install(
        &releases,
        &[
            ("ACTION_PATH", &path),
            ("ACTION_REF", ""),
            ("ACTION_REPOSITORY", ""),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.cargo_args, None, "{}", run.stdout);
    assert!(run.installed("protocheck").is_some(), "{}", run.stdout);

    // Without the override, the release is looked for on GitHub, under that repository.
    let script = std::fs::read_to_string(common::root().join("scripts/action-install.sh"))
        .expect("the script");
    assert!(script.contains("https://github.com/$repo/releases/download"));
}

#[test]
fn an_archive_whose_checksum_does_not_match_is_refused() {
    let releases = Releases::new(false);
    let asset = releases.asset("aarch64-apple-darwin");
    let mut bytes = std::fs::read(&asset).expect("the archive");
    bytes.push(0);
    std::fs::write(&asset, bytes).expect("write");
    let run = install(
        &releases,
        &[("RUNNER_OS", "macOS"), ("RUNNER_ARCH", "ARM64")],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "::error title=protocheck::checksum mismatch for protocheck-aarch64-apple-darwin.tar.gz of release v9.9.9"
        ),
        "{}",
        run.stdout
    );
    assert!(run.installed("protocheck").is_none());
    assert_eq!(
        run.cargo_args, None,
        "a refused release must not fall back to a build"
    );

    // An archive without its .sha256 is refused too.
    let asset = releases.asset("x86_64-apple-darwin");
    let sum = PathBuf::from(format!("{}.sha256", asset.display()));
    std::fs::remove_file(sum).expect("rm");
    let run = install(&releases, &[("RUNNER_OS", "macOS"), ("RUNNER_ARCH", "X64")]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("no protocheck-x86_64-apple-darwin.tar.gz.sha256"),
        "{}",
        run.stdout
    );
    assert!(run.installed("protocheck").is_none());
    assert_eq!(run.cargo_args, None);
}

#[test]
fn without_a_release_for_the_ref_the_action_builds_with_cargo() {
    let releases = Releases::new(false);
    let build_args = |root: &tempfile::TempDir| {
        format!(
            "install --locked --quiet --path {} --root {}\n",
            common::root().display(),
            root.path().display()
        )
    };
    // A branch or a commit: no release of that name.
    for reference in ["main", "0123456789abcdef0123456789abcdef01234567"] {
        let run = install(&releases, &[("ACTION_REF", reference)]);
        assert_eq!(run.code, 0, "{}", run.stdout);
        assert!(
            run.stdout.contains(&format!(
                "No release named {reference}: building protocheck"
            )),
            "{}",
            run.stdout
        );
        assert_eq!(
            run.cargo_args.as_deref(),
            Some(build_args(&run.root).as_str())
        );
    }
    // A runner no release binary is built for.
    let run = install(&releases, &[("RUNNER_OS", "Linux"), ("RUNNER_ARCH", "ARM")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("No release binary is built for Linux/ARM"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.cargo_args.as_deref(),
        Some(build_args(&run.root).as_str())
    );
    // `uses: ./` (this repository's own workflow): no ref at all.
    let run = install(&releases, &[("ACTION_REF", "")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("The action's ref is unknown"),
        "{}",
        run.stdout
    );
    assert!(run.cargo_args.is_some());
    // No cargo to build with: a clear error.
    let run = install(
        &releases,
        &[("ACTION_REF", "main"), ("CARGO", "/nonexistent/cargo")],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("::error title=protocheck::cargo is not installed"),
        "{}",
        run.stdout
    );
}

#[test]
fn against_takes_bufs_input_syntax_and_fetches_the_branch() {
    let pr = pull_request(BREAKING, true);
    let run = run_step(&pr, &[("INPUT_AGAINST", ".git#branch=main,subdir=proto")]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("Fetching main from origin"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "::error file=proto/demo/v1/user.proto,line=4,endLine=6,title=FIELD_NO_DELETE::"
        ),
        "{}",
        run.stdout
    );
}
