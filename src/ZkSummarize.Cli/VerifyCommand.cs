using System.CommandLine;
using Spectre.Console;
using ZkSummarize.Core.Receipts;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.Payments.Client;
using ZkSummarize.Solana.Rpc;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks verify receipt.json [--rpc URL] [--trust-key verification_key.json]`: the proof offline, under the
/// key this software pins for the receipt's network (never a key the receipt carries); with --rpc, the
/// attestation on chain too. Exit 0: valid; 1: invalid; 4: proven under a forgeable key.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("receipt") { Description = "The receipt JSON that `zks summarize` (or the demo) wrote." };
        var rpc = new Option<string?>("--rpc") { Description = "Also check the attestation account on this chain (it must be the receipt's network)." };
        var trust = new Option<FileInfo[]>("--trust-key") { Description = "A verification_key.json (snarkjs) to accept besides the pinned ones: your network's own ceremony key. Repeatable.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("verify", "Check a summary receipt: the summary hashes to summaryHash, the proof verifies under the pinned key, and (with --rpc) the attestation is on chain.")
        {
            file, rpc, trust,
        };
        command.SetAction(async (parse, ct) =>
        {
            Uri? rpcUrl;
            List<PinnedKey> trusted;
            try
            {
                rpcUrl = parse.GetValue(rpc) is { } url ? CliUri.Parse(url, "--rpc") : null;
                trusted = (parse.GetValue(trust) ?? []).Select(f => new PinnedKey($"the key in {f.Name} (--trust-key)", Forgeable: false,
                    SolanaEncoding.EncodeVerifyingKey(SnarkjsJson.ReadVerifyingKey(File.ReadAllText(f.FullName))))).ToList();
            }
            catch (Exception e) when (e is ArgumentException or IOException or FormatException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return ExitCodes.Usage;
            }
            return await RunAsync(parse.GetValue(file)!, rpcUrl, ct, trusted);
        });
        return command;
    }

    public static async Task<int> RunAsync(FileInfo file, Uri? rpcUrl, CancellationToken ct, IReadOnlyCollection<PinnedKey>? trusted = null)
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
        var check = ReceiptVerifier.Check(receipt, trusted);
        AnsiConsole.MarkupLineInterpolated($"Network {receipt.Network}; verifying key {receipt.VerifyingKeyHash[..16]}…: {check.Key?.Name ?? "not a key this software pins"}.");
        if ((check.Key?.Circuit?.ToString() ?? receipt.Circuit) is { } circuit) AnsiConsole.MarkupLineInterpolated($"Circuit: {circuit}.");
        var problems = check.Problems.ToList();
        if (problems.Count == 0) AnsiConsole.MarkupLine("[green]✓[/] The proof verifies under the pinned key: every summary sentence is a sentence of the committed document.");
        if (rpcUrl is not null && problems.Count == 0)
        {
            try
            {
                var onChain = await AttestationCheck.CheckAsync(receipt, SolanaRpcClient.Create(rpcUrl), ct);
                problems.AddRange(onChain);
                if (onChain.Count == 0) AnsiConsole.MarkupLineInterpolated($"[green]✓[/] The attestation {receipt.Attestation} on chain matches the receipt.");
            }
            catch (Exception e) when (e is HttpRequestException or SolanaRpcException or FormatException)
            {
                problems.Add($"the chain could not be checked: {e.Message}");
            }
        }
        foreach (var problem in problems) AnsiConsole.MarkupLineInterpolated($"[red]✗[/] {problem}");
        return problems.Count == 0 ? ExitCodes.Success
            : check.Forgeable && problems.Count == 1 ? ExitCodes.Forgeable
            : ExitCodes.Failure;
    }
}
