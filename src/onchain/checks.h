/* Account checks and the CPIs every instruction uses. Each check returns 0 or its own error code. */
#pragma once
#include "state.h"

#define TRY(expr) do { u64 _e = (expr); if (_e) return _e; } while (0)

#define TOKEN_ACCOUNT_SIZE 165
#define TOKEN_MINT 0
#define TOKEN_OWNER 32
#define TOKEN_AMOUNT 64
#define TOKEN_STATE 108
#define MINT_SIZE 82
#define MINT_DECIMALS 44
#define MINT_INITIALIZED 45

static u64 require_signer(const AccountInfo *a) { return a->is_signer ? 0 : ERR_MISSING_SIGNER; }
static u64 require_writable(const AccountInfo *a) { return a->is_writable ? 0 : ERR_NOT_WRITABLE; }
static u64 require_distinct(const AccountInfo *a, const AccountInfo *b) { return same_key(a->key, b->key) ? ERR_DUPLICATE_ACCOUNT : 0; }

/* The address of a PDA from its seeds and bump, checked against the account given. */
static u64 require_pda(const AccountInfo *a, const Seed *seeds, u64 n, const Pubkey *program_id, u64 error) {
    Pubkey expected;
    if (sol_create_program_address(seeds, n, program_id, &expected) != 0) return error;
    return same_key(&expected, a->key) ? 0 : error;
}

/* Whether this account is the canonical PDA of `seeds` (the highest bump off the curve); that bump goes to *bump.
   Only canonical addresses are ever created, so one request id, key or worker has exactly one account. */
static int is_canonical_pda(const AccountInfo *a, const Seed *seeds, u64 n, const Pubkey *program_id, u8 *bump) {
    Pubkey expected;
    return sol_try_find_program_address(seeds, n, program_id, &expected, bump) == 0 && same_key(&expected, a->key);
}

/* An account of ours of this kind and size. Only this program writes its accounts, so the kind byte is trusted. */
static int is_ours(const AccountInfo *a, const Pubkey *program_id, u8 kind, u64 size) {
    return same_key(a->owner, program_id) && a->data_len == size && a->data[0] == kind;
}

/* An address nothing of ours lives at yet: owned by the System program with no data (lamports alone are allowed). */
static int is_unused(const AccountInfo *a) { return same_key(a->owner, &SYSTEM_PROGRAM) && a->data_len == 0; }

/* An initialised SPL Token account (classic token program) of this mint, optionally of this owner. */
static u64 require_token_account(const AccountInfo *a, const u8 *mint, const Pubkey *owner) {
    if (!same_key(a->owner, &TOKEN_PROGRAM) || a->data_len != TOKEN_ACCOUNT_SIZE || a->data[TOKEN_STATE] == 0) return ERR_INVALID_TOKEN_ACCOUNT;
    if (!equal(a->data + TOKEN_MINT, mint, 32)) return ERR_WRONG_MINT;
    if (owner && !equal(a->data + TOKEN_OWNER, owner->x, 32)) return ERR_WRONG_OWNER;
    return 0;
}

static u64 require_mint(const AccountInfo *a, const u8 *expected) {
    if (!equal(a->key->x, expected, 32)) return ERR_WRONG_MINT;
    if (!same_key(a->owner, &TOKEN_PROGRAM) || a->data_len != MINT_SIZE || !a->data[MINT_INITIALIZED]) return ERR_WRONG_MINT;
    return 0;
}

static u64 require_program(const AccountInfo *a, const Pubkey *id, u64 error) { return same_key(a->key, id) ? 0 : error; }

/* The config account: ours, initialised, at its canonical address (its stored bump is the one the program found). */
static u64 require_config(const AccountInfo *config, const Pubkey *program_id) {
    if (!is_ours(config, program_id, KIND_CONFIG, CONFIG_SIZE)) return ERR_CONFIG_NOT_INITIALIZED;
    Seed seeds[2] = {{SEED_CONFIG, 6}, {config->data + CONFIG_BUMP, 1}};
    return require_pda(config, seeds, 2, program_id, ERR_WRONG_CONFIG_ADDRESS);
}

static u64 now(i64 *unix_timestamp, u64 *slot) {
    Clock clock;
    if (sol_get_clock_sysvar(&clock) != 0) return ERR_CPI_FAILED;
    *unix_timestamp = clock.unix_timestamp;
    if (slot) *slot = clock.slot;
    return 0;
}

/* Lamports that make `space` bytes rent-exempt (the runtime's defaults: 3,480 per byte-year, 2 years). */
static u64 rent_exempt(u64 space) { return (space + 128) * 3480 * 2; }

