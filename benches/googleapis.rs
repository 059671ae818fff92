//! `cargo bench --bench googleapis`: diffs a googleapis-sized tree against a scripted edit of it.
//!
//! The corpus is the 1 592 `.proto` files of the crates.io package `google-cloud` 0.2.1,
//! fetched through cargo at benchmark time (nothing is committed). The NEW side gets a few
//! hundred deterministic edits (type changes, deleted fields, renames, deleted enum values).
//! The real `protocheck` binary runs both sides with all FILE rules; wall time (each run and
//! the median) and the peak RSS of the child are printed. Set `BUF=/path/to/buf` to time
//! `buf breaking` on the same pair for comparison.
//!
//! Then `protocheck verify` runs once on the same pair (100 payloads per message and direction,
//! binary and JSON); its wall time and its own peak RSS (from `wait4`) are printed. Set
//! `VERIFY=0` to skip it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 7;
const EDIT_EVERY: usize = 3;

fn main() {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target/bench-corpus");
    let protos = fetch_corpus(&work);
    let (old, new, edits) = prepare(&work, &protos);
    println!(
        "corpus: {} ({} files), {} scripted edits on NEW",
        protos.display(),
        count_protos(&old),
        edits
    );

    let bin = env!("CARGO_BIN_EXE_protocheck");
    let mut times = Vec::new();
    let mut findings = String::new();
    for i in 0..RUNS {
        let start = Instant::now();
        let out = Command::new(bin)
            .args(["diff"])
            .arg(&old)
            .arg(&new)
            .args(["--format", "json"])
            .stderr(Stdio::inherit())
            .output()
            .expect("protocheck runs");
        let t = start.elapsed();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "protocheck failed: {:?}",
            out.status
        );
        if i == 0 {
            let doc: serde_json::Value =
                serde_json::from_slice(&out.stdout).expect("protocheck prints JSON");
            findings = doc["summary"].to_string();
        }
        println!("run {}: {:.3} s", i + 1, t.as_secs_f64());
        times.push(t);
    }
    times.sort();
    println!("summary: {findings}");
    println!(
        "protocheck diff (FILE rules, both sides compiled): median {:.3} s, min {:.3} s, peak RSS {} MB",
        times[RUNS / 2].as_secs_f64(),
        times[0].as_secs_f64(),
        peak_child_rss_kb() / 1024
    );

    if std::env::var_os("VERIFY").is_none_or(|v| v != "0") {
        time_verify(bin, &old, &new, &work);
    }

    if let Some(buf) = std::env::var_os("BUF") {
        let mut buf_times: Vec<Duration> = Vec::new();
        for _ in 0..3 {
            let start = Instant::now();
            let status = Command::new(&buf)
                .args(["breaking"])
                .arg(&new)
                .arg("--against")
                .arg(&old)
                .args(["--error-format", "json"])
                .stdout(Stdio::null())
                .status()
                .expect("buf runs");
            assert!(status.code().is_some(), "buf was killed");
            buf_times.push(start.elapsed());
        }
        buf_times.sort();
        println!(
            "buf breaking on the same pair: median {:.3} s",
            buf_times[1].as_secs_f64()
        );
    }
}

/// One `protocheck verify` run: wall time, its own peak RSS, and the summary line.
fn time_verify(bin: &str, old: &Path, new: &Path, work: &Path) {
    let out_path = work.join("verify.json");
    let out = std::fs::File::create(&out_path).expect("create verify output");
    let start = Instant::now();
    // Reaped by `wait_with_rss` (wait4), which also reads its own peak RSS.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(bin)
        .args(["verify"])
        .arg(old)
        .arg(new)
        .args(["--count", "100", "--format", "json"])
        .stdout(out)
        .stderr(Stdio::inherit())
        .spawn()
        .expect("protocheck verify runs");
    let (code, rss_kb) = wait_with_rss(child.id());
    let t = start.elapsed();
    assert!(
        matches!(code, 0 | 1),
        "protocheck verify failed: exit {code}"
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_path).expect("read verify output"))
            .expect("protocheck verify prints JSON");
    println!("verify summary: {}", doc["summary"]);
    println!(
        "protocheck verify (100 payloads per message and direction, binary and JSON): {:.3} s, peak RSS {} MB",
        t.as_secs_f64(),
        rss_kb / 1024
    );
}

/// Waits for one child; its exit code and its own peak RSS in KB.
fn wait_with_rss(pid: u32) -> (i32, i64) {
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    let pid = libc::pid_t::try_from(pid).expect("pid fits");
    // SAFETY: wait4 writes the status and a complete rusage for the child it reaped.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()) };
    assert_eq!(rc, pid, "wait4 failed");
    // SAFETY: initialised by the successful call above.
    let rss = unsafe { usage.assume_init() }.ru_maxrss;
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, rss)
}

