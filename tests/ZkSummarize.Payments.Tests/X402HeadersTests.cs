using System.Text;
using System.Text.Json.Nodes;
using ZkSummarize.Payments.X402;

namespace ZkSummarize.Payments.Tests;

public sealed class X402HeadersTests
{
    private static readonly PaymentPayload Payment = new(2,
        new PaymentRequirements("exact", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", "1000", "Mint111", "PayTo111", 60, new JsonObject { ["feePayer"] = "Fee111" }),
        new JsonObject { ["transaction"] = "AQID" }, new ResourceInfo("http://127.0.0.1/v1/summaries"));

    [Fact]
    public void Headers_round_trip_as_standard_base64_of_camel_case_json()
    {
        var header = X402Headers.Encode(Payment);
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(header));
        Assert.Contains("\"x402Version\":2", json, StringComparison.Ordinal);
        Assert.Contains("\"payTo\":\"PayTo111\"", json, StringComparison.Ordinal);
        Assert.Contains("\"extra\":{\"feePayer\":\"Fee111\"}", json, StringComparison.Ordinal);
        var back = X402Headers.DecodePayment(header);
        Assert.Equal(Payment.Accepted with { Extra = null }, back.Accepted with { Extra = null }); // JsonObject compares by reference: Extra on its own below
        Assert.Equal("Fee111", back.Accepted.Extra!["feePayer"]!.GetValue<string>()); // the fee payer the client must let co-sign
        Assert.True(JsonNode.DeepEquals(Payment.Accepted.Extra, back.Accepted.Extra));
        Assert.Equal(Payment.Resource, back.Resource);
        Assert.Equal("AQID", back.Payload["transaction"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("%%%not base64%%%", "not standard base64")]
    [InlineData("bm90IGpzb24=", "not a valid PaymentPayload")]
    public void Malformed_headers_get_a_clear_invalid_payload(string? header, string message)
    {
        var e = Assert.Throws<X402FormatException>(() => X402Headers.DecodePayment(header));
        Assert.Equal("invalid_payload", e.Reason);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_version_or_a_huge_header_is_refused()
    {
        var version = Assert.Throws<X402FormatException>(() => X402Headers.DecodePayment(X402Headers.Encode(Payment with { X402Version = 1 })));
        Assert.Equal("invalid_x402_version", version.Reason);
        Assert.Contains("version 1 is not supported", version.Message, StringComparison.Ordinal);
        var huge = Assert.Throws<X402FormatException>(() => X402Headers.DecodePayment(new string('A', 20_000)));
        Assert.Equal("invalid_payload", huge.Reason);
        Assert.Contains("20000 characters, more than 16384", huge.Message, StringComparison.Ordinal);
        // At the limit itself the length is fine (these As decode to bytes that are not JSON).
        Assert.DoesNotContain("more than", Assert.Throws<X402FormatException>(() => X402Headers.DecodePayment(new string('A', X402Headers.MaxHeaderLength))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payload_without_a_required_field_is_refused()
    {
        var noAccepted = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"x402Version\":2,\"payload\":{\"transaction\":\"AQID\"}}"));
        var e = Assert.Throws<X402FormatException>(() => X402Headers.DecodePayment(noAccepted));
        Assert.Equal("invalid_payload", e.Reason);
        Assert.Contains("accepted", e.Message, StringComparison.Ordinal);
        var jsonNull = Assert.Throws<X402FormatException>(() => X402Headers.DecodePayment(Convert.ToBase64String("null"u8)));
        Assert.Equal("invalid_payload", jsonNull.Reason);
        Assert.Contains("holds JSON null", jsonNull.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by fuzzing: such a header decoded, and the facilitator's first read of a field threw InvalidOperationException.</summary>
    [Theory]
    [InlineData(true)]   // the transaction is "\ud800", an escaped lone surrogate
    [InlineData(false)]  // the transaction is the bytes FF FE, which are not UTF-8
    public void A_string_that_is_not_text_is_refused_when_the_header_is_decoded(bool escapedSurrogate)
    {
        var json = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(Payment, X402Headers.Json).Replace("AQID", "@@", StringComparison.Ordinal));
        var at = json.AsSpan().IndexOf("@@"u8);
        byte[] bad = escapedSurrogate ? "\\ud800"u8.ToArray() : [0xff, 0xfe];
        var header = Convert.ToBase64String([.. json[..at], .. bad, .. json[(at + 2)..]]);
        var refused = Assert.Throws<X402FormatException>(() => X402Headers.DecodePayment(header));
        Assert.Equal("invalid_payload", refused.Reason);
        Assert.Contains("not valid UTF-8 or UTF-16 text", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by fuzzing: a name twice in `extra` parsed, then threw ArgumentException at the first read of `extra`.</summary>
    [Fact]
    public void A_property_named_twice_is_refused_when_the_header_is_decoded()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Payment, X402Headers.Json).Replace("\"feePayer\":\"Fee111\"", "\"feePayer\":\"Fee111\",\"feePayer\":\"Other\"", StringComparison.Ordinal);
        Assert.Contains("Other", json, StringComparison.Ordinal);
        var refused = Assert.Throws<X402FormatException>(() => X402Headers.DecodePayment(Convert.ToBase64String(Encoding.UTF8.GetBytes(json))));
        Assert.Equal("invalid_payload", refused.Reason);
    }
}
