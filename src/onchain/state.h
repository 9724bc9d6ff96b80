/* Accounts, errors and constants of the ZkSummarize escrow program (docs/onchain.md). */
#pragma once
#include "sol.h"

/* Every failure has its own code (returned as a custom program error). */
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
};

enum { IX_INITIALIZE_CONFIG = 0, IX_SET_VERIFYING_KEY = 1, IX_OPEN_ESCROW = 2, IX_ATTEST = 3, IX_REFUND = 4, IX_ATTEST_DIRECT = 5 };
enum { KIND_CONFIG = 1, KIND_ESCROW = 2, KIND_ATTESTATION = 3 };
enum { ESCROW_OPEN = 1 };

#define VK_LENGTH 768              /* α‖β‖γ‖δ‖IC0..IC4, big-endian alt_bn128 layout */
#define PROOF_LENGTH 256           /* (−A)‖B‖C */
#define MAX_FEE_BPS 10000

/* Config PDA ["config"] */
#define CONFIG_KIND 0
#define CONFIG_BUMP 1
#define CONFIG_FEE_BPS 2           /* u16 */
#define CONFIG_VK_SET 4
#define CONFIG_ADMIN 8
#define CONFIG_MINT 40
#define CONFIG_TREASURY 72         /* the treasury's token account */
#define CONFIG_VK 104
#define CONFIG_SIZE (CONFIG_VK + VK_LENGTH)

/* Escrow PDA ["escrow", request id] */
#define ESCROW_KIND 0
#define ESCROW_BUMP 1
#define ESCROW_STATE 2
#define ESCROW_VAULT_BUMP 3
#define ESCROW_CLIENT 8
#define ESCROW_REQUEST_ID 40
#define ESCROW_DOC_ROOT 72
#define ESCROW_AMOUNT 104          /* u64 */
#define ESCROW_DEADLINE 112        /* i64 unix seconds */
#define ESCROW_SIZE 120

/* Attestation PDA ["attest", request id] */
#define ATTEST_KIND 0
#define ATTEST_BUMP 1
#define ATTEST_REQUEST_ID 8
#define ATTEST_DOC_ROOT 40
#define ATTEST_SUMMARY_HASH 72
#define ATTEST_WORKER 104
#define ATTEST_SLOT 136            /* u64 */
#define ATTEST_PAID_WORKER 144     /* u64 */
#define ATTEST_PAID_FEE 152        /* u64 */
#define ATTEST_SIZE 160

static const Pubkey SYSTEM_PROGRAM = {{0}};
static const Pubkey TOKEN_PROGRAM = {{0x06, 0xdd, 0xf6, 0xe1, 0xd7, 0x65, 0xa1, 0x93, 0xd9, 0xcb, 0xe1, 0x46, 0xce, 0xeb, 0x79, 0xac,
                                     0x1c, 0xb4, 0x85, 0xed, 0x5f, 0x5b, 0x37, 0x91, 0x3a, 0x8c, 0xf5, 0x85, 0x7e, 0xff, 0x00, 0xa9}};
static const Pubkey ASSOCIATED_TOKEN_PROGRAM = {{0x8c, 0x97, 0x25, 0x8f, 0x4e, 0x24, 0x89, 0xf1, 0xbb, 0x3d, 0x10, 0x29, 0x14, 0x8e, 0x0d, 0x83,
                                                 0x0b, 0x5a, 0x13, 0x99, 0xda, 0xff, 0x10, 0x84, 0x04, 0x8e, 0x7b, 0xd8, 0xdb, 0xe9, 0xf8, 0x59}};
static const u8 SEED_CONFIG[] = "config";
static const u8 SEED_ESCROW[] = "escrow";
static const u8 SEED_ATTEST[] = "attest";
