/* InitializeConfig: creates the config PDA ["config"] with the admin, the USDC mint, the treasury's
   token account and the protocol fee. Accounts: admin (signer, writable, pays), config (writable),
   mint, treasury token account, system program. Data: tag, config bump, fee in basis points (u16). */
#include "checks.h"

static u64 initialize_config(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    if (length != 4) return ERR_INVALID_INSTRUCTION;
    if (n < 5) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *admin = &a[0], *config = &a[1], *mint = &a[2], *treasury = &a[3], *system = &a[4];
    TRY(require_signer(admin));
    TRY(require_writable(admin));
    TRY(require_writable(config));
    TRY(require_program(system, &SYSTEM_PROGRAM, ERR_WRONG_SYSTEM_PROGRAM));
    u8 bump = data[1];
    u16 fee_bps = read_u16(data + 2);
    if (fee_bps > MAX_FEE_BPS) return ERR_INVALID_FEE;
    Seed seeds[2] = {{SEED_CONFIG, 6}, {&bump, 1}};
    TRY(require_pda(config, seeds, 2, program_id, ERR_WRONG_CONFIG_ADDRESS));
    if (!same_key(config->owner, &SYSTEM_PROGRAM) || config->data_len != 0) return ERR_CONFIG_ALREADY_INITIALIZED;
    TRY(require_mint(mint, mint->key->x));
    TRY(require_token_account(treasury, mint->key->x, 0));

    SignerSeeds signer = {seeds, 2};
    TRY(create_pda(admin, config, CONFIG_SIZE, program_id, &signer));
    u8 *c = config->data;
    c[CONFIG_KIND] = KIND_CONFIG;
    c[CONFIG_BUMP] = bump;
    write_u16(c + CONFIG_FEE_BPS, fee_bps);
    c[CONFIG_VK_SET] = 0;
    copy(c + CONFIG_ADMIN, admin->key->x, 32);
    copy(c + CONFIG_MINT, mint->key->x, 32);
    copy(c + CONFIG_TREASURY, treasury->key->x, 32);
    return 0;
}
