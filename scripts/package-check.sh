#!/usr/bin/env bash
# The users' matrix: packs zmq-harness once and installs the tarball into
# scratch projects, as users do, one per way of using it:
#
#   contents        the tarball itself: LICENSE, no install script, zeromq a
#                   peer, every file package.json names, every file a source
#                   map names (so a mapped stack names files the user has)
#   readme          README.md as written: its install line (the tarball in
#                   place of the registry name), .mocharc.yml, tsconfig.json,
#                   program and test, taken from the page itself
#   getting-started docs/getting-started.md as written, the same way
#   ts7-tsx         TypeScript 7 (npm's latest) + tsx: tsc, serial, --parallel
#   ts5-ts-node     TypeScript 5.9 + ts-node, no tsx
#   js-cjs          plain JavaScript, CommonJS, no TypeScript installed
#   esm             a "type": "module" project: .js and .ts tests, .js, .ts
#                   and .mts programs
#   strict-docs     every TypeScript block of the docs, tsc --noEmit with
#                   strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes
#   load-*          the plugin loaded by --import, node-option and --file
#                   (root hooks registered), and not loaded (a named error)
#   mocha M chai C  the peer ranges: mocha 10, 11, 12 × chai 5, 6
#
# `npm run package-check -- readme esm` runs only the scenarios whose names
# start with one of the words (load-* use js-cjs's project, the pairs
# matrix-install's).
#
# Prints one line per scenario (and the tail of its log when it fails), then
# the plain line "N passed, N failed" that .ci/run adds up. Scratch projects
# live under one temporary folder, removed on exit; npm's cache (~/.npm) is
# shared by every install, so a second run downloads nothing.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
here="$repo/scripts/package-check"
work="$(mktemp -d "${TMPDIR:-/tmp}/zmqh-package-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_loglevel=error npm_config_prefer_offline=true
STEP_TIMEOUT="${STEP_TIMEOUT:-240}"
started=$SECONDS

# Every step is bounded. SIGINT first: Mocha and zmq-harness then stop the
# processes under test; SIGKILL 10 s later if that does not end it.
t() { timeout -s INT -k 10 "$STEP_TIMEOUT" "$@"; }

# green MIN COMMAND...: the command exits 0 and Mocha counted at least MIN passing tests.
green() {
  local min=$1 out rc n
  shift
  out=$(t "$@" 2>&1) && rc=0 || rc=$?
  printf '%s\n' "$out"
  [ "$rc" -eq 0 ] || { echo "package-check: expected \"$*\" to exit 0, got $rc"; return 1; }
  n=$(printf '%s\n' "$out" | grep -oE '[0-9]+ passing' | tail -n 1 | grep -oE '[0-9]+' || true)
  [ "${n:-0}" -ge "$min" ] || { echo "package-check: expected at least $min passing tests from \"$*\", got ${n:-0}"; return 1; }
}

# project NAME [FILES_DIR]: a fresh project (npm init -y) in $work/NAME, with the files of FILES_DIR.
project() {
  mkdir -p "$work/$1"
  cd "$work/$1"
  [ -z "${2:-}" ] || cp -r "$2/." .
  npm init -y >/dev/null
}

npm_i() { t npm install --save-dev "$@"; }

passed=0
failed=0
only=("$@")
scenario() {
  local name=$1 log="$work/$1.log" start=$SECONDS rc word
  shift
  if [ "${#only[@]}" -gt 0 ]; then
    for word in "${only[@]}"; do [[ $name == "$word"* ]] && break || word=""; done
    [ -n "$word" ] || return 0
  fi
  (
    set -e
    "$@"
  ) >"$log" 2>&1 && rc=0 || rc=$?
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    printf 'ok   %-22s %4ss\n' "$name" $((SECONDS - start))
  else
    failed=$((failed + 1))
    printf 'FAIL %-22s %4ss\n' "$name" $((SECONDS - start))
    # Mocha's counts, then the end of the log (the failing step is last).
    grep -E '^ +[0-9]+ (passing|failing|pending)' "$log" | sed 's/^ */     /'
    tail -n 40 "$log" | sed 's/^/     /'
  fi
}

# ---- the scenarios -------------------------------------------------------

contents() {
  mkdir -p "$work/unpacked"
  tar xzf "$tarball" -C "$work/unpacked"
  node "$here/contents.js" "$work/unpacked/package"
}

# The page's own install line, files and commands; the install must not flag zmq-harness.
from_doc() {
  project "$1"
  node "$here/from-doc.js" "$repo/$2" . "$tarball"
  t bash install.sh 2>&1 | tee install.log
  if grep -E 'install-scripts +zmq-harness@' install.log; then
    echo "package-check: expected npm to flag no install script of zmq-harness, got the line above"
    return 1
  fi
  t npx tsc --noEmit -p .
}

readme() {
  from_doc readme README.md
  green 0 npx mocha
  green 1 npx mocha --grep @process --no-invert
}

getting_started() {
  from_doc getting-started docs/getting-started.md
  green 1 npm test
  green 1 npm run test:process
  UPDATE_GOLDEN=1 green 1 npm run test:system
  test -s test/data/ping.out
  green 1 npm run test:system
}

ts7_tsx() {
  project ts7-tsx "$here/ts"
  npm_i "$tarball" zeromq@6 mocha@12 chai@6 sinon tsx@4 typescript@latest \
    @types/mocha @types/chai @types/sinon @types/node
  node -e 'const v = require("typescript/package.json").version; if (!v.startsWith("7.")) { console.error(`expected TypeScript 7, got ${v}`); process.exit(1) }'
  t npx tsc --noEmit -p .
  green 10 npx mocha
  green 10 npx mocha --parallel --jobs 2
}

