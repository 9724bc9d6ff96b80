#!/usr/bin/env bash
# Fuzzes one decoder of outside bytes with AFL++ and SharpFuzz (docs/testing.md, "Fuzzing").
#
#   scripts/fuzz.sh TARGET [N]     N inputs (default 10,000,000); FUZZ_SECONDS=180 stops after that time instead
#   scripts/fuzz.sh list           the targets
#
# Needs Debian's afl++ (apt-get install afl++) and the SharpFuzz tool (.config/dotnet-tools.json; restored
# here). The project is published to tests/ZkSummarize.Fuzz/bin/afl and our assemblies there are instrumented,
# so the normal build is never touched. Findings go to tests/ZkSummarize.Fuzz/bin/findings/TARGET: a crash
# is an input whose exception the target does not document (or a hang, or over 1 GiB of heap). Replay one
# with the normal build (instrumented code runs only under afl-fuzz), to see its stack trace:
#   dotnet tests/ZkSummarize.Fuzz/bin/Release/net10.0/ZkSummarize.Fuzz.dll TARGET FILE
# then fix it and copy the file into tests/ZkSummarize.Fuzz/corpus/TARGET/, where CI replays it for ever.
# FUZZ_REUSE_BUILD=1 skips publishing and instrumenting when bin/afl is there (several targets in a row).
# FUZZ_SAVE_QUEUE=1 also copies the 32 smallest inputs AFL++ kept for new coverage into the corpus.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/tests/ZkSummarize.Fuzz"
target="${1:?usage: scripts/fuzz.sh TARGET [N]  (scripts/fuzz.sh list shows the targets)}"
inputs="${2:-10000000}"
bin="$project/bin/afl"

command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install afl++" >&2; exit 1; }
cd "$root"
dotnet tool restore >/dev/null

if [[ "$target" == list ]]; then
  dotnet build "$project/ZkSummarize.Fuzz.csproj" -c Release --nologo -v quiet >/dev/null
  exec dotnet "$project/bin/Release/net10.0/ZkSummarize.Fuzz.dll"
fi
if [[ "${FUZZ_REUSE_BUILD:-0}" == 1 && -f "$bin/ZkSummarize.Fuzz.dll" ]]; then
  echo "==> reusing the instrumented build in $bin (FUZZ_REUSE_BUILD=1)"
else
  echo "==> publishing and instrumenting the fuzz targets"
  rm -rf "$bin"
  dotnet publish "$project/ZkSummarize.Fuzz.csproj" -c Release -o "$bin" --nologo -v quiet
  for dll in "$bin"/ZkSummarize.*.dll "$bin"/zks-sbf-link.dll; do  # our assemblies (the linker is zks-sbf-link)
    [[ "$(basename "$dll")" == ZkSummarize.Fuzz.dll ]] && continue
    dotnet tool run sharpfuzz "$dll" >/dev/null
  done
fi

corpus="$project/corpus/$target"
[[ -d "$corpus" ]] || { echo "No corpus for '$target' in $corpus; scripts/fuzz.sh list shows the targets." >&2; exit 1; }
findings="$project/bin/findings/$target"
rm -rf "$findings"
mkdir -p "$findings"

limit=(-E "$inputs") span="$inputs inputs"
[[ -n "${FUZZ_SECONDS:-}" ]] && limit=(-V "$FUZZ_SECONDS") span="$FUZZ_SECONDS s"
echo "==> afl-fuzz $target ($span); findings in $findings"
# dotnet is not AFL-instrumented (our assemblies are: SharpFuzz speaks AFL's fork server protocol), hence
# the skipped binary check. A heap over 1 GiB is an OutOfMemoryException, so a crash. -t: ms per input.
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredPGO=0 \
  afl-fuzz -i "$corpus" -o "$findings" -t 5000 -m none "${limit[@]}" -- dotnet "$bin/ZkSummarize.Fuzz.dll" "$target" >"$findings/afl.log" 2>&1 || {
    echo "afl-fuzz failed; the end of its log:" >&2; tail -n 30 "$findings/afl.log" >&2; exit 1; }

stats="$findings/default/fuzzer_stats"
value() { grep -E "^$1 " "$stats" | sed 's/.*: //'; }
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' | wc -l)
hangs=$(find "$findings/default/hangs" -type f -name 'id:*' | wc -l)
echo "$target: $(value execs_done) inputs in $(value run_time) s ($(value execs_per_sec)/s), $(value corpus_count) kept for coverage, $crashes crashes, $hangs hangs"
if [[ "${FUZZ_SAVE_QUEUE:-0}" == 1 ]]; then
  # The corpus stays small: the 32 smallest inputs that found new coverage, each under 4 KiB.
  find "$findings/default/queue" -maxdepth 1 -type f -name 'id:*+cov*' -size -4k -printf '%s %p\n' | sort -n | head -n 32 | cut -d' ' -f2- |
    while read -r f; do cp "$f" "$corpus/queue-$(sha256sum "$f" | cut -c1-16)"; done
fi
((crashes == 0 && hangs == 0)) || { echo "Crashes: $findings/default/crashes, hangs: $findings/default/hangs" >&2; exit 1; }
