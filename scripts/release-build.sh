#!/usr/bin/env bash
# Builds the protocheck binary for one target and packs its release archive with
# scripts/release-pack.sh. The release workflow runs it on a native runner for each target;
# .ci/run runs it for x86_64-unknown-linux-musl.
#
# Usage: scripts/release-build.sh TARGET [OUT]     (OUT defaults to dist/)
# Env:   PROFILE   cargo profile, `release` (default) or `dev` (a quicker check of the same path)
#
# Linux targets are musl, linked statically: mimalloc's C code needs a C compiler for musl
# (Debian/Ubuntu: `apt-get install musl-tools`, whose musl-gcc is used when CC_<target> is
# unset). Windows binaries link the C runtime statically (+crt-static), so they need no
# Visual C++ redistributable. macOS binaries link only the system libraries, as Apple requires.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 TARGET [OUT]" >&2
  exit 2
fi
target=$1
root="$(cd "$(dirname "$0")/.." && pwd)"
out=${2:-$root/dist}
profile=${PROFILE:-release}
cd "$root"

target_env=$(echo "$target" | tr 'a-z-' 'A-Z_')
case "$target" in
  *-linux-musl*)
    cc_var="CC_$(echo "$target" | tr '-' '_')"
    if [ -z "${!cc_var:-}" ] && command -v musl-gcc >/dev/null 2>&1; then
      export "$cc_var=musl-gcc"
    fi
    ;;
  *-windows-msvc)
    flags_var="CARGO_TARGET_${target_env}_RUSTFLAGS"
    export "$flags_var=${!flags_var:-} -C target-feature=+crt-static"
    ;;
esac

# Shipped binaries carry no debug info: smaller downloads, and a quicker build.
if [ "$profile" = release ]; then
  export CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_STRIP=debuginfo
fi

echo "== cargo build --locked --profile $profile --target $target"
cargo build --locked --profile "$profile" --target "$target" -p protocheck --bin protocheck

target_dir=$(cargo metadata --format-version 1 --no-deps \
  | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
case "$profile" in dev) dir=debug ;; *) dir=$profile ;; esac
case "$target" in *-windows-*) exe=.exe ;; *) exe= ;; esac
binary="$target_dir/$target/$dir/protocheck$exe"

case "$target" in
  *-linux-musl*)
    # A static binary has no program interpreter (no dynamic loader to find at run time).
    if readelf -l "$binary" | grep -q 'INTERP'; then
      echo "error: $binary is dynamically linked" >&2
      readelf -d "$binary" | grep NEEDED >&2 || true
      exit 1
    fi
    echo "statically linked: $binary"
    ;;
esac

"$binary" --version
"$root/scripts/release-pack.sh" "$target" "$binary" "$out"
