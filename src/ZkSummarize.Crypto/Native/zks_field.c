// The prover's hot loop in C: one window of the MSM's bucket method (Groth16/Msm.cs, WindowSum), over
// BN254's base field (G1) and its quadratic extension (G2). This file has the field arithmetic;
// zks_window.inc, included once per group, the curve arithmetic and the window.
//
// Why C: a 4-limb Montgomery multiplication needs 64-bit carry chains (ADC) and both halves of each
// 64×64 product from one MUL. C# can express neither (the JIT emits SETB/MOVZX for each carry and a
// second multiply, or a trip through the stack, for the low half), so the same algorithm runs about 2×
// slower there (docs/benchmarks.md). Everything else stays in C#, and Msm.cs falls back to its managed
// window when the library is not there.
//
// Values are in Montgomery form (a·2^256 mod p, four little-endian 64-bit limbs), fully reduced, exactly
// as Fq and Fq2 hold them, and the algorithms are Msm.cs's and JacobianPoint.cs's, so results are those of
// the managed code. Not constant-time: the MSM's bucket choices already depend on the scalars' digits.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef struct { uint64_t v[4]; } fp;
typedef struct { fp a, b; } fp2; // a + b·u, u² = −1

static const uint64_t P[4] = { 0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL };
static const uint64_t P_MINUS_2[4] = { 0x3c208c16d87cfd45ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL };
static const uint64_t N_PRIME = 0x87d20782e4866389ULL; // −p⁻¹ mod 2^64

