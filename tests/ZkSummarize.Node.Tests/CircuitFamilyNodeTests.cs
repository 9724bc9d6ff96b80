using System.Net;
using System.Text.Json;
using ZkSummarize.Core.Proving;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana.Programs;

namespace ZkSummarize.Node.Tests;

/// <summary>
/// Issue 17: a node whose network holds a ceremony key for every member of the grounding family quotes the smallest circuit
/// that fits the document and the summary, the escrow is opened under that circuit's key, the worker proves with it,
/// the program pays for it, and the receipt says which circuit it was. A payment under another key than the quoted
/// one is refused before anything moves.
/// </summary>
public sealed class CircuitFamilyNodeTests(FamilyNodeFixture node) : IClassFixture<FamilyNodeFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    /// <summary>70 sentences: more than the smallest member's 64.</summary>
    private static readonly string LongDocument = string.Join(' ', Enumerable.Range(1, 70).Select(i => $"Paragraph {i} reports that item {i} of the plan was finished on time."));

    [Theory]
    [InlineData("news article, 2 sentences", false, 2, "grounding_d6k4")]
    [InlineData("a document of 70 sentences, 2 sentences", true, 2, "grounding_d10k8")]
    public async Task The_node_quotes_proves_and_is_paid_with_the_smallest_circuit_that_fits(string what, bool longDocument, int sentences, string expected)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var buyer = new EscrowBuyer(node, http, text: longDocument ? LongDocument : null, sentences: sentences);
        var circuit = GroundingFamily.Find(expected)!;
        var key = TrustedKeys.CeremonyKeyOf(circuit)!;
        var before = await node.BalancesAsync();

        var (quote, payment) = await buyer.QuoteAndPayAsync(Ct);
        Assert.Equal(expected, ExtraFields.Text(quote.Extra!["circuit"]));
        Assert.Equal(key.Hash, ExtraFields.Text(quote.Extra!["verifyingKeyHash"]));
        var response = await buyer.PostPaidAsync(payment, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what}: {body}\n{node.NodeOutput}");

        var receipt = JsonSerializer.Deserialize<SummaryResponse>(body, X402Headers.Json)!.Receipt!;
        Assert.Equal((expected, key.Hash), (receipt.Circuit, receipt.VerifyingKeyHash));
        Assert.Equal(sentences, receipt.Summary.Count);
        var check = ReceiptVerifier.Check(receipt);
        Assert.Same(key, check.Key);
        Assert.True(check.IsValid, string.Join("; ", check.Problems)); // under the circuit's own ceremony key, on a network that is not the dev chain
        Assert.False(receipt.Forgeable);

        // The program checked the proof under that circuit's key and paid the worker from the escrow.
        var attestation = EscrowProgram.DecodeAttestation((await node.Rpc.GetAccountInfoAsync(node.Program.FindAttestation(Convert.FromHexString(receipt.RequestId)).Address, cancellationToken: Ct))!.Data);
        Assert.Equal(key.Hash, Convert.ToHexStringLower(attestation.VerifyingKeyHash));
        var after = await node.BalancesAsync();
        var fee = NodeFixture.Price * 500 / 10_000;
        Assert.Equal((before.Client - NodeFixture.Price, before.Worker + NodeFixture.Price - fee, before.Treasury + fee), after);
    }

    [Fact]
    public async Task A_payment_opened_under_another_current_key_than_the_quoted_one_is_refused_and_nothing_moves()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var buyer = new EscrowBuyer(node, http);
        var quote = await buyer.QuoteAsync(Ct);
        Assert.Equal(GroundingFamily.News.Name, ExtraFields.Text(quote.Extra!["circuit"]));
        var before = await node.BalancesAsync();

        // The full circuit's key is current too, so the program would open the escrow; the node's facilitator does not,
        // since its worker proves the quoted circuit and the program pays only a proof under the escrow's own key.
        var extra = (System.Text.Json.Nodes.JsonObject)quote.Extra!.DeepClone();
        extra["verifyingKeyHash"] = TrustedKeys.Ceremony.Hash;
        var payment = await buyer.PayAsync(quote with { Extra = extra }, Ct);
        var response = await buyer.PostPaidAsync(payment.Payment, Ct);
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var required = X402Headers.Decode<PaymentRequired>(response.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired);
        Assert.Contains("verifying_key_mismatch", required.Error, StringComparison.Ordinal);
        Assert.Equal(before, await node.BalancesAsync());
        Assert.Null(await node.Rpc.GetAccountInfoAsync(node.Program.FindEscrow(Convert.FromHexString(ExtraFields.Text(quote.Extra!["requestId"])!)).Address, cancellationToken: Ct));
    }
}
