//! `protocheck completions SHELL` and `protocheck man`: generated from the clap definition,
//! so every command and option appears in them.

mod common;

use common::protocheck;

#[test]
fn completions_for_each_shell_know_the_commands_and_options() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = protocheck(["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["diff", "explain", "category", "format"] {
            assert!(run.stdout.contains(word), "{shell} lacks {word}");
        }
        // The values of --format (the powershell and elvish scripts do not list values).
        if !matches!(shell, "powershell" | "elvish") {
            assert!(run.stdout.contains("sarif"), "{shell} lacks sarif");
        }
    }
    let run = protocheck(["completions", "tcsh"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn the_bash_completion_script_is_valid_bash_and_completes_a_subcommand() {
    let script = protocheck(["completions", "bash"]).stdout;
    // Source it and ask for the completions of `protocheck di`, as bash would.
    let probe = format!(
        "{script}\nCOMP_WORDS=(protocheck di); COMP_CWORD=1; COMP_LINE='protocheck di'; \
         COMP_POINT=${{#COMP_LINE}}; _protocheck protocheck di protocheck; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\""
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(probe)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "diff");
}

#[test]
fn the_man_pages_document_every_command() {
    let run = protocheck(["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH protocheck 1"), "{}", run.stdout);
    assert!(run.stdout.contains("Exit codes: 0 no breaking change"));

    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("man1");
    let run = protocheck(["man", "--dir", &out.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut pages: Vec<String> = std::fs::read_dir(&out)
        .expect("the pages")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "protocheck-baseline.1",
            "protocheck-breaking.1",
            "protocheck-completions.1",
            "protocheck-diff.1",
            "protocheck-explain.1",
            "protocheck-fix.1",
            "protocheck-lock.1",
            "protocheck-man.1",
            "protocheck-rules.1",
            "protocheck-verify.1",
            "protocheck.1"
        ]
    );
    let breaking = std::fs::read_to_string(out.join("protocheck-breaking.1")).expect("read");
    assert!(breaking.contains(r"\-\-error\-format"), "{breaking}");
    let diff = std::fs::read_to_string(out.join("protocheck-diff.1")).expect("read");
    assert!(diff.contains(".TH protocheck-diff 1"), "{diff}");
    assert!(diff.contains("\\-\\-category"), "{diff}");
    assert!(run.stdout.contains("protocheck-diff.1"), "{}", run.stdout);

    // A directory that cannot be made: a located error, exit code 2.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").expect("write");
    let run = protocheck(["man", "--dir", &file.join("sub").to_string_lossy()]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("cannot write the manual pages to"),
        "{}",
        run.stderr
    );
}
