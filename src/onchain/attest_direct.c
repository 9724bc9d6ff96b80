/* AttestDirect: records a proven summary that was paid outside escrow (the x402 `exact` scheme, where the
   node was paid before it worked). The same proof check as Attest, with docRoot and requestId from the
   instruction instead of an escrow; it moves no money, so the attestation records 0 paid. Anyone may
   attest a request id once; what the attestation means is only what the proof proves: this worker
   showed that this summary is drawn from the document with this root, for this request.
   Accounts: worker (signer, writable), attestation PDA (writable), config, system program.
   Data: tag, requestId[32], docRoot[32], summaryHash[32], proof[256] = (−A)‖B‖C, attestation bump. */
#include "escrow_checks.h"

static u64 attest_direct(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    if (length != 1 + 3 * 32 + PROOF_LENGTH + 1) return ERR_INVALID_INSTRUCTION;
    if (n < 4) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *worker = &a[0], *attestation = &a[1], *config = &a[2], *system = &a[3];
    const u8 *request_id = data + 1, *doc_root = data + 33, *summary_hash = data + 65, *proof = data + 97;
    u8 attestation_bump = data[97 + PROOF_LENGTH];

    TRY(require_signer(worker));
    TRY(require_writable(worker));
    TRY(require_writable(attestation));
    TRY(require_program(system, &SYSTEM_PROGRAM, ERR_WRONG_SYSTEM_PROGRAM));
    TRY(require_config(config, program_id));
    if (!config->data[CONFIG_VK_SET]) return ERR_VERIFYING_KEY_NOT_SET;
    if (!below_scalar_modulus(request_id)) return ERR_INVALID_REQUEST_ID;
    if (!below_scalar_modulus(doc_root)) return ERR_INVALID_DOC_ROOT;
    if (!below_scalar_modulus(summary_hash)) return ERR_INVALID_SUMMARY_HASH;
    i64 time;
    u64 slot;
    TRY(now(&time, &slot));

    TRY(require_new_attestation(attestation, request_id, attestation_bump, program_id));
    Attested what = {request_id, doc_root, summary_hash, slot, 0, 0, attestation_bump};
    TRY(verify_grounding(config, proof, &what, worker));
    return record_attestation(worker, attestation, &what, program_id);
}