/* floor(amount · bps / 10,000) without a 128-bit product (BPF has none): split amount by 10,000. */
static u64 basis_points_of(u64 amount, u16 bps) { return (amount / MAX_FEE_BPS) * bps + ((amount % MAX_FEE_BPS) * bps) / MAX_FEE_BPS; }

/* One System program instruction; `signer` holds the PDA's seeds when the PDA itself signs. */
static u64 system_invoke(const AccountMeta *metas, const AccountInfo *infos, u64 n, const u8 *data, u64 length, const SignerSeeds *signer) {
    Instruction ix = {&SYSTEM_PROGRAM, metas, n, data, length};
    return sol_invoke_signed_c(&ix, infos, n, signer, signer ? 1 : 0) == 0 ? 0 : ERR_CPI_FAILED;
}

/* Creates a PDA of this program with `space` bytes, rent paid by `payer`, signed with the PDA's seeds.
   Anyone can send lamports to an address before it is created, and System CreateAccount refuses an
   address that holds lamports ("already in use"): then it is topped up, allocated and assigned instead,
   so a pre-funded address never blocks an escrow, an attestation or a registration. */
static u64 create_pda(AccountInfo *payer, AccountInfo *account, u64 space, const Pubkey *program_id, const SignerSeeds *signer) {
    u64 rent = rent_exempt(space);
    u8 data[52];
    AccountInfo infos[2] = {*payer, *account};
    if (*account->lamports == 0) {
        AccountMeta metas[2] = {{payer->key, 1, 1}, {account->key, 1, 1}};
        write_u32(data, 0);                           /* CreateAccount: lamports, space, owner */
        write_u64(data + 4, rent);
        write_u64(data + 12, space);
        copy(data + 20, program_id->x, 32);
        return system_invoke(metas, infos, 2, data, 52, signer);
    }
    if (*account->lamports < rent) {
        AccountMeta metas[2] = {{payer->key, 1, 1}, {account->key, 1, 0}};
        write_u32(data, 2);                           /* Transfer: lamports (the payer signed the transaction) */
        write_u64(data + 4, rent - *account->lamports);
        TRY(system_invoke(metas, infos, 2, data, 12, 0));
    }
    AccountMeta self[1] = {{account->key, 1, 1}};
    write_u32(data, 8);                               /* Allocate: space */
    write_u64(data + 4, space);
    TRY(system_invoke(self, infos + 1, 1, data, 12, signer));
    write_u32(data, 1);                               /* Assign: owner */
    copy(data + 4, program_id->x, 32);
    return system_invoke(self, infos + 1, 1, data, 36, signer);
}

/* The accounts of a token transfer (BPF functions take at most five arguments). */
typedef struct { AccountInfo *source, *mint, *destination, *authority; } Transfer;

/* SPL Token TransferChecked; `signer` is the PDA authority's seeds, or 0 when the authority signed the transaction. */
static u64 transfer_checked(const Transfer *t, u64 amount, const SignerSeeds *signer) {
    AccountInfo *source = t->source, *mint = t->mint, *destination = t->destination, *authority = t->authority;
    u8 data[10];
    data[0] = 12;
    write_u64(data + 1, amount);
    data[9] = mint->data[MINT_DECIMALS];
    AccountMeta metas[4] = {{source->key, 1, 0}, {mint->key, 0, 0}, {destination->key, 1, 0}, {authority->key, 0, 1}};
    Instruction ix = {&TOKEN_PROGRAM, metas, 4, data, sizeof(data)};
    AccountInfo infos[4] = {*source, *mint, *destination, *authority};
    return sol_invoke_signed_c(&ix, infos, 4, signer, signer ? 1 : 0) == 0 ? 0 : ERR_CPI_FAILED;
}

/* SPL Token CloseAccount: the vault's rent goes to `destination`. */
static u64 close_token_account(AccountInfo *account, AccountInfo *destination, AccountInfo *owner, const SignerSeeds *signer) {
    u8 data[1] = {9};
    AccountMeta metas[3] = {{account->key, 1, 0}, {destination->key, 1, 0}, {owner->key, 0, 1}};
    Instruction ix = {&TOKEN_PROGRAM, metas, 3, data, 1};
    AccountInfo infos[3] = {*account, *destination, *owner};
    return sol_invoke_signed_c(&ix, infos, 3, signer, 1) == 0 ? 0 : ERR_CPI_FAILED;
}

/* Closes one of our accounts: its lamports go to `destination` and its data is wiped, so it can never be read as open again. */
static u64 close_program_account(AccountInfo *account, AccountInfo *destination) {
    u64 total = *destination->lamports + *account->lamports;
    if (total < *destination->lamports) return ERR_ARITHMETIC_OVERFLOW;
    *destination->lamports = total;
    *account->lamports = 0;
    zero(account->data, account->data_len);
    return 0;
}
