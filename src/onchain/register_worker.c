/* RegisterWorker and DeregisterWorker (the operator signs): the operator — the node whose key its 402
   quotes name, and which every escrow records — lets a worker key attest its escrows, or stops it.
   Without this anyone who knows a document could prove a summary with their own key and take the
   payment before the operator's worker.
   RegisterWorker accounts: operator (signer, writable, pays), registration PDA ["worker", operator, worker]
   (writable), worker, system program. DeregisterWorker accounts: operator (signer, writable, receives the
   rent), registration (writable), worker. Data: tag. */
#include "checks.h"

static u64 register_worker(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    (void)data;
    if (length != 1) return ERR_INVALID_INSTRUCTION;
    if (n < 4) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *operator = &a[0], *registration = &a[1], *worker = &a[2], *system = &a[3];
    TRY(require_signer(operator));
    TRY(require_writable(operator));
    TRY(require_writable(registration));
    TRY(require_program(system, &SYSTEM_PROGRAM, ERR_WRONG_SYSTEM_PROGRAM));
    u8 bump;
    Seed seeds[4] = {{SEED_WORKER, 6}, {operator->key->x, 32}, {worker->key->x, 32}, {&bump, 1}};
    if (!is_canonical_pda(registration, seeds, 3, program_id, &bump)) return ERR_WRONG_WORKER_ADDRESS;
    if (!is_unused(registration)) return ERR_WORKER_ALREADY_REGISTERED;
    SignerSeeds signer = {seeds, 4};
    TRY(create_pda(operator, registration, WORKER_SIZE, program_id, &signer));
    u8 *r = registration->data;
    r[WORKER_KIND] = KIND_WORKER;
    r[WORKER_BUMP] = bump;
    copy(r + WORKER_OPERATOR, operator->key->x, 32);
    copy(r + WORKER_KEY, worker->key->x, 32);
    return 0;
}

static u64 deregister_worker(AccountInfo *a, u64 n, const u8 *data, u64 length, const Pubkey *program_id) {
    (void)data;
    if (length != 1) return ERR_INVALID_INSTRUCTION;
    if (n < 3) return ERR_NOT_ENOUGH_ACCOUNTS;
    AccountInfo *operator = &a[0], *registration = &a[1], *worker = &a[2];
    TRY(require_signer(operator));
    TRY(require_writable(operator));
    TRY(require_writable(registration));
    if (!is_ours(registration, program_id, KIND_WORKER, WORKER_SIZE) || !equal(registration->data + WORKER_KEY, worker->key->x, 32)) return ERR_WORKER_NOT_REGISTERED;
    if (!equal(registration->data + WORKER_OPERATOR, operator->key->x, 32)) return ERR_WORKER_NOT_REGISTERED;
    return close_program_account(registration, operator);
}
