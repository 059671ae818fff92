#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ the way `cargo fuzz build -O --debug-assertions` does,
# without needing cargo-fuzz installed: coverage instrumentation (sancov) and `--cfg fuzzing`,
# through RUSTFLAGS on an explicit --target so build scripts and proc macros stay plain.
#
#   scripts/fuzz-build.sh                  # every target, no sanitizer (what CI builds)
#   FUZZ_SANITIZER=address scripts/fuzz-build.sh diff_one_side
#
# The binaries land in fuzz/target/x86_64-unknown-linux-gnu/release/TARGET; run one with
#   fuzz/target/x86_64-unknown-linux-gnu/release/TARGET fuzz/corpus/TARGET -max_total_time=1800
# Nightly compiler flags are unlocked on a stable toolchain by RUSTC_BOOTSTRAP=1. fuzz/ is its
# own workspace with its own Cargo.lock; it is not built --locked, so a dependency added at the
# root does not break this build before fuzz/Cargo.lock is refreshed.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

triple="$(rustc -vV | sed -n 's/^host: //p')"
flags=(
    -Cpasses=sancov-module
    -Cllvm-args=-sanitizer-coverage-level=4
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
    -Cllvm-args=-sanitizer-coverage-pc-table
    -Cllvm-args=-sanitizer-coverage-trace-compares
    --cfg fuzzing
    -Cdebug-assertions
    -Coverflow-checks
)
case "${FUZZ_SANITIZER:-none}" in
    none) ;;
    address) flags+=(-Zsanitizer=address) ;;
    *) echo "fuzz-build: FUZZ_SANITIZER must be none or address" >&2; exit 2 ;;
esac

bins=()
for target in "$@"; do bins+=(--bin "$target"); done
[ ${#bins[@]} -gt 0 ] || bins=(--bins)

RUSTC_BOOTSTRAP=1 RUSTFLAGS="${flags[*]}" \
    cargo build --release --target "$triple" "${bins[@]}"
