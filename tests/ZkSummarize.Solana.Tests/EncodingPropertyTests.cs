using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Tests;

/// <summary>Round trips and invariants of the encoders, over generated inputs.</summary>
public sealed class EncodingPropertyTests
{
    [Property(MaxTest = 500)]
    public bool Base58_round_trips(byte[] bytes) => Base58.Decode(Base58.Encode(bytes)).AsSpan().SequenceEqual(bytes);

    [Property(MaxTest = 300)]
    public bool Base58_keeps_leading_zeros(byte zeros, byte[] rest)
    {
        var data = new byte[zeros % 8].Concat(rest).ToArray();
        var text = Base58.Encode(data);
        return text.TakeWhile(c => c == '1').Count() >= zeros % 8;
    }

    [Property(MaxTest = 2000)]
    public bool ShortVec_round_trips(ushort value)
    {
        var bytes = ShortVec.Encode(value);
        var offset = 0;
        return ShortVec.Read(bytes, ref offset) == value && offset == bytes.Length && bytes.Length <= 3;
    }

    [Property(MaxTest = 100)]
    public bool Transactions_round_trip(PositiveInt lamports, byte memoLength, bool v0, bool twoSigners)
    {
        var blockhash = Base58.Encode(Enumerable.Repeat((byte)7, 32).ToArray());
        var instructions = new List<TransactionInstruction>
        {
            SystemProgram.Transfer(TestKeys.Payer.PublicKey, TestKeys.Bob.PublicKey, (ulong)lamports.Get),
            MemoProgram.Memo(new string('m', memoLength % 200)),
        };
        if (twoSigners)
        {
            instructions.Add(SystemProgram.Transfer(TestKeys.Alice.PublicKey, TestKeys.Bob.PublicKey, 1));
        }

        var message = Message.Compile(TestKeys.Payer.PublicKey, instructions, blockhash, v0 ? TransactionVersion.V0 : TransactionVersion.Legacy);
        var transaction = new Transaction(message).Sign(twoSigners ? [TestKeys.Payer, TestKeys.Alice] : [TestKeys.Payer]);
        var wire = transaction.Serialize();
        var parsed = Transaction.Deserialize(wire);
        var decompiled = parsed.Message.DecompileInstructions();
        return parsed.Serialize().AsSpan().SequenceEqual(wire)
            && parsed.VerifyPresentSignatures()
            && decompiled.Count == instructions.Count
            && decompiled.Zip(instructions).All(p => p.First.ProgramId == p.Second.ProgramId && p.First.Data.AsSpan().SequenceEqual(p.Second.Data));
    }

    [Property(MaxTest = 200)]
    public bool Program_addresses_are_off_curve(NonNull<byte[]> seed)
    {
        var bytes = seed.Get.Take(32).ToArray();
        var (address, bump) = PublicKey.FindProgramAddress([bytes], TestKeys.Table.PublicKey);
        return !address.IsOnCurve() && PublicKey.CreateProgramAddress([bytes, [bump]], TestKeys.Table.PublicKey) == address;
    }

    [Fact]
    public void Keypair_public_keys_are_on_curve()
    {
        for (var i = 0; i < 50; i++)
        {
            using var keypair = Keypair.Generate();
            Assert.True(keypair.PublicKey.IsOnCurve());
        }
    }
}
