using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Solana.Tests;

/// <summary>Every malformed input gets an exception that says what is wrong.</summary>
public sealed class BadInputTests
{
    private static readonly string Blockhash = Base58.Encode(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray());

    [Theory]
    [InlineData("0OIl", "'0' at position 0 is not a base58 character")]
    [InlineData("abc!", "'!' at position 3")]
    public void Malformed_base58_is_rejected_with_the_bad_character(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => Base58.Decode(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11111111111111111111111111111111111", "decodes to 35 bytes")]
    [InlineData("3yZe7d", "decodes to 4 bytes")]
    [InlineData("So11111111111111111111111111111111111111112O", "not a base58 character")]
    public void Wrong_key_text_is_rejected(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => PublicKey.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.False(PublicKey.TryParse(text, out _));
    }

    [Fact]
    public void Wrong_key_lengths_are_rejected()
    {
        Assert.Contains("32 bytes, got 31", Assert.Throws<ArgumentException>(() => new PublicKey(new byte[31])).Message, StringComparison.Ordinal);
        Assert.Contains("32 bytes, got 16", Assert.Throws<ArgumentException>(() => Keypair.FromSeed(new byte[16])).Message, StringComparison.Ordinal);
        Assert.Contains("64 bytes", Assert.Throws<ArgumentException>(() => Keypair.FromSecretKey(new byte[63])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_seeds_are_rejected()
    {
        var program = TestKeys.Table.PublicKey;
        Assert.Contains("at most 32 bytes", Assert.Throws<ArgumentException>(() => PublicKey.FindProgramAddress([new byte[33]], program)).Message, StringComparison.Ordinal);
        var tooMany = Enumerable.Range(0, 16).Select(_ => new byte[1]).ToList();
        Assert.Contains("at most 16 seeds", Assert.Throws<ArgumentException>(() => PublicKey.FindProgramAddress(tooMany, program)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_transactions_are_rejected_before_sending()
    {
        var memos = Enumerable.Range(0, 10).Select(i => MemoProgram.Memo(new string((char)('a' + i), 120))).ToList();
        var transaction = new Transaction(Message.Compile(TestKeys.Payer.PublicKey, memos, Blockhash)).Sign(TestKeys.Payer);
        var e = Assert.Throws<TransactionTooLargeException>(() => transaction.Serialize());
        Assert.True(e.Size > Transaction.MaxPacketSize);
        Assert.Contains("limit is 1232", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_and_trailing_wire_bytes_are_rejected()
    {
        var wire = new Transaction(Message.Compile(TestKeys.Payer.PublicKey, [SystemProgram.Transfer(TestKeys.Payer.PublicKey, TestKeys.Bob.PublicKey, 5)], Blockhash))
            .Sign(TestKeys.Payer).Serialize();
        Assert.Contains("ends early", Assert.Throws<FormatException>(() => Transaction.Deserialize(wire.AsSpan(0, wire.Length - 3))).Message, StringComparison.Ordinal);
        Assert.Contains("unexpected bytes", Assert.Throws<FormatException>(() => Transaction.Deserialize([.. wire, 0])).Message, StringComparison.Ordinal);
        Assert.Contains("not valid base64", Assert.Throws<FormatException>(() => Transaction.FromBase64("%%%")).Message, StringComparison.Ordinal);

        var badCount = (byte[])wire.Clone();
        badCount[0] = 2; // claims two signatures; the message requires one
        Assert.Throws<FormatException>(() => Transaction.Deserialize(badCount));
    }

    [Fact]
    public void Signing_with_a_key_that_is_not_a_signer_is_rejected()
    {
        var transaction = new Transaction(Message.Compile(TestKeys.Payer.PublicKey, [SystemProgram.Transfer(TestKeys.Payer.PublicKey, TestKeys.Bob.PublicKey, 5)], Blockhash));
        Assert.Contains("not a required signer", Assert.Throws<ArgumentException>(() => transaction.Sign(TestKeys.Alice)).Message, StringComparison.Ordinal);
        Assert.Contains("not a valid signature", Assert.Throws<ArgumentException>(() => transaction.AddSignature(TestKeys.Payer.PublicKey, new byte[64])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_message_fails_signature_verification()
    {
        var wire = new Transaction(Message.Compile(TestKeys.Payer.PublicKey, [SystemProgram.Transfer(TestKeys.Payer.PublicKey, TestKeys.Bob.PublicKey, 5)], Blockhash))
            .Sign(TestKeys.Payer).Serialize();
        wire[^1] ^= 1; // the last byte of the transfer amount
        Assert.False(Transaction.Deserialize(wire).VerifyPresentSignatures());
    }

    [Fact]
    public void Bad_blockhash_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Message.Compile(TestKeys.Payer.PublicKey, [], "not-a-hash"));
        Assert.Contains("not a blockhash", e.Message, StringComparison.Ordinal);
    }
}