ts5_ts_node() {
  project ts5-ts-node "$here/ts"
  sed -i 's|tsx/cjs|ts-node/register|' .mocharc.yml
  npm_i "$tarball" zeromq@6 mocha@12 chai@6 sinon ts-node@10 typescript@~5.9.3 \
    @types/mocha @types/chai @types/sinon @types/node
  t npx tsc --noEmit -p .
  green 10 npx mocha
}

js_cjs() {
  project js-cjs "$here/js"
  npm_i "$tarball" zeromq@6 mocha chai
  if [ -e node_modules/typescript ]; then
    echo "package-check: expected no TypeScript in a plain JavaScript project, got node_modules/typescript"
    return 1
  fi
  green 5 npx mocha
  # The command line of the package's bin: with no arguments, the usage and exit code 2.
  local out rc
  out=$(t npx zmq-harness merge-artifacts 2>&1) && rc=0 || rc=$?
  printf '%s\n' "$out"
  [ "$rc" -eq 2 ] || { echo "package-check: expected \"npx zmq-harness merge-artifacts\" to exit 2, got $rc"; return 1; }
  printf '%s\n' "$out" | grep -q "Usage: zmq-harness merge-artifacts" || { echo "package-check: expected the usage of zmq-harness merge-artifacts"; return 1; }
}

# The plugin loaded without `require:`, in the js-cjs project: the root hooks
# must be there. Without them Mocha never exits: a minute is plenty.
load() {
  cd "$work/js-cjs"
  STEP_TIMEOUT=60
  case $1 in
    import) green 5 npx mocha --no-config --timeout 10000 --import=zmq-harness/register 'test/**/*.test.js' ;;
    node-option)
      printf 'node-option: [import=zmq-harness/register]\nspec: test/**/*.test.js\ntimeout: 10000\n' >"$work/node-option.yml"
      green 5 npx mocha --config "$work/node-option.yml"
      ;;
    file) green 5 npx mocha --no-config --timeout 10000 --file setup.js 'test/**/*.test.js' ;;
  esac
}

# The plugin not loaded at all: the first socket() fails at once with a named
# error that shows the line to add, instead of leaking into the next test.
load_none() {
  cd "$work/js-cjs"
  STEP_TIMEOUT=60
  local out rc
  out=$(t npx mocha --no-config --timeout 10000 'test/**/*.test.js' 2>&1) && rc=0 || rc=$?
  printf '%s\n' "$out"
  case $rc in
    0) echo "package-check: expected the run to fail without the plugin, got exit 0" && return 1 ;;
    124 | 130 | 137) echo "package-check: expected the run to fail at once without the plugin, got a hang (exit $rc)" && return 1 ;;
  esac
  printf '%s\n' "$out" | grep -qE 'Error: zmq-harness: ' || { echo "package-check: expected a zmq-harness error, got none" && return 1; }
  printf '%s\n' "$out" | grep -q 'zmq-harness/register' || { echo "package-check: expected the error to show the line to add (zmq-harness/register), got none" && return 1; }
  if printf '%s\n' "$out" | grep -q 'AddressInUseError'; then
    echo "package-check: expected no test to hit the previous test's socket, got AddressInUseError" && return 1
  fi
}

esm() {
  project esm "$here/esm"
  npm pkg set type=module
  npm_i "$tarball" zeromq@6 mocha chai tsx
  green 5 npx mocha
}

strict_docs() {
  project strict-docs
  npm_i "$tarball" zeromq@6 mocha chai sinon typescript @types/mocha @types/chai @types/sinon @types/node
  cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "nodenext",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "noEmit": true,
    "types": ["node", "mocha"]
  },
  "include": ["docs"]
}
EOF
  (cd "$repo" && t node -r ts-node/register/transpile-only scripts/package-check/doc-blocks.ts "$work/strict-docs/docs")
  t npx tsc -p .
}

matrix_project() {
  project matrix "$here/js"
  npm_i "$tarball" zeromq@6 mocha chai
}

matrix() {
  cd "$work/matrix"
  npm_i "mocha@$1" "chai@$2"
  node -e 'for (const p of ["mocha", "chai"]) console.log(p, require(`${p}/package.json`).version)'
  green 5 npx mocha
}

# ---- run -----------------------------------------------------------------

cd "$repo"
# The one pack (its prepack script builds dist/).
tarball="$work/$(npm pack --silent --pack-destination "$work" 2>"$work/pack.log" | tail -n 1)"
if [ ! -f "$tarball" ]; then
  cat "$work/pack.log"
  echo "package-check: npm pack made no tarball"
  echo "0 passed, 1 failed"
  exit 1
fi

scenario contents contents
scenario readme readme
scenario getting-started getting_started
scenario ts7-tsx ts7_tsx
scenario ts5-ts-node ts5_ts_node
scenario js-cjs js_cjs
scenario load-import load import
scenario load-node-option load node-option
scenario load-file load file
scenario load-none load_none
scenario esm esm
scenario strict-docs strict_docs
scenario matrix-install matrix_project
for m in 10 11 12; do
  for c in 5 6; do
    scenario "mocha $m chai $c" matrix "$m" "$c"
  done
done

echo "package check: $((passed + failed)) scenarios in $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
