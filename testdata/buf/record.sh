#!/bin/sh
# Records buf 1.75's own outputs as the pinned expectations of tests/breaking.rs.
# Run by a maintainer with buf installed (`npm install @bufbuild/buf`): BUF=path/to/buf sh record.sh
# buf is not a test dependency; the recorded files are.
set -u
BUF=${BUF:-buf}
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-"$here/expected"}
mkdir -p "$out"
rec() { # name, then the arguments; run in the current directory
  name=$1; shift
  "$BUF" breaking "$@" > "$out/$name.out" 2>/dev/null
  echo $? > "$out/$name.code"
}
cd "$here/basic"
for f in text json msvs junit github-actions gitlab-code-quality; do
  rec "dir-$f" new --against old --error-format "$f"
done
rec dir-config-inline new --against old --config '{"version":"v1","breaking":{"use":["WIRE"]}}'
rec dir-exclude-path new --against old --exclude-path new/other
rec dir-exclude-imports new --against old --exclude-imports
rec dir-same old --against old
# basic/old.binpb and basic/old.json are `buf build old -o old.binpb` / `-o old.json`.
rec image-binpb new --against old.binpb
rec image-json new --against old.json --error-format json
rec dir-protofile new/demo/v1/user.proto --against old/demo/v1/user.proto
# The same contracts as a repository: main holds old/ under proto/, the work tree new/.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$here/make-repo.sh" "$here/basic" "$tmp/repo"
cd "$tmp/repo"
rec git-text proto --against '.git#branch=main,subdir=proto'
rec git-tag proto --against '.git#tag=v1,subdir=proto' --error-format json
rec git-reverse '.git#branch=main,subdir=proto' --against proto
cd proto
rec git-path . --against '../.git#branch=main,subdir=proto' --path other
rec git-path-file . --against '../.git#ref=main,subdir=proto' --path demo/v1/user.proto --error-format json
rec git-exclude-path . --against '../.git#branch=main,subdir=proto' --exclude-path other
rec git-limit . --against '../.git#branch=main,subdir=proto,depth=1' --limit-to-input-files
cd "$tmp/repo"
git -C "$tmp/repo" archive --format=tar main | gzip -n > "$tmp/old.tar.gz"
git -C "$tmp/repo" archive --format=zip --prefix=top/ -o "$tmp/old.zip" main
rec archive-tgz proto --against "$tmp/old.tar.gz#subdir=proto"
rec archive-zip proto --against "$tmp/old.zip#strip_components=1,subdir=proto"
