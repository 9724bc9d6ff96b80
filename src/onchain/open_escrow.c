/* OpenEscrow: the client locks `amount` of the mint for a request until `deadline`. Accounts: client
   (signer, writable), escrow PDA ["escrow", request id] (writable), vault = the escrow's associated
   token account (writable; created earlier in the same transaction), client's token account
   (writable), mint, config, token program, system program.
   Data: tag, request id[32], doc root[32], amount u64, deadline i64, escrow bump, vault bump. */
#include "escrow_checks.h"

static u64 open_escrow(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    if (length != 83) return ERR_INVALID_INSTRUCTION;
    if (n < 8) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *client = &a[0], *escrow = &a[1], *vault = &a[2], *source = &a[3], *mint = &a[4], *config = &a[5], *token = &a[6], *system = &a[7];
    const u8 *request_id = data + 1, *doc_root = data + 33;
    u64 amount = read_u64(data + 65);
    i64 deadline = (i64)read_u64(data + 73);
    u8 escrow_bump = data[81], vault_bump = data[82];

    TRY(require_signer(client));
    TRY(require_writable(client));
    TRY(require_writable(escrow));
    TRY(require_writable(vault));
    TRY(require_writable(source));
    TRY(require_program(token, &TOKEN_PROGRAM, ERR_WRONG_TOKEN_PROGRAM));
    TRY(require_program(system, &SYSTEM_PROGRAM, ERR_WRONG_SYSTEM_PROGRAM));
    TRY(require_config(config, program_id));
    TRY(require_mint(mint, config->data + CONFIG_MINT));
    if ((request_id[0] & 0xE0) != 0) return ERR_INVALID_REQUEST_ID;     /* the id is its own field element */
    if (!below_scalar_modulus(doc_root)) return ERR_INVALID_DOC_ROOT;
    if (amount == 0) return ERR_INVALID_AMOUNT;
    i64 time;
    TRY(now(&time, 0));
    if (deadline <= time) return ERR_DEADLINE_IN_PAST;

    Seed seeds[3] = {{SEED_ESCROW, 6}, {request_id, 32}, {&escrow_bump, 1}};
    TRY(require_pda(escrow, seeds, 3, program_id, ERR_WRONG_ESCROW_ADDRESS));
    if (!same_key(escrow->owner, &SYSTEM_PROGRAM) || escrow->data_len != 0) return ERR_ESCROW_ALREADY_EXISTS;
    TRY(require_vault(vault, escrow, mint->key->x, vault_bump));
    TRY(require_token_account(source, mint->key->x, 0));

    SignerSeeds signer = {seeds, 3};
    TRY(create_pda(client, escrow, ESCROW_SIZE, program_id, &signer));
    u8 *e = escrow->data;
    e[ESCROW_KIND] = KIND_ESCROW;
    e[ESCROW_BUMP] = escrow_bump;
    e[ESCROW_STATE] = ESCROW_OPEN;
    e[ESCROW_VAULT_BUMP] = vault_bump;
    copy(e + ESCROW_CLIENT, client->key->x, 32);
    copy(e + ESCROW_REQUEST_ID, request_id, 32);
    copy(e + ESCROW_DOC_ROOT, doc_root, 32);
    write_u64(e + ESCROW_AMOUNT, amount);
    write_u64(e + ESCROW_DEADLINE, (u64)deadline);
    Transfer deposit = {source, mint, vault, client};
    return transfer_checked(&deposit, amount, 0);
}
