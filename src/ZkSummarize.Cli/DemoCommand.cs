using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZkSummarize.Core.Documents;
using ZkSummarize.Crypto.Groth16;
using ZkSummarize.DevChain;
using ZkSummarize.Solana;
using ZkSummarize.Solana.Programs;
using ZkSummarize.Solana.Rpc;
using static ZkSummarize.Cli.ConsoleSteps;

namespace ZkSummarize.Cli;

/// <summary>
/// `zks demo`: one paid, proven summary on the embedded default, step by step. It starts the dev chain,
/// deploys the escrow program built from source, makes a USDC-like mint, funds a client, a worker and a
/// treasury, and starts a node. The client buys a summary with x402's escrow scheme: it locks the price
/// for its document; the node summarises (the learned scorer), proves (Groth16, development key) and attests on
/// chain, which pays the worker and the treasury; the receipt is verified offline and on chain.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var document = new Option<FileInfo?>("--document") { Description = "The document to summarise (default: a BBC article from ../shared/data when present, else our sample)." };
        var receiptPath = new Option<FileInfo>("--receipt") { Description = "Where to write the receipt.", DefaultValueFactory = _ => new FileInfo("receipt.json") };
        var command = new Command("demo", "Pay for a summary in USDC, get it proven and attested on a local chain, and verify the receipt.") { document, receiptPath };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await RunAsync(parse.GetValue(document), parse.GetValue(receiptPath)!, ct);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is SolanaRpcException or TransactionFailedException or InvalidOperationException or TimeoutException or HttpRequestException or DocumentException or IOException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]The demo failed:[/] {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task RunAsync(FileInfo? documentFile, FileInfo receiptFile, CancellationToken ct)
    {
        var root = RepositoryLocator.FindRoot();
        var (title, text) = LoadDocument(documentFile, root);
        await using var network = await LocalNetwork.StartAsync(root, 10_000_000, ct);
        var rpc = network.Rpc;
        AnsiConsole.MarkupLineInterpolated($"    node at {network.Node.Url}");
        var wallets = new[] { ("client", network.ClientUsdc), ("worker", network.WorkerUsdc), ("treasury", network.TreasuryUsdc) };
        await ShowBalances(rpc, "Before", wallets, ct);

        var document = Document.Parse(text);
        AnsiConsole.MarkupLineInterpolated($"Document: [bold]{title}[/] — {document.Sentences.Count} sentences");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var result = await Step($"Client buys a 3-sentence summary for {Usdc.Format(ChainBootstrap.Price)} USDC with x402 (escrow scheme): quote, OpenEscrow, then the node summarises, proves and attests",
            () => SummaryPurchase.BuyAsync(http, network.Node.Url, text, 3, "escrow", rpc, network.Client, ct));
        if (result.Answer is null) throw new InvalidOperationException($"The node refused the payment ({(int)result.Status}): {result.Error}");
        if (!result.Verified) throw new InvalidOperationException($"The client's check of the receipt failed: {string.Join("; ", result.ReceiptProblems)}");
        var receipt = result.Receipt!; // verified, so present
        foreach (var sentence in receipt.Summary) AnsiConsole.MarkupLineInterpolated($"    [[{sentence.Index}]] {sentence.Text}");
        await ShowBalances(rpc, "After", wallets, ct);

        await File.WriteAllTextAsync(receiptFile.FullName, receipt.ToJson(), ct);
        AnsiConsole.MarkupLineInterpolated($"Receipt written to {receiptFile.FullName}. Checking it as a verifier would:");
        if (await VerifyCommand.RunAsync(receiptFile, network.Chain.RpcUrl, ct) != ExitCodes.Success) throw new InvalidOperationException("The receipt did not verify.");
        AnsiConsole.MarkupLine("[green]Done.[/]");
    }

    private static (string Title, string Text) LoadDocument(FileInfo? file, string root)
    {
        if (file is not null) return (file.Name, File.ReadAllText(file.FullName));
        var bbc = Path.Combine(root, "..", "shared", "data", "bbc-news-summary", "article", "business", "001.txt");
        var path = File.Exists(bbc) ? bbc : Path.Combine(AppContext.BaseDirectory, "Samples", "city-transport.txt");
        var lines = File.ReadAllText(path).Split('\n', 2);
        return (lines[0].Trim(), lines[1]);
    }


    private static async Task ShowBalances(SolanaRpcClient rpc, string title, (string Name, PublicKey Usdc)[] wallets, CancellationToken ct)
    {
        var table = new Table().Title(title).AddColumns("who", "USDC account", "USDC");
        foreach (var (name, usdc) in wallets)
        {
            var balance = await rpc.GetTokenAccountBalanceAsync(usdc, cancellationToken: ct);
            table.AddRow(name, usdc.ToString(), balance.UiAmountString);
        }
        AnsiConsole.Write(table);
    }
}
