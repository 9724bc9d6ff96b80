// rapidsnark warm: the .zkey loaded once into a prover object (what a long-running service does),
// two warm-up proofs of the same .wtns, then the mean of five. The peer of our warm figure in
// docs/benchmarks.md; built against rapidsnark's static libraries (see rapidsnark.md next to this file).
// Usage: warm_prove circuit.zkey witness.wtns [warm-ups runs]   (2 and 5 unless given)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>
#include "prover.h"

static std::vector<char> readFile(const char *path)
{
    std::ifstream file(path, std::ios::binary);
    return std::vector<char>((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 5) { std::fprintf(stderr, "usage: %s circuit.zkey witness.wtns [warm-ups runs]\n", argv[0]); return 2; }
    const int warmUps = argc == 5 ? std::atoi(argv[3]) : 2, runs = argc == 5 ? std::atoi(argv[4]) : 5;
    char error[1024];
    void *prover = nullptr;
    // The key is read into a buffer that outlives the prover object: groth16_prover_create keeps pointers
    // into it (groth16_prover_create_zkey_file unmaps its file on return, and the first proof then crashes).
    std::vector<char> zkey = readFile(argv[1]), wtns = readFile(argv[2]);
    if (groth16_prover_create(&prover, zkey.data(), zkey.size(), error, sizeof error) != PROVER_OK) { std::fprintf(stderr, "%s\n", error); return 1; }
    std::vector<char> proof(16384), inputs(1 << 20);
    auto prove = [&]() {
        unsigned long long proofSize = proof.size(), inputsSize = inputs.size();
        if (groth16_prover_prove(prover, wtns.data(), wtns.size(), proof.data(), &proofSize, inputs.data(), &inputsSize, error, sizeof error) != PROVER_OK)
        {
            std::fprintf(stderr, "%s\n", error);
            std::exit(1);
        }
    };
    for (int i = 0; i < warmUps; i++) prove();
    double total = 0;
    std::printf("rapidsnark warm (prover object, key loaded once):");
    for (int i = 0; i < runs; i++)
    {
        auto started = std::chrono::steady_clock::now();
        prove();
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        total += seconds;
        std::printf(" %.3f", seconds);
    }
    std::printf(" s; mean %.3f s\n", total / runs);
    groth16_prover_destroy(prover);
    return 0;
}
