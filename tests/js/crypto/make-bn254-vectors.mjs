// BN254 vectors from ffjavascript (the curve library under snarkjs), for ZkSummarize.Crypto.Tests:
// scalar multiples of the generators, and pairing-product checks that must hold or fail.
// Run: node make-bn254-vectors.mjs ../../ZkSummarize.Crypto.Tests/vectors/bn254.json
import { writeFileSync } from 'node:fs';
import { buildBn128 } from 'ffjavascript';

const curve = await buildBn128(true);
const { G1, G2, Fr } = curve;
const r = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

let seed = 0x2545f4914f6cdd1dn;
function next64() {
  seed ^= seed >> 12n; seed ^= (seed << 25n) & 0xffffffffffffffffn; seed ^= seed >> 27n;
  return (seed * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
}
const randomScalar = () => ((next64() << 192n) | (next64() << 128n) | (next64() << 64n) | next64()) % r;

const g1 = (k) => { const [x, y] = G1.toObject(G1.toAffine(G1.timesScalar(G1.g, k))); return { x: x.toString(), y: y.toString() }; };
const g2 = (k) => {
  const [x, y] = G2.toObject(G2.toAffine(G2.timesScalar(G2.g, k)));
  return { x: [x[0].toString(), x[1].toString()], y: [y[0].toString(), y[1].toString()] }; // [real, imaginary]
};

const scalars = [1n, 2n, 3n, r - 1n, ...Array.from({ length: 8 }, randomScalar)];
const multiples = scalars.map(k => ({ k: k.toString(), g1: g1(k), g2: g2(k) }));

const checks = [];
for (let i = 0; i < 4; i++) {
  const a = randomScalar(), b = randomScalar();
  for (const delta of [0n, 1n]) {
    const ab = (a * b + delta) % r;
    const P1 = G1.timesScalar(G1.g, a), Q1 = G2.timesScalar(G2.g, b);
    const P2 = G1.neg(G1.timesScalar(G1.g, ab)), Q2 = G2.g;
    checks.push({ a: a.toString(), b: b.toString(), ab: ab.toString(), holds: await curve.pairingEq(P1, Q1, P2, Q2) });
  }
}
writeFileSync(process.argv[2], JSON.stringify({ multiples, checks }, null, 1) + '\n');
console.log(`wrote ${multiples.length} multiples and ${checks.length} pairing checks`);
await curve.terminate();
