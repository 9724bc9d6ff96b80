using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;
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
        var program = new Option<string?>("--program") { Description = "The escrow program you trust (base58): a node asking to pay into another is refused before paying." };
        var maxWait = new Option<string>("--max-wait") { Description = "How long to wait in all for a busy node (503 or 429 with Retry-After) before giving up, such as 90s or 10m; 0 does not wait. Nothing is paid while waiting.", DefaultValueFactory = _ => "10m" };
        var command = new Command("summarize", "Pay for a proven summary of a document; the receipt is checked (proof and attestation) before it counts as bought.")
        {
            file, node, keypair, rpc, scheme, sentences, receipt, program, maxWait,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var trusted = parse.GetValue(program) is { } id ? PublicKey.Parse(id) : (PublicKey?)null;
                return await RunAsync(parse.GetValue(file)!, CliUri.Parse(parse.GetValue(node), "--node"), parse.GetValue(keypair)!, CliUri.Parse(parse.GetValue(rpc), "--rpc"), parse.GetValue(scheme)!,
                    parse.GetValue(sentences), parse.GetValue(receipt), trusted, CliDuration.Parse(parse.GetValue(maxWait), "--max-wait"), ct);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException or X402FormatException or SolanaRpcException or ArgumentException or InvalidOperationException or FormatException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The summary was not bought:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, Uri node, FileInfo keypairFile, Uri rpcUrl, string scheme, int sentences, FileInfo? receiptFile, PublicKey? program, TimeSpan maxWait,
        CancellationToken ct)
    {
        using var payer = Keypair.LoadSolanaKeygenFile(keypairFile.FullName);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var text = await File.ReadAllTextAsync(file.FullName, ct);
        const string working = "Quoting, paying, summarising, proving and checking the receipt…";
        var result = await AnsiConsole.Status().StartAsync(working, status =>
        {
            var retry = new BusyRetry(maxWait, (refused, delay, attempt, waited) =>
            {
                // A line that stays (what the node said), and the spinner counts down the wait.
                AnsiConsole.MarkupLineInterpolated($"[yellow]Attempt {attempt}:[/] {refused.Detail}");
                status.Status($"The node is busy: asking again in {delay.TotalSeconds:0} s (waited {waited.TotalSeconds:0} s of --max-wait {maxWait.TotalSeconds:0} s; nothing paid yet)…");
            });
            return retry.RunAsync(async () =>
            {
                status.Status(working);
                return await SummaryPurchase.BuyAsync(http, node, text, sentences, scheme, SolanaRpcClient.Create(rpcUrl), payer, ct, program);
            }, ct);
        });
        var price = Usdc.Format(ulong.Parse(result.Accepted.Amount, CultureInfo.InvariantCulture));
        AnsiConsole.MarkupLineInterpolated($"Price: {price} USDC ({result.Accepted.Scheme}{(scheme == "escrow" ? ": released to the worker only by an on-chain verified proof" : "")}).");
        if (result.Answer is not { } answer)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Payment refused ({(int)result.Status}):[/] {result.Error}");
            AnsiConsole.WriteLine(scheme == "escrow"
                ? $"If the escrow was opened, your USDC stays in it until a valid proof pays the worker, or you take it back after the deadline with {RefundCommandFor(result, keypairFile, rpcUrl)}"
                : "No transfer was submitted unless the node says otherwise in PAYMENT-RESPONSE.");
            return ExitCodes.Failure;
        }

        if (result.Receipt is { } receipt)
        {
            AnsiConsole.MarkupLine("[bold]Summary[/]");
            foreach (var sentence in receipt.Summary) AnsiConsole.MarkupLineInterpolated($"  {sentence.Text}");
            var path = receiptFile?.FullName ?? Path.GetFullPath($"receipt-{string.Concat(receipt.RequestId.Where(char.IsAsciiHexDigit).Take(16))}.json"); // the node's text: no path in a file name
            await File.WriteAllTextAsync(path, receipt.ToJson(), ct);
            AnsiConsole.MarkupLineInterpolated($"Receipt: {path} (check it with `zks verify {Path.GetFileName(path)} --rpc {rpcUrl}`)");
        }
        AnsiConsole.MarkupLineInterpolated($"Cost: {price} USDC, transaction {ExtraFields.Text(answer["paymentTransaction"]) ?? "(the node did not say)"}");
        if (!result.Verified)
        {
            foreach (var problem in result.ReceiptProblems) AnsiConsole.MarkupLineInterpolated($"[red]✗[/] {problem}");
            AnsiConsole.MarkupLine("[red]The receipt does not check out:[/] do not rely on this summary.");
            AnsiConsole.WriteLine(scheme == "escrow"
                ? $"If no valid attestation lands, your USDC stays in escrow; take it back after the deadline with {RefundCommandFor(result, keypairFile, rpcUrl)}"
                : "Contact the node's operator.");
            return ExitCodes.Failure;
        }
        AnsiConsole.MarkupLine("[green]✓[/] Receipt checked: the proof verifies under the pinned key and the attestation is on chain.");
        return ExitCodes.Success;
    }

    /// <summary>The `zks refund` command for this escrow, filled in from the quote the client checked and paid (the node's later words are not needed).</summary>
    private static string RefundCommandFor(PurchaseResult result, FileInfo keypairFile, Uri rpcUrl) =>
        $"`zks refund {result.RequestId ?? "<request id>"} --program {ExtraFields.Text(result.Accepted.Extra?["programId"]) ?? "<program>"} --mint {result.Accepted.Asset} --keypair {keypairFile.FullName} --rpc {rpcUrl}`.";
}
