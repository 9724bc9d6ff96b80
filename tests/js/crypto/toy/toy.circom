pragma circom 2.1.6;

// A tiny circuit with four public inputs like the grounding circuit's, so that snarkjs can make a
// key, proofs and a verification key in seconds for the cross-implementation tests.
template Toy() {
    signal input a;
    signal input b;
    signal input c;
    signal input d;
    signal input secret;
    signal squared <== secret * secret;
    a === squared;
    signal product <== b * c;
    d === product + secret;
}

component main {public [a, b, c, d]} = Toy();
