using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.Svm;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Transactions;

namespace ZkSummarize.Payments.Tests;

/// <summary>
/// What makes a payment one payment and a reader its payer: the request id of an `exact` payment, the
/// fingerprint replay checks use, the window in which a settled payment is refused again, the
/// payment-identifier key, the payer's read signature, and reading extra fields of the wrong type.
/// </summary>
public sealed class PaymentIdentityTests
{
    private static readonly Keypair Client = Keypair.Generate();
    private static readonly Keypair FeePayer = Keypair.Generate();
    private static readonly string Blockhash = Base58.Encode(new byte[32]);

    private static Transaction Signed(string memo = "a") =>
        new Transaction(Message.Compile(FeePayer.PublicKey, [MemoProgram.Memo(memo, Client.PublicKey)], Blockhash)).Sign(Client);

    private static PaymentPayload Payload(JsonNode? transaction, JsonObject? extensions = null) =>
        new(2, new PaymentRequirements("exact", "solana:x", "1", "m", "p", 60), new JsonObject { ["transaction"] = transaction }, Extensions: extensions);

    [Fact]
    public void An_exact_request_id_is_the_message_hash_with_the_top_three_bits_cleared_and_survives_co_signing()
    {
        var transaction = Signed();
        var hash = SHA256.HashData(transaction.MessageBytes);
        var id = ExactRequestId.Of(transaction);
        Assert.Equal(hash[0] & 0x1F, id[0]);
        Assert.Equal(hash[1..], id[1..]);
        Assert.Equal(id, ExactRequestId.Of(Transaction.FromBase64(transaction.ToBase64(requireAllSignatures: false)).Sign(FeePayer))); // the fee payer's signature changes nothing
        Assert.NotEqual(id, ExactRequestId.Of(Signed("b")));
        Assert.Equal(id, ExactRequestId.TryOf(transaction.ToBase64(requireAllSignatures: false)));
        Assert.Null(ExactRequestId.TryOf(null));
        Assert.Null(ExactRequestId.TryOf(""));
        Assert.Null(ExactRequestId.TryOf("AQID"));
        Assert.Null(ExactRequestId.TryOf("%%%"));
        Assert.Throws<ArgumentNullException>(() => ExactRequestId.Of(null!));
    }

    [Fact]
    public void A_fingerprint_is_of_the_message_so_a_re_encoded_or_co_signed_payment_is_the_same_payment()
    {
        var transaction = Signed();
        var fingerprint = PaymentFingerprint.Of(Payload(transaction.ToBase64(requireAllSignatures: false)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(transaction.MessageBytes)), fingerprint);
        Assert.Equal(fingerprint, PaymentFingerprint.Of(Payload(transaction.Sign(FeePayer).ToBase64())));
        Assert.NotEqual(fingerprint, PaymentFingerprint.Of(Payload(Signed("b").ToBase64(requireAllSignatures: false))));
        Assert.Null(PaymentFingerprint.Of(Payload(null)));
        Assert.Null(PaymentFingerprint.Of(Payload("")));
        Assert.Null(PaymentFingerprint.Of(Payload(42)));
        Assert.Null(PaymentFingerprint.Of(Payload("AQID")));
        Assert.Null(PaymentFingerprint.Of(Payload("not base64")));
    }

