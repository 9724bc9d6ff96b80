pragma circom 2.1.6;

// A member of the grounding family (circuits/README.md, templates in grounding_lib.circom): summary paths
// of depth 10 (documents of at most 1,024 sentences), 8 summary slots. Same public inputs and commitment
// as grounding.circom.

include "grounding_lib.circom";

component main {public [docRoot, summaryHash, requestId, workerField]} = Grounding(10, 8);
