/* The little of the Solana runtime ABI this program needs, for clang-14 -target bpf (SBPF v0).
   See docs/onchain.md for the input layout and the C ABI of the syscalls. */
#pragma once

typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

typedef struct { u8 x[32]; } Pubkey;

/* Read by sol_invoke_signed_c; every pointer is a VM address into the input region. */
typedef struct {
    Pubkey *key; u64 *lamports; u64 data_len; u8 *data; Pubkey *owner; u64 rent_epoch;
    u8 is_signer, is_writable, executable;
} AccountInfo;
typedef struct { Pubkey *pubkey; u8 is_writable, is_signer; } AccountMeta;
typedef struct { const Pubkey *program_id; const AccountMeta *accounts; u64 account_len; const u8 *data; u64 data_len; } Instruction;
typedef struct { const u8 *addr; u64 len; } Seed;
typedef struct { const Seed *addr; u64 len; } SignerSeeds;
typedef struct { u64 slot; i64 epoch_start_timestamp; u64 epoch; u64 leader_schedule_epoch; i64 unix_timestamp; } Clock;
_Static_assert(sizeof(AccountInfo) == 56 && sizeof(AccountMeta) == 16 && sizeof(Instruction) == 40, "ABI sizes");

extern void sol_log_(const char *, u64);
extern void sol_log_64_(u64, u64, u64, u64, u64);
extern u64 sol_invoke_signed_c(const Instruction *, const AccountInfo *, u64, const SignerSeeds *, u64);
extern u64 sol_create_program_address(const Seed *, u64, const Pubkey *, Pubkey *);
extern u64 sol_get_clock_sysvar(Clock *);
extern u64 sol_try_find_program_address(const Seed *, u64, const Pubkey *, Pubkey *, u8 *bump);
extern u64 sol_alt_bn128_group_op(u64 op, const u8 *input, u64 input_len, u8 *result);
/* Poseidon over BN254 (parameters 0 = Bn254X5, endianness 0 = big-endian): circomlib's Poseidon(n). */
extern u64 sol_poseidon(u64 parameters, u64 endianness, const Seed *values, u64 n, u8 *result);
extern u64 sol_sha256(const Seed *values, u64 n, u8 *result);
extern void sol_memcpy_(void *dst, const void *src, u64 n);
extern void sol_memset_(void *dst, u8 value, u64 n);

#define LOG(s) sol_log_(s, sizeof(s) - 1)

/* Mutable scratch lives in the heap: the stack frame is capped at 512 bytes and writable statics are not allowed. */
#define HEAP_START 0x300000000UL
#define MAX_ACCOUNTS 16

static inline u64 read_u64(const u8 *p) { u64 v = 0; for (int i = 7; i >= 0; i--) v = (v << 8) | p[i]; return v; }
static inline void write_u64(u8 *p, u64 v) { for (int i = 0; i < 8; i++) { p[i] = (u8)v; v >>= 8; } }
static inline u32 read_u32(const u8 *p) { return (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24); }
static inline void write_u32(u8 *p, u32 v) { for (int i = 0; i < 4; i++) { p[i] = (u8)v; v >>= 8; } }
static inline u16 read_u16(const u8 *p) { return (u16)(p[0] | (p[1] << 8)); }
static inline void write_u16(u8 *p, u16 v) { p[0] = (u8)v; p[1] = (u8)(v >> 8); }
/* The memory syscalls cost about 10 CU plus n/250; a byte loop costs several CU a byte. */
static inline void copy(u8 *dst, const u8 *src, u64 n) { sol_memcpy_(dst, src, n); }
static inline void zero(u8 *dst, u64 n) { sol_memset_(dst, 0, n); }
static inline int equal(const u8 *a, const u8 *b, u64 n) { u8 d = 0; for (u64 i = 0; i < n; i++) d |= a[i] ^ b[i]; return d == 0; }
static inline int same_key(const Pubkey *a, const Pubkey *b) { return equal(a->x, b->x, 32); }

/* Aligned input (BPFLoader2 and the upgradeable loader), at 0x4_0000_0000:
   u64 n; n × { u8 dup (0xff = new, else the index of an earlier account + 7 pad)
   | u8 signer, writable, executable, 4 pad | key | owner | u64 lamports | u64 data_len | data
   | 10,240 spare bytes, pad to 8 | u64 rent_epoch }; u64 data_len; data; program id. */
static u64 deserialize(const u8 *in, AccountInfo *accounts, const u8 **data, u64 *data_len, const Pubkey **program_id) {
    u64 n = *(const u64 *)in;
    in += 8;
    for (u64 i = 0; i < n; i++) {
        u8 dup = in[0];
        if (dup != 0xff) {
            if (i < MAX_ACCOUNTS && dup < MAX_ACCOUNTS) accounts[i] = accounts[dup];
            in += 8;
            continue;
        }
        u64 length = *(const u64 *)(in + 80);
        if (i < MAX_ACCOUNTS) {
            AccountInfo *a = &accounts[i];
            a->is_signer = in[1];
            a->is_writable = in[2];
            a->executable = in[3];
            a->key = (Pubkey *)(in + 8);
            a->owner = (Pubkey *)(in + 40);
            a->lamports = (u64 *)(in + 72);
            a->data_len = length;
            a->data = (u8 *)(in + 88);
        }
        in += 88 + length + 10240;
        in = (const u8 *)(((u64)in + 7) & ~7UL);
        if (i < MAX_ACCOUNTS) accounts[i].rent_epoch = *(const u64 *)in;
        in += 8;
    }
    *data_len = *(const u64 *)in;
    *data = in + 8;
    *program_id = (const Pubkey *)(in + 8 + *data_len);
    return n;
}
