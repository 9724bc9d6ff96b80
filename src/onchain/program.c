/* ZkSummarize escrow and attestation program. One translation unit: each instruction is its own file. */
#include "initialize_config.c"
#include "set_verifying_key.c"
#include "register_worker.c"
#include "open_escrow.c"
#include "attest.c"
#include "refund.c"
#include "attest_direct.c"

u64 entrypoint(const u8 *input) {
    AccountInfo *accounts = (AccountInfo *)HEAP_START;
    const u8 *data;
    u64 length;
    const Pubkey *program_id;
    u64 n = deserialize(input, accounts, &data, &length, &program_id);
    if (n > MAX_ACCOUNTS) return ERR_NOT_ENOUGH_ACCOUNTS;
    if (length == 0) return ERR_INVALID_INSTRUCTION;
    switch (data[0]) {
        case IX_INITIALIZE_CONFIG: return initialize_config(accounts, n, data, length, program_id);
        case IX_SET_VERIFYING_KEY: return set_verifying_key(accounts, n, data, length, program_id);
        case IX_OPEN_ESCROW: return open_escrow(accounts, n, data, length, program_id);
        case IX_ATTEST: return attest(accounts, n, data, length, program_id);
        case IX_REFUND: return refund(accounts, n, data, length, program_id);
        case IX_ATTEST_DIRECT: return attest_direct(accounts, n, data, length, program_id);
        case IX_REGISTER_WORKER: return register_worker(accounts, n, data, length, program_id);
        case IX_DEREGISTER_WORKER: return deregister_worker(accounts, n, data, length, program_id);
        default: return ERR_INVALID_INSTRUCTION;
    }
}
