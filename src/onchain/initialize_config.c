/* InitializeConfig: creates the config PDA ["config"] with the admin, the USDC mint, the treasury's
   token account and the protocol fee. Only the program's upgrade authority may call it (read from the
   program's ProgramData account), so a stranger can neither take nor front-run the initialisation.
   Accounts: admin = the upgrade authority (signer, writable, pays), config (writable), mint, treasury
   token account, this program's account, its ProgramData account, system program. Data: tag, fee in basis points (u16). */
#include "checks.h"

/* Upgradeable loader accounts: Program = u32 2 ‖ ProgramData address; ProgramData = u32 3 ‖ u64 slot ‖ Option<authority> ‖ ELF. */
#define LOADER_PROGRAM_DATA_ADDRESS 4
#define LOADER_AUTHORITY_TAG 12
#define LOADER_AUTHORITY 13

static u64 require_upgrade_authority(const AccountInfo *program, const AccountInfo *program_data, const AccountInfo *admin, const Pubkey *program_id) {
    if (!same_key(program->key, program_id) || !same_key(program->owner, &UPGRADEABLE_LOADER) || program->data_len < 36 || read_u32(program->data) != 2) {
        return ERR_WRONG_PROGRAM_ACCOUNT;
    }
    if (!equal(program_data->key->x, program->data + LOADER_PROGRAM_DATA_ADDRESS, 32) || !same_key(program_data->owner, &UPGRADEABLE_LOADER)
        || program_data->data_len < LOADER_AUTHORITY + 32 || read_u32(program_data->data) != 3) {
        return ERR_WRONG_PROGRAM_ACCOUNT;
    }
    if (program_data->data[LOADER_AUTHORITY_TAG] != 1 || !equal(program_data->data + LOADER_AUTHORITY, admin->key->x, 32)) return ERR_NOT_UPGRADE_AUTHORITY;
    return 0;
}

static u64 initialize_config(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    if (length != 3) return ERR_INVALID_INSTRUCTION;
    if (n < 7) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *admin = &a[0], *config = &a[1], *mint = &a[2], *treasury = &a[3], *program = &a[4], *program_data = &a[5], *system = &a[6];
    TRY(require_signer(admin));
    TRY(require_writable(admin));
    TRY(require_writable(config));
    TRY(require_program(system, &SYSTEM_PROGRAM, ERR_WRONG_SYSTEM_PROGRAM));
    TRY(require_upgrade_authority(program, program_data, admin, program_id));
    u16 fee_bps = read_u16(data + 1);
    if (fee_bps > MAX_FEE_BPS) return ERR_INVALID_FEE;
    u8 bump;
    Seed seeds[2] = {{SEED_CONFIG, 6}, {&bump, 1}};
    if (!is_canonical_pda(config, seeds, 1, program_id, &bump)) return ERR_WRONG_CONFIG_ADDRESS;
    if (!is_unused(config)) return ERR_CONFIG_ALREADY_INITIALIZED;
    TRY(require_mint(mint, mint->key->x));
    TRY(require_token_account(treasury, mint->key->x, 0));

    SignerSeeds signer = {seeds, 2};
    TRY(create_pda(admin, config, CONFIG_SIZE, program_id, &signer));
    u8 *c = config->data;
    c[CONFIG_KIND] = KIND_CONFIG;
    c[CONFIG_BUMP] = bump;
    write_u16(c + CONFIG_FEE_BPS, fee_bps);
    copy(c + CONFIG_ADMIN, admin->key->x, 32);
    copy(c + CONFIG_MINT, mint->key->x, 32);
    copy(c + CONFIG_TREASURY, treasury->key->x, 32);
    return 0;
}
