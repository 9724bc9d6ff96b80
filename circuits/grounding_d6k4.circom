pragma circom 2.1.6;

// A member of the grounding family (circuits/README.md, templates in grounding_lib.circom): summary paths
// of depth 6 (documents of at most 64 sentences), 4 summary slots. Same public inputs and commitment
// as grounding.circom.

include "grounding_lib.circom";

component main {public [docRoot, summaryHash, requestId, workerField]} = Grounding(6, 4);
