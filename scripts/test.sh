#!/usr/bin/env bash
# The whole test suite from a fresh clone: install what the tests need, build, run every test project,
# and print the totals as one line: "N passed, N failed[, N skipped]".
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 TESTINGPLATFORM_TELEMETRY_OPTOUT=1

scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

log="$(mktemp)"
dotnet build ZkSummarize.sln -c Release --nologo -v quiet 2>&1 | tail -n 30
build=${PIPESTATUS[0]}
if ((build != 0)); then echo "build failed"; echo "0 passed, 1 failed"; exit 1; fi
# What the tests deploy and prove with, built once before they run in parallel (each test also asks
# for it; the scripts lock and are no-ops when up to date).
src/onchain/build.sh >/dev/null && circuits/build.sh >/dev/null || { echo "building the program or the circuit failed"; echo "0 passed, 1 failed"; exit 1; }

# The timeout stops a hung test from eating CI's 90 minutes.
dotnet test --solution ZkSummarize.sln -c Release --no-build --timeout 25m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
passed=$(count succeeded); failed=$(count failed); skipped=$(count skipped)
if ((status != 0 && failed == 0)); then failed=1; fi  # a crash or a test run with no test is a failure
line="$passed passed, $failed failed"
((skipped > 0)) && line="$line, $skipped skipped"
echo "$line"
exit "$status"
