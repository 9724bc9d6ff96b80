/* The grounding proof on chain: summaryHash from its chain and count (sol_poseidon), and the Groth16
   check with the alt_bn128 syscalls. docs/commitments.md §5–7. */
#pragma once
#include "escrow_checks.h"

enum { BN128_ADD = 0, BN128_MUL = 2, BN128_PAIRING = 3 };
#define PUBLIC_INPUTS 4

/* Scratch in the heap after the account table: 4 pairs × (G1 64 + G2 128) for the pairing, and L. */
#define PAIRING_INPUT (HEAP_START + MAX_ACCOUNTS * sizeof(AccountInfo))

/* What a proof is checked against and an attestation records (one struct: BPF calls take at most five arguments). */
typedef struct {
    const u8 *request_id, *doc_root, *chain;   /* chain: hₖ, the summary's hash chain before its count */
    u8 summary_hash[32];                       /* Poseidon(hₖ, k), computed here */
    u8 sentences;                              /* k */
    u64 slot, paid_worker, paid_fee;
    const u8 *vk_hash, *operator, *client;     /* operator and client: 0 for a direct attestation */
    u8 bump;
} Attested;

/* summaryHash = Poseidon(hₖ, k): the program supplies k (an escrow's paid-for count), so a proof of any
   other number of sentences cannot verify. This replaces a fifth public input (a G1 multiplication, ~4,200 CU)
   with one Poseidon (~800 CU). */
static u64 summary_hash(Attested *what) {
    if (!below_scalar_modulus(what->chain)) return ERR_INVALID_SUMMARY_HASH;
    if (what->sentences == 0 || what->sentences > MAX_SUMMARY_SENTENCES) return ERR_INVALID_SENTENCE_COUNT;
    u8 count[32];
    zero(count, 32);
    count[31] = what->sentences;
    Seed values[2] = {{what->chain, 32}, {count, 32}};
    return sol_poseidon(0, 0, values, 2, what->summary_hash) == 0 ? 0 : ERR_INVALID_SUMMARY_HASH;
}

/* e(−A, B) · e(α, β) · e(L, γ) · e(C, δ) = 1, with L = IC0 + Σ inputᵢ · ICᵢ₊₁. */
static u64 verify_proof(const u8 *vk, const u8 *proof, const u8 *const inputs[PUBLIC_INPUTS]) {
    u8 *pairing = (u8 *)PAIRING_INPUT;
    u8 *l = pairing + 2 * 192;                     /* L goes straight into the third pair */
    const u8 *ic = vk + 64 + 3 * 128;
    copy(l, ic, 64);
    for (int i = 0; i < PUBLIC_INPUTS; i++) {
        u8 product_input[96], sum_input[128];
        copy(product_input, ic + 64 * (i + 1), 64);
        copy(product_input + 64, inputs[i], 32);
        if (sol_alt_bn128_group_op(BN128_MUL, product_input, 96, sum_input + 64) != 0) return ERR_PROOF_INVALID;
        copy(sum_input, l, 64);
        if (sol_alt_bn128_group_op(BN128_ADD, sum_input, 128, l) != 0) return ERR_PROOF_INVALID;
    }
    copy(pairing, proof, 64 + 128);                /* −A, B */
    copy(pairing + 192, vk, 64 + 128);             /* α, β */
    copy(pairing + 2 * 192 + 64, vk + 64 + 128, 128);   /* γ after L */
    copy(pairing + 3 * 192, proof + 192, 64);      /* C */
    copy(pairing + 3 * 192 + 64, vk + 64 + 256, 128);   /* δ */
    u8 result[32];
    if (sol_alt_bn128_group_op(BN128_PAIRING, pairing, 4 * 192, result) != 0) return ERR_PROOF_INVALID;
    for (int i = 0; i < 31; i++) if (result[i] != 0) return ERR_PROOF_INVALID;
    return result[31] == 1 ? 0 : ERR_PROOF_INVALID;
}

/* The grounding proof against the verifying key account, with workerField taken from the signer's own key. */
static u64 verify_grounding(const AccountInfo *key, const u8 *proof, Attested *what, const AccountInfo *worker) {
    TRY(summary_hash(what));
    u8 worker_field[32];
    copy(worker_field, worker->key->x, 32);
    worker_field[0] &= 0x1F;                         /* the key as a field element (docs/commitments.md §3) */
    const u8 *inputs[PUBLIC_INPUTS] = {what->doc_root, what->summary_hash, what->request_id, worker_field};
    return verify_proof(key->data + VKEY_KEY, proof, inputs);
}

/* Creates the attestation PDA (rent paid by the worker) and writes what was proven and paid. */
static u64 record_attestation(AccountInfo *worker, AccountInfo *attestation, const Attested *what, const SignerSeeds *signer, const Pubkey *program_id) {
    TRY(create_pda(worker, attestation, ATTEST_SIZE, program_id, signer));
    u8 *t = attestation->data;
    t[ATTEST_KIND] = KIND_ATTESTATION;
    t[ATTEST_BUMP] = what->bump;
    t[ATTEST_SENTENCES] = what->sentences;
    t[ATTEST_ESCROWED] = what->operator ? 1 : 0;
    copy(t + ATTEST_REQUEST_ID, what->request_id, 32);
    copy(t + ATTEST_DOC_ROOT, what->doc_root, 32);
    copy(t + ATTEST_SUMMARY_HASH, what->summary_hash, 32);
    copy(t + ATTEST_WORKER, worker->key->x, 32);
    write_u64(t + ATTEST_SLOT, what->slot);
    write_u64(t + ATTEST_PAID_WORKER, what->paid_worker);
    write_u64(t + ATTEST_PAID_FEE, what->paid_fee);
    copy(t + ATTEST_VK_HASH, what->vk_hash, 32);
    if (what->operator) copy(t + ATTEST_OPERATOR, what->operator, 32);
    if (what->client) copy(t + ATTEST_CLIENT, what->client, 32);
    return 0;
}
