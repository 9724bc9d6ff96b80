#!/usr/bin/env bash
# Compiles the grounding circuit with circom (the WebAssembly build from npm): build/grounding.r1cs,
# build/grounding_js/grounding.wasm (the witness calculator) and build/grounding.sym.
# Keys: see circuits/README.md. Needs `npm install` here first (scripts/setup.sh does it).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p build
exec 9>build/.lock && flock 9   # one build at a time, even when several test processes ask for it
if [[ build/grounding.r1cs -nt grounding.circom && -f build/grounding_js/grounding.wasm ]]; then
  echo "build/ is up to date"
  exit 0
fi
echo "==> circom grounding.circom --O2 (about a minute on 2 cores)"
npx --no-install circom2 grounding.circom --r1cs --wasm --sym --O2 -l node_modules -o build
npx --no-install snarkjs r1cs info build/grounding.r1cs
