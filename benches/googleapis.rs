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
//!
//! Then a tree of googleapis' size: the corpus copied five times, every namespace but the
//! shared ones (google/api, rpc, type, longrunning; google/protobuf is built in) renamed in
//! copies 2–5 (`google/pubsub` → `google/pubsub_k2`, `google.pubsub.` → `google.pubsub_k2.`),
//! and three changes to it, each diffed on the incremental path and on the forced full path
//! (`PROTOCHECK_FULL=1`): (a) one field deleted in one service file, (b) a comment added to
//! google/api/field_behavior.proto, (c) the scripted edits above applied to the first copy.
//! Wall time and the peak RSS of each run are printed, and the two paths' JSON compared.
//! `BENCH=small` or `BENCH=big` runs one part only; `BENCH_RUNS` sets the runs per
//! measurement of the big tree (default 3); `BUF` times buf on the same pairs, interleaved
//! with protocheck's runs (incremental, full, buf; full, buf, incremental; …), and prints how
//! many times faster each protocheck run was than buf's run of the same round, the ratio of the
//! medians and the share of buf's peak RSS; `BENCH_PAIRS=ad` measures
//! only the pairs named; `BENCH_THREADS=0` skips the thread scaling.
//! The full path of (c) is then run with 1, 2 and 4 parse threads per side
//! (`PROTOCHECK_THREADS`) and the scaling printed.
//! `PAIR_OLD`/`PAIR_NEW` add one more measured pair of directories (e.g. two versions of the
//! npm package google-proto-files).

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
    let part = std::env::var("BENCH").unwrap_or_default();
    if part != "big" {
        small(&work, &protos);
    }
    if part != "small" {
        big::run(&work, &protos);
    }
}

fn small(work: &Path, protos: &Path) {
    let (old, new, edits) = prepare(work, protos);
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
        time_verify(bin, &old, &new, work);
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
    let edits = edit_files(&files);
    (old, new, edits)
}

