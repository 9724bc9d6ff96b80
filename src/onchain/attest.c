/* Attest: the worker proves the summary and is paid. The program derives every public input except
   summaryHash itself — docRoot and requestId from the escrow, workerField from the signer — checks
   the Groth16 proof with the alt_bn128 syscalls, writes the attestation PDA ["attest", request id],
   pays the worker and the protocol fee from the vault, and closes the vault and the escrow (their
   rent goes back to the client).
   Accounts: worker (signer, writable), escrow (writable), vault (writable), worker's token account
   (writable), treasury token account (writable), attestation PDA (writable), client (writable), config,
   mint, token program, system program. Data: tag, summaryHash[32], proof[256] = (−A)‖B‖C, attestation bump. */
#include "escrow_checks.h"

enum { BN128_ADD = 0, BN128_MUL = 2, BN128_PAIRING = 3 };
#define PUBLIC_INPUTS 4

/* Scratch in the heap after the account table: 4 pairs × (G1 64 + G2 128) for the pairing, and L. */
#define PAIRING_INPUT (HEAP_START + MAX_ACCOUNTS * sizeof(AccountInfo))

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

/* The attestation PDA ["attest", request id, bump] must be this account, and not exist yet. */
static u64 require_new_attestation(const AccountInfo *attestation, const u8 *request_id, u8 bump, const Pubkey *program_id) {
    Seed seeds[3] = {{SEED_ATTEST, 6}, {request_id, 32}, {&bump, 1}};
    TRY(require_pda(attestation, seeds, 3, program_id, ERR_WRONG_ATTESTATION_ADDRESS));
    if (!same_key(attestation->owner, &SYSTEM_PROGRAM) || attestation->data_len != 0) return ERR_ATTESTATION_EXISTS;
    return 0;
}

/* What an attestation records (one struct: BPF calls take at most five arguments). */
typedef struct {
    const u8 *request_id, *doc_root, *summary_hash;
    u64 slot, paid_worker, paid_fee;
    u8 bump;
} Attested;

/* The grounding proof against the configured key, with workerField taken from the signer's own key. */
static u64 verify_grounding(const AccountInfo *config, const u8 *proof, const Attested *what, const AccountInfo *worker) {
    u8 worker_field[32];
    copy(worker_field, worker->key->x, 32);
    worker_field[0] &= 0x1F;                         /* the key as a field element (docs/commitments.md §3) */
    const u8 *inputs[PUBLIC_INPUTS] = {what->doc_root, what->summary_hash, what->request_id, worker_field};
    return verify_proof(config->data + CONFIG_VK, proof, inputs);
}

/* Creates the attestation PDA (rent paid by the worker) and writes what was proven and paid. */
static u64 record_attestation(AccountInfo *worker, AccountInfo *attestation, const Attested *what, const Pubkey *program_id) {
    u8 bump = what->bump;
    Seed seeds[3] = {{SEED_ATTEST, 6}, {what->request_id, 32}, {&bump, 1}};
    SignerSeeds signer = {seeds, 3};
    TRY(create_pda(worker, attestation, ATTEST_SIZE, program_id, &signer));
    u8 *t = attestation->data;
    t[ATTEST_KIND] = KIND_ATTESTATION;
    t[ATTEST_BUMP] = bump;
    copy(t + ATTEST_REQUEST_ID, what->request_id, 32);
    copy(t + ATTEST_DOC_ROOT, what->doc_root, 32);
    copy(t + ATTEST_SUMMARY_HASH, what->summary_hash, 32);
    copy(t + ATTEST_WORKER, worker->key->x, 32);
    write_u64(t + ATTEST_SLOT, what->slot);
    write_u64(t + ATTEST_PAID_WORKER, what->paid_worker);
    write_u64(t + ATTEST_PAID_FEE, what->paid_fee);
    return 0;
}

static u64 attest(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    if (length != 1 + 32 + PROOF_LENGTH + 1) return ERR_INVALID_INSTRUCTION;
    if (n < 11) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *worker = &a[0], *escrow = &a[1], *vault = &a[2], *worker_token = &a[3], *treasury = &a[4], *attestation = &a[5],
                *client = &a[6], *config = &a[7], *mint = &a[8], *token = &a[9], *system = &a[10];
    const u8 *summary_hash = data + 1, *proof = data + 33;
    u8 attestation_bump = data[1 + 32 + PROOF_LENGTH];

    TRY(require_signer(worker));
    for (int i = 0; i < 7; i++) TRY(require_writable(&a[i]));
    TRY(require_program(token, &TOKEN_PROGRAM, ERR_WRONG_TOKEN_PROGRAM));
    TRY(require_program(system, &SYSTEM_PROGRAM, ERR_WRONG_SYSTEM_PROGRAM));
    TRY(require_config(config, program_id));
    if (!config->data[CONFIG_VK_SET]) return ERR_VERIFYING_KEY_NOT_SET;
    TRY(require_mint(mint, config->data + CONFIG_MINT));
    TRY(require_open_escrow(escrow, program_id));
    const u8 *e = escrow->data;
    TRY(require_vault(vault, escrow, mint->key->x, e[ESCROW_VAULT_BUMP]));
    if (!equal(client->key->x, e + ESCROW_CLIENT, 32)) return ERR_WRONG_CLIENT;
    if (!equal(treasury->key->x, config->data + CONFIG_TREASURY, 32)) return ERR_WRONG_TREASURY;
    TRY(require_token_account(worker_token, mint->key->x, 0));
    i64 time;
    u64 slot;
    TRY(now(&time, &slot));
    if (time > (i64)read_u64(e + ESCROW_DEADLINE)) return ERR_DEADLINE_PASSED;
    if (!below_scalar_modulus(summary_hash)) return ERR_INVALID_SUMMARY_HASH;

    TRY(require_new_attestation(attestation, e + ESCROW_REQUEST_ID, attestation_bump, program_id));
    Attested what = {e + ESCROW_REQUEST_ID, e + ESCROW_DOC_ROOT, summary_hash, slot, 0, 0, attestation_bump};
    TRY(verify_grounding(config, proof, &what, worker));

    u64 amount = read_u64(e + ESCROW_AMOUNT);
    u64 fee = basis_points_of(amount, read_u16(config->data + CONFIG_FEE_BPS));
    if (fee > amount) return ERR_ARITHMETIC_OVERFLOW;
    u64 pay = amount - fee;
    what.paid_worker = pay;
    what.paid_fee = fee;
    TRY(record_attestation(worker, attestation, &what, program_id));

    Seed escrow_seeds[3] = {{SEED_ESCROW, 6}, {e + ESCROW_REQUEST_ID, 32}, {e + ESCROW_BUMP, 1}};
    SignerSeeds signer = {escrow_seeds, 3};
    Transfer to_worker = {vault, mint, worker_token, escrow}, to_treasury = {vault, mint, treasury, escrow};
    TRY(transfer_checked(&to_worker, pay, &signer));
    if (fee > 0) TRY(transfer_checked(&to_treasury, fee, &signer));
    TRY(close_token_account(vault, client, escrow, &signer));
    return close_program_account(escrow, client);
}
