/* Checks shared by the instructions that act on an open escrow. */
#pragma once
#include "checks.h"

/* BN254's scalar field modulus r, big-endian: every public input must be below it. */
static const u8 SCALAR_MODULUS[32] = {0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d,
                                      0x28, 0x33, 0xe8, 0x48, 0x79, 0xb9, 0x70, 0x91, 0x43, 0xe1, 0xf5, 0x93, 0xf0, 0x00, 0x00, 0x01};

static int below_scalar_modulus(const u8 *value) {
    for (int i = 0; i < 32; i++) {
        if (value[i] != SCALAR_MODULUS[i]) return value[i] < SCALAR_MODULUS[i];
    }
    return 0;
}

/* An open escrow of ours at ["escrow", request id, bump]. */
static u64 require_open_escrow(const AccountInfo *escrow, const Pubkey *program_id) {
    if (!same_key(escrow->owner, program_id) || escrow->data_len != ESCROW_SIZE || escrow->data[ESCROW_KIND] != KIND_ESCROW) return ERR_ESCROW_NOT_OPEN;
    if (escrow->data[ESCROW_STATE] != ESCROW_OPEN) return ERR_ESCROW_NOT_OPEN;
    Seed seeds[3] = {{SEED_ESCROW, 6}, {escrow->data + ESCROW_REQUEST_ID, 32}, {escrow->data + ESCROW_BUMP, 1}};
    return require_pda(escrow, seeds, 3, program_id, ERR_WRONG_ESCROW_ADDRESS);
}

/* The vault is the escrow's associated token account for the mint, holding the mint. */
static u64 require_vault(const AccountInfo *vault, const AccountInfo *escrow, const u8 *mint, u8 bump) {
    Seed seeds[4] = {{escrow->key->x, 32}, {TOKEN_PROGRAM.x, 32}, {mint, 32}, {&bump, 1}};
    TRY(require_pda(vault, seeds, 4, &ASSOCIATED_TOKEN_PROGRAM, ERR_WRONG_VAULT));
    u64 error = require_token_account(vault, mint, escrow->key);
    return error ? ERR_WRONG_VAULT : 0;
}
