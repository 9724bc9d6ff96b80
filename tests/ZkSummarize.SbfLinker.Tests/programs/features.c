// Exercises what the linker must handle: functions in several .text.* sections (-ffunction-sections),
// static and exported local calls across them, pointer tables and structs with pointers in .rodata.*
// (R_BPF_64_ABS64), string literals (lddw, R_BPF_64_64) and syscalls.
typedef unsigned long u64;
typedef unsigned char u8;
extern void sol_log_(const char *, u64);
extern void sol_log_64_(u64, u64, u64, u64, u64);

static const char *const colours[] = { "red", "green", "blue" };
struct word { const char *text; u64 length; };
static const struct word words[] = { { "first word", 10 }, { "second word", 11 } };

__attribute__((noinline)) static u64 triple_plus_one(u64 x) { return 3 * x + 1; }
__attribute__((noinline)) u64 exported_twice(u64 x) { return 2 * triple_plus_one(x); }

u64 entrypoint(const u8 *input) {
    const u8 *data = input + 8;          // no accounts: then the instruction data length and the data
    u64 length = *(const u64 *)data;
    u8 pick = length > 0 ? data[8] : 0;
    const char *colour = colours[pick % 3];
    u64 colour_length = 0;
    while (colour[colour_length] != 0) colour_length++;
    sol_log_(colour, colour_length);
    sol_log_(words[pick & 1].text, words[pick & 1].length);
    sol_log_64_(triple_plus_one(pick), exported_twice(pick), 42, 0, 0);
    return 0;
}
