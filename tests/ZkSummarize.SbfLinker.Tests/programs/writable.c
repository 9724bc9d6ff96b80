// Mutable static data: the Solana loader rejects writable sections, so the linker must refuse this.
typedef unsigned long u64;
extern void sol_log_64_(u64, u64, u64, u64, u64);
static u64 counter = 5;
u64 entrypoint(const unsigned char *input) {
    counter += input[0];
    sol_log_64_(counter, 0, 0, 0, 0);
    return 0;
}
