//! The bad-input matrix: each odd or hostile input gives a clear message and exit code 2 (or
//! the documented behaviour), never a crash, a hang or silence. Inputs are made in temporary
//! directories by each test (big and deep ones generated, never committed); messages are
//! pinned with snapshots.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{json, protocheck_in, Run};

const BASE: &str = "syntax = \"proto3\";\npackage p;\n\nmessage A {\n  string a = 1;\n}\n";

/// A scratch directory the test's inputs are written to; runs happen inside it with relative
/// paths, so messages do not depend on where it is.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
        p
    }

    fn run(&self, args: &[&str]) -> Run {
        protocheck_in(self.path(), args)
    }

    /// Exit code and stderr, with the scratch directory's real path replaced by `<TMP>`.
    fn shown(&self, run: &Run) -> String {
        let real = self.path().canonicalize().expect("canonical");
        let stderr = run
            .stderr
            .replace(&real.display().to_string(), "<TMP>")
            .replace(&self.path().display().to_string(), "<TMP>");
        format!("exit: {}\n{}", run.code, stderr)
    }
}

/// `diff ok BAD` with `ok` a valid one-file contract.
fn against_ok(s: &Scratch, bad: &str) -> Run {
    s.write("ok/a.proto", BASE);
    s.run(&["diff", "ok", bad])
}

#[test]
fn syntax_error() {
    let s = Scratch::new();
    s.write("bad/a.proto", BASE.replace("a = 1;", "a = 1"));
    let run = against_ok(&s, "bad");
    insta::assert_snapshot!(s.shown(&run));
}

#[test]
fn missing_import() {
    let s = Scratch::new();
    s.write(
        "bad/a.proto",
        BASE.replace("package p;", "package p;\nimport \"nope.proto\";"),
    );
    let run = against_ok(&s, "bad");
    insta::assert_snapshot!(s.shown(&run));
}

#[test]
fn import_cycle() {
    let s = Scratch::new();
    s.write(
        "bad/a.proto",
        "syntax = \"proto3\";\npackage p;\nimport \"b.proto\";\nmessage A {}\n",
    );
    s.write(
        "bad/b.proto",
        "syntax = \"proto3\";\npackage p;\nimport \"a.proto\";\nmessage B {}\n",
    );
    let run = against_ok(&s, "bad");
    insta::assert_snapshot!(s.shown(&run));
}

#[test]
fn the_same_symbol_in_two_files() {
    let s = Scratch::new();
    s.write("bad/a.proto", BASE);
    s.write("bad/b.proto", BASE);
    let run = against_ok(&s, "bad");
    insta::assert_snapshot!(s.shown(&run));
}

#[test]
fn garbage_bytes_named_binpb() {
    let s = Scratch::new();
    let garbage: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    s.write("garbage.binpb", garbage);
    let run = against_ok(&s, "garbage.binpb");
    insta::assert_snapshot!(s.shown(&run));
}

#[test]
fn a_truncated_descriptor_set() {
    let s = Scratch::new();
    let set = std::fs::read(common::root().join("testdata/descriptor_sets/sample-old.binpb"))
        .expect("sample set");
    s.write("cut.binpb", &set[..set.len() / 2]);
    let run = against_ok(&s, "cut.binpb");
    insta::assert_snapshot!(s.shown(&run));
}

/// Protobuf wire encoding, just enough to build descriptor sets by hand.
fn len_field(number: u32, bytes: &[u8]) -> Vec<u8> {
    let mut out = varint(u64::from(number << 3 | 2));
    out.extend(varint(bytes.len() as u64));
    out.extend_from_slice(bytes);
    out
}

fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// A `FileDescriptorSet` of files `(name, dependencies, message names)` in package `p`.
fn descriptor_set(files: &[(&str, &[&str], &[&str])]) -> Vec<u8> {
    let mut set = Vec::new();
    for (name, deps, messages) in files {
        let mut file = len_field(1, name.as_bytes());
        file.extend(len_field(2, b"p"));
        for d in *deps {
            file.extend(len_field(3, d.as_bytes()));
        }
        for m in *messages {
            file.extend(len_field(4, &len_field(1, m.as_bytes())));
        }
        file.extend(len_field(12, b"proto3"));
        set.extend(len_field(1, &file));
    }
    set
}

