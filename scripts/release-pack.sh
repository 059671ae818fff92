#!/usr/bin/env bash
# Packs one release archive from a built protocheck binary, in the layout that the GitHub
# Action (scripts/action-install.sh) and cargo-binstall ([package.metadata.binstall]) expect:
#
#   OUT/protocheck-TARGET.tar.gz   (protocheck-TARGET.zip for Windows targets), holding
#     protocheck-TARGET/protocheck[.exe]
#     protocheck-TARGET/README.md
#     protocheck-TARGET/completions/{protocheck.bash,_protocheck,protocheck.fish,_protocheck.ps1,protocheck.elv}
#     protocheck-TARGET/man/protocheck.1, protocheck-diff.1, ...
#   OUT/protocheck-TARGET.tar.gz.sha256   ("HASH  FILE", as sha256sum writes it)
#
# Usage: scripts/release-pack.sh TARGET BINARY OUT [GENERATOR]
# GENERATOR is a protocheck binary that runs here, used to write the completions and the man
# pages (default: BINARY itself; they do not depend on the target).
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 TARGET BINARY OUT [GENERATOR]" >&2
  exit 2
fi
target=$1
binary=$2
out=$3
generator=${4:-$binary}
root="$(cd "$(dirname "$0")/.." && pwd)"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

name="protocheck-$target"
case "$target" in
  *-windows-*) exe=.exe; archive="$name.zip" ;;
  *) exe=; archive="$name.tar.gz" ;;
esac

mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stage="$work/$name"
mkdir -p "$stage/completions" "$stage/man"

cp "$binary" "$stage/protocheck$exe"
chmod +x "$stage/protocheck$exe"
cp "$root/README.md" "$stage/"
for f in "$root"/LICENSE*; do [ -e "$f" ] && cp "$f" "$stage/"; done

"$generator" completions bash > "$stage/completions/protocheck.bash"
"$generator" completions zsh > "$stage/completions/_protocheck"
"$generator" completions fish > "$stage/completions/protocheck.fish"
"$generator" completions powershell > "$stage/completions/_protocheck.ps1"
"$generator" completions elvish > "$stage/completions/protocheck.elv"
"$generator" man --dir "$stage/man" > /dev/null

rm -f "$out/$archive" "$out/$archive.sha256"
case "$archive" in
  *.zip)
    if command -v zip >/dev/null 2>&1; then
      (cd "$work" && zip -qr "$out/$archive" "$name")
    else
      # Windows runners have 7-Zip rather than zip.
      (cd "$work" && 7z a -tzip -bd "$out/$archive" "$name" > /dev/null)
    fi
    ;;
  *) (cd "$work" && tar -czf "$out/$archive" "$name") ;;
esac
echo "$(sha256 "$out/$archive")  $archive" > "$out/$archive.sha256"
echo "$out/$archive"