/// Fetches `google-cloud` 0.2.1 with cargo and returns its `protos/` directory.
fn fetch_corpus(work: &Path) -> PathBuf {
    let scratch = work.join("fetch");
    std::fs::create_dir_all(scratch.join("src")).expect("create scratch crate");
    std::fs::write(
        scratch.join("Cargo.toml"),
        "[package]\nname = \"corpus-fetch\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         [dependencies]\ngoogle-cloud = \"=0.2.1\"\n[workspace]\n",
    )
    .expect("write scratch manifest");
    std::fs::write(scratch.join("src/lib.rs"), "").expect("write scratch lib");
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .current_dir(&scratch)
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata failed");
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let manifest = meta["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "google-cloud"))
        .and_then(|p| p["manifest_path"].as_str())
        .expect("google-cloud in the metadata");
    Path::new(manifest)
        .parent()
        .expect("package dir")
        .join("protos")
}

/// Copies the corpus to `old/` and `new/`, edits `new/`, returns both and the edit count.
fn prepare(work: &Path, protos: &Path) -> (PathBuf, PathBuf, usize) {
    let old = work.join("old");
    let new = work.join("new");
    for d in [&old, &new] {
        let _ = std::fs::remove_dir_all(d);
        copy_protos(protos, d);
    }
    let mut files = Vec::new();
    list(&new, &mut files);
    files.sort();
    // Shared definitions that other files use in options and imports stay untouched, as in a
    // typical change to service contracts.
    let shared = [
        "google/api/",
        "google/rpc/",
        "google/type/",
        "google/longrunning/",
    ];
    files.retain(|f| {
        let rel = f
            .strip_prefix(&new)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        !shared.iter().any(|s| rel.starts_with(s))
    });
    let mut edits = 0;
    for (i, f) in files.iter().enumerate() {
        if i % EDIT_EVERY != 0 {
            continue;
        }
        let text = std::fs::read_to_string(f).expect("read corpus file");
        if let Some(edited) = edit(&text, i / EDIT_EVERY) {
            std::fs::write(f, edited).expect("write edited file");
            edits += 1;
        }
    }
    (old, new, edits)
}

/// One deterministic edit, chosen by `k`: a field's type, a deleted field, a renamed field,
/// or a deleted non-zero enum value. Only fields directly inside a `message` (never inside
/// `extend`, whose fields other files use as options) are touched. `None` if the file has no
/// candidate line.
fn edit(text: &str, k: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let blocks = enclosing_blocks(&lines);
    let words = |l: &str| -> Vec<String> { l.split_whitespace().map(str::to_owned).collect() };
    let is_field = |i: usize| {
        let w = words(lines[i]);
        blocks[i] == "message"
            && lines[i].trim_end().ends_with(';')
            && w.len() == 4
            && w[2] == "="
            && !["option", "reserved", "extensions", "//"].contains(&w[0].as_str())
    };
    let is_enum_value = |i: usize| {
        let w = words(lines[i]);
        blocks[i] == "enum" && w.len() == 3 && w[1] == "=" && w[2] != "0;" && w[0] != "option"
    };
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let find = |pred: &dyn Fn(usize) -> bool| (0..lines.len()).find(|&i| pred(i));
    match k % 4 {
        0 => {
            let i = find(&|i| is_field(i) && words(lines[i])[0] == "int32")
                .or_else(|| find(&|i| is_field(i) && words(lines[i])[0] == "string"))?;
            out[i] = lines[i]
                .replacen("int32 ", "int64 ", 1)
                .replacen("string ", "bytes ", 1);
        }
        1 => {
            out.remove(find(&is_field)?);
        }
        2 => {
            let i = find(&is_field)?;
            let name = words(lines[i])[1].clone();
            out[i] = lines[i].replacen(&format!(" {name} ="), &format!(" {name}_v2 ="), 1);
        }
        _ => {
            out.remove(find(&is_enum_value)?);
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    Some(s)
}

/// For each line, the keyword of the innermost block it is in (`message`, `enum`, `extend`,
/// `oneof`, `service`, …; empty at top level). Good enough for googleapis' formatting.
fn enclosing_blocks(lines: &[&str]) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        let code = l.split("//").next().unwrap_or("");
        out.push(stack.last().cloned().unwrap_or_default());
        for (pos, ch) in code.char_indices() {
            match ch {
                '{' => {
                    let head = code[..pos]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_owned();
                    stack.push(head);
                }
                '}' => {
                    stack.pop();
                }
                _ => {}
            }
        }
    }
    out
}

fn copy_protos(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for e in std::fs::read_dir(from).expect("read corpus dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_protos(&p, &to.join(e.file_name()));
        } else if p.extension().is_some_and(|x| x == "proto") {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy corpus file");
        }
    }
}

fn list(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            list(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn count_protos(dir: &Path) -> usize {
    let mut v = Vec::new();
    list(dir, &mut v);
    v.len()
}

/// Peak resident set size of the largest child process so far, in KB.
fn peak_child_rss_kb() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete rusage into the pointer it is given.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    if rc != 0 {
        return -1;
    }
    // SAFETY: initialised by the successful call above.
    unsafe { usage.assume_init() }.ru_maxrss
}
