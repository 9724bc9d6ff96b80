/* Checks shared by the instructions that act on escrows and attestations. */
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

/* An open escrow of ours at ["escrow", request id, bump]; its bump was the canonical one when it was opened. */
static u64 require_open_escrow(const AccountInfo *escrow, const Pubkey *program_id) {
    if (!is_ours(escrow, program_id, KIND_ESCROW, ESCROW_SIZE) || escrow->data[ESCROW_STATE] != ESCROW_OPEN) return ERR_ESCROW_NOT_OPEN;
    Seed seeds[3] = {{SEED_ESCROW, 6}, {escrow->data + ESCROW_REQUEST_ID, 32}, {escrow->data + ESCROW_BUMP, 1}};
    return require_pda(escrow, seeds, 3, program_id, ERR_WRONG_ESCROW_ADDRESS);
}

/* The vault recorded in the escrow: a token account of the mint that only the escrow PDA can move. */
static u64 require_vault(const AccountInfo *vault, const AccountInfo *escrow, const u8 *mint) {
    if (!equal(vault->key->x, escrow->data + ESCROW_VAULT, 32)) return ERR_WRONG_VAULT;
    return require_token_account(vault, mint, escrow->key) ? ERR_WRONG_VAULT : 0;
}

/* A verifying key account of ours whose hash is `hash` (the one an escrow was opened under). */
static u64 require_verifying_key(const AccountInfo *key, const u8 *hash, const Pubkey *program_id) {
    if (!is_ours(key, program_id, KIND_VERIFYING_KEY, VKEY_SIZE) || !equal(key->data + VKEY_HASH, hash, 32)) return ERR_WRONG_VERIFYING_KEY;
    return 0;
}

/* Whether `hash` is one of the config's current keys (a zero hash never is: an empty slot is not a key). */
static int is_current_key(const AccountInfo *config, const u8 *hash) {
    u8 no_key[32];
    zero(no_key, 32);
    if (equal(hash, no_key, 32)) return 0;
    for (int slot = 0; slot < CONFIG_KEY_SLOTS; slot++) {
        if (equal(config->data + CONFIG_VK_HASHES + 32 * slot, hash, 32)) return 1;
    }
    return 0;
}

/* Whether the config has any current key (OpenEscrow says "not set" rather than "not current" before the first). */
static int has_current_key(const AccountInfo *config) {
    u8 no_key[32];
    zero(no_key, 32);
    for (int slot = 0; slot < CONFIG_KEY_SLOTS; slot++) {
        if (!equal(config->data + CONFIG_VK_HASHES + 32 * slot, no_key, 32)) return 1;
    }
    return 0;
}

/* The escrow's request id, the signer's seeds for its PDA, in one place for Attest and Refund. */
#define ESCROW_SIGNER(name, e) \
    Seed name##_seeds[3] = {{SEED_ESCROW, 6}, {(e) + ESCROW_REQUEST_ID, 32}, {(e) + ESCROW_BUMP, 1}}; \
    SignerSeeds name = {name##_seeds, 3}
