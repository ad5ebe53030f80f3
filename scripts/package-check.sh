#!/usr/bin/env bash
# Uses zmq-harness as a user would: packs it, installs the tarball into a
# scratch project (TypeScript and plain JavaScript tests, its own
# .mocharc.yml), and runs that project's suite serially and with --parallel.
# Packaging bugs (a file missing from "files", a wrong "exports" entry, a
# child preload that only works from source) hide from the in-repo tests.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$repo"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
cp -r "$repo/scripts/package-check/." "$work/project"
cd "$work/project"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$tarball" zeromq@6 mocha@12 chai@6 sinon@22 \
  ts-node@10 typescript@~5.9.3 @types/mocha @types/chai @types/sinon @types/node@20 >/dev/null
npx tsc --noEmit -p .
npx mocha --parallel --jobs 2 >/dev/null
npx mocha
