/* SetVerifyingKey (admin only): stores the Groth16 verifying key in the alt_bn128 layout
   (α‖β‖γ‖δ‖IC0..IC4, 768 bytes). Accounts: admin (signer), config (writable). Data: tag, key. */
#include "checks.h"

static u64 set_verifying_key(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    if (length != 1 + VK_LENGTH) return ERR_INVALID_INSTRUCTION;
    if (n < 2) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *admin = &a[0], *config = &a[1];
    TRY(require_signer(admin));
    TRY(require_writable(config));
    TRY(require_config(config, program_id));
    if (!equal(config->data + CONFIG_ADMIN, admin->key->x, 32)) return ERR_NOT_ADMIN;
    copy(config->data + CONFIG_VK, data + 1, VK_LENGTH);
    config->data[CONFIG_VK_SET] = 1;
    return 0;
}
