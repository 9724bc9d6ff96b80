// The prover's hot loops in C: one window of the MSM's bucket method (Groth16/Msm.cs, WindowSum), over
// BN254's base field (G1) and its quadratic extension (G2), and the scalar field's NTT (Groth16/Ntt.cs).
// This file has the fields (the Montgomery arithmetic itself in zks_montgomery.inc, included once per
// field) and the NTT; zks_window.inc, included once per group, the curve arithmetic and the window.
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

#define MONT(x) fp_##x
#define MONT_T fp
#define MONT_MODULUS P
#define MONT_N_PRIME N_PRIME
#include "zks_montgomery.inc"

// The scalar field (Fr): the witness, the QAP's polynomials and their NTTs.
typedef struct { uint64_t v[4]; } fr;
static const uint64_t R[4] = { 0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL };
static const uint64_t R_N_PRIME = 0xc2e1f593efffffffULL; // −r⁻¹ mod 2^64
static const fr FR_ONE = { { 0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL } }; // 2^256 mod r

#define MONT(x) fr_##x
#define MONT_T fr
#define MONT_MODULUS R
#define MONT_N_PRIME R_N_PRIME
#include "zks_montgomery.inc"

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

// The radix-2 NTT of 2^log2 values in place (Ntt.cs, Transform, step for step): the bit-reversal
// permutation, then Cooley–Tukey butterflies of growing span, with root the primitive 2^log2-th root of unity
// (or its inverse). Returns 0, or −1 when memory for the twiddles ran out.
int32_t zks_fr_ntt(fr *a, int32_t log2, const fr *root) {
    size_t n = (size_t)1 << log2;
    for (size_t i = 1, j = 0; i < n; i++) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) {
            fr t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
    if (n < 2) return 0;
    fr *twiddles = malloc((n / 2) * sizeof(fr));
    if (!twiddles) return -1;
    fr steps[32]; // steps[k] = root^(n / 2^k), the root of unity of the span 2^k: root squared log2 − k times
    steps[log2] = *root;
    for (int32_t k = log2; k > 1; k--) fr_mul(&steps[k - 1], &steps[k], &steps[k]);
    for (int32_t k = 1; k <= log2; k++) {
        size_t length = (size_t)1 << k, half = length / 2;
        twiddles[0] = FR_ONE;
        for (size_t i = 1; i < half; i++) fr_mul(&twiddles[i], &twiddles[i - 1], &steps[k]);
        for (size_t start = 0; start < n; start += length) {
            for (size_t i = 0; i < half; i++) {
                fr u = a[start + i], v;
                fr_mul(&v, &a[start + i + half], &twiddles[i]);
                fr_add(&a[start + i], &u, &v);
                fr_sub(&a[start + i + half], &u, &v);
            }
        }
    }
    free(twiddles);
    return 0;
}

// The interface's version: the C# side checks it before it uses the library.
int32_t zks_field_abi_version(void) { return 3; }
