#!/usr/bin/env bash
# The users' matrix: packs zmq-harness once and installs the tarball into
# scratch projects, as users do, one per way of using it:
#
#   contents        the tarball itself: LICENSE, no install script, zeromq a
#                   peer, every file package.json names, every file a source
#                   map names (so a mapped stack names files the user has)
#   readme          README.md as written: its install line (the tarball in
#                   place of the registry name), .mocharc.yml, tsconfig.json,
#                   scripts, program and test, taken from the page itself
#   pnpm-*          the same project installed with pnpm 10 (strictDepBuilds)
#                   and the latest pnpm, with the README's pnpm-workspace.yaml
#   getting-started docs/getting-started.md as written, the same way
#   ci              docs/ci.md's recipes: their test commands, in that project
#   ts7-tsx         TypeScript 7 (npm's latest) + tsx: tsc, serial, --parallel
#   ts5-ts-node     TypeScript 5.9 + ts-node, no tsx
#   js-cjs          plain JavaScript, CommonJS, no TypeScript installed
#   esm             a "type": "module" project: .js and .ts tests, .js, .ts
#                   and .mts programs
#   strict-docs     every TypeScript block of the docs, tsc --noEmit with
#                   strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes
#   doc-blocks      every page of docs/ as the project a reader builds from
#                   it (its file blocks, the programs it links): type-checked,
#                   and its tests run (test/docs/runnable-blocks.test.ts)
#   runner-node-test the shared runner suite (test/runners/shared/) under
#                   `node --test --import zmq-harness/node-test`, then --require:
#                   each case's result, no process left, the run exits by itself
#   runner-vitest   the same suite under Vitest 4 (setupFiles: zmq-harness/vitest),
#                   pools forks and threads
#   runner-jest     the same suite under Jest 30 (setupFilesAfterEnv:
#                   zmq-harness/jest, ts-jest, injectGlobals: false)
#   load-*          the plugin loaded by --import, node-option and --file
#                   (root hooks registered), and not loaded (a named error)
#   entries         every entry point of package.json's exports (zmq-harness,
#                   /register, /chai, /reporter, /node-test, /vitest, /jest,
#                   /ci): require() and import give every value name of its
#                   API report (api/), and a TypeScript file importing every
#                   name of every report type-checks with node16 (CommonJS and
#                   ESM), bundler and node10 resolution (entries.js); then
#                   /vitest in Vitest and /jest in Jest, one test each
#   mocha M chai C  the peer ranges: mocha 10, 11, 12 × chai 5, 6
#   compat-*        the user suites of earlier releases (test/compat/<release>/),
#                   unchanged: TypeScript type-checked by ts-node (as v0.1.0's
#                   README set it up), the same files under tsx, and plain
#                   CommonJS JavaScript
#
# `npm run package-check -- readme esm` runs only the scenarios whose names
# start with one of the words (load-* use js-cjs's project, the pairs
# matrix-install's). PACKAGE_CHECK_TARBALL=<file.tgz> checks that tarball
# instead of packing this checkout.
#
# Prints one line per scenario (and the tail of its log when it fails), then
# the plain line "N passed, N failed" that .ci/run adds up. Scratch projects
# live under one temporary folder, removed on exit; npm's cache (~/.npm) is
# shared by every install, so a second run downloads nothing.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
here="$repo/scripts/package-check"
work="$(mktemp -d "${TMPDIR:-/tmp}/zmqh-package-check.XXXXXX")"
# PACKAGE_CHECK_KEEP=1 keeps the scratch projects (their folder is printed) to look into a failure.
if [ -n "${PACKAGE_CHECK_KEEP:-}" ]; then echo "package-check: scratch projects in $work"; else trap 'rm -rf "$work"' EXIT; fi
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
  # Not `( … ) && … || …`: in such a list bash ignores set -e inside the
  # subshell, and only the scenario's last command would count.
  (
    set -e
    "$@"
  ) >"$log" 2>&1
  rc=$?
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
  green 0 npm test
  green 1 npm run test:process
  green 1 npm run test:all
}

