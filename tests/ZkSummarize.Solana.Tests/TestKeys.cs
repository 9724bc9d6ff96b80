using ZkSummarize.Solana.Programs;

namespace ZkSummarize.Solana.Tests;

/// <summary>The fixed keys of tests/js/solana/make-vectors.mjs: byte i of seed n is (n·37 + i) mod 256.</summary>
internal static class TestKeys
{
    public static Keypair FromIndex(int n) => Keypair.FromSeed(Enumerable.Range(0, 32).Select(i => (byte)((n * 37 + i) % 256)).ToArray());

    public static readonly Keypair Payer = FromIndex(1);
    public static readonly Keypair Alice = FromIndex(2);
    public static readonly Keypair Bob = FromIndex(3);
    public static readonly Keypair Mint = FromIndex(4);
    public static readonly Keypair Facilitator = FromIndex(5);
    public static readonly Keypair Table = FromIndex(6);

    public static PublicKey AliceAta => AssociatedTokenProgram.GetAssociatedTokenAddress(Alice.PublicKey, Mint.PublicKey);

    public static PublicKey BobAta => AssociatedTokenProgram.GetAssociatedTokenAddress(Bob.PublicKey, Mint.PublicKey);

    public static Keypair ByName(string name) => name switch
    {
        "payer" => Payer,
        "alice" => Alice,
        "bob" => Bob,
        "mint" => Mint,
        "facilitator" => Facilitator,
        "table" => Table,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
