//! The Dockerfile: built and run when a container engine answers (`docker info`); skipped
//! loudly otherwise, saying why.

mod common;

use std::process::Command;

#[test]
fn the_image_builds_and_runs_protocheck_with_git() {
    let engine = std::env::var("PROTOCHECK_CONTAINER_ENGINE").unwrap_or_else(|_| "docker".into());
    let info = Command::new(&engine)
        .args(["info", "--format", "{{.ServerVersion}}"])
        .output();
    let why = match &info {
        Err(e) => Some(format!("`{engine}` cannot be run: {e}")),
        Ok(o) if !o.status.success() => Some(format!(
            "`{engine} info` failed: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Ok(_) => None,
    };
    if let Some(why) = why {
        eprintln!(
            "\n!!!!! SKIPPED the_image_builds_and_runs_protocheck_with_git: no container engine \
             ({why}). The Dockerfile is linted by hadolint in .ci/run. !!!!!\n"
        );
        return;
    }
    let tag = "protocheck-test:latest";
    let build = Command::new(&engine)
        .args(["build", "-t", tag, "."])
        .current_dir(common::root())
        .output()
        .expect("the engine runs");
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let run = Command::new(&engine)
        .args([
            "run",
            "--rm",
            "--entrypoint",
            "sh",
            tag,
            "-c",
            "protocheck --version && git --version",
        ])
        .output()
        .expect("the engine runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains(&format!("protocheck {}", env!("CARGO_PKG_VERSION"))),
        "{stdout}"
    );
    assert!(stdout.contains("git version"), "{stdout}");
}
