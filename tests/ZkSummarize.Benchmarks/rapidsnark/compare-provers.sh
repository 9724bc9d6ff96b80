#!/usr/bin/env bash
# Our prover, rapidsnark and snarkjs on the same .zkey and .wtns, in alternating rounds so that the load
# of a shared machine hits all three alike: per round, each cold CLI under /usr/bin/time (wall clock, peak
# resident memory; every proof checked with `snarkjs groth16 verify`), then each warm (key loaded once,
# warm-ups, then timed runs). Prints every figure, then the median and range of each.
# Run from the repository root after `dotnet build ZkSummarize.sln -c Release` and building rapidsnark as
# rapidsnark.md says:  tests/ZkSummarize.Benchmarks/rapidsnark/compare-provers.sh [rounds]
# Another circuit of the family (FamilyProverBenchmarks leaves dev.zkey and witness.wtns in
# circuits/build/bench/<member>/):  BENCH_DIR=circuits/build/bench/grounding_d6k4 ZKEY=dev.zkey WTNS=witness.wtns …
set -euo pipefail
rounds=${1:-5}
root=$(pwd)
bench=$(realpath "${BENCH_DIR:-$root/circuits/build/bench}")   # ProverBenchmarks leaves grounding_dev.zkey and grounding.wtns here
zkey=${ZKEY:-grounding_dev.zkey} wtns=${WTNS:-grounding.wtns}
rapidsnark=${RAPIDSNARK_BUILD:-/work/rapidsnark-build}
warm_ups=${WARM_UPS:-1} runs=${RUNS:-3}
zks=$root/src/ZkSummarize.Cli/bin/Release/net10.0/zks.dll
benchmarks=$root/tests/ZkSummarize.Benchmarks/bin/Release/net10.0/ZkSummarize.Benchmarks.dll
snarkjs=$root/circuits/node_modules/snarkjs/build/cli.cjs
log=$(mktemp)
cd "$bench"
node "$snarkjs" zkey export verificationkey "$zkey" vk.json >/dev/null

cold() { # name, command...: one cold proof, its time and peak memory, and snarkjs's verdict on it
  local name=$1; shift
  /usr/bin/time -f "$name %e %M" -a -o "$log" "$@" >/dev/null 2>&1
  node "$snarkjs" groth16 verify vk.json "$name-public.json" "$name-proof.json" | grep -q OK || { echo "$name: proof REJECTED"; exit 1; }
}

for round in $(seq "$rounds"); do
  echo "round $round of $rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log.load"
  cold ours-cold dotnet "$zks" groth16 prove $zkey $wtns ours-cold-proof.json ours-cold-public.json
  cold rapidsnark-cold "$rapidsnark/rapidsnark/build_prover/src/prover" $zkey $wtns rapidsnark-cold-proof.json rapidsnark-cold-public.json
  cold snarkjs-cold node "$snarkjs" groth16 prove $zkey $wtns snarkjs-cold-proof.json snarkjs-cold-public.json
  dotnet "$benchmarks" warm-prove $zkey $wtns "$warm_ups" "$runs" | tee -a "$log.warm"
  "$rapidsnark/warm_prove" $zkey $wtns "$warm_ups" "$runs" | tee -a "$log.warm"
  (cd "$root/tests/js/crypto" && node bench-prove.mjs "$bench" "$warm_ups" "$runs" "$zkey" "$wtns") | tee -a "$log.warm"
done

echo "cold CLI, $rounds rounds (seconds, peak KB):"
python3 - "$log" "$log.warm" <<'PY'
import re, statistics, sys
cold, warm = {}, {}
for line in open(sys.argv[1]):
    name, seconds, kb = line.split()
    cold.setdefault(name, []).append((float(seconds), int(kb)))
for name, runs in cold.items():
    s, m = [r[0] for r in runs], [r[1] / 1024 for r in runs]
    print(f"  {name}: {statistics.median(s):.2f} s ({min(s):.2f}-{max(s):.2f}), peak {statistics.median(m):.0f} MiB ({min(m):.0f}-{max(m):.0f})")
for line in open(sys.argv[2]):
    name = line.split(':')[0]
    mean = float(re.search(r'mean ([0-9.]+)', line).group(1))
    warm.setdefault(name, []).append(mean)
print("warm, mean of each round's runs:")
for name, means in warm.items():
    print(f"  {name}: {statistics.median(means):.2f} s ({min(means):.2f}-{max(means):.2f})")
PY
cat "$log.load"
