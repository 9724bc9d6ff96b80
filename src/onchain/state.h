/* Accounts, errors and constants of the ZkSummarize escrow program (docs/onchain.md, docs/security.md). */
#pragma once
#include "sol.h"

/* Every failure has its own code (returned as a custom program error). Codes are never reused. */
enum {
    ERR_INVALID_INSTRUCTION = 0x100,   /* unknown tag or wrong data length */
    ERR_NOT_ENOUGH_ACCOUNTS,
    ERR_MISSING_SIGNER,
    ERR_NOT_WRITABLE,
    ERR_WRONG_CONFIG_ADDRESS,          /* 0x104 */
    ERR_CONFIG_ALREADY_INITIALIZED,
    ERR_CONFIG_NOT_INITIALIZED,
    ERR_NOT_ADMIN,
    ERR_INVALID_FEE,                   /* 0x108 */
    ERR_WRONG_MINT,
    ERR_WRONG_TOKEN_PROGRAM,
    ERR_WRONG_SYSTEM_PROGRAM,
    ERR_INVALID_TOKEN_ACCOUNT,         /* 0x10c */
    ERR_WRONG_TREASURY,
    ERR_WRONG_ESCROW_ADDRESS,
    ERR_ESCROW_ALREADY_EXISTS,
    ERR_ESCROW_NOT_OPEN,               /* 0x110 */
    ERR_WRONG_VAULT,
    ERR_INVALID_REQUEST_ID,
    ERR_INVALID_AMOUNT,
    ERR_DEADLINE_IN_PAST,              /* 0x114 */
    ERR_DEADLINE_PASSED,
    ERR_DEADLINE_NOT_REACHED,
    ERR_WRONG_CLIENT,
    ERR_VERIFYING_KEY_NOT_SET,         /* 0x118 */
    ERR_INVALID_SUMMARY_HASH,
    ERR_PROOF_INVALID,
    ERR_WRONG_ATTESTATION_ADDRESS,
    ERR_ATTESTATION_EXISTS,            /* 0x11c */
    ERR_ARITHMETIC_OVERFLOW,
    ERR_CPI_FAILED,
    ERR_WRONG_OWNER,
    ERR_INVALID_DOC_ROOT,              /* 0x120 */
    ERR_NOT_UPGRADE_AUTHORITY,         /* InitializeConfig: only the program's upgrade authority may */
    ERR_WRONG_PROGRAM_ACCOUNT,         /* the program or its ProgramData account is not this program's */
    ERR_WORKER_NOT_REGISTERED,         /* the signer is not a worker of the escrow's operator */
    ERR_WRONG_VERIFYING_KEY,           /* 0x124: not the key the escrow was opened under (or not the current one) */
    ERR_INVALID_SENTENCE_COUNT,
    ERR_DUPLICATE_ACCOUNT,             /* one account passed in two roles that must differ */
    ERR_WORKER_ALREADY_REGISTERED,
    ERR_WRONG_WORKER_ADDRESS,          /* 0x128 */
    ERR_VERIFYING_KEY_NOT_CURRENT,     /* OpenEscrow, AttestDirect: the key is not one of the config's current keys */
    ERR_INVALID_KEY_SLOT,              /* SetVerifyingKey: the slot is not 0..CONFIG_KEY_SLOTS-1 */
};

enum {
    IX_INITIALIZE_CONFIG = 0, IX_SET_VERIFYING_KEY = 1, IX_OPEN_ESCROW = 2, IX_ATTEST = 3, IX_REFUND = 4, IX_ATTEST_DIRECT = 5,
    IX_REGISTER_WORKER = 6, IX_DEREGISTER_WORKER = 7,
};
/* The first byte of every account of ours says what it is, so one kind can never be read as another. */
enum { KIND_CONFIG = 1, KIND_ESCROW = 2, KIND_ATTESTATION = 3, KIND_VERIFYING_KEY = 4, KIND_WORKER = 5 };
enum { ESCROW_OPEN = 1 };

#define VK_LENGTH 768              /* α‖β‖γ‖δ‖IC0..IC4, big-endian alt_bn128 layout */
#define PROOF_LENGTH 256           /* (−A)‖B‖C */
#define MAX_FEE_BPS 10000
#define MAX_SUMMARY_SENTENCES 16   /* the largest circuit's K */

/* Config PDA ["config"], at the canonical bump (the program finds it). */
#define CONFIG_KIND 0
#define CONFIG_BUMP 1
#define CONFIG_FEE_BPS 2           /* u16 */
#define CONFIG_ADMIN 8             /* the program's upgrade authority when it was initialised */
#define CONFIG_MINT 40
#define CONFIG_TREASURY 72         /* the treasury's token account */
#define CONFIG_VK_HASHES 104       /* the current keys: CONFIG_KEY_SLOTS SHA-256 hashes, one per circuit of the
                                      grounding family (slot = member); zeros: that slot has no key */
