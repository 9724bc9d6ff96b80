/* SetVerifyingKey (admin only): stores a Groth16 verifying key (α‖β‖γ‖δ‖IC0..IC4, 768 bytes, alt_bn128
   layout) in its own account ["vk", SHA-256 of the key], which is never changed again, and makes it the
   config's current key in `slot` (one slot per circuit of the grounding family, circuits/README.md).
   Escrows already open keep the key they were opened under, so changing a slot never changes how an open
   escrow settles. Setting a key that was stored before only makes it current again.
   Accounts: admin (signer, writable, pays), config (writable), verifying key account (writable), system program. Data: tag, slot u8, key. */
#include "checks.h"

static u64 set_verifying_key(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    if (length != 2 + VK_LENGTH) return ERR_INVALID_INSTRUCTION;
    if (n < 4) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *admin = &a[0], *config = &a[1], *key = &a[2], *system = &a[3];
    u8 slot = data[1];
    const u8 *vk = data + 2;
    TRY(require_signer(admin));
    TRY(require_writable(admin));
    TRY(require_writable(config));
    TRY(require_writable(key));
    TRY(require_program(system, &SYSTEM_PROGRAM, ERR_WRONG_SYSTEM_PROGRAM));
    TRY(require_config(config, program_id));
    if (!equal(config->data + CONFIG_ADMIN, admin->key->x, 32)) return ERR_NOT_ADMIN;
    if (slot >= CONFIG_KEY_SLOTS) return ERR_INVALID_KEY_SLOT;

    u8 hash[32], bump;
    Seed input[1] = {{vk, VK_LENGTH}};
    if (sol_sha256(input, 1, hash) != 0) return ERR_CPI_FAILED;
    Seed seeds[3] = {{SEED_VK, 2}, {hash, 32}, {&bump, 1}};
    if (!is_canonical_pda(key, seeds, 2, program_id, &bump)) return ERR_WRONG_VERIFYING_KEY;
    if (is_unused(key)) {
        SignerSeeds signer = {seeds, 3};
        TRY(create_pda(admin, key, VKEY_SIZE, program_id, &signer));
        u8 *k = key->data;
        k[VKEY_KIND] = KIND_VERIFYING_KEY;
        k[VKEY_BUMP] = bump;
        copy(k + VKEY_HASH, hash, 32);
        copy(k + VKEY_KEY, vk, VK_LENGTH);
    } else if (!is_ours(key, program_id, KIND_VERIFYING_KEY, VKEY_SIZE)) {
        return ERR_WRONG_VERIFYING_KEY;
    }
    copy(config->data + CONFIG_VK_HASHES + 32 * slot, hash, 32);
    return 0;
}
