#!/usr/bin/env bash
# An older Voices to measure against: benchmarks/baseline.sh REF
#
# Checks REF (a commit, tag or branch) out into benchmarks/out/baseline-<short sha>/src with
# `git worktree add --detach`, makes a virtualenv beside it (…/venv) with that checkout installed
# (`pip install -e`, so whatever distribution its pyproject.toml names: older commits call it
# `voices`, newer ones `voices-archive`), and prints the venv's path, for
#
#     benchmarks/run --sizes 1000 --against "$(benchmarks/baseline.sh 6a21247)"
#
# Run again with the same REF, it reuses both. Everything but the path goes to stderr. To remove
# one: git worktree remove benchmarks/out/baseline-<sha>/src && rm -rf benchmarks/out/baseline-<sha>
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: benchmarks/baseline.sh REF   (a commit, tag or branch of this repository)" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
sha="$(git -C "$repo" rev-parse --verify --quiet "$1^{commit}")" || {
  echo "baseline.sh: '$1' is not a commit of this repository" >&2
  exit 2
}
short="${sha:0:7}"
dir="$here/out/baseline-$short"
src="$dir/src"
venv="$dir/venv"
python="${PYTHON:-python3}"

mkdir -p "$dir"
if [ -d "$src" ]; then
  # Left by an earlier run: use it only if it is still that commit.
  have="$(git -C "$src" rev-parse HEAD)"
  if [ "$have" != "$sha" ]; then
    echo "baseline.sh: $src holds $have, not $sha; remove it first" >&2
    exit 1
  fi
  echo "reusing the checkout of $short in $src" >&2
else
  echo "checking out $short into $src" >&2
  git -C "$repo" worktree add --detach "$src" "$sha" >&2
fi

if [ -x "$venv/bin/voices" ] && [ -x "$venv/bin/mkdocs" ]; then
  echo "reusing the virtualenv $venv" >&2
else
  dist="$("$python" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["name"])' \
    "$src/pyproject.toml")"
  echo "installing $dist from $short into $venv (a few minutes the first time)" >&2
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip >&2
  "$venv/bin/python" -m pip install --quiet -e "$src" >&2
fi

for tool in voices mkdocs; do
  if [ ! -x "$venv/bin/$tool" ]; then
    echo "baseline.sh: $venv/bin/$tool is missing after the install" >&2
    exit 1
  fi
done
echo "$venv"
