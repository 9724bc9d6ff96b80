#!/usr/bin/env bash
# Groth16 vectors made by snarkjs for ZkSummarize.Crypto.Tests: the toy circuit (toy/toy.circom), a
# 2^4 powers-of-tau with one contribution, a phase-2 key with one contribution, its verification key,
# and two witnesses with their proofs and public inputs. Seconds, not minutes: the circuit is tiny.
# Run: ./make-groth16-vectors.sh ../../ZkSummarize.Crypto.Tests/vectors/groth16   (needs ../../../circuits/node_modules)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
circom="$here/../../../circuits/node_modules/.bin/circom2"
snarkjs="node $here/node_modules/snarkjs/build/cli.cjs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
"$circom" "$here/toy/toy.circom" --r1cs --wasm -o . >/dev/null
$snarkjs powersoftau new bn128 4 pot0.ptau >/dev/null
$snarkjs powersoftau contribute pot0.ptau pot1.ptau --name=vectors -e="zks toy vectors" >/dev/null
$snarkjs powersoftau prepare phase2 pot1.ptau pot.ptau >/dev/null
$snarkjs groth16 setup toy.r1cs pot.ptau toy0.zkey >/dev/null
$snarkjs zkey contribute toy0.zkey toy.zkey --name=vectors -e="zks toy phase 2" >/dev/null
$snarkjs zkey export verificationkey toy.zkey "$out/verification_key.json" >/dev/null
for n in 1 2; do
  # secret = 3n+1: a = secret², and d = b·c + secret
  s=$((3 * n + 1)); b=$((n + 5)); c=$((n * 11))
  echo "{\"a\":\"$((s * s))\",\"b\":\"$b\",\"c\":\"$c\",\"d\":\"$((b * c + s))\",\"secret\":\"$s\"}" > input.json
  $snarkjs wtns calculate toy_js/toy.wasm input.json "$out/witness$n.wtns" >/dev/null
  $snarkjs groth16 prove toy.zkey "$out/witness$n.wtns" "$out/proof$n.json" "$out/public$n.json" >/dev/null
done
cp toy.zkey "$out/toy.zkey"
cp toy_js/toy.wasm "$out/toy.wasm"
cp toy.r1cs "$out/toy.r1cs"
echo "wrote the verification key, toy.zkey and two proofs to $out"
