/* Attest: a worker of the escrow's operator proves the summary and is paid. The program derives every
   public input — docRoot and requestId from the escrow, summaryHash from the worker's hash chain and the
   escrow's sentence count, workerField from the signer — and checks the Groth16 proof against the key the
   escrow was opened under. It writes the attestation PDA ["attest", request id], pays the worker and the
   treasury from the vault (the fee the escrow recorded), returns anything else in the vault to the client
   (tokens a stranger sent cannot block the close), and closes the vault and the escrow (rent to the client).
   Accounts: worker (signer, writable), escrow (writable), vault (writable), worker's token account
   (writable), treasury token account (writable), attestation PDA (writable), client (writable), client's
   token account (writable), config, verifying key, worker registration, mint, token program, system program.
   Data: tag, summary chain hₖ[32], proof[256] = (−A)‖B‖C. */
#include "groth16.h"

#define ATTEST_LENGTH (1 + 32 + PROOF_LENGTH)

/* The worker is registered by the escrow's operator: its registration is ours, for this operator and this signer. */
static u64 require_registered(const AccountInfo *registration, const u8 *operator, const AccountInfo *worker, const Pubkey *program_id) {
    if (!is_ours(registration, program_id, KIND_WORKER, WORKER_SIZE) || !equal(registration->data + WORKER_OPERATOR, operator, 32)
        || !equal(registration->data + WORKER_KEY, worker->key->x, 32)) {
        return ERR_WORKER_NOT_REGISTERED;
    }
    return 0;
}

/* Pays the worker and the fee from the vault, returns any surplus to the client, and closes the vault and the escrow. */
static u64 pay_out(AccountInfo *a, const Attested *what, u64 amount) {
    AccountInfo *escrow = &a[1], *vault = &a[2], *worker_token = &a[3], *treasury = &a[4], *client = &a[6], *client_token = &a[7], *mint = &a[11];
    ESCROW_SIGNER(signer, escrow->data);
    u64 surplus = read_u64(vault->data + TOKEN_AMOUNT) - amount;   /* only this program moves tokens out, so balance ≥ amount */
    Transfer to_worker = {vault, mint, worker_token, escrow}, to_treasury = {vault, mint, treasury, escrow}, back = {vault, mint, client_token, escrow};
    TRY(transfer_checked(&to_worker, what->paid_worker, &signer));
    if (what->paid_fee > 0) TRY(transfer_checked(&to_treasury, what->paid_fee, &signer));
    if (surplus > 0) TRY(transfer_checked(&back, surplus, &signer));
    TRY(close_token_account(vault, client, escrow, &signer));
    return close_program_account(escrow, client);
}

static u64 attest(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    if (length != ATTEST_LENGTH) return ERR_INVALID_INSTRUCTION;
    if (n < 14) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *worker = &a[0], *escrow = &a[1], *vault = &a[2], *worker_token = &a[3], *treasury = &a[4], *attestation = &a[5],
                *client = &a[6], *client_token = &a[7], *config = &a[8], *key = &a[9], *registration = &a[10], *mint = &a[11],
                *token = &a[12], *system = &a[13];
    const u8 *proof = data + 33;

    TRY(require_signer(worker));
    for (int i = 0; i < 8; i++) TRY(require_writable(&a[i]));
    TRY(require_program(token, &TOKEN_PROGRAM, ERR_WRONG_TOKEN_PROGRAM));
    TRY(require_program(system, &SYSTEM_PROGRAM, ERR_WRONG_SYSTEM_PROGRAM));
    TRY(require_open_escrow(escrow, program_id));
    const u8 *e = escrow->data;
    if (!equal(config->key->x, e + ESCROW_CONFIG, 32)) return ERR_WRONG_CONFIG_ADDRESS;
    TRY(require_config(config, program_id));
    TRY(require_mint(mint, config->data + CONFIG_MINT));
    TRY(require_verifying_key(key, e + ESCROW_VK_HASH, program_id));
    TRY(require_registered(registration, e + ESCROW_OPERATOR, worker, program_id));
    TRY(require_vault(vault, escrow, mint->key->x));
    if (!equal(client->key->x, e + ESCROW_CLIENT, 32)) return ERR_WRONG_CLIENT;
    if (!equal(treasury->key->x, config->data + CONFIG_TREASURY, 32)) return ERR_WRONG_TREASURY;
    TRY(require_distinct(worker_token, vault));
    TRY(require_token_account(worker_token, mint->key->x, 0));
    TRY(require_token_account(client_token, mint->key->x, client->key));
    i64 time;
    u64 slot;
    TRY(now(&time, &slot));
    if (time > (i64)read_u64(e + ESCROW_DEADLINE)) return ERR_DEADLINE_PASSED;

    Seed attest_seeds[3] = {{SEED_ATTEST, 6}, {e + ESCROW_REQUEST_ID, 32}, {e + ESCROW_ATTEST_BUMP, 1}};
    TRY(require_pda(attestation, attest_seeds, 3, program_id, ERR_WRONG_ATTESTATION_ADDRESS));
    if (!is_unused(attestation)) return ERR_ATTESTATION_EXISTS;

    u64 amount = read_u64(e + ESCROW_AMOUNT);
    u64 fee = basis_points_of(amount, read_u16(e + ESCROW_FEE_BPS));
    if (fee > amount) return ERR_ARITHMETIC_OVERFLOW;
    Attested what = {e + ESCROW_REQUEST_ID, e + ESCROW_DOC_ROOT, data + 1, {0}, e[ESCROW_SENTENCES], slot, amount - fee, fee,
                     e + ESCROW_VK_HASH, e + ESCROW_OPERATOR, e + ESCROW_CLIENT, e[ESCROW_ATTEST_BUMP]};
    TRY(verify_grounding(key, proof, &what, worker));
    SignerSeeds attest_signer = {attest_seeds, 3};
    TRY(record_attestation(worker, attestation, &what, &attest_signer, program_id));
    return pay_out(a, &what, amount);
}
