#!/bin/sh
# make-repo.sh CASE DEST: a repository whose branch main (tag v1) holds CASE/old under proto/,
# with CASE/new in the work tree. Shared by record.sh and tests/breaking.rs.
set -eu
case_dir=$1; dest=$2
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
mkdir -p "$dest"
git -C "$dest" init -q -b main
cp -R "$case_dir/old" "$dest/proto"
git -C "$dest" add -A
git -C "$dest" commit -q -m v1
git -C "$dest" tag v1
rm -rf "$dest/proto"
cp -R "$case_dir/new" "$dest/proto"
