//! Running the real binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `protocheck ARGS` from the crate root, with colour off.
pub fn protocheck<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    protocheck_in(&root(), args)
}

pub fn protocheck_in<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = isolated(Command::new(env!("CARGO_BIN_EXE_protocheck")))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the protocheck binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `cmd` (protocheck, or a tool that runs it) isolated from the user's environment: colour
/// off whatever the user forces, and git (which protocheck runs for `git:` inputs) reading no
/// user or system config.
pub fn isolated(mut cmd: Command) -> Command {
    cmd.env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

/// Whether stderr says `text`, whitespace aside (miette wraps long lines, at spaces or
/// slashes, behind a `│` gutter).
pub fn says(r: &Run, text: &str) -> bool {
    let squash = |s: &str| -> String {
        s.replace('│', "")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    squash(&r.stderr).contains(&squash(text))
}

pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        )
    })
}

/// Runs `git ARGS` in `dir` with a fixed identity and no user or system config; panics on
/// failure. Returns stdout as printed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        // `git status` would otherwise refresh the index, which some tests watch.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `bytes` to `dir/rel`, creating the directories above it.
pub fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(&p, bytes).expect("write");
    p
}

/// A throwaway git repository (in a temporary directory, as `repo/`), its git calls isolated
/// from the user's configuration (see [`git`]).
pub struct Repo {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Repo {
    /// An empty repository on branch `main`.
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("repo");
        std::fs::create_dir(&path).expect("mkdir");
        let repo = Repo { _dir: dir, path };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    /// `git ARGS` in the repository; its stdout.
    pub fn git(&self, args: &[&str]) -> String {
        git(&self.path, args)
    }

    /// Writes a file of the work tree.
    pub fn write(&self, rel: &str, text: &str) {
        write(&self.path, rel, text);
    }

    /// Commits the whole work tree (an empty commit when nothing changed).
    pub fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// Runs protocheck in the repository.
    pub fn run(&self, args: &[&str]) -> Run {
        protocheck_in(&self.path, args)
    }
}
