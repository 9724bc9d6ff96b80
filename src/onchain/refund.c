/* Refund: after the deadline, everything in the vault (the payment, and anything a stranger sent) goes
   back to a token account of the client's, and the vault's and the escrow's rent to the client. Before
   the deadline it fails. Accounts: client (signer, writable), escrow (writable), vault (writable),
   client's token account (writable), mint, token program. Data: tag. */
#include "escrow_checks.h"

static u64 refund(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    (void)data;
    if (length != 1) return ERR_INVALID_INSTRUCTION;
    if (n < 6) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *client = &a[0], *escrow = &a[1], *vault = &a[2], *destination = &a[3], *mint = &a[4], *token = &a[5];
    TRY(require_signer(client));
    for (int i = 0; i < 4; i++) TRY(require_writable(&a[i]));
    TRY(require_program(token, &TOKEN_PROGRAM, ERR_WRONG_TOKEN_PROGRAM));
    TRY(require_open_escrow(escrow, program_id));
    const u8 *e = escrow->data;
    if (!equal(client->key->x, e + ESCROW_CLIENT, 32)) return ERR_WRONG_CLIENT;
    if (!same_key(mint->owner, &TOKEN_PROGRAM) || mint->data_len != MINT_SIZE) return ERR_WRONG_MINT;
    TRY(require_vault(vault, escrow, mint->key->x));
    TRY(require_token_account(destination, mint->key->x, client->key));
    i64 time;
    TRY(now(&time, 0));
    if (time <= (i64)read_u64(e + ESCROW_DEADLINE)) return ERR_DEADLINE_NOT_REACHED;

    ESCROW_SIGNER(signer, e);
    Transfer back = {vault, mint, destination, escrow};
    TRY(transfer_checked(&back, read_u64(vault->data + TOKEN_AMOUNT), &signer));
    TRY(close_token_account(vault, client, escrow, &signer));
    return close_program_account(escrow, client);
}
