#!/usr/bin/env bash
# Mutation testing with Stryker.NET (docs/testing.md): mutates one source project, runs its test project
# against every mutant, and prints the score. Not part of CI: a run takes from minutes (Payments) to hours.
#
#   scripts/mutation.sh payments                      # src/ZkSummarize.Payments against tests/ZkSummarize.Payments.Tests
#   scripts/mutation.sh core [--mutate 'glob' ...]    # any other options go to dotnet stryker as they are
#
# Stryker 5.1 with -t mtp runs the whole test project against every mutant, so per project some slow parts
# skip themselves (ZKS_MUTATION_SKIP, read by MutationRun in tests/ZkSummarize.Testing; docs/testing.md):
#   core    proofs,node  proving and snarkjs (recorded-vector tests cover the same code), the JavaScript reader of
#                        docs/commitment-vectors.json (it checks the file, not our code)
#   solana  devchain     dev chains and program builds (no such test reaches the escrow client, the mutated part)
#
# One project at a time, one test session at a time (--concurrency 1): the tests start dev chains and
# node processes of their own, and Stryker's build and test runs are CPU heavy. Reports (HTML and JSON)
# go to artifacts/mutation/<project>/; the survivors are in the JSON report's "Survived" mutants.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 TESTINGPLATFORM_TELEMETRY_OPTOUT=1

usage() { echo "usage: scripts/mutation.sh <payments|core|solana|grains|crypto> [dotnet stryker options...]" >&2; exit 2; }
(($# >= 1)) || usage
case "$1" in
  payments) project=ZkSummarize.Payments; skip= ;;
  core)     project=ZkSummarize.Core; skip=proofs,node ;;
  solana)   project=ZkSummarize.Solana; skip=devchain ;;
  grains)   project=ZkSummarize.Grains; skip= ;;
  crypto)   project=ZkSummarize.Crypto; skip= ;;
  *) usage ;;
esac
shift
export ZKS_MUTATION_SKIP="$skip"

dotnet tool restore >/dev/null   # dotnet-stryker, pinned in .config/dotnet-tools.json
# The tests deploy the program and prove with the circuit: build both first, as scripts/test.sh does.
src/onchain/build.sh >/dev/null
circuits/build.sh >/dev/null

out="$root/artifacts/mutation/$project"
rm -rf "$out"
cd "tests/$project.Tests"
dotnet stryker --test-runner mtp --project "$project.csproj" --configuration Release --concurrency 1 \
  --reporter json --reporter html --reporter progress --output "$out" --skip-version-check "$@"

report="$out/reports/mutation-report.json"
[[ -f "$report" ]] || { echo "no report at $report" >&2; exit 1; }
# The score as Stryker counts it: killed and timed out over every mutant that compiled and was not ignored.
node -e '
const r = require(process.argv[1]);
const n = {};
for (const f of Object.values(r.files)) for (const m of f.mutants) n[m.status] = (n[m.status] || 0) + 1;
const detected = (n.Killed || 0) + (n.Timeout || 0);
const valid = detected + (n.Survived || 0) + (n.NoCoverage || 0);
console.log(`mutation score ${(100 * detected / valid).toFixed(1)}% (${n.Killed || 0} killed, ${n.Timeout || 0} timed out, ` +
  `${n.Survived || 0} survived, ${n.NoCoverage || 0} without coverage; ${n.CompileError || 0} did not compile, ${n.Ignored || 0} ignored)`);
console.log("survivors:");
for (const [path, f] of Object.entries(r.files)) for (const m of f.mutants) if (m.status === "Survived" || m.status === "NoCoverage")
  console.log(`  ${m.status === "NoCoverage" ? "no coverage" : "survived"}  ${path.replace(/.*\/src\//, "src/")}:${m.location.start.line}  ${m.mutatorName}: ${(m.replacement || "").replace(/\s+/g, " ").slice(0, 100)}`);
' "$report"