// r = t − p if t ≥ p, else t (t < 2p).
static inline void reduce_once(fp *r, const uint64_t t[4]) {
    uint64_t s[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)t[i] - P[i] - borrow;
        s[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    uint64_t keep = 0 - borrow; // all ones when t < p
    for (int i = 0; i < 4; i++) r->v[i] = (t[i] & keep) | (s[i] & ~keep);
}

// CIOS without the fifth carry word (exact because p's top limb is below 2^63 − 1), as Montgomery.cs.
static inline void fp_mul(fp *r, const fp *x, const fp *y) {
    const uint64_t a0 = x->v[0], a1 = x->v[1], a2 = x->v[2], a3 = x->v[3];
    uint64_t b[4] = { y->v[0], y->v[1], y->v[2], y->v[3] };
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (int i = 0; i < 4; i++) {
        u128 c = (u128)a0 * b[i] + t0;
        t0 = (uint64_t)c;
        c = (u128)a1 * b[i] + t1 + (uint64_t)(c >> 64);
        t1 = (uint64_t)c;
        c = (u128)a2 * b[i] + t2 + (uint64_t)(c >> 64);
        t2 = (uint64_t)c;
        c = (u128)a3 * b[i] + t3 + (uint64_t)(c >> 64);
        t3 = (uint64_t)c;
        uint64_t t4 = (uint64_t)(c >> 64);
        uint64_t m = t0 * N_PRIME;
        c = (u128)m * P[0] + t0;
        c = (u128)m * P[1] + t1 + (uint64_t)(c >> 64);
        t0 = (uint64_t)c;
        c = (u128)m * P[2] + t2 + (uint64_t)(c >> 64);
        t1 = (uint64_t)c;
        c = (u128)m * P[3] + t3 + (uint64_t)(c >> 64);
        t2 = (uint64_t)c;
        t3 = t4 + (uint64_t)(c >> 64);
    }
    const uint64_t t[4] = { t0, t1, t2, t3 };
    reduce_once(r, t);
}

static inline void fp_add(fp *r, const fp *x, const fp *y) {
    uint64_t t[4], carry = 0; // x + y < 2p < 2^255: no carry out of the top limb
    for (int i = 0; i < 4; i++) {
        u128 s = (u128)x->v[i] + y->v[i] + carry;
        t[i] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
    reduce_once(r, t);
}

static inline void fp_sub(fp *r, const fp *x, const fp *y) {
    uint64_t t[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)x->v[i] - y->v[i] - borrow;
        t[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    uint64_t mask = 0 - borrow, carry = 0; // add p back when it wrapped
    for (int i = 0; i < 4; i++) {
        u128 s = (u128)t[i] + (P[i] & mask) + carry;
        r->v[i] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
}

static inline void fp_sqr(fp *r, const fp *x) { fp_mul(r, x, x); }

// x^(p−2) = x⁻¹ (Fermat), by square-and-multiply from the top bit of p − 2 (which is set in its top limb).
// The binary extended Euclidean algorithm was tried: 7.3 µs against 8.4 µs, too little for its branches.
static void fp_inv(fp *r, const fp *x) {
    fp result = *x;
    int started = 0;
    for (int limb = 3; limb >= 0; limb--) {
        for (int bit = 63; bit >= 0; bit--) {
            int set = (int)((P_MINUS_2[limb] >> bit) & 1);
            if (!started) { started = set; continue; } // the top set bit is `result = x` above
            fp_sqr(&result, &result);
            if (set) fp_mul(&result, &result, x);
        }
    }
    *r = result;
}

static inline void fp2_sub(fp2 *r, const fp2 *x, const fp2 *y) { fp_sub(&r->a, &x->a, &y->a); fp_sub(&r->b, &x->b, &y->b); }

// Karatsuba, as Fq2's operator *: three base-field multiplications.
static inline void fp2_mul(fp2 *r, const fp2 *x, const fp2 *y) {
    fp aa, bb, sx, sy, cross;
    fp_mul(&aa, &x->a, &y->a);
    fp_mul(&bb, &x->b, &y->b);
    fp_add(&sx, &x->a, &x->b);
    fp_add(&sy, &y->a, &y->b);
    fp_mul(&cross, &sx, &sy);
    fp_sub(&r->a, &aa, &bb);
    fp_sub(&cross, &cross, &aa);
    fp_sub(&r->b, &cross, &bb);
}

// (a + bu)² = (a + b)(a − b) + 2ab·u.
static inline void fp2_sqr(fp2 *r, const fp2 *x) {
    fp ab, s, d;
    fp_mul(&ab, &x->a, &x->b);
    fp_add(&s, &x->a, &x->b);
    fp_sub(&d, &x->a, &x->b);
    fp_mul(&r->a, &s, &d);
    fp_add(&r->b, &ab, &ab);
}

// (a + bu)⁻¹ = (a − bu) / (a² + b²).
static void fp2_inv(fp2 *r, const fp2 *x) {
    fp a2, b2, norm, zero = { { 0, 0, 0, 0 } };
    fp_sqr(&a2, &x->a);
    fp_sqr(&b2, &x->b);
    fp_add(&norm, &a2, &b2);
    fp_inv(&norm, &norm);
    fp b = x->b;
    fp_mul(&r->a, &x->a, &norm);
    fp_mul(&b, &b, &norm);
    fp_sub(&r->b, &zero, &b);
}

static inline int fp_is_zero(const fp *x) { return (x->v[0] | x->v[1] | x->v[2] | x->v[3]) == 0; }

static inline int fp_equal(const fp *x, const fp *y) {
    return ((x->v[0] ^ y->v[0]) | (x->v[1] ^ y->v[1]) | (x->v[2] ^ y->v[2]) | (x->v[3] ^ y->v[3])) == 0;
}

// 2^256 mod p: one in Montgomery form.
static const fp FP_ONE = { { 0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL } };

static inline void fp_one(fp *r) { *r = FP_ONE; }

static inline void fp2_add(fp2 *r, const fp2 *x, const fp2 *y) { fp_add(&r->a, &x->a, &y->a); fp_add(&r->b, &x->b, &y->b); }

static inline int fp2_is_zero(const fp2 *x) { return fp_is_zero(&x->a) && fp_is_zero(&x->b); }

static inline int fp2_equal(const fp2 *x, const fp2 *y) { return fp_equal(&x->a, &y->a) && fp_equal(&x->b, &y->b); }

static inline void fp2_one(fp2 *r) { r->a = FP_ONE; memset(&r->b, 0, sizeof r->b); }

#define FIELD fp
#define NAME(x) g1_##x
#define F_MUL fp_mul
#define F_SQR fp_sqr
#define F_ADD fp_add
#define F_SUB fp_sub
#define F_INV fp_inv
#define F_IS_ZERO fp_is_zero
#define F_EQUAL fp_equal
#define F_ONE fp_one
#include "zks_window.inc"

#define FIELD fp2
#define NAME(x) g2_##x
#define F_MUL fp2_mul
#define F_SQR fp2_sqr
#define F_ADD fp2_add
#define F_SUB fp2_sub
#define F_INV fp2_inv
#define F_IS_ZERO fp2_is_zero
#define F_EQUAL fp2_equal
#define F_ONE fp2_one
#include "zks_window.inc"

// Σ digitᵢ·Pᵢ for one window of the bucket method (Msm.cs, WindowSum), into out (X, Y, Z Jacobian): the
// points in affine coordinates, digits[i] in [−bucket_count, bucket_count], buckets filled in batches of
// batch_size additions that share one inversion. Returns 0, or −1 when memory for the buckets ran out.
int32_t zks_g1_window_sum(int32_t n, const fp *px, const fp *py, const int16_t *digits, int32_t bucket_count,
                          int32_t batch_size, g1_jac *out) {
    return g1_window_sum(n, px, py, digits, bucket_count, batch_size, out);
}

int32_t zks_g2_window_sum(int32_t n, const fp2 *px, const fp2 *py, const int16_t *digits, int32_t bucket_count,
                          int32_t batch_size, g2_jac *out) {
    return g2_window_sum(n, px, py, digits, bucket_count, batch_size, out);
}

// The interface's version: the C# side checks it before it uses the library.
int32_t zks_field_abi_version(void) { return 2; }