/// Applies the scripted edits to every `EDIT_EVERY`th of `files`; returns how many edited.
fn edit_files(files: &[PathBuf]) -> usize {
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
    edits
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

/// The googleapis-sized tree and its three changes.
mod big {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    use super::{copy_protos, edit_files, list};

    /// Namespaces (below `google/`) that stay once, shared by every copy.
    const SHARED: &[&str] = &["api", "rpc", "type", "longrunning"];
    const COPIES: usize = 5;

    pub fn run(work: &Path, protos: &Path) {
        let dir = work.join("big");
        let base = dir.join("base");
        let _ = std::fs::remove_dir_all(&dir);
        build_tree(protos, &base);
        let mut files = Vec::new();
        list(&base, &mut files);
        let bytes: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        println!(
            "\nbig tree: {} ({} files, {:.1} MiB), {COPIES} copies of the corpus",
            base.display(),
            files.len(),
            bytes as f64 / (1024.0 * 1024.0)
        );

        let mut pairs: Vec<(String, PathBuf, PathBuf)> = Vec::new();
        // (a) one field deleted in one service file of the third copy.
        let a = dir.join("a_one_field");
        copy_protos(&base, &a);
        let target = one_field_target(&a);
        let text = std::fs::read_to_string(&target).expect("read target");
        let edited = super::edit(&text, 1).expect("a field to delete");
        std::fs::write(&target, edited).expect("write target");
        pairs.push((
            format!(
                "(a) one field deleted in {}",
                target.strip_prefix(&a).unwrap_or(&target).display()
            ),
            base.clone(),
            a,
        ));
        // (b) a comment in a widely imported file.
        let b = dir.join("b_comment");
        copy_protos(&base, &b);
        let fb = b.join("google/api/field_behavior.proto");
        let text = std::fs::read_to_string(&fb).expect("read field_behavior.proto");
        let importers = files
            .iter()
            .filter(|f| {
                std::fs::read_to_string(f)
                    .is_ok_and(|t| t.contains("import \"google/api/field_behavior.proto\""))
            })
            .count();
        let edited = text.replacen(
            "enum FieldBehavior",
            "// A comment added for the benchmark.\nenum FieldBehavior",
            1,
        );
        assert_ne!(edited, text, "field_behavior.proto has its enum");
        std::fs::write(&fb, edited).expect("write field_behavior.proto");
        pairs.push((
            format!("(b) comment in google/api/field_behavior.proto ({importers} importers)"),
            base.clone(),
            b,
        ));
        // (c) the scripted edits on the first copy.
        let c = dir.join("c_edits");
        copy_protos(&base, &c);
        let mut first = Vec::new();
        list(&c, &mut first);
        first.sort();
        first.retain(|f| {
            let rel = f
                .strip_prefix(&c)
                .unwrap_or(f)
                .to_string_lossy()
                .replace('\\', "/");
            rel.split('/')
                .nth(1)
                .is_some_and(|ns| !SHARED.contains(&ns) && !ns.contains("_k"))
        });
        let edits = edit_files(&first);
        pairs.push((format!("(c) {edits} scripted edits"), base.clone(), c));
        if let (Some(o), Some(n)) = (std::env::var_os("PAIR_OLD"), std::env::var_os("PAIR_NEW")) {
            pairs.push(("(d) PAIR_OLD → PAIR_NEW".into(), o.into(), n.into()));
        }

        let runs: usize = std::env::var("BENCH_RUNS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(3);
        // `BENCH_PAIRS=ad` measures (a) and (d) only.
        let chosen = std::env::var("BENCH_PAIRS").unwrap_or_default();
        let bin = env!("CARGO_BIN_EXE_protocheck");
        let buf = std::env::var_os("BUF");
        let out_dir = dir.join("out");
        std::fs::create_dir_all(&out_dir).expect("create out dir");
        let mut table = Vec::new();
        for (name, old, new) in &pairs {
            let letter = name.chars().nth(1).unwrap_or(' ');
            if !chosen.is_empty() && !chosen.contains(letter) {
                continue;
            }
            println!("\n{name}");
            // Interleaved rounds, so that a load from elsewhere on the machine weighs on each
            // runner alike; each round starts one runner further (incremental, full, buf; then
            // full, buf, incremental; …), so that none always runs right after another (a run
            // right after buf's, which leaves gigabytes freed, was the slowest).
            let runners: Vec<&str> = ["incremental", "full"]
                .into_iter()
                .chain(buf.as_ref().map(|_| "buf"))
                .collect();
            let mut seen: Vec<Vec<Measured>> = runners.iter().map(|_| Vec::new()).collect();
            let mut outputs: Vec<Vec<u8>> = Vec::new();
            let mut summaries: Vec<String> = vec![String::new(); runners.len()];
            for i in 0..runs {
                for k in 0..runners.len() {
                    let r = (k + i) % runners.len();
                    let runner = &runners[r];
                    let out = out_dir.join(format!("{runner}.json"));
                    let cmd = match (*runner, &buf) {
                        ("buf", Some(buf)) => {
                            let mut cmd = Command::new(buf);
                            cmd.arg("breaking")
                                .arg(new)
                                .arg("--against")
                                .arg(old)
                                .args(["--error-format", "json"]);
                            cmd
                        }
                        _ => {
                            let mut cmd = Command::new(bin);
                            cmd.arg("diff").arg(old).arg(new).args(["--format", "json"]);
                            cmd.env_remove("PROTOCHECK_FULL");
                            if *runner == "full" {
                                cmd.env("PROTOCHECK_FULL", "1");
                            }
                            cmd
                        }
                    };
                    let m = measure(cmd, &out);
                    let text = std::fs::read(&out).expect("read output");
                    if *runner == "buf" {
                        // One JSON object per line, one line per finding.
                        let lines = text.split(|&b| b == b'\n').filter(|l| !l.is_empty());
                        summaries[r] = format!("{} findings (exit {})", lines.count(), m.code);
                    } else {
                        assert!(
                            matches!(m.code, 0 | 1),
                            "protocheck failed: exit {}",
                            m.code
                        );
                        let doc: serde_json::Value =
                            serde_json::from_slice(&text).expect("protocheck prints JSON");
                        summaries[r] = doc["summary"].to_string();
                        if i == 0 {
                            outputs.push(text);
                        }
                    }
                    println!(
                        "  {runner:<11} run {}: {:.3} s, peak RSS {} MB",
                        i + 1,
                        m.wall.as_secs_f64(),
                        m.rss_kb / 1024
                    );
                    seen[r].push(m);
                }
            }
            // The targets are ratios to buf measured side by side: each of protocheck's runs
            // against buf's run of the same round, then the medians against each other.
            if let Some(b) = runners.iter().position(|r| *r == "buf") {
                for (r, runner) in runners.iter().enumerate().filter(|(r, _)| *r != b) {
                    let by_round: Vec<String> = seen[r]
                        .iter()
                        .zip(&seen[b])
                        .map(|(ours, bufs)| format!("{:.1}×", wall(bufs) / wall(ours)))
                        .collect();
                    println!(
                        "  {runner} vs buf: {} faster by round, {:.1}× on the medians, {:.0} % of buf's peak RSS (medians)",
                        by_round.join(" / "),
                        median(&seen[b], wall) / median(&seen[r], wall),
                        100.0 * median(&seen[r], rss_kb) / median(&seen[b], rss_kb)
                    );
                }
            }
            for (r, runner) in runners.iter().enumerate() {
                let ms = &seen[r];
                let rss_median = median(ms, rss_kb) as i64 / 1024;
                let min = ms.iter().map(wall).fold(f64::INFINITY, f64::min);
                let max = ms.iter().map(wall).fold(f64::NEG_INFINITY, f64::max);
                let wall_median = median(ms, wall);
                println!(
                    "  {runner}: median {wall_median:.3} s ({min:.3}–{max:.3}), peak RSS median {rss_median} MB; {}",
                    summaries[r]
                );
                table.push(format!(
                    "| {name} | {runner} | {wall_median:.2} s ({min:.2}–{max:.2}) | {rss_median} MB |"
                ));
            }
            let same = outputs.windows(2).all(|w| w[0] == w[1]);
            println!("  incremental and full JSON identical: {same}");
            assert!(
                same,
                "the incremental path differs from the full path on {name}"
            );
        }
        // Parse threads per side on the full path of the largest change (one run each).
        let threads_wanted = std::env::var("BENCH_THREADS").map_or(true, |v| v != "0");
        if let Some((name, old, new)) = pairs.get(2).filter(|_| threads_wanted) {
            println!("\nparse threads per side, full path, {name}:");
            let mut base_wall = None;
            for threads in [1, 2, 4] {
                let mut cmd = Command::new(bin);
                cmd.arg("diff").arg(old).arg(new).args(["--format", "json"]);
                cmd.env("PROTOCHECK_FULL", "1")
                    .env("PROTOCHECK_THREADS", threads.to_string());
                let m = measure(cmd, &out_dir.join("threads.json"));
                let base = *base_wall.get_or_insert(m.wall.as_secs_f64());
                println!(
                    "  {threads} thread(s): {:.3} s ({:.2}x), peak RSS {} MB",
                    m.wall.as_secs_f64(),
                    base / m.wall.as_secs_f64(),
                    m.rss_kb / 1024
                );
            }
        }
        println!(
            "\n| change | runner | wall, median of {runs} (min–max) | peak RSS (median) |\n|---|---|---|---|"
        );
        for row in table {
            println!("{row}");
        }
    }

    struct Measured {
        wall: Duration,
        rss_kb: i64,
        code: i32,
    }

    fn wall(m: &Measured) -> f64 {
        m.wall.as_secs_f64()
    }

    fn rss_kb(m: &Measured) -> f64 {
        m.rss_kb as f64
    }

    /// The median of `of` over the runs (the upper middle one of an even count).
    fn median(ms: &[Measured], of: fn(&Measured) -> f64) -> f64 {
        let mut v: Vec<f64> = ms.iter().map(of).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    }

    /// Runs `cmd` with stdout to `out`, and measures its wall time and its own peak RSS.
    fn measure(mut cmd: Command, out: &Path) -> Measured {
        let file = std::fs::File::create(out).expect("create output file");
        cmd.stdout(Stdio::from(file)).stderr(Stdio::inherit());
        let start = Instant::now();
        let child = cmd.spawn().expect("the command runs");
        let pid = child.id() as libc::pid_t;
        let mut status = 0;
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: waits for our own child and writes its status and rusage into valid memory.
        let rc = unsafe { libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()) };
        let wall = start.elapsed();
        assert_eq!(rc, pid, "wait4 failed");
        // SAFETY: filled by the successful wait4 above.
        let usage = unsafe { usage.assume_init() };
        let code = if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        };
        // The child has been reaped by wait4: dropping the handle does not wait again.
        drop(child);
        Measured {
            wall,
            rss_kb: usage.ru_maxrss,
            code,
        }
    }

    /// The first `*service.proto` of the third copy with a field to delete, preferring one
    /// that no other file imports (a leaf API file, as a typical pull request touches).
    fn one_field_target(tree: &Path) -> PathBuf {
        let mut files = Vec::new();
        list(tree, &mut files);
        files.sort();
        let texts: Vec<String> = files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap_or_default())
            .collect();
        let rel = |f: &Path| {
            f.strip_prefix(tree)
                .unwrap_or(f)
                .to_string_lossy()
                .replace('\\', "/")
        };
        files
            .iter()
            .filter(|f| rel(f).contains("_k3/") && rel(f).ends_with("service.proto"))
            .filter(|f| {
                let r = rel(f);
                !texts.iter().any(|t| t.contains(&format!("import \"{r}\"")))
            })
            .find(|f| {
                std::fs::read_to_string(f)
                    .ok()
                    .and_then(|t| super::edit(&t, 1))
                    .is_some()
            })
            .cloned()
            .expect("a service file with a field")
    }

    /// Copies the corpus `COPIES` times into `to`, renaming the non-shared namespaces of
    /// every copy after the first.
    fn build_tree(protos: &Path, to: &Path) {
        let mut files = Vec::new();
        list(protos, &mut files);
        files.retain(|f| f.extension().is_some_and(|x| x == "proto"));
        files.sort();
        let namespaces: Vec<String> = std::fs::read_dir(protos.join("google"))
            .expect("read google/")
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !SHARED.contains(&n.as_str()))
            .collect();
        for k in 1..=COPIES {
            for f in &files {
                let rel = f
                    .strip_prefix(protos)
                    .unwrap_or(f)
                    .to_string_lossy()
                    .replace('\\', "/");
                let ns = rel.split('/').nth(1).unwrap_or("");
                let shared = !rel.starts_with("google/") || SHARED.contains(&ns);
                if shared && k > 1 {
                    continue;
                }
                let text = std::fs::read_to_string(f).expect("read corpus file");
                let (rel, text) = if k == 1 || shared {
                    (rel, text)
                } else {
                    (rename(&rel, &namespaces, k), rename(&text, &namespaces, k))
                };
                let dest = to.join(&rel);
                std::fs::create_dir_all(dest.parent().expect("a parent")).expect("mkdir");
                std::fs::write(dest, text).expect("write copy");
            }
        }
    }

    /// `google/ns/` → `google/ns_kK/`, `google.ns.` / `google.ns;` → `google.ns_kK…`, and
    /// `grafeas.` → `grafeas_kK.`.
    fn rename(text: &str, namespaces: &[String], k: usize) -> String {
        let mut out = text.to_owned();
        for ns in namespaces {
            let to = format!("{ns}_k{k}");
            for (from, into) in [
                (format!("google/{ns}/"), format!("google/{to}/")),
                (format!("google.{ns}."), format!("google.{to}.")),
                (format!("google.{ns};"), format!("google.{to};")),
            ] {
                out = out.replace(&from, &into);
            }
        }
        // The one package outside `google.`: grafeas, declared under google/devtools.
        out.replace("grafeas.", &format!("grafeas_k{k}."))
    }
}