#[test]
fn descriptor_set_file_names_with_dotdot_or_absolute_are_only_names() {
    // Nothing is read or written through a descriptor set's file names: they are labels.
    // Deleting them is reported under the names as given.
    let s = Scratch::new();
    s.write(
        "old.binpb",
        descriptor_set(&[
            ("../../etc/evil.proto", &[], &["A"]),
            ("/abs/evil.proto", &[], &["B"]),
        ]),
    );
    s.write("new.binpb", descriptor_set(&[("ok.proto", &[], &["C"])]));
    let run = s.run(&["diff", "old.binpb", "new.binpb", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    let deleted: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "FILE_NO_DELETE")
        .map(|f| f["message"].as_str().unwrap_or_default().to_owned())
        .collect();
    insta::assert_snapshot!(deleted.join("\n"));
    assert!(!Path::new("/abs").exists());
}

#[test]
fn a_descriptor_set_that_lacks_a_dependency() {
    let s = Scratch::new();
    s.write(
        "old.binpb",
        descriptor_set(&[("a.proto", &["missing.proto"], &["A"])]),
    );
    let run = s.run(&["diff", "old.binpb", "old.binpb"]);
    insta::assert_snapshot!(s.shown(&run));
}

#[test]
fn non_utf8_source() {
    let s = Scratch::new();
    s.write(
        "bad/a.proto",
        b"syntax = \"proto3\";\npackage p;\n// caf\xe9\nmessage A {}\n",
    );
    let run = against_ok(&s, "bad");
    insta::assert_snapshot!(s.shown(&run));
}

#[test]
fn a_utf8_bom_is_dropped_and_positions_stay_right() {
    let s = Scratch::new();
    s.write("old/a.proto", format!("\u{feff}{BASE}"));
    s.write(
        "new/a.proto",
        format!("\u{feff}{}", BASE.replace("string a", "int32 a")),
    );
    let run = s.run(&["diff", "old", "new", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let f = &json(&run)["findings"][0];
    assert_eq!(f["rule"], "FIELD_SAME_TYPE");
    assert_eq!(
        (&f["start_line"], &f["start_column"]),
        (&5.into(), &3.into())
    );
}

#[test]
fn crlf_line_endings_keep_positions_right() {
    let s = Scratch::new();
    s.write("old/a.proto", BASE.replace('\n', "\r\n"));
    s.write(
        "new/a.proto",
        BASE.replace("string a", "int32 a").replace('\n', "\r\n"),
    );
    let run = s.run(&["diff", "old", "new", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let f = &json(&run)["findings"][0];
    assert_eq!(f["rule"], "FIELD_SAME_TYPE");
    assert_eq!(
        (
            &f["start_line"],
            &f["start_column"],
            &f["end_line"],
            &f["end_column"]
        ),
        (&5.into(), &3.into(), &5.into(), &8.into())
    );
}

#[test]
fn a_50_mb_file() {
    // 50 MB of documentation comments around one message: read, lexed and compared whole.
    let s = Scratch::new();
    let line = format!("// {}\n", "x".repeat(76));
    let mut text = String::from("syntax = \"proto3\";\npackage p;\n");
    text.push_str(&line.repeat(50 * 1024 * 1024 / line.len()));
    text.push_str("message A {\n  string a = 1;\n}\n");
    assert!(text.len() >= 50 * 1024 * 1024);
    s.write("big/a.proto", &text);
    s.write("small/a.proto", BASE);
    let run = s.run(&["diff", "small", "big"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn ten_thousand_deep_nested_messages() {
    let s = Scratch::new();
    let n = 10_000;
    let mut text = String::from("syntax = \"proto3\";\npackage p;\n");
    for i in 0..n {
        text.push_str(&format!("message M{i} {{\n"));
    }
    text.push_str(&"}\n".repeat(n));
    s.write("deep/a.proto", &text);
    let run = against_ok(&s, "deep");
    insta::assert_snapshot!(s.shown(&run));
}

#[test]
fn ten_thousand_deep_nested_messages_in_an_editions_file() {
    let s = Scratch::new();
    let n = 10_000;
    let mut text = String::from("edition = \"2023\";\npackage p;\n");
    for i in 0..n {
        text.push_str(&format!("message M{i} {{\n"));
    }
    text.push_str(&"}\n".repeat(n));
    s.write("deep/a.proto", &text);
    let run = against_ok(&s, "deep");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("nest more than 64 levels deep"),
        "{}",
        run.stderr
    );
}

/// A file whose message option holds a value nested `n` levels deep.
fn nested_option_value(n: usize) -> String {
    format!(
        "syntax = \"proto2\";\npackage p;\nimport \"google/protobuf/descriptor.proto\";\n\
         message R {{ optional R r = 1; optional int32 v = 2; }}\n\
         extend google.protobuf.MessageOptions {{ optional R ro = 50000; }}\n\
         message A {{\n  option (ro) = {}{{ v: 1 }}{};\n}}\n",
        "{ r ".repeat(n),
        " }".repeat(n)
    )
}

#[test]
fn ten_thousand_deep_nested_option_values() {
    let s = Scratch::new();
    let n = 10_000;
    let text = nested_option_value(n);
    s.write("deep/a.proto", &text);
    let run = against_ok(&s, "deep");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("nest more than 64 levels deep") && run.stderr.contains("[a.proto:7:"),
        "{}",
        run.stderr
    );
}

#[test]
fn option_values_nested_within_the_bound_compile() {
    // 40 levels (below the bound of 64) go through prost-reflect's recursive text-format
    // parser and the model without trouble.
    let s = Scratch::new();
    let n = 40;
    let text = nested_option_value(n);
    s.write("old/a.proto", &text);
    s.write("new/a.proto", &text);
    let run = s.run(&["diff", "old", "new"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_hundred_thousand_fields_in_one_message() {
    let s = Scratch::new();
    let mut text = String::from("syntax = \"proto3\";\npackage p;\nmessage A {\n");
    // 19000-19999 are reserved for protobuf itself.
    let numbers = (1..).filter(|n| !(19000..20000).contains(n));
    for (i, n) in numbers.take(100_000).enumerate() {
        text.push_str(&format!("  int32 f{i} = {n};\n"));
    }
    text.push_str("}\n");
    s.write("old/a.proto", &text);
    // NEW drops the last field: one finding, found in a message this wide.
    let cut = text.rfind("  int32").expect("a field");
    s.write("new/a.proto", format!("{}}}\n", &text[..cut]));
    let run = s.run(&["diff", "old", "new", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = json(&run);
    assert_eq!(doc["summary"]["findings"], 1, "{}", run.stdout);
    assert_eq!(doc["findings"][0]["rule"], "FIELD_NO_DELETE");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_an_input_directory() {
    let s = Scratch::new();
    s.write("bad/a.proto", BASE);
    std::fs::create_dir_all(s.path().join("bad/sub")).expect("mkdir");
    std::os::unix::fs::symlink("..", s.path().join("bad/sub/up")).expect("symlink");
    let run = against_ok(&s, "bad");
    insta::assert_snapshot!(s.shown(&run));
    // A chain of links that never ends.
    let s = Scratch::new();
    s.write("bad/a.proto", BASE);
    std::os::unix::fs::symlink("y.proto", s.path().join("bad/x.proto")).expect("symlink");
    std::os::unix::fs::symlink("x.proto", s.path().join("bad/y.proto")).expect("symlink");
    let run = against_ok(&s, "bad");
    insta::assert_snapshot!("a_symlink_loop_of_files", s.shown(&run));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_root_is_refused() {
    let s = Scratch::new();
    s.write("bad/a.proto", BASE);
    s.write("elsewhere/b.proto", BASE.replace("message A", "message B"));
    std::os::unix::fs::symlink("../elsewhere/b.proto", s.path().join("bad/b.proto"))
        .expect("symlink");
    let run = against_ok(&s, "bad");
    insta::assert_snapshot!(s.shown(&run));
    // A linked directory outside the root too.
    std::fs::remove_file(s.path().join("bad/b.proto")).expect("rm");
    std::os::unix::fs::symlink("../elsewhere", s.path().join("bad/vendor")).expect("symlink");
    let run = against_ok(&s, "bad");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the") && run.stderr.contains("vendor"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn symlinks_inside_the_root_are_followed_under_their_own_names() {
    // OLD holds its files in a hidden folder (never walked itself), reached through a linked
    // folder and a linked file; NEW has the same files for real.
    let s = Scratch::new();
    s.write("old/.store/a.proto", BASE);
    s.write("old/.store/b.txt", BASE.replace("message A", "message B"));
    std::os::unix::fs::symlink(".store", s.path().join("old/api")).expect("symlink");
    std::os::unix::fs::symlink(".store/b.txt", s.path().join("old/b.proto")).expect("symlink");
    s.write("new/api/a.proto", BASE);
    s.write("new/b.proto", BASE.replace("message A", "message B"));
    let run = s.run(&["diff", "old", "new", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json(&run)["summary"]["old_files"], 2, "{}", run.stdout);
    // A dangling link named *.proto is an error, not a silent skip.
    std::os::unix::fs::symlink("gone.proto", s.path().join("new/x.proto")).expect("symlink");
    let run = s.run(&["diff", "old", "new"]);
    insta::assert_snapshot!(s.shown(&run));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_never_opened() {
    let s = Scratch::new();
    s.write("bad/a.proto", BASE);
    let fifo = s.path().join("bad/x.proto");
    let c = std::ffi::CString::new(fifo.display().to_string()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    s.write("ok/a.proto", BASE);
    let run = run_with_deadline(s.path(), &["diff", "ok", "bad"], Duration::from_secs(120));
    insta::assert_snapshot!(s.shown(&run));
    // Named directly as OLD.
    let run = run_with_deadline(
        s.path(),
        &["diff", "bad/x.proto", "ok"],
        Duration::from_secs(120),
    );
    insta::assert_snapshot!("a_named_pipe_as_the_argument", s.shown(&run));
}

/// Runs the binary and fails the test (killing it) if it has not ended by `deadline`.
fn run_with_deadline(dir: &Path, args: &[&str], deadline: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_protocheck"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("protocheck {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let s = Scratch::new();
    s.write("ok/a.proto", BASE);
    let secret = s.write("bad/a.proto", BASE);
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_protocheck"));
    cmd.args(["diff", "ok", "bad"])
        .current_dir(s.path())
        .env("NO_COLOR", "1");
    // root reads anything: run as `nobody` then, with the scratch tree open to it.
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        for dir in ["", "ok", "bad"] {
            std::fs::set_permissions(s.path().join(dir), std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
        }
        std::fs::set_permissions(
            s.path().join("ok/a.proto"),
            std::fs::Permissions::from_mode(0o644),
        )
        .expect("chmod");
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().expect("runs");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    insta::assert_snapshot!(s.shown(&run));
}

#[test]
fn an_empty_directory() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.path().join("empty")).expect("mkdir");
    let run = against_ok(&s, "empty");
    insta::assert_snapshot!(s.shown(&run));
}

#[test]
fn old_and_new_the_same_path() {
    // Documented: the same contract on both sides has no breaking change (exit 0).
    let s = Scratch::new();
    s.write("ok/a.proto", BASE);
    let run = s.run(&["diff", "ok", "ok"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

fn git_repo(s: &Scratch) -> PathBuf {
    let repo = s.path().join("repo");
    std::fs::create_dir_all(repo.join("proto")).expect("mkdir");
    std::fs::write(repo.join("proto/a.proto"), BASE).expect("write");
    common::git(&repo, &["init", "-q", "-b", "main"]);
    common::git(&repo, &["add", "-A"]);
    common::git(
        &repo,
        &["-c", "commit.gpgsign=false", "commit", "-q", "-m", "v1"],
    );
    repo
}

#[test]
fn a_git_ref_that_is_a_file_path() {
    let s = Scratch::new();
    let repo = git_repo(&s);
    let run = protocheck_in(&repo, ["diff", "git:proto/a.proto", "proto"]);
    insta::assert_snapshot!(s.shown(&run));
}

#[test]
fn a_git_subdir_with_dotdot() {
    let s = Scratch::new();
    let repo = git_repo(&s);
    let run = protocheck_in(&repo, ["diff", "git:HEAD:../elsewhere", "proto"]);
    insta::assert_snapshot!(s.shown(&run));
    // `..` that stays inside the repository is fine.
    let run = protocheck_in(&repo, ["diff", "git:HEAD:proto/../proto", "proto"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn input_trees_are_unchanged_after_runs() {
    // Every kind of run (findings, errors, every format) leaves the inputs byte for byte and
    // mtime for mtime as they were, and writes nothing next to them.
    let s = Scratch::new();
    s.write("old/a.proto", BASE);
    s.write("new/a.proto", BASE.replace("string a", "int32 a"));
    s.write("bad/a.proto", "syntax = \"proto3\"; message {");
    let repo = git_repo(&s);
    let snapshot = || listing(s.path());
    let before = snapshot();
    for format in ["human", "json", "sarif", "github", "junit", "gitlab"] {
        for (old, new) in [("old", "new"), ("old", "bad"), ("old", "old")] {
            let run = s.run(&["diff", old, new, "--format", format]);
            assert!(run.code <= 2, "{}", run.stderr);
        }
    }
    let run = protocheck_in(&repo, ["diff", "git:HEAD:proto", "proto"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(snapshot(), before);
}

/// Every path below `root` with its bytes (files), link target (links) and mtime.
fn listing(root: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read_dir") {
            let p = e.expect("entry").path();
            let meta = std::fs::symlink_metadata(&p).expect("meta");
            let bytes = if meta.is_dir() {
                stack.push(p.clone());
                Vec::new()
            } else if meta.is_file() {
                std::fs::read(&p).expect("read")
            } else {
                Vec::new()
            };
            out.push((p, bytes, meta.modified().expect("mtime")));
        }
    }
    out.sort();
    out
}

/// The fixed options protocheck itself hands git; nothing a user typed may add another.
const OWN_GIT_OPTIONS: &[&str] = &[
    "--show-prefix",
    "--verify",
    "--quiet",
    "--is-shallow-repository",
    "-t",
    "-r",
    "-z",
    "--full-tree",
    "--batch",
];

#[cfg(unix)]
#[test]
fn a_git_ref_or_subdir_never_becomes_a_git_option_at_any_call_site() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new();
    let repo = git_repo(&s);
    // A `git` in front of the real one that logs every argument list, one argument a line.
    let real_git = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .expect("sh")
            .stdout,
    )
    .expect("utf-8");
    let bin = s.path().join("bin");
    std::fs::create_dir_all(&bin).expect("mkdir");
    let log = s.path().join("git.log");
    let wrapper = bin.join("git");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{}'; done\necho --- >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            log.display(),
            real_git.trim()
        ),
    )
    .expect("write");
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |spec: &str| {
        let _ = std::fs::remove_file(&log);
        let out = Command::new(env!("CARGO_BIN_EXE_protocheck"))
            .args(["diff", spec, "proto"])
            .current_dir(&repo)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .expect("runs");
        let calls = std::fs::read_to_string(&log).unwrap_or_default();
        (out.status.code(), calls)
    };
    // The whole successful path runs every call site: rev-parse (prefix and commit),
    // cat-file -t (SUBDIR), ls-tree and cat-file --batch.
    let (code, calls) = run("git:HEAD:proto");
    assert_eq!(code, Some(0), "{calls}");
    for site in ["--show-prefix", "--verify", "-t", "ls-tree", "--batch"] {
        assert!(
            calls.lines().any(|l| l == site),
            "{site} not called: {calls}"
        );
    }
    // Refs that look like options are refused before git runs at all.
    for spec in [
        "git:--output=x",
        "git:-p",
        "git:--upload-pack=touch x:proto",
    ] {
        let (code, calls) = run(spec);
        assert_eq!(code, Some(2), "{spec}");
        assert!(calls.is_empty(), "{spec} ran git: {calls}");
    }
    // A SUBDIR that looks like an option reaches git only after `<commit id>:`.
    for spec in [
        "git:HEAD:--output=x",
        "git:HEAD:-p",
        "git:HEAD~0:--exec=touch x",
    ] {
        let (code, calls) = run(spec);
        assert_eq!(code, Some(2), "{spec}: {calls}");
        for arg in calls.lines().filter(|l| l.starts_with('-') && *l != "---") {
            assert!(
                OWN_GIT_OPTIONS.contains(&arg),
                "{spec}: git got the option {arg:?}"
            );
        }
    }
    assert!(!repo.join("x").exists(), "an option was obeyed");
}

#[cfg(unix)]
#[test]
fn git_revisions_follow_the_same_symlink_policy() {
    let s = Scratch::new();
    let repo = git_repo(&s);
    // Inside the tree: a linked file and a linked folder are read under the links' names.
    std::fs::create_dir_all(repo.join("proto/.store")).expect("mkdir");
    std::fs::write(
        repo.join("proto/.store/b.txt"),
        BASE.replace("message A", "message B"),
    )
    .expect("write");
    std::fs::write(
        repo.join("proto/.store/c.proto"),
        BASE.replace("message A", "message C"),
    )
    .expect("write");
    std::os::unix::fs::symlink(".store/b.txt", repo.join("proto/b.proto")).expect("symlink");
    std::os::unix::fs::symlink(".store", repo.join("proto/linked")).expect("symlink");
    common::git(&repo, &["add", "-A"]);
    common::git(
        &repo,
        &["-c", "commit.gpgsign=false", "commit", "-q", "-m", "links"],
    );
    // The directory and the revision give the same files.
    let on_disk = protocheck_in(&repo, ["diff", "proto", "proto", "--format", "json"]);
    let in_git = protocheck_in(
        &repo,
        ["diff", "git:HEAD:proto", "proto", "--format", "json"],
    );
    assert_eq!(in_git.code, 0, "{}", in_git.stderr);
    assert_eq!(
        json(&on_disk)["summary"]["old_files"],
        3,
        "{}",
        on_disk.stderr
    );
    assert_eq!(
        json(&in_git)["summary"]["old_files"],
        3,
        "{}",
        in_git.stderr
    );
    // A link named *.proto out of the tree is refused, in git as on disk.
    std::os::unix::fs::symlink("../../outside.proto", repo.join("proto/out.proto"))
        .expect("symlink");
    std::fs::write(s.path().join("outside.proto"), BASE).expect("write");
    common::git(&repo, &["add", "-A"]);
    common::git(
        &repo,
        &["-c", "commit.gpgsign=false", "commit", "-q", "-m", "out"],
    );
    let run = protocheck_in(&repo, ["diff", "git:HEAD:proto", "git:HEAD~1:proto"]);
    insta::assert_snapshot!(s.shown(&run));
    let run = protocheck_in(&repo, ["diff", "proto", "git:HEAD~1:proto"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the input root"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_vendored_well_known_type_file_dropped_in_new() {
    // A difference from buf (README, "Differences from buf"): buf 1.75 reports FILE_NO_DELETE
    // and PACKAGE deletions of the types of a vendored google/protobuf/struct.proto that NEW
    // drops, although they are still there (built in). protocheck compiles the well-known
    // types from its own copies on both sides: the vendored file's deletion is reported
    // (FILE_NO_DELETE), and so is its package's (PACKAGE_NO_DELETE: no compared file declares
    // google.protobuf any more), but not its types, which are still there. Pinned per
    // category.
    let s = Scratch::new();
    let wkt = std::fs::read_to_string(
        protoc_bin_vendored::include_path()
            .expect("vendored includes")
            .join("google/protobuf/struct.proto"),
    )
    .expect("struct.proto");
    let user = "syntax = \"proto3\";\npackage p;\nimport \"google/protobuf/struct.proto\";\n\
                message A {\n  google.protobuf.Struct s = 1;\n}\n";
    s.write("old/google/protobuf/struct.proto", &wkt);
    s.write("old/a.proto", user);
    s.write("new/a.proto", user);
    let mut seen = Vec::new();
    for category in ["FILE", "PACKAGE", "WIRE_JSON"] {
        let run = s.run(&[
            "diff",
            "old",
            "new",
            "--category",
            category,
            "--format",
            "json",
        ]);
        assert!(run.code <= 1, "{category}: {}", run.stderr);
        let doc = json(&run);
        let rules: Vec<String> = doc["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| format!("{} {}", f["rule"], f["path"]))
            .collect();
        seen.push(format!("{category}: exit {} {rules:?}", run.code));
    }
    insta::assert_snapshot!(seen.join("\n"));
}

/// Found by the `editions` fuzz target: a stray closing bracket where a statement should start
/// made the editions scanner loop forever. Each is a syntax error, exit 2, located.
#[test]
fn a_stray_closing_bracket_in_an_editions_file_is_a_syntax_error() {
    for (stray, in_message) in [("]", false), (")", false), ("]", true), (")", true)] {
        let s = Scratch::new();
        let text = if in_message {
            format!("edition = \"2023\";\npackage p;\nmessage M {{\n  {stray}\n}}\n")
        } else {
            format!("edition = \"2023\";\npackage p;\n{stray}\n")
        };
        s.write("bad/a.proto", text);
        let run = s.run(&["diff", "bad", "bad"]);
        assert_eq!(
            run.code, 2,
            "{stray} (in a message: {in_message}): {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("a.proto")
                && run.stderr.contains(if in_message { ":4:" } else { ":3:" }),
            "{stray} (in a message: {in_message}): {}",
            run.stderr
        );
    }
}
