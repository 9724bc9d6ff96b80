using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Microsoft.Extensions.Options;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Node.Mcp;

/// <summary>What verify_receipt found: valid only when the proof checks under a pinned key that is not forgeable and the attestation on chain agrees.</summary>
public sealed record ReceiptVerdict(bool Valid, bool Forgeable, string? VerifyingKey, string Network, string RequestId, IReadOnlyList<string> Problems);

/// <summary>
/// The free MCP tool <c>verify_receipt</c>: <c>zks verify</c> as a tool. The proof is checked offline under the
/// key pinned for the receipt's network (<see cref="ReceiptVerifier"/>), and the attestation on this node's
/// chain (<see cref="AttestationCheck"/>). The node reads only its own chain: a caller cannot make it call
/// another URL. Each call draws on the address's budget of unpaid requests, since it costs a pairing and RPC calls.
/// </summary>
[McpServerToolType]
public sealed class VerifyReceiptTool(UnpaidRequestBudget budget, IHttpContextAccessor http, SolanaRpcClient rpc, IOptions<NodeOptions> options)
{
    public const string Name = "verify_receipt";

    [McpServerTool(Name = Name, Title = "Verify a summary's receipt", Destructive = false, Idempotent = true, OpenWorld = true, ReadOnly = true)]
    [Description("Checks a ZkSummarize receipt, free: the Groth16 proof under the verifying key pinned for the receipt's network (never a key the receipt "
        + "brings), that the summary sentences hash to the proven summary hash, and the attestation on this node's chain. A receipt made under the "
        + "development key is reported as forgeable and never valid.")]
    public async Task<CallToolResult> VerifyAsync(
        [Description("The receipt: the JSON object summarize returned (or receipt.json), or its text.")] JsonElement receipt,
        CancellationToken cancellationToken = default)
    {
        if (!budget.TryTake(UnpaidRequestBudget.AddressOf(http.HttpContext!))) return X402Mcp.Error(budget.Message);
        Receipt parsed;
        try
        {
            parsed = Receipt.FromJson(receipt.ValueKind == JsonValueKind.String ? receipt.GetString()! : receipt.GetRawText());
        }
        catch (FormatException e)
        {
            return X402Mcp.Error($"{e.Message} Pass the receipt object that summarize returned.");
        }
        var check = ReceiptVerifier.Check(parsed);
        var problems = check.Problems.ToList();
        try
        {
            problems.AddRange(await AttestationCheck.CheckAsync(parsed, rpc, cancellationToken));
        }
        catch (Exception e) when (e is SolanaRpcException or HttpRequestException or FormatException or ArgumentException)
        {
            problems.Add($"the attestation could not be read from {options.Value.Network}: {e.Message}");
        }
        if (parsed.Network != options.Value.Network)
        {
            problems.Add($"this node reads {options.Value.Network}; check the attestation on {parsed.Network} with `zks verify --rpc <a {parsed.Network} URL>` or the receipt page");
        }
        var verdict = new ReceiptVerdict(problems.Count == 0, check.Forgeable, check.Key?.Name, parsed.Network, parsed.RequestId, problems);
        var json = JsonSerializer.SerializeToElement(verdict, X402Headers.Json);
        var summary = verdict.Valid
            ? $"Valid: the proof verifies under {check.Key!.Name}, and the attestation on {parsed.Network} records this summary."
            : $"{(verdict.Forgeable ? "FORGEABLE" : "Not valid")}: {string.Join("; ", problems)}.";
        return new CallToolResult { StructuredContent = json, Content = [new TextContentBlock { Text = summary }, new TextContentBlock { Text = json.GetRawText() }] };
    }
}
