using System.CommandLine;
using Spectre.Console;
using ZkSummarize.Cli.Receipts;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>`zks verify receipt.json [--rpc URL]`: the proof offline; with --rpc, the attestation on chain too.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("receipt") { Description = "The receipt JSON that `zks summarize` (or the demo) wrote." };
        var rpc = new Option<string?>("--rpc") { Description = "Also check the attestation account and the program's verifying key on this chain." };
        var command = new Command("verify", "Check a summary receipt: the summary hashes to summaryHash, the proof verifies, and (with --rpc) the attestation is on chain.") { file, rpc };
        command.SetAction(async (parse, ct) =>
        {
            Uri? rpcUrl;
            try
            {
                rpcUrl = parse.GetValue(rpc) is { } url ? CliUri.Parse(url, "--rpc") : null;
            }
            catch (ArgumentException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return ExitCodes.Usage;
            }
            return await RunAsync(parse.GetValue(file)!, rpcUrl, ct);
        });
        return command;
    }

    public static async Task<int> RunAsync(FileInfo file, Uri? rpcUrl, CancellationToken ct)
    {
        Receipt receipt;
        try
        {
            receipt = Receipt.FromJson(await File.ReadAllTextAsync(file.FullName, ct));
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Cannot read the receipt:[/] {e.Message}");
            return ExitCodes.Failure;
        }
        var problems = ReceiptVerifier.Check(receipt).Problems.ToList();
        if (problems.Count == 0) AnsiConsole.MarkupLine("[green]✓[/] The proof verifies: every summary sentence is a sentence of the committed document.");
        if (rpcUrl is not null && problems.Count == 0)
        {
            try
            {
                var onChain = await OnChainReceiptCheck.CheckAsync(receipt, SolanaRpcClient.Create(rpcUrl), ct);
                problems.AddRange(onChain);
                if (onChain.Count == 0) AnsiConsole.MarkupLineInterpolated($"[green]✓[/] The attestation {receipt.Attestation} on chain matches the receipt.");
            }
            catch (Exception e) when (e is HttpRequestException or SolanaRpcException or FormatException)
            {
                problems.Add($"the chain could not be checked: {e.Message}");
            }
        }
        foreach (var problem in problems) AnsiConsole.MarkupLineInterpolated($"[red]✗[/] {problem}");
        return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
