#!/usr/bin/env bash
# Run every check of CellTrial, installing what the machine lacks: the README's second command and CI's.
# Steps: system packages (Debian chromium, postgresql, a Chinese font, when root) -> npm ci -> typecheck -> lint ->
# unit + API tests on embedded PGlite -> API tests on a throwaway PostgreSQL -> browser tests.
# Every step runs even when an earlier one failed; the last line is `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
mkdir -p reports artifacts
: > reports/checks.txt
t0=$(date +%s)
step() { echo; echo "::: $1"; STEP_T0=$(date +%s); }
took() { echo "::: $1 took $(( $(date +%s) - STEP_T0 )) s"; }
check() { # record a static check as one pass or fail
  if [ "$2" = 0 ]; then echo "pass $1" >> reports/checks.txt; else echo "fail $1" >> reports/checks.txt; echo "!!! $1 FAILED"; fi
}

step "system packages"
need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
# a font with Chinese glyphs, so the Simplified Chinese screenshots of the browser tests can be read
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need[*]} from Debian"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "missing ${need[*]}: run as root to install them; the steps that need them will fail"
  fi
fi
took "system packages"

step "npm ci"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
else
  echo "node_modules is up to date"; npm run -s build:core
fi
took "npm ci"

step typecheck
npm run -s typecheck; check typecheck $?
took typecheck

step lint
npm run -s lint; check lint $?
took lint

step "unit + API tests (embedded PGlite)"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest-pglite.json
# vitest's own status also fails on errors outside any test (an unhandled rejection), which the JSON omits
check "vitest PGlite run (exit status)" $?
took "unit + API tests (embedded PGlite)"

step "API tests (PostgreSQL server)"
if eval "$(bash scripts/pg-throwaway.sh)" && [ -n "${DATABASE_URL:-}" ]; then
  TEST_DATABASE_URL="$DATABASE_URL" npx vitest run --project server --reporter=default --reporter=json --outputFile.json=reports/vitest-pg.json
  check "vitest PostgreSQL run (exit status)" $?
  eval "$PG_STOP"
  unset DATABASE_URL
else
  check "postgresql cluster" 1
fi
took "API tests (PostgreSQL server)"

step "browser tests (Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/e2e.json npm run -s e2e -- --reporter=list,json
check "playwright run (exit status)" $?
took "browser tests (Chromium)"

echo
node scripts/summarise-tests.mjs reports
status=$?
echo "::: all checks took $(( $(date +%s) - t0 )) s"
exit $status