    [Fact]
    public void A_claimed_payment_is_refused_within_the_window_and_free_again_after_it_or_when_released()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = new SettlementCache(clock, TimeSpan.FromSeconds(10));
        Assert.True(cache.TryClaim("a"));
        Assert.False(cache.TryClaim("a"));
        Assert.True(cache.TryClaim("b"));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(cache.TryClaim("a")); // exactly at the window's end: still refused
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(cache.TryClaim("a")); // expired: the transaction cannot land any more anyway
        cache.Release("a");
        Assert.True(cache.TryClaim("a"));
    }

    [Fact]
    public void The_default_window_is_two_minutes()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = new SettlementCache(clock);
        Assert.True(cache.TryClaim("a"));
        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.False(cache.TryClaim("a"));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(cache.TryClaim("a"));
    }

    [Theory]
    [InlineData("0123456789abcdef", true)]                 // 16: the shortest
    [InlineData("0123456789abcde", false)]                 // 15
    [InlineData("A-Z_a-z_0-9-and-more", true)]
    [InlineData("has a space in it!", false)]
    [InlineData("ünïcödé-characters", false)]
    public void A_payment_identifier_is_16_to_128_url_safe_characters(string id, bool valid)
    {
        var payment = Payload("x", new JsonObject { [PaymentIdentifier.Name] = new JsonObject { ["info"] = new JsonObject { ["id"] = id } } });
        if (valid)
        {
            Assert.Equal(id, PaymentIdentifier.Read(payment));
        }
        else
        {
            var e = Assert.Throws<X402FormatException>(() => PaymentIdentifier.Read(payment));
            Assert.Equal("invalid_payload", e.Reason);
            Assert.Contains("16 to 128 characters", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_payment_identifier_of_128_is_read_129_or_a_number_is_refused_and_none_is_null()
    {
        JsonObject With(JsonNode id) => new() { [PaymentIdentifier.Name] = new JsonObject { ["info"] = new JsonObject { ["id"] = id } } };
        Assert.Equal(new string('a', 128), PaymentIdentifier.Read(Payload("x", With(new string('a', 128)))));
        Assert.Throws<X402FormatException>(() => PaymentIdentifier.Read(Payload("x", With(new string('a', 129)))));
        Assert.Throws<X402FormatException>(() => PaymentIdentifier.Read(Payload("x", With(12345678901234567))));
        Assert.Null(PaymentIdentifier.Read(Payload("x")));
        Assert.Throws<ArgumentNullException>(() => PaymentIdentifier.Read(null!));
        Assert.Null(PaymentIdentifier.Read(Payload("x", new JsonObject { ["other"] = 1 })));
        Assert.Null(PaymentIdentifier.Read(Payload("x", new JsonObject { [PaymentIdentifier.Name] = new JsonObject { ["info"] = new JsonObject() } })));

        var advertised = PaymentIdentifier.Advertise(required: true)[PaymentIdentifier.Name]!;
        Assert.True(advertised["info"]!["required"]!.GetValue<bool>());
        Assert.False(PaymentIdentifier.Advertise()[PaymentIdentifier.Name]!["info"]!["required"]!.GetValue<bool>());
        Assert.Equal(16, advertised["schema"]!["properties"]!["id"]!["minLength"]!.GetValue<int>());
        Assert.Equal(128, advertised["schema"]!["properties"]!["id"]!["maxLength"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"payment-identifier":"exact"}""")]
    [InlineData("""{"payment-identifier":["info"]}""")]
    [InlineData("""{"payment-identifier":{"info":"0123456789abcdef"}}""")]
    [InlineData("""{"payment-identifier":{"info":[{"id":"0123456789abcdef"}]}}""")]
    public void A_payment_identifier_extension_that_is_not_an_object_of_objects_is_refused_not_a_crash(string extensions)
    {
        // Found by AFL++ (tests/ZkSummarize.Fuzz/corpus/x402-payment/crash-*): indexing a string threw
        // InvalidOperationException, which the node answered with a 500.
        var e = Assert.Throws<X402FormatException>(() => PaymentIdentifier.Read(Payload("x", JsonNode.Parse(extensions)!.AsObject())));
        Assert.Equal("invalid_payload", e.Reason);
        Assert.Contains("must be an object", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_payers_key_signs_a_read_of_its_own_request()
    {
        var signature = SummaryAccess.Sign(Client, "ab12");
        Assert.Equal("zksummarize read ab12"u8.ToArray(), SummaryAccess.Message("ab12"));
        Assert.True(SummaryAccess.Verify(Client.PublicKey.ToString(), "ab12", signature));
        Assert.False(SummaryAccess.Verify(Client.PublicKey.ToString(), "ab13", signature));               // another request
        Assert.False(SummaryAccess.Verify(FeePayer.PublicKey.ToString(), "ab12", signature));             // another key
        Assert.False(SummaryAccess.Verify(Client.PublicKey.ToString(), "ab12", SummaryAccess.Sign(FeePayer, "ab12")));
        Assert.False(SummaryAccess.Verify(Client.PublicKey.ToString(), "ab12", Base58.Encode(Base58.Decode(signature).AsSpan(0, 63)))); // too short
        Assert.False(SummaryAccess.Verify(Client.PublicKey.ToString(), "ab12", "0OIl"));                  // not base58
        Assert.False(SummaryAccess.Verify(Client.PublicKey.ToString(), "ab12", null));
        Assert.False(SummaryAccess.Verify(Client.PublicKey.ToString(), "ab12", ""));
        Assert.False(SummaryAccess.Verify(null, "ab12", signature));
        Assert.False(SummaryAccess.Verify("", "ab12", signature));
        Assert.False(SummaryAccess.Verify("not a key", "ab12", signature));
        Assert.Throws<ArgumentNullException>(() => SummaryAccess.Sign(null!, "ab12"));
    }

    [Fact]
    public void Extra_fields_of_the_wrong_type_read_as_missing_whether_parsed_or_built()
    {
        var parsed = JsonNode.Parse("""{"text":"a","number":-42,"big":12345678901234567890,"fraction":1.5,"numberText":"7","flag":true,"list":[1]}""")!;
        Assert.Equal("a", ExtraFields.Text(parsed["text"]));
        Assert.Equal(-42, ExtraFields.Number(parsed["number"]));
        Assert.Null(ExtraFields.Number(parsed["big"]));       // above long
        Assert.Null(ExtraFields.Number(parsed["fraction"]));
        Assert.Null(ExtraFields.Number(parsed["numberText"]));
        Assert.Null(ExtraFields.Text(parsed["number"]));
        Assert.Null(ExtraFields.Text(parsed["flag"]));
        Assert.Null(ExtraFields.Text(parsed["list"]));
        Assert.Null(ExtraFields.Number(parsed["list"]));
        Assert.Null(ExtraFields.Text(parsed["missing"]));
        Assert.Null(ExtraFields.Number(null));

        var built = new JsonObject { ["text"] = "a", ["int"] = 7, ["long"] = 1_900_000_000_000L };
        Assert.Equal("a", ExtraFields.Text(built["text"]));
        Assert.Equal(7, ExtraFields.Number(built["int"]));
        Assert.Equal(1_900_000_000_000L, ExtraFields.Number(built["long"]));
        Assert.Null(ExtraFields.Text(built["int"]));
    }
}
