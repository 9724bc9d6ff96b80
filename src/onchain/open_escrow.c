/* OpenEscrow: the client locks `amount` of the mint for a request until `deadline`, for a summary of
   `sentences` sentences by a worker of `operator` (the node that quoted it), to be settled under the
   verifying key `vk hash`, which must be one of the config's current keys (the circuit the node quoted).
   The escrow records all of these, and the config and fee, so nothing changed later (a key, a fee)
   alters how it settles.
   Accounts: client (signer, writable), escrow PDA ["escrow", request id] (writable), vault = the escrow's
   associated token account (writable; created earlier in the same transaction), client's token account
   (writable), mint, config, token program, system program.
   Data: tag, request id[32], doc root[32], amount u64, deadline i64, operator[32], sentences u8, vault bump, vk hash[32]. */
#include "escrow_checks.h"

#define OPEN_ESCROW_LENGTH 147

static u64 open_escrow(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    if (length != OPEN_ESCROW_LENGTH) return ERR_INVALID_INSTRUCTION;
    if (n < 8) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *client = &a[0], *escrow = &a[1], *vault = &a[2], *source = &a[3], *mint = &a[4], *config = &a[5], *token = &a[6], *system = &a[7];
    const u8 *request_id = data + 1, *doc_root = data + 33, *operator = data + 81, *vk_hash = data + 115;
    u64 amount = read_u64(data + 65);
    i64 deadline = (i64)read_u64(data + 73);
    u8 sentences = data[113], vault_bump = data[114];

    TRY(require_signer(client));
    TRY(require_writable(client));
    TRY(require_writable(escrow));
    TRY(require_writable(vault));
    TRY(require_writable(source));
    TRY(require_program(token, &TOKEN_PROGRAM, ERR_WRONG_TOKEN_PROGRAM));
    TRY(require_program(system, &SYSTEM_PROGRAM, ERR_WRONG_SYSTEM_PROGRAM));
    TRY(require_config(config, program_id));
    TRY(require_mint(mint, config->data + CONFIG_MINT));
    if (!has_current_key(config)) return ERR_VERIFYING_KEY_NOT_SET;
    if (!is_current_key(config, vk_hash)) return ERR_VERIFYING_KEY_NOT_CURRENT;
    if ((request_id[0] & 0xE0) != 0) return ERR_INVALID_REQUEST_ID;     /* the id is its own field element */
    if (!below_scalar_modulus(doc_root)) return ERR_INVALID_DOC_ROOT;
    if (amount == 0) return ERR_INVALID_AMOUNT;
    if (sentences == 0 || sentences > MAX_SUMMARY_SENTENCES) return ERR_INVALID_SENTENCE_COUNT;
    i64 time;
    TRY(now(&time, 0));
    if (deadline <= time) return ERR_DEADLINE_IN_PAST;

    u8 escrow_bump, attest_bump;
    Seed seeds[3] = {{SEED_ESCROW, 6}, {request_id, 32}, {&escrow_bump, 1}};
    if (!is_canonical_pda(escrow, seeds, 2, program_id, &escrow_bump)) return ERR_WRONG_ESCROW_ADDRESS;
    if (!is_unused(escrow)) return ERR_ESCROW_ALREADY_EXISTS;
    /* The attestation's canonical bump, found now so that Attest (which must stay cheap) only checks it. */
    Pubkey attestation;
    Seed attest_seeds[2] = {{SEED_ATTEST, 6}, {request_id, 32}};
    if (sol_try_find_program_address(attest_seeds, 2, program_id, &attestation, &attest_bump) != 0) return ERR_WRONG_ATTESTATION_ADDRESS;
    Seed vault_seeds[4] = {{escrow->key->x, 32}, {TOKEN_PROGRAM.x, 32}, {mint->key->x, 32}, {&vault_bump, 1}};
    TRY(require_pda(vault, vault_seeds, 4, &ASSOCIATED_TOKEN_PROGRAM, ERR_WRONG_VAULT));
    if (require_token_account(vault, mint->key->x, escrow->key)) return ERR_WRONG_VAULT;
    TRY(require_distinct(source, vault));
    TRY(require_token_account(source, mint->key->x, 0));

    SignerSeeds signer = {seeds, 3};
    TRY(create_pda(client, escrow, ESCROW_SIZE, program_id, &signer));
    u8 *e = escrow->data;
    e[ESCROW_KIND] = KIND_ESCROW;
    e[ESCROW_BUMP] = escrow_bump;
    e[ESCROW_STATE] = ESCROW_OPEN;
    e[ESCROW_ATTEST_BUMP] = attest_bump;
    e[ESCROW_SENTENCES] = sentences;
    copy(e + ESCROW_FEE_BPS, config->data + CONFIG_FEE_BPS, 2);
    copy(e + ESCROW_CLIENT, client->key->x, 32);
    copy(e + ESCROW_REQUEST_ID, request_id, 32);
    copy(e + ESCROW_DOC_ROOT, doc_root, 32);
    write_u64(e + ESCROW_AMOUNT, amount);
    write_u64(e + ESCROW_DEADLINE, (u64)deadline);
    copy(e + ESCROW_CONFIG, config->key->x, 32);
    copy(e + ESCROW_OPERATOR, operator, 32);
    copy(e + ESCROW_VK_HASH, vk_hash, 32);
    copy(e + ESCROW_VAULT, vault->key->x, 32);
    Transfer deposit = {source, mint, vault, client};
    return transfer_checked(&deposit, amount, 0);
}
