pragma circom 2.1.6;

// The largest member of the grounding family (circuits/README.md, templates in grounding_lib.circom):
// depth 12 (4,096 sentences), 16 summary slots. Its constraints are the ones its ceremony key was
// made for (circuits/ceremony): change the shared templates only in ways that leave them as they are.
// K = 16: the longest human summary in our reference set has 15.

include "grounding_lib.circom";

component main {public [docRoot, summaryHash, requestId, workerField]} = Grounding(12, 16);
