using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ZkSummarize.Core.Commitments;
using ZkSummarize.Core.Documents;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>How long each of the client's steps took: the 402 round trip, signing the payment, and the paid request (settlement and the work).</summary>
internal sealed record PurchaseTimings(TimeSpan Quote, TimeSpan Sign, TimeSpan Paid)
{
    public TimeSpan Total => Quote + Sign + Paid;
}

/// <summary>
/// What buying a summary gave: the requirements paid, the node's status and its answer, the receipt it carried, and
/// what checking that receipt found. The node may be broken or hostile, so nothing here trusts the shape of its body.
/// </summary>
internal sealed record PurchaseResult(PaymentRequirements Accepted, HttpStatusCode Status, string Body, PurchaseTimings Timings, IReadOnlyList<string> ReceiptProblems)
{
    private const int ExcerptLength = 300;

    /// <summary>The node's answer when it gave one: a 200 whose body is a JSON object.</summary>
    public JsonObject? Answer { get; } = Status == HttpStatusCode.OK ? ObjectIn(Body) : null;

    /// <summary>The answer's receipt, when it carried one that reads as a receipt (not yet checked: see <see cref="ReceiptProblems"/>).</summary>
    public Receipt? Receipt { get; init; }

    /// <summary>Paid, answered, and the receipt checks out: the proof under the pinned key and the attestation on chain.</summary>
    public bool Verified => Answer is not null && Receipt is not null && ReceiptProblems.Count == 0;

    /// <summary>The request the payment was for, as quoted: the escrow's id, which `zks refund` takes.</summary>
    public string? RequestId => ExtraFields.Text(Accepted.Extra?["requestId"]);

    /// <summary>Why there is no answer: the node's own words for a refusal, or what it sent instead of a summary.</summary>
    public string Error => Status == HttpStatusCode.OK ? $"the node answered 200 but not with a summary: {Excerpt(Body)}" : ErrorIn(Body);

    /// <summary>What an error answer says: a problem's detail, an x402 error, or (the start of) the body as it is.</summary>
    public static string ErrorIn(string body)
    {
        var json = ObjectIn(body);
        return ExtraFields.Text(json?["detail"]) ?? ExtraFields.Text(json?["error"]) ?? Excerpt(body);
    }

    private static string Excerpt(string body) => body.Length <= ExcerptLength ? body : $"{body[..ExcerptLength]}… ({body.Length:N0} characters)";

