// circomlibjs's Poseidon (the reference implementation, circomlib's constants), which equals the
// circuit's Poseidon(2) and Solana's sol_poseidon. build.mjs keeps only the constants of the widths we
// use, so the page does not carry those of all sixteen.
import buildPoseidonReference from 'circomlibjs/src/poseidon_reference.js';

let poseidon;

/** Poseidon(a, b) over BN254's scalar field, as a BigInt. */
export async function poseidon2(a, b) {
  poseidon ??= await buildPoseidonReference();
  return poseidon.F.toObject(poseidon([a, b]));
}
