pragma circom 2.1.6;

// The templates of the grounding family (circuits/README.md): one statement, docs/commitments.md,
// proven by members of different sizes. Each member is a small main file that instantiates
// Grounding(D, K): D = the depth of the subtree its summary paths end in, K = its summary slots.
//
// The commitment is one definition whatever the member: docRoot is the root of the depth-12 tree
// (TREE_DEPTH), zero leaves past the document's end. A member with D < 12 proves each summary leaf's
// path to the tree's leftmost depth-D subtree, then lifts that subtree's root to docRoot with the
// zero-subtree hashes as right siblings; so it can only prove documents of at most 2^D sentences.
//
// Public inputs, in this order: docRoot, summaryHash, requestId, workerField.
// Private inputs: count (k), and for each of the K slots a leaf, its index and its Merkle path (D siblings).
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

// The depth of the commitment tree (docs/commitments.md): 4,096 leaves.
function TREE_DEPTH() { return 12; }

// Z_level, the root of an all-zero subtree of that height: Z_0 = 0, Z_(i+1) = Poseidon(Z_i, Z_i).
// Constants, not computed in the circuit (that would cost a Poseidon each); the tests check them against
// the C# commitment code (a member's proof verifies only if its lifted root equals the C# docRoot).
function ZERO_SUBTREE(level) {
    var z[12] = [
        0,
        14744269619966411208579211824598458697587494354926760081771325075741142829156,
        7423237065226347324353380772367382631490014989348495481811164164159255474657,
        11286972368698509976183087595462810875513684078608517520839298933882497716792,
        3607627140608796879659380071776844901612302623152076817094415224584923813162,
        19712377064642672829441595136074946683621277828620209496774504837737984048981,
        20775607673010627194014556968476266066927294572720319469184847051418138353016,
        3396914609616007258851405644437304192397291162432396347162513310381425243293,
        21551820661461729022865262380882070649935529853313286572328683688269863701601,
        6573136701248752079028194407151022595060682063033565181951145966236778420039,
        12413880268183407374852357075976609371175688755676981206018884971008854919922,
        14271763308400718165336499097156975241954733520325982997864342600795471836726
    ];
    return z[level];
}

// The root of the depth-TREE_DEPTH tree whose leftmost depth-D subtree has root `subtreeRoot` and whose
// other leaves are all zero: at each level above D the node is the left child and its sibling is Z_level.
// TREE_DEPTH - D Poseidons, once per proof (not per slot).
template LiftToTreeRoot(D) {
    signal input subtreeRoot;
    signal output root;

    var LEVELS = TREE_DEPTH() - D;
    signal node[LEVELS + 1];
    component hash[LEVELS];
    node[0] <== subtreeRoot;
    for (var i = 0; i < LEVELS; i++) {
        hash[i] = Poseidon(2);
        hash[i].inputs[0] <== node[i];
        hash[i].inputs[1] <== ZERO_SUBTREE(D + i);
        node[i + 1] <== hash[i].out;
    }
    root <== node[LEVELS];
}

template Grounding(D, K) {
    assert(D >= 1 && D <= TREE_DEPTH());
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
        // The full-depth member compares each path with docRoot directly (its constraints, and so its
        // ceremony key, are the ones it has always had). A smaller member compares each active path with
        // slot 0's (always active), and lifts that subtree root to docRoot once, below.
        if (D == TREE_DEPTH()) {
            (path[j].root - docRoot) * active[j] === 0;
        } else if (j > 0) {
            (path[j].root - path[0].root) * active[j] === 0;
        }
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

    // --- A smaller member: the subtree all active paths share, lifted with zero siblings, is docRoot.
    // Since the siblings above D are the zero-subtree hashes, docRoot must be a document of at most 2^D
    // sentences: a longer one has a non-zero node there, and matching it would need a Poseidon collision.
    if (D < TREE_DEPTH()) {
        component lift = LiftToTreeRoot(D);
        lift.subtreeRoot <== path[0].root;
        lift.root === docRoot;
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
