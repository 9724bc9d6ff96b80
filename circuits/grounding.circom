pragma circom 2.1.6;

// The grounding statement of ZkSummarize (docs/commitments.md):
//   "I know k sentences of the document committed to by docRoot, at strictly increasing indices,
//    whose leaves hash, with requestId and k, to summaryHash" — and the proof is bound to one worker.
//
// Public inputs, in this order: docRoot, summaryHash, requestId, workerField.
// Private inputs: count (k), and for each of the K slots a leaf, its index and its Merkle path.
// Slots at or after `count` are ignored (fill them with zeros).

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/mux1.circom";

// The root of a depth-D Poseidon Merkle tree from a leaf, its index bits (least significant first)
// and the siblings on the way up.
template MerkleRoot(D) {
    signal input leaf;
    signal input indexBits[D];
    signal input siblings[D];
    signal output root;

    signal node[D + 1];
    node[0] <== leaf;
    component left[D];
    component right[D];
    component hash[D];
    for (var level = 0; level < D; level++) {
        // indexBits come from Num2Bits, so each is already constrained to 0 or 1.
        left[level] = Mux1();
        left[level].c[0] <== node[level];
        left[level].c[1] <== siblings[level];
        left[level].s <== indexBits[level];
        right[level] = Mux1();
        right[level].c[0] <== siblings[level];
        right[level].c[1] <== node[level];
        right[level].s <== indexBits[level];
        hash[level] = Poseidon(2);
        hash[level].inputs[0] <== left[level].out;
        hash[level].inputs[1] <== right[level].out;
        node[level + 1] <== hash[level].out;
    }
    root <== node[D];
}

template Grounding(D, K) {
    signal input docRoot;
    signal input summaryHash;
    signal input requestId;
    signal input workerField;

    signal input count;
    signal input leaf[K];
    signal input index[K];
    signal input siblings[K][D];

    // --- 1 <= count <= K. Num2Bits bounds count first, so LessThan's inputs are in range.
    var COUNT_BITS = 5;
    assert(K < 2 ** COUNT_BITS);
    component countBits = Num2Bits(COUNT_BITS);
    countBits.in <== count;
    component countAtMostK = LessThan(COUNT_BITS);
    countAtMostK.in[0] <== count;
    countAtMostK.in[1] <== K + 1;
    countAtMostK.out === 1;

    // --- active[j] = 1 for the first `count` slots, 0 after.
    signal active[K];
    component isActive[K];
    for (var j = 0; j < K; j++) {
        isActive[j] = LessThan(COUNT_BITS);
        isActive[j].in[0] <== j;
        isActive[j].in[1] <== count;
        active[j] <== isActive[j].out;
    }
    active[0] === 1; // count >= 1

    // --- Each active leaf sits at its index under docRoot, and the indices strictly increase.
    // Num2Bits(D) range-checks every index (< 2^D), which LessThan(D) needs to be sound.
    component indexBits[K];
    component path[K];
    component increasing[K];
    component leafIsZero[K];
    for (var j = 0; j < K; j++) {
        indexBits[j] = Num2Bits(D);
        indexBits[j].in <== index[j];
        path[j] = MerkleRoot(D);
        path[j].leaf <== leaf[j];
        for (var level = 0; level < D; level++) {
            path[j].indexBits[level] <== indexBits[j].out[level];
            path[j].siblings[level] <== siblings[j][level];
        }
        (path[j].root - docRoot) * active[j] === 0;
        // A padding leaf (0, past the document's last sentence) is not a sentence: an active slot's leaf
        // must be non-zero. A real sentence's leaf is a SHA-256 digest, zero with probability 2^-253.
        leafIsZero[j] = IsZero();
        leafIsZero[j].in <== leaf[j];
        leafIsZero[j].out * active[j] === 0;
        if (j > 0) {
            increasing[j] = LessThan(D);
            increasing[j].in[0] <== index[j - 1];
            increasing[j].in[1] <== index[j];
            (1 - increasing[j].out) * active[j] === 0;
        }
    }

    // --- summaryHash = Poseidon(h_count, count), h_0 = requestId, h_j = Poseidon(h_(j-1), leaf_j).
    // Inactive slots carry the chain through unchanged.
    signal chain[K + 1];
    signal step[K];
    component link[K];
    chain[0] <== requestId;
    for (var j = 0; j < K; j++) {
        link[j] = Poseidon(2);
        link[j].inputs[0] <== chain[j];
        link[j].inputs[1] <== leaf[j];
        step[j] <== active[j] * (link[j].out - chain[j]);
        chain[j + 1] <== chain[j] + step[j];
    }
    component last = Poseidon(2);
    last.inputs[0] <== chain[K];
    last.inputs[1] <== count;
    summaryHash === last.out;

    // --- Bind the proof to the worker: a public input with no constraint could be optimised away,
    // and a proof could then be replayed under another worker's key.
    signal workerSquared;
    workerSquared <== workerField * workerField;
}

// D = 12 (4,096 sentences), K = 16 (the longest human summary in our reference set has 15).
component main {public [docRoot, summaryHash, requestId, workerField]} = Grounding(12, 16);