    private static JsonObject? ObjectIn(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The client's side of x402 against a ZkSummarize node: ask, get the 402, check the quote against its own
/// document, pay the chosen scheme, ask again, and check the receipt it gets back before calling it a success.
/// A client never takes the node's word for what it pays for or what it got.
/// </summary>
internal static class SummaryPurchase
{
    /// <param name="program">The escrow program the client trusts; when given, a 402 naming another program is refused before paying.</param>
    /// <param name="paying">Told of the requirements just before the signed payment is sent (a load generator records what may be charged).</param>
    /// <exception cref="NodeRefusedException">The node refused (503, 429) before anything was paid.</exception>
    /// <exception cref="InvalidOperationException">The node did not ask for payment, does not offer the scheme, or quoted something else than this document and length.</exception>
    public static async Task<PurchaseResult> BuyAsync(HttpClient http, Uri node, string text, int sentences, string scheme, SolanaRpcClient rpc, Keypair payer, CancellationToken ct,
        PublicKey? program = null, Action<PaymentRequirements>? paying = null)
    {
        var docRoot = Convert.ToHexStringLower(DocumentCommitment.Create(Document.Parse(text)).DocRoot.ToBytesBigEndian()); // the client's own commitment
        var endpoint = new Uri(node, "v1/summaries");
        var body = new { text, sentences };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var quote = await http.PostAsJsonAsync(endpoint, body, ct);
        var quoted = clock.Elapsed;
        await NodeRefusedException.ThrowIfRefusedAsync(quote, ct);
        if (quote.StatusCode != HttpStatusCode.PaymentRequired)
        {
            throw new InvalidOperationException($"The node answered {(int)quote.StatusCode} instead of a price: {PurchaseResult.ErrorIn(await quote.Content.ReadAsStringAsync(ct))}");
        }
        if (!quote.Headers.TryGetValues(X402Headers.PaymentRequired, out var requiredHeaders) || requiredHeaders.Count() != 1)
        {
            throw new InvalidOperationException($"The node answered 402 without one {X402Headers.PaymentRequired} header, so there is no price to pay. Nothing was paid; is this an x402 v2 node?");
        }
        PaymentRequired required;
        try
        {
            required = X402Headers.Decode<PaymentRequired>(requiredHeaders.Single(), X402Headers.PaymentRequired);
        }
        catch (X402FormatException e)
        {
            throw new InvalidOperationException($"The node's price cannot be read: {e.Message} Nothing was paid.", e);
        }
        var offers = required.Accepts ?? [];
        var accepted = offers.FirstOrDefault(a => a?.Scheme == scheme)
            ?? throw new InvalidOperationException($"The node does not offer the {scheme} scheme; it offers {(offers.Count == 0 ? "nothing" : string.Join(", ", offers.Select(a => a?.Scheme)))}. Nothing was paid.");
        if (scheme == "escrow") CheckEscrowQuote(accepted, docRoot, sentences, program);
        var header = await new SvmPaymentClient(rpc, payer).CreatePaymentHeaderAsync(accepted, $"pay_{Guid.NewGuid():N}", ct);
        var signed = clock.Elapsed;
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent.Create(body) };
        request.Headers.Add(X402Headers.PaymentSignature, header);
        paying?.Invoke(accepted);
        var paid = await http.SendAsync(request, ct);
        await NodeRefusedException.ThrowIfRefusedAsync(paid, ct); // an `exact` payment is admitted before it is settled: refused, it moved nothing
        var answer = await paid.Content.ReadAsStringAsync(ct);
        var timings = new PurchaseTimings(quoted, signed - quoted, clock.Elapsed - signed);
        var result = new PurchaseResult(accepted, paid.StatusCode, answer, timings, []);
        if (result.Answer is null) return result;
        if (result.Answer["receipt"] is not JsonObject receiptJson) return result with { ReceiptProblems = ["the node answered without a receipt"] };
        Receipt receipt;
        try
        {
            receipt = Receipt.FromJson(receiptJson.ToJsonString());
        }
        catch (FormatException e)
        {
            return result with { ReceiptProblems = [$"the node's receipt cannot be read: {e.Message}"] };
        }
        return result with { Receipt = receipt, ReceiptProblems = await CheckReceiptAsync(receipt, result.RequestId, docRoot, sentences, program, rpc, ct) };
    }

    /// <summary>The escrow locks the money for a document, a length and a program: they must be the client's, not just the node's word.</summary>
    private static void CheckEscrowQuote(PaymentRequirements accepted, string docRoot, int sentences, PublicKey? program)
    {
        var extra = accepted.Extra ?? throw new InvalidOperationException("The escrow offer has no extra fields.");
        if (ExtraFields.Text(extra["docRoot"]) != docRoot)
        {
            throw new InvalidOperationException($"The node quoted docRoot {extra["docRoot"]}, but this document commits to {docRoot}: it would lock the payment for another document. Nothing was paid.");
        }
        if (ExtraFields.Number(extra["sentences"]) != sentences)
        {
            throw new InvalidOperationException($"The node quoted a summary of {extra["sentences"]} sentences, not the {sentences} asked for. Nothing was paid.");
        }
        if (program is not null && ExtraFields.Text(extra["programId"]) != program.Value.ToString())
        {
            throw new InvalidOperationException($"The node asks to pay into program {extra["programId"]}, not {program}. Nothing was paid.");
        }
    }

    /// <param name="requestId">The request paid for, when the quote named it (an escrow's): another request's receipt, however valid, is not this payment's.</param>
    private static async Task<IReadOnlyList<string>> CheckReceiptAsync(Receipt receipt, string? requestId, string docRoot, int sentences, PublicKey? program, SolanaRpcClient rpc, CancellationToken ct)
    {
        var problems = ReceiptVerifier.Check(receipt).Problems.ToList();
        if (requestId is not null && receipt.RequestId != requestId) problems.Add($"the receipt is for request {receipt.RequestId}, not {requestId}, the one paid for");
        if (receipt.DocRoot != docRoot) problems.Add("the receipt is for another document than the one sent");
        if (receipt.Summary.Count != sentences) problems.Add($"the receipt's summary has {receipt.Summary.Count} sentences, not the {sentences} paid for");
        if (program is not null && receipt.ProgramId != program.Value.ToString()) problems.Add($"the receipt names program {receipt.ProgramId}, not {program}");
        if (problems.Count == 0) problems.AddRange(await AttestationCheck.CheckAsync(receipt, rpc, ct));
        return problems;
    }
}
