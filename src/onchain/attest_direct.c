/* AttestDirect: records a proven summary that was paid outside escrow (the x402 `exact` scheme, where
   the node was paid before it worked). The same proof check as Attest, against any of the config's
   current keys (the worker passes the one of the circuit it proved with), with docRoot, requestId and the sentence count from the instruction; it moves no money, so the
   attestation records 0 paid. Its address ["direct", worker, request id] includes the worker, so
   nobody can take another worker's address, and no direct attestation can sit where an escrow's goes.
   What it means is only what the proof proves: this worker showed that this summary is drawn from the
   document with this root, for this request.
   Accounts: worker (signer, writable), attestation PDA (writable), config, verifying key, system program.
   Data: tag, requestId[32], docRoot[32], summary chain hₖ[32], sentences u8, proof[256] = (−A)‖B‖C. */
#include "groth16.h"

#define ATTEST_DIRECT_LENGTH (1 + 3 * 32 + 1 + PROOF_LENGTH)

static u64 attest_direct(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    if (length != ATTEST_DIRECT_LENGTH) return ERR_INVALID_INSTRUCTION;
    if (n < 5) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *worker = &a[0], *attestation = &a[1], *config = &a[2], *key = &a[3], *system = &a[4];
    const u8 *request_id = data + 1, *doc_root = data + 33, *proof = data + 98;

    TRY(require_signer(worker));
    TRY(require_writable(worker));
    TRY(require_writable(attestation));
    TRY(require_program(system, &SYSTEM_PROGRAM, ERR_WRONG_SYSTEM_PROGRAM));
    TRY(require_config(config, program_id));
    if (!is_ours(key, program_id, KIND_VERIFYING_KEY, VKEY_SIZE)) return ERR_WRONG_VERIFYING_KEY;
    if (!is_current_key(config, key->data + VKEY_HASH)) return ERR_VERIFYING_KEY_NOT_CURRENT;
    if (!below_scalar_modulus(request_id)) return ERR_INVALID_REQUEST_ID;
    if (!below_scalar_modulus(doc_root)) return ERR_INVALID_DOC_ROOT;
    i64 time;
    u64 slot;
    TRY(now(&time, &slot));

    u8 bump;
    Seed seeds[4] = {{SEED_DIRECT, 6}, {worker->key->x, 32}, {request_id, 32}, {&bump, 1}};
    if (!is_canonical_pda(attestation, seeds, 3, program_id, &bump)) return ERR_WRONG_ATTESTATION_ADDRESS;
    if (!is_unused(attestation)) return ERR_ATTESTATION_EXISTS;
    Attested what = {request_id, doc_root, data + 65, {0}, data[97], slot, 0, 0, key->data + VKEY_HASH, 0, 0, bump};
    TRY(verify_grounding(key, proof, &what, worker));
    SignerSeeds signer = {seeds, 4};
    return record_attestation(worker, attestation, &what, &signer, program_id);
}
