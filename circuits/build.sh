#!/usr/bin/env bash
# Compiles the grounding family with circom (the WebAssembly build from npm): for each member <name>
# (circuits/README.md), build/<name>.r1cs, build/<name>_js/<name>.wasm (its witness calculator) and
# build/<name>.sym. A member is rebuilt when its main file or grounding_lib.circom is newer than its r1cs.
# Keys: see circuits/README.md. Needs `npm install` here first (scripts/setup.sh does it).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p build
exec 9>build/.lock && flock 9   # one build at a time, even when several test processes ask for it

# The family, smallest first; the C# table (ZkSummarize.Core GroundingFamily) names the same files.
MEMBERS=(grounding_d6k4 grounding_d10k8 grounding)

for member in "${MEMBERS[@]}"; do
  if [[ build/$member.r1cs -nt $member.circom && build/$member.r1cs -nt grounding_lib.circom && -f build/${member}_js/$member.wasm ]]; then
    echo "build/$member is up to date"
    continue
  fi
  echo "==> circom $member.circom --O2 (up to a minute or two on 2 cores)"
  npx --no-install circom2 "$member.circom" --r1cs --wasm --sym --O2 -l node_modules -o build
  npx --no-install snarkjs r1cs info "build/$member.r1cs"
done