#define CONFIG_KEY_SLOTS 4
#define CONFIG_SIZE (CONFIG_VK_HASHES + 32 * CONFIG_KEY_SLOTS)

/* Verifying key PDA ["vk", SHA-256 of the key]: written once, never changed, so escrows pinned to it can always settle. */
#define VKEY_KIND 0
#define VKEY_BUMP 1
#define VKEY_HASH 8
#define VKEY_KEY 40
#define VKEY_SIZE (VKEY_KEY + VK_LENGTH)

/* Worker registration PDA ["worker", operator, worker]: the operator lets this worker attest its escrows. */
#define WORKER_KIND 0
#define WORKER_BUMP 1
#define WORKER_OPERATOR 8
#define WORKER_KEY 40
#define WORKER_SIZE 72

/* Escrow PDA ["escrow", request id], canonical bump. It records everything its settlement depends on. */
#define ESCROW_KIND 0
#define ESCROW_BUMP 1
#define ESCROW_STATE 2
#define ESCROW_ATTEST_BUMP 3       /* canonical bump of ["attest", request id], found at opening */
#define ESCROW_SENTENCES 4         /* the summary length paid for; the proof must have exactly this many */
#define ESCROW_FEE_BPS 6           /* u16, the config's fee when the escrow was opened */
#define ESCROW_CLIENT 8
#define ESCROW_REQUEST_ID 40
#define ESCROW_DOC_ROOT 72
#define ESCROW_AMOUNT 104          /* u64 */
#define ESCROW_DEADLINE 112        /* i64 unix seconds */
#define ESCROW_CONFIG 120
#define ESCROW_OPERATOR 152        /* the node that quoted; only its registered workers may attest */
#define ESCROW_VK_HASH 184         /* the verifying key it will be settled under */
#define ESCROW_VAULT 216
#define ESCROW_SIZE 248

/* Attestation PDA ["attest", request id] (an escrow's) or ["direct", worker, request id] (paid outside escrow). */
#define ATTEST_KIND 0
#define ATTEST_BUMP 1
#define ATTEST_SENTENCES 2
#define ATTEST_ESCROWED 3          /* 1: settled an escrow; 0: a direct attestation, no money moved */
#define ATTEST_REQUEST_ID 8
#define ATTEST_DOC_ROOT 40
#define ATTEST_SUMMARY_HASH 72
#define ATTEST_WORKER 104
#define ATTEST_SLOT 136            /* u64 */
#define ATTEST_PAID_WORKER 144     /* u64 */
#define ATTEST_PAID_FEE 152        /* u64 */
#define ATTEST_VK_HASH 160         /* the key the proof was checked against */
#define ATTEST_OPERATOR 192        /* the escrow's operator; zeros for a direct attestation */
#define ATTEST_CLIENT 224          /* the escrow's client; zeros for a direct attestation */
#define ATTEST_SIZE 256

static const Pubkey SYSTEM_PROGRAM = {{0}};
static const Pubkey TOKEN_PROGRAM = {{0x06, 0xdd, 0xf6, 0xe1, 0xd7, 0x65, 0xa1, 0x93, 0xd9, 0xcb, 0xe1, 0x46, 0xce, 0xeb, 0x79, 0xac,
                                     0x1c, 0xb4, 0x85, 0xed, 0x5f, 0x5b, 0x37, 0x91, 0x3a, 0x8c, 0xf5, 0x85, 0x7e, 0xff, 0x00, 0xa9}};
static const Pubkey ASSOCIATED_TOKEN_PROGRAM = {{0x8c, 0x97, 0x25, 0x8f, 0x4e, 0x24, 0x89, 0xf1, 0xbb, 0x3d, 0x10, 0x29, 0x14, 0x8e, 0x0d, 0x83,
                                                 0x0b, 0x5a, 0x13, 0x99, 0xda, 0xff, 0x10, 0x84, 0x04, 0x8e, 0x7b, 0xd8, 0xdb, 0xe9, 0xf8, 0x59}};
static const Pubkey UPGRADEABLE_LOADER = {{0x02, 0xa8, 0xf6, 0x91, 0x4e, 0x88, 0xa1, 0xb0, 0xe2, 0x10, 0x15, 0x3e, 0xf7, 0x63, 0xae, 0x2b,
                                           0x00, 0xc2, 0xb9, 0x3d, 0x16, 0xc1, 0x24, 0xd2, 0xc0, 0x53, 0x7a, 0x10, 0x04, 0x80, 0x00, 0x00}};
/* Seed prefixes: all six bytes but "vk", and each kind has its own, so no two kinds share an address space. */
static const u8 SEED_CONFIG[] = "config";
static const u8 SEED_ESCROW[] = "escrow";
static const u8 SEED_ATTEST[] = "attest";
static const u8 SEED_DIRECT[] = "direct";
static const u8 SEED_WORKER[] = "worker";
static const u8 SEED_VK[] = "vk";
