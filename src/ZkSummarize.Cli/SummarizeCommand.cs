using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Payments.Client;
using ZkSummarize.Payments.X402;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks summarize FILE --node URL --keypair PATH --rpc URL`: quotes, pays with x402 (the escrow scheme by
/// default: the money is released only by a verified proof), and prints the summary, the receipt's path
/// and the cost.
/// </summary>
internal static class SummarizeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The document (UTF-8 text)." };
        var node = new Option<string>("--node") { Description = "The ZkSummarize node, such as http://127.0.0.1:5000.", Required = true };
        var keypair = new Option<FileInfo>("--keypair") { Description = "Your solana-keygen JSON file (it pays in USDC).", Required = true };
        var rpc = new Option<string>("--rpc") { Description = "A JSON-RPC endpoint of the node's chain.", Required = true };
        var scheme = new Option<string>("--scheme") { Description = "escrow (default: paid only against a verified proof) or exact.", DefaultValueFactory = _ => "escrow" };
        var sentences = new Option<int>("--sentences") { Description = "How many sentences (1 to 16).", DefaultValueFactory = _ => 3 };
        var receipt = new Option<FileInfo?>("--receipt") { Description = "Where to write the receipt (default: receipt-<request>.json)." };
        var command = new Command("summarize", "Pay for a proven summary of a document.") { file, node, keypair, rpc, scheme, sentences, receipt };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await RunAsync(parse.GetValue(file)!, CliUri.Parse(parse.GetValue(node), "--node"), parse.GetValue(keypair)!, CliUri.Parse(parse.GetValue(rpc), "--rpc"), parse.GetValue(scheme)!,
                    parse.GetValue(sentences), parse.GetValue(receipt), ct);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException or X402FormatException or SolanaRpcException or ArgumentException or InvalidOperationException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The summary was not bought:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, Uri node, FileInfo keypairFile, Uri rpcUrl, string scheme, int sentences, FileInfo? receiptFile, CancellationToken ct)
    {
        using var payer = Keypair.LoadSolanaKeygenFile(keypairFile.FullName);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var endpoint = new Uri(node, "v1/summaries");
        var body = new { text = await File.ReadAllTextAsync(file.FullName, ct), sentences };

        var quote = await http.PostAsJsonAsync(endpoint, body, ct);
        if (quote.StatusCode != HttpStatusCode.PaymentRequired)
        {
            throw new InvalidOperationException($"The node answered {(int)quote.StatusCode} instead of a price: {await quote.Content.ReadAsStringAsync(ct)}");
        }
        var required = X402Headers.Decode<PaymentRequired>(quote.Headers.GetValues(X402Headers.PaymentRequired).Single(), X402Headers.PaymentRequired);
        var accepted = required.Accepts.FirstOrDefault(a => a.Scheme == scheme)
            ?? throw new InvalidOperationException($"The node does not offer the {scheme} scheme; it offers {string.Join(", ", required.Accepts.Select(a => a.Scheme))}.");
        var price = decimal.Parse(accepted.Amount, CultureInfo.InvariantCulture) / 1_000_000m;
        AnsiConsole.MarkupLineInterpolated($"Price: {price} USDC ({accepted.Scheme}{(scheme == "escrow" ? ": released to the worker only by an on-chain verified proof" : "")}).");

        var header = await new SvmPaymentClient(SolanaRpcClient.Create(rpcUrl), payer).CreatePaymentHeaderAsync(accepted, $"pay_{Guid.NewGuid():N}", ct);
        var paid = await AnsiConsole.Status().StartAsync("Paying, summarising and proving…", async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent.Create(body) };
            request.Headers.Add(X402Headers.PaymentSignature, header);
            return await http.SendAsync(request, ct);
        });
        var text = await paid.Content.ReadAsStringAsync(ct);
        if (!paid.IsSuccessStatusCode)
        {
            var reason = JsonNode.Parse(text)?["error"]?.GetValue<string>() ?? text;
            AnsiConsole.MarkupLineInterpolated($"[red]Payment refused ({(int)paid.StatusCode}):[/] {reason}");
            AnsiConsole.MarkupLine(scheme == "escrow"
                ? "If the escrow was opened, your USDC stays in it until a valid proof pays the worker, or you refund it after the deadline."
                : "No transfer was submitted unless the node says otherwise in PAYMENT-RESPONSE.");
            return ExitCodes.Failure;
        }

        var answer = JsonNode.Parse(text)!;
        AnsiConsole.MarkupLine("[bold]Summary[/]");
        foreach (var sentence in answer["sentences"]!.AsArray()) AnsiConsole.MarkupLineInterpolated($"  {sentence!.GetValue<string>()}");
        if (answer["receipt"] is JsonObject receiptJson)
        {
            var receipt = Receipt.FromJson(receiptJson.ToJsonString());
            var path = receiptFile?.FullName ?? Path.GetFullPath($"receipt-{receipt.RequestId[..16]}.json");
            await File.WriteAllTextAsync(path, receipt.ToJson(), ct);
            AnsiConsole.MarkupLineInterpolated($"Receipt: {path} (check it with `zks verify {Path.GetFileName(path)} --rpc {rpcUrl}`)");
        }
        AnsiConsole.MarkupLineInterpolated($"Cost: {price} USDC, transaction {answer["paymentTransaction"]?.GetValue<string>()}");
        return ExitCodes.Success;
    }
}
