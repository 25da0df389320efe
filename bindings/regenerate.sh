#!/usr/bin/env bash
# Regenerates the jextract bindings and checks them against the committed ones.
#   bindings/regenerate.sh          fail if regenerating changes anything
#   bindings/regenerate.sh --write  replace bindings/src with the regenerated sources
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jextract >/dev/null || { echo "regenerate.sh: jextract is not on the PATH (see bindings/README.md)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
jextract @native-headers/jextract.args --output "$out"
if [ "${1:-}" = "--write" ]; then
  rm -rf bindings/src && cp -r "$out" bindings/src
  echo "bindings/src regenerated"
elif diff -r "$out" bindings/src; then
  echo "bindings/src matches jextract's output"
else
  echo "regenerate.sh: bindings/src differs from jextract's output (run with --write, and commit the header change with it)" >&2
  exit 1
fi
