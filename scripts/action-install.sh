#!/usr/bin/env bash
# Installs protocheck for the GitHub Action (action.yml) into ROOT/bin: the release binary for
# this runner when a release exists for the action's ref, else a build from the action's
# sources with cargo.
#
# Env (set by action.yml):
#   ROOT               install root; the binary lands in ROOT/bin/protocheck[.exe]
#   ACTION_PATH        the action's checkout (github.action_path): the sources to build from
#   ACTION_REF         the action's ref (github.action_ref: v0.2.0, a branch, a commit); the
#                      runner leaves it empty in composite actions, so it is then read from
#                      ACTION_PATH (.../_actions/OWNER/REPO/REF)
#   ACTION_REPOSITORY  OWNER/REPO (github.action_repository), likewise
#   RUNNER_OS, RUNNER_ARCH  the runner's (Linux|macOS|Windows, X64|ARM64|...)
#   PROTOCHECK_RELEASE_URL  where releases live (default
#                      https://github.com/OWNER/REPO/releases/download); the archive for a
#                      ref is BASE/REF/protocheck-TARGET.tar.gz (.zip on Windows) with a
#                      .sha256 beside it. A file:// URL serves a local directory.
#   CARGO              the cargo to build with (default: cargo on PATH)
#
# Exit codes: 0 installed; 2 refused or failed (a checksum that does not match, a release
# without its checksum, a download error other than "no such release", no cargo to build with).
set -euo pipefail

err() { echo "::error title=protocheck::$*"; exit 2; }
: "${ROOT:?ROOT must be set}"
: "${ACTION_PATH:?ACTION_PATH must be set}"

ref=${ACTION_REF:-}
repo=${ACTION_REPOSITORY:-}
case "$ACTION_PATH" in
  */_actions/*/*/*)
    rest=${ACTION_PATH#*/_actions/}
    [ -n "$repo" ] || repo="${rest%%/*}/$(echo "$rest" | cut -d/ -f2)"
    [ -n "$ref" ] || ref=$(echo "$rest" | cut -d/ -f3-)
    ;;
esac

# The release target for this runner; empty when no release binary is built for it.
target=
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
esac
case "$target" in
  *-windows-*) exe=.exe; archive="protocheck-$target.zip" ;;
  *) exe=; archive="protocheck-$target.tar.gz" ;;
esac

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch URL FILE: 0 fetched, 1 not there (HTTP 404, or no such file), 2 any other failure.
fetch() {
  local code rc=0
  code=$(curl -sSL --retry 3 --connect-timeout 20 -o "$2" -w '%{http_code}' "$1" 2>"$work/curl.err") || rc=$?
  case "$rc/$code" in
    0/200 | 0/000) return 0 ;;  # 000: a file:// URL, which has no status
    0/404 | 37/*) return 1 ;;   # 37: curl could not read the file (file://)
    *) echo "curl: exit $rc, HTTP $code: $(cat "$work/curl.err")" >&2; return 2 ;;
  esac
}

# build: the fallback, cargo install from the action's own sources.
build() {
  echo "$1: building protocheck from the action's sources with cargo (a few minutes; the binary is cached for the next runs of this ref)"
  local cargo=${CARGO:-cargo}
  command -v "$cargo" >/dev/null 2>&1 \
    || err "cargo is not installed: add a Rust toolchain step (e.g. dtolnay/rust-toolchain@stable) before this action, or use it at a release tag"
  "$cargo" install --locked --quiet --path "$ACTION_PATH" --root "$ROOT"
  exit 0
}

[ -n "$ref" ] || build "The action's ref is unknown (a local action)"
[ -n "$target" ] || build "No release binary is built for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}"
if [ -z "${PROTOCHECK_RELEASE_URL:-}" ] && [ -z "$repo" ]; then
  build "The action's repository is unknown"
fi
base=${PROTOCHECK_RELEASE_URL:-https://github.com/$repo/releases/download}
url="${base%/}/$ref/$archive"

echo "Downloading $url"
status=0
fetch "$url" "$work/$archive" || status=$?
case "$status" in
  1) build "No release named $ref" ;;
  2) err "could not download $url" ;;
esac
status=0
fetch "$url.sha256" "$work/$archive.sha256" || status=$?
[ "$status" -eq 0 ] || err "the release $ref has $archive but no $archive.sha256 to check it against: refusing it"
expected=$(cut -d' ' -f1 < "$work/$archive.sha256" | tr -d '\r')
actual=$(sha256 "$work/$archive")
if [ "$expected" != "$actual" ]; then
  err "checksum mismatch for $archive of release $ref: expected $expected, got $actual; refusing it"
fi
echo "sha256 $actual  $archive: OK"

mkdir -p "$work/x" "$ROOT/bin"
case "$archive" in
  *.zip)
    if command -v unzip >/dev/null 2>&1; then unzip -q "$work/$archive" -d "$work/x"
    else 7z x -bd -o"$work/x" "$work/$archive" > /dev/null; fi
    ;;
  *) tar -xzf "$work/$archive" -C "$work/x" ;;
esac
bin="$work/x/protocheck-$target/protocheck$exe"
[ -f "$bin" ] || err "$archive has no protocheck-$target/protocheck$exe"
cp "$bin" "$ROOT/bin/protocheck$exe"
chmod +x "$ROOT/bin/protocheck$exe"
echo "Installed $("$ROOT/bin/protocheck$exe" --version) ($target, release $ref)"
