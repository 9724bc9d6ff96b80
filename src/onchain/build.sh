#!/usr/bin/env bash
# Builds the escrow program from source: clang-14 (Debian) compiles program.c to a BPF object, and our
# linker (src/ZkSummarize.SbfLinker) makes the Solana program ELF. Output: build/zksummarize_escrow.so,
# and its SHA-256, which README.md records so anyone can check a deployed program against this source.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mkdir -p "$here/build"
exec 9>"$here/build/.lock" && flock 9   # one build at a time, even when several test processes ask for it
clang-14 -target bpf -mcpu=v2 -O2 -ffreestanding -fno-builtin -ffunction-sections -fdata-sections \
  -Wall -Wextra -Werror -c "$here/program.c" -o "$here/build/program.o"
# Linked to a temporary name and renamed, so a reader never sees half a program.
dotnet run --project "$root/src/ZkSummarize.SbfLinker" -c Release -- "$here/build/program.o" "$here/build/zksummarize_escrow.so.tmp"
mv -f "$here/build/zksummarize_escrow.so.tmp" "$here/build/zksummarize_escrow.so"
echo "(renamed to build/zksummarize_escrow.so)"