# README.md's project installed with pnpm, as its "With pnpm" section says:
# pnpm 10 with strictDepBuilds, and the latest pnpm, fail an install whose
# build scripts the project did not allow (ERR_PNPM_IGNORED_BUILDS).
pnpm_readme() {
  local version=$1
  project "pnpm-$version"
  npm_i "pnpm@$version"
  local pnpm="$work/pnpm-$version/node_modules/.bin/pnpm"
  project "pnpm-$version/app"
  node "$here/from-doc.js" "$repo/README.md" . "$tarball"
  test -f pnpm-workspace.yaml
  sed -i 's/^npm install --save-dev /pnpm add -D /' install.sh
  PATH="$(dirname "$pnpm"):$PATH" npm_config_strict_dep_builds=true t bash install.sh
  "$pnpm" --version
  green 1 "$pnpm" run test:process
}

getting_started() {
  from_doc getting-started docs/getting-started.md
  green 1 npm test
  green 1 npm run test:process
  UPDATE_GOLDEN=1 green 1 npm run test:system
  test -s test/data/ping.out
  green 1 npm run test:system
  green 3 npm run test:all
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
  # vitest and @jest/globals: docs/runners.md's blocks import them (their types only).
  npm_i "$tarball" zeromq@6 mocha chai sinon fast-check tsx typescript @types/mocha @types/chai @types/sinon @types/node vitest@4 @jest/globals@30
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

# Every page of the docs as the project a reader builds from it
# (test/docs/doc-projects.ts: its file blocks, the programs it links under
# examples/, getting-started's setup for the rest), in the strict-docs project
# (its node_modules, found from the pages' folders): type-checked strictly,
# then its tests run, twice when they write golden files or cassettes that
# the second run reads back.
doc_blocks() {
  [ -d "$work/strict-docs/node_modules" ] || (strict_docs)
  local pages="$work/strict-docs/pages" name runs
  rm -rf "$pages"
  (cd "$repo" && t node -r ts-node/register/transpile-only scripts/package-check/doc-projects.ts "$pages") >"$work/doc-pages.txt"
  cat "$work/doc-pages.txt"
  export PATH="$work/strict-docs/node_modules/.bin:$PATH"
  while read -r name runs typecheck; do
    echo "== docs/$name.md"
    cd "$pages/$name"
    [ "$typecheck" != tsc ] || t tsc -p .
    # The first of two runs writes the golden files (and records cassettes).
    if [ "$runs" = 2 ]; then UPDATE_GOLDEN=1 green 1 mocha; fi
    green 1 mocha
  done <"$work/doc-pages.txt"
}

# The shared runner suite (test/runners/README.md) under node:test, from the
# tarball: zeromq and tsx only (no Mocha config, no chai in the test bodies).
runner_node_test() {
  project runner-node-test "$repo/test/runners/shared"
  rm -f tsconfig.json # the repo's child-run tsconfig; a user's project has its own
  npm_i "$tarball" zeromq@6 tsx@4
  local load out rc mark="pkgcheck$$"
  for load in --import --require; do
    echo "== node --test $load zmq-harness/node-test"
    out=$(ZMQH_SHARED_RUN=$mark ZMQH_SHARED_PORT=$((42000 + RANDOM % 8000)) t node --test --import tsx \
      "$load" zmq-harness/node-test --test-reporter=./node-test-reporter.mjs node-test.shared.ts 2>&1) && rc=0 || rc=$?
    printf '%s\n' "$out" >results.jsonl
    tail -n 5 results.jsonl
    [ "$rc" -eq 1 ] || { echo "package-check: expected exit code 1 (the cases that must fail), got $rc"; return 1; }
    t npx tsx "$here/runner-results.ts" results.jsonl ./cases.ts
    if pgrep -f -- "--zmqh-shared-run=$mark" >/dev/null; then
      echo "package-check: expected no process under test left, got:"
      pgrep -af -- "--zmqh-shared-run=$mark"
      return 1
    fi
  done
}

entries() {
  project entries "$here/entries"
  npm_i "$tarball" zeromq@6 mocha@12 chai@6 typescript@~5.9.3 @types/mocha @types/chai @types/node \
    vitest@4 jest@30 @jest/globals@30
  t node "$here/entries.js" "$repo/api"
  # The runner adapters load only in their runner: one test each, from the tarball.
  t npx vitest run
  t npx jest
}

# The shared runner suite under Vitest 4 (pools forks and threads) and Jest 30
# (ts-jest, injectGlobals: false), from the tarball: each case's result
# (through the suite's reporters' JSON lines), no process left.
runner_check() {
  local what=$1 mark=$2 out rc
  shift 2
  echo "== $what"
  out=$(ZMQH_SHARED_RUN=$mark ZMQH_SHARED_PORT=$((42000 + RANDOM % 8000)) NO_COLOR=1 t "$@" 2>&1) && rc=0 || rc=$?
  printf '%s\n' "$out" >results.jsonl
  tail -n 5 results.jsonl
  [ "$rc" -eq 1 ] || { echo "package-check: expected exit code 1 (the cases that must fail), got $rc"; return 1; }
  t npx tsx "$here/runner-results.ts" results.jsonl ./cases.ts
  if pgrep -f -- "--zmqh-shared-run=$mark" >/dev/null; then
    echo "package-check: expected no process under test left, got:"
    pgrep -af -- "--zmqh-shared-run=$mark"
    return 1
  fi
}

runner_vitest() {
  project runner-vitest "$repo/test/runners/shared"
  rm -f tsconfig.json # the repo's child-run tsconfig; Vitest needs none
  npm_i "$tarball" zeromq@6 vitest@4 tsx@4
  local pool
  for pool in forks threads; do
    runner_check "vitest run --pool=$pool" "pkgcheck$$$pool" npx vitest run --config vitest.shared.config.mjs \
      --pool="$pool" --reporter=./vitest-reporter.mjs
  done
}

runner_jest() {
  project runner-jest "$repo/test/runners/shared"
  # tsconfig.json stays: ts-jest reads it (isolatedModules: transpiled only).
  npm_i "$tarball" zeromq@6 jest@30 @jest/globals@30 ts-jest@29 typescript@~5.9.3 tsx@4
  runner_check "jest" "pkgcheck$$jest" npx jest --config jest.shared.config.js --reporters=./jest-reporter.cjs
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

# The compatibility suites (test/compat/README.md): each release's user
# suites, as they were written, every tier (`mocha --grep . --no-invert`, the
# "all" run of that release's docs). One TypeScript project per release serves
# both loaders: ts-node type-checks every file (a type error stops the run, as
# it stopped users' runs), tsx runs the same files.
compat_ts_project() {
  local release=$1
  project "compat-$release-ts" "$repo/test/compat/$release/shared"
  cp -r "$repo/test/compat/$release/ts/." .
  npm_i "$tarball" zeromq@6 mocha@12 chai@6 sinon ts-node@10 typescript@~5.9.3 tsx@4 \
    @types/mocha @types/chai @types/sinon @types/node
}

compat_ts() {
  local release=$1 loader=$2 min grep=.
  [ -d "$work/compat-$release-ts/node_modules" ] || compat_ts_project "$release"
  cd "$work/compat-$release-ts"
  min=$(grep -rhoE '^\s*it\(' test | wc -l)
  if [ "$loader" = ts-node ]; then
    sed -i 's|^  - tsx/cjs$|  - ts-node/register|' .mocharc.yml
    t npx tsc --noEmit -p .
  else
    sed -i 's|^  - ts-node/register$|  - tsx/cjs|' .mocharc.yml
    # Tests that failed on their own release under tsx, which its docs did not
    # use (test/compat/<release>/tsx-skip.txt, one full title a line, each with why).
    if [ -f "$repo/test/compat/$release/tsx-skip.txt" ]; then
      local skip
      skip=$(grep -vE '^(#|$)' "$repo/test/compat/$release/tsx-skip.txt" | sed 's/[][\\.*^$()+?{}|]/\\&/g' | paste -sd '|')
      grep="^(?!($skip)\$)"
      min=$((min - $(grep -cvE '^(#|$)' "$repo/test/compat/$release/tsx-skip.txt")))
    fi
  fi
  compat_mocha "$min" --grep "$grep" --no-invert
}

compat_js() {
  local release=$1 min
  project "compat-$release-js" "$repo/test/compat/$release/shared"
  cp -r "$repo/test/compat/$release/js/." .
  npm_i "$tarball" zeromq@6 mocha chai sinon
  min=$(grep -rhoE '^\s*it\(' test | wc -l)
  compat_mocha "$min" --grep . --no-invert
}

# The suites keep the bounds their docs printed (Mocha's 2 s per test, the
# harness's 1 s per wait); on a loaded CI machine a TypeScript program can take
# longer than that to start. The run gives them more time through the
# documented settings, as a slow CI of a user would, and changes no test.
compat_mocha() {
  local min=$1
  shift
  ZMQ_HARNESS_TIMEOUT=5000 green "$min" npx mocha --timeout 20000 "$@"
}

# docs/ci.md's recipes, with the versions the README installs (the
# getting-started project): the test commands of each workflow, with its
# environment, on a suite with one failing process test (ci/test), and what
# each leaves behind: exit code 1, the run index and the failed test's
# report.html, a JUnit file that names it, a reporter that prints it.
ci() {
  [ -d "$work/getting-started/node_modules" ] || (from_doc getting-started docs/getting-started.md)
  mkdir -p "$work/getting-started/ci"
  cd "$work/getting-started/ci"
  cp -r "$here/ci/." .
  cp ../.mocharc.yml . && mkdir -p src && cp ../src/*.ts src/
  # The recipes' commands; the page's file blocks (reporters/…) are written here.
  node "$here/ci-recipes.js" "$repo/docs/ci.md" >recipes.sh
  cat recipes.sh
  source recipes.sh
}

recipe() {
  local where=$1 out rc junit
  shift
  echo "== $where: $*"
  rm -rf test-results
  out=$(t "$@" 2>&1) && rc=0 || rc=$?
  printf '%s\n' "$out" | tail -n 25
  [ "$rc" -eq 1 ] || { echo "package-check: $where: expected exit code 1 (one failing test), got $rc"; return 1; }
  test -f test-results/zmq/index.html || { echo "package-check: $where: expected test-results/zmq/index.html, got none"; return 1; }
  ls test-results/zmq/*/report.html >/dev/null || { echo "package-check: $where: expected a report.html of the failed test"; return 1; }
  junit=$(printf '%s\n' "$*" | grep -oE 'output=[^ ]+' | cut -d= -f2 || true)
  if [ -n "$junit" ]; then
    grep -q 'tests="2"' "$junit" && grep -q '\[\[ATTACHMENT|.*report.html\]\]' "$junit" ||
      { echo "package-check: $where: expected $junit to list 2 tests and the report's [[ATTACHMENT|…]]"; return 1; }
  fi
  if printf '%s\n' "$*" | grep -q -- '--reporter \./'; then
    printf '%s\n' "$out" | grep -q 'report of .*report.html' ||
      { echo "package-check: $where: expected the reporter to print the report's path"; return 1; }
  fi
}

# ---- run -----------------------------------------------------------------

cd "$repo"
# The one pack (its prepack script builds dist/), or the tarball named by
# PACKAGE_CHECK_TARBALL: an earlier release's, to check that its compat suite
# passes on the release it was written for (test/compat/README.md).
if [ -n "${PACKAGE_CHECK_TARBALL:-}" ]; then
  tarball="$(cd "$(dirname "$PACKAGE_CHECK_TARBALL")" && pwd)/$(basename "$PACKAGE_CHECK_TARBALL")"
else
  tarball="$work/$(npm pack --silent --pack-destination "$work" 2>"$work/pack.log" | tail -n 1)"
fi
if [ ! -f "$tarball" ]; then
  cat "$work/pack.log"
  echo "package-check: npm pack made no tarball"
  echo "0 passed, 1 failed"
  exit 1
fi

scenario contents contents
scenario readme readme
scenario pnpm-10 pnpm_readme 10
scenario pnpm-latest pnpm_readme latest
scenario getting-started getting_started
scenario ci ci
scenario ts7-tsx ts7_tsx
scenario ts5-ts-node ts5_ts_node
scenario js-cjs js_cjs
scenario runner-node-test runner_node_test
scenario runner-vitest runner_vitest
scenario runner-jest runner_jest
scenario load-import load import
scenario load-node-option load node-option
scenario load-file load file
scenario load-none load_none
scenario esm esm
scenario strict-docs strict_docs
scenario doc-blocks doc_blocks
scenario entries entries
scenario matrix-install matrix_project
for m in 10 11 12; do
  for c in 5 6; do
    scenario "mocha $m chai $c" matrix "$m" "$c"
  done
done
for release in "$repo"/test/compat/v*/; do
  release=$(basename "$release")
  scenario "compat-$release-ts-node" compat_ts "$release" ts-node
  scenario "compat-$release-tsx" compat_ts "$release" tsx
  [ ! -d "$repo/test/compat/$release/js" ] || scenario "compat-$release-js" compat_js "$release"
done

echo "package check: $((passed + failed)) scenarios in $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
